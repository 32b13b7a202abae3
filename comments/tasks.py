"""Background work for comments, through Django's tasks framework: sending the e-mails.

Each task loads the comment, asks ``comments.emails`` for the message (which
says whether it is still due) and sends it; nothing else. With the default
immediate backend the task runs inside the request that enqueued it; pointing
``TASKS`` at a worker backend moves the mail off the request path without
touching this code. Callers enqueue after commit (``transaction.on_commit``),
so a worker never looks for a row it cannot see yet.
"""

from django.tasks import task

from . import emails, notifications, privacy
from .models import Comment


def _comment(comment_id):
    return Comment.objects.select_related("article").filter(pk=comment_id).first()


@task
def notify_moderators(comment_id: int, site_url: str = "") -> int:
    """Tell moderators a comment awaits them; returns the number of messages sent (0 or 1)."""
    comment = _comment(comment_id)
    message = emails.moderator_email(comment, site_url=site_url) if comment else None
    return message.send() if message else 0


@task
def send_approval_email(comment_id: int) -> bool:
    """Tell the commenter their comment is published, if they still want to know."""
    comment = _comment(comment_id)
    message = emails.approval_email(comment) if comment else None
    return bool(message and message.send())


@task
def send_reply_notification(parent_id: int) -> int:
    """Tell a comment's author of the approved replies waiting for them (at most hourly)."""
    return notifications.notify_parent_author(parent_id=parent_id)


@task
def send_data_link_email(comment_id: int) -> bool:
    """Send the author of a comment the signed link to their own data (comments.privacy)."""
    return privacy.send_data_link(comment_id=comment_id)
