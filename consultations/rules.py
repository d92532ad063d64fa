"""Permissions of consultations as django-rules predicates. Default deny."""

import rules

from cooperation.rules import is_officer_of, is_organization_member, is_platform_admin

# Object: the Municipality.
rules.add_perm("consultations.manage_consultations", is_platform_admin | is_officer_of)
rules.add_perm("consultations.comment", rules.is_authenticated)


# --- The public benefit council (consultations/council.py) ----------------------------------------------------


def _council_municipality_id(obj) -> int | None:
    """The municipality of a council record: a term, opinion request or council request has it; a meeting or a
    member has it through its term."""
    if obj is None:
        return None
    if getattr(obj, "municipality_id", None):
        return obj.municipality_id
    term = getattr(obj, "term", None)
    return getattr(term, "municipality_id", None)


@rules.predicate
def is_officer_of_council_record(user, obj) -> bool:
    from cooperation.selectors import officer_municipality_ids

    municipality_id = _council_municipality_id(obj)
    return municipality_id is not None and municipality_id in officer_municipality_ids(user)


@rules.predicate
def is_published_term(user, term) -> bool:
    from .models import CouncilTermStatus

    return term is not None and term.status == CouncilTermStatus.PUBLISHED


@rules.predicate
def has_published_minutes(user, meeting) -> bool:
    from .models import CouncilTermStatus

    return (meeting is not None and meeting.minutes_published_at is not None
            and meeting.term.status == CouncilTermStatus.PUBLISHED)


@rules.predicate
def is_public_opinion(user, opinion) -> bool:
    from .enums import ConsultationStatus

    return opinion is not None and (opinion.consultation_id is None
                                    or opinion.consultation.status != ConsultationStatus.DRAFT)


# Object: the Municipality. Terms, members, meetings, attendance, minutes and opinion requests.
rules.add_perm("consultations.manage_council", is_platform_admin | is_officer_of)
# Object: the Organization on whose behalf the request to create the council is started or signed
# (its owners and editors; the service also checks that it is confirmed in the municipality).
rules.add_perm("consultations.sign_council_request", is_organization_member)
# Objects: a CouncilTerm, a CouncilMeeting (its minutes), an OpinionRequest. Everyone reads what is published;
# drafts and unpublished minutes are for the municipality's officers.
rules.add_perm("consultations.view_council_term", is_published_term | is_platform_admin | is_officer_of_council_record)
rules.add_perm("consultations.view_council_minutes",
               has_published_minutes | is_platform_admin | is_officer_of_council_record)
rules.add_perm("consultations.view_council_opinion", is_public_opinion | is_platform_admin | is_officer_of_council_record)
