"""French by default, English on request, through Accept-Language or the switcher."""

from urllib.parse import quote

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_article, make_comment
from tests.helpers import parse_html, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    article = make_article()
    make_comment(article=article, status="approved")
    make_comment(article=article, status="approved")
    return article


FRENCH = ["Flux RSS", "À la une", "2 commentaires", "Archives"]
ENGLISH = ["RSS feed", "Front page", "2 comments", "Archive"]
FRENCH_ARTICLE = ["Partagez cet article", "Publié le", "2 commentaires"]
ENGLISH_ARTICLE = ["Share this article", "Published on", "2 comments"]


def test_home_is_french_by_default(client, article):
    response = client.get("/")
    assert parse_html(response.text).get("lang") == "fr"
    text = visible_text(response.text)
    for phrase in FRENCH:
        assert phrase in text


def test_home_is_english_with_accept_language_en(client, article):
    response = client.get("/", headers={"accept-language": "en"})
    assert parse_html(response.text).get("lang") == "en"
    text = visible_text(response.text)
    for phrase in ENGLISH:
        assert phrase in text
    assert "Flux RSS" not in text


def test_article_page_in_both_languages(client, article):
    french = visible_text(client.get(article.get_absolute_url()).text)
    english = visible_text(
        client.get(article.get_absolute_url(), headers={"accept-language": "en"}).text
    )
    for phrase in FRENCH_ARTICLE:
        assert phrase in french
    for phrase in ENGLISH_ARTICLE:
        assert phrase in english


def test_dates_are_french(client):
    make_article(published_at=timezone.make_aware(timezone.datetime(2026, 8, 15, 12)))
    assert "15 août 2026" in visible_text(client.get("/").text)
    english = visible_text(client.get("/", headers={"accept-language": "en"}).text)
    assert "Aug. 15, 2026" in english


def test_language_switcher_links_switch_the_page_language(client, article):
    """The switcher is plain GET links (no form, no CSRF token: pages stay cacheable);
    following EN serves the page in English after, FR brings French back."""
    page = parse_html(client.get(article.get_absolute_url()).text)
    switcher = page.find(".//nav[@class='language-switcher']")
    assert switcher is not None
    assert switcher.find(".//form") is None
    assert page.find(".//input[@name='csrfmiddlewaretoken']") is None
    links = {a.get("hreflang"): a.get("href") for a in switcher.iterfind(".//a")}
    assert set(links) == {"fr", "en"}
    next_query = f"?next={quote(article.get_absolute_url())}"
    assert links["en"] == reverse("switch_language", kwargs={"code": "en"}) + next_query

    response = client.get(links["en"])
    assert response.status_code == 302
    assert response.url == article.get_absolute_url()
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    english = client.get(response.url).text
    assert parse_html(english).get("lang") == "en"
    assert "Share this article" in visible_text(english)

    links = {
        a.get("hreflang"): a.get("href")
        for a in parse_html(english).find(".//nav[@class='language-switcher']").iterfind(".//a")
    }
    response = client.get(links["fr"])
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert "Partagez cet article" in visible_text(client.get(response.url).text)


def test_set_language_still_switches_by_post(client, article):
    """Django's own set_language view stays available (i18n/setlang/) and still works."""
    response = client.post(
        reverse("set_language"), {"language": "en", "next": article.get_absolute_url()}
    )
    assert response.status_code == 302
    assert response.url == article.get_absolute_url()
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Share this article" in visible_text(client.get(article.get_absolute_url()).text)


def test_french_catalogue_ships_compiled():
    """The compiled catalogues are in the repository: a fresh clone renders French."""
    for language in ("fr", "en"):
        assert (settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.mo").is_file()


def _visible_part(element):
    """The link's text a sighted reader sees: everything but visually hidden spans."""
    hidden = {id(span) for span in element.iter() if "visually-hidden" in (span.get("class") or "")}
    parts = [element.text or ""]
    for child in element:
        if id(child) not in hidden:
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return "".join(parts).strip()


@pytest.mark.parametrize("accept_language", ["fr", "en"])
def test_language_links_accessible_name_contains_their_visible_text(
    client, article, accept_language
):
    """WCAG 2.5.3 (label in name): a voice user who says "click EN" must hit the EN link."""
    page = parse_html(
        client.get(article.get_absolute_url(), headers={"accept-language": accept_language}).text
    )
    links = list(page.find(".//nav[@class='language-switcher']").iterfind(".//a"))
    assert len(links) == 2
    for link in links:
        visible = _visible_part(link)
        accessible_name = link.get("aria-label") or "".join(link.itertext()).strip()
        assert visible == link.get("hreflang").upper()
        assert accessible_name.startswith(visible), (visible, accessible_name)
        # The language's own name is still announced, for readers who don't know the codes.
        assert len(accessible_name) > len(visible)
