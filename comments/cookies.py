"""The two signed cookies of the comment form, both private to the reader's browser.

* ``comments_pending`` lists the ids of comments this browser posted, so that
  their author (and nobody else) sees them in place while they await moderation.
  Signed, so nobody can list another reader's comment ids to peek at them.
* ``comments_author`` remembers name, e-mail and website when the reader ticks
  the consent box; it is deleted when they post without ticking it.

Both are HttpOnly. Pages rendered with them are personal: a shared cache must
never store them (see ``has_personal_comment_state``).
"""

import json

from django.conf import settings
from django.core import signing

PENDING_COOKIE = "comments_pending"
AUTHOR_COOKIE = "comments_author"
PENDING_SALT = "comments.pending"
AUTHOR_SALT = "comments.author"
PENDING_MAX_AGE = 30 * 24 * 60 * 60
AUTHOR_MAX_AGE = 365 * 24 * 60 * 60
PENDING_MAX_IDS = 20


def _cookie_options(max_age):
    return {
        "max_age": max_age,
        "httponly": True,
        "samesite": "Lax",
        "secure": settings.SESSION_COOKIE_SECURE,
    }


def _read(request, name, salt, max_age):
    try:
        raw = request.get_signed_cookie(name, default=None, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None


def pending_comment_ids(request):
    """Ids of the comments this browser posted recently (forged or broken cookies count as none)."""
    value = _read(request, PENDING_COOKIE, PENDING_SALT, PENDING_MAX_AGE)
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, int) and not isinstance(item, bool)]


def remember_pending_comment(request, response, comment_id):
    ids = [i for i in pending_comment_ids(request) if i != comment_id] + [comment_id]
    response.set_signed_cookie(
        PENDING_COOKIE,
        json.dumps(ids[-PENDING_MAX_IDS:]),
        salt=PENDING_SALT,
        **_cookie_options(PENDING_MAX_AGE),
    )


def remembered_author(request):
    """The name, e-mail and website saved with the reader's consent, or an empty dict."""
    value = _read(request, AUTHOR_COOKIE, AUTHOR_SALT, AUTHOR_MAX_AGE)
    if not isinstance(value, dict):
        return {}
    fields = ("author_name", "author_email", "author_url")
    return {key: value[key] for key in fields if isinstance(value.get(key), str)}


def remember_author(response, *, author_name, author_email, author_url):
    response.set_signed_cookie(
        AUTHOR_COOKIE,
        json.dumps(
            {"author_name": author_name, "author_email": author_email, "author_url": author_url}
        ),
        salt=AUTHOR_SALT,
        **_cookie_options(AUTHOR_MAX_AGE),
    )


def forget_author(response):
    response.delete_cookie(AUTHOR_COOKIE, samesite="Lax")


def has_personal_comment_state(request):
    """True when the article page would differ for this browser (pending comments, saved author).

    Page caching must bypass such requests, both to show the pending comment
    and to keep the saved e-mail address out of any shared copy.
    """
    return PENDING_COOKIE in request.COOKIES or AUTHOR_COOKIE in request.COOKIES
