"""The write side of moderation: every change of a comment's status goes through here.

The admin's bulk actions, the change page's buttons and the keyboard queue all
call ``change_status``, so each of them locks the rows, records who moved which
comment from what to what, sends the commenter's opt-in approval e-mail once,
and tells the public pages that what they show has changed.
"""

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.db.models import QuerySet

from articles import invalidation

from .models import BlocklistEntry, Comment, ModerationEvent
from .tasks import send_approval_email


class BlockError(ValueError):
    """The comment carries nothing to block by the requested kind (e.g. no IP address)."""


@transaction.atomic
def change_status(
    *,
    comments: QuerySet | Iterable[Comment] | Iterable[int],
    to_status: str,
    actor,
    note: str = "",
) -> list[Comment]:
    """Move comments to ``to_status`` and record one history row per comment that moved.

    Comments already in ``to_status`` are left alone and get no history row.
    The first approval of a comment whose author opted in queues the approval
    e-mail; a later re-approval never sends it again. Returns the comments
    that changed.
    """
    if to_status not in Comment.Status.values:
        raise ValueError(f"Unknown comment status: {to_status!r}")
    if isinstance(comments, QuerySet):
        ids = list(comments.order_by().values_list("pk", flat=True))
    else:
        ids = [getattr(comment, "pk", comment) for comment in comments]
    # Lock the rows so two moderators acting at once cannot both record the
    # same transition (or both decide an approval is the first one).
    locked = list(
        Comment.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .exclude(status=to_status)
        .select_related("article")
        .order_by("pk")
    )
    if not locked:
        return []

    already_approved = set()
    if to_status == Comment.Status.APPROVED:
        already_approved = set(
            ModerationEvent.objects.filter(
                comment__in=locked, to_status=Comment.Status.APPROVED
            ).values_list("comment_id", flat=True)
        )

    ModerationEvent.objects.bulk_create(
        ModerationEvent(
            comment=comment,
            actor=actor,
            from_status=comment.status,
            to_status=to_status,
            note=note[:200],
        )
        for comment in locked
    )
    Comment.objects.filter(pk__in=[comment.pk for comment in locked]).update(status=to_status)
    for comment in locked:
        comment.status = to_status

    for comment in locked:
        if (
            to_status == Comment.Status.APPROVED
            and comment.notify_on_approval
            and comment.pk not in already_approved
        ):
            transaction.on_commit(partial(send_approval_email.enqueue, comment.pk))
    # update() sends no signal: the cached pages are told here, inside the
    # transaction (dropped now and again at commit).
    invalidation.comments_changed([comment.article.slug for comment in locked])
    return locked


@transaction.atomic
def block_author(*, comment: Comment, actor, by: str) -> tuple[BlocklistEntry, bool]:
    """Put the comment's e-mail address or IP address on the blocklist.

    Later comments from a blocked address are sent straight to spam by the
    moderation rules. Returns the entry and whether it is new.
    """
    if by == BlocklistEntry.Kind.EMAIL:
        value = comment.author_email
    elif by == BlocklistEntry.Kind.IP:
        value = comment.ip_address
    else:
        raise ValueError(f"Cannot block an author by {by!r}")
    if not value:
        raise BlockError(by)
    return BlocklistEntry.objects.get_or_create(
        kind=by, value=value.strip().lower(), defaults={"created_by": actor}
    )
