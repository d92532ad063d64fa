"""What may be seen after the award. An organization sees its own contracts and reports, never another's;
the municipality's officers see the municipality's; everyone sees signed contracts (the public register)
and accepted reports."""

from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django_scopes import scopes_disabled

from cooperation.selectors import organization_ids_of

from ..enums import ContractStatus, OfferStatus, ReportStatus
from ..models import Contract, Offer, TaskReport

PUBLIC_CONTRACT_STATUSES = (ContractStatus.SIGNED, ContractStatus.SETTLED)
ZERO_AMOUNT = Decimal("0.00")
# The official form's wording (annex 5): the PDF is a Polish legal document whatever the interface language.
FORM_FUNDING_LABELS = {
    "grant": "Kwota dotacji",
    "own_financial": "Wkład własny finansowy",
    "own_non_financial": "Wkład własny niefinansowy (osobowy i rzeczowy)",
    "beneficiary_fees": "Świadczenia pieniężne od odbiorców zadania publicznego",
}
FORM_STATEMENTS = {
    "legal_status_unchanged": "od daty zawarcia umowy nie zmienił się status prawny Zleceniobiorcy(-ców);",
    "information_true": "wszystkie informacje podane w niniejszym sprawozdaniu są zgodne z aktualnym stanem prawnym "
                        "i faktycznym;",
    "procurement_respected": "zamówienia na dostawy, usługi i roboty budowlane za środki finansowe uzyskane w ramach "
                             "umowy zostały dokonane zgodnie z przepisami o zamówieniach publicznych, w zakresie, "
                             "w jakim mają one zastosowanie;",
    "amounts_incurred": "wszystkie kwoty wymienione w zestawieniu wydatków zostały faktycznie poniesione;",
    "personal_data": "w zakresie związanym z realizacją zadania publicznego, w tym z gromadzeniem, przetwarzaniem "
                     "i przekazywaniem danych osobowych, Zleceniobiorca działał zgodnie z przepisami o ochronie "
                     "danych osobowych.",
}


def contracts_visible_to(user, municipality) -> QuerySet[Contract]:
    qs = Contract.objects.filter(municipality=municipality).select_related("offer__organization")
    if user.has_perm("grants.manage_awards", municipality):
        return qs
    return qs.filter(offer__organization_id__in=organization_ids_of(user))


def public_contracts(municipality) -> QuerySet[Contract]:
    """The register of contracts signed (open data practice): number, date, organization, task, grant."""
    return (Contract.objects.filter(municipality=municipality, status__in=PUBLIC_CONTRACT_STATUSES)
            .select_related("offer__organization").order_by("-signed_on", "-id"))


def public_reports(municipality) -> QuerySet[TaskReport]:
    """Accepted reports: public information."""
    return (TaskReport.objects.filter(contract__municipality=municipality, status=ReportStatus.ACCEPTED)
            .select_related("contract__offer__organization").order_by("-decided_at", "-id"))


def offers_awaiting_contract(municipality) -> QuerySet[Offer]:
    return (Offer.objects.filter(municipality=municipality, status=OfferStatus.AWARDED, contract__isnull=True)
            .select_related("organization", "call").prefetch_related("versions").order_by("-decided_at", "-id"))


def contracts_for_officer(municipality) -> QuerySet[Contract]:
    return (Contract.objects.filter(municipality=municipality).select_related("offer__organization")
            .annotate(report_count=Count("reports"),
                      waiting_count=Count("reports", filter=Q(reports__status=ReportStatus.SUBMITTED)))
            .order_by("status", "-created_at", "-id"))


def reports_inbox(municipality) -> QuerySet[TaskReport]:
    return (TaskReport.objects.filter(contract__municipality=municipality)
            .exclude(status=ReportStatus.DRAFT)
            .select_related("contract__offer__organization")
            .order_by("status", "-submitted_at", "-id"))


def reports_of(contract, user) -> QuerySet[TaskReport]:
    """A contract's reports as this user may see them (the parties see drafts; others accepted ones only)."""
    qs = contract.reports.order_by("period_end", "id")
    if user.has_perm("grants.view_contract", contract):
        return qs
    return qs.filter(status=ReportStatus.ACCEPTED)


def my_contracts(user) -> list[Contract]:
    """Contracts of the user's organizations in every municipality (the desk)."""
    ids = organization_ids_of(user)
    if not ids:
        return []
    with scopes_disabled():
        return list(Contract.objects.filter(offer__organization_id__in=ids)
                    .select_related("offer__organization", "municipality").order_by("-created_at", "-id"))


# --- Documents (the contract and report PDFs) -------------------------------------------------------------------


def contract_document_context(contract) -> dict:
    """Everything the contract PDF (templates/grants/pdf/contract.html) shows, read once."""
    from .. import offer_content
    from ..enums import OfferKind, TaskForm, VersionReason
    from ..services import awards as services

    content = contract.version.content
    sums = offer_content.totals(content)
    form = services.task_form(contract.offer, content)
    offerors = content.get("offerors") or []
    return {
        "contract": contract, "offer": contract.offer, "organization": contract.offer.organization,
        "municipality": contract.municipality, "version": contract.version, "content": content, "sums": sums,
        "is_support": form == TaskForm.SUPPORT, "is_small_grant": contract.offer.kind == OfferKind.SMALL_GRANT,
        "is_budget_update": contract.version.reason == VersionReason.BUDGET_UPDATE,
        "offerors": offerors, "joint": len(offerors) > 1,
        "tranches": list(contract.tranches.order_by("due_on", "year")),
        "multi_year": contract.task_start.year != contract.task_end.year,
        "grant_share": offer_content.percent_of(contract.grant_amount, sums.total),
        "bank_account": services.format_bank_account(contract.bank_account),
        "report_days": services.grant_rules(contract.municipality).report_days,
        "final_due": services.final_report_due(contract), "return_days": services.RETURN_DAYS,
        "partial_notice_days": services.PARTIAL_REPORT_NOTICE_DAYS, "draft": contract.status == ContractStatus.DRAFT,
    }


def report_document_context(report) -> dict:
    """Everything the report PDF (templates/grants/pdf/report.html, zał. 5 structure) shows."""
    from .. import offer_content
    from ..enums import ReportKind
    from ..services import awards as services

    contract = report.contract
    content = report.content
    sums = services.report_totals(content)
    lines = []
    for index, line in enumerate(content.get("costs") or []):
        planned_years = [offer_content.amount((line.get("planned_years") or {}).get(y)) or ZERO_AMOUNT
                         for y in sums.years]
        incurred_years = [offer_content.amount((line.get("incurred") or {}).get(y)) or ZERO_AMOUNT for y in sums.years]
        lines.append({"number": index + 1, "line": line, "planned_years": planned_years,
                      "planned_period": sum(planned_years, ZERO_AMOUNT), "incurred_years": incurred_years,
                      "incurred": sums.line_incurred[index]})
    funding = [{"label": FORM_FUNDING_LABELS[key], "planned": sums.funding_planned[key],
                "planned_share": sums.planned_share(key), "incurred": sums.funding_incurred[key],
                "incurred_share": sums.incurred_share(key)} for key in offer_content.FUNDING_KEYS]
    statements = [(FORM_STATEMENTS[key], (content.get("statements") or {}).get(key) is True)
                  for key in services.STATEMENT_KEYS]
    return {
        "report": report, "contract": contract, "offer": contract.offer, "organization": contract.offer.organization,
        "municipality": contract.municipality, "content": content, "sums": sums, "lines": lines, "funding": funding,
        "statements": statements, "is_final": report.kind == ReportKind.FINAL,
        "unused": services.unused_grant(report) if report.kind == ReportKind.FINAL else None,
        "activity_lines": [row for row in lines if row["line"].get("category") != "administrative"],
        "admin_lines": [row for row in lines if row["line"].get("category") == "administrative"],
        "columns": 4 + 2 * len(sums.years),
    }
