"""The anonymous page cache: whole public pages kept for visitors who are not signed in.

One version number for the portal's public data lives in the cache. Every write of the portal goes through a
service that records an audit entry, and `record_audit` bumps the version after the commit (a rendered PDF bumps
it too), so a cached page is never served after the data it shows has changed; the short lifetime
(`ANONYMOUS_PAGE_CACHE_SECONDS`) bounds what changes with time alone (a consultation that closes at noon; the
server enforces every deadline anyway). The middleware stores only what is the same for every visitor: GET
and HEAD answers 200 to a request without a session or messages, that used no CSRF token and set no cookie.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

VERSION_KEY = "public-pages:version"
# Cookies that do not make a page personal: the language (part of the key) and the CSRF cookie.
NEUTRAL_COOKIES = {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
# Never cached: accounts, the admin, the language switch, health checks, files and every officer page.
EXCLUDED_PREFIXES = ("/konto/", "/admin/", "/i18n/", "/healthz", "/media/", "/static/", "/pulpit/")


def public_version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, None)


def bump_public_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there yet (or evicted): any new number invalidates what was cached
        cache.set(VERSION_KEY, 2, None)


def cache_seconds() -> int:
    return getattr(settings, "ANONYMOUS_PAGE_CACHE_SECONDS", 0)


def is_cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or cache_seconds() <= 0:
        return False
    if request.user.is_authenticated or set(request.COOKIES) - NEUTRAL_COOKIES:
        return False
    path = request.path_info
    return not path.startswith(EXCLUDED_PREFIXES) and "/panel/" not in path


def is_cacheable_response(request, response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


def page_key(request, language: str) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    htmx = "1" if request.headers.get("HX-Request") else "0"
    gzip = "gz" if "gzip" in request.headers.get("Accept-Encoding", "") else "id"
    return f"public-page:{language}:{htmx}:{gzip}:{request.method}:{path}"


def cached_page(key: str):
    """(the page stored under `key` if it was made at the current version or None, the current version), in
    one round trip: the version and the page are read together and a page of an older version is a miss."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        version = public_version()
    entry = found.get(key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == version:
        return entry[1], version
    return None, version


def store_page(key: str, version: int, response) -> None:
    cache.set(key, (version, response), cache_seconds())


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client builds a new `redis.Redis` for every call (its constructor fills a table of
    about 170 response callbacks), which made a cache hit cost about three times a bare request. A client is
    safe to share between threads (each command takes a connection from the pool), so one is kept per pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """Django's Redis cache that fails open: with Redis unreachable a read is a miss and a write is dropped
    (logged), so a Redis restart slows the portal down instead of failing every page and every write. Rate
    limits counted in the cache do not hold while Redis is down; the cache is not the place for anything that
    must not be lost (Celery has its own broker connection and retry, config/celery.py)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def _fail_open(self, operation: str, error: RedisError, answer):
        logger.warning("Cache %s skipped, Redis is unreachable: %s", operation, error)
        return answer

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            return self._fail_open("get", error, default)

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            return self._fail_open("get_many", error, {})

    def set(self, key, value, timeout=None, version=None):  # noqa: A003 - the cache API's name
        try:
            return super().set(key, value, timeout, version)
        except RedisError as error:
            return self._fail_open("set", error, None)

    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            return self._fail_open("add", error, True)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            return self._fail_open("incr", error, delta)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            return self._fail_open("delete", error, False)

    def touch(self, key, timeout=None, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as error:
            return self._fail_open("touch", error, False)
