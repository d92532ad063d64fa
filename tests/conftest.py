import os

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM is still used synchronously.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _default_language(settings):
    """Every test starts in the portal's default language; a request made by an earlier test must not leave
    its language active in this thread."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Public uploads (logos) go to a fresh folder per test. Private files go to var/test-private (set in
    config/settings/test.py): model fields bind their storage when the models load."""
    settings.MEDIA_ROOT = tmp_path / "media"


def _has_real_services() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")) and bool(
        os.environ.get("REDIS_URL")
    )


def _has_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def pytest_collection_modifyitems(config, items):
    """Integration tests need PostgreSQL and Redis shared with a worker process; concurrency tests need
    PostgreSQL's row locks (CI has both). Elsewhere they are deselected, and the run says so."""
    needs = {"integration": _has_real_services(), "postgresql": _has_postgresql()}
    kept, deselected = [], []
    for item in items:
        missing = any(item.get_closest_marker(marker) and not available for marker, available in needs.items())
        (deselected if missing else kept).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept
        print(f"\n{len(deselected)} test(s) deselected that need PostgreSQL (and Redis for integration tests): "
              "set DATABASE_URL (PostgreSQL) and REDIS_URL to run them.")
