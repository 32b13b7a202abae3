"""Favicon, web app manifest, og:locale and lang="fr" marking of French content."""

import json

import pytest
from django.urls import reverse

from tests.factories import make_article, make_comment
from tests.helpers import parse_html

pytestmark = pytest.mark.django_db


def test_favicon_answers_200_with_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # the ICO signature


def test_manifest_names_the_site_and_its_icons(client):
    response = client.get(reverse("manifest"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["name"] == "Newsroom"
    assert data["lang"] == "fr"
    assert {icon["sizes"] for icon in data["icons"]} >= {"192x192", "512x512"}
    for icon in data["icons"]:
        assert client.get(icon["src"]).status_code in (200, 404)  # static: served by WhiteNoise


def test_every_page_links_the_icons_and_the_manifest(client):
    head = parse_html(client.get("/").text).find("head")
    rels = {link.get("rel"): link.get("href") for link in head.iterfind("link")}
    assert rels["manifest"] == reverse("manifest")
    assert rels["apple-touch-icon"].endswith("icon-180.png")
    assert "/favicon.ico" in [link.get("href") for link in head.iterfind("link[@rel='icon']")]


@pytest.mark.parametrize(("language", "locale"), [("fr", "fr_FR"), ("en", "en_GB")])
def test_og_locale_follows_the_page_language(client, language, locale):
    article = make_article()
    for url in ["/", article.get_absolute_url()]:
        head = parse_html(client.get(url, headers={"accept-language": language}).text)
        metas = head.findall(".//meta[@property='og:locale']")
        assert [meta.get("content") for meta in metas] == [locale]


def test_french_content_is_marked_lang_fr_on_english_pages(client):
    """Titles, standfirsts, bodies, categories and comments say they are French."""
    article = make_article(title="Les électeurs", standfirst="Un chapô.", body="<p>Corps.</p>")
    make_comment(article=article, status="approved", body="Un avis.")
    english = {"accept-language": "en"}
    page = parse_html(client.get(article.get_absolute_url(), headers=english).text)
    assert page.get("lang") == "en"
    for selector in [
        ".//h1[@class='article__title']",
        ".//p[@class='article__standfirst']",
        ".//div[@class='article__body prose']",
        ".//div[@class='comment__body']",
    ]:
        assert page.find(selector).get("lang") == "fr", selector
    home = parse_html(client.get("/", headers=english).text)
    assert home.find(".//h2[@class='card__title']").get("lang") == "fr"
    assert home.find(".//p[@class='kicker']/a").get("lang") == "fr"


def test_french_pages_do_not_repeat_lang_fr(client):
    article = make_article()
    make_comment(article=article, status="approved")
    page = client.get(article.get_absolute_url()).text
    assert 'lang="fr"' not in page.replace('<html lang="fr"', "").replace(
        'hreflang="fr" lang="fr"', ""
    ).replace('lang="fr" hreflang="fr"', "")
