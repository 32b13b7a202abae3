"""Topics (django-taggit): pages, feeds, links from articles, the admin's autocomplete."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article
from tests.factories import make_article, make_category, make_editor
from tests.helpers import links, parse_html, parse_xml, text_of, visible_text

pytestmark = pytest.mark.django_db


def topic_url(slug):
    return reverse("articles:topic", kwargs={"slug": slug})


def tagged(*names, **fields):
    article = make_article(**fields)
    article.tags.add(*names)
    return article


def test_topic_page_lists_the_published_articles_on_it(client):
    on_topic = tagged("Élections", title="Le second tour")
    tagged("Élections", title="Brouillon électoral", status=Article.Status.DRAFT)
    tagged("Élections", title="À venir", published_at=timezone.now() + timedelta(days=1))
    tagged("Climat", title="Sécheresse")
    response = client.get(topic_url("elections"))
    assert response.status_code == 200
    assert [a.pk for a in response.context["articles"]] == [on_topic.pk]
    text = visible_text(response.text)
    assert text_of(parse_html(response.text).find(".//h1")) == "Élections"
    for absent in ["Brouillon électoral", "À venir", "Sécheresse"]:
        assert absent not in text


@pytest.mark.parametrize("fields", [None, {"status": Article.Status.DRAFT}])
def test_unknown_or_empty_topics_are_404(client, fields):
    if fields is not None:
        tagged("Caché", **fields)
    assert client.get(topic_url("cache")).status_code == 404
    assert client.get(topic_url("nulle-part")).status_code == 404


def test_topics_ignore_case(client):
    """ "climat" and "Climat" are one topic (TAGGIT_CASE_INSENSITIVE)."""
    tagged("Climat")
    tagged("climat")
    assert Tag.objects.count() == 1
    assert len(client.get(topic_url("climat")).context["articles"]) == 2


def test_article_page_links_its_topics(client):
    article = tagged("Climat", "Énergie")
    page = parse_html(client.get(article.get_absolute_url()).text)
    nav = page.find(".//nav[@class='topics']")
    assert [text_of(a) for a in nav.iterfind(".//a")] == ["Climat", "Énergie"]
    assert [a.get("href") for a in nav.iterfind(".//a")] == [
        topic_url("climat"),
        topic_url("energie"),
    ]
    assert {a.get("rel") for a in nav.iterfind(".//a")} == {"tag"}


def test_an_article_without_topics_shows_no_topic_list(client):
    page = parse_html(client.get(make_article().get_absolute_url()).text)
    assert page.find(".//nav[@class='topics']") is None


def test_topic_feed_holds_the_topics_published_articles(client):
    on_topic = tagged("Climat", title="Fonte des glaciers")
    tagged("Climat", title="Pas encore", status=Article.Status.DRAFT)
    tagged("Sport", title="Finale")
    response = client.get(reverse("articles:topic_feed", kwargs={"slug": "climat"}))
    assert response.status_code == 200
    feed = parse_xml(response.content)
    assert [item.findtext("title") for item in feed.iter("item")] == [on_topic.title]
    assert "Climat" in feed.find("channel").findtext("title")
    assert client.get(reverse("articles:topic_feed", kwargs={"slug": "x"})).status_code == 404


def test_topic_page_announces_its_feed(client):
    tagged("Climat")
    response = client.get(topic_url("climat"))
    feed = reverse("articles:topic_feed", kwargs={"slug": "climat"})
    assert feed in links(response.text)
    assert f'type="application/rss+xml" title="Newsroom: Climat" href="{feed}"' in response.text


def test_renaming_a_topic_reaches_cached_pages(client):
    article = tagged("Climat")
    assert "Climat" in client.get(article.get_absolute_url()).text
    topic = Tag.objects.get()
    topic.name = "Climat et énergie"
    topic.save()
    assert "Climat et énergie" in client.get(article.get_absolute_url()).text
    assert "Climat et énergie" in client.get(topic_url("climat")).text


def test_tagging_an_article_reaches_cached_topic_pages(client):
    tagged("Climat")
    assert len(client.get(topic_url("climat")).context["articles"]) == 1
    tagged("Climat")
    assert client.get(topic_url("climat")).content.count(b'class="card"') == 2


def test_topic_pages_paginate(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    for _ in range(3):
        tagged("Climat")
    assert len(client.get(topic_url("climat"), {"page": 2}).context["articles"]) == 1
    assert client.get(topic_url("climat"), {"page": 3}).status_code == 404
    # Zero-padded: the same page under another URL, redirected (newsroom/pagination.py).
    assert client.get(topic_url("climat"), {"page": "01"}).status_code == 301


@pytest.mark.parametrize("count", [1, 10])
def test_topic_page_queries_do_not_grow_with_articles(
    client, settings, django_assert_max_num_queries, count
):
    settings.PAGE_CACHE_SECONDS = 0
    for _ in range(count):
        tagged("Climat", "Énergie")
    with django_assert_max_num_queries(8):
        response = client.get(topic_url("climat"))
    assert len(response.context["articles"]) == count


class TestAdmin:
    @pytest.fixture
    def editor_client(self, client):
        client.force_login(make_editor())
        return client

    def test_the_article_form_picks_topics_by_autocomplete(self, editor_client):
        """The topics field is the admin's autocomplete over taggit's tags, with "+" to add."""
        response = editor_client.get(reverse("admin:articles_article_add"))
        page = parse_html(response.text)
        select = page.find(".//select[@name='tags']")
        assert "admin-autocomplete" in select.get("class")
        assert select.get("data-field-name") == "tags"
        assert page.find(".//a[@id='add_id_tags']") is not None

    def test_autocomplete_suggests_existing_topics_to_editors(self, editor_client):
        Tag.objects.create(name="Élections", slug="elections")
        Tag.objects.create(name="Climat", slug="climat")
        response = editor_client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "articles",
                "model_name": "article",
                "field_name": "tags",
                "term": "Élec",
            },
        )
        assert response.status_code == 200
        assert [r["text"] for r in response.json()["results"]] == ["Élections"]

    def test_editor_saves_an_article_with_topics(self, editor_client):
        elections = Tag.objects.create(name="Élections", slug="elections")
        climat = Tag.objects.create(name="Climat", slug="climat")
        editor = editor_client.session["_auth_user_id"]
        response = editor_client.post(
            reverse("admin:articles_article_add"),
            {
                "title": "Un article à sujets",
                "slug": "un-article-a-sujets",
                "category": make_category().pk,
                "tags": [elections.pk, climat.pk],
                "author": editor,
                "standfirst": "Chapô.",
                "body": "<p>Corps.</p>",
                "status": "published",
                "published_at_0": "01/11/2026",
                "published_at_1": "10:00:00",
                "comments_open": "on",
            },
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        article = Article.objects.get(slug="un-article-a-sujets")
        assert sorted(article.tags.names()) == ["Climat", "Élections"]

    def test_editors_add_topics_in_the_tag_admin(self, editor_client):
        response = editor_client.post(
            reverse("admin:taggit_tag_add"), {"name": "Santé", "slug": "sante"}
        )
        assert response.status_code == 302
        assert Tag.objects.filter(slug="sante").exists()
