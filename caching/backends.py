"""The shared cache (Redis) as a cache should be: when the server cannot be reached, reads miss
and writes do nothing, instead of failing the request.

Django's RedisCache raises on a connection error, so a Redis restart turned every request that
reads a cached value (the sites list, the site settings, the page cache) into a server error,
the admin included. Nothing this site keeps in Redis is needed for correctness: the page
cache's validity also rests on the database (caching/generation.py), so a generation bump that
could not reach Redis is made good by the database token, and any other value is rebuilt from
the database on a miss. Only connection and timeout errors are absorbed; anything else (a bad
key, a value that cannot be pickled) is still raised. Each absorbed failure is logged with its
type only. Give the client short timeouts in OPTIONS (settings/production.py): a network cut
must not hold a request for the operating system's TCP timeout.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
T = TypeVar("T")


# Per server address: until when (time.monotonic()) it is taken as down. After a failure the
# next calls miss at once for RETRY_SECONDS instead of each waiting for its own timeout.
_down_until: dict[str, float] = {}
RETRY_SECONDS = 1.0


def _absorbed(location: str, default: T, call: Callable[[], T]) -> T:
    if _down_until.get(location, 0.0) > time.monotonic():
        return default
    try:
        return call()
    except UNREACHABLE as error:
        _down_until[location] = time.monotonic() + RETRY_SECONDS
        logger.warning("Cache server unreachable: %s", type(error).__name__)
        return default


class ResilientRedisCache(RedisCache):
    """RedisCache whose reads miss and writes do nothing while Redis is unreachable."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._location = str(server)

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return _absorbed(
            self._location,
            default,
            lambda: super(ResilientRedisCache, self).get(key, default, version),
        )

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        return _absorbed(
            self._location, {}, lambda: super(ResilientRedisCache, self).get_many(keys, version)
        )

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return _absorbed(
            self._location, False, lambda: super(ResilientRedisCache, self).has_key(key, version)
        )

    def add(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> bool:
        return _absorbed(
            self._location,
            False,
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version),
        )

    def set(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> None:
        _absorbed(
            self._location,
            None,
            lambda: super(ResilientRedisCache, self).set(key, value, timeout, version),
        )

    def set_many(
        self, data: dict[Any, Any], timeout: Any = None, version: int | None = None
    ) -> list[Any]:
        return _absorbed(
            self._location,
            list(data),
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version),
        )

    def touch(self, key: Any, timeout: Any = None, version: int | None = None) -> bool:
        return _absorbed(
            self._location,
            False,
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version),
        )

    def delete(self, key: Any, version: int | None = None) -> bool:
        return _absorbed(
            self._location, False, lambda: super(ResilientRedisCache, self).delete(key, version)
        )

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        _absorbed(
            self._location,
            None,
            lambda: super(ResilientRedisCache, self).delete_many(keys, version),
        )

    def clear(self) -> bool:
        return _absorbed(self._location, False, lambda: super(ResilientRedisCache, self).clear())
