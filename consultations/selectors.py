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



