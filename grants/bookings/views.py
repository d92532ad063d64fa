"""Municipal resources (P2.A2.T1). Public: the catalogue, a resource's page with its rules, accessibility and a
month calendar of approved bookings (times only, no names; a table and a list), its ICS feed. NGO members: the
request form (overlaps shown, confirmed before sending), their organizations' requests, cancelling. Officers: the
catalogue, the requests inbox, the decision page with conflicts, the calendar with requests."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cooperation import ics
from cooperation.exceptions import DomainError
from cooperation.views.helpers import apply_errors, municipal_object_view, municipality_perm

from . import calendar, selectors, services
from .enums import BookingStatus, ResourceKind
from .forms import ApproveForm, BookingForm, InboxFilterForm, ReasonForm, ResourceForm
from .models import BookingRequest, Resource

MANAGE = "grants.manage_bookings"
TEMPLATES = "grants/bookings/"

officer_resource_view = municipal_object_view(MANAGE, Resource)
officer_booking_view = municipal_object_view(MANAGE, BookingRequest)


def _ctx(request, **extra):
    return {"municipality": request.municipality, "BookingStatus": BookingStatus, **extra}


def _url(name: str, municipality, **kwargs) -> str:
    return reverse(f"bookings:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


# --- Public: the catalogue and a resource -------------------------------------------------------------------


@require_GET
def resource_list(request, municipality_slug):
    resources = list(selectors.published_resources(request.municipality))
    groups = [(label, [r for r in resources if r.kind == kind]) for kind, label in ResourceKind.choices]
    return render(request, TEMPLATES + "resource_list.html", _ctx(
        request, groups=[(label, items) for label, items in groups if items], resources=resources,
        can_manage=request.user.has_perm(MANAGE, request.municipality),
        can_request=bool(request.user.is_authenticated
                         and selectors.organizations_for(request.user, request.municipality))))


def _resource(request, pk) -> Resource:
    resource = get_object_or_404(Resource.objects.select_related("municipality"), pk=pk)
    if not request.user.has_perm("grants.view_resource", resource):
        raise Http404
    return resource


@require_GET
def resource_detail(request, municipality_slug, pk):
    resource = _resource(request, pk)
    first = calendar.parse_month(request.GET.get("miesiac"))
    blackouts = list(resource.blackouts.all())
    # Times only: the public calendar names no organization and no person.
    grid = calendar.month_grid(first)
    bookings = list(selectors.approved_between([resource.pk], grid.start, grid.end).only("id", "starts_at", "ends_at"))
    month = calendar.month_grid(first, bookings, open_weekdays=resource.weekday_numbers, blackouts=blackouts)
    in_month = [b for b in bookings if b.starts_at < month.month_end and b.ends_at > month.month_start]
    return render(request, TEMPLATES + "resource_detail.html", _ctx(
        request, resource=resource, month=month, bookings=in_month, blackouts=blackouts,
        nav_url=_url("resource_detail", request.municipality, pk=resource.pk) + "?",
        weekdays=[label for value, label in _weekday_labels() if int(value) in resource.weekday_numbers],
        earliest=services.earliest_start(resource),
        can_manage=request.user.has_perm(MANAGE, request.municipality),
        can_request=resource.is_published and bool(
            request.user.is_authenticated and selectors.organizations_for(request.user, request.municipality))))


def _weekday_labels():
    from .enums import WEEKDAYS

    return WEEKDAYS


@require_GET
def resource_ics(request, municipality_slug, pk):
    """The approved bookings of the resource from 30 days back, as an iCalendar feed (times only)."""
    resource = _resource(request, pk)
    since = timezone.now() - timedelta(days=30)
    host = request.get_host().split(":")[0]
    url = request.build_absolute_uri(resource.get_absolute_url())
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Wspolpraca//Bookings//EN", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{ics.escape(resource.name)}"]
    stamp = ics.utc(timezone.now())
    summary = _("Booked: %(resource)s") % {"resource": resource.name}
    for booking in (BookingRequest.objects.filter(resource=resource, status=BookingStatus.APPROVED, ends_at__gte=since)
                    .order_by("starts_at", "id").only("id", "starts_at", "ends_at", "decided_at")):
        lines += ["BEGIN:VEVENT", f"UID:booking-{booking.pk}@{host}", f"DTSTAMP:{stamp}",
                  f"DTSTART:{ics.utc(booking.starts_at)}", f"DTEND:{ics.utc(booking.ends_at)}",
                  f"SUMMARY:{ics.escape(summary)}"]
        if resource.address:
            lines.append(f"LOCATION:{ics.escape(resource.address)}")
        lines += ["STATUS:CONFIRMED", "TRANSP:OPAQUE", f"URL:{url}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    response = HttpResponse("".join(ics.fold(line) + "\r\n" for line in lines).encode(),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="zasob-{resource.pk}.ics"'
    return response


# --- NGO: requests -------------------------------------------------------------------------------------------


def booking_create(request, municipality_slug, pk):
    resource = _resource(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not resource.is_published:
        raise Http404
    organizations = selectors.organizations_for(request.user, request.municipality)
    if not organizations:
        raise PermissionDenied
    form = BookingForm(request.POST or None, organizations=organizations, municipality=request.municipality,
                       initial={"organization": organizations[0].pk})
    overlaps = []
    if request.method == "POST" and form.is_valid():
        organization = next(o for o in organizations if o.pk == form.cleaned_data["organization"])
        values = form.values()
        overlaps = list(services.overlapping(resource, values["starts_at"], values["ends_at"]))
        if overlaps and not form.cleaned_data["confirm_overlap"]:
            try:  # the rules first: a time that breaks them is refused whatever overlaps it
                services.check_time(resource, values["starts_at"], values["ends_at"],
                                    participants=values["participants"])
            except ValidationError as error:
                apply_errors(form, error)
            else:
                form.ask_to_confirm()
                messages.warning(request, _("The time you chose overlaps other requests or bookings of this "
                                            "resource: see below. Change the time, or confirm to send the request "
                                            "anyway."))
        else:
            try:
                booking = services.request_booking(resource=resource, organization=organization, actor=request.user,
                                                   **values)
            except ValidationError as error:
                apply_errors(form, error)
                if overlaps:
                    form.ask_to_confirm()
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("The request is sent. The municipality decides and you receive the "
                                            "decision by e-mail."))
                return redirect(_url("booking_detail", request.municipality, pk=booking.pk))
    upcoming = list(selectors.approved_between([resource.pk], timezone.now(),
                                               timezone.now() + timedelta(days=60)))
    return render(request, TEMPLATES + "booking_form.html", _ctx(
        request, resource=resource, form=form, overlaps=overlaps, upcoming=upcoming,
        earliest=services.earliest_start(resource)))


@login_required
@require_GET
def my_bookings(request, municipality_slug):
    bookings = list(selectors.with_conflict_flag(selectors.bookings_visible_to(request.user, request.municipality)))
    return render(request, TEMPLATES + "booking_my_list.html", _ctx(request, bookings=bookings))


def _booking(request, pk) -> BookingRequest:
    booking = get_object_or_404(BookingRequest.objects.select_related("resource", "organization", "municipality",
                                                                      "contract"), pk=pk)
    if not request.user.has_perm("grants.view_booking", booking):
        raise Http404
    return booking


@login_required
@require_GET
def booking_detail(request, municipality_slug, pk):
    booking = _booking(request, pk)
    return render(request, TEMPLATES + "booking_detail.html", _ctx(
        request, booking=booking, when=services.when(booking.starts_at, booking.ends_at),
        can_cancel=request.user.has_perm("grants.cancel_booking", booking) and booking.starts_at > timezone.now(),
        can_manage=request.user.has_perm(MANAGE, request.municipality)))


@login_required
@require_POST
def booking_cancel(request, municipality_slug, pk):
    booking = _booking(request, pk)
    if not request.user.has_perm("grants.cancel_booking", booking):
        raise PermissionDenied
    try:
        services.cancel_booking(booking=booking, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The request is cancelled."))
    return redirect(_url("booking_detail", request.municipality, pk=booking.pk))


# --- Officer: the catalogue ------------------------------------------------------------------------------------


@municipality_perm(MANAGE)
@require_GET
def resource_admin_list(request, municipality_slug):
    resources = list(selectors.resources_for_officer(request.municipality))
    return render(request, TEMPLATES + "resource_admin_list.html", _ctx(request, resources=resources))


def _save_resource(request, form, resource=None):
    try:
        blackouts = services.parse_blackouts(form.cleaned_data["blackouts"])
        if resource is None:
            return services.create_resource(municipality=request.municipality, actor=request.user,
                                            blackouts=blackouts, **form.values())
        return services.update_resource(resource=resource, actor=request.user, blackouts=blackouts, **form.values())
    except ValidationError as error:
        apply_errors(form, error)
    return None


@municipality_perm(MANAGE)
def resource_create(request, municipality_slug):
    form = ResourceForm(request.POST or None, instance=Resource(municipality=request.municipality))
    if request.method == "POST" and form.is_valid():
        resource = _save_resource(request, form)
        if resource is not None:
            messages.success(request, _("The resource is saved."))
            return redirect(_url("resource_admin_list", request.municipality))
    return render(request, TEMPLATES + "resource_form.html", _ctx(request, form=form, resource=None))


@officer_resource_view
def resource_edit(request, resource):
    form = ResourceForm(request.POST or None, instance=Resource.objects.get(pk=resource.pk),
                        initial={"blackouts": services.blackouts_text(resource)})
    if request.method == "POST" and form.is_valid() and _save_resource(request, form, resource) is not None:
        messages.success(request, _("The resource is saved."))
        return redirect(_url("resource_admin_list", request.municipality))
    return render(request, TEMPLATES + "resource_form.html", _ctx(request, form=form, resource=resource))


# --- Officer: requests -----------------------------------------------------------------------------------------


@municipality_perm(MANAGE)
@require_GET
def booking_inbox(request, municipality_slug):
    resources = list(Resource.objects.filter(municipality=request.municipality).order_by("name", "id"))
    form = InboxFilterForm(request.GET or {"status": BookingStatus.REQUESTED}, resources=resources)
    status, resource_id = BookingStatus.REQUESTED, None
    if form.is_valid():
        status, resource_id = form.cleaned_data["status"], form.cleaned_data["resource"]
    bookings = list(selectors.inbox(request.municipality, status=status, resource_id=resource_id))
    return render(request, TEMPLATES + "booking_inbox.html", _ctx(request, form=form, bookings=bookings))


def _decision_page(request, booking, *, approve_form=None, decline_form=None, withdraw_form=None, status=200):
    booking = BookingRequest.objects.select_related("resource", "organization", "municipality", "contract",
                                                    "requested_by").get(pk=booking.pk)
    overlaps = list(selectors.with_conflict_flag(
        services.overlapping(booking.resource, booking.starts_at, booking.ends_at, exclude=booking)))
    clash = next((o for o in overlaps if o.status == BookingStatus.APPROVED), None)
    problems = []
    if booking.status == BookingStatus.REQUESTED:
        try:
            services.check_time(booking.resource, booking.starts_at, booking.ends_at,
                                participants=booking.participants, notice=False)
        except ValidationError as error:
            problems = [m for messages_ in error.message_dict.values() for m in messages_]
    return render(request, TEMPLATES + "booking_decide.html", _ctx(
        request, booking=booking, overlaps=overlaps, clash=clash, problems=problems,
        when=services.when(booking.starts_at, booking.ends_at),
        approve_form=approve_form or ApproveForm(), decline_form=decline_form or ReasonForm(prefix="decline"),
        withdraw_form=withdraw_form or ReasonForm(prefix="withdraw")), status=status)


@officer_booking_view
@require_GET
def booking_decide(request, booking):
    return _decision_page(request, booking)


@officer_booking_view
@require_POST
def booking_approve(request, booking):
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            services.approve_booking(booking=booking, actor=request.user, note=form.cleaned_data["note"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The booking is approved; the organization is told by e-mail."))
            return redirect(_url("booking_decide", request.municipality, pk=booking.pk))
    return _decision_page(request, booking, approve_form=form)


def _reasoned(request, booking, service, prefix: str, success: str):
    form = ReasonForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            service(booking=booking, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, success)
            return redirect(_url("booking_decide", request.municipality, pk=booking.pk))
    return _decision_page(request, booking, **{f"{prefix}_form": form})


@officer_booking_view
@require_POST
def booking_decline(request, booking):
    return _reasoned(request, booking, services.decline_booking, "decline",
                     _("The request is declined; the organization is told by e-mail."))


@officer_booking_view
@require_POST
def booking_withdraw(request, booking):
    return _reasoned(request, booking, services.withdraw_booking, "withdraw",
                     _("The booking is withdrawn; the organization is told by e-mail."))


@municipality_perm(MANAGE)
@require_GET
def booking_calendar(request, municipality_slug):
    resources = list(Resource.objects.filter(municipality=request.municipality).order_by("name", "id"))
    form = InboxFilterForm(request.GET, resources=resources)
    resource_id = form.cleaned_data["resource"] if form.is_valid() else None
    first = calendar.parse_month(request.GET.get("miesiac"))
    grid = calendar.month_grid(first)
    items = list(selectors.requests_between(request.municipality, grid.start, grid.end, resource_id=resource_id))
    month = calendar.month_grid(first, items)
    in_month = [b for b in items if b.starts_at < month.month_end and b.ends_at > month.month_start]
    return render(request, TEMPLATES + "booking_calendar.html", _ctx(
        request, form=form, month=month, bookings=in_month, resource_id=resource_id,
        nav_url=_url("booking_calendar", request.municipality) + (f"?resource={resource_id}&" if resource_id else "?")))


urlpatterns = [
    path("", resource_list, name="resource_list"),
    path("<int:pk>/", resource_detail, name="resource_detail"),
    path("<int:pk>/kalendarz.ics", resource_ics, name="resource_ics"),
    path("<int:pk>/wniosek/", booking_create, name="booking_create"),
    path("moje/", my_bookings, name="my_bookings"),
    path("wnioski/<int:pk>/", booking_detail, name="booking_detail"),
    path("wnioski/<int:pk>/anulowanie/", booking_cancel, name="booking_cancel"),
    path("panel/", resource_admin_list, name="resource_admin_list"),
    path("panel/nowy/", resource_create, name="resource_create"),
    path("panel/<int:pk>/edycja/", resource_edit, name="resource_edit"),
    path("panel/wnioski/", booking_inbox, name="booking_inbox"),
    path("panel/wnioski/<int:pk>/", booking_decide, name="booking_decide"),
    path("panel/wnioski/<int:pk>/zatwierdzenie/", booking_approve, name="booking_approve"),
    path("panel/wnioski/<int:pk>/odmowa/", booking_decline, name="booking_decline"),
    path("panel/wnioski/<int:pk>/wycofanie/", booking_withdraw, name="booking_withdraw"),
    path("panel/kalendarz/", booking_calendar, name="booking_calendar"),
]
