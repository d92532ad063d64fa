"""Permissions after the award: budget updates, contracts, reports. Default deny.

Objects: the Municipality for the officer's pages; an Offer, a Contract or a TaskReport for the rest. An
organization's members act for its offers; the municipality's officers manage; accepted reports are public."""

import rules

from cooperation.rules import is_officer_of, is_platform_admin
from cooperation.selectors import organization_ids_of


def _organization_id(obj) -> int | None:
    """The organization behind an Offer, a Contract or a TaskReport."""
    from ..models import Contract, Offer, TaskReport

    if isinstance(obj, Offer):
        return obj.organization_id
    if isinstance(obj, Contract):
        return obj.offer.organization_id
    if isinstance(obj, TaskReport):
        return obj.contract.offer.organization_id
    return None


def _municipality_id(obj) -> int | None:
    from ..models import TaskReport

    if isinstance(obj, TaskReport):
        return obj.contract.municipality_id
    return getattr(obj, "municipality_id", None)


@rules.predicate
def is_member_for(user, obj) -> bool:
    """The user belongs to the organization whose offer, contract or report this is."""
    organization_id = _organization_id(obj) if obj is not None else None
    return organization_id is not None and organization_id in organization_ids_of(user)


@rules.predicate
def is_officer_for(user, obj) -> bool:
    """The user is an officer of the municipality of this offer, contract or report."""
    from cooperation.selectors import officer_municipality_ids

    municipality_id = _municipality_id(obj) if obj is not None else None
    return municipality_id is not None and municipality_id in officer_municipality_ids(user)


@rules.predicate
def is_accepted_report(user, report) -> bool:
    from ..enums import ReportStatus

    return report is not None and report.status == ReportStatus.ACCEPTED


@rules.predicate
def is_editable_report(user, report) -> bool:
    from ..enums import ReportStatus

    return report is not None and report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)


# Object: the Municipality. Contracts, tranches, signing, the reports inbox, settling.
rules.add_perm("grants.manage_awards", is_platform_admin | is_officer_of)
# Object: an Offer. Updating the budget after a lower grant, starting reports: the organization's members.
rules.add_perm("grants.act_for_offer", is_member_for)
# Object: a Contract. Its page and PDF: the organization's members, the municipality's officers, administrators.
rules.add_perm("grants.view_contract", is_member_for | is_officer_for | is_platform_admin)
# Object: a TaskReport. Anyone once accepted (public information); before that the parties only.
rules.add_perm("grants.view_report", is_accepted_report | is_member_for | is_officer_for | is_platform_admin)
rules.add_perm("grants.edit_report", is_member_for & is_editable_report)
