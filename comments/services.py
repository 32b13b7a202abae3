"""Writes on comments: small atomic functions shared by the public form and the admin."""

from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from articles.models import Article

from . import moderation
from .models import Comment, ModerationEvent
from .tasks import notify_moderators


class CommentsClosed(PermissionDenied):
    """The article does not take comments (any more)."""

    message = _("Comments are closed.")


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
    ip_address: str | None = None,
    user_agent: str = "",
    honeypot: str = "",
    seconds_to_submit: float | None = None,
    site_url: str = "",
) -> Comment:
    """Store a new comment as pending (or spam), record its first history row, tell moderators.

    The values are expected to be validated already (``CommentForm``); this
    function enforces the rules that must hold whoever calls it: the article
    takes comments, the parent is an approved comment of the same article, and
    a new comment is never born approved.
    """
    if not moderation.comments_are_open(article):
        raise CommentsClosed(CommentsClosed.message)
    if parent is not None:
        # Re-read the parent under the transaction: it may have been rejected
        # since the form was validated.
        parent = Comment.objects.filter(pk=parent.pk, article=article).approved().first()
        if parent is None or not moderation.can_reply_to(parent):
            raise InvalidParent(_("You cannot reply to this comment."), code="invalid_parent")

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
        ip_address=ip_address or None,
        user_agent=user_agent[:500],
    )
    if comment.status == Comment.Status.PENDING:
        # After commit: a worker must never be told about a row it cannot see yet,
        # and a mail failure must not undo the reader's comment.
        transaction.on_commit(
            partial(notify_moderators.enqueue, comment_id=comment.pk, site_url=site_url),
            robust=True,
        )
    return comment


@transaction.atomic
def comment_record(*, status: str, flag_reasons: list[str], **fields) -> Comment:
    """Store a comment the rules already judged, with its first history row.

    No moderator is told: ``comment_create`` does that for readers' comments;
    loaders of existing or demo comments call this directly.
    """
    if status not in (Comment.Status.PENDING, Comment.Status.SPAM):
        raise ValueError(f"A new comment is pending or spam, never {status!r}.")
    comment = Comment(status=status, flag_reasons=flag_reasons, **fields)
    comment.full_clean(exclude=["body", "body_source"])
    comment.save()
    ModerationEvent.objects.create(
        comment=comment,
        actor=None,
        from_status="",
        to_status=comment.status,
        note=", ".join(flag_reasons)[:200],
    )
    return comment
