"""Captcha challenges: made by a POST only, at most COMMENTS_CHALLENGES_PER_HOUR per client.

A challenge is a database row (django-simple-captcha's ``CaptchaStore``). No
GET may write one: a crawler, a link prefetcher or an attacker reading pages
would otherwise fill the table and load the database at the price of a GET.
So the form's captcha widget never makes one (``forms.CommentCaptchaInput``
shows the key it is given, and fails loudly without), and every row comes
from ``issue_challenge``, which only POST views call: the form endpoint
(``views.comment_form_fresh``: the fields a shared page cannot carry, or the
no-JavaScript reader's way to the form page), the "another code" button
(``views.captcha_refresh``) and a refused post sending its reader back to the
form with a new code.

Each client address (an IPv6 address by its /64, what one subscriber gets)
may make ``COMMENTS_CHALLENGES_PER_HOUR`` challenges per clock hour; beyond,
``TooManyChallenges`` and nothing is created. The count lives in the cache,
which every process shares (Redis, or the file cache of one machine). A cache
that fails counts nothing and refuses nothing: readers can still comment,
each post still needs a fresh answered challenge, and unanswered rows expire
after CAPTCHA_TIMEOUT minutes (``manage.py captcha_clean`` on a timer).
"""

import ipaddress
import time

from captcha.models import CaptchaStore
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

# CaptchaStore.hashkey: a SHA-1 in hex.
KEY_LENGTH = 40
WINDOW_SECONDS = 3600


class TooManyChallenges(PermissionDenied):
    """This client made COMMENTS_CHALLENGES_PER_HOUR challenges this hour: no new one."""

    message = _(
        "Too many security codes were asked for from your connection. "
        "Please wait a few minutes before trying again."
    )


def _client(ip_address):
    """What the limit counts: the address, an IPv6 one by its /64; a keyed hash of it."""
    try:
        address = ipaddress.ip_address(ip_address or "")
    except ValueError:
        client = "unknown"
    else:
        if address.version == 6:
            client = str(ipaddress.ip_network(f"{address}/64", strict=False))
        else:
            client = str(address)
    # Never the address itself in a cache key (a shared cache's monitoring may show keys).
    return salted_hmac("comments.challenges.client", client, algorithm="sha256").hexdigest()


def _over_limit(ip_address, now):
    limit = settings.COMMENTS_CHALLENGES_PER_HOUR
    if limit <= 0:
        return False
    key = f"comments:challenges:{_client(ip_address)}:{int(now // WINDOW_SECONDS)}"
    cache.add(key, 0, timeout=WINDOW_SECONDS + 60)
    try:
        count = cache.incr(key)
    except ValueError:
        # The key is gone (evicted, or the cache failed to store it): count nothing.
        return False
    return count is not None and count > limit


def issue_challenge(*, ip_address: str | None, now: float | None = None) -> str:
    """A new challenge's key, counted against the client's limit; TooManyChallenges beyond it."""
    if _over_limit(ip_address, time.time() if now is None else now):
        raise TooManyChallenges(TooManyChallenges.message)
    return CaptchaStore.generate_key()


def existing_challenge(key) -> str | None:
    """``key`` when it names a challenge that has not expired, else None: a read, never a write."""
    if not isinstance(key, str) or len(key) != KEY_LENGTH or not key.isalnum():
        return None
    alive = CaptchaStore.objects.filter(hashkey=key, expiration__gt=timezone.now())
    return key if alive.exists() else None
