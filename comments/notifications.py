"""The commenter's opt-in e-mail when a moderator approves their comment.

A reader who ticks "notify me when my comment is published" gets one e-mail on
the comment's first approval, with a one-click unsubscribe link. The link
carries the comment's id signed with a salt of its own (no e-mail address in
the URL, no account needed); following it turns the notification off for every
comment written with the same address. Sending runs as a ``django.tasks`` task
so it can move to a worker.
"""

import logging

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.shortcuts import render
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .models import Comment

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "comments.notifications.unsubscribe"


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


def build_approval_email(comment: Comment) -> EmailMessage:
    """The message in the site's default language; reader input stays in the body."""
    link = unsubscribe_url(comment)
    context = {
        "comment": comment,
        "article": comment.article,
        "comment_url": f"{settings.SITE_URL}{comment.get_absolute_url()}",
        "unsubscribe_url": link,
        "site_name": settings.SITE_NAME,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("comments/emails/approved_subject.txt", context)
        body = render_to_string("comments/emails/approved_body.txt", context)
    return EmailMessage(
        # A header is one line: fold whatever the templates produced.
        subject=" ".join(subject.split()),
        body=body,
        to=[comment.author_email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


@task()
def send_approval_email(comment_id: int) -> bool:
    """Tell the commenter their comment is published, if they still want to know."""
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if (
        comment is None
        or comment.status != Comment.Status.APPROVED
        or not comment.notify_on_approval
    ):
        return False
    try:
        # The address ends up in the To header: refuse anything the form should
        # have refused (newlines included) rather than trust it.
        validate_email(comment.author_email)
    except ValidationError:
        logger.warning("Approval e-mail skipped: invalid address on comment %s", comment.pk)
        return False
    build_approval_email(comment).send()
    return True


# The mail client's RFC 8058 one-click POST carries no CSRF token: the signed
# token is the credential, and all it can do is switch notifications off.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Turn approval e-mails off for the commenter the signed token names."""
    comment_id = read_unsubscribe_token(token)
    if comment_id is None:
        response = render(request, "comments/unsubscribe.html", {"is_valid": False}, status=400)
    else:
        email = Comment.objects.filter(pk=comment_id).values_list("author_email", flat=True).first()
        if email:
            Comment.objects.filter(author_email__iexact=email, notify_on_approval=True).update(
                notify_on_approval=False
            )
        response = render(request, "comments/unsubscribe.html", {"is_valid": True})
    add_never_cache_headers(response)
    return response
