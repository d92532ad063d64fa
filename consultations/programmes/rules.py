"""Permissions of cooperation programmes as django-rules predicates. Default deny.

Objects: the Municipality for the officer's pages; a Programme or a ProgrammeReport for reading one. Drafts
(a programme not yet published, a report not yet published) are for the municipality's officers and the
platform administrators alone."""

import rules

from cooperation.rules import is_officer_of, is_platform_admin


@rules.predicate
def is_published_programme(user, programme) -> bool:
    from .enums import ProgrammeStatus

    return programme is not None and programme.status == ProgrammeStatus.PUBLISHED


@rules.predicate
def is_published_report(user, report) -> bool:
    from .enums import ProgrammeReportStatus

    return report is not None and report.status == ProgrammeReportStatus.PUBLISHED


# Object: the Municipality. Writing programmes and reports, sending to consultation and to the council.
rules.add_perm("consultations.manage_programmes", is_platform_admin | is_officer_of)
# Object: a Programme / a ProgrammeReport (is_officer_of reads its municipality_id).
rules.add_perm("consultations.view_programme", is_published_programme | is_platform_admin | is_officer_of)
rules.add_perm("consultations.view_programme_report", is_published_report | is_platform_admin | is_officer_of)
