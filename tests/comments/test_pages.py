"""The article page at scale: constant SQL whatever the comments, paginated threads."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.context_processors import menu_categories
from comments.cookies import PENDING_COOKIE
from comments.models import Comment
from tests.factories import comment_form_data, make_article, make_user
from tests.html import parse

pytestmark = pytest.mark.django_db

# The article, its co-authors, the comment ids and the shown rows, neighbours, "read also" and
# topics (on the article's first page after a site change), and for a logged-in reader their
# session and user (plus the captcha of the uncached form): the same few queries
# whatever the number of comments. The menu is computed once per site change
# (tests/test_articles_views.py), not per article.
ARTICLE_PAGE_QUERIES = 11


def add_comments(article, count, *, reply_every=4):
    """`count` approved comments: top-level ones, and replies (two levels deep) in between."""
    start = timezone.now() - timedelta(days=1)
    made = []
    for n in range(count):
        parent = None
        if made and n % reply_every == 0:
            parent = made[-1] if made[-1].parent_id is None else made[-2]
        comment = Comment(
            article=article,
            parent=parent,
            author_name=f"Lecteur {n}",
            author_email=f"lecteur{n}@example.net",
            author_url="https://example.org/" if n % 3 == 0 else "",
            body=f"Commentaire {n}",
            status=Comment.Status.APPROVED,
        )
        comment.save()
        made.append(comment)
    for n, comment in enumerate(made):
        comment.created_at = start + timedelta(seconds=n)
    Comment.objects.bulk_update(made, ["created_at"])
    return made


def client_with_session():
    client = Client()
    client.force_login(make_user())
    return client


@pytest.mark.parametrize("count", [10, 300])
@pytest.mark.parametrize("reader", ["anonymous", "logged-in", "pending-author"])
def test_article_page_queries_do_not_grow_with_comments(
    django_assert_max_num_queries, count, reader
):
    """10 or 300 comments with replies: the same bound, rendered (not cached) for each reader."""
    article = make_article()
    add_comments(article, count)
    client = Client()
    if reader == "logged-in":
        client = client_with_session()
    elif reader == "pending-author":
        data = comment_form_data(article)
        client.post(reverse("comments:post", kwargs={"slug": article.slug}), data)
        assert PENDING_COOKIE in client.cookies
    menu_categories()  # the site's generation and menu, as after any earlier page
    with django_assert_max_num_queries(ARTICLE_PAGE_QUERIES):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("count", [10, 300])
def test_listing_queries_do_not_grow_with_comments(django_assert_max_num_queries, count):
    """Listings count comments in SQL, not by loading them."""
    article = make_article()
    add_comments(article, count)
    with django_assert_max_num_queries(6):
        assert Client().get("/").status_code == 200


@pytest.fixture
def long_thread(settings):
    """120 top-level comments and 29 replies, 50 threads a page."""
    settings.COMMENTS_PER_PAGE = 50
    article = make_article()
    comments = add_comments(article, 149, reply_every=5)
    roots = [c for c in comments if c.parent_id is None]
    assert len(roots) == 120
    return article, roots, comments


def comment_ids(page_html):
    return [
        int(element.get("id").removeprefix("comment-"))
        for element in parse(page_html).iter("li")
        if (element.get("id") or "").startswith("comment-")
    ]


def test_comments_are_paginated_by_top_level_comment(client, long_thread):
    """Page 1 holds the 50 oldest threads, page 3 the last 20; replies stay with their parent."""
    article, roots, comments = long_thread
    first = comment_ids(client.get(article.get_absolute_url()).text)
    last = comment_ids(client.get(article.get_absolute_url() + "?page=3").text)
    root_ids = [root.pk for root in roots]
    assert [pk for pk in first if pk in root_ids] == root_ids[:50]
    assert [pk for pk in last if pk in root_ids] == root_ids[100:]
    reply = next(c for c in comments if c.parent_id in root_ids[:50])
    assert reply.pk in first
    assert set(first).isdisjoint(last)


def test_the_count_covers_every_page(client, long_thread):
    article, _, _ = long_thread
    page = client.get(article.get_absolute_url() + "?page=2").text
    assert "149 commentaires" in page, page[page.find("comments-title") :][:200]


def test_comment_pages_link_to_each_other_at_the_comments(client, long_thread):
    article, _, _ = long_thread
    page = parse(client.get(article.get_absolute_url() + "?page=2").text)
    nav = next(e for e in page.iter("nav") if "comments__pagination" in (e.get("class") or ""))
    links = {a.get("rel"): a.get("href") for a in nav.iter("a")}
    # Page 1 is the article's own URL (?page=1 would be redirected).
    assert links == {"prev": f"{article.get_absolute_url()}#comments", "next": "?page=3#comments"}


def test_permalinks_and_reply_links_keep_the_page(client, long_thread):
    """On page 3, a comment's anchor is on the page and its reply link stays on page 3."""
    article, roots, _ = long_thread
    root = roots[110]
    html = client.get(article.get_absolute_url() + "?page=3").text
    assert f'id="comment-{root.pk}"' in html
    assert f'href="#comment-{root.pk}"' in html
    reply = next(
        f
        for f in parse(html).iter("form")
        if any(b.get("data-reply-to") == str(root.pk) for b in f.iter("button"))
    )
    assert {i.get("name"): i.get("value") for i in reply.iter("input")} == {
        "repondre": str(root.pk),
        "page": "3",
    }
    assert root.get_absolute_url() == f"{article.get_absolute_url()}?page=3#comment-{root.pk}"


def test_a_reply_button_opens_the_form_under_that_comment_on_its_page(client, long_thread):
    """Without JavaScript the button leads to page 3 with the full form replying to it."""
    article, roots, _ = long_thread
    root = roots[110]
    response = client.post(
        reverse("comments:form_fresh", kwargs={"slug": article.slug}),
        {"repondre": str(root.pk), "page": "3"},
    )
    assert response["Location"].startswith(
        f"{article.get_absolute_url()}?page=3&repondre={root.pk}&commenter="
    )
    html = client.get(response["Location"]).text
    assert f'name="parent" value="{root.pk}"' in html
    assert f'id="comment-{root.pk}"' in html
    assert "csrfmiddlewaretoken" in html


def test_after_posting_the_reader_lands_on_the_page_of_their_comment(client, long_thread):
    """The redirect goes to the last page, where a new top-level comment is shown."""
    article, _, _ = long_thread
    response = client.post(
        reverse("comments:post", kwargs={"slug": article.slug}), comment_form_data(article)
    )
    comment = Comment.objects.latest("pk")
    assert response.headers["Location"] == (
        f"{article.get_absolute_url()}?page=3#comment-{comment.pk}"
    )
    assert f'id="comment-{comment.pk}"' in client.get(response.headers["Location"]).text


def test_a_reply_lands_on_the_page_of_its_thread(client, long_thread):
    article, roots, _ = long_thread
    parent = roots[60]
    response = client.post(
        reverse("comments:post", kwargs={"slug": article.slug}),
        comment_form_data(article, parent=str(parent.pk)),
    )
    reply = Comment.objects.latest("pk")
    assert reply.parent_id == parent.pk
    assert response.headers["Location"].endswith(f"?page=2#comment-{reply.pk}")


@pytest.mark.parametrize("page", ["4", "99", "999999", "0", "00", "abc", "last", "-1", "2.0", ""])
def test_a_comment_page_that_does_not_exist_is_404_and_never_stored(client, long_thread, page):
    """Not a copy of the last page under another URL: each would be one more cache entry."""
    article, _, _ = long_thread
    for _ in range(2):
        response = client.get(article.get_absolute_url(), {"page": page})
        assert response.status_code == 404
        assert "ETag" not in response


def test_a_repeated_comment_page_parameter_is_404(client, long_thread):
    article, _, _ = long_thread
    assert client.get(article.get_absolute_url() + "?page=2&page=3").status_code == 404


@pytest.mark.parametrize(
    ("page", "canonical"), [("1", ""), ("0001", ""), ("02", "?page=2"), ("0003", "?page=3")]
)
def test_page_one_and_zero_padded_comment_pages_redirect(client, long_thread, page, canonical):
    """?page=1 is the article's URL, ?page=0003 is ?page=3: 301, one cache entry per page."""
    article, _, _ = long_thread
    response = client.get(article.get_absolute_url(), {"page": page, "utm_source": "x"})
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url() + canonical


def test_each_real_comment_page_is_stored_once(client, long_thread):
    """Pages 2 and 3 are stored; their second request costs no query."""
    article, _, _ = long_thread
    for page in ("2", "3"):
        first = client.get(article.get_absolute_url(), {"page": page})
        with CaptureQueriesContext(connection) as queries:
            again = client.get(article.get_absolute_url(), {"page": page, "fbclid": "x"})
        assert again["ETag"] == first["ETag"]
        assert len(queries) == 0
