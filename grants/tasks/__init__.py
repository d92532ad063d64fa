"""Celery tasks of grants, one module per stage (Celery's autodiscovery imports `grants.tasks`)."""

from . import awards, calls, evaluation, offers, small_grants  # noqa: F401
