"""Who among commenters is told what by e-mail, and when; and how they stop it.

* **Replies.** A reader who ticked "notify me of replies" (``notify_on_reply``)
  hears of replies to their comment once a moderator **approves** them, never
  before (the site must not relay unmoderated text). Not of their own replies
  (same address), never after they unsubscribed, and at most one message per
  parent comment per ``REPLY_NOTICE_WINDOW``: replies approved within the hour
  after a message wait and go together into the next one. ``reply_approved`` is
  the hook every path that approves a reply calls (``review.change_status``,
  and any future way of publishing a reply directly, such as staff replies);
  the task runs ``notify_parent_author`` after commit. Replies left waiting are
  picked up by a deferred task when the tasks backend can defer, and in any case
  by ``manage.py comments_send_reply_notifications`` run from cron.
* **Unsubscribing.** Every message to a commenter carries a signed link to
  ``comments.views.unsubscribe`` (valid ``COMMENTS_UNSUBSCRIBE_LINK_DAYS``), and
  the RFC 8058 headers. The reader chooses to stop the notifications about one
  comment, or every e-mail from the site to their address: a ``MailOptOut`` row
  keyed by a digest of the address (never the address itself) then vetoes every
  later message.
"""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Comment, MailOptOut

REPLY_NOTICE_WINDOW = timedelta(hours=1)


class Scope:
    """What an unsubscribe link switches off."""

    COMMENT = "comment"
    EVERYTHING = "all"


def waiting_replies(parent: Comment):
    """Approved replies to ``parent`` its author has not been told of, oldest first.

    A reply written with the parent's own address is never announced to it.
    """
    return (
        parent.replies.approved()
        .filter(notified_parent_at=None)
        .exclude(author_email__iexact=parent.author_email)
        .order_by("created_at", "pk")
    )


def reply_approved(reply: Comment) -> None:
    """Call inside the transaction that approved ``reply``: its parent's author may be told."""
    if reply.parent_id is None:
        return
    from .tasks import send_reply_notification

    transaction.on_commit(
        partial(send_reply_notification.enqueue, parent_id=reply.parent_id), robust=True
    )


def _defer(parent: Comment, at) -> None:
    """Try again when the window closes, where the tasks backend can wait (else cron does)."""
    from .tasks import send_reply_notification

    if send_reply_notification.get_backend().supports_defer:
        transaction.on_commit(
            partial(send_reply_notification.using(run_after=at).enqueue, parent_id=parent.pk),
            robust=True,
        )


@transaction.atomic
def notify_parent_author(*, parent_id: int, now=None) -> int:
    """Send the parent's author one message about every reply waiting; how many it named.

    Locks the parent so two runs cannot both send; marks the replies and the
    parent only once the message is sent (a failed send leaves them waiting for
    the next try).
    """
    from .emails import reply_email

    now = now or timezone.now()
    parent = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("article")
        .filter(pk=parent_id)
        .first()
    )
    if parent is None or not parent.notify_on_reply or not parent.author_email:
        return 0
    if MailOptOut.objects.covers(parent.author_email):
        return 0
    replies = list(waiting_replies(parent))
    if not replies:
        return 0
    last = parent.replies_last_notified_at
    if last is not None and now < last + REPLY_NOTICE_WINDOW:
        _defer(parent, last + REPLY_NOTICE_WINDOW)
        return 0
    message = reply_email(parent, replies)
    if message is None or not message.send():
        return 0
    Comment.objects.filter(pk__in=[reply.pk for reply in replies]).update(notified_parent_at=now)
    Comment.objects.filter(pk=parent.pk).update(replies_last_notified_at=now)
    return len(replies)


def parents_with_waiting_replies(*, now=None):
    """Ids of parents whose author is due a message now (for the cron sweep)."""
    now = now or timezone.now()
    return list(
        Comment.objects.filter(notify_on_reply=True)
        .exclude(author_email="")
        .filter(
            replies__status=Comment.Status.APPROVED,
            replies__notified_parent_at=None,
        )
        .exclude(replies_last_notified_at__gt=now - REPLY_NOTICE_WINDOW)
        .values_list("pk", flat=True)
        .distinct()
    )


# -- unsubscribing ---------------------------------------------------------------------


def unsubscribe_link_max_age() -> int:
    return settings.COMMENTS_UNSUBSCRIBE_LINK_DAYS * 24 * 60 * 60


@transaction.atomic
def unsubscribe(*, comment: Comment, scope: str) -> None:
    """Stop the e-mails about this comment, or every e-mail to its author's address."""
    off = {"notify_on_reply": False, "notify_on_approval": False}
    if scope == Scope.EVERYTHING and comment.author_email:
        MailOptOut.objects.add(comment.author_email)
        Comment.objects.filter(author_email__iexact=comment.author_email).update(**off)
    else:
        Comment.objects.filter(pk=comment.pk).update(**off)
