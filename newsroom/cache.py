"""Django's Redis cache backend, minus a per-operation cost.

``django.core.cache.backends.redis.RedisCacheClient.get_client()`` builds a new
``redis.Redis`` for every cache operation, and each one fills a table of some
170 response callbacks: about 0.2 ms of CPU per get, which is most of what a
page served from the cache costs. A ``redis.Redis`` is thread-safe and only
borrows connections from its pool, so one per pool is enough.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
