"""Permissions of grants as django-rules predicates, one module per stage. Default deny."""

from . import awards, calls, evaluation, offers, small_grants  # noqa: F401  (registers the permissions)
