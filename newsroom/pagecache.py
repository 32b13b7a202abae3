"""Whole-page cache for anonymous readers, shared by every app server (Redis).

**Who gets a cached page.** A GET or HEAD of a public page (home, archive,
category, article, feeds) from a reader with no session cookie (so not logged
in), no messages cookie and no personal state that an app registered with
``register_personal_state()`` (the comments app: a pending comment of theirs, or
a remembered name and e-mail). Query parameters the page does not read are
dropped; ``page`` on a paginated page must be a real page in its canonical
form (``newsroom.pagination``: others are redirected or 404, never stored).
All such readers get the same bytes for one URL and language, so those bytes
are stored once. Everybody else gets a page rendered for them, exactly as
without this module.

**What a cached page never holds**: a CSRF token, a captcha or anything else
personal. Views see ``is_shared_page(request)`` and render the comment form
without them; the form fetches a fresh token and challenge from an uncached
endpoint when the reader starts typing (``comments.views.comment_form_fresh``).
Responses that set a cookie anyway are not stored.

**Invalidation** is by generation tokens kept in the cache. This module keeps
the tokens and knows nothing of articles or comments (newsroom imports no app):
``articles.invalidation`` decides which tokens a change drops, fed by model
signals, and calls ``drop()``.

* ``site``: every page depends on it, and so do ``site_data()`` values and
  fragments keyed by ``article_token()``. It also lapses by itself at the time
  the callable given to ``register_next_publication()`` returns (the next
  scheduled article coming out).
* ``listings``: pages that show comment counts (home, archive, categories).
* ``article:<slug>``: one article page and its comment pages, and the fragments
  keyed by ``article_token(slug)``.

A page is stored with the tokens it was built from and served only while they
are current, so one cache round trip fetches the tokens and the page together.
Values of ``site_data()`` and ``article_data()`` are kept in each process's
memory (``newsroom.fragments``) under a digest of the tokens they were built
from: the tokens are read from the shared cache on every use, so a dropped
token makes them unreachable in every process at once.

**A drop is never lost.** If the cache cannot be reached when a change is
committed (Redis down or hanging), the pages built before it would come back
with Redis, still under current tokens. The drop is then handed to a task
(``drop_tokens_later``; a row for the ``db_worker`` in production) that tries
again every ``CACHE_RETRY_SECONDS`` until the cache takes it (``newsroom.retry``).

**Conditional GET**: cached pages carry an ETag (a hash of their bytes) and a
matching ``If-None-Match`` is answered 304 without rendering.

**Front caches** (nginx, ``newsroom.frontcache``): a shared page says
``public, s-maxage`` (its remaining life here), a page rendered for one reader
``private, no-store``; each shared page is remembered under its tokens, and
``drop()`` also purges the pages remembered under the dropped ones.
"""

import hashlib
import logging
import secrets
import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.db import transaction
from django.http import HttpResponse, HttpResponsePermanentRedirect, QueryDict
from django.tasks import task
from django.utils.cache import get_conditional_response, patch_vary_headers

from . import frontcache
from .cache import delete_many_acknowledged
from .fragments import FRAGMENT_CACHE
from .pagination import CANONICAL_PAGE, PAGE_PARAMETER, canonical_page_location
from .retry import try_again_soon

logger = logging.getLogger(__name__)

SITE = "pagecache:site"
LISTINGS = "pagecache:listings"
STORED_HEADERS = ("Content-Type", "Content-Language")
_MISSING = object()


def _article_key(slug):
    return f"pagecache:article:{slug}"


# Filled by the apps at start-up (their AppConfig.ready()): newsroom imports no app.
_personal_state_checks = []
_next_publication = [lambda: None]


def register_personal_state(check):
    """Add ``check(request) -> bool``: True when the page would differ for this browser.

    Such requests never get or fill the shared copy (the comments app: a pending
    comment of the reader's, a remembered name and e-mail address).
    """
    if check not in _personal_state_checks:
        _personal_state_checks.append(check)


def register_next_publication(next_publication):
    """Set ``next_publication() -> unix time or None``: when the site's generation lapses.

    The articles app gives the time of the next scheduled article: nothing is
    saved when it comes out, so every page built before must lapse then.
    """
    _next_publication[0] = next_publication


def _current_site(site, now):
    """The site's generation (token and lapse time), a new one if it was dropped or lapsed."""
    if site is None or (site["until"] is not None and now >= site["until"]):
        site = {"token": secrets.token_hex(8), "until": _next_publication[0]()}
        cache.set(SITE, site, timeout=None)
    return site


def _kept(name, tokens, compute, timeout):
    """``compute()``, kept in this process's memory under ``name`` and ``tokens``.

    The tokens are part of the key: once a change drops one, the value can no
    longer be found, so it needs no deletion and cannot be served stale. Each
    process may then keep its own, in memory, as it keeps rendered fragments
    (``newsroom.fragments``): a change costs the shared cache no write but the
    new token, and a lookup no round trip but the one that read the tokens.
    """
    memory = caches[FRAGMENT_CACHE]
    digest = hashlib.sha256(repr((name, tokens)).encode()).hexdigest()
    key = f"pagecache:data:{digest}"
    # Not get_or_set(): its add() and second get() would unpickle every value
    # just computed once more, a safeguard for shared caches, not for this one.
    value = memory.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        memory.set(key, value, timeout=timeout)
    return value


def site_data(name, compute, *, timeout=DEFAULT_TIMEOUT):
    """``compute()``, kept while the site's generation token holds.

    For values that depend only on the site's articles and categories (the
    header's category menu, an article's neighbours): they are recomputed after
    ``site_changed()`` exactly as cached pages are. This caches data, not HTML,
    and works with the page cache off. One cache round trip (the token).
    """
    site = _current_site(cache.get(SITE), time.time())
    return _kept(name, [site["token"]], compute, timeout)


def _tokens(token_keys, found, now):
    """The site's generation and the current tokens of ``token_keys`` (SITE first)."""
    site = _current_site(found.get(SITE), now)
    tokens = [site["token"]]
    for key in token_keys[1:]:
        token = found.get(key)
        if token is None:
            token = secrets.token_hex(8)
            # add(): two first readers agree on one token.
            if not cache.add(key, token, timeout=None):
                token = cache.get(key, token)
        tokens.append(token)
    return site, tokens


def article_token(slug):
    """The article's current change token: put it in the key of any fragment cached for it.

    It changes whenever a cached page of the article would be dropped: the
    article's comments changed (``article:<slug>``) or anything on the site did
    (``site``: an article, a category, a byline saved or deleted, a scheduled
    article coming out). A fragment stored under, say, ``(slug, comments page,
    language, article_token(slug))`` is never served stale and needs no
    deletion of its own; old entries age out of the cache. One cache round trip.
    """
    keys = [SITE, _article_key(slug)]
    return ".".join(_tokens(keys, cache.get_many(keys), time.time())[1])


def _lookup(token_keys, page_key, now):
    """The generation tokens (SITE first) and the stored page, in one cache round trip.

    The page is stored under its URL and language with the tokens it was built
    from, and counts only while they are still the current ones.
    """
    found = cache.get_many([*token_keys, page_key])
    site, tokens = _tokens(token_keys, found, now)
    entry = found.get(page_key)
    if entry is not None and entry["tokens"] != tokens:
        entry = None
    return site, tokens, entry


def article_data(slug, name, compute, *, timeout=DEFAULT_TIMEOUT):
    """``compute()``, kept while the site's and this article's tokens hold.

    For what one article page shows (the rendered thread, the comment tree, the
    fragments of ``{% article_fragment %}``): it is recomputed after
    ``comments_changed()`` for the article, or ``site_changed()``, exactly as
    the cached page is, and works with the page cache off. One cache round trip
    (the tokens).
    """
    return _kept(("article", slug, name), article_token(slug), compute, timeout)


def _drop(keys):
    # Now, and again once the change is committed: a reader who rendered the page
    # between the two, from the not yet committed database, stored it under a
    # token that the second drop orphans. The second is the one that must happen.
    cache.delete_many(keys)
    transaction.on_commit(lambda: _drop_committed(keys), robust=True)
    # The same pages, in the front caches (nginx) in front of every app server.
    frontcache.purge_tags(keys)


def _drop_committed(keys):
    if not delete_many_acknowledged(keys):
        drop_tokens_later.enqueue(keys=sorted(keys))


@task
def drop_tokens_later(*, keys, attempt=1):
    """Drop ``keys`` that the cache could not take when their change was committed.

    Tried again until the cache answers (``newsroom.retry``): Redis answering
    again with the pages it kept serves them until the next try.
    """
    if delete_many_acknowledged(keys):
        if attempt > 1:
            logger.warning("Page cache: tokens %s dropped at attempt %d", keys, attempt)
        return
    try_again_soon(drop_tokens_later, attempt=attempt, keys=keys)


def drop(*, site=False, listings=False, article_slugs=()):
    """Drop generation tokens: every page and fragment built from them is stale.

    ``site``: everything; ``listings``: the pages showing comment counts;
    ``article_slugs``: these articles' pages and fragments. Which change drops
    what is decided in ``articles.invalidation``, the only caller.
    """
    keys = [_article_key(slug) for slug in set(article_slugs)]
    if site:
        keys.append(SITE)
    if listings:
        keys.append(LISTINGS)
    if keys:
        _drop(keys)


def is_shared_page(request):
    """True when this request gets (or fills) the copy every anonymous reader shares."""
    return getattr(request, "_page_cache_shared", False)


def _is_shareable(request, parameters=(), *, paginated=False):
    """True when the request may get the shared copy.

    Query parameters the page does not read (``utm_*``, ``fbclid``, anything
    else) are ignored: they get the shared copy of the page, never a render of
    their own, so no one can fill the cache or load the servers by varying them.
    Parameters that make a page personal are the apps' checks' business
    (``register_personal_state``: the comments app's ``?commenter`` and ``?repondre``).
    """
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return False
    if any(check(request) for check in _personal_state_checks):
        return False
    for name in ((PAGE_PARAMETER,) if paginated else ()) + tuple(parameters):
        values = request.GET.getlist(name)
        if len(values) > 1:
            return False
        if name == PAGE_PARAMETER and values and not CANONICAL_PAGE.fullmatch(values[0]):
            # 01, 0, last...: the view answers (404 on listings), not the shared copy.
            return False
    return True


def _canonical_query(request, parameters, *, paginated):
    """The query string the page depends on: ``page`` (never 1) and the declared parameters."""
    pairs = []
    for name in sorted({PAGE_PARAMETER, *parameters} if paginated else set(parameters)):
        value = request.GET.get(name)
        if value is None or (name == PAGE_PARAMETER and value == "1"):
            continue
        pairs.append((name, value))
    return urlencode(pairs)


def _can_store(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-cache", "no-store"))


def _finish(request, response, etag, *, tags, seconds):
    response["ETag"] = etag
    # Browsers keep the page but ask every time (an unchanged page costs a 304);
    # a front cache keeps it for up to `seconds` and is purged when it changes.
    # Not a page with other parameters (a search): each query would be one more
    # page to keep, remember and purge, for few readers.
    if any(name != PAGE_PARAMETER for name in request.GET):
        frontcache.shared_headers(response, seconds=0)
    else:
        # Only a page that a purge can find again may sit in a front cache:
        # not one that Redis, down, could not remember.
        remembered = frontcache.remember(request, tags)
        frontcache.shared_headers(response, seconds=seconds if remembered else 0)
    # Whoever caches downstream must tell readers apart as we do: by their cookies.
    patch_vary_headers(response, ["Cookie"])
    return get_conditional_response(request, etag=etag, response=response)


def cache_public_page(*, listing=False, article_kwarg=None, parameters=(), paginated=False):
    """Serve the view from the shared page cache to readers who may share it.

    ``paginated``: the page reads ``?page=N`` (``newsroom.pagination``): ``1``
    and zero-padded numbers are redirected to the canonical URL, for every
    reader; on other pages ``page`` is one more parameter the page ignores.
    ``listing``: the page shows comment counts. ``article_kwarg``: the URL
    keyword holding the slug of the article whose comments the page shows.
    ``parameters``: query parameters besides ``page`` that the page depends on
    (the search's ``q``); each value is a page of its own.
    A view may lower the entry's lifetime with ``response.page_cache_seconds``.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if paginated:
                # ?page=1 is the page itself, ?page=0002 page 2: one URL (and one
                # cache entry) per page, whoever asks. Anonymous readers' links
                # lose what the page does not read, as the shared copy does.
                query = request.GET
                if _is_shareable(request, parameters):
                    query = QueryDict(mutable=True)
                    for name in (PAGE_PARAMETER, *parameters):
                        if name in request.GET:
                            query.setlist(name, request.GET.getlist(name))
                location = canonical_page_location(request.path, query)
                if location is not None:
                    return HttpResponsePermanentRedirect(location)
            shareable = _is_shareable(request, parameters, paginated=paginated)
            if not shareable:
                response = view(request, *args, **kwargs)
                frontcache.personal_headers(response)
                return response
            query = _canonical_query(request, parameters, paginated=paginated)
            # The view sees the canonical request (utm_*, fbclid... removed), so the
            # copy it renders holds no trace of what the first reader's link carried.
            request.GET = QueryDict(query)
            request.META["QUERY_STRING"] = query
            # Rendered for everyone alike, stored or not: GETs never write (no captcha).
            request._page_cache_shared = True
            if settings.PAGE_CACHE_SECONDS <= 0:
                return view(request, *args, **kwargs)
            now = time.time()
            token_keys = [SITE]
            if listing:
                token_keys.append(LISTINGS)
            if article_kwarg:
                token_keys.append(_article_key(kwargs[article_kwarg]))
            url = request.build_absolute_uri(request.path) + (f"?{query}" if query else "")
            page = f"{request.LANGUAGE_CODE}\x1f{url}"
            key = "pagecache:page:" + hashlib.sha256(page.encode()).hexdigest()
            site, tokens, entry = _lookup(token_keys, key, now)
            if entry is not None:
                response = HttpResponse(entry["content"])
                for header, value in entry["headers"].items():
                    response[header] = value
                return _finish(
                    request,
                    response,
                    entry["etag"],
                    tags=token_keys,
                    seconds=entry.get("expires", now) - now,
                )

            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            if not _can_store(response):
                return response
            etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
            timeout = min(
                settings.PAGE_CACHE_SECONDS,
                getattr(response, "page_cache_seconds", settings.PAGE_CACHE_SECONDS),
            )
            if site["until"] is not None:
                timeout = min(timeout, site["until"] - now)
            if timeout >= 1:
                headers = {name: response[name] for name in STORED_HEADERS if name in response}
                entry = {
                    "tokens": tokens,
                    "content": response.content,
                    "headers": headers,
                    "etag": etag,
                    "expires": now + timeout,
                }
                cache.set(key, entry, timeout=int(timeout))
            return _finish(request, response, etag, tags=token_keys, seconds=timeout)

        return wrapper

    return decorator
