"""Pages of the public benefit council (consultations/council.py): the public council page, its meetings and
opinions; the NGOs' request to create the council; the officer's panel for terms, members, meetings,
attendance, minutes and opinion requests, including the council's opinion on a consultation."""

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from cooperation.exceptions import DomainError
from cooperation.models import Organization
from cooperation.selectors import address_base
from cooperation.views.helpers import apply_errors, require_perm

from .. import council
from ..enums import ConsultationStatus
from ..forms import DateTimeInput
from ..models import (
    AttendanceStatus,
    Consultation,
    CouncilMeeting,
    CouncilMember,
    CouncilRequest,
    CouncilRequestStatus,
    CouncilSide,
    CouncilTerm,
    CouncilTermStatus,
    DismissalReason,
    OpinionRequest,
)

MANAGE = "consultations.manage_council"
TEMPLATES = "consultations/council/"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


# --- Forms (input validation only; the services decide) ------------------------------------------------------


class RequestForm(forms.Form):
    organization = forms.ModelChoiceField(label=gettext_lazy("On behalf of"), queryset=Organization.objects.none(),
                                          empty_label=None)
    justification = forms.CharField(
        label=gettext_lazy("Justification"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Optional: why the municipality needs the council."),
    )

    def __init__(self, *args, organizations, starting: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if not starting:
            del self.fields["justification"]


class TermForm(forms.Form):
    starts_on = forms.DateField(label=gettext_lazy("The term starts"), widget=DateInput())
    ends_on = forms.DateField(
        label=gettext_lazy("The term ends"), widget=DateInput(), required=False,
        help_text=gettext_lazy("Leave empty for the statutory term (art. 41e ust. 3 of the act)."),
    )
    resolution_number = forms.CharField(
        label=gettext_lazy("Appointing act (number)"), max_length=200, required=False,
        help_text=gettext_lazy("E.g. “Zarządzenie nr 123/2026 Prezydenta Miasta”."),
    )
    resolution_date = forms.DateField(label=gettext_lazy("Date of the appointing act"), widget=DateInput(),
                                      required=False)

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on <= starts_on:
            self.add_error("ends_on", _("The term ends after it starts."))
        return cleaned


class TermEditForm(TermForm):
    def __init__(self, *args, draft: bool, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["starts_on"]
        if not draft:
            del self.fields["ends_on"]


class MemberForm(forms.Form):
    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=200)
    side = forms.ChoiceField(label=gettext_lazy("Represents"), choices=CouncilSide.choices,
                             widget=forms.RadioSelect)
    organization = forms.ModelChoiceField(
        label=gettext_lazy("Organization represented"), queryset=Organization.objects.none(), required=False,
        empty_label=gettext_lazy("none"),
        help_text=gettext_lazy("Only for NGO representatives; organizations confirmed in the municipality."),
    )
    function = forms.CharField(label=gettext_lazy("Function in the council"), max_length=100, required=False,
                               help_text=gettext_lazy("E.g. chair, deputy chair, secretary. Leave empty for a member."))
    email = forms.EmailField(label=gettext_lazy("E-mail"), required=False,
                             help_text=gettext_lazy("Not published. Used to send requests for the council's opinion."))
    appointed_on = forms.DateField(label=gettext_lazy("Appointed"), widget=DateInput(), required=False,
                                   help_text=gettext_lazy("Empty: the start of the term, or today if it has started."))

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = address_base(municipality).prefetch_related(None)


class DismissForm(forms.Form):
    reason = forms.ChoiceField(label=gettext_lazy("Ground for dismissal (art. 41g ust. 2 of the act)"),
                               choices=DismissalReason.choices, widget=forms.RadioSelect)
    dismissed_on = forms.DateField(label=gettext_lazy("Dismissed on"), widget=DateInput())
    note = forms.CharField(label=gettext_lazy("Dismissing act and note"), max_length=300, required=False)


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(label=gettext_lazy("Date and time"), widget=DateTimeInput())
    place = forms.CharField(label=gettext_lazy("Place"), max_length=300)
    agenda = forms.CharField(label=gettext_lazy("Agenda of the meeting"), widget=forms.Textarea(attrs={"rows": 8}),
                             help_text=gettext_lazy("One item per line. The agenda is public at once."))


class AttendanceForm(forms.Form):
    """One choice per member in office on the meeting's day."""

    def __init__(self, *args, members, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            self.fields[f"m{member.pk}"] = forms.ChoiceField(
                label=member.full_name, choices=AttendanceStatus.choices, widget=forms.RadioSelect,
                initial=current.get(member.pk),
            )

    def statuses(self) -> dict[int, str]:
        return {member.pk: self.cleaned_data[f"m{member.pk}"] for member in self.members}


class MinutesForm(forms.Form):
    minutes_text = forms.CharField(label=gettext_lazy("Minutes (text)"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 12}))
    minutes_file = forms.FileField(
        label=gettext_lazy("Minutes (PDF)"), required=False, help_text=gettext_lazy("A PDF file up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )


class OpinionRequestForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Draft to give an opinion on"), max_length=300, required=False,
                              help_text=gettext_lazy("Empty for a consultation: its title is used."))
    consultation = forms.ModelChoiceField(label=gettext_lazy("Consultation"), queryset=Consultation.objects.none(),
                                          required=False, empty_label=gettext_lazy("none (another draft)"))
    description = forms.CharField(label=gettext_lazy("What the council is asked"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    sent_at = forms.DateTimeField(
        label=gettext_lazy("Delivered to the council"), widget=DateTimeInput(), required=False,
        help_text=gettext_lazy("Empty: now. The 14 days are counted from the day after delivery."),
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = (
            Consultation.objects.filter(municipality=municipality, council_opinions__isnull=True)
            .exclude(status=ConsultationStatus.REPORT_PUBLISHED).order_by("-opens_at", "-id")
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("consultation") and not (cleaned.get("subject") or "").strip():
            self.add_error("subject", _("Name the draft the council is asked about."))
        return cleaned


class OpinionRecordForm(forms.Form):
    opinion_text = forms.CharField(label=gettext_lazy("The opinion (text)"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 8}))
    opinion_file = forms.FileField(
        label=gettext_lazy("The opinion (PDF)"), required=False, help_text=gettext_lazy("A PDF file up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )
    received_at = forms.DateTimeField(label=gettext_lazy("Opinion received"), widget=DateTimeInput(),
                                      required=False, help_text=gettext_lazy("Empty: now."))

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("opinion_text") or "").strip() and not cleaned.get("opinion_file") \
                and "opinion_file" not in self.errors:
            self.add_error("opinion_text", _("Type the opinion or upload it as a PDF."))
        return cleaned


# --- Helpers -------------------------------------------------------------------------------------------------


def council_officer_view(model=None, *select_related):
    """Officer pages: anonymous people go to the login page, others need manage_council on the municipality;
    a `pk` becomes the object, found through the model's scoped manager (another municipality's is a 404)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, municipality_slug, *args, pk=None, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require_perm(request.user, MANAGE, request.municipality)
            if model is None or pk is None:
                return view(request, *args, **kwargs)
            obj = get_object_or_404(model.objects.select_related(*select_related), pk=pk)
            return view(request, obj, *args, **kwargs)

        return wrapper

    return decorator


def _slug(request) -> str:
    return request.municipality.slug


def _to(request, name: str, **kwargs):
    return redirect(f"consultations:{name}", municipality_slug=_slug(request), **kwargs)


def _ctx(request, **extra) -> dict:
    return {"municipality": request.municipality, **extra}


def _report(request, error: Exception) -> None:
    if isinstance(error, DomainError):
        messages.error(request, error.message)
    else:
        for message in error.messages:
            messages.error(request, message)


def _private_file(file_field, filename: str):
    try:
        handle = file_field.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Public pages --------------------------------------------------------------------------------------------


@require_GET
def council_page(request, municipality_slug):
    """The council: the current (or latest) published term, members by side, meetings with their agendas
    and published minutes, opinions, and the NGOs' open request to create it. A fixed number of queries."""
    municipality = request.municipality
    term = council.public_term(municipality)
    context = _ctx(request, term=term, can_manage=council.can_manage(request.user, municipality),
                   today=timezone.localdate(), **council.request_summary(council.open_request(municipality)))
    if term is not None:
        context.update({
            "composition": council.composition(term),
            "meetings": list(term.meetings.order_by("-starts_at", "-number")),
            "opinions": list(council.opinions_visible_to(request.user, municipality).filter(term=term)
                             .order_by("-sent_at", "-id")),
            "other_terms": list(CouncilTerm.objects.filter(municipality=municipality,
                                                           status=CouncilTermStatus.PUBLISHED)
                                .exclude(pk=term.pk).order_by("-starts_on")),
        })
    return render(request, TEMPLATES + "council.html", context)


@require_GET
def council_meeting(request, municipality_slug, pk):
    meeting = get_object_or_404(council.meetings_visible_to(request.user, request.municipality), pk=pk)
    minutes_visible = request.user.has_perm("consultations.view_council_minutes", meeting)
    attendance = []
    if minutes_visible:
        attendance = list(meeting.attendance.select_related("member").order_by("member__side", "member__full_name"))
    return render(request, TEMPLATES + "meeting.html", _ctx(
        request, meeting=meeting, term=meeting.term, minutes_visible=minutes_visible, attendance=attendance,
        can_manage=council.can_manage(request.user, request.municipality),
    ))


@require_GET
def council_minutes_file(request, municipality_slug, pk):
    meeting = get_object_or_404(council.meetings_visible_to(request.user, request.municipality), pk=pk)
    if not meeting.minutes_file or not request.user.has_perm("consultations.view_council_minutes", meeting):
        raise Http404
    return _private_file(meeting.minutes_file, f"protokol-posiedzenia-{meeting.number}.pdf")


def _visible_opinion(request, pk) -> OpinionRequest:
    return get_object_or_404(council.opinions_visible_to(request.user, request.municipality)
                             .select_related("term"), pk=pk)


@require_GET
def council_opinion(request, municipality_slug, pk):
    opinion = _visible_opinion(request, pk)
    return render(request, TEMPLATES + "opinion.html", _ctx(
        request, opinion=opinion, state=opinion.state(),
        can_manage=council.can_manage(request.user, request.municipality),
    ))


@require_GET
def council_opinion_file(request, municipality_slug, pk):
    opinion = _visible_opinion(request, pk)
    if not opinion.opinion_file:
        raise Http404
    return _private_file(opinion.opinion_file, f"opinia-rady-{opinion.pk}.pdf")


# --- The NGOs' request to create the council -----------------------------------------------------------------


def council_request(request, municipality_slug):
    """Signed-in people see the open request; owners and editors of confirmed organizations start or sign it."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    municipality = request.municipality
    pending = council.open_request(municipality)
    existing_term = council.current_term(municipality)
    organizations = council.organizations_that_may_sign(request.user, municipality, pending)
    form = RequestForm(request.POST or None, organizations=organizations, starting=pending is None)
    if request.method == "POST":
        if existing_term is not None:
            messages.error(request, _("The municipality already has a public benefit council."))
            return _to(request, "council_request")
        if form.is_valid():
            organization = form.cleaned_data["organization"]
            if not request.user.has_perm("consultations.sign_council_request", organization):
                raise PermissionDenied
            try:
                if pending is None:
                    council.file_council_request(municipality=municipality, organization=organization,
                                                 actor=request.user,
                                                 justification=form.cleaned_data.get("justification", ""))
                else:
                    council.sign_council_request(council_request=pending, organization=organization,
                                                 actor=request.user)
            except ValidationError as error:
                apply_errors(form, error)
            except DomainError as error:
                messages.error(request, error.message)
                return _to(request, "council_request")
            else:
                messages.success(request, _("%(name)s has signed the request.") % {"name": organization.name})
                return _to(request, "council_request")
    return render(request, TEMPLATES + "request.html", _ctx(
        request, form=form, existing_term=existing_term, may_sign=organizations.exists(),
        **council.request_summary(pending),
    ))


# --- Officer: overview and terms -----------------------------------------------------------------------------


@council_officer_view()
def council_admin(request):
    municipality = request.municipality
    terms = list(CouncilTerm.objects.filter(municipality=municipality).order_by("-starts_on", "-id"))
    latest_request = (council.open_request(municipality)
                      or CouncilRequest.objects.filter(municipality=municipality,
                                                       status=CouncilRequestStatus.FULFILLED).first())
    today = timezone.localdate()
    return render(request, TEMPLATES + "admin.html", _ctx(
        request, terms=terms, today=today, current=council.current_term(municipality),
        may_start=not any(t.ends_on >= today for t in terms), Status=CouncilTermStatus,
        **council.request_summary(latest_request),
    ))


@council_officer_view()
def council_term_create(request):
    form = TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            term = council.start_term(municipality=request.municipality, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The term is saved. Appoint the members, then publish the composition."))
            return _to(request, "council_term_admin", pk=term.pk)
    return render(request, TEMPLATES + "term_form.html", _ctx(request, form=form, years=council.term_years()))


@council_officer_view(CouncilTerm)
def council_term_edit(request, term):
    draft = term.status == CouncilTermStatus.DRAFT
    form = TermEditForm(request.POST or None, draft=draft, initial={
        "ends_on": term.ends_on, "resolution_number": term.resolution_number,
        "resolution_date": term.resolution_date,
    })
    if request.method == "POST" and form.is_valid():
        try:
            council.update_term(term=term, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The term is saved."))
            return _to(request, "council_term_admin", pk=term.pk)
    return render(request, TEMPLATES + "term_form.html", _ctx(request, form=form, term=term,
                                                              years=council.term_years()))


@council_officer_view(CouncilTerm)
def council_term_admin(request, term):
    members = list(term.members.select_related("organization").order_by("full_name", "id"))
    composition = council.composition(term, members)
    flags = council.absence_flags(term)
    by_id = {member.pk: member for member in members}
    return render(request, TEMPLATES + "term_admin.html", _ctx(
        request, term=term, composition=composition, problems=composition.problems(),
        flagged=[(by_id[pk], meetings) for pk, meetings in flags.items() if by_id[pk].is_active],
        meetings=list(council.meeting_attendance_counts(term)),
        opinions=list(term.opinion_requests.select_related("consultation").order_by("-sent_at", "-id")),
        ended=term.ends_on < timezone.localdate(), Status=CouncilTermStatus,
    ))


@council_officer_view(CouncilTerm)
@require_POST
def council_term_publish(request, term):
    try:
        council.publish_term(term=term, actor=request.user)
    except (DomainError, ValidationError) as error:
        _report(request, error)
    else:
        messages.success(request, _("The composition of the council is published."))
    return _to(request, "council_term_admin", pk=term.pk)


# --- Officer: members ----------------------------------------------------------------------------------------


@council_officer_view(CouncilTerm)
def council_member_add(request, term):
    form = MemberForm(request.POST or None, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            member = council.add_member(term=term, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(name)s is appointed.") % {"name": member.full_name})
            for problem in council.composition(term).problems():
                messages.warning(request, problem)
            return _to(request, "council_term_admin", pk=term.pk)
    return render(request, TEMPLATES + "member_form.html", _ctx(request, form=form, term=term))


@council_officer_view(CouncilMember, "term")
def council_member_dismiss(request, member):
    initial = {"dismissed_on": timezone.localdate(), "reason": request.GET.get("podstawa")}
    form = DismissForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            council.dismiss_member(member=member, actor=request.user, reason=form.cleaned_data["reason"],
                                   dismissed_on=form.cleaned_data["dismissed_on"], note=form.cleaned_data["note"])
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return _to(request, "council_term_admin", pk=member.term_id)
        else:
            messages.success(request, _("%(name)s is dismissed.") % {"name": member.full_name})
            for problem in council.composition(member.term).problems():
                messages.warning(request, problem)
            return _to(request, "council_term_admin", pk=member.term_id)
    return render(request, TEMPLATES + "member_dismiss.html", _ctx(
        request, form=form, member=member, term=member.term,
        flagged=council.absence_flags(member.term).get(member.pk, []),
    ))


# --- Officer: meetings, attendance, minutes -----------------------------------------------------------------


@council_officer_view(CouncilTerm)
def council_meeting_create(request, term):
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = council.schedule_meeting(term=term, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return _to(request, "council_term_admin", pk=term.pk)
        else:
            messages.success(request, _("Meeting %(number)d is scheduled; its agenda is public.")
                             % {"number": meeting.number})
            return _to(request, "council_meeting_admin", pk=meeting.pk)
    return render(request, TEMPLATES + "meeting_form.html", _ctx(request, form=form, term=term))


@council_officer_view(CouncilMeeting, "term")
def council_meeting_admin(request, meeting):
    attendance = list(meeting.attendance.select_related("member").order_by("member__side", "member__full_name"))
    return render(request, TEMPLATES + "meeting_admin.html", _ctx(
        request, meeting=meeting, term=meeting.term, attendance=attendance,
        started=meeting.starts_at <= timezone.now(),
    ))


@council_officer_view(CouncilMeeting, "term")
def council_attendance(request, meeting):
    members = council.members_expected_at(meeting)
    current = dict(meeting.attendance.values_list("member_id", "status"))
    form = AttendanceForm(request.POST or None, members=members, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            council.record_attendance(meeting=meeting, actor=request.user, statuses=form.statuses())
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return _to(request, "council_meeting_admin", pk=meeting.pk)
        else:
            messages.success(request, _("The attendance is saved."))
            flagged = council.absence_flags(meeting.term)
            for member in members:
                if member.pk in flagged and member.is_active:
                    messages.warning(request, _(
                        "%(name)s has been absent without excuse from 3 consecutive meetings: a ground for "
                        "dismissal (art. 41g ust. 2 of the act)."
                    ) % {"name": member.full_name})
            return _to(request, "council_meeting_admin", pk=meeting.pk)
    return render(request, TEMPLATES + "attendance_form.html", _ctx(
        request, form=form, meeting=meeting, term=meeting.term, started=meeting.starts_at <= timezone.now(),
    ))


@council_officer_view(CouncilMeeting, "term")
def council_minutes_edit(request, meeting):
    if meeting.minutes_published:
        messages.error(request, _("The minutes are published and no longer change."))
        return _to(request, "council_meeting_admin", pk=meeting.pk)
    form = MinutesForm(request.POST or None, request.FILES or None, initial={"minutes_text": meeting.minutes_text})
    if request.method == "POST" and form.is_valid():
        try:
            council.save_minutes(meeting=meeting, actor=request.user, text=form.cleaned_data["minutes_text"],
                                 upload=form.cleaned_data["minutes_file"])
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return _to(request, "council_meeting_admin", pk=meeting.pk)
        else:
            messages.success(request, _("The minutes are saved. They are public once you publish them."))
            return _to(request, "council_meeting_admin", pk=meeting.pk)
    return render(request, TEMPLATES + "minutes_form.html", _ctx(request, form=form, meeting=meeting,
                                                                 term=meeting.term))


@council_officer_view(CouncilMeeting, "term")
@require_POST
def council_minutes_publish(request, meeting):
    try:
        council.publish_minutes(meeting=meeting, actor=request.user)
    except (DomainError, ValidationError) as error:
        _report(request, error)
    else:
        messages.success(request, _("The minutes are published."))
    return _to(request, "council_meeting_admin", pk=meeting.pk)


# --- Officer: opinions ---------------------------------------------------------------------------------------


@council_officer_view()
def council_opinion_list(request):
    opinions = list(OpinionRequest.objects.filter(municipality=request.municipality)
                    .select_related("consultation", "term").order_by("-sent_at", "-id"))
    return render(request, TEMPLATES + "opinion_list.html", _ctx(
        request, opinions=opinions, term=council.current_term(request.municipality, published_only=True),
        today=timezone.localdate(),
    ))


@council_officer_view()
def council_opinion_create(request):
    form = OpinionRequestForm(request.POST or None, municipality=request.municipality)
    term = council.current_term(request.municipality, published_only=True)
    if request.method == "POST" and form.is_valid():
        try:
            opinion = council.request_opinion(municipality=request.municipality, actor=request.user,
                                              **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The council is asked for its opinion by %(due)s.")
                             % {"due": opinion.due_on.strftime("%Y-%m-%d")})
            return _to(request, "council_opinion_list")
    return render(request, TEMPLATES + "opinion_form.html", _ctx(request, form=form, term=term,
                                                                 days=council.opinion_days()))


@council_officer_view(Consultation)
@require_POST
def council_opinion_for_consultation(request, consultation):
    """The consultation page's "Request the council's opinion" button."""
    try:
        opinion = council.request_opinion(municipality=request.municipality, actor=request.user,
                                          consultation=consultation)
    except (DomainError, ValidationError) as error:
        _report(request, error)
    else:
        messages.success(request, _("The council is asked for its opinion by %(due)s.")
                         % {"due": opinion.due_on.strftime("%Y-%m-%d")})
    return redirect("consultations:admin", municipality_slug=_slug(request), pk=consultation.pk)


@council_officer_view(OpinionRequest, "consultation", "term")
def council_opinion_record(request, opinion):
    form = OpinionRecordForm(request.POST or None, request.FILES or None)
    back = request.POST.get("wroc") or request.GET.get("wroc")
    if request.method == "POST" and form.is_valid():
        try:
            council.record_opinion(opinion_request=opinion, actor=request.user,
                                   text=form.cleaned_data["opinion_text"], upload=form.cleaned_data["opinion_file"],
                                   received_at=form.cleaned_data["received_at"])
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return _to(request, "council_opinion_record", pk=opinion.pk)
        else:
            if opinion.state() == "late":
                messages.warning(request, _(
                    "The opinion is recorded. It arrived after the due day, so it is marked as late: the council "
                    "is deemed to have waived its right to give an opinion."
                ))
            else:
                messages.success(request, _("The opinion is recorded and published."))
            if back == "konsultacja" and opinion.consultation_id:
                return redirect("consultations:admin", municipality_slug=_slug(request), pk=opinion.consultation_id)
            return _to(request, "council_opinion_list")
    return render(request, TEMPLATES + "opinion_record.html", _ctx(
        request, form=form, opinion=opinion, state=opinion.state(), back=back,
    ))
