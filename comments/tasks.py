"""Background work for comments, through Django's tasks framework: sending the e-mails.

In production the tasks are rows that ``manage.py db_worker`` runs
(django-tasks-db); with DEBUG the immediate backend runs them inside the request.
Callers enqueue after commit (``transaction.on_commit``), so a worker never looks
for a row it cannot see yet. Three rules hold whatever the backend:

* **Once.** Before sending, a task claims a ``SentEmail`` row per comment (one
  per kind and comment, enforced by a unique constraint) and marks it sent
  afterwards: a task that runs twice, or two tasks for the same comment, send
  one message. A claim whose worker died between claiming and marking lapses
  after ``CLAIM_SECONDS`` (the message may then go twice: never zero times).
* **Retried.** A send that fails (a mail server down or hanging past
  ``EMAIL_TIMEOUT``) gives its claims back and runs again later: after
  ``TASKS_RETRY_BASE_SECONDS``, doubling up to ``TASKS_RETRY_MAX_SECONDS``,
  ``TASKS_MAX_ATTEMPTS`` times in all. Backends that cannot run a task later
  (the immediate one) log the failure instead.
* **Digest.** Moderators get at most one message per
  ``COMMENTS_MODERATOR_DIGEST_SECONDS``: a comment posted sooner after the last
  message is announced at the end of that window, together with every other
  comment still waiting, in one digest.
"""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.tasks import task
from django.utils import timezone

from newsroom.retry import retry_later

from . import emails, notifications, privacy
from .models import Comment, SentEmail

logger = logging.getLogger(__name__)

CLAIM_SECONDS = 10 * 60
# Comments older than this are never announced by a digest (a backlog from
# before the digest existed, or announced by a claim that lapsed long ago).
DIGEST_LOOKBACK = timedelta(days=2)


def _comment(comment_id):
    return Comment.objects.select_related("article").filter(pk=comment_id).first()


def _can_defer(task_obj):
    return task_obj.get_backend().supports_defer


def retry_delay(attempt: int) -> int:
    """Seconds before attempt ``attempt + 1``: the base, doubled each time, capped."""
    return min(
        settings.TASKS_RETRY_BASE_SECONDS * 2 ** (attempt - 1), settings.TASKS_RETRY_MAX_SECONDS
    )


def _retry_later(task_obj, attempt, **kwargs):
    """Enqueue the next attempt with back-off, when the backend can run a task later."""
    retry_later(
        task_obj,
        attempt=attempt,
        delay_seconds=retry_delay(attempt),
        last_attempt=settings.TASKS_MAX_ATTEMPTS,
        **kwargs,
    )


def claim(kind: str, comment_ids) -> tuple[uuid.UUID, list[int]]:
    """Claim the comments whose ``kind`` e-mail is neither sent nor being sent.

    Returns the claim's id and the comments it got; a concurrent claimer of the
    same comment gets nothing for it (unique constraint, conflicts ignored).
    """
    token = uuid.uuid4()
    now = timezone.now()
    ids = list(comment_ids)
    with transaction.atomic():
        SentEmail.objects.filter(
            kind=kind,
            comment_id__in=ids,
            sent_at=None,
            claimed_at__lt=now - timedelta(seconds=CLAIM_SECONDS),
        ).delete()
        SentEmail.objects.bulk_create(
            [SentEmail(kind=kind, comment_id=i, claim=token, claimed_at=now) for i in ids],
            ignore_conflicts=True,
        )
    return token, list(SentEmail.objects.filter(claim=token).values_list("comment_id", flat=True))


def send_claimed(token: uuid.UUID, message) -> int:
    """Send ``message`` for the claim ``token``: marked sent, or given back when sending fails."""
    try:
        sent = message.send() if message is not None else 0
    except Exception:
        SentEmail.objects.filter(claim=token, sent_at=None).delete()
        raise
    SentEmail.objects.filter(claim=token).update(sent_at=timezone.now())
    return sent


def _taken(kind):
    """The ``kind`` e-mails sent or being sent (a claim younger than CLAIM_SECONDS)."""
    fresh = timezone.now() - timedelta(seconds=CLAIM_SECONDS)
    return SentEmail.objects.filter(kind=kind).filter(
        Q(sent_at__isnull=False) | Q(claimed_at__gte=fresh)
    )


def _last_moderator_notice():
    return SentEmail.objects.filter(kind=SentEmail.Kind.MODERATOR).aggregate(last=Max("sent_at"))[
        "last"
    ]


@task
def notify_moderators(comment_id: int, site_url: str = "", attempt: int = 1) -> int:
    """Tell moderators comments await them; returns the number of messages sent (0 or 1)."""
    comment = _comment(comment_id)
    if comment is None or comment.status != Comment.Status.PENDING:
        return 0
    if _taken(SentEmail.Kind.MODERATOR).filter(comment=comment).exists():
        return 0
    window = timedelta(seconds=settings.COMMENTS_MODERATOR_DIGEST_SECONDS)
    last = _last_moderator_notice()
    now = timezone.now()
    if last is not None and now < last + window and _can_defer(notify_moderators):
        # Too soon after the last message: this comment waits for the digest
        # at the end of the window (whichever of the waiting tasks runs first
        # sends it; the others find their comment claimed).
        notify_moderators.using(run_after=last + window).enqueue(
            comment_id=comment_id, site_url=site_url, attempt=attempt
        )
        return 0
    waiting = (
        Comment.objects.pending()
        .filter(created_at__gte=min(comment.created_at, now - DIGEST_LOOKBACK))
        .exclude(pk__in=_taken(SentEmail.Kind.MODERATOR).values("comment"))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    ids = {comment.pk, *waiting}
    token, claimed = claim(SentEmail.Kind.MODERATOR, ids)
    if not claimed:
        return 0
    comments = list(
        Comment.objects.select_related("article").filter(pk__in=claimed).order_by("created_at")
    )
    try:
        return send_claimed(token, emails.moderator_email(comments, site_url=site_url))
    except Exception:
        logger.exception("Moderation notice for comment(s) %s not sent", claimed)
        _retry_later(notify_moderators, attempt, comment_id=comment_id, site_url=site_url)
        raise


@task
def send_approval_email(comment_id: int, attempt: int = 1) -> bool:
    """Tell the commenter their comment is published, if they still want to know."""
    comment = _comment(comment_id)
    message = emails.approval_email(comment) if comment else None
    if message is None:
        return False
    token, claimed = claim(SentEmail.Kind.APPROVED, [comment.pk])
    if not claimed:
        return False
    try:
        return bool(send_claimed(token, message))
    except Exception:
        logger.exception("Approval e-mail for comment %s not sent", comment_id)
        _retry_later(send_approval_email, attempt, comment_id=comment_id)
        raise


@task
def send_reply_notification(parent_id: int) -> int:
    """Tell a comment's author of the approved replies waiting for them (at most hourly)."""
    return notifications.notify_parent_author(parent_id=parent_id)


@task
def send_data_link_email(comment_id: int) -> bool:
    """Send the author of a comment the signed link to their own data (comments.privacy)."""
    return privacy.send_data_link(comment_id=comment_id)
