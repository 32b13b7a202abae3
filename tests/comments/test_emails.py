"""comments.emails: the moderator e-mail and the approval e-mail, their content and safe headers.

When each is sent belongs to the code that enqueues it: posting (tests/comments/test_posting.py
and below) and the first approval (tests/comments/test_review.py).
"""

from email import message_from_bytes

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse

from comments import emails, review
from comments.models import Comment
from comments.services import comment_create
from comments.tasks import notify_moderators
from tests.corpus import load_text
from tests.factories import comment_form_data, make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderators(settings):
    # The real hasher costs a second per user; these users never log in.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.COMMENTS_MODERATOR_EMAILS = ["redaction@example.com"]
    # Created by the moderation migration; get_or_create keeps the test independent of it.
    group, _ = Group.objects.get_or_create(name="Moderators")
    member = make_user(email="modo@example.com")
    member.groups.add(group)
    make_user(email="ancien-modo@example.com", is_active=False).groups.add(group)
    make_user(email="editeur@example.com")
    return group


def post(client, article, **fields):
    url = reverse("comments:post", kwargs={"slug": article.slug})
    return client.post(url, comment_form_data(article, **fields))


def test_recipients_are_the_setting_plus_active_moderators(moderators):
    assert emails.moderator_recipients() == ["modo@example.com", "redaction@example.com"]


def test_recipients_tolerate_a_missing_moderators_group(settings):
    Group.objects.filter(name="Moderators").delete()
    settings.COMMENTS_MODERATOR_EMAILS = ["redaction@example.com"]
    assert emails.moderator_recipients() == ["redaction@example.com"]


def test_posting_sends_exactly_one_email_naming_article_author_and_reasons(
    client, settings, moderators, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://journal.example"
    article = make_article(title="Le budget 2027")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        post(
            client,
            article,
            author_name="Zoé",
            body="https://a.com https://b.com https://c.com https://d.com",
        )
    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    comment = Comment.objects.get()
    assert sorted(message.to) == ["modo@example.com", "redaction@example.com"]
    assert "Le budget 2027" in message.subject
    assert "Zoé" in message.body
    assert "Trop de liens" in message.body
    assert f"https://journal.example/admin/comments/comment/{comment.pk}/change/" in message.body
    assert f"https://journal.example{comment.get_absolute_url()}" in message.body


def test_no_email_for_a_comment_born_spam(
    client, moderators, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, make_article(), subject="robot")
    assert Comment.objects.get().status == "spam"
    assert mailoutbox == []


def test_no_email_when_the_form_is_refused(
    client, moderators, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, make_article(), body="")
    assert mailoutbox == []


def test_no_email_without_any_moderator_address(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.COMMENTS_MODERATOR_EMAILS = []
    with django_capture_on_commit_callbacks(execute=True):
        post(client, make_article())
    assert Comment.objects.count() == 1
    assert mailoutbox == []


def test_task_skips_a_comment_already_moderated(moderators, mailoutbox):
    comment = make_comment(status="approved")
    result = notify_moderators.enqueue(comment_id=comment.pk)
    assert result.return_value == 0
    assert mailoutbox == []


def test_task_is_a_django_task_with_serialisable_arguments(moderators, mailoutbox):
    comment = make_comment()
    result = notify_moderators.enqueue(comment_id=comment.pk, site_url="https://news.example/")
    assert result.status == "SUCCESSFUL"
    assert result.return_value == 1
    assert "https://news.example/admin/" in mailoutbox[0].body


HEADER_INJECTIONS = [
    value for value in load_text("bad_text_public.txt") if "\r" in value or "\n" in value
]


@pytest.mark.parametrize("name", HEADER_INJECTIONS)
def test_reader_input_cannot_inject_a_header(
    moderators, mailoutbox, name, django_capture_on_commit_callbacks
):
    """Names with CR/LF (refused by the form, but stored here directly) stay out of the headers."""
    article = make_article(title="Titre\r\nBcc: rédaction-piratée@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(
            article=article,
            parent=None,
            author_name=name[:100],
            author_email="lecteur@example.net",
            body=f"Corps\r\nBcc: victime@example.com\r\n\r\n{name}",
        )
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert "\r" not in message.subject
    assert "\n" not in message.subject
    parsed = message_from_bytes(message.message().as_bytes())
    header_names = {key.lower() for key in parsed}
    assert header_names <= {
        "content-type",
        "mime-version",
        "content-transfer-encoding",
        "subject",
        "from",
        "to",
        "date",
        "message-id",
    }
    assert parsed.get_all("to") == [", ".join(message.to)]
    assert parsed.get("bcc") is None


def test_every_header_injection_sample_is_present_in_the_corpus():
    """The test above must run on real samples, not an empty list."""
    assert len(HEADER_INJECTIONS) >= 5


# The approval e-mail


def test_the_approval_email_is_french_and_carries_the_unsubscribe_link(
    moderator, mailoutbox, django_capture_on_commit_callbacks
):
    article = make_article(title="Le budget voté")
    comment = make_comment(
        article=article,
        author_name="Alice",
        author_email="alice@example.net",
        notify_on_approval=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        review.change_status(comments=[comment], to_status=Comment.Status.APPROVED, actor=moderator)
    (message,) = mailoutbox
    assert message.to == ["alice@example.net"]
    assert message.subject == "Votre commentaire sur « Le budget voté » est publié"
    assert "Bonjour Alice," in message.body
    comment_url = f"{settings.SITE_URL}{article.get_absolute_url()}#comment-{comment.pk}"
    assert comment_url in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith(f"{settings.SITE_URL}/commentaires/desabonnement/")
    assert unsubscribe in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_reader_input_cannot_add_mail_headers(
    moderator, mailoutbox, django_capture_on_commit_callbacks
):
    """A name full of CR/LF and header lines stays in the body; one recipient, one-line subject."""
    article = make_article(title="Titre\r\nBcc: cible@example.com")
    comment = make_comment(
        article=article,
        author_name="Eve\r\nBcc: victime@example.com\r\nSubject: piège",
        author_email="eve@example.net",
        notify_on_approval=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        review.change_status(comments=[comment], to_status=Comment.Status.APPROVED, actor=moderator)
    (message,) = mailoutbox
    assert message.recipients() == ["eve@example.net"]
    parsed = message.message()
    assert {name.lower() for name in parsed} == {
        "content-type",
        "content-transfer-encoding",
        "mime-version",
        "subject",
        "from",
        "to",
        "date",
        "message-id",
        "list-unsubscribe",
        "list-unsubscribe-post",
        "auto-submitted",
    }
    assert parsed["To"] == "eve@example.net"
    assert "\n" not in message.subject
    assert "\r" not in message.subject


def test_no_email_to_an_address_that_is_not_one(
    moderator, mailoutbox, django_capture_on_commit_callbacks
):
    """A stored address with a header line in it is skipped, not sent and not a crash."""
    comment = make_comment(
        author_email="eve@example.net\nBcc: victime@example.com", notify_on_approval=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        review.change_status(comments=[comment], to_status=Comment.Status.APPROVED, actor=moderator)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert mailoutbox == []


# Subjects


@pytest.mark.parametrize("kind", ["moderator", "approved"])
def test_every_subject_is_folded_to_one_line_the_same_way(moderators, kind):
    """Line breaks, tabs and runs of spaces from a title become single spaces; long ones are cut."""
    # As long as a title may be (200 characters, checked by PostgreSQL): the subject's
    # own words then take it past SUBJECT_MAX_LENGTH.
    title = ("Une\r\nligne\t\tpuis   " + "très " * 60)[:200]
    article = make_article(title=title)
    status = Comment.Status.PENDING if kind == "moderator" else Comment.Status.APPROVED
    comment = make_comment(article=article, status=status, notify_on_approval=True)
    message = (
        emails.moderator_email([comment]) if kind == "moderator" else emails.approval_email(comment)
    )
    assert "Une ligne puis très très" in message.subject
    assert not any(char in message.subject for char in "\r\n\t")
    assert "  " not in message.subject
    assert len(message.subject) <= emails.SUBJECT_MAX_LENGTH
