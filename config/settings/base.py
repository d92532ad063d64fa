"""Settings shared by every environment. Values come from environment variables (django-environ)."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # trigram lookups for the consultation search; inert on SQLite
    "django.forms",
    "django_htmx",
    "django_scopes",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "import_export",
    "cooperation",
    "consultations",
    "grants",
    "self_assessment",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cooperation.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cooperation.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cooperation.middleware.RequireMFAMiddleware",
    "cooperation.middleware.AnonymousPageCacheMiddleware",
    # Inside the page cache, so that a cached page is stored compressed (a key of its own for gzip).
    "cooperation.middleware.TextCompressionMiddleware",
    "cooperation.middleware.MunicipalityScopeMiddleware",
]
# Public pages kept for visitors who are not signed in (cooperation/caching.py): any write through the services
# makes them stale at once; this bounds what changes with time alone. 0 turns the cache off (the tests do).
ANONYMOUS_PAGE_CACHE_SECONDS = env.int("ANONYMOUS_PAGE_CACHE_SECONDS", default=30)

ROOT_URLCONF = "config.urls"
FORM_RENDERER = "cooperation.rendering.PortalFormRenderer"
FORMS_URLFIELD_ASSUME_HTTPS = True
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "cooperation.context_processors.portal",
            ],
        },
    },
]

# One PostgreSQL database in production; SQLite under var/ for `make run`.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "cooperation.caching.ResilientRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "cooperation.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "cooperation:dashboard"

# django-allauth: e-mail login, mandatory verification, rate limits, TOTP.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Współpraca] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="https")
# login_failed: the 6th failed attempt on one address within 5 minutes is refused (even with the right
# password). The per-IP allowance is wider because a whole town hall often shares one address.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/5m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/h/ip",
    "reset_password": "5/h/ip,3/h/key",
    "confirm_email": "3/10m/key",
}
ACCOUNT_ADAPTER = "cooperation.adapters.AccountAdapter"
# Tell people by e-mail when their password, e-mail addresses or two-factor settings change.
ACCOUNT_EMAIL_NOTIFICATIONS = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Współpraca"

LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "django_language"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Files that must pass a permission check: never below MEDIA_ROOT, never served by the web server.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": Path(env("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))},
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
LOGO_MAX_BYTES = 1024 * 1024
IMPORT_MAX_BYTES = 5 * 1024 * 1024

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Współpraca <noreply@wspolpraca.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: without REDIS_URL tasks run in-process (make run); with it, a worker does them.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Municipalities whose officers and the platform's administrators must use TOTP.
MFA_REQUIRED_FOR_STAFF = env.bool("MFA_REQUIRED_FOR_STAFF", default=True)

PORTAL_NAME = "Współpraca"
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
PORTAL_OPERATOR = env("PORTAL_OPERATOR", default="Operator portalu Współpraca")
PORTAL_CONTACT_EMAIL = env("PORTAL_CONTACT_EMAIL", default="dostepnosc@wspolpraca.localhost")
PORTAL_CONTACT_PHONE = env("PORTAL_CONTACT_PHONE", default="+48 22 000 00 00")
PORTAL_PUBLISHED_ON = env("PORTAL_PUBLISHED_ON", default="2026-11-23")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Values of the law that were unverified or changed over time (legal.md [UNV]): settings, not constants.
COUNCIL_TERM_YEARS = env.int("COUNCIL_TERM_YEARS", default=3)  # art. 41e ust. 3 (2 before 2015)
COUNCIL_OPINION_DAYS = env.int("COUNCIL_OPINION_DAYS", default=14)  # art. 41i ust. 2
GRANTS_MAX_CONTRACT_YEARS = env.int("GRANTS_MAX_CONTRACT_YEARS", default=5)  # art. 16 ust. 4
GRANTS_ANONYMOUS_COMMENTS_PER_HOUR = env.int("GRANTS_ANONYMOUS_COMMENTS_PER_HOUR", default=5)

# The offer editor posts a row of fields per cost line; 1,000 cost lines need more than Django's default 1,000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 40000
