"""Celery tasks of grants: offers."""
