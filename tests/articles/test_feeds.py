"""RSS feeds, sitemap.xml: published articles only, and no e-mail address anywhere."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_category, make_user
from tests.helpers import parse_html, parse_xml

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def articles():
    category = make_category(slug="sciences")
    return {
        "published": make_article(category=category, slug="publie"),
        "draft": make_article(category=category, slug="brouillon", status=Article.Status.DRAFT),
        "scheduled": make_article(
            category=category, slug="programme", published_at=timezone.now() + timedelta(days=1)
        ),
        "elsewhere": make_article(slug="ailleurs"),
    }


def feed_links(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse_xml(response.content).find("channel")
    return [item.findtext("link") for item in channel.iterfind("item")]


def test_latest_feed_lists_only_published_articles(client, articles):
    """The site feed holds published articles, never drafts or scheduled ones."""
    assert sorted(feed_links(client.get(reverse("articles:feed")))) == [
        "http://testserver/article/ailleurs/",
        "http://testserver/article/publie/",
    ]


def test_category_feed_lists_only_that_categorys_published_articles(client, articles):
    """A category's feed holds its own published articles."""
    response = client.get(reverse("articles:category_feed", kwargs={"slug": "sciences"}))
    assert feed_links(response) == ["http://testserver/article/publie/"]


def test_unknown_category_feed_is_404(client):
    url = reverse("articles:category_feed", kwargs={"slug": "inconnue"})
    assert client.get(url).status_code == 404


def test_feed_items_carry_title_standfirst_and_author_name_but_no_email(client):
    """Items name the author without leaking the address the account holds."""
    author = make_user(first_name="Claire", last_name="Dumas", email="claire@example.org")
    article = make_article(author=author, title="Un titre", standfirst="Un chapô.")
    response = client.get(reverse("articles:feed"))
    item = parse_xml(response.content).find("channel/item")
    assert item.findtext("title") == "Un titre"
    assert item.findtext("description") == "Un chapô."
    assert item.findtext("category") == article.category.name
    assert b"Claire Dumas" in response.content
    assert b"claire@example.org" not in response.content


def test_pages_announce_the_feed(client):
    """Every page links to the site feed, for readers' feed readers."""
    head = parse_html(client.get("/").text).find("head")
    feeds = head.findall("link[@type='application/rss+xml']")
    assert [(f.get("href"), f.get("title")) for f in feeds] == [
        (reverse("articles:feed"), "Newsroom : derniers articles")
    ]


def test_sitemap_lists_only_published_articles(client, articles):
    """sitemap.xml: public pages and published articles; no draft, no scheduled article."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = [
        loc.text for loc in parse_xml(response.content).iterfind("sm:url/sm:loc", SITEMAP_NS)
    ]
    assert "http://testserver/article/publie/" in locations
    assert "http://testserver/article/ailleurs/" in locations
    assert "http://testserver/article/brouillon/" not in locations
    assert "http://testserver/article/programme/" not in locations
    assert "http://testserver/categorie/sciences/" in locations
    assert "http://testserver/" in locations
