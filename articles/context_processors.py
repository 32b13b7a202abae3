from django.conf import settings

from .models import Category


def site(request):
    """The site's name and the header's category menu (one cheap query, lazily)."""
    return {
        "site_name": settings.SITE_NAME,
        "menu_categories": Category.objects.only("name", "slug"),
    }
