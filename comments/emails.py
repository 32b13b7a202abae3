"""Every e-mail the comments send, built in one place; ``comments.tasks`` sends them.

The messages, each from a pair of templates in ``comments/emails/``
(``<name>_subject.txt``, ``<name>_body.txt``), rendered in the site's default
language whatever the language of the request that caused them:

* **moderator**: a new comment awaits moderation. To ``COMMENTS_MODERATOR_EMAILS``
  and the active members of the Moderators group, with the reasons the rules
  gave and a link to the admin; **moderator_digest** is the same for several
  comments at once (under a flood, ``comments.tasks`` sends one a few minutes).
* **approved**: a reader who ticked "notify me when my comment is published"
  learns it is, once, with a one-click unsubscribe link. The link carries the
  comment's id signed with a salt of its own (no e-mail address in the URL, no
  account needed); following it (``comments.views.unsubscribe``) turns the
  notification off for this comment or, at the reader's choice, every e-mail
  to the address (``comments.notifications.unsubscribe``).
* **reply**: approved replies to a comment whose author ticked "notify me of
  replies", grouped at most hourly (``comments.notifications``), each quoted.
* **data_link**: the signed link to a reader's own comments (``comments.privacy``).

Messages to commenters are ``CommenterEmail``s: their RFC 8058 headers stay
one unencoded line, and none is sent to an address that opted out of all
e-mail (``MailOptOut``). Reader text in a body is always quoted with "> ",
after the site's own lines.

Each builder returns ``None`` when the message is no longer due (the comment
was moderated meanwhile, nobody to tell, an address that is not one), so a task
run late does the right thing. Messages are plain text, and reader input reaches
a header only through ``subject()`` (one line, no control characters): a name
such as ``"x\\r\\nBcc: victim"`` can neither add a header nor run anywhere.
"""

import email.policy
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

from .models import MODERATORS_GROUP, Comment, MailOptOut
from .moderation import reason_label
from .text import single_line

logger = logging.getLogger(__name__)

SUBJECT_MAX_LENGTH = 200
# The salt predates this module: links in e-mails already sent must keep working.
UNSUBSCRIBE_SALT = "comments.notifications.unsubscribe"


class CommenterEmail(EmailMessage):
    """A message to a commenter, whose ``List-Unsubscribe`` header stays one unencoded line.

    Python's e-mail policies fold a header longer than 78 characters, and a URL
    has no space to fold at, so it would be sent as RFC 2047 encoded words
    (``=?utf-8?q?=3Chttps=3A//...``), which mail clients do not read as an
    RFC 8058 unsubscribe link. Our headers are ASCII and well under RFC 5322's
    998-character limit: the policy may keep them whole.
    """

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=998))


def _commenter_email(*, subject, body, to, unsubscribe_link=None):
    headers = {"Auto-Submitted": "auto-generated"}
    if unsubscribe_link:
        # RFC 8058: a POST to the link unsubscribes without any page or token.
        headers["List-Unsubscribe"] = f"<{unsubscribe_link}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return CommenterEmail(subject=subject, body=body, to=to, headers=headers)


def _may_write_to(comment: Comment) -> bool:
    """A valid address that did not ask for silence from the whole site."""
    if not _is_address(comment.author_email):
        logger.warning("E-mail skipped: invalid address on comment %s", comment.pk)
        return False
    return not MailOptOut.objects.covers(comment.author_email)


def quoted(text: str) -> str:
    """The reader's text as an e-mail quotation: every line starts with "> ".

    Below the site's own lines, so nothing a reader writes can pass for one of
    them (a fake "Moderate it: https://..." line reads "> Moderate it: ...").
    """
    return "\n".join(f"> {line}".rstrip() for line in str(text).splitlines() or [""])


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


def _moderator_context(comment: Comment, base: str) -> dict:
    with translation.override(settings.LANGUAGE_CODE):
        reasons = [str(reason_label(code)) for code in comment.flag_reasons]
    return {
        "comment": comment,
        "article_title": single_line(comment.article.title, 120),
        "author_name": single_line(comment.author_name, 100),
        "reasons": reasons,
        "quoted_body": quoted(comment.body),
        "admin_url": _admin_url(comment, base),
        "article_url": base + comment.get_absolute_url(),
    }


def moderator_email(comments: list[Comment], *, site_url: str = "") -> EmailMessage | None:
    """The "awaiting moderation" message for these comments, or None when none is due.

    One comment: the single notice. Several (a digest, see ``comments.tasks``):
    one message listing each of them. Comments no longer pending are left out;
    None when nothing is left or nobody listens. Links use ``site_url`` or
    SITE_URL, never a request's Host header: links in mail must point at the
    real site.
    """
    comments = [comment for comment in comments if comment.status == Comment.Status.PENDING]
    if not comments:
        return None
    recipients = moderator_recipients()
    if not recipients:
        logger.info(
            "No moderator address configured; comment(s) %s not announced.",
            [comment.pk for comment in comments],
        )
        return None
    base = (site_url or settings.SITE_URL).rstrip("/")
    if len(comments) == 1:
        context = _moderator_context(comments[0], base)
        name = "moderator"
    else:
        context = {
            "entries": [_moderator_context(comment, base) for comment in comments],
            "count": len(comments),
            "queue_url": base + reverse("admin:comments_comment_changelist"),
        }
        name = "moderator_digest"
    subject, body = render_message(name, {**context, "site_name": settings.SITE_NAME})
    return EmailMessage(subject=subject, body=body, to=recipients)


# -- to the commenter: their comment is published --------------------------------------


def make_unsubscribe_token(comment: Comment) -> str:
    return signing.dumps(comment.pk, salt=UNSUBSCRIBE_SALT, compress=True)


class UnsubscribeLinkExpired(Exception):
    """The link was ours but is older than COMMENTS_UNSUBSCRIBE_LINK_DAYS."""


def read_unsubscribe_token(token: str) -> int | None:
    """The comment id a token was made for, or None when it was not signed by us.

    Raises ``UnsubscribeLinkExpired`` for a genuine link past its lifetime.
    """
    max_age = settings.COMMENTS_UNSUBSCRIBE_LINK_DAYS * 24 * 60 * 60
    try:
        comment_id = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise UnsubscribeLinkExpired from exc
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
    if not _may_write_to(comment):
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
    return _commenter_email(
        subject=subject, body=body, to=[comment.author_email], unsubscribe_link=link
    )


# -- to the commenter: replies to their comment are published --------------------------


def reply_email(parent: Comment, replies: list[Comment]) -> EmailMessage | None:
    """One message naming the article and quoting each approved reply, with links to them."""
    if not parent.notify_on_reply or not _may_write_to(parent):
        return None
    replies = [reply for reply in replies if reply.status == Comment.Status.APPROVED]
    if not replies:
        return None
    link = unsubscribe_url(parent)
    subject, body = render_message(
        "reply",
        {
            "parent": parent,
            "article": parent.article,
            "replies": [
                {
                    "author_name": single_line(reply.author_name, 100),
                    "quoted_body": quoted(reply.body),
                    "url": f"{settings.SITE_URL}{reply.get_absolute_url()}",
                }
                for reply in replies
            ],
            "unsubscribe_url": link,
            "site_name": settings.SITE_NAME,
        },
    )
    return _commenter_email(
        subject=subject, body=body, to=[parent.author_email], unsubscribe_link=link
    )


# -- to whoever asked: the link to their own data --------------------------------------


def data_link_email(comment: Comment, *, link: str, hours: int) -> EmailMessage | None:
    """The signed link to the comments of this comment's address (``comments.privacy``).

    Sent even to an address that opted out of the site's e-mail: its owner has
    just asked for it (at most once every few minutes).
    """
    if not comment.author_email or not _is_address(comment.author_email):
        return None
    subject, body = render_message(
        "data_link",
        {
            "data_url": link,
            "hours": hours,
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
        },
    )
    return _commenter_email(subject=subject, body=body, to=[comment.author_email])
