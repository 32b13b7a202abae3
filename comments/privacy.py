"""A commenter's own data: how long the site keeps it, and how the commenter gets or erases it.

* **Network data.** The IP address and user agent of a comment serve flood
  control and moderation for a short while only: ``erase_old_network_data``
  blanks them once a comment is older than ``COMMENTS_NETWORK_DATA_DAYS``
  (default 90). ``manage.py comments_erase_network_data`` runs it from a
  scheduled task (cron, daily).
* **Access by e-mail.** A reader asks for their data on
  ``/commentaires/mes-donnees/`` with an e-mail address. When the address wrote
  comments, the site e-mails it a signed link valid ``DATA_LINK_MAX_AGE``
  seconds (24 hours); the page answers the same whether it did or not, so
  nobody learns who commented. The link names one comment of theirs and a keyed
  digest of the address (never the address itself, which would end up in
  access logs); it stops working once the address is erased.
* **Export and erasure.** The link's page lists every comment of the address in
  any state, offers them as JSON, and erases them: name, e-mail, website, IP
  address and user agent blanked, the text removed or kept (the reader's
  choice), replies by others kept, one moderation history row per comment that
  says so without the erased data.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from articles import invalidation

from .models import Comment, ModerationEvent

logger = logging.getLogger(__name__)

DATA_LINK_SALT = "comments.privacy.data-link"
DATA_LINK_MAX_AGE = 24 * 60 * 60
# One link per address per window: the form cannot be used to flood an inbox.
DATA_LINK_THROTTLE_SECONDS = 10 * 60
ERASED_NOTE_TEXT_REMOVED = "erased by its author (text removed)"
ERASED_NOTE_TEXT_KEPT = "erased by its author (text kept)"


# -- network data ----------------------------------------------------------------------


def erase_old_network_data(*, now=None) -> int:
    """Blank the IP address and user agent of comments older than COMMENTS_NETWORK_DATA_DAYS.

    Returns how many comments lost them. ``update()`` on purpose: nothing public
    changes, so no page cache needs to hear of it.
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.COMMENTS_NETWORK_DATA_DAYS)
    return (
        Comment.objects.filter(created_at__lt=cutoff)
        .filter(Q(ip_address__isnull=False) | ~Q(user_agent=""))
        .update(ip_address=None, user_agent="")
    )


# -- the signed link -------------------------------------------------------------------


class DataLinkError(Exception):
    """The link cannot open anyone's data."""

    def __init__(self, *, expired=False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _address_digest(email: str) -> str:
    # Keyed with SECRET_KEY: the digest cannot be recomputed from a guessed address.
    # SHA-256 named explicitly: Django's default (SHA-1) changes in a later release,
    # which would silently void every link already sent.
    digest = salted_hmac(DATA_LINK_SALT, email.strip().casefold(), algorithm="sha256")
    return digest.hexdigest()[:32]


def make_data_token(comment: Comment) -> str:
    return signing.dumps(
        {"c": comment.pk, "h": _address_digest(comment.author_email)},
        salt=DATA_LINK_SALT,
        compress=True,
    )


def data_link(comment: Comment) -> str:
    path = reverse("comments:my_data", kwargs={"token": make_data_token(comment)})
    return f"{settings.SITE_URL}{path}"


def address_for_token(token: str) -> str:
    """The e-mail address a data link was made for; DataLinkError when it opens nothing."""
    try:
        payload = signing.loads(token, salt=DATA_LINK_SALT, max_age=DATA_LINK_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise DataLinkError(expired=True) from exc
    except signing.BadSignature as exc:
        raise DataLinkError() from exc
    if not isinstance(payload, dict):
        raise DataLinkError()
    email = (
        Comment.objects.filter(pk=payload.get("c")).values_list("author_email", flat=True).first()
    )
    if not email or _address_digest(email) != payload.get("h"):
        # The comment was erased (or its address changed) since the link was sent.
        raise DataLinkError()
    return email


def comments_of(email: str) -> QuerySet:
    """Every comment written with this address, in any state, newest first."""
    if not email.strip():
        return Comment.objects.none()
    return (
        Comment.objects.filter(author_email__iexact=email.strip())
        .select_related("article")
        .order_by("-created_at", "-pk")
    )


@transaction.atomic
def request_data_link(*, email: str) -> None:
    """Send the address a link to its data when it wrote comments; do nothing visible otherwise.

    The caller answers the same way in both cases. Only a comment id reaches the
    task (its arguments may be stored by a worker backend), never the address.
    """
    comment = comments_of(email).select_related(None).only("pk").first()
    if comment is None:
        return
    digest = _address_digest(email)
    if not cache.add(f"comments:data-link:{digest}", 1, timeout=DATA_LINK_THROTTLE_SECONDS):
        return
    from .tasks import send_data_link_email

    transaction.on_commit(partial(send_data_link_email.enqueue, comment_id=comment.pk), robust=True)


def send_data_link(*, comment_id: int) -> bool:
    """E-mail the author of a comment the signed link to all their comments (run by a task)."""
    from .emails import data_link_email

    comment = Comment.objects.filter(pk=comment_id).first()
    if comment is None:
        return False
    message = data_link_email(comment, link=data_link(comment), hours=DATA_LINK_MAX_AGE // 3600)
    return bool(message and message.send())


# -- export and erasure ----------------------------------------------------------------


def export_data(email: str) -> dict:
    """Everything the site holds about the comments of this address, as JSON-ready data."""
    comments = list(comments_of(email))
    return {
        "site": settings.SITE_URL,
        "email": email,
        "exported_at": timezone.now().isoformat(),
        "comments": [
            {
                "id": comment.pk,
                "article": comment.article.title,
                "article_url": f"{settings.SITE_URL}{comment.article.get_absolute_url()}",
                "in_reply_to": comment.parent_id,
                "status": comment.status,
                "created_at": comment.created_at.isoformat(),
                "name": comment.author_name,
                "email": comment.author_email,
                "website": comment.author_url,
                "text": comment.body,
                "ip_address": comment.ip_address,
                "user_agent": comment.user_agent,
                "notify_on_approval": comment.notify_on_approval,
            }
            for comment in comments
        ],
    }


@dataclass(frozen=True)
class Erasure:
    comments: int
    text_kept: bool


@transaction.atomic
def erase_author_data(*, email: str, keep_text: bool) -> Erasure:
    """Anonymise every comment of this address; the text stays only when ``keep_text``.

    The rows stay (replies by others hang from them, and the history row needs
    one); name, e-mail, website, IP address and user agent are blanked, opt-ins
    switched off. Each comment gets one history row that says it was erased,
    and no erased value. Public pages showing them are dropped from the cache.
    """
    if not email.strip():
        return Erasure(comments=0, text_kept=keep_text)
    ids = list(
        Comment.objects.select_for_update(of=("self",))
        .filter(author_email__iexact=email.strip())
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        return Erasure(comments=0, text_kept=keep_text)
    locked = Comment.objects.filter(pk__in=ids)
    ModerationEvent.objects.bulk_create(
        ModerationEvent(
            comment_id=pk,
            actor=None,
            from_status=status,
            to_status=status,
            note=ERASED_NOTE_TEXT_KEPT if keep_text else ERASED_NOTE_TEXT_REMOVED,
        )
        for pk, status in locked.values_list("pk", "status")
    )
    slugs = list(locked.values_list("article__slug", flat=True).distinct())
    fields = {
        "author_name": "",
        "author_email": "",
        "author_url": "",
        "ip_address": None,
        "user_agent": "",
        "notify_on_approval": False,
        "erased_at": timezone.now(),
    }
    if not keep_text:
        fields.update(body="", body_html="")
    # update(): one statement for all rows, and no save() that would re-render body_html.
    locked.update(**fields)
    # update() sends no signal: the articles' cached pages are told here.
    invalidation.comments_changed(slugs)
    return Erasure(comments=len(ids), text_kept=keep_text)
