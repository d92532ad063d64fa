"""Views of the evaluation stage: the officer's formal check, committee, ranking, amounts, decision, results
and exports; the committee member's declaration and score sheets; the offeror's own scores; the public results
and their open data. Permission → form → service → message → redirect; domain errors become messages or
field errors, never 500s."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_scopes import scopes_disabled

from cooperation.exceptions import DomainError
from cooperation.models import User
from cooperation.selectors import address_base
from cooperation.services import record_audit
from cooperation.views.helpers import apply_errors, municipal_object_view, require_perm

from .. import resources
from ..enums import CallStatus, CommitteeRole, OfferStatus
from ..forms_evaluation import (
    AcceptForm,
    AmountsForm,
    AppointForm,
    ConflictForm,
    CorrectionForm,
    DecisionForm,
    DeclarationForm,
    FormalCheckForm,
    OfferFilterForm,
    PublishResultsForm,
    RejectForm,
    ScoreForm,
)
from ..models import Call, CommitteeMember, Criterion, FormalCheckResult, FormalRequirement, Offer, Score
from ..selectors import evaluation as selectors
from ..services import evaluation as services

TEMPLATES = "grants/evaluation/"
OFFICER_PAGE_SIZE = 50
EXPORT_KINDS = ("oferty", "oceny", "wyniki")
EXPORT_FORMATS = ("csv", "xlsx")
OPEN_DATA_FORMATS = ("csv", "json")

formal_view = municipal_object_view("grants.evaluate_formally", Call)
committee_view = municipal_object_view("grants.manage_committee", Call)
decision_view = municipal_object_view("grants.decide_call", Call)
export_view = municipal_object_view("grants.export_evaluation", Call)


def _ctx(request, call=None, **extra) -> dict:
    return {"municipality": request.municipality, "call": call, "OfferStatus": OfferStatus, "CallStatus": CallStatus,
            "Role": CommitteeRole, **extra}


def _to(name, call, **kwargs):
    return redirect(f"grants:{name}", municipality_slug=call.municipality.slug, pk=call.pk, **kwargs)


def _latest_content(offer) -> dict:
    version = offer.versions.order_by("-number").first()
    return version.content if version else {}


# --- Officer: offers and the formal check --------------------------------------------------------------------


@formal_view
@require_GET
def evaluation_offers(request, call):
    form = OfferFilterForm(request.GET or None)
    filters = form.filters()
    page = Paginator(selectors.offers_for_officer(call, **filters), OFFICER_PAGE_SIZE).get_page(
        request.GET.get("strona"))
    page.object_list = selectors.add_officer_columns(call, list(page.object_list))
    counts = selectors.offer_counts(call)
    return render(request, TEMPLATES + "offer_list.html", _ctx(
        request, call, page=page, form=form, filtered=any(filters.values()), total=sum(counts.values()),
        counts=[(status, label, counts[status]) for status, label in OfferStatus.choices if counts.get(status)],
        deadline_passed=services.deadline_passed(call),
    ))


@formal_view
def formal_check(request, call, offer_id):
    offer = get_object_or_404(Offer.objects.filter(call=call).exclude(status=OfferStatus.DRAFT)
                              .select_related("organization"), pk=offer_id)
    requirements = list(FormalRequirement.objects.filter(call=call))
    results = {r.requirement_id: r for r in FormalCheckResult.objects.filter(offer=offer)}
    action = request.POST.get("action") if request.method == "POST" else None
    check_form = FormalCheckForm(request.POST if action == "check" else None, requirements=requirements,
                                 results=results)
    accept_form = AcceptForm(request.POST if action == "accept" else None, prefix="accept")
    reject_form = RejectForm(request.POST if action == "reject" else None, prefix="reject")
    correction_form = CorrectionForm(request.POST if action == "correction" else None, prefix="correction")
    back = redirect("grants:formal_check", municipality_slug=call.municipality.slug, pk=call.pk, offer_id=offer.pk)
    if action is not None:
        try:
            if action == "check" and check_form.is_valid():
                services.record_formal_check(offer=offer, actor=request.user, results=check_form.results())
                messages.success(request, _("The formal check is saved."))
                return back
            if action == "accept" and accept_form.is_valid():
                services.accept_formally(offer=offer, actor=request.user, note=accept_form.cleaned_data["note"])
                messages.success(request, _("The offer is accepted on formal grounds and goes to the committee."))
                return back
            if action == "reject" and reject_form.is_valid():
                services.reject_formally(offer=offer, actor=request.user,
                                         justification=reject_form.cleaned_data["justification"])
                messages.success(request, _("The offer is rejected on formal grounds."))
                return back
            if action == "correction" and correction_form.is_valid():
                services.ask_for_correction(offer=offer, actor=request.user, **correction_form.cleaned_data)
                messages.success(request, _("The offeror is asked to correct the offer."))
                return back
        except ValidationError as error:
            form = {"check": check_form, "reject": reject_form, "correction": correction_form}.get(action, accept_form)
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return back
    return render(request, TEMPLATES + "formal_check.html", _ctx(
        request, call, offer=offer, content=_latest_content(offer), check_form=check_form, accept_form=accept_form,
        reject_form=reject_form, correction_form=correction_form, summary=services.formal_check_summary(offer),
        deadline_passed=services.deadline_passed(call),
        open=offer.status in services.AWAITING_FORMAL_CHECK,
    ))


# --- Officer: the committee -----------------------------------------------------------------------------------


@committee_view
def committee_page(request, call):
    organizations = address_base(request.municipality).prefetch_related(None).order_by("name")
    form = AppointForm(request.POST if request.method == "POST" else None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        user = User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
        if user is None:
            form.add_error("email", _("Nobody has an account with this e-mail address. Ask the person to sign up "
                                      "first, then appoint them."))
        else:
            try:
                services.appoint_member(call=call, user=user, role=form.cleaned_data["role"], actor=request.user,
                                        nominated_by=form.cleaned_data["nominated_by"],
                                        is_chair=form.cleaned_data["is_chair"])
            except ValidationError as error:
                apply_errors(form, error)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("%(person)s is appointed to the committee.") % {"person": user})
                return _to("committee", call)
    return render(request, TEMPLATES + "committee.html", _ctx(
        request, call, form=form, members=selectors.committee(call)))


@committee_view
@require_POST
def committee_remove(request, call, member_id):
    member = get_object_or_404(CommitteeMember.objects.filter(call=call).select_related("user", "call"), pk=member_id)
    try:
        services.remove_member(member=member, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(person)s is removed from the committee.") % {"person": member.user})
    return _to("committee", call)


# --- Officer: ranking, amounts, decision, results -----------------------------------------------------------------


@decision_view
def ranking_page(request, call):
    rows = selectors.ranking(call)
    accepted = [row.offer for row in rows if row.offer.status == OfferStatus.FORMALLY_ACCEPTED]
    form = AmountsForm(request.POST if request.method == "POST" else None, offers=accepted)
    if request.method == "POST" and form.is_valid():
        try:
            warnings = services.propose_amounts(call=call, actor=request.user, amounts=form.amounts())
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The proposed amounts are saved."))
            for warning in warnings:
                messages.warning(request, warning)
            return _to("ranking", call)
    proposed = sum((o.proposed_amount or 0 for o in accepted), 0)
    fields = form.rows()
    for row in rows:
        row.amount_field = fields.get(row.offer.pk)
    return render(request, TEMPLATES + "ranking.html", _ctx(
        request, call, rows=rows, form=form, editable=bool(fields) and call.decided_on is None, criteria=list(Criterion.objects.filter(call=call)),
        proposed_total=proposed, pending=Offer.objects.filter(call=call, status__in=services.AWAITING_FORMAL_CHECK).count(),
        committee=selectors.committee(call), decided=call.decided_on is not None,
    ))


@decision_view
def decision_page(request, call):
    offers = list(Offer.objects.filter(call=call, status=OfferStatus.FORMALLY_ACCEPTED).select_related("organization")
                  .order_by("number", "pk"))
    form = DecisionForm(request.POST if request.method == "POST" else None, offers=offers)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_decision(call=call, actor=request.user, reference=form.cleaned_data["reference"],
                                     decided_on=form.cleaned_data["decided_on"], awards=form.awards(),
                                     justifications=form.justifications())
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The decision is recorded. Publish the results when they are announced."))
            return _to("results_publish", call)
    return render(request, TEMPLATES + "decision.html", _ctx(
        request, call, form=form, rows=form.rows(), decided=call.decided_on is not None))


@decision_view
def results_publish(request, call):
    today = timezone.localdate()
    form = PublishResultsForm(request.POST if request.method == "POST" else None, initial={"bip_on": today, "board_on": today, "website_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_results(call=call, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The results are published; every offeror gets an e-mail."))
            return _to("results", call)
    return render(request, TEMPLATES + "results_publish.html", _ctx(
        request, call, form=form, results=selectors.published_results(call),
        published=call.status == CallStatus.RESULTS_PUBLISHED))


@export_view
@require_GET
def evaluation_export(request, call, kind, file_format):
    if kind not in EXPORT_KINDS or file_format not in EXPORT_FORMATS:
        raise Http404
    if kind == "oferty":
        resource = resources.OfferResource(averages=selectors.averages(call))
        queryset = (Offer.objects.filter(call=call).exclude(status=OfferStatus.DRAFT).select_related("organization")
                    .only(*resources.OFFER_EXPORT_FIELDS).order_by("number", "pk"))
    elif kind == "oceny":
        resource = resources.ScoreResource(
            counted_ids=frozenset(selectors.counted_scores(call).values_list("pk", flat=True)))
        queryset = (Score.objects.filter(sheet__offer__call=call, sheet__submitted_at__isnull=False)
                    .select_related("sheet__offer__organization", "sheet__member__user", "criterion")
                    .only(*resources.SCORE_EXPORT_FIELDS)
                    .order_by("sheet__offer__number", "sheet__member_id", "criterion__order", "criterion_id"))
    else:
        resource = resources.ResultResource()
        queryset = (Offer.objects.filter(call=call, status__in=(OfferStatus.AWARDED, OfferStatus.NOT_AWARDED,
                                                               OfferStatus.FORMALLY_REJECTED))
                    .select_related("organization").only(*resources.RESULT_EXPORT_FIELDS).order_by("number", "pk"))
    record_audit(actor=request.user, action="grants.evaluation.exported", target=call, municipality=call.municipality,
                 data={"kind": kind, "format": file_format})
    filename = f"konkurs-{call.pk}-{kind}-{timezone.localdate():%Y-%m-%d}.{file_format}"
    if file_format == "csv":
        return resources.csv_response(resource, queryset, filename=filename)
    return resources.xlsx_response(resource, queryset, filename=filename, title=kind)


# --- Committee member ---------------------------------------------------------------------------------------------


def member_view(view):
    """Login required; `pk` becomes the call of this municipality and the user must sit on its committee
    (403 otherwise); the view gets the seat."""

    @wraps(view)
    def wrapper(request, municipality_slug, pk, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        call = get_object_or_404(Call.objects.select_related("municipality"), pk=pk)
        # A seat, not a permission: has_perm() is always true for superusers, who have no seat.
        member = selectors.seat_of(request.user, call)
        if member is None:
            raise PermissionDenied
        member.call = call
        return view(request, member, **kwargs)

    return wrapper


@login_required
@require_GET
def my_committees(request):
    return render(request, TEMPLATES + "my_committees.html", {"seats": selectors.seats_of(request.user)})


@member_view
def declaration(request, member):
    call = member.call
    offers = list(selectors.offerors_for_declaration(call))
    form = DeclarationForm(request.POST if request.method == "POST" else None, offers=offers)
    if member.declaration_signed_at is None and request.method == "POST" and form.is_valid():
        try:
            services.sign_declaration(member=member, actor=request.user, conflicts=form.cleaned_data["conflicts"])
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The declaration is signed. You can now see the offers of this call."))
            return _to("member_call", call)
    return render(request, TEMPLATES + "declaration.html", _ctx(
        request, call, member=member, form=form, text=member.declaration_text or services.declaration_text(),
        exclusions=list(member.exclusions.select_related("offer__organization"))))


@member_view
@require_GET
def member_call(request, member):
    call = member.call
    if member.declaration_signed_at is None:
        messages.info(request, _("Sign the conflict-of-interest declaration for this call to see its offers."))
        return _to("declaration", call)
    disqualified = member.pk in services.disqualified_member_ids(call)
    return render(request, TEMPLATES + "member_call.html", _ctx(
        request, call, member=member, offers=list(selectors.offers_visible_to_member(member)),
        disqualified=disqualified, excluded=member.exclusions.count()))


@member_view
def score_sheet(request, member, offer_id):
    call = member.call
    if member.declaration_signed_at is None:
        messages.info(request, _("Sign the conflict-of-interest declaration for this call to see its offers."))
        return _to("declaration", call)
    offer = get_object_or_404(Offer.objects.filter(call=call).select_related("organization"), pk=offer_id)
    try:
        services.check_may_score(member, offer)
    except DomainError as error:
        raise PermissionDenied(error.message) from error
    if offer.status not in services.EVALUATED:
        raise Http404
    criteria = list(Criterion.objects.filter(call=call))
    own, others = selectors.sheets_visible_to_member(member, offer)
    action = request.POST.get("action") if request.method == "POST" else None
    form = ScoreForm(request.POST if action in ("save", "submit") else None, criteria=criteria, sheet=own)
    conflict_form = ConflictForm(request.POST if action == "conflict" else None, prefix="conflict")
    back = redirect("grants:score_sheet", municipality_slug=call.municipality.slug, pk=call.pk, offer_id=offer.pk)
    if action == "conflict" and conflict_form.is_valid():
        try:
            services.declare_conflict(member=member, offer=offer, actor=request.user,
                                      note=conflict_form.cleaned_data["note"])
        except DomainError as error:
            messages.error(request, error.message)
            return back
        messages.success(request, _("Your conflict of interest is recorded: you no longer evaluate this offer."))
        return _to("member_call", call)
    if action in ("save", "submit") and form.is_valid():
        try:
            services.save_scores(member=member, offer=offer, actor=request.user, scores=form.scores(),
                                 comment=form.cleaned_data["comment"])
            if action == "submit":
                services.submit_sheet(member=member, offer=offer, actor=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return back
        else:
            messages.success(request, _("Your scores are submitted.") if action == "submit"
                             else _("Your scores are saved. Submit the sheet when it is complete."))
            return back
    own_scores = {s.criterion_id: s for s in own.scores.all()} if own else {}
    return render(request, TEMPLATES + "score_sheet.html", _ctx(
        request, call, member=member, offer=offer, content=_latest_content(offer), criteria=criteria, form=form,
        rows=form.criterion_rows(), conflict_form=conflict_form, own=own,
        own_rows=[(c, own_scores.get(c.pk)) for c in criteria],
        others=[(sheet, [(c, {s.criterion_id: s for s in sheet.scores.all()}.get(c.pk)) for c in criteria])
                for sheet in others],
        editable=offer.status == OfferStatus.FORMALLY_ACCEPTED and (own is None or own.submitted_at is None),
    ))


# --- Offeror ------------------------------------------------------------------------------------------------------


def offer_scores(request, municipality_slug, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    offer = get_object_or_404(Offer.objects.filter(call__isnull=False).select_related("organization", "call"), pk=pk)
    require_perm(request.user, "grants.view_offer_evaluation", offer)
    criteria = list(Criterion.objects.filter(call_id=offer.call_id))
    sheets = selectors.offeror_sheets(offer)
    voting = selectors.averages(offer.call, offer_ids=[offer.pk]).get(offer.pk, selectors.Averages())
    advisory = selectors.averages(offer.call, voting=False, offer_ids=[offer.pk]).get(offer.pk, selectors.Averages())
    return render(request, TEMPLATES + "offer_scores.html", _ctx(
        request, offer.call, offer=offer, criteria=criteria,
        sheets=[(sheet, [(c, sheet.scores.get(c.pk)) for c in criteria]) for sheet in sheets],
        averages=[(c, voting.criteria.get(c.pk), advisory.criteria.get(c.pk)) for c in criteria],
        voting=voting, advisory=advisory, published=offer.call.status == CallStatus.RESULTS_PUBLISHED,
    ))


# --- Public -------------------------------------------------------------------------------------------------------


def _published_call(pk) -> Call:
    return get_object_or_404(Call.objects.filter(status=CallStatus.RESULTS_PUBLISHED).select_related("municipality"),
                             pk=pk)


@require_GET
def results(request, municipality_slug, pk):
    call = _published_call(pk)
    return render(request, TEMPLATES + "results.html", _ctx(
        request, call, **selectors.published_results(call),
        can_manage=request.user.has_perm("grants.decide_call", request.municipality)))


def _open_data_response(request, queryset, file_format, filename):
    urls: dict[int, str] = {}

    def url_for(offer):
        if offer.call_id not in urls:
            urls[offer.call_id] = request.build_absolute_uri(reverse("grants:results", kwargs={
                "municipality_slug": offer.call.municipality.slug, "pk": offer.call_id}))
        return urls[offer.call_id]

    resource = resources.OpenDataResultResource(url_for=url_for)
    if file_format == "json":
        return resources.json_response(resource, queryset, filename=f"{filename}.json", license="CC0-1.0")
    return resources.csv_response(resource, queryset, filename=f"{filename}.csv", private=False)


@require_GET
def results_data(request, municipality_slug, pk, file_format):
    if file_format not in OPEN_DATA_FORMATS:
        raise Http404
    call = _published_call(pk)
    return _open_data_response(request, selectors.open_data_results(call), file_format, f"wyniki-konkursu-{call.pk}")


@require_GET
def results_list(request):
    calls = selectors.calls_with_published_results()
    query = (request.GET.get("q") or "").strip()[:100]
    if query:
        calls = calls.filter(Q(title__icontains=query) | Q(municipality__name__icontains=query))
    with scopes_disabled():
        calls = list(calls[:200])
    return render(request, TEMPLATES + "results_list.html", {"calls": calls, "query": query})


@require_GET
def results_open_data(request, file_format):
    if file_format not in OPEN_DATA_FORMATS:
        raise Http404
    return _open_data_response(request, selectors.open_data_results(), file_format, "wyniki-konkursow")


municipality_urlpatterns = [
    # The officer.
    path("konkursy/panel/<int:pk>/ocena/", evaluation_offers, name="evaluation_offers"),
    path("konkursy/panel/<int:pk>/ocena/oferty/<int:offer_id>/", formal_check, name="formal_check"),
    path("konkursy/panel/<int:pk>/komisja/", committee_page, name="committee"),
    path("konkursy/panel/<int:pk>/komisja/<int:member_id>/usun/", committee_remove, name="committee_remove"),
    path("konkursy/panel/<int:pk>/ranking/", ranking_page, name="ranking"),
    path("konkursy/panel/<int:pk>/rozstrzygniecie/", decision_page, name="decision"),
    path("konkursy/panel/<int:pk>/wyniki/", results_publish, name="results_publish"),
    path("konkursy/panel/<int:pk>/eksport/<str:kind>.<str:file_format>", evaluation_export, name="evaluation_export"),
    # The committee member.
    path("komisja/konkursy/<int:pk>/", member_call, name="member_call"),
    path("komisja/konkursy/<int:pk>/deklaracja/", declaration, name="declaration"),
    path("komisja/konkursy/<int:pk>/oferty/<int:offer_id>/", score_sheet, name="score_sheet"),
    # The offeror.
    path("oferty/<int:pk>/oceny/", offer_scores, name="offer_scores"),
    # Everyone.
    path("konkursy/<int:pk>/wyniki/", results, name="results"),
    path("konkursy/<int:pk>/wyniki/dane.<str:file_format>", results_data, name="results_data"),
]

portal_urlpatterns = [
    path("wyniki/", results_list, name="results_list"),
    path("wyniki/dane.<str:file_format>", results_open_data, name="results_open_data"),
    path("moje-komisje/", my_committees, name="my_committees"),
]
