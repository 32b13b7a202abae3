"""comments_tags: the article page's comment section, its cached thread, the listings' counts."""

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments import review
from comments.models import Comment
from tests.factories import (
    comment_form_data,
    make_article,
    make_comment,
    make_moderator,
)

pytestmark = pytest.mark.django_db


def approved(article, **fields):
    return make_comment(article=article, status=Comment.Status.APPROVED, **fields)


# -- the thread, cached as rendered HTML --------------------------------------------------


@pytest.fixture
def no_page_cache(settings):
    """Every request renders its page: what is left is the fragment cache."""
    settings.PAGE_CACHE_SECONDS = 0


def comment_row_queries(client, url):
    """The page, and the queries that loaded comments' rows (their sanitised bodies) for it."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "comments_comment"' in q["sql"] and "body_html" in q["sql"]
    ]


def test_a_cached_thread_is_the_same_html_without_loading_the_rows(client, no_page_cache):
    article = make_article()
    for _ in range(3):
        approved(article, author_url="https://lecteur.example/")
    first, first_rows = comment_row_queries(client, article.get_absolute_url())
    second, second_rows = comment_row_queries(client, article.get_absolute_url())
    # The page's comments and the editors' picks shown above them: one query.
    assert len(first_rows) == 1
    assert second_rows == []
    assert second.text == first.text


def test_the_thread_is_rendered_again_once_a_comment_is_approved(client, no_page_cache):
    article = make_article()
    approved(article, body="déjà là")
    client.get(article.get_absolute_url())
    newcomer = make_comment(article=article, body="nouveau venu")
    review.change_status(comments=[newcomer], to_status="approved", actor=make_moderator())
    assert "nouveau venu" in client.get(article.get_absolute_url()).text


def test_each_language_gets_its_own_thread(client, no_page_cache):
    article = make_article()
    approved(article)
    assert "Répondre" in client.get(article.get_absolute_url()).text
    english = client.get(article.get_absolute_url(), headers={"accept-language": "en"}).text
    assert "Reply" in english
    assert "Répondre" not in english


def test_each_comment_page_gets_its_own_thread(client, no_page_cache, settings):
    settings.COMMENTS_PER_PAGE = 1
    article = make_article()
    first, second = approved(article, body="premier"), approved(article, body="second")
    page_one = client.get(article.get_absolute_url()).text
    page_two = client.get(article.get_absolute_url(), {"page": 2}).text
    assert f'id="comment-{first.pk}"' in page_one
    assert f'id="comment-{second.pk}"' not in page_one
    assert f'id="comment-{second.pk}"' in page_two
    # The reply buttons keep the reader on page 2.
    assert '<input type="hidden" name="page" value="2">' in page_two


def test_a_readers_pending_comment_never_reaches_the_shared_thread(client, no_page_cache):
    """The author sees their pending comment; the cached thread others get does not hold it."""
    article = make_article()
    approved(article)
    client.get(article.get_absolute_url())  # the thread is cached now
    response = client.post(
        f"/commentaires/article/{article.slug}/poster/",
        comment_form_data(article, body="mon avis en attente"),
    )
    assert response.status_code == 302
    assert "mon avis en attente" in client.get(article.get_absolute_url()).text
    client.cookies.clear()
    assert "mon avis en attente" not in client.get(article.get_absolute_url()).text


@pytest.mark.parametrize("first", ["anonymous", "remembered"])
def test_a_remembered_readers_form_never_reaches_the_shared_section(client, no_page_cache, first):
    """The shared page has the blank form; a reader whose name is remembered gets it filled."""
    article = make_article()
    approved(article)
    reader = Client()
    reader.post(
        reverse("comments:post", kwargs={"slug": article.slug}),
        comment_form_data(article, author_name="Claire Dumas", remember="on"),
    )
    # Approved: no pending comment of hers makes her page personal, only the form.
    review.change_status(
        comments=list(Comment.objects.filter(author_name="Claire Dumas")),
        to_status="approved",
        actor=make_moderator(),
    )

    def anonymous_page():
        return client.get(article.get_absolute_url()).text

    def readers_page():
        return reader.get(article.get_absolute_url()).text

    order = [anonymous_page, readers_page]
    rendered = {page.__name__: page() for page in (order if first == "anonymous" else order[::-1])}
    assert 'value="Claire Dumas"' in rendered["readers_page"]
    assert 'value="Claire Dumas"' not in rendered["anonymous_page"]
    assert "Claire Dumas" in rendered["anonymous_page"]  # her approved comment


# -- the listings' comment counts ---------------------------------------------------------

COUNTS = Template(
    "{% load comments_tags %}{% get_comment_counts articles as counts %}"
    "{% for article in articles %}{{ counts|comment_count_of:article }} {% endfor %}"
)


def test_counts_are_approved_comments_only():
    article, lonely = make_article(), make_article()
    for status in ["approved", "approved", "pending", "rejected", "spam"]:
        make_comment(article=article, status=status)
    make_comment(status="approved")  # another article's
    assert COUNTS.render(Context({"articles": [article, lonely]})) == "2 0 "


@pytest.mark.parametrize("count", [1, 20])
def test_counts_of_a_page_take_one_query(django_assert_num_queries, count):
    articles = [make_article() for _ in range(count)]
    for article in articles:
        approved(article)
    with django_assert_num_queries(1):
        assert COUNTS.render(Context({"articles": articles})) == "1 " * count
