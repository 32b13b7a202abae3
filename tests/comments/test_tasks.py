"""comments.tasks: each e-mail sent once, retried with back-off, digests under a flood.

The worker tests run django-tasks-db's real ``db_worker`` (``--batch``: every due
task, then exit) against the test database, with a mail backend that fails and
then works. "Time passes" by moving the deferred tasks' ``run_after`` to now.
"""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comments import review
from comments.models import Comment, SentEmail
from comments.tasks import notify_moderators, retry_delay, send_approval_email
from tests.factories import make_article, make_comment

WORKING = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
FAILING = {"default": {"BACKEND": "tests.comments.test_tasks.FailingBackend"}}


class FailingBackend(BaseEmailBackend):
    """A mail server that hangs up, as one that timed out would."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def moderator_address(settings):
    settings.COMMENTS_MODERATOR_EMAILS = ["redaction@example.com"]


@pytest.fixture
def worker_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASKS_RETRY_BASE_SECONDS = 30
    settings.TASKS_MAX_ATTEMPTS = 3


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def time_passes():
    """An hour goes by: every deferred task is due, the last e-mails are an hour old."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    for sent in SentEmail.objects.exclude(sent_at=None):
        sent.sent_at -= timedelta(hours=1)
        sent.save(update_fields=["sent_at"])


@pytest.mark.django_db
def test_a_moderation_notice_is_sent_once_even_if_its_task_runs_twice(moderator_address):
    comment = make_comment()
    mail.outbox = []
    assert notify_moderators.call(comment_id=comment.pk) == 1
    assert notify_moderators.call(comment_id=comment.pk) == 0
    assert len(mail.outbox) == 1
    assert SentEmail.objects.get().sent_at is not None


@pytest.mark.django_db
def test_an_approval_notice_is_sent_once_even_if_its_task_runs_twice():
    comment = make_comment(notify_on_approval=True, status=Comment.Status.APPROVED)
    mail.outbox = []
    assert send_approval_email.call(comment_id=comment.pk) is True
    assert send_approval_email.call(comment_id=comment.pk) is False
    assert [m.to for m in mail.outbox] == [[comment.author_email]]


@pytest.mark.django_db
def test_a_claim_left_by_a_dead_worker_lapses(moderator_address):
    """Killed between claiming and sending: a fresh claim holds, a stale one is taken over."""
    comment = make_comment(author_email="oubliee@example.net")
    claim = SentEmail.objects.create(
        kind="moderator",
        comment=comment,
        claim="00000000-0000-0000-0000-000000000001",
        claimed_at=timezone.now(),
    )
    mail.outbox = []
    assert notify_moderators.call(comment_id=comment.pk) == 0  # its owner may still send it
    claim.claimed_at -= timedelta(hours=1)
    claim.save()
    later = make_comment(article=comment.article, author_email="suivante@example.net")
    assert notify_moderators.call(comment_id=later.pk) == 1
    assert len(mail.outbox) == 1
    assert "oubliee@example.net" in mail.outbox[0].body
    assert "suivante@example.net" in mail.outbox[0].body


@pytest.mark.parametrize(("attempt", "seconds"), [(1, 30), (2, 60), (3, 120), (20, 3600)])
def test_retries_back_off_doubling_up_to_a_cap(settings, attempt, seconds):
    settings.TASKS_RETRY_BASE_SECONDS = 30
    settings.TASKS_RETRY_MAX_SECONDS = 3600
    assert retry_delay(attempt) == seconds


@pytest.mark.django_db(transaction=True)
def test_the_worker_retries_a_failed_send_until_the_mail_server_is_back(
    settings, moderator_address, worker_backend
):
    """The mail server fails: nothing is lost, the next attempt waits 30 s, then succeeds once."""
    comment = make_comment()
    settings.MAILERS = FAILING
    notify_moderators.enqueue(comment_id=comment.pk)
    run_worker()
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert 25 <= (retry.run_after - timezone.now()).total_seconds() <= 31
    assert not SentEmail.objects.exists()  # the claim was given back

    settings.MAILERS = WORKING
    mail.outbox = []
    time_passes()
    run_worker()
    run_worker()
    assert len(mail.outbox) == 1
    assert SentEmail.objects.get(comment=comment).sent_at is not None
    assert not DBTaskResult.objects.filter(status="READY").exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_gives_up_after_the_last_attempt(settings, moderator_address, worker_backend):
    settings.MAILERS = FAILING
    notify_moderators.enqueue(comment_id=make_comment().pk)
    for _ in range(5):
        run_worker()
        time_passes()
    assert DBTaskResult.objects.filter(status="FAILED").count() == 3
    assert not DBTaskResult.objects.filter(status="READY").exists()


@pytest.mark.django_db(transaction=True)
def test_under_a_flood_moderators_get_one_digest_per_window(
    settings, moderator_address, worker_backend
):
    settings.MAILERS = WORKING
    settings.COMMENTS_MODERATOR_DIGEST_SECONDS = 300
    article = make_article()
    mail.outbox = []
    notify_moderators.enqueue(comment_id=make_comment(article=article).pk)
    run_worker()
    assert len(mail.outbox) == 1

    flood = [make_comment(article=article) for _ in range(12)]
    for comment in flood:
        notify_moderators.enqueue(comment_id=comment.pk)
    run_worker()
    assert len(mail.outbox) == 1  # too soon: they wait for the end of the window
    deferred = DBTaskResult.objects.filter(status="READY")
    assert deferred.count() == 12
    assert all(task.run_after > timezone.now() + timedelta(seconds=250) for task in deferred)

    time_passes()
    run_worker()
    assert len(mail.outbox) == 2
    digest = mail.outbox[1]
    assert "12" in digest.subject
    assert all(comment.author_email in digest.body for comment in flood)


@pytest.mark.django_db(transaction=True)
def test_bulk_approval_notices_survive_a_failing_mail_server(settings, worker_backend):
    """Approving 4 comments enqueues 4 notices; the mail server fails, then each goes once."""
    comments = [make_comment(notify_on_approval=True) for _ in range(4)]
    settings.MAILERS = FAILING
    review.change_status(comments=comments, to_status=Comment.Status.APPROVED, actor=None)
    run_worker()
    settings.MAILERS = WORKING
    mail.outbox = []
    time_passes()
    run_worker()
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(c.author_email for c in comments)
