"""The cache on Redis that keeps the site working when Redis is not.

Everything on the cache (sign-in rate limits, API throttles) then goes to the database cache
named by ``FALLBACK``: a Redis that refuses connections, or accepts them and never answers,
costs one short timeout per process per pause of its breaker, never a 500.
"""

from __future__ import annotations

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

from popsote.core.breaker import Breaker

# Per Redis address, shared by the threads of a process (each thread has its own backend).
_breakers: dict[str, Breaker] = {}


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._fallback_alias = params["FALLBACK"]
        self.breaker = _breakers.setdefault(server, Breaker(f"Redis cache at {server}"))

    @property
    def fallback(self):
        return caches[self._fallback_alias]

    def _either(self, name: str, *args, **kwargs):
        if not self.breaker.is_open:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except RedisError as error:
                self.breaker.trip(error)
        return getattr(self.fallback, name)(*args, **kwargs)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._either("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._either("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._either("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._either("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._either("delete", key, version)

    def get_many(self, keys, version=None):
        return self._either("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._either("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._either("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._either("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._either("delete_many", keys, version)

    def clear(self):
        return self._either("clear")
