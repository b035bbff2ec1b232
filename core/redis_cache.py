"""Django's Redis cache with its client made once per connection pool: Django makes a new
redis-py client for every cache operation, and each one builds redis-py's table of several
hundred reply handlers (60 µs, half a round trip to Redis). Caches are per thread in Django,
so each thread keeps its own client."""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        if pool not in clients:
            clients[pool] = self._client(connection_pool=pool)
        return clients[pool]


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClient
