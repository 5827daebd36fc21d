"""The Redis cache, degraded to "always a miss" while Redis is unreachable.

Nothing in the hub needs the cache to be right, only fast: sessions are
``cached_db`` (the database holds them), API throttling counts are best effort. So a
Redis restart or outage must not turn every page into a 500: reads answer the default,
writes are dropped, and each failure is logged.
"""

from __future__ import annotations

import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (ConnectionError, TimeoutError)


def _unavailable(operation: str, error: Exception) -> None:
    logger.warning("Cache unavailable (%s): %s", operation, error)


class ResilientRedisCacheClient(RedisCacheClient):
    def add(self, key, value, timeout):
        try:
            return super().add(key, value, timeout)
        except UNAVAILABLE as error:
            _unavailable("add", error)
            return False

    def get(self, key, default):
        try:
            return super().get(key, default)
        except UNAVAILABLE as error:
            _unavailable("get", error)
            return default

    def set(self, key, value, timeout):
        try:
            super().set(key, value, timeout)
        except UNAVAILABLE as error:
            _unavailable("set", error)

    def touch(self, key, timeout):
        try:
            return super().touch(key, timeout)
        except UNAVAILABLE as error:
            _unavailable("touch", error)
            return False

    def delete(self, key):
        try:
            return super().delete(key)
        except UNAVAILABLE as error:
            _unavailable("delete", error)
            return False

    def get_many(self, keys):
        try:
            return super().get_many(keys)
        except UNAVAILABLE as error:
            _unavailable("get_many", error)
            return {}

    def has_key(self, key):
        try:
            return super().has_key(key)
        except UNAVAILABLE as error:
            _unavailable("has_key", error)
            return False

    def set_many(self, data, timeout):
        try:
            super().set_many(data, timeout)
        except UNAVAILABLE as error:
            _unavailable("set_many", error)

    def delete_many(self, keys):
        try:
            super().delete_many(keys)
        except UNAVAILABLE as error:
            _unavailable("delete_many", error)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
