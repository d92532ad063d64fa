"""`make test`: DATABASE_URL and REDIS_URL when set, in-memory SQLite and eager tasks otherwise."""

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
if not env("DATABASE_URL", default=""):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
