"""Celery tasks of grants: evaluation."""
