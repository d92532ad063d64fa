"""After the award: the organization updates its budget, reads its contract and writes reports; the officer
prepares and signs contracts, accepts or returns reports and settles; everyone reads the register of
contracts and the accepted reports.

Permission → form → service → message → redirect. A contract or report someone may not see is "not found"
(404) for a signed-in person and a login page for an anonymous one, so its existence does not leak."""

from datetime import date, timedelta
from decimal import Decimal
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cooperation import exporting
from cooperation.enums import RenderStatus
from cooperation.exceptions import DomainError
from cooperation.selectors import organization_ids_of
from cooperation.views.helpers import municipal_object_view, municipality_perm

from .. import offer_content
from ..enums import ContractStatus, OfferKind, OfferStatus, ReportKind, ReportStatus, TaskForm
from ..forms_awards import (
    FUNDING_LABELS,
    TRANCHE_ROWS_EXTRA,
    AcceptReportForm,
    BudgetForm,
    ContractForm,
    PartialReportRequestForm,
    ReportForm,
    ReturnReportForm,
    SettleForm,
    SignForm,
    StartReportForm,
    apply_problems,
)
from ..models import Contract, Offer, TaskReport
from ..offer_content import FUNDING_KEYS, ZERO
from ..selectors import awards as selectors
from ..services import awards as services

MANAGE = "grants.manage_awards"
TEMPLATES = "grants/awards/"
CONTRACT_RELATED = ("offer__organization", "offer__call", "municipality", "version")
REPORT_RELATED = ("contract__offer__organization", "contract__offer__call", "contract__municipality",
                  "contract__version")


def _deny(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


def object_view(model, perm: str, related=()):
    """`pk` becomes the object (found through the scoped manager: another municipality's is not found);
    without `perm` on it, anonymous people log in and everyone else gets 404."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, municipality_slug, pk, *args, **kwargs):
            obj = get_object_or_404(model.objects.select_related(*related), pk=pk)
            if not request.user.has_perm(perm, obj):
                return _deny(request)
            return view(request, obj, *args, **kwargs)

        return wrapper

    return decorator


officer_view = municipal_object_view(MANAGE, Contract)


def _contract_url(contract) -> str:
    return reverse("grants:contract_detail", kwargs={"municipality_slug": contract.municipality.slug, "pk": contract.pk})


def _report_url(report, name="report_detail") -> str:
    return reverse(f"grants:{name}", kwargs={"municipality_slug": report.contract.municipality.slug, "pk": report.pk})


def _ctx(request, **extra):
    return {"municipality": request.municipality, "ContractStatus": ContractStatus, "ReportStatus": ReportStatus,
            "RenderStatus": RenderStatus, "ReportKind": ReportKind, **extra}


def _file_response(document, filename_prefix: str):
    if document.pdf_status != RenderStatus.READY or not document.pdf:
        raise Http404
    response = FileResponse(document.pdf.open("rb"), as_attachment=True, content_type="application/pdf",
                            filename=document.pdf.name.rsplit("/", 1)[-1] or f"{filename_prefix}.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Budget update (the organization) ------------------------------------------------------------------------


@login_required
def budget_update(request, municipality_slug, pk):
    offer = get_object_or_404(Offer.objects.select_related("organization", "call"), pk=pk)
    if not request.user.has_perm("grants.act_for_offer", offer):
        raise Http404
    if not services.budget_update_allowed(offer):
        messages.error(request, _("The budget can be updated only when the grant awarded is lower than requested and "
                                  "before the contract is prepared."))
        return redirect("grants:award_list", municipality_slug=municipality_slug)
    base = services.latest_version(offer)
    evaluated = services.evaluated_version(offer)
    form = BudgetForm(request.POST or None, content=base.content, awarded=offer.awarded_amount)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_budget(offer=offer, actor=request.user, content=form.updated_content())
        except ValidationError as error:
            apply_problems(form, error, form.field_for)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The updated budget is sent. The officer will prepare the contract on it."))
            return redirect("grants:award_list", municipality_slug=municipality_slug)
    old = offer_content.totals(evaluated.content)
    return render(request, TEMPLATES + "budget_form.html", _ctx(
        request, offer=offer, form=form, requested=old.funding["grant"], old_total=old.total,
        old_share=old.share("grant"), funding_labels=FUNDING_LABELS))


# --- The organization's list of awards and contracts ---------------------------------------------------------


@login_required
@require_GET
def award_list(request, municipality_slug):
    """The organization's awarded offers in this municipality: budget update, contract, reports."""
    ids = organization_ids_of(request.user)
    offers = list(Offer.objects.filter(municipality=request.municipality, organization_id__in=ids,
                                       status=OfferStatus.AWARDED)
                  .select_related("organization", "call", "contract").prefetch_related("versions")
                  .order_by("-decided_at", "-id"))
    rows = []
    for offer in offers:
        contract = getattr(offer, "contract", None)
        rows.append({"offer": offer, "contract": contract,
                     "budget_needed": services.budget_update_allowed(offer, has_contract=contract is not None)})
    return render(request, TEMPLATES + "award_list.html", _ctx(request, rows=rows))


@login_required
@require_GET
def my_contracts(request):
    return render(request, TEMPLATES + "my_contracts.html", {"contracts": selectors.my_contracts(request.user),
                                                               "ContractStatus": ContractStatus})


# --- Contract page, PDF ----------------------------------------------------------------------------------------


@require_GET
@object_view(Contract, "grants.view_contract", CONTRACT_RELATED)
def contract_detail(request, contract):
    can_manage = request.user.has_perm(MANAGE, request.municipality)
    is_member = request.user.has_perm("grants.act_for_offer", contract.offer)
    reports = list(contract.reports.order_by("period_end", "id"))
    has_final = any(report.kind == ReportKind.FINAL for report in reports)
    final_accepted = any(r.kind == ReportKind.FINAL and r.status == ReportStatus.ACCEPTED for r in reports)
    for report in reports:
        report.due = services.report_due(report)
    return render(request, TEMPLATES + "contract_detail.html", _ctx(
        request, contract=contract, offer=contract.offer, tranches=list(contract.tranches.all()),
        reports=reports, can_manage=can_manage, is_member=is_member,
        form_label=TaskForm(services.task_form(contract.offer, contract.version.content)).label,
        final_due=services.final_report_due(contract), return_days=services.RETURN_DAYS,
        start_form=StartReportForm() if (is_member and contract.status == ContractStatus.SIGNED) else None,
        has_final=has_final, can_settle=can_manage and contract.status == ContractStatus.SIGNED and final_accepted,
        sign_form=SignForm() if can_manage and contract.status == ContractStatus.DRAFT else None,
        settle_form=SettleForm() if can_manage and contract.status == ContractStatus.SIGNED and final_accepted else None,
        bank_account=services.format_bank_account(contract.bank_account)))


@require_GET
@object_view(Contract, "grants.view_contract", ("municipality",))
def contract_pdf(request, contract):
    return _file_response(contract, f"umowa-{contract.pk}")


# --- Officer: contracts ----------------------------------------------------------------------------------------


@municipality_perm(MANAGE)
@require_GET
def contract_admin_list(request, municipality_slug):
    awaiting = list(selectors.offers_awaiting_contract(request.municipality))
    for offer in awaiting:
        offer.budget_pending = services.needs_budget_update(offer)
        offer.comments_pending = (offer.kind == OfferKind.SMALL_GRANT and (
            offer.comments_until is None or offer.comments_until >= timezone.now()))
    contracts = list(selectors.contracts_for_officer(request.municipality))
    return render(request, TEMPLATES + "contract_admin_list.html", _ctx(request, awaiting=awaiting, contracts=contracts))


def _tranche_initial(offer, version) -> dict:
    """One row per budget year: the grant split as the costs are, the remainder in the last year."""
    content = version.content
    start, end = offer_content.parse_date(content.get("start")), offer_content.parse_date(content.get("end"))
    if not start or not end:
        return {}
    years = services.task_years(start, end)
    by_year = offer_content.totals(content).by_year
    total = sum((by_year.get(str(y), ZERO) for y in years), ZERO)
    grant = offer.awarded_amount
    initial, given = {}, ZERO
    today = timezone.localdate()
    for index, year in enumerate(years):
        if index == len(years) - 1:
            part = grant - given
        elif total:
            part = (grant * by_year.get(str(year), ZERO) / total).quantize(Decimal("0.01"))
        else:
            part = ZERO
        given += part
        due = max(today + timedelta(days=14), start) if index == 0 else date(year, 1, 31)
        if due.year != year:
            due = date(year, 12, 31) if due.year > year else date(year, 1, 31)
        initial.update({f"tranche_{index}_year": year, f"tranche_{index}_amount": f"{part:.2f}",
                        f"tranche_{index}_due_on": due})
    return initial


@municipality_perm(MANAGE)
def contract_prepare(request, municipality_slug, pk):
    offer = get_object_or_404(Offer.objects.select_related("organization", "call"), pk=pk)
    if offer.status != OfferStatus.AWARDED:
        messages.error(request, _("A contract can be prepared only for an offer with a grant awarded."))
        return redirect("grants:contract_admin_list", municipality_slug=municipality_slug)
    existing = Contract.objects.filter(offer=offer).first()
    if existing is not None and existing.status != ContractStatus.DRAFT:
        messages.error(request, _("The contract is already signed: its terms no longer change."))
        return redirect(_contract_url(existing))
    version = services.latest_version(offer)
    if version is None:
        raise Http404
    start, end = offer_content.parse_date(version.content.get("start")), offer_content.parse_date(version.content.get("end"))
    years = services.task_years(start, end) if start and end else []
    rows = max(len(years), existing.tranches.count() if existing else 0) + TRANCHE_ROWS_EXTRA
    if existing is not None:
        initial = {"number": existing.number, "bank_account": existing.bank_account,
                   "cost_shift_percent": existing.cost_shift_percent,
                   "municipality_represented_by": existing.municipality_represented_by,
                   "organization_represented_by": existing.organization_represented_by}
        for index, tranche in enumerate(existing.tranches.all()):
            initial.update({f"tranche_{index}_year": tranche.year, f"tranche_{index}_amount": f"{tranche.amount:.2f}",
                            f"tranche_{index}_due_on": tranche.due_on})
    else:
        initial = _tranche_initial(offer, version) if offer.awarded_amount else {}
    form = ContractForm(request.POST or None, initial=initial, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.prepare_contract(
                offer=offer, actor=request.user, number=form.cleaned_data["number"],
                bank_account=form.cleaned_data["bank_account"], tranches=form.tranches(),
                cost_shift_percent=form.cleaned_data["cost_shift_percent"],
                municipality_represented_by=form.cleaned_data["municipality_represented_by"],
                organization_represented_by=form.cleaned_data["organization_represented_by"])
        except ValidationError as error:
            apply_problems(form, error, lambda p: None if p == "tranches" else p)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The contract is prepared. Print the PDF for signing, then record the date "
                                        "it was signed."))
            return redirect(_contract_url(contract))
    return render(request, TEMPLATES + "contract_form.html", _ctx(
        request, offer=offer, form=form, version=version, years=years, existing=existing,
        allowed_from=services.contract_allowed_from(offer),
        max_years=services.max_contract_years(), now=timezone.now()))


@officer_view
@require_POST
def contract_sign(request, contract):
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            services.sign_contract(contract=contract, actor=request.user, signed_on=form.cleaned_data["signed_on"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The contract is recorded as signed. Its PDF is being prepared again."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(_contract_url(contract))


@officer_view
@require_POST
def contract_settle(request, contract):
    form = SettleForm(request.POST)
    settled_on = form.cleaned_data["settled_on"] if form.is_valid() else None
    try:
        services.settle_contract(contract=contract, actor=request.user, settled_on=settled_on)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The contract is settled."))
    return redirect(_contract_url(contract))


@officer_view
@require_POST
def contract_pdf_retry(request, contract):
    try:
        services.retry_contract_pdf(contract=contract, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The PDF will be prepared again."))
    return redirect(_contract_url(contract))


@officer_view
def report_request(request, contract):
    form = PartialReportRequestForm(request.POST or None, initial={
        "due_on": timezone.localdate() + timedelta(days=services.PARTIAL_REPORT_NOTICE_DAYS)})
    if request.method == "POST" and form.is_valid():
        try:
            services.request_partial_report(contract=contract, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_problems(form, error, lambda p: p)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The partial report is requested; the organization is notified by e-mail."))
            return redirect(_contract_url(contract))
    return render(request, TEMPLATES + "report_request.html", _ctx(request, contract=contract, form=form))


# --- Reports: the organization ---------------------------------------------------------------------------------


@require_POST
@object_view(Contract, "grants.view_contract", CONTRACT_RELATED)
def report_start(request, contract):
    if not request.user.has_perm("grants.act_for_offer", contract.offer):
        raise Http404
    form = StartReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(_contract_url(contract))
    period = None
    if form.cleaned_data["kind"] == ReportKind.PARTIAL:
        period = (form.cleaned_data["period_start"], form.cleaned_data["period_end"])
    try:
        report = services.start_report(contract=contract, actor=request.user, kind=form.cleaned_data["kind"],
                                       period=period)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The report is started and prefilled from your offer."))
        return redirect(_report_url(report))
    return redirect(_contract_url(contract))


def _report_context(request, report, **extra):
    sums = services.report_totals(report.content)
    funding_rows = [{"key": key, "label": FUNDING_LABELS[key], "planned": sums.funding_planned[key],
                     "planned_share": sums.planned_share(key), "incurred": sums.funding_incurred[key],
                     "incurred_share": sums.incurred_share(key)} for key in FUNDING_KEYS]
    over = set(services.over_shift_lines(report.content, report.contract.cost_shift_percent))
    lines = []
    for index, line in enumerate(report.content.get("costs") or []):
        lines.append({"line": line, "incurred": sums.line_incurred[index], "over": index in over,
                      "planned_period": sum((offer_content.amount(v) or ZERO for v in (line.get("planned_years") or {}).values()), ZERO)})
    return _ctx(request, report=report, contract=report.contract, offer=report.contract.offer, sums=sums,
                funding_rows=funding_rows, lines=lines, due=services.report_due(report),
                warnings=services.report_warnings(report) if report.status != ReportStatus.DRAFT else [],
                unused=services.unused_grant(report) if report.kind == ReportKind.FINAL else None, **extra)


@object_view(TaskReport, "grants.view_report", REPORT_RELATED)
def report_edit(request, report):
    """The report: the editor for the organization while a draft or returned, a read-only page otherwise."""
    editable = report.status in services.EDITABLE_REPORT and request.user.has_perm("grants.edit_report", report)
    if not editable:
        if request.method == "POST":
            if not request.user.has_perm("grants.act_for_offer", report.contract.offer):
                return _deny(request)
            messages.error(request, _("The report is submitted: it no longer changes unless the officer returns it."))
            return redirect(_report_url(report))
        return render(request, TEMPLATES + "report_detail.html", _report_context(
            request, report, can_manage=request.user.has_perm(MANAGE, request.municipality)))
    form = ReportForm(request.POST or None, content=report.content)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_report(report=report, actor=request.user, entries=form.entries())
        except ValidationError as error:
            apply_problems(form, error, form.field_for)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if "submit" in request.POST:
                try:
                    services.submit_report(report=report, actor=request.user)
                except ValidationError as error:
                    apply_problems(form, error, form.field_for)
                    messages.error(request, _("The report is saved but not submitted yet: correct what is marked."))
                except DomainError as error:
                    messages.error(request, error.message)
                else:
                    messages.success(request, _("The report is submitted. The officer is notified; the PDF is being "
                                                "prepared."))
                    return redirect(_report_url(report))
            else:
                messages.success(request, _("The report is saved."))
                return redirect(_report_url(report))
    return render(request, TEMPLATES + "report_form.html", _report_context(request, report, form=form))


@require_POST
@object_view(TaskReport, "grants.view_report", REPORT_RELATED)
def report_submit(request, report):
    if report.status not in services.EDITABLE_REPORT or not request.user.has_perm("grants.edit_report", report):
        if request.user.has_perm("grants.act_for_offer", report.contract.offer):
            messages.error(request, _("The report is already submitted."))
            return redirect(_report_url(report))
        return _deny(request)
    try:
        services.submit_report(report=report, actor=request.user)
    except ValidationError as error:
        messages.error(request, _("The report cannot be submitted yet: %(problems)s") % {"problems": " ".join(error.messages)})
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The report is submitted. The officer is notified; the PDF is being prepared."))
    return redirect(_report_url(report))


@require_GET
@object_view(TaskReport, "grants.view_report", ("contract__municipality",))
def report_pdf(request, report):
    if report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise Http404
    return _file_response(report, f"sprawozdanie-{report.pk}")


# --- Reports: the officer ----------------------------------------------------------------------------------


@municipality_perm(MANAGE)
@require_GET
def report_inbox(request, municipality_slug):
    reports = list(selectors.reports_inbox(request.municipality))
    for report in reports:
        report.due = services.report_due(report) if report.kind == ReportKind.PARTIAL else None
    return render(request, TEMPLATES + "report_inbox.html", _ctx(request, reports=reports))


def report_officer_view(view):
    """Officer pages of one report: login, the manage permission on the municipality, then the report found
    through the scoped manager (another municipality's is not found)."""

    @wraps(view)
    def wrapper(request, municipality_slug, pk, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm(MANAGE, request.municipality):
            raise PermissionDenied
        report = get_object_or_404(TaskReport.objects.select_related(*REPORT_RELATED), pk=pk)
        return view(request, report, *args, **kwargs)

    return wrapper


@report_officer_view
@require_GET
def report_review(request, report):
    return render(request, TEMPLATES + "report_review.html", _report_context(
        request, report, can_manage=True, accept_form=AcceptReportForm(), return_form=ReturnReportForm()))


@report_officer_view
@require_POST
def report_accept(request, report):
    form = AcceptReportForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.accept_report(report=report, actor=request.user, note=note)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The report is accepted and now public."))
    return redirect(_report_url(report, "report_review"))


@report_officer_view
def report_return(request, report):
    form = ReturnReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_report(report=report, actor=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            apply_problems(form, error, lambda p: p)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(_report_url(report, "report_review"))
        else:
            messages.success(request, _("The report is returned to the organization for correction."))
            return redirect(_report_url(report, "report_review"))
    return render(request, TEMPLATES + "report_review.html", _report_context(
        request, report, can_manage=True, accept_form=AcceptReportForm(), return_form=form))


@report_officer_view
@require_POST
def report_pdf_retry(request, report):
    try:
        services.retry_report_pdf(report=report, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The PDF will be prepared again."))
    return redirect(_report_url(report, "report_review"))


# --- Public: the register of contracts, accepted reports ---------------------------------------------------------


@require_GET
def contract_public_list(request, municipality_slug):
    contracts = list(selectors.public_contracts(request.municipality))
    return render(request, TEMPLATES + "contract_public_list.html", _ctx(request, contracts=contracts))


@require_GET
def contract_open_data(request, municipality_slug):
    """The register of contracts as CSV, streamed from a database iterator (cooperation.exporting)."""
    contracts = selectors.public_contracts(request.municipality)

    def rows():
        for contract in exporting.iterate(contracts):
            offer = contract.offer
            yield [
                contract.number, contract.signed_on.isoformat() if contract.signed_on else "", offer.organization.name,
                offer.organization.krs, offer.title,
                "art_19a" if offer.kind == OfferKind.SMALL_GRANT else "otwarty_konkurs",
                f"{contract.grant_amount:.2f}", contract.task_start.isoformat(), contract.task_end.isoformat(),
                contract.status,
            ]

    return exporting.csv_response(
        ["numer_umowy", "data_podpisania", "organizacja", "krs", "zadanie", "tryb", "dotacja_pln", "poczatek_zadania",
         "koniec_zadania", "status"],
        rows(), filename=f"umowy-{request.municipality.slug}.csv", private=False)


@require_GET
def report_public_list(request, municipality_slug):
    reports = list(selectors.public_reports(request.municipality))
    for report in reports:
        report.spent = services.report_totals(report.content).funding_incurred["grant"]
    return render(request, TEMPLATES + "report_public_list.html", _ctx(request, reports=reports))


municipality_urlpatterns = [
    path("umowy/", contract_public_list, name="contract_public_list"),
    path("umowy.csv", contract_open_data, name="contract_open_data"),
    path("umowy/<int:pk>/", contract_detail, name="contract_detail"),
    path("umowy/<int:pk>/umowa.pdf", contract_pdf, name="contract_pdf"),
    path("umowy/<int:pk>/sprawozdanie/", report_start, name="report_start"),
    path("sprawozdania/", report_public_list, name="report_public_list"),
    path("sprawozdania/<int:pk>/", report_edit, name="report_detail"),
    path("sprawozdania/<int:pk>/wyslij/", report_submit, name="report_submit"),
    path("sprawozdania/<int:pk>/sprawozdanie.pdf", report_pdf, name="report_pdf"),
    path("moje-dotacje/", award_list, name="award_list"),
    path("moje-dotacje/<int:pk>/budzet/", budget_update, name="budget_update"),
    path("panel/umowy/", contract_admin_list, name="contract_admin_list"),
    path("panel/umowy/oferta/<int:pk>/", contract_prepare, name="contract_prepare"),
    path("panel/umowy/<int:pk>/podpisanie/", contract_sign, name="contract_sign"),
    path("panel/umowy/<int:pk>/rozliczenie/", contract_settle, name="contract_settle"),
    path("panel/umowy/<int:pk>/ponow-pdf/", contract_pdf_retry, name="contract_pdf_retry"),
    path("panel/umowy/<int:pk>/sprawozdanie-czesciowe/", report_request, name="report_request"),
    path("panel/sprawozdania/", report_inbox, name="report_inbox"),
    path("panel/sprawozdania/<int:pk>/", report_review, name="report_review"),
    path("panel/sprawozdania/<int:pk>/przyjecie/", report_accept, name="report_accept"),
    path("panel/sprawozdania/<int:pk>/zwrot/", report_return, name="report_return"),
    path("panel/sprawozdania/<int:pk>/ponow-pdf/", report_pdf_retry, name="report_pdf_retry"),
]
portal_urlpatterns = [
    path("moje-umowy/", my_contracts, name="my_contracts"),
]
