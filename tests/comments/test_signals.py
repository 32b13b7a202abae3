"""comments/signals.py and the explicit calls: every comment write path drops the right pages.

An article's pages and the listings (comment counts) go; other articles' pages
stay cached. "Cached" means a second anonymous GET runs no SQL.
"""

import json
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from comments import review
from comments.models import Comment
from tests.articles.test_invalidation import (
    admin_delete_selected,
    assert_rendered_again,
    queries_of_get,
    warm,
)
from tests.factories import make_article, make_comment
from tests.newsroom.test_frontcache import purged_paths, start_recorder

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article()


@pytest.fixture
def other():
    return make_article()


@pytest.fixture
def front_cache(settings):
    """A stand-in for nginx's purge location that records what it is sent."""
    server = start_recorder()
    settings.FRONT_CACHE_PURGE_URLS = [f"http://127.0.0.1:{server.server_port}"]
    settings.FRONT_CACHE_SECONDS = 600
    settings.FRONT_CACHE_REPURGE_SECONDS = 0
    yield server
    server.shutdown()
    server.server_close()


def pages(article):
    return ["/", article.category.get_absolute_url(), article.get_absolute_url()]


def assert_still_cached(client, urls):
    for url in urls:
        assert queries_of_get(client, url) == 0, f"{url} was dropped"


def test_a_comment_saved_approved_in_a_shell_drops_its_article_and_the_listings(
    client, article, other
):
    warm(client, [*pages(article), other.get_absolute_url()])
    make_comment(article=article, status=Comment.Status.APPROVED, body="Écrit en shell.")
    assert_still_cached(client, [other.get_absolute_url()])
    assert_rendered_again(client, pages(article))
    assert "Écrit en shell." in client.get(article.get_absolute_url()).text


def test_a_new_pending_comment_drops_nothing(client, article):
    warm(client, pages(article))
    make_comment(article=article, status=Comment.Status.PENDING)
    assert_still_cached(client, pages(article))


def test_editing_a_comment_in_a_shell_drops_its_article(client, article, other):
    comment = make_comment(article=article, status=Comment.Status.APPROVED, body="Avant.")
    warm(client, [*pages(article), other.get_absolute_url()])
    comment = Comment.objects.defer("body").get(pk=comment.pk)
    comment.body = "Après."
    comment.save()
    assert_still_cached(client, [other.get_absolute_url()])
    assert "Après." in client.get(article.get_absolute_url()).text


@pytest.mark.parametrize(
    "bookkeeping",
    [
        {"notified_parent_at": "now"},
        {"replies_last_notified_at": "now", "notify_on_reply": False},
        {"notify_on_approval": False, "ip_address": None, "user_agent": ""},
        {"author_email": "autre@example.org", "flag_reasons": ["links"]},
    ],
)
@pytest.mark.parametrize("only_those_fields", [True, False])
def test_a_bookkeeping_save_drops_and_purges_nothing(
    client, article, front_cache, django_capture_on_commit_callbacks, bookkeeping, only_those_fields
):
    """Notification times, opt-outs, network data: no reader sees them, no page goes."""
    comment = make_comment(article=article, status=Comment.Status.APPROVED, body="Lu.")
    warm(client, pages(article))
    comment = Comment.objects.get(pk=comment.pk)
    for name, value in bookkeeping.items():
        setattr(comment, name, timezone.now() if value == "now" else value)
    with django_capture_on_commit_callbacks(execute=True):
        if only_those_fields:
            comment.save(update_fields=list(bookkeeping))
        else:
            comment.save()
    assert_still_cached(client, pages(article))
    assert front_cache.requests == []


def test_editing_a_comment_no_reader_sees_drops_nothing(client, article):
    """A pending comment is shown to its author only, on pages never shared."""
    comment = make_comment(article=article, status=Comment.Status.PENDING, body="Brouillon.")
    warm(client, pages(article))
    comment = Comment.objects.get(pk=comment.pk)
    comment.body = "Brouillon corrigé."
    comment.status = Comment.Status.REJECTED
    comment.save()
    assert_still_cached(client, pages(article))


@pytest.mark.parametrize(
    ("start", "to_status"), [("approved", "rejected"), ("pending", "approved")]
)
def test_a_status_change_saved_drops_and_purges_its_article(
    client, article, other, front_cache, django_capture_on_commit_callbacks, start, to_status
):
    comment = make_comment(article=article, status=start, body="Décidé en shell.")
    warm(client, [*pages(article), other.get_absolute_url()])
    comment = Comment.objects.get(pk=comment.pk)
    comment.status = to_status
    with django_capture_on_commit_callbacks(execute=True):
        comment.save(update_fields=["status"])
    assert_still_cached(client, [other.get_absolute_url()])
    assert_rendered_again(client, pages(article))
    assert f"/_purge{article.get_absolute_url()}" in purged_paths(front_cache)
    shown = "Décidé en shell." in client.get(article.get_absolute_url()).text
    assert shown is (to_status == "approved")


def test_moving_a_comment_drops_both_articles(client, article, other):
    comment = make_comment(article=article, status=Comment.Status.APPROVED, body="Déplacé.")
    warm(client, [*pages(article), *pages(other)])
    comment = Comment.objects.get(pk=comment.pk)
    comment.article = other
    comment.save()
    assert_rendered_again(client, [article.get_absolute_url(), other.get_absolute_url()])
    assert "Déplacé." in client.get(other.get_absolute_url()).text
    assert "Déplacé." not in client.get(article.get_absolute_url()).text


def test_deleting_a_comment_drops_its_article_and_the_listings(client, article, other):
    comment = make_comment(article=article, status=Comment.Status.APPROVED, body="À effacer.")
    warm(client, [*pages(article), other.get_absolute_url()])
    Comment.objects.get(pk=comment.pk).delete()
    assert_still_cached(client, [other.get_absolute_url()])
    assert_rendered_again(client, pages(article))
    assert "À effacer." not in client.get(article.get_absolute_url()).text


@pytest.mark.parametrize("to_status", ["approved", "rejected", "spam", "pending"])
def test_the_review_service_drops_each_article_it_touched(client, article, other, to_status):
    """change_status writes with update(): it calls the invalidation module itself."""
    start = "approved" if to_status == "pending" else "pending"
    third = make_article()
    comments = [make_comment(article=a, status=start) for a in (article, other)]
    warm(client, [*pages(article), *pages(other), third.get_absolute_url()])
    review.change_status(comments=comments, to_status=to_status, actor=None)
    assert_still_cached(client, [third.get_absolute_url()])
    assert_rendered_again(client, [*pages(article), other.get_absolute_url()])


@pytest.mark.parametrize("action", ["approve", "reject", "mark_spam"])
def test_the_admin_bulk_actions_drop_each_article_they_touched(
    client, moderator_client, article, other, action
):
    start = "approved" if action != "approve" else "pending"
    comments = [make_comment(article=a, status=start) for a in (article, other)]
    reader = client.__class__()
    warm(reader, [*pages(article), other.get_absolute_url()])
    response = moderator_client.post(
        reverse("admin:comments_comment_changelist") + "?status=all",
        {"action": action, "_selected_action": [c.pk for c in comments]},
    )
    assert response.status_code == 302
    assert_rendered_again(reader, [*pages(article), other.get_absolute_url()])


def test_the_admin_bulk_delete_drops_each_article(admin_client, article, other):
    comments = [make_comment(article=a, status="approved") for a in (article, other)]
    reader = admin_client.__class__()
    warm(reader, [*pages(article), other.get_absolute_url()])
    pks = [c.pk for c in comments]
    admin_delete_selected(admin_client, "comment", pks, app="comments", query="?status=all")
    assert not Comment.objects.exists()
    assert_rendered_again(reader, [*pages(article), other.get_absolute_url()])


def test_loaddata_of_comments_drops_the_pages(client, article, tmp_path):
    comment = make_comment(article=article, status="approved", body="Chargé.")
    rows = json.loads(serializers.serialize("json", [comment]))
    rows[0]["fields"]["body_html"] = "Rechargé par loaddata."
    fixture = tmp_path / "comments.json"
    fixture.write_text(json.dumps(rows))
    warm(client, pages(article))
    call_command("loaddata", str(fixture), stdout=StringIO())
    assert_rendered_again(client, pages(article))
    assert "Rechargé par loaddata." in client.get(article.get_absolute_url()).text


def test_a_raw_comment_whose_article_is_not_loaded_yet_drops_every_page(client, article, other):
    """loaddata may save a comment before its article: nothing is looked up, the site goes."""
    from django.db.models.signals import post_save

    warm(client, [*pages(article), other.get_absolute_url()])
    orphan = Comment(pk=9999, article_id=123456, author_name="X", body="texte")
    post_save.send(sender=Comment, instance=orphan, created=True, raw=True, using="default")
    assert_rendered_again(client, [*pages(article), other.get_absolute_url()])
