"""``{% fragment %}``: the header, the footer and the blank comment form, kept by what they show."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import timezone, translation

from tests.factories import make_article, make_category, make_comment
from tests.helpers import links, rendered_from_nothing


def render(source, **context):
    return Template("{% load i18n fragment_tags %}" + source).render(Context(context))


class Ticks:
    """A value that changes each time a template reads it: tells whether a fragment re-rendered."""

    def __init__(self):
        self.count = 0

    def __str__(self):
        self.count += 1
        return str(self.count)


def test_a_fragment_is_rendered_once_for_the_same_values():
    ticks = Ticks()
    source = '{% fragment "ticks" topic %}{{ topic }} {{ ticks }}{% endfragment %}'
    assert render(source, topic="climat", ticks=ticks) == "climat 1"
    assert render(source, topic="climat", ticks=ticks) == "climat 1"
    assert render(source, topic="sport", ticks=ticks) == "sport 2"


def test_lists_and_dicts_of_plain_values_are_part_of_the_key():
    source = (
        '{% fragment "menu" menu %}{% for item in menu %}{{ item.name }}{% endfor %}'
        "{% endfragment %}"
    )
    assert render(source, menu=[{"pk": 1, "name": "Sciences"}]) == "Sciences"
    assert render(source, menu=[{"pk": 1, "name": "Climat"}]) == "Climat"


def test_each_language_gets_its_own_copy_without_naming_it():
    source = '{% fragment "reply" %}{% translate "Reply" %}{% endfragment %}'
    with translation.override("fr"):
        assert render(source) == "Répondre"
    with translation.override("en"):
        assert render(source) == "Reply"


def test_each_time_zone_gets_its_own_copy_without_naming_it():
    source = '{% fragment "zone" %}{% now "e" %}{% endfragment %}'
    with timezone.override("Pacific/Kiritimati"):
        assert render(source) == "+14"
    with timezone.override("America/Montreal"):
        assert render(source) in {"EST", "EDT"}


def test_a_value_that_is_not_plain_is_refused():
    """An object would be keyed by its address: a new copy in every request, never found."""
    with pytest.raises(TypeError, match="fragment key"):
        render('{% fragment "thing" thing %}x{% endfragment %}', thing=object())


@pytest.mark.parametrize(
    "source",
    ["{% fragment %}x{% endfragment %}", "{% fragment footer %}x{% endfragment %}"],
)
def test_the_name_must_be_quoted(source):
    with pytest.raises(TemplateSyntaxError, match="quoted name"):
        render(source)


# -- on the site's pages ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_pages_built_from_kept_fragments_equal_pages_rendered_from_nothing(
    client, settings, language
):
    """Home, section, article (open and closed to comments), archive, search: in both languages."""
    settings.PAGE_CACHE_SECONDS = 0
    category = make_category(name="Sciences")
    article = make_article(category=category)
    make_comment(article=article, status="approved")
    closed = make_article(published_at=timezone.now() - timezone.timedelta(days=400))
    urls = [
        "/",
        category.get_absolute_url(),
        article.get_absolute_url(),
        closed.get_absolute_url(),
        "/archives/",
        "/recherche/?q=article",
    ]
    other = "en" if language == "fr" else "fr"
    for url in urls:
        # The other language first: its copies must not be served to this one.
        client.get(url, headers={"accept-language": other})
    for url in urls:
        kept = client.get(url, headers={"accept-language": language}).text
        assert kept == rendered_from_nothing(client, url, language), url


@pytest.mark.django_db
def test_the_header_marks_the_section_being_read_on_every_page(client):
    sciences, sport = make_category(name="Sciences"), make_category(name="Sport")
    article = make_article(category=sport)

    def current(url):
        return links(client.get(url).text, ".//nav[@class='category-menu']//a[@aria-current]")

    for _ in range(2):
        assert current("/") == ["/"]
        assert current(sciences.get_absolute_url()) == [sciences.get_absolute_url()]
        assert current(article.get_absolute_url()) == [sport.get_absolute_url()]
        assert current("/archives/") == ["/archives/"]
