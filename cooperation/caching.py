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
from django.core.cache.backends.redis import RedisCache
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
    return f"public-page:{public_version()}:{language}:{htmx}:{request.method}:{path}"


class ResilientRedisCache(RedisCache):
    """Django's Redis cache that fails open: with Redis unreachable a read is a miss and a write is dropped
    (logged), so a Redis restart slows the portal down instead of failing every page and every write. Rate
    limits counted in the cache do not hold while Redis is down; the cache is not the place for anything that
    must not be lost (Celery has its own broker connection and retry, config/celery.py)."""

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
