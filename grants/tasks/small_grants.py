"""Celery tasks of grants: small_grants."""
