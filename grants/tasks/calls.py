"""Celery tasks of grants: calls."""
