"""Reply notifications (comments/notifications.py): after approval only, hourly, RFC 8058."""

from datetime import timedelta
from email import message_from_bytes, policy
from unittest import mock

import pytest
from django.core.management import call_command
from django.tasks import Task
from django.urls import reverse
from django.utils import timezone

from comments import review
from comments.models import Comment, MailOptOut
from comments.tasks import send_reply_notification
from tests.factories import approve, comment_form_data, make_article, make_comment

pytestmark = pytest.mark.django_db

PARENT_ADDRESS = "parent.author@example.net"


@pytest.fixture
def parent():
    article = make_article(title="Le budget de la ville")
    comment = make_comment(
        article=article,
        author_name="Paule",
        author_email=PARENT_ADDRESS,
        notify_on_reply=True,
        body="Mon avis sur le budget.",
    )
    approve(comment)
    comment.refresh_from_db()
    return comment


def reply_to(parent, **fields):
    fields.setdefault("author_name", "Rémi")
    fields.setdefault("body", "Je ne suis pas d'accord.\nPour deux raisons.")
    return make_comment(article=parent.article, parent=parent, **fields)


def approve_now(replies, moderator, capture):
    with capture(execute=True):
        review.change_status(comments=replies, to_status="approved", actor=moderator)


def to_parent(mailoutbox):
    return [message for message in mailoutbox if message.to == [PARENT_ADDRESS]]


def test_no_email_before_the_reply_is_approved(
    client, parent, mailoutbox, django_capture_on_commit_callbacks
):
    """A pending reply reaches nobody but the moderators: the site relays no unmoderated text."""
    url = reverse("comments:post", kwargs={"slug": parent.article.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, comment_form_data(parent.article, parent=str(parent.pk)))
    assert response.status_code == 302
    assert Comment.objects.filter(parent=parent, status="pending").count() == 1
    assert to_parent(mailoutbox) == []


def test_approval_sends_one_email_naming_the_article_and_quoting_the_reply(
    parent, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    reply = reply_to(parent)
    approve_now([reply], moderator, django_capture_on_commit_callbacks)
    (message,) = to_parent(mailoutbox)
    assert "Le budget de la ville" in message.subject
    assert "> Je ne suis pas d'accord.\n> Pour deux raisons." in message.body
    assert f"#comment-{reply.pk}" in message.body
    assert "Rémi" in message.body
    reply.refresh_from_db()
    assert reply.notified_parent_at is not None


def test_no_email_for_a_reply_by_the_parents_own_author(
    parent, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    reply = reply_to(parent, author_email=PARENT_ADDRESS.upper())
    approve_now([reply], moderator, django_capture_on_commit_callbacks)
    assert to_parent(mailoutbox) == []


def test_no_email_when_the_parent_did_not_ask(
    parent, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    Comment.objects.filter(pk=parent.pk).update(notify_on_reply=False)
    approve_now([reply_to(parent)], moderator, django_capture_on_commit_callbacks)
    assert to_parent(mailoutbox) == []


def test_no_email_to_an_address_that_opted_out(
    parent, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    MailOptOut.objects.add(PARENT_ADDRESS)
    approve_now([reply_to(parent)], moderator, django_capture_on_commit_callbacks)
    assert to_parent(mailoutbox) == []


def test_reapproving_a_reply_does_not_announce_it_twice(
    parent, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    reply = reply_to(parent)
    approve_now([reply], moderator, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        review.change_status(comments=[reply], to_status="rejected", actor=moderator)
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(hours=2)):
        approve_now([reply], moderator, django_capture_on_commit_callbacks)
    assert len(to_parent(mailoutbox)) == 1


def test_replies_within_the_hour_are_grouped_into_the_next_message(
    parent, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    first = reply_to(parent, body="Première réponse.")
    approve_now([first], moderator, django_capture_on_commit_callbacks)
    second = reply_to(parent, body="Deuxième réponse.")
    third = reply_to(parent, body="Troisième réponse.")
    approve_now([second], moderator, django_capture_on_commit_callbacks)
    approve_now([third], moderator, django_capture_on_commit_callbacks)
    assert len(to_parent(mailoutbox)) == 1, "at most one message per parent per hour"

    # Still inside the window: the scheduled sweep sends nothing yet.
    call_command("comments_send_reply_notifications")
    assert len(to_parent(mailoutbox)) == 1
    later = timezone.now() + timedelta(minutes=61)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("comments_send_reply_notifications")
    first_message, grouped = to_parent(mailoutbox)
    assert "Première réponse." in first_message.body
    assert "> Deuxième réponse." in grouped.body
    assert "> Troisième réponse." in grouped.body
    assert "Première réponse." not in grouped.body
    assert "2" in grouped.subject


def test_the_rfc_8058_headers_read_back_from_the_sent_bytes(
    parent, moderator, mailoutbox, django_capture_on_commit_callbacks, settings
):
    """One line each, never RFC 2047-encoded, even for a long link."""
    settings.SITE_URL = "https://un-site-de-presse-au-nom-plutot-long.example.org"
    approve_now([reply_to(parent)], moderator, django_capture_on_commit_callbacks)
    (message,) = to_parent(mailoutbox)
    for message_policy in (policy.default, policy.SMTP):
        raw = message.message(policy=message_policy).as_bytes()
        parsed = message_from_bytes(raw, policy=policy.default)
        link = parsed["List-Unsubscribe"]
        assert link.startswith(f"<{settings.SITE_URL}/commentaires/desabonnement/")
        assert link.endswith("/>")
        assert len(link) > 78
        assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        header_line = next(
            line for line in raw.split(b"\n") if line.startswith(b"List-Unsubscribe:")
        )
        assert header_line.rstrip(b"\r") == f"List-Unsubscribe: {link}".encode()
        assert b"=?" not in header_line


def test_sending_is_a_django_task_with_an_id_argument():
    assert isinstance(send_reply_notification, Task)
    send_reply_notification.using().enqueue(parent_id=0)  # arguments serialise; nothing to send


def test_the_moderator_email_quotes_the_readers_text_after_the_sites_lines(
    moderator, mailoutbox, settings, django_capture_on_commit_callbacks, client
):
    settings.COMMENTS_MODERATOR_EMAILS = ["redaction@example.com"]
    article = make_article()
    fake = "Bravo.\nLe modérer : https://evil.example/admin/\nArticle : https://evil.example/"
    url = reverse("comments:post", kwargs={"slug": article.slug})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, comment_form_data(article, body=fake))
    (message,) = [m for m in mailoutbox if "redaction@example.com" in m.to]
    lines = message.body.splitlines()
    evil = [line for line in lines if "evil.example" in line]
    assert evil
    assert all(line.startswith("> ") for line in evil)
    site_lines = [i for i, line in enumerate(lines) if "/admin/comments/comment/" in line]
    quoted_lines = [i for i, line in enumerate(lines) if line.startswith(">")]
    assert max(site_lines) < min(quoted_lines)
