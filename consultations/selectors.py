"""What may be seen of consultations. Drafts belong to their municipality's officers alone; comments are
public after the close, or at once where the municipality chose so, and always to their author."""

from django.db.models import QuerySet
from django.utils import timezone

from .enums import ConsultationStatus
from .models import Comment, Consultation


def consultations_visible_to(user, municipality) -> QuerySet[Consultation]:
    qs = Consultation.objects.filter(municipality=municipality)
    if user.has_perm("consultations.manage_consultations", municipality):
        return qs
    return qs.exclude(status=ConsultationStatus.DRAFT)


def comments_visible_to(user, consultation) -> QuerySet[Comment]:
    qs = Comment.objects.filter(consultation=consultation).select_related("organization", "author", "paragraph")
    if user.has_perm("consultations.manage_consultations", consultation.municipality):
        return qs
    if consultation.status == ConsultationStatus.DRAFT:
        return qs.none()
    from .services import rules_for

    public = consultation.closes_at <= timezone.now() or rules_for(consultation.municipality).comments_public_at_once
    if public:
        return qs
    return qs.filter(author=user) if user.is_authenticated else qs.none()





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
