from django.conf import settings
from django.utils.translation import get_language

from newsroom.pagecache import site_data

from .models import Category


def _menu_categories():
    return [
        {"pk": pk, "name": name, "url": Category(slug=slug).get_absolute_url()}
        for pk, name, slug in Category.objects.values_list("pk", "name", "slug")
    ]


def menu_categories():
    """The header's category menu, cached until a category or an article changes."""
    return site_data("menu_categories", _menu_categories)


def content_language():
    """The language of what the newsroom publishes, when it differs from the page's, else "".

    Articles, category names and comments are written in French (the site's
    LANGUAGE_CODE); on the English pages templates mark them ``lang="fr"`` so
    that screen readers switch voice.
    """
    content = settings.LANGUAGE_CODE
    return "" if (get_language() or content) == content else content


def site(request):
    """The site's name and the header's category menu (looked up only if a template shows it)."""
    # A callable: the template engine calls it when the menu is rendered, not before.
    return {
        "site_name": settings.SITE_NAME,
        "menu_categories": menu_categories,
        "content_lang": content_language(),
    }
