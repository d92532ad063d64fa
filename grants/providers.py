"""Deadlines, open tasks and evidence of open calls, small grants and contracts, registered with
cooperation.features by grants/hooks.py. Each provider is a fixed handful of queries, whatever the data size:
they run on the officer dashboard and the public standards tracker."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from cooperation.features import Deadline, Evidence, OpenTask

from .enums import CallStatus, ContractStatus, OfferKind, OfferStatus, ReportKind, ReportStatus
from .models import Call, Contract, GrantRules, Offer, TaskReport, Tranche
from .services.small_grants import add_working_days

EVIDENCE_PER_STANDARD = 3
TASKS_PER_KIND = 20
OPEN_REPORT_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def _url(name: str, municipality, **kwargs) -> str:
    return reverse(name, kwargs={"municipality_slug": municipality.slug, **kwargs})


def _rules(municipality) -> GrantRules:
    """The municipality's grant rules, read only: an unsaved instance with the statutory defaults when none
    were saved (a GET creates nothing)."""
    return GrantRules.objects.filter(municipality=municipality).first() or GrantRules(municipality=municipality)


def _contract_label(contract: Contract) -> str:
    return _("contract %(number)s (%(organization)s)") % {
        "number": contract.number, "organization": contract.offer.organization.name}


# --- Deadlines ------------------------------------------------------------------------------------------------


def call_deadlines(municipality, today: date) -> list[Deadline]:
    """Announced calls: the offers' deadline (art. 13 ust. 1: at least 21 days after the announcement) and the
    day by which offers are to be chosen (the announcement's own date). One query."""
    now = timezone.now()
    found = []
    calls = (Call.objects.filter(municipality=municipality, status=CallStatus.PUBLISHED)
             .filter(Q(deadline__gte=now) | Q(selection_by__gte=today)).only("pk", "title", "deadline", "selection_by"))
    for call in calls:
        if call.deadline >= now:
            found.append(Deadline(due=call.deadline, title=_("Offers accepted until: %(title)s") % {"title": call.title},
                                  url=_url("grants:call_admin", municipality, pk=call.pk), basis="art. 13 ust. 1",
                                  feature="calls"))
        if call.selection_by >= today:
            found.append(Deadline(due=call.selection_by,
                                  title=_("Offers to be chosen by: %(title)s") % {"title": call.title},
                                  url=_url("grants:evaluation_offers", municipality, pk=call.pk), feature="calls"))
    return found


def small_grant_deadlines(municipality, today: date) -> list[Deadline]:
    """Small grant offers (art. 19a): received ones to publish within the working days of ust. 3, published
    ones whose comment period (ust. 4) ends. Two queries."""
    rules = _rules(municipality)
    found = []
    offers = Offer.objects.filter(municipality=municipality, kind=OfferKind.SMALL_GRANT, status=OfferStatus.SUBMITTED,
                                  submitted_at__isnull=False).filter(
        Q(published_at__isnull=True) | Q(comments_until__gte=timezone.now())
    ).only("pk", "title", "number", "submitted_at", "published_at", "comments_until")
    for offer in offers:
        name = offer.title or offer.number
        if offer.published_at is None:
            found.append(Deadline(
                due=add_working_days(timezone.localdate(offer.submitted_at), rules.small_grant_publish_working_days),
                title=_("Publish the small grant offer: %(title)s") % {"title": name},
                url=_url("grants:small_grant_admin", municipality, pk=offer.pk), basis="art. 19a ust. 3",
                feature="small_grants"))
        else:
            found.append(Deadline(
                due=offer.comments_until, title=_("Comments on the small grant offer end: %(title)s") % {"title": name},
                url=_url("grants:small_grant_admin", municipality, pk=offer.pk), basis="art. 19a ust. 4",
                feature="small_grants"))
    return found


def contract_deadlines(municipality, today: date) -> list[Deadline]:
    """Signed contracts: the final report (art. 18: GrantRules.report_days after the task ends) while none was
    submitted, partial reports asked for, tranches still to pay. Four queries."""
    rules = _rules(municipality)
    found = []
    earliest_end = today - timedelta(days=rules.report_days)
    contracts = (Contract.objects.filter(municipality=municipality, status=ContractStatus.SIGNED,
                                         task_end__gte=earliest_end)
                 .exclude(Exists(TaskReport.objects.filter(
                     contract=OuterRef("pk"), kind=ReportKind.FINAL,
                     status__in=(ReportStatus.SUBMITTED, ReportStatus.ACCEPTED))))
                 .select_related("offer__organization"))
    for contract in contracts:
        found.append(Deadline(
            due=contract.task_end + timedelta(days=rules.report_days),
            title=_("Final report due: %(contract)s") % {"contract": _contract_label(contract)},
            url=_url("grants:contract_detail", municipality, pk=contract.pk), basis="art. 18", feature="contracts"))
    partial = (TaskReport.objects.filter(contract__municipality=municipality, kind=ReportKind.PARTIAL,
                                         status__in=OPEN_REPORT_STATUSES, due_on__gte=today)
               .select_related("contract__offer__organization"))
    for report in partial:
        found.append(Deadline(
            due=report.due_on, title=_("Partial report due: %(contract)s") % {"contract": _contract_label(report.contract)},
            url=_url("grants:contract_detail", municipality, pk=report.contract_id), basis="art. 18",
            feature="contracts"))
    tranches = (Tranche.objects.filter(contract__municipality=municipality, contract__status=ContractStatus.SIGNED,
                                       paid_on__isnull=True, due_on__gte=today)
                .select_related("contract__offer__organization"))
    for tranche in tranches:
        found.append(Deadline(
            due=tranche.due_on,
            title=_("Tranche of %(amount)s PLN to pay: %(contract)s") % {
                "amount": number_format(tranche.amount, 2, force_grouping=True),
                "contract": _contract_label(tranche.contract)},
            url=_url("grants:contract_detail", municipality, pk=tranche.contract_id), feature="contracts"))
    return found


# --- Open tasks -----------------------------------------------------------------------------------------------


def grants_tasks(municipality) -> list[OpenTask]:
    """Offers awaiting the formal check (by call), calls past their deadline without results, small grant offers
    to publish or to decide, awarded offers without a contract, submitted reports, contracts to settle. Seven
    queries."""
    now = timezone.now()
    tasks = [
        OpenTask(title=_("Offers awaiting the formal check: %(title)s") % {"title": row["call__title"]},
                 url=_url("grants:evaluation_offers", municipality, pk=row["call_id"]), count=row["n"],
                 feature="calls")
        for row in Offer.objects.filter(municipality=municipality, kind=OfferKind.OPEN_CALL,
                                        status=OfferStatus.SUBMITTED)
        .values("call_id", "call__title").annotate(n=Count("id")).order_by("call__deadline", "call_id")[:TASKS_PER_KIND]
    ]
    tasks += [
        OpenTask(title=_("Call past its deadline, results not published: %(title)s") % {"title": title},
                 url=_url("grants:call_admin", municipality, pk=pk), feature="calls")
        for pk, title in Call.objects.filter(municipality=municipality, status=CallStatus.PUBLISHED, deadline__lt=now)
        .order_by("deadline", "id").values_list("pk", "title")[:TASKS_PER_KIND]
    ]
    small = Offer.objects.filter(municipality=municipality, kind=OfferKind.SMALL_GRANT,
                                 status=OfferStatus.SUBMITTED).aggregate(
        to_publish=Count("id", filter=Q(published_at__isnull=True)),
        to_decide=Count("id", filter=Q(comments_until__lt=now)),
    )
    admin_list = _url("grants:small_grant_admin_list", municipality)
    tasks += [
        OpenTask(title=_("Small grant offers to publish"), url=admin_list, count=small["to_publish"],
                 feature="small_grants"),
        OpenTask(title=_("Small grant offers awaiting a decision after the comments"), url=admin_list,
                 count=small["to_decide"], feature="small_grants"),
    ]
    contracts = _url("grants:contract_admin_list", municipality)
    tasks.append(OpenTask(
        title=_("Awarded offers without a contract"), url=contracts, feature="contracts",
        count=Offer.objects.filter(municipality=municipality, status=OfferStatus.AWARDED, contract__isnull=True).count()))
    tasks.append(OpenTask(
        title=_("Reports awaiting acceptance"), url=_url("grants:report_inbox", municipality), feature="contracts",
        count=TaskReport.objects.filter(contract__municipality=municipality, status=ReportStatus.SUBMITTED).count()))
    tasks.append(OpenTask(
        title=_("Contracts to settle (final report accepted)"), url=contracts, feature="contracts",
        count=Contract.objects.filter(municipality=municipality, status=ContractStatus.SIGNED,
                                      reports__kind=ReportKind.FINAL,
                                      reports__status=ReportStatus.ACCEPTED).distinct().count()))
    return tasks


# --- Evidence on the portal -----------------------------------------------------------------------------------


def grants_evidence(municipality) -> dict[str, list[Evidence]]:
    """Calls with published results (P2.A1.T2.S1: offers chosen by the announced criteria) and signed contracts
    spanning more than one budget year (P2.A1.T1.S2). Two queries."""
    found = {}
    calls = [
        Evidence(title=_("Results of the call: %(title)s") % {"title": call.title},
                 url=_url("grants:results", municipality, pk=call.pk),
                 day=timezone.localdate(call.results_published_at) if call.results_published_at else None)
        for call in Call.objects.filter(municipality=municipality, status=CallStatus.RESULTS_PUBLISHED)
        .only("pk", "title", "results_published_at").order_by(F("results_published_at").desc(nulls_last=True), "-id")
        [:EVIDENCE_PER_STANDARD]
    ]
    if calls:
        found["P2.A1.T2.S1"] = calls
    register = _url("grants:contract_public_list", municipality)
    contracts = [
        Evidence(title=_("Multi-year contract %(number)s: %(organization)s, %(start)s–%(end)s") % {
                     "number": contract.number, "organization": contract.offer.organization.name,
                     "start": contract.task_start.year, "end": contract.task_end.year},
                 url=register, day=contract.signed_on)
        for contract in Contract.objects.filter(
            municipality=municipality, status__in=(ContractStatus.SIGNED, ContractStatus.SETTLED))
        .exclude(task_start__year=F("task_end__year")).select_related("offer__organization")
        .order_by(F("signed_on").desc(nulls_last=True), "-id")[:EVIDENCE_PER_STANDARD]
    ]
    if contracts:
        found["P2.A1.T1.S2"] = contracts
    return found
