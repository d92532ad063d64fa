"""Registrations of grants's existing pages with cooperation.features: the feature cards, deadlines,
open tasks and evidence (the officer dashboard and the standards tracker are built from them)."""

from . import figures


def ready() -> None:
    figures.register()
