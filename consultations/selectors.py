"""What may be seen of consultations. Drafts belong to their municipality's officers alone; comments are
public after the close, or at once where the municipality chose so, and always to their author."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from .enums import ConsultationStatus
from .models import Comment, Consultation


def consultations_visible_to(user, municipality) -> QuerySet[Consultation]:
    qs = Consultation.objects.filter(municipality=municipality)
    if user.has_perm("consultations.manage_consultations", municipality):
        return qs
    return qs.exclude(status=ConsultationStatus.DRAFT)


def consultation_visible_to(user, municipality, pk: int) -> Consultation | None:
    """One consultation of the municipality as consultations_visible_to would give it, or None. Its
    search_document (the whole normalised text) is not read, and its municipality is the one given: the
    consultation page asks for this on every request."""
    found = Consultation.objects.filter(municipality=municipality, pk=pk).order_by().defer("search_document")[:1]
    consultation = next(iter(found), None)
    if consultation is None or (consultation.status == ConsultationStatus.DRAFT
                                and not user.has_perm("consultations.manage_consultations", municipality)):
        return None
    consultation.municipality = municipality
    return consultation


def comments_are_public(consultation, now=None) -> bool:
    """Whether anyone may read every comment: after the close, or at once where the municipality's rules say so."""
    if consultation.status == ConsultationStatus.DRAFT:
        return False
    from .services import rules_for

    now = now or timezone.now()
    return consultation.closes_at <= now or rules_for(consultation.municipality).comments_public_at_once


def comment_list(user, consultation) -> tuple[QuerySet[Comment], bool]:
    """The comments `user` may read, and whether they are all of the consultation's comments (a list that is
    then the same for everyone who reads it)."""
    qs = Comment.objects.filter(consultation=consultation).select_related("organization", "author", "paragraph")
    if user.has_perm("consultations.manage_consultations", consultation.municipality):
        return qs, True
    if consultation.status == ConsultationStatus.DRAFT:
        return qs.none(), False
    if comments_are_public(consultation):
        return qs, True
    return (qs.filter(author=user) if user.is_authenticated else qs.none()), False


def comments_visible_to(user, consultation) -> QuerySet[Comment]:
    return comment_list(user, consultation)[0]


@dataclass(frozen=True)
class PageStamps:
    """What the public page of a consultation shows from its related rows, summed up so that any change of
    them changes a stamp: added, edited, answered or deleted comments (every save stamps updated_at, an
    answer answered_at), new versions (versions never change), attachments and meetings added or removed."""

    comment_count: int
    comments: str
    others: str


def page_stamps(consultation) -> PageStamps:
    """The consultation's PageStamps, in one query. Plain SQL: the ORM would spend longer building the four
    grouped subqueries than the database spends answering them, on a page served hundreds of times a second.
    The rows are those of a consultation already read within the municipality's scope."""
    from django.db import connection

    from .models import Attachment, DocumentVersion, Meeting

    tables = {name: connection.ops.quote_name(model._meta.db_table)
              for name, model in (("comment", Comment), ("version", DocumentVersion), ("attachment", Attachment),
                                  ("meeting", Meeting))}
    # Only our own table names are formatted in; the id is a parameter.
    sql = (
        "SELECT c.n, c.last, c.changed, c.answered, v.n, v.last, a.n, a.last, m.n, m.last, m.starts FROM "  # noqa: S608
        f"(SELECT COUNT(*) AS n, MAX(id) AS last, MAX(updated_at) AS changed, MAX(answered_at) AS answered "
        f"FROM {tables['comment']} WHERE consultation_id = %s) c, "
        f"(SELECT COUNT(*) AS n, MAX(id) AS last FROM {tables['version']} WHERE consultation_id = %s) v, "
        f"(SELECT COUNT(*) AS n, MAX(id) AS last FROM {tables['attachment']} WHERE consultation_id = %s) a, "
        f"(SELECT COUNT(*) AS n, MAX(id) AS last, MAX(starts_at) AS starts FROM {tables['meeting']} "
        "WHERE consultation_id = %s) m"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [consultation.pk] * 4)
        row = cursor.fetchone()
    return PageStamps(comment_count=row[0], comments="|".join(map(str, row[:4])),
                      others="|".join(map(str, row[4:])))


# --- Public side (issue #5): lists, states, the portal across municipalities, open data. ---

PUBLIC_STATES = ("upcoming", "open", "closed", "report")


def with_state(queryset: QuerySet[Consultation], state: str, now=None) -> QuerySet[Consultation]:
    """Narrow consultations to one public state: upcoming (published, not yet open), open, closed (published,
    past the close, no report yet) or report (report published). An unknown state leaves the list as it is."""
    now = now or timezone.now()
    published = ConsultationStatus.PUBLISHED
    if state == "upcoming":
        return queryset.filter(status=published, opens_at__gt=now)
    if state == "open":
        return queryset.filter(status=published, opens_at__lte=now, closes_at__gt=now)
    if state == "closed":
        return queryset.filter(status=published, closes_at__lte=now)
    if state == "report":
        return queryset.filter(status=ConsultationStatus.REPORT_PUBLISHED)
    return queryset


def public_state(consultation: Consultation, now=None) -> str:
    """The state a visitor sees: draft, upcoming, open, closed or report."""
    now = now or timezone.now()
    if consultation.status == ConsultationStatus.DRAFT:
        return "draft"
    if consultation.status == ConsultationStatus.REPORT_PUBLISHED:
        return "report"
    if now < consultation.opens_at:
        return "upcoming"
    return "open" if now < consultation.closes_at else "closed"


def published_consultations() -> QuerySet[Consultation]:
    """Published consultations of every municipality (public data only; built unscoped, so it can be
    filtered and evaluated outside any municipality's scope)."""
    from django_scopes import scopes_disabled

    with scopes_disabled():
        return (Consultation.objects.exclude(status=ConsultationStatus.DRAFT)
                .select_related("municipality"))


def municipalities_with_published_consultations() -> QuerySet:
    """Municipalities with at least one published consultation, by name (one index probe each)."""
    from django.db.models import Exists, OuterRef

    from cooperation.models import Municipality

    published = published_consultations().filter(municipality=OuterRef("pk"))
    return Municipality.objects.filter(Exists(published)).order_by("name")


def newest_published_consultations(limit: int = 30) -> list[Consultation]:
    return list(published_consultations().filter(published_at__isnull=False).order_by("-published_at", "-id")[:limit])


def open_data_consultations() -> QuerySet[Consultation]:
    """Published consultations with their comment and answer counts, for the open data export."""
    from django.db.models import Count, Q

    return (published_consultations()
            .annotate(comment_count=Count("comments"),
                      answered_count=Count("comments", filter=Q(comments__answered_at__isnull=False)))
            .order_by("municipality__name", "-opens_at", "id"))


def consultation_page(consultation: Consultation) -> dict:
    """Everything the public page of one consultation shows besides comments, in a fixed number of queries:
    the versions (newest last), the current version's paragraphs grouped by section, attachments and
    meetings."""
    from itertools import groupby

    versions = list(consultation.versions.order_by("number"))
    current = versions[-1] if versions else None
    paragraphs = list(current.paragraphs.order_by("order")) if current else []
    sections = [(section, list(items)) for section, items in groupby(paragraphs, key=lambda p: p.section)]
    return {
        "versions": versions,
        "current_version": current,
        "paragraphs": paragraphs,
        "sections": sections,
        "attachments": list(consultation.attachments.order_by("created_at", "id")),
        "meetings": list(consultation.meetings.order_by("starts_at")),
    }
