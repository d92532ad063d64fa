"""Reads of the self-assessment: what the public may see is only ever published notes and their data."""

from django.db.models import Prefetch

from .enums import EditionStatus
from .models import Edition, NoteRevision


def editions_of(municipality):
    return Edition.objects.filter(municipality=municipality).order_by("-period_end", "-id")


def published_editions(municipality):
    """Editions with at least one published note, newest first, with their latest revision prefetched."""
    return (
        Edition.objects.filter(municipality=municipality, status=EditionStatus.PUBLISHED)
        .prefetch_related(Prefetch("revisions", queryset=NoteRevision.objects.order_by("-number")))
        .order_by("-period_end", "-id")
    )


def latest_published_revisions():
    """The newest revision of every published edition, across municipalities (public data only)."""
    from django_scopes import scopes_disabled

    with scopes_disabled():
        revisions = list(
            NoteRevision.objects.filter(edition__status=EditionStatus.PUBLISHED)
            .select_related("edition__municipality")
            .order_by("edition__municipality__name", "-edition__period_end", "edition_id", "-number")
        )
    latest, seen = [], set()
    for revision in revisions:
        if revision.edition_id not in seen:
            seen.add(revision.edition_id)
            latest.append(revision)
    return latest


def regional_comparison():
    """Per municipality, its latest published edition's newest revision."""
    by_municipality = {}
    for revision in latest_published_revisions():
        by_municipality.setdefault(revision.edition.municipality_id, revision)
    return sorted(by_municipality.values(), key=lambda r: r.edition.municipality.name)
