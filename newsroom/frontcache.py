"""The front cache (nginx, ``deploy/``): what it may keep, and purging what changed.

**What it may keep** is said by the app, in ``Cache-Control`` (``shared_headers``
and ``personal_headers``): a page every anonymous reader shares is ``public``
with ``s-maxage`` (``FRONT_CACHE_SECONDS``) for the shared cache, ``max-age=0``
for browsers (they revalidate with the page's ETag), ``stale-while-revalidate``
and ``stale-if-error``; a page rendered for one reader is ``private, no-store``.
nginx follows those headers; it only adds what it can decide before the app
answers (cookies that make a page personal, see ``deploy/nginx/``).

**Purging.** A front cache keeps a page until its ``s-maxage`` runs out, so when
an article or a comment changes, the pages that show it are purged from every
front cache listed in ``FRONT_CACHE_PURGE_URLS``: one ``PURGE /_purge/<URL>``
request per URL and language (nginx's cache purge module from Debian; see the
README for why not Varnish). Which URLs? Each shared page the app renders is remembered in
Redis sets, one per tag it depends on (the page cache's own: the site, the
listings, one article), so the invalidation that drops a tag from the page
cache (``pagecache``) also hands the tag to ``purge_tags``. The purge itself runs
in a task (``django.tasks``; the ``db_worker`` in production) once the change is
committed, and once more ``FRONT_CACHE_REPURGE_SECONDS`` later: a reader whose
request was rendered from the rows before the commit may store that page in the
front cache just after the first purge.

Without ``FRONT_CACHE_PURGE_URLS`` nothing is remembered or purged, and shared
pages get no ``s-maxage`` unless ``FRONT_CACHE_SECONDS`` is set.
"""

import http.client
import logging
import threading
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.cache import patch_cache_control
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .retry import try_again_soon

logger = logging.getLogger(__name__)

SET_PREFIX = "frontcache:urls:"
# nginx's purge location (deploy/nginx/newsroom.conf.template): PURGE /_purge/<page>.
PURGE_PATH = "/_purge"


def shared_headers(response, *, seconds=None):
    """Cache-Control of a page every anonymous reader shares.

    ``seconds``: the most the page may live in a shared cache (it may expire
    earlier than ``FRONT_CACHE_SECONDS``: comments closing, an article coming out).
    """
    front = settings.FRONT_CACHE_SECONDS
    if seconds is not None:
        front = max(0, min(front, int(seconds)))
    if front <= 0:
        # No front cache to purge: browsers keep the page but ask every time.
        patch_cache_control(response, max_age=0, must_revalidate=True)
        return
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=front,
        stale_while_revalidate=settings.FRONT_CACHE_STALE_WHILE_REVALIDATE,
        stale_if_error=settings.FRONT_CACHE_STALE_IF_ERROR,
    )


def personal_headers(response):
    """Cache-Control of a page rendered for one reader: no shared or stored copy."""
    patch_cache_control(response, private=True, no_store=True)


# Remembered URLs ------------------------------------------------------------------------


def _redis():
    """The Redis client behind the default cache, or None (each process's own memory)."""
    try:
        from django_redis import get_redis_connection
    except ImportError:
        return None
    try:
        return get_redis_connection("default")
    except NotImplementedError:
        return None


# Without Redis (development, tests), remembered URLs live in this process.
_local_lock = threading.Lock()


def _set_key(tag):
    return cache.make_key(SET_PREFIX + tag)


def _lifetime():
    """How long a front cache may still hand out a page: its s-maxage and stale windows."""
    return settings.FRONT_CACHE_SECONDS + max(
        settings.FRONT_CACHE_STALE_WHILE_REVALIDATE, settings.FRONT_CACHE_STALE_IF_ERROR
    )


def remember(request, tags):
    """Note that the page of ``request`` may now sit in a front cache, under ``tags``.

    False when it could not be noted (Redis down): the page must then not be
    kept by a front cache, since no purge would find it.
    """
    if not settings.FRONT_CACHE_PURGE_URLS or settings.FRONT_CACHE_SECONDS <= 0:
        return True
    url = request.get_host() + request.get_full_path()
    client = _redis()
    if client is None:
        with _local_lock:
            for tag in tags:
                urls = cache.get(SET_PREFIX + tag, set())
                urls.add(url)
                cache.set(SET_PREFIX + tag, urls, timeout=_lifetime())
        return True
    try:
        with client.pipeline(transaction=False) as pipe:
            for tag in tags:
                pipe.sadd(_set_key(tag), url)
                pipe.expire(_set_key(tag), _lifetime())
            pipe.execute()
    except (RedisConnectionError, RedisTimeoutError, OSError):
        return False  # logged once a minute by newsroom.cache's breaker, not per page
    except RedisError:
        logger.exception("Front cache: could not remember %s", url)
        return False
    return True


def _pop(tags):
    """The URLs remembered under ``tags``, forgotten in the same step."""
    client = _redis()
    urls = set()
    if client is None:
        with _local_lock:
            for tag in tags:
                urls |= cache.get(SET_PREFIX + tag, set())
                cache.delete(SET_PREFIX + tag)
        return urls
    with client.pipeline(transaction=True) as pipe:
        for tag in tags:
            pipe.smembers(_set_key(tag))
            pipe.delete(_set_key(tag))
        results = pipe.execute()
    for members in results[::2]:
        urls |= {member.decode() if isinstance(member, bytes) else member for member in members}
    return urls


# Purging --------------------------------------------------------------------------------


def purge_tags(tags):
    """Purge, once the transaction commits, every front-cached page remembered under ``tags``."""
    if not settings.FRONT_CACHE_PURGE_URLS:
        return
    tags = sorted(set(tags))
    transaction.on_commit(lambda: purge_front_cache.enqueue(tags=tags), robust=True)


def _purge_one_cache(base_url, urls, languages):
    """PURGE each URL in each language at one front cache; the number of failures."""
    parts = urlsplit(base_url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(
        parts.hostname, parts.port, timeout=settings.FRONT_CACHE_PURGE_TIMEOUT
    )
    failures = 0
    try:
        for url in urls:
            host, slash, path = url.partition("/")
            for language in languages:
                try:
                    connection.request(
                        "PURGE",
                        PURGE_PATH + slash + path,
                        headers={"Host": host, "Accept-Language": language},
                    )
                    response = connection.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException):
                    connection.close()
                    failures += 1
                    continue
                # 200: purged; 404: it was not cached (any more).
                if response.status not in (200, 404):
                    failures += 1
    finally:
        connection.close()
    return failures


@task
def purge_front_cache(*, tags=(), urls=(), again=True, attempt=1):
    """Purge the URLs remembered under ``tags`` (and ``urls``) from every front cache.

    What cannot be done now is tried again (``newsroom.retry``): the remembered
    URLs while Redis cannot be read, the purges a front cache did not take
    (nginx keeps its cache on disk across a restart).
    """
    try:
        targets = sorted(set(urls) | _pop(tags))
    except (RedisError, OSError):
        try_again_soon(purge_front_cache, attempt=attempt, tags=list(tags), urls=list(urls))
        return 0
    if not targets:
        return 0
    languages = [code for code, _name in settings.LANGUAGES]
    failed = {}
    for base_url in settings.FRONT_CACHE_PURGE_URLS:
        failures = _purge_one_cache(base_url, targets, languages)
        if failures:
            failed[base_url] = failures
    if (
        again
        and settings.FRONT_CACHE_REPURGE_SECONDS > 0
        and purge_front_cache.get_backend().supports_defer
    ):
        later = timezone.now() + timedelta(seconds=settings.FRONT_CACHE_REPURGE_SECONDS)
        purge_front_cache.using(run_after=later).enqueue(urls=targets, again=False)
    if failed:
        try_again_soon(purge_front_cache, attempt=attempt, urls=targets, again=False)
        # Tried again soon; this attempt stays on record (and in the log) as failed.
        raise RuntimeError(f"Front cache purge failed: {failed}")
    return len(targets)
