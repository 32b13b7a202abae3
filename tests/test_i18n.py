"""French by default, English on request, through Accept-Language or the switcher."""

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


FRENCH = ["Lire plus d'articles", "À la une", "2 commentaires", "Archives"]
ENGLISH = ["Read more articles", "Front page", "2 comments", "Archive"]
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
    assert "Lire plus d'articles" not in text


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


def test_language_switcher_posts_to_set_language(client, article):
    """The switcher is a POST form with a CSRF token; choosing EN serves English after."""
    page = parse_html(client.get(article.get_absolute_url()).text)
    form = page.find(".//form[@class='language-switcher']")
    assert form.get("action") == reverse("set_language")
    assert form.get("method") == "post"
    assert form.find(".//input[@name='csrfmiddlewaretoken']") is not None
    assert {b.get("value") for b in form.iterfind(".//button[@name='language']")} == {"fr", "en"}
    next_url = form.find(".//input[@name='next']").get("value")
    assert next_url == article.get_absolute_url()

    response = client.post(reverse("set_language"), {"language": "en", "next": next_url})
    assert response.status_code == 302
    assert response.url == article.get_absolute_url()
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Share this article" in visible_text(client.get(next_url).text)


def test_french_catalogue_ships_compiled():
    """The compiled catalogues are in the repository: a fresh clone renders French."""
    for language in ("fr", "en"):
        assert (settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.mo").is_file()
