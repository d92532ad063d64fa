"""Views of offers: the NGO's "My offers", starting an offer in a call, the editor (sections I-VI, each a
page with its own form; repeating rows as formsets; autosave), the preview, attachments, submission with the
declarations (VII), the confirmation, versions with their differences, the PDF, withdrawal and the
correction; the officer reads a submitted offer through the same pages and asks for a correction.

Every page under /jst/<slug>/dotacje/oferty/<pk>/ finds the offer through the municipality's scoped manager
(another municipality's offer is simply not found) and then checks `grants.view_offer` or a stricter
permission (grants/rules/offers.py)."""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cooperation.enums import RenderStatus
from cooperation.exceptions import DomainError
from cooperation.views.helpers import require_perm

from .. import forms_offers as f
from .. import offer_content
from ..enums import CallStatus, OfferKind, OfferStatus
from ..exceptions import DeadlinePassed
from ..models import Call, Offer, OfferAttachment, OfferVersion, RequiredAttachment
from ..rules.offers import EDITABLE
from ..selectors import offers as selectors
from ..services import offers as services

T = "grants/offers/"


# --- Helpers ---------------------------------------------------------------------------------------------------


def offer_view(perm: str = "grants.view_offer"):
    """Login required; `pk` becomes the offer of this municipality (404 otherwise) and `perm` is checked on it."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, municipality_slug, pk, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            offer = get_object_or_404(Offer.objects.select_related("call", "organization", "municipality"), pk=pk)
            require_perm(request.user, perm, offer)
            return view(request, offer, *args, **kwargs)

        return wrapper

    return decorator


def _url(name: str, offer: Offer, **kwargs) -> str:
    return reverse(f"grants:{name}", kwargs={"municipality_slug": offer.municipality.slug, "pk": offer.pk, **kwargs})


def _edit_url(offer: Offer, section: str = f.SECTION_SLUGS[0]) -> str:
    return _url("offer_edit", offer, section=section)


def _maybe_url(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _call_url(offer_or_call) -> str:
    call = offer_or_call if isinstance(offer_or_call, Call) else offer_or_call.call
    if call is None:
        return ""
    return _maybe_url("grants:call_detail", municipality_slug=call.municipality.slug, pk=call.pk)


def _local(moment) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else ""


def _call_years(call: Call | None) -> list[int]:
    if call is None:
        return []
    return list(range(call.task_start_earliest.year, call.task_end_latest.year + 1))


def _perms(request, offer: Offer) -> dict:
    user = request.user
    return {
        "can_edit": user.has_perm("grants.change_offer", offer),
        "can_withdraw": user.has_perm("grants.withdraw_offer", offer),
        "can_request_correction": user.has_perm("grants.request_offer_correction", offer),
        "is_member": offer.organization_id in _member_ids(request),
    }


def _member_ids(request):
    from cooperation.selectors import organization_ids_of

    return organization_ids_of(request.user)


def _context(request, offer: Offer, **extra) -> dict:
    return {
        "municipality": offer.municipality, "offer": offer, "call": offer.call, "Status": OfferStatus,
        "RenderStatus": RenderStatus, "call_url": _call_url(offer), "deadline_passed": _deadline_passed(offer),
        **_perms(request, offer), **extra,
    }


def _deadline_passed(offer: Offer) -> bool:
    if offer.status == OfferStatus.CORRECTION_REQUESTED:
        return bool(offer.correction_due and timezone.now() >= offer.correction_due)
    return bool(offer.call and timezone.now() >= offer.call.deadline)


def _section_nav(offer: Offer, problems_by_section: dict[str, int] | None = None) -> list[dict]:
    problems_by_section = problems_by_section or {}
    items = [{"slug": s.slug, "number": s.number, "title": s.title, "url": _edit_url(offer, s.slug),
              "problems": problems_by_section.get(s.slug, 0)} for s in f.SECTIONS]
    items.append({"slug": f.ATTACHMENTS_SECTION.slug, "number": "", "title": f.ATTACHMENTS_SECTION.title,
                  "url": _url("offer_attachments", offer), "problems": problems_by_section.get("zalaczniki", 0)})
    items.append({"slug": f.SUBMIT_SECTION.slug, "number": f.SUBMIT_SECTION.number, "title": f.SUBMIT_SECTION.title,
                  "url": _url("offer_submit", offer), "problems": problems_by_section.get("zlozenie", 0)})
    return items


def _problems_by_section(problems) -> dict[str, int]:
    counts: dict[str, int] = {}
    for problem_path, _message in problems:
        location = f.locate(problem_path)
        if location is not None:
            counts[location.section] = counts.get(location.section, 0) + 1
    return counts


def _problem_links(offer: Offer, problems) -> list[dict]:
    """Every problem with a link to the field it is about (the section page shows all problems with ?all=1)."""
    links = []
    for problem_path, message in problems:
        location = f.locate(problem_path)
        if location is None:
            links.append({"label": "", "message": message, "url": ""})
            continue
        if location.section == f.ATTACHMENTS_SECTION.slug:
            url = _url("offer_attachments", offer)
            label = f.part_label("attachments")
        elif location.section == f.SUBMIT_SECTION.slug:
            url = f"#id_declarations-{location.field}" if location.field else "#declarations"
            label = f.part_label("declarations")
        else:
            anchor = _anchor(location)
            url = f"{_edit_url(offer, location.section)}?wszystko=1#{anchor}"
            label = f.part_label(location.part)
            if location.index is not None and location.part in f.FORMSETS:
                label = f"{label}, {f.row_label(location.part, location.index)}"
        links.append({"label": label, "message": message, "url": url})
    return links


def _anchor(location: f.Location) -> str:
    prefix = f"{location.part}-{location.index}" if location.index is not None else location.part
    if location.field:
        return f"id_{prefix}-{location.field}"
    return f"{prefix}-errors"


def _report(request, error: DomainError) -> None:
    messages.error(request, error.message)


# --- My offers and starting an offer -------------------------------------------------------------------------------


@login_required
@require_GET
def my_offers(request):
    offers = list(selectors.offers_of_user(request.user))
    return render(request, T + "my_offers.html", {"offers": offers, "Status": OfferStatus})


def offer_start(request, municipality_slug, call_pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    call = get_object_or_404(Call.objects.select_related("municipality"), pk=call_pk,
                             status__in=[CallStatus.PUBLISHED, CallStatus.RESULTS_PUBLISHED, CallStatus.CANCELLED])
    require_perm(request.user, "grants.start_offer", call)
    organizations = list(services.organizations_that_may_apply(call, request.user))
    member_ids = _member_ids(request)
    existing = list(Offer.objects.filter(call=call, organization_id__in=member_ids)
                    .select_related("organization").order_by("-created_at"))
    is_open = services.call_accepts_offers(call)
    error = ""
    if request.method == "POST":
        try:
            organization_id = int(request.POST.get("organization", ""))
        except ValueError:
            # One organization to choose from: it is preselected, and the only possible answer.
            organization_id = organizations[0].pk if len(organizations) == 1 else None
        organization = next((o for o in organizations if o.pk == organization_id), None)
        if organization is None:
            error = _("Choose the organization that makes the offer.")
        else:
            try:
                offer = services.start_offer(call=call, organization=organization, actor=request.user)
            except DomainError as problem:
                error = str(problem.message)
            else:
                messages.success(request, _("The offer is started. It is saved as you write; nobody else sees it "
                                            "until you submit it."))
                return redirect(_edit_url(offer))
    return render(request, T + "offer_start.html", {
        "municipality": call.municipality, "call": call, "organizations": organizations, "existing": existing,
        "is_open": is_open, "error": error, "call_url": _call_url(call), "deadline": _local(call.deadline),
        "has_membership": bool(member_ids),
        "organizations_url": _maybe_url("cooperation:organization_create"),
    })


# --- The editor ----------------------------------------------------------------------------------------------------------


@offer_view()
def offer_edit(request, offer, section):
    if section not in f.SECTION_SLUGS:
        raise Http404
    if offer.kind != OfferKind.OPEN_CALL:
        raise Http404
    autosave = request.headers.get("X-Autosave") == "1"
    if offer.status not in EDITABLE:
        if autosave:
            return JsonResponse({"ok": False, "message": _("The offer is submitted: it can no longer be changed.")},
                                status=409)
        messages.info(request, _("The offer is submitted: it can no longer be changed."))
        return redirect(_url("offer_detail", offer))
    require_perm(request.user, "grants.change_offer", offer)
    if request.method == "POST":
        data = request.POST
        sections = f.SectionForms(section, offer.draft, data=data, call_years=_call_years(offer.call))
        if sections.is_valid():
            values = sections.values(add_row=data.get("add_row", ""), remove_row=data.get("remove_row", ""))
            try:
                problems = services.save_draft(offer=offer, actor=request.user, content=values, partial=True)
            except DomainError as error:
                if autosave:
                    return JsonResponse({"ok": False, "message": str(error.message)}, status=409)
                _report(request, error)
                return redirect(_url("offer_detail", offer))
            if autosave:
                return JsonResponse(_autosave_answer(offer, problems))
            return _after_save(request, offer, section, data, problems)
        if autosave:
            return JsonResponse({"ok": False, "message": _("Some fields could not be saved: correct them.")},
                                status=400)
        return _render_editor(request, offer, section, sections, post_errors=True)
    sections = f.SectionForms(section, offer.draft, call_years=_call_years(offer.call))
    return _render_editor(request, offer, section, sections)


def _autosave_answer(offer: Offer, problems) -> dict:
    saved = timezone.localtime(offer.draft_saved_at)
    return {"ok": True, "saved_at": date_format(saved, "H:i"), "problems": len(problems),
            "message": _("Saved at %(time)s.") % {"time": date_format(saved, "H:i")}}


def _after_save(request, offer, section, data, problems):
    add_row, remove_row = data.get("add_row", ""), data.get("remove_row", "")
    url = _edit_url(offer, section)
    if add_row in f.FORMSETS:
        count = len(offer_content.normalize(offer.draft).get(add_row) or [])
        return redirect(f"{url}#{add_row}-{max(count - 1, 0)}")
    if remove_row:
        messages.success(request, _("The row is removed."))
        return redirect(f"{url}#{remove_row.rsplit('-', 1)[0]}")
    messages.success(request, _("Saved."))
    if data.get("action") == "next":
        slugs = f.SECTION_SLUGS
        index = slugs.index(section)
        if index + 1 < len(slugs):
            return redirect(_edit_url(offer, slugs[index + 1]))
        return redirect(_url("offer_attachments", offer))
    return redirect(url)


def _render_editor(request, offer, section, sections, *, post_errors=False):
    draft = offer_content.normalize(offer.draft)
    complete = request.GET.get("wszystko") == "1"
    limits = services.limits_for(offer)
    problems = offer_content.check(services.fixed_parts(offer, draft), limits, complete=complete)
    summary = [] if post_errors else sections.place(problems)
    all_problems = services.offer_problems(offer)
    context = _context(
        request, offer,
        section=next(s for s in f.SECTIONS if s.slug == section),
        nav=_section_nav(offer, _problems_by_section(all_problems)),
        sections=sections, forms=sections.forms, summary=summary, complete=complete,
        draft=draft, limits=limits, joint=sections.joint,
        saved_at=timezone.localtime(offer.draft_saved_at) if offer.draft_saved_at else None,
        problem_count=len(all_problems), post_errors=post_errors,
        next_section=_next_section(section),
    )
    if section == "koszty":
        for form, line in zip(sections.forms["costs"].forms, draft["costs"], strict=False):
            form.line_value = offer_content.line_value(line)
        context.update(selectors.document_context(draft, offer=offer))
        context["cost_years"] = sections.cost_years()
    if section == "oferent":
        context["organ"] = offer.municipality.name
    return render(request, T + "offer_edit.html", context)


def _next_section(section: str):
    slugs = f.SECTION_SLUGS
    index = slugs.index(section)
    return f.SECTIONS[index + 1] if index + 1 < len(slugs) else None


# --- Preview, detail, confirmation -------------------------------------------------------------------------------------


@offer_view()
@require_GET
def offer_detail(request, offer):
    versions = list(selectors.versions_of(offer))
    latest = versions[-1] if versions else None
    attachments = list(OfferAttachment.objects.filter(offer=offer).select_related("requirement"))
    problems = services.offer_problems(offer) if request.user.has_perm("grants.change_offer", offer) else []
    content = latest.content if latest is not None and offer.status != OfferStatus.DRAFT else offer.draft
    return render(request, T + "offer_detail.html", _context(
        request, offer, versions=versions, latest=latest, attachments=attachments,
        problem_count=len(problems), submitted_local=_local(offer.submitted_at),
        correction_due_local=_local(offer.correction_due),
        **selectors.document_context(content, offer=offer, version=latest if offer.status != OfferStatus.DRAFT else None),
    ))


@offer_view()
@require_GET
def offer_preview(request, offer):
    """The draft as the official form will show it (for the organization while writing)."""
    if not _perms(request, offer)["is_member"]:
        raise PermissionDenied
    return render(request, T + "offer_preview.html", _context(
        request, offer, nav=_section_nav(offer, _problems_by_section(services.offer_problems(offer))),
        **selectors.document_context(offer.draft, offer=offer),
    ))


@offer_view()
@require_GET
def offer_confirmation(request, offer):
    if offer.submitted_at is None:
        raise Http404
    version = selectors.versions_of(offer).last()
    return render(request, T + "offer_confirmation.html", _context(
        request, offer, version=version, submitted_local=_local(offer.submitted_at),
        version_local=_local(version.created_at) if version else "",
        checksum=offer_content.checksum(version.content) if version else "",
    ))


# --- Submission ------------------------------------------------------------------------------------------------------------


@offer_view()
def offer_submit(request, offer):
    if offer.kind != OfferKind.OPEN_CALL:
        raise Http404
    if offer.status not in EDITABLE:
        if offer.submitted_at:
            messages.info(request, _("The offer is already submitted: number %(number)s, on %(when)s.")
                          % {"number": offer.number, "when": _local(offer.submitted_at)})
            return redirect(_url("offer_confirmation", offer))
        return redirect(_url("offer_detail", offer))
    require_perm(request.user, "grants.submit_offer", offer)
    correcting = offer.status == OfferStatus.CORRECTION_REQUESTED
    if not correcting and timezone.now() >= offer.call.deadline:
        # Nothing to fill in any more: say so at once (and cheaply: late requests come in crowds).
        return _too_late(request, offer)
    sections = f.SectionForms("zlozenie", offer.draft, data=request.POST if request.method == "POST" else None)
    problems = None
    status = 200
    if request.method == "POST" and sections.is_valid():
        try:
            services.save_draft(offer=offer, actor=request.user, content=sections.values(), partial=True)
            if correcting:
                services.submit_correction(offer=offer, actor=request.user)
            else:
                services.submit_offer(offer=offer, actor=request.user)
        except services.OfferIncomplete as incomplete:
            problems = incomplete.problems
            messages.error(request, incomplete.message)
        except DeadlinePassed as error:
            if not correcting:
                return _too_late(request, offer)
            _report(request, error)
            status = 409
        except DomainError as error:
            _report(request, error)
            offer.refresh_from_db()
            if offer.submitted_at and not correcting:
                return redirect(_url("offer_confirmation", offer))
            if offer.status not in (OfferStatus.DRAFT, OfferStatus.CORRECTION_REQUESTED):
                return redirect(_url("offer_detail", offer))
        else:
            if correcting:
                messages.success(request, _("The correction is sent. The municipality has received version "
                                            "%(n)d of the offer.") % {"n": offer.versions.count()})
            else:
                messages.success(request, _("The offer is submitted."))
            return redirect(_url("offer_confirmation", offer))
    if problems is None:
        problems = services.offer_problems(offer)
    placed = sections.place(problems)
    return render(request, T + "offer_submit.html", _context(
        request, offer, forms=sections.forms, form=sections.forms["declarations"], placed=placed,
        problems=_problem_links(offer, problems), correcting=correcting,
        nav=_section_nav(offer, _problems_by_section(problems)),
        deadline_local=_local(offer.correction_due if correcting else offer.call.deadline),
        **selectors.document_context(offer.draft, offer=offer),
    ), status=status)


def _too_late(request, offer):
    """The deadline has passed: the offer was not (and can no longer be) submitted. 409 for a submission,
    whose attempt is recorded with its time (evidence should anyone dispute the refusal)."""
    if request.method == "POST":
        services.record_refused_submission(offer=offer, actor=request.user)
    return render(request, T + "offer_too_late.html", _context(
        request, offer, deadline_local=_local(offer.call.deadline),
    ), status=409 if request.method == "POST" else 200)


@offer_view()
def offer_withdraw(request, offer):
    if not request.user.has_perm("grants.withdraw_offer", offer):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.withdraw_offer(offer=offer, actor=request.user)
        except DomainError as error:
            _report(request, error)
        else:
            messages.success(request, _("The offer is withdrawn."))
        return redirect(_url("offer_detail", offer))
    return render(request, T + "offer_withdraw.html", _context(request, offer))


# --- Correction (the officer asks) --------------------------------------------------------------------------------------------


@offer_view()
def offer_request_correction(request, offer):
    if not request.user.has_perm("grants.request_offer_correction", offer):
        raise PermissionDenied
    if offer.status != OfferStatus.SUBMITTED:
        messages.error(request, _("A correction can be asked for only while the offer awaits its formal check."))
        return redirect(_url("offer_detail", offer))
    default_due = timezone.localtime(timezone.now() + dt.timedelta(days=7)).replace(hour=23, minute=59, second=0,
                                                                                       microsecond=0)
    form = f.CorrectionRequestForm(request.POST or None, initial={"due": default_due.strftime("%Y-%m-%dT%H:%M")})
    if request.method == "POST" and form.is_valid():
        try:
            services.request_correction(offer=offer, actor=request.user, note=form.cleaned_data["note"],
                                        due=form.cleaned_data["due"])
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except DomainError as error:
            _report(request, error)
            return redirect(_url("offer_detail", offer))
        else:
            messages.success(request, _("The organization is asked to correct the offer and has been e-mailed."))
            return redirect(_url("offer_detail", offer))
    return render(request, T + "offer_request_correction.html", _context(request, offer, form=form))


# --- Versions and PDF --------------------------------------------------------------------------------------------------------


@offer_view()
@require_GET
def offer_versions(request, offer):
    versions = list(selectors.versions_of(offer))
    return render(request, T + "offer_versions.html", _context(request, offer, versions=versions))


def _version(offer, number) -> OfferVersion:
    return get_object_or_404(OfferVersion.objects.filter(offer=offer).select_related("created_by"), number=number)


@offer_view()
@require_GET
def offer_version(request, offer, number):
    version = _version(offer, number)
    return render(request, T + "offer_version.html", _context(
        request, offer, version_local=_local(version.created_at), versions=list(selectors.versions_of(offer)),
        **selectors.document_context(version.content, offer=offer, version=version),
    ))


def _announced(html):
    added = format_html('<ins><span class="visually-hidden">{} </span>', _("added:"))
    removed = format_html('<del><span class="visually-hidden">{} </span>', _("removed:"))
    return mark_safe(str(html).replace("<ins>", added).replace("<del>", removed))  # noqa: S308 - escaped by the diff


@offer_view()
@require_GET
def offer_version_diff(request, offer, number):
    version = _version(offer, number)
    previous = OfferVersion.objects.filter(offer=offer, number__lt=number).order_by("-number").first()
    if previous is None:
        raise Http404
    diff = selectors.diff_versions(previous, version)
    for change in [*diff.fields, *diff.amounts, *[c for cost in diff.costs for c in cost.fields]]:
        change.html = _announced(change.html)
    return render(request, T + "offer_version_diff.html", _context(
        request, offer, version=version, previous=previous, diff=diff, version_local=_local(version.created_at),
    ))


@offer_view()
@require_GET
def offer_pdf(request, offer, number):
    version = _version(offer, number)
    if version.pdf_status != RenderStatus.READY or not version.pdf:
        raise Http404
    try:
        handle = version.pdf.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, as_attachment=True, filename=selectors.pdf_filename(offer, version),
                            content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@offer_view()
@require_POST
def offer_pdf_retry(request, offer, number):
    version = _version(offer, number)
    try:
        services.retry_offer_render(version=version, actor=request.user)
    except DomainError as error:
        _report(request, error)
    else:
        messages.success(request, _("The PDF will be prepared again."))
    return redirect(_url("offer_versions", offer))


# --- Attachments ----------------------------------------------------------------------------------------------------------------


@offer_view()
def offer_attachments(request, offer):
    can_edit = request.user.has_perm("grants.change_offer", offer)
    requirements = list(RequiredAttachment.objects.filter(call_id=offer.call_id)) if offer.call_id else []
    form = f.AttachmentForm(request.POST or None, request.FILES or None, requirements=requirements)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            requirement = next((r for r in requirements if r.pk == form.cleaned_data["requirement"]), None)
            try:
                services.add_offer_attachment(offer=offer, actor=request.user, upload=form.cleaned_data["file"],
                                              title=form.cleaned_data["title"], requirement=requirement)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            except DomainError as error:
                _report(request, error)
                return redirect(_url("offer_attachments", offer))
            else:
                messages.success(request, _("The attachment is added."))
                return redirect(_url("offer_attachments", offer))
    attachments = list(OfferAttachment.objects.filter(offer=offer).select_related("requirement", "uploaded_by"))
    present = {a.requirement_id for a in attachments}
    latest = selectors.versions_of(offer).last()
    for attachment in attachments:
        attachment.removable = can_edit and (latest is None or attachment.uploaded_at > latest.created_at)
    problems = services.offer_problems(offer) if can_edit else []
    return render(request, T + "offer_attachments.html", _context(
        request, offer, form=form, attachments=attachments, requirements=requirements, present=present,
        can_edit=can_edit, nav=_section_nav(offer, _problems_by_section(problems)) if can_edit else None,
    ))


def _attachment(offer, attachment_id) -> OfferAttachment:
    return get_object_or_404(OfferAttachment.objects.filter(offer=offer), pk=attachment_id)


@offer_view("grants.view_offer_attachment")
@require_GET
def offer_attachment(request, offer, attachment_id):
    attachment = _attachment(offer, attachment_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, as_attachment=True, filename=attachment.file.name.rsplit("/", 1)[-1],
                            content_type=attachment.content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@offer_view()
@require_POST
def offer_attachment_remove(request, offer, attachment_id):
    if not request.user.has_perm("grants.change_offer", offer):
        raise PermissionDenied
    attachment = _attachment(offer, attachment_id)
    try:
        services.remove_offer_attachment(attachment=attachment, actor=request.user)
    except DomainError as error:
        _report(request, error)
    else:
        messages.success(request, _("The attachment is removed."))
    return redirect(_url("offer_attachments", offer))


municipality_urlpatterns = [
    path("konkursy/<int:call_pk>/oferta/", offer_start, name="offer_create"),
    path("oferty/<int:pk>/", offer_detail, name="offer_detail"),
    path("oferty/<int:pk>/edycja/<slug:section>/", offer_edit, name="offer_edit"),
    path("oferty/<int:pk>/podglad/", offer_preview, name="offer_preview"),
    path("oferty/<int:pk>/zlozenie/", offer_submit, name="offer_submit"),
    path("oferty/<int:pk>/potwierdzenie/", offer_confirmation, name="offer_confirmation"),
    path("oferty/<int:pk>/wycofanie/", offer_withdraw, name="offer_withdraw"),
    path("oferty/<int:pk>/wezwanie-do-korekty/", offer_request_correction, name="offer_request_correction"),
    path("oferty/<int:pk>/wersje/", offer_versions, name="offer_versions"),
    path("oferty/<int:pk>/wersje/<int:number>/", offer_version, name="offer_version"),
    path("oferty/<int:pk>/wersje/<int:number>/zmiany/", offer_version_diff, name="offer_version_diff"),
    path("oferty/<int:pk>/wersje/<int:number>/pdf/", offer_pdf, name="offer_pdf"),
    path("oferty/<int:pk>/wersje/<int:number>/pdf/ponow/", offer_pdf_retry, name="offer_pdf_retry"),
    path("oferty/<int:pk>/zalaczniki/", offer_attachments, name="offer_attachments"),
    path("oferty/<int:pk>/zalaczniki/<int:attachment_id>/", offer_attachment, name="offer_attachment"),
    path("oferty/<int:pk>/zalaczniki/<int:attachment_id>/usun/", offer_attachment_remove,
         name="offer_attachment_remove"),
]
portal_urlpatterns = [
    path("moje-oferty/", my_offers, name="my_offers"),
]
