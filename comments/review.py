"""The write side of moderation: every change of a comment's status goes through here.

The admin's bulk actions, the change page's buttons and the keyboard queue all
call ``change_status``, so each of them locks the rows, records who moved which
comment from what to what, sends the commenter's opt-in approval e-mail once,
and tells the public pages that what they show has changed.

**Undo.** Every decision hands back an ``undo_token``: a signed list of the
comments it moved and their previous states, valid ``COMMENTS_UNDO_SECONDS``.
``undo`` puts back only the comments still in the state the decision gave them
(a colleague's later decision wins), through ``change_status`` again, so an undo
has its own history row and the public pages follow it.
"""

from collections import defaultdict
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from articles import invalidation

from . import notifications
from .models import BlocklistEntry, Comment, ModerationEvent
from .moderation import reason_label
from .tasks import send_approval_email

UNDO_SALT = "comments.review.undo"
# History notes are stable codes, shown in words by ``history_note_text``: the
# rules' reason codes (a new comment's first row), or one of these.
UNDO_NOTE = "undo"
STAFF_REPLY_NOTE = "staff_reply"
NOTE_LABELS = {
    UNDO_NOTE: _("Undo of the previous decision"),
    STAFF_REPLY_NOTE: _("Reply from the newsroom"),
}


def history_note_text(note: str) -> str:
    """A history row's note in the moderator's language (codes unknown here shown as is)."""
    codes = [code.strip() for code in note.split(",") if code.strip()]
    return ", ".join(str(NOTE_LABELS.get(code) or reason_label(code)) for code in codes)


class BlockError(ValueError):
    """The comment carries nothing to block by the requested kind (e.g. no IP address)."""


class UndoRefused(ValueError):
    """The undo token is forged, damaged or older than COMMENTS_UNDO_SECONDS."""


@transaction.atomic
def change_status(
    *,
    comments: QuerySet | Iterable[Comment] | Iterable[int],
    to_status: str,
    actor,
    note: str = "",
    only_from: str | None = None,
) -> list[Comment]:
    """Move comments to ``to_status`` and record one history row per comment that moved.

    Comments already in ``to_status`` are left alone and get no history row, and
    so are those not in ``only_from`` when it is given. Each returned comment
    keeps the state it left in ``previous_status``.
    The first approval of a comment whose author opted in queues the approval
    e-mail; a later re-approval never sends it again. Approving a reply lets
    the parent's author hear of it (``notifications.reply_approved``). Returns the comments
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
        .filter(**({"status": only_from} if only_from else {}))
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
        comment.previous_status, comment.status = comment.status, to_status

    for comment in locked:
        if (
            to_status == Comment.Status.APPROVED
            and comment.notify_on_approval
            and comment.pk not in already_approved
        ):
            transaction.on_commit(partial(send_approval_email.enqueue, comment.pk))
    if to_status == Comment.Status.APPROVED:
        # One run per parent, however many of its replies this approved at once.
        by_parent = {comment.parent_id: comment for comment in locked if comment.parent_id}
        for reply in by_parent.values():
            notifications.reply_approved(reply)
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


def undo_token(changed: list[Comment]) -> str:
    """A signed note of what a decision changed, for ``undo``; opaque to the moderator."""
    moves = [[comment.pk, comment.previous_status, comment.status] for comment in changed]
    return signing.dumps(moves, salt=UNDO_SALT, compress=True)


@transaction.atomic
def undo(*, token: str, actor) -> list[Comment]:
    """Take back the decision behind ``token``: each comment returns to its previous state.

    Only comments still in the state that decision gave them move back; each
    move is an ordinary status change with its own history row (note "undo").
    Raises ``UndoRefused`` for a forged, damaged or expired token.
    """
    try:
        moves = signing.loads(token, salt=UNDO_SALT, max_age=settings.COMMENTS_UNDO_SECONDS)
    except signing.BadSignature as error:  # SignatureExpired included
        raise UndoRefused(str(error)) from error
    by_change = defaultdict(list)
    for pk, previous, decided in moves:
        by_change[previous, decided].append(pk)
    restored = []
    for (previous, decided), pks in by_change.items():
        restored += change_status(
            comments=pks, to_status=previous, actor=actor, note=UNDO_NOTE, only_from=decided
        )
    return restored


@transaction.atomic
def set_featured(*, comment: Comment, featured: bool) -> bool:
    """Mark an approved comment as an editors' pick, or take the mark off.

    Only approved comments can be featured (a pick the public cannot see would
    be a promise the page does not keep). Returns whether anything changed.
    """
    if featured and comment.status != Comment.Status.APPROVED:
        raise ValueError("Only an approved comment can be an editors' pick.")
    changed = (
        Comment.objects.filter(pk=comment.pk)
        .exclude(is_featured=featured)
        .update(is_featured=featured)
    )
    comment.is_featured = featured
    if changed:
        # update() sends no signal: the article's cached pages are dropped here.
        invalidation.comments_changed([comment.article.slug])
    return bool(changed)
