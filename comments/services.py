"""Writes on comments: small atomic functions shared by the public form and the admin."""

import hashlib
import ipaddress
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, router, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article, public_name

from . import moderation, notifications, review
from .models import Comment, ModerationEvent
from .tasks import notify_moderators


class CommentsClosed(PermissionDenied):
    """The article does not take comments (any more)."""

    message = _("Comments are closed.")


class TooManyComments(PermissionDenied):
    """The sender (IP address or e-mail) reached COMMENTS_MAX_PER_HOUR: nothing is stored."""

    message = _(
        "You have sent too many comments in the last hour. "
        "Please wait a little before writing again."
    )


class FormTokenUsed(ValidationError):
    """The form token already created a different comment: it cannot be used again."""


def form_token_digest(token: str) -> str | None:
    return hashlib.sha256(token.encode()).hexdigest() if token else None


class InvalidParent(ValidationError):
    """The comment replied to is not an approved comment of the same article, or too deep."""


@transaction.atomic
def comment_create(
    *,
    article: Article,
    parent: Comment | None,
    author_name: str,
    author_email: str,
    body: str,
    author_url: str = "",
    notify_on_approval: bool = False,
    notify_on_reply: bool = False,
    ip_address: str | None = None,
    user_agent: str = "",
    honeypot: str = "",
    seconds_to_submit: float | None = None,
    site_url: str = "",
    form_token: str = "",
) -> Comment:
    """Store a new comment as pending (or spam), record its first history row, tell moderators.

    The values are expected to be validated already (``CommentForm``); this
    function enforces the rules that must hold whoever calls it: the article
    takes comments, the parent is an approved comment of the same article, and
    a new comment is never born approved.

    ``form_token`` (the form's signed token) creates one comment at most: the
    same submission sent again (a double click, a proxy's retry after a worker
    was killed) returns the comment already stored; anything else sent with a
    used token raises ``FormTokenUsed``.
    """
    if not moderation.comments_are_open(article):
        raise CommentsClosed(CommentsClosed.message)
    if parent is not None:
        # Re-read the parent under the transaction: it may have been rejected
        # since the form was validated.
        parent = Comment.objects.filter(pk=parent.pk, article=article).approved().first()
        if parent is None or not moderation.can_reply_to(parent):
            raise InvalidParent(_("You cannot reply to this comment."), code="invalid_parent")

    digest = form_token_digest(form_token)
    lock_sender(ip_address=ip_address, author_email=author_email, token_digest=digest)
    if digest:
        stored = Comment.objects.filter(form_token_digest=digest).first()
        if stored is not None:
            if stored.author_email == author_email and stored.body == body:
                return stored
            raise FormTokenUsed(
                _("This form was already sent. Please check your comment and send it again."),
                code="token_used",
            )
    if moderation.sender_over_hourly_cap(ip_address=ip_address, author_email=author_email):
        raise TooManyComments(TooManyComments.message)
    verdict = moderation.moderate(
        moderation.Submission(
            article_id=article.pk,
            author_name=author_name,
            author_email=author_email,
            author_url=author_url,
            body=body,
            ip_address=ip_address,
            honeypot=honeypot,
            seconds_to_submit=seconds_to_submit,
        )
    )
    comment = comment_record(
        article=article,
        parent=parent,
        status=verdict.status,
        flag_reasons=verdict.reasons,
        author_name=author_name,
        author_email=author_email,
        author_url=author_url,
        body=body,
        notify_on_approval=notify_on_approval,
        notify_on_reply=notify_on_reply,
        ip_address=ip_address or None,
        user_agent=user_agent[:500],
        form_token_digest=digest,
    )
    if comment.status == Comment.Status.PENDING:
        # After commit: a worker must never be told about a row it cannot see yet,
        # and a mail failure must not undo the reader's comment.
        transaction.on_commit(
            partial(notify_moderators.enqueue, comment_id=comment.pk, site_url=site_url),
            robust=True,
        )
    return comment


def _advisory_lock_key(kind, value):
    # A signed 64-bit integer (PostgreSQL's bigint), the same in every process
    # and across restarts, unlike hash(); namespaced so other users of advisory
    # locks on the same database cannot collide with ours by accident.
    digest = hashlib.blake2b(f"newsroom.comments.sender:{kind}:{value}".encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


def lock_sender(
    *, ip_address: str | None, author_email: str, token_digest: str | None = None
) -> None:
    """Make concurrent posts from one sender (IP address or e-mail) wait for each other.

    The flood and duplicate rules read earlier comments, then the new one is
    inserted: two simultaneous posts from one reader, in two server processes,
    could both read before either inserts, and both pass as clean. Called inside
    ``comment_create``'s transaction, before the rules read.

    PostgreSQL (READ COMMITTED): a transaction-scoped advisory lock per IP and
    per e-mail. The second post waits until the first one commits (the lock is
    released with the transaction), and its rules' next query sees the first
    one's row. Locks are taken in ascending key order, so two posts sharing an
    IP but not an e-mail (or the reverse) can never deadlock.

    SQLite: nothing to do. The settings open every transaction with BEGIN
    IMMEDIATE, which takes the database's single write lock at once: comment
    transactions already run one at a time, each after the previous committed.
    """
    connection = connections[router.db_for_write(Comment)]
    if connection.vendor != "postgresql":
        return
    keys = set()
    if ip_address:
        try:
            keys.add(_advisory_lock_key("ip", ipaddress.ip_address(ip_address.strip()).compressed))
        except ValueError:
            keys.add(_advisory_lock_key("ip", ip_address.strip()))
    email = author_email.strip().lower()
    if email:
        keys.add(_advisory_lock_key("email", email))
    if token_digest:
        # A replayed token from another sender waits too, then finds the comment.
        keys.add(_advisory_lock_key("token", token_digest))
    with connection.cursor() as cursor:
        for key in sorted(keys):
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


@transaction.atomic
def comment_record(*, status: str, flag_reasons: list[str], **fields) -> Comment:
    """Store a comment the rules already judged, with its first history row.

    No moderator is told: ``comment_create`` does that for readers' comments;
    loaders of existing or demo comments call this directly.
    """
    if status not in (Comment.Status.PENDING, Comment.Status.SPAM):
        raise ValueError(f"A new comment is pending or spam, never {status!r}.")
    comment = Comment(status=status, flag_reasons=flag_reasons, **fields)
    comment.full_clean(exclude=["body", "body_html"])
    comment.save()
    ModerationEvent.objects.create(
        comment=comment,
        actor=None,
        from_status="",
        to_status=comment.status,
        note=", ".join(flag_reasons)[:200],
    )
    return comment


@transaction.atomic
def comment_staff_reply(*, parent: Comment, author, body: str) -> Comment:
    """Publish a newsroom member's answer under a reader's comment, at once.

    No captcha and no moderation: the author is a member of the newsroom with the
    ``comments.reply_as_staff`` permission (Editors and Moderators), and the reply
    is signed with their public name and shown with a "Rédaction" badge. Answering
    a pending comment publishes it too (replying is deciding it deserves to be
    read), through ``review.change_status`` like any decision; a refused or spam
    comment, or one at the maximum depth, cannot be answered. Both the reply and
    an approved parent get a history row with the author as moderator.
    """
    if not author.has_perm("comments.reply_as_staff"):
        raise PermissionDenied
    parent = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("article")
        .filter(pk=parent.pk)
        .first()
    )
    if parent is not None and parent.status == Comment.Status.PENDING:
        review.change_status(
            comments=[parent.pk],
            to_status=Comment.Status.APPROVED,
            actor=author,
            note=review.STAFF_REPLY_NOTE,
        )
        parent.status = Comment.Status.APPROVED
    if parent is None or not moderation.can_reply_to(parent):
        raise InvalidParent(_("You cannot reply to this comment."), code="invalid_parent")
    # Signed like bylines: never a username; an account without a name signs as the newsroom.
    name = public_name(author) or gettext("The newsroom")
    comment = Comment(
        article=parent.article,
        parent=parent,
        author_name=name[: Comment._meta.get_field("author_name").max_length],
        author_email=author.email,
        body=body,
        status=Comment.Status.APPROVED,
        staff_author=author,
    )
    # A member of staff may have no e-mail address on their account: it is never shown anyway.
    comment.full_clean(exclude=["body_html", "author_email"])
    comment.save()
    ModerationEvent.objects.create(
        comment=comment,
        actor=author,
        from_status="",
        to_status=comment.status,
        note=review.STAFF_REPLY_NOTE,
    )
    # Published at once, so the reader who asked to hear of replies hears of this one.
    notifications.reply_approved(comment)
    return comment
