"""`make test`: DATABASE_URL and REDIS_URL when set, in-memory SQLite and eager tasks otherwise."""

import uuid
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
STORAGES["private"]["OPTIONS"]["location"] = Path(env("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "test-private")))  # noqa: F405
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "test-media")))  # noqa: F405
# Unit tests run tasks eagerly; the integration test starts a real worker on Redis.
CELERY_TASK_ALWAYS_EAGER = True
if REDIS_URL:  # noqa: F405
    # A fresh key prefix per run, so rate-limit counters and cached pages never leak from an earlier run.
    CACHES["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex[:12]}"  # noqa: F405
if not env("DATABASE_URL", default=""):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
WHITENOISE_AUTOREFRESH = True  # serve from the finders; no collectstatic needed for tests
# Tests change data behind the services' back (dates moved with .update()); the page cache has its own tests.
ANONYMOUS_PAGE_CACHE_SECONDS = 0
