"""The three signed cookies of the comment form, all private to the reader's browser.

* ``comments_pending`` lists the ids of comments this browser posted, so that
  their author (and nobody else) sees them in place while they await moderation.
  Signed, so nobody can list another reader's comment ids to peek at them.
* ``comments_author`` remembers name, e-mail and website when the reader ticks
  the consent box; it is deleted when they post without ticking it.
* ``comments_refused`` names a refused form kept in the cache: after an invalid
  post the reader is redirected to the article (never left on the posting URL),
  whose page shows the form again with what they typed and the errors, also
  after a reload, a language switch or the back button. Deleted once a comment
  is accepted; the cache entry expires with COMMENTS_FORM_MAX_AGE_SECONDS.

Both are HttpOnly. Pages rendered with them are personal: a shared cache must
never store them (see ``has_personal_comment_state``).
"""

import json
import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache

PENDING_COOKIE = "comments_pending"
AUTHOR_COOKIE = "comments_author"
PENDING_SALT = "comments.pending"
AUTHOR_SALT = "comments.author"
PENDING_MAX_AGE = 30 * 24 * 60 * 60
AUTHOR_MAX_AGE = 365 * 24 * 60 * 60
PENDING_MAX_IDS = 20
REFUSED_COOKIE = "comments_refused"
REFUSED_SALT = "comments.refused"
# What a refused form keeps: what the reader typed or ticked, never the captcha
# answer, the form token or the CSRF token (a redisplayed form gets fresh ones).
REFUSED_FIELDS = (
    "body",
    "author_name",
    "author_email",
    "author_url",
    "remember",
    "notify_on_approval",
    "notify_on_reply",
    "parent",
)


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
    return any(name in request.COOKIES for name in (PENDING_COOKIE, AUTHOR_COOKIE, REFUSED_COOKIE))


def _refused_key(request):
    try:
        key = request.get_signed_cookie(
            REFUSED_COOKIE,
            default=None,
            salt=REFUSED_SALT,
            max_age=settings.COMMENTS_FORM_MAX_AGE_SECONDS,
        )
    except signing.BadSignature:
        return None
    return f"comments:refused:{key}" if key else None


def keep_refused_form(response, *, article, data, errors, non_field_errors):
    """Keep a refused form for the article page the reader is sent back to.

    ``errors`` maps each field in error to its error codes; the messages of
    the form as a whole are kept as they are.
    """
    key = secrets.token_urlsafe(18)
    entry = {
        "article": article.pk,
        "data": {name: data[name] for name in REFUSED_FIELDS if isinstance(data.get(name), str)},
        "errors": {name: [str(code) for code in codes] for name, codes in errors.items()},
        "non_field_errors": [str(error) for error in non_field_errors],
    }
    cache.set(f"comments:refused:{key}", entry, timeout=settings.COMMENTS_FORM_MAX_AGE_SECONDS)
    response.set_signed_cookie(
        REFUSED_COOKIE,
        key,
        salt=REFUSED_SALT,
        **_cookie_options(settings.COMMENTS_FORM_MAX_AGE_SECONDS),
    )


def refused_form(request, article):
    """The refused form kept for this article, or None."""
    key = _refused_key(request)
    entry = cache.get(key) if key else None
    if isinstance(entry, dict) and entry.get("article") == article.pk:
        return entry
    return None


def forget_refused_form(request, response):
    key = _refused_key(request)
    if key:
        cache.delete(key)
    if REFUSED_COOKIE in request.COOKIES:
        response.delete_cookie(REFUSED_COOKIE, samesite="Lax")
