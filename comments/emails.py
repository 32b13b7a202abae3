"""Every e-mail the comments send, built in one place; ``comments.tasks`` sends them.

Two messages today, each from a pair of templates in ``comments/emails/``
(``<name>_subject.txt``, ``<name>_body.txt``), rendered in the site's default
language whatever the language of the request that caused them:

* **moderator**: a new comment awaits moderation. To ``COMMENTS_MODERATOR_EMAILS``
  and the active members of the Moderators group, with the reasons the rules
  gave and a link to the admin.
* **approved**: a reader who ticked "notify me when my comment is published"
  learns it is, once, with a one-click unsubscribe link. The link carries the
  comment's id signed with a salt of its own (no e-mail address in the URL, no
  account needed); following it (``comments.views.unsubscribe``) turns the
  notification off for every comment written with the same address.

Each builder returns ``None`` when the message is no longer due (the comment
was moderated meanwhile, nobody to tell, an address that is not one), so a task
run late does the right thing. Messages are plain text, and reader input reaches
a header only through ``subject()`` (one line, no control characters): a name
such as ``"x\\r\\nBcc: victim"`` can neither add a header nor run anywhere.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from .models import MODERATORS_GROUP, Comment
from .moderation import reason_label
from .text import single_line

logger = logging.getLogger(__name__)

SUBJECT_MAX_LENGTH = 200
# The salt predates this module: links in e-mails already sent must keep working.
UNSUBSCRIBE_SALT = "comments.notifications.unsubscribe"


def render_message(name: str, context: dict) -> tuple[str, str]:
    """The subject (folded to one line) and body of ``comments/emails/<name>_*.txt``.

    The one way a subject is made safe for its header: whatever the templates
    and the reader's input produced, it becomes a single line of printable text.
    """
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"comments/emails/{name}_subject.txt", context)
        body = render_to_string(f"comments/emails/{name}_body.txt", context)
    return single_line(subject, SUBJECT_MAX_LENGTH), body


def _is_address(value: str) -> bool:
    """True when ``value`` is one valid e-mail address (no newline, nothing to inject)."""
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


# -- to moderators: a comment awaits them ---------------------------------------------


def moderator_recipients() -> list[str]:
    """COMMENTS_MODERATOR_EMAILS plus the active members of the Moderators group."""
    addresses = list(settings.COMMENTS_MODERATOR_EMAILS)
    # No Moderators group (deleted by hand) simply means no member address.
    addresses += (
        get_user_model()
        .objects.filter(groups__name=MODERATORS_GROUP, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    unique = {}
    for address in addresses:
        address = address.strip()
        if address and not any(char in address for char in "\r\n"):
            unique.setdefault(address.lower(), address)
    return sorted(unique.values())


def _admin_url(comment: Comment, base: str) -> str:
    try:
        path = reverse("admin:comments_comment_change", args=[comment.pk])
    except NoReverseMatch:
        path = reverse("admin:index")
    return base + path


def moderator_email(comment: Comment, *, site_url: str = "") -> EmailMessage | None:
    """The "comment awaiting moderation" message, or None when it is not pending or nobody listens.

    Links use ``site_url`` or SITE_URL, never a request's Host header: links in
    mail must point at the real site.
    """
    if comment.status != Comment.Status.PENDING:
        return None
    recipients = moderator_recipients()
    if not recipients:
        logger.info("No moderator address configured; comment %s not announced.", comment.pk)
        return None
    base = (site_url or settings.SITE_URL).rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        reasons = [str(reason_label(code)) for code in comment.flag_reasons]
    subject, body = render_message(
        "moderator",
        {
            "comment": comment,
            "article_title": single_line(comment.article.title, 120),
            "author_name": single_line(comment.author_name, 100),
            "reasons": reasons,
            "admin_url": _admin_url(comment, base),
            "article_url": base + comment.get_absolute_url(),
            "site_name": settings.SITE_NAME,
        },
    )
    return EmailMessage(subject=subject, body=body, to=recipients)


# -- to the commenter: their comment is published --------------------------------------


def make_unsubscribe_token(comment: Comment) -> str:
    return signing.dumps(comment.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> int | None:
    """The comment id a token was made for, or None when it was not signed by us."""
    try:
        comment_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return comment_id if isinstance(comment_id, int) else None


def unsubscribe_url(comment: Comment) -> str:
    path = reverse("comments:unsubscribe", kwargs={"token": make_unsubscribe_token(comment)})
    return f"{settings.SITE_URL}{path}"


def approval_email(comment: Comment) -> EmailMessage | None:
    """The "your comment is published" message, or None when no longer wanted or deliverable."""
    if comment.status != Comment.Status.APPROVED or not comment.notify_on_approval:
        return None
    # The address ends up in the To header: refuse anything the form should
    # have refused (newlines included) rather than trust it.
    if not _is_address(comment.author_email):
        logger.warning("Approval e-mail skipped: invalid address on comment %s", comment.pk)
        return None
    link = unsubscribe_url(comment)
    subject, body = render_message(
        "approved",
        {
            "comment": comment,
            "article": comment.article,
            "comment_url": f"{settings.SITE_URL}{comment.get_absolute_url()}",
            "unsubscribe_url": link,
            "site_name": settings.SITE_NAME,
        },
    )
    return EmailMessage(
        subject=subject,
        body=body,
        to=[comment.author_email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
