"""Redis as a cache, never as a single point of failure.

The cache backend is django-redis with ``IGNORE_EXCEPTIONS``: when Redis is down
a read is a miss and a write is dropped, so pages are rendered without the cache
and comments are still stored (the flood rules' real guard is the database).

What django-redis leaves to us is the cost of a Redis that *hangs*: every
operation waits for its socket timeout, and a page makes several. The
connection class below is a small circuit breaker: the first failure (refused,
reset or timed out) marks Redis down in this process for
``CACHE_RETRY_SECONDS``; until then a new connection fails at once instead of
waiting, and one connection attempt per interval finds out whether Redis is
back. The failure is logged once a minute per process, not once per request.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.connection import Connection, ConnectionPool
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

LOG_INTERVAL_SECONDS = 60


class _Breaker:
    """One Redis server's state in this process: down until when, and when last logged."""

    def __init__(self):
        self.down_until = 0.0
        self.logged_at = -LOG_INTERVAL_SECONDS
        self.lock = threading.Lock()

    def check(self):
        if time.monotonic() < self.down_until:
            raise RedisConnectionError("Redis marked down after a recent failure")

    def trip(self, error):
        now = time.monotonic()
        with self.lock:
            self.down_until = now + getattr(settings, "CACHE_RETRY_SECONDS", 5)
            should_log = now - self.logged_at >= LOG_INTERVAL_SECONDS
            if should_log:
                self.logged_at = now
        if should_log:
            # No URL and no password: the error's class and text name the fault.
            logger.error(
                "Cache (Redis) unavailable, pages are served without it: %s: %s "
                "(logged at most once a minute)",
                type(error).__name__,
                error,
            )


class CircuitBreakerConnection(Connection):
    """A redis-py connection that fails fast while its Redis is known to be down."""

    breaker = None  # set per pool: one server's failure says nothing about another

    def connect(self, *args, **kwargs):
        self.breaker.check()
        try:
            return super().connect(*args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError, OSError) as error:
            self.breaker.trip(error)
            raise

    def read_response(self, *args, **kwargs):
        try:
            return super().read_response(*args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError, OSError) as error:
            self.breaker.trip(error)
            raise


class CircuitBreakerPool(ConnectionPool):
    """django-redis's pool (``CONNECTION_POOL_CLASS``), with the fail-fast connections."""

    def __init__(self, connection_class=Connection, **kwargs):
        if connection_class is Connection:
            # django-redis keeps one pool per server and process: so does the breaker.
            connection_class = type(
                "PooledCircuitBreakerConnection",
                (CircuitBreakerConnection,),
                {"breaker": _Breaker()},
            )
        super().__init__(connection_class=connection_class, **kwargs)


def delete_many_acknowledged(keys, *, alias="default") -> bool:
    """Delete ``keys`` from a cache; False when the cache could not be reached.

    With ``IGNORE_EXCEPTIONS`` django-redis answers a delete that never reached
    Redis exactly as one that did. For most writes that is the point; a caller
    that must not lose a delete (dropping the page cache's tokens after a
    moderator's decision) asks here, through django-redis's own client, which
    raises instead. Other backends (files, local memory) raise real errors.
    """
    backend = caches[alias]
    if not isinstance(backend, RedisCache):
        backend.delete_many(keys)
        return True
    try:
        backend.client.delete_many(keys)
    except ConnectionInterrupted:
        return False
    return True
