"""Background work for comments, through Django's tasks framework.

With the default immediate backend the task runs inside the request that
enqueued it; pointing ``TASKS`` at a worker backend moves the mail off the
request path without touching this code.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from .text import single_line

logger = logging.getLogger(__name__)

MODERATORS_GROUP = "Moderators"


def moderator_recipients():
    """COMMENTS_MODERATOR_EMAILS plus the active members of the Moderators group."""
    addresses = list(settings.COMMENTS_MODERATOR_EMAILS)
    # No Moderators group yet (its migration belongs to the moderation app)
    # simply means no member address: the query returns nothing.
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


def _admin_url(comment, base):
    try:
        path = reverse("admin:comments_comment_change", args=[comment.pk])
    except NoReverseMatch:
        path = reverse("admin:index")
    return base + path


@task
def notify_moderators(comment_id: int, site_url: str = "") -> int:
    """Tell moderators a comment awaits them; returns the number of messages sent.

    Reader input reaches the subject only through ``single_line``, and the
    message is plain text, so a name such as ``"x\\r\\nBcc: victim"`` can
    neither add a header nor run anywhere.
    """
    from .models import Comment
    from .moderation import reason_label

    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None or comment.status != Comment.Status.PENDING:
        return 0
    recipients = moderator_recipients()
    if not recipients:
        logger.info("No moderator address configured; comment %s not announced.", comment_id)
        return 0
    # SITE_URL, not the request's Host header: links in mail must point at the real site.
    base = (site_url or getattr(settings, "SITE_URL", "")).rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "comment": comment,
            "article_title": single_line(comment.article.title, 120),
            "author_name": single_line(comment.author_name, 100),
            "reasons": [str(reason_label(code)) for code in comment.flag_reasons],
            "admin_url": _admin_url(comment, base),
            "article_url": base + comment.get_absolute_url(),
            "site_name": settings.SITE_NAME,
        }
        subject = single_line(
            render_to_string("comments/email/moderator_notification_subject.txt", context), 200
        )
        body = render_to_string("comments/email/moderator_notification_body.txt", context)
    message = EmailMessage(subject=subject, body=body, to=recipients)
    return message.send()
