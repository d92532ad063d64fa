"""Celery tasks of grants: awards."""
