"""An article's comment feed: approved comments only, newest first, never an e-mail."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from tests.factories import make_article, make_comment
from tests.helpers import parse_xml

pytestmark = pytest.mark.django_db


def feed_url(article):
    return reverse("article_comments_feed", kwargs={"slug": article.slug})


def test_feed_lists_approved_comments_newest_first_without_emails(client):
    article = make_article()
    older = make_comment(article=article, status="approved", author_email="a@secret.example")
    newer = make_comment(article=article, status="approved", author_email="b@secret.example")
    Comment.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(hours=2))
    make_comment(article=article, status="pending", body="En attente")
    make_comment(article=article, status="spam", body="Indésirable")
    make_comment(status="approved", body="Ailleurs")
    response = client.get(feed_url(article))
    assert response.status_code == 200
    items = list(parse_xml(response.content).iter("item"))
    links = [item.findtext("link") for item in items]
    assert links == [
        f"http://testserver{article.get_absolute_url()}#comment-{newer.pk}",
        f"http://testserver{article.get_absolute_url()}#comment-{older.pk}",
    ]
    body = response.content.decode()
    assert "secret.example" not in body
    assert "@" not in body.replace("@example", "")
    for hidden in ["En attente", "Indésirable", "Ailleurs"]:
        assert hidden not in body


@pytest.mark.parametrize("status", [Article.Status.DRAFT, "scheduled"])
def test_unpublished_articles_have_no_comment_feed(client, status):
    if status == "scheduled":
        article = make_article(published_at=timezone.now() + timedelta(days=1))
    else:
        article = make_article(status=status)
    assert client.get(feed_url(article)).status_code == 404


def test_article_page_announces_its_comment_feed(client):
    article = make_article()
    assert f'href="{feed_url(article)}"' in client.get(article.get_absolute_url()).text


def test_a_newly_approved_comment_reaches_the_cached_feed(client):
    article = make_article()
    client.get(feed_url(article))
    comment = make_comment(article=article, status="approved", body="Tout neuf")
    assert "Tout neuf" in client.get(feed_url(article)).content.decode()
    assert comment.pk
