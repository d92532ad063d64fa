"""Meetings and trainings (P2.A2, P3.A2). Public: the municipality's list (upcoming and past, by kind), an
event's page with registration, places left and the waiting list, its calendar file and materials. Officers:
creating, editing, publishing and cancelling, the registrations with accessibility needs (also as CSV),
attendance and materials. Signed-in people: their own events. Drafts are seen by the municipality's officers
alone; who registered is seen by the officers alone."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from .. import events as services
from .. import selectors
from ..exceptions import DomainError
from ..models import (
    Event,
    EventAttendance,
    EventAudience,
    EventKind,
    EventMaterial,
    EventStatus,
    Organization,
    Standard,
)
from .helpers import apply_errors, municipal_object_view, require_perm

MANAGE = "cooperation.manage_events"
TEMPLATES = "cooperation/events/"
PAGE_SIZE = 20
# The standards an event can serve: substantive help during a task (P2.A2.T2) and the sector's integration (P3.A2).
EVENT_STANDARDS = Q(code__startswith="P2.A2.T2.") | Q(code__startswith="P3.A2.")

# Login required; the officer must manage request.municipality; `pk` becomes the event (through its scoped
# manager, so another municipality's event is not found).
officer_view = municipal_object_view(MANAGE, Event)


# --- Forms (input only: windows, places and states are the services' to check) ---------------------------


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of event"), required=False,
                             choices=[("", gettext_lazy("any kind")), *EventKind.choices])


class StandardChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code}: {obj.text}"


class EventForm(forms.ModelForm):
    standards = StandardChoiceField(
        label=gettext_lazy("Minimal standards of the Model it serves"), required=False,
        queryset=Standard.objects.filter(EVENT_STANDARDS).order_by("order"),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("If you tick none, the event serves the standard its kind names. Once the event has "
                               "taken place and attendance is recorded, the standards tracker shows it as evidence."),
    )

    class Meta:
        model = Event
        fields = ["title", "kind", "description", "starts_at", "ends_at", "place", "online_url", "capacity",
                  "registration_opens_at", "registration_closes_at", "audience", "step_free_access",
                  "induction_loop", "sign_language_on_request", "accessibility_notes", "contact_person",
                  "contact_email", "contact_phone"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 3}),
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "registration_opens_at": DateTimeInput(),
            "registration_closes_at": DateTimeInput(),
        }

    def metadata(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class RegistrationForm(forms.Form):
    organization = forms.ModelChoiceField(label=gettext_lazy("Register on behalf of"),
                                          queryset=Organization.objects.none(), required=False,
                                          empty_label=gettext_lazy("myself (a private person)"))
    needs = forms.CharField(
        label=gettext_lazy("Accessibility needs"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("E.g. a sign language interpreter, an induction loop, step-free access, large print. "
                               "Only the organizers see it."),
    )

    def __init__(self, *args, user, event, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        field.queryset = Organization.objects.filter(memberships__user=user).order_by("name")
        if event.audience == EventAudience.NGO_REPRESENTATIVES:
            field.required = True
            field.empty_label = None
            field.label = _("Organization you represent")
        elif not field.queryset.exists():
            del self.fields["organization"]

    def values(self) -> dict:
        return {"organization": self.cleaned_data.get("organization"), "needs": self.cleaned_data["needs"]}


class CancelEventForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Why is the event cancelled?"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=gettext_lazy("Everyone registered receives it by e-mail; it is also shown "
                                                    "on the event's page."))


class MaterialForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    file = forms.FileField(label=gettext_lazy("File"), required=False,
                           help_text=gettext_lazy("PDF, DOCX, ODT or PPTX, up to 10 MB."))
    url = forms.URLField(label=gettext_lazy("Or a link"), required=False, assume_scheme="https",
                         help_text=gettext_lazy("E.g. a recording or a page with the materials."))
    is_public = forms.BooleanField(label=gettext_lazy("Public (anyone may read it; otherwise only the people "
                                                      "with a place)"), required=False)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("file") and not cleaned.get("url"):
            self.add_error("file", _("Upload a file or give a link."))
        return cleaned


class AttendanceForm(forms.Form):
    """One present/absent choice per person holding a place."""

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.registrations = registrations
        for registration in registrations:
            label = registration.user.full_name or registration.user.email
            if registration.organization_id:
                label = f"{label} ({registration.organization.name})"
            self.fields[f"r{registration.pk}"] = forms.ChoiceField(
                label=label, choices=EventAttendance.choices, widget=forms.RadioSelect,
                initial=registration.attendance or EventAttendance.PRESENT,
            )

    def statuses(self) -> dict[int, str]:
        return {registration.pk: self.cleaned_data[f"r{registration.pk}"] for registration in self.registrations}


# --- Public pages ---------------------------------------------------------------------------------------------


def _with_places_left(events):
    for event in events:
        event.places_left = None if event.capacity is None else max(event.capacity - event.taken, 0)
    return events


@require_GET
def event_list(request, municipality_slug):
    municipality = request.municipality
    form = EventFilterForm(request.GET or None)
    queryset = selectors.with_places(selectors.events_visible_to(request.user, municipality))
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    if kind:
        queryset = queryset.filter(kind=kind)
    now = timezone.now()
    upcoming = _with_places_left(list(queryset.filter(ends_at__gt=now).order_by("starts_at", "id")))
    past = Paginator(queryset.filter(ends_at__lte=now).order_by("-starts_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("strona"))
    _with_places_left(past.object_list)
    query = request.GET.copy()
    query.pop("strona", None)
    return render(request, TEMPLATES + "event_list.html", {
        "municipality": municipality, "form": form, "upcoming": upcoming, "past": past, "query": query.urlencode(),
        "filtered": bool(kind), "can_manage": request.user.has_perm(MANAGE, municipality),
    })


def _visible_event(request, pk) -> Event:
    """The event of the current municipality, or 404 (also for a draft the person may not manage)."""
    return get_object_or_404(
        selectors.events_visible_to(request.user, request.municipality).select_related("municipality"), pk=pk)


def _detail(request, event, form=None):
    registration = selectors.active_registration(request.user, event)
    state = services.registration_state(event)
    can_register = request.user.has_perm("cooperation.register_for_event", event)
    if form is None and can_register and registration is None and state == "open":
        form = RegistrationForm(user=request.user, event=event)
    return render(request, TEMPLATES + "event_detail.html", {
        "municipality": request.municipality, "event": event, "places": selectors.places_of(event),
        "registration": registration, "position": selectors.waitlist_position(registration),
        "state": state, "can_register": can_register, "form": form,
        "materials": selectors.materials_visible_to(request.user, event),
        "standards": list(event.standards.order_by("order")),
        "can_manage": request.user.has_perm(MANAGE, request.municipality),
        "started": event.starts_at <= timezone.now(),
        "attendance": services.attendance_summary(event) if event.attendance_recorded_at else None,
    })


@require_GET
def event_detail(request, municipality_slug, pk):
    return _detail(request, _visible_event(request, pk))


def _to_detail(event, anchor: str = ""):
    url = reverse("cooperation:event_detail", kwargs={"municipality_slug": event.municipality.slug, "pk": event.pk})
    return redirect(f"{url}{anchor}")


@require_POST
def event_register(request, municipality_slug, pk):
    event = _visible_event(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(event.get_absolute_url())
    if event.status != EventStatus.PUBLISHED:  # e.g. cancelled while the page was open
        messages.error(request, services.RegistrationClosed().message)
        return _to_detail(event)
    require_perm(request.user, "cooperation.register_for_event", event)
    form = RegistrationForm(request.POST, user=request.user, event=event)
    if form.is_valid():
        try:
            registration = services.register_for_event(event=event, user=request.user, **form.values())
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return _to_detail(event)
        else:
            if registration.waitlisted:
                messages.success(request, _(
                    "Every place is taken: you are on the waiting list, position %(position)d. If a place frees "
                    "up, it is yours and we tell you by e-mail."
                ) % {"position": selectors.waitlist_position(registration)})
            else:
                messages.success(request, _("You are registered. Your place is reserved."))
            return _to_detail(event, "#registration")
    return _detail(request, event, form=form)


@require_POST
def event_unregister(request, municipality_slug, pk):
    event = _visible_event(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(event.get_absolute_url())
    registration = selectors.active_registration(request.user, event)
    if registration is None:
        messages.error(request, _("You are not registered for this event."))
        return _to_detail(event)
    try:
        services.cancel_registration(registration=registration, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your registration is cancelled."))
    return _to_detail(event, "#registration")


@require_GET
def event_ics(request, municipality_slug, pk):
    event = _visible_event(request, pk)
    url = request.build_absolute_uri(event.get_absolute_url())
    registration = selectors.active_registration(request.user, event)
    with_link = bool(registration and not registration.waitlisted) or request.user.has_perm(MANAGE, event.municipality)
    body = services.event_calendar(event, url=url, host=request.get_host().split(":")[0], with_online_link=with_link)
    response = HttpResponse(body.encode(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="wydarzenie-{event.pk}.ics"'
    return response


@require_GET
def event_material(request, municipality_slug, pk, material_id):
    """A material's file, after the permission check, as an attachment with nosniff (never rendered in the
    portal's origin). Anonymous visitors are asked to log in: registrants may read more."""
    event = _visible_event(request, pk)
    material = get_object_or_404(EventMaterial.objects.filter(event=event).exclude(file=""), pk=material_id)
    material.event = event
    if not request.user.has_perm("cooperation.view_event_material", material):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    filename = f"{slugify(material.title)[:80] or 'material'}.{material.kind or 'bin'}"
    try:
        handle = material.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def my_events(request):
    """The person's registrations in every municipality: coming up and past."""
    return render(request, TEMPLATES + "my_events.html", {
        "upcoming": selectors.my_event_registrations(request.user, upcoming=True),
        "past": selectors.my_event_registrations(request.user, upcoming=False),
    })


# --- The officer's pages --------------------------------------------------------------------------------------


def _ctx(request, event=None, **extra):
    return {"municipality": request.municipality, "event": event, "Status": EventStatus, **extra}


def _to_admin(event, name="event_admin"):
    return redirect(f"cooperation:{name}", municipality_slug=event.municipality.slug, pk=event.pk)


@officer_view
def event_admin_list(request):
    events = selectors.with_places(Event.objects.filter(municipality=request.municipality)).order_by("-starts_at", "-id")
    page = Paginator(events, PAGE_SIZE * 2).get_page(request.GET.get("strona"))
    _with_places_left(page.object_list)
    return render(request, TEMPLATES + "event_admin_list.html", _ctx(request, page=page, query=""))


@officer_view
def event_create(request):
    municipality = request.municipality
    initial = {"contact_person": request.user.full_name, "contact_email": municipality.email or request.user.email,
               "contact_phone": municipality.phone}
    if request.GET.get("rodzaj") in EventKind.values:
        initial["kind"] = request.GET["rodzaj"]
    form = EventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(municipality=municipality, actor=request.user,
                                          standards=form.cleaned_data["standards"], **form.metadata())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The event is saved as a draft. Publish it when it is ready."))
            return _to_admin(event)
    return render(request, TEMPLATES + "event_form.html", _ctx(request, form=form, creating=True))


@officer_view
def event_admin(request, event):
    return render(request, TEMPLATES + "event_admin.html", _ctx(
        request, event,
        places=selectors.places_of(event), state=services.registration_state(event),
        attendance=services.attendance_summary(event),
        materials=list(EventMaterial.objects.filter(event=event).order_by("created_at", "id")),
        standards=list(event.standards.order_by("order")),
        started=event.starts_at <= timezone.now(), ended=event.ends_at <= timezone.now(),
    ))


@officer_view
def event_edit(request, event):
    if event.status == EventStatus.CANCELLED:
        messages.error(request, _("A cancelled event no longer changes."))
        return _to_admin(event)
    # The form works on its own copy: a refused edit must not show its values as the event's own.
    form = EventForm(request.POST or None, instance=Event.objects.get(pk=event.pk),
                     initial={"standards": list(event.standards.all())})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_event(event=event, actor=request.user, standards=form.cleaned_data["standards"],
                                  **form.metadata())
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return _to_admin(event)
        else:
            messages.success(request, _("The event is saved."))
            return _to_admin(event)
    return render(request, TEMPLATES + "event_form.html", _ctx(request, event, form=form))


@officer_view
@require_POST
def event_publish(request, event):
    try:
        services.publish_event(event=event, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The event is published: it is on the public list and registration follows "
                                    "the dates you set."))
    return _to_admin(event)


@officer_view
def event_cancel(request, event):
    form = CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_event(event=event, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return _to_admin(event)
        else:
            messages.success(request, _("The event is cancelled. Everyone registered is told by e-mail."))
            return _to_admin(event)
    return render(request, TEMPLATES + "event_cancel.html", _ctx(
        request, event, form=form, places=selectors.places_of(event)))


@officer_view
def event_registrations(request, event):
    registrations = list(selectors.event_registrations(event))
    position = 0
    for registration in registrations:
        if registration.waitlisted:
            position += 1
            registration.position = position
    return render(request, TEMPLATES + "registrations.html", _ctx(
        request, event, registrations=registrations, places=selectors.places_of(event)))


@officer_view
@require_GET
def event_registrations_csv(request, event):
    body = services.registrations_csv(event=event, actor=request.user)
    response = HttpResponse(body.encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="zapisy-wydarzenie-{event.pk}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@officer_view
def event_attendance(request, event):
    registrations = [r for r in selectors.event_registrations(event) if not r.waitlisted]
    form = AttendanceForm(request.POST or None, registrations=registrations)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_attendance(event=event, actor=request.user, statuses=form.statuses())
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return _to_admin(event)
        else:
            messages.success(request, _("The attendance is saved."))
            return _to_admin(event)
    return render(request, TEMPLATES + "attendance_form.html", _ctx(
        request, event, form=form, started=event.starts_at <= timezone.now()))


@officer_view
def event_material_create(request, event):
    form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_material(event=event, actor=request.user, title=form.cleaned_data["title"],
                                  upload=form.cleaned_data["file"], url=form.cleaned_data["url"],
                                  is_public=form.cleaned_data["is_public"])
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return _to_admin(event)
        else:
            messages.success(request, _("The material is added."))
            return _to_admin(event)
    return render(request, TEMPLATES + "material_form.html", _ctx(request, event, form=form))


@officer_view
@require_POST
def event_material_delete(request, event, material_id):
    material = get_object_or_404(EventMaterial.objects.filter(event=event), pk=material_id)
    services.remove_material(material=material, actor=request.user)
    messages.success(request, _("The material “%(title)s” is removed.") % {"title": material.title})
    return _to_admin(event)
