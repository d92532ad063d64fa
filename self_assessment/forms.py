"""Input forms of the self-assessment. Validation of the answers themselves happens in the service
(services.clean_answers), so the same rules apply to online and paper answers."""

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperation.forms import DateInput
from cooperation.models import Area

from .enums import JstRole, QuestionKind, RespondentGroup
from .models import (
    AgendaItem,
    AreaAssessment,
    ChecklistItem,
    Edition,
    NoteDraft,
    Participant,
    Question,
    Recommendation,
)

RATING_CHOICES = [
    ("1", _("1 – strongly disagree")),
    ("2", _("2 – rather disagree")),
    ("3", _("3 – neither agree nor disagree")),
    ("4", _("4 – rather agree")),
    ("5", _("5 – strongly agree")),
    ("dk", _("don't know / not applicable")),
]
YES_NO_CHOICES = [("yes", _("yes")), ("no", _("no"))]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SurveyForm(forms.Form):
    """The questionnaire for one group. Field q_<id> per question; the service decides what is valid."""

    def __init__(self, *args, questions, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = [q for q in questions if q.text_for(group)]
        for question in self.questions:
            label = question.text_for(group)
            name = f"q_{question.pk}"
            if question.kind == QuestionKind.RATING:
                field = forms.ChoiceField(label=label, choices=RATING_CHOICES, widget=forms.RadioSelect, required=False)
            elif question.kind == QuestionKind.YES_NO:
                field = forms.ChoiceField(label=label, choices=YES_NO_CHOICES, widget=forms.RadioSelect, required=False)
            else:
                field = forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                        max_length=2000)
            if question.required:
                field.help_text = _("An answer is required.")
            field.question = question
            self.fields[name] = field

    def raw_answers(self) -> dict[int, str]:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return {q.pk: data.get(f"q_{q.pk}", "") for q in self.questions}

    def add_answer_errors(self, errors: dict) -> None:
        for question_id, message in errors.items():
            self.add_error(f"q_{question_id}", message)


def initial_from_draft(draft) -> dict:
    initial = {}
    for question_id, value in (draft.data if draft else {}).items():
        if "rating" in value:
            initial[f"q_{question_id}"] = str(value["rating"])
        elif value.get("dont_know"):
            initial[f"q_{question_id}"] = "dk"
        elif "yes" in value:
            initial[f"q_{question_id}"] = "yes" if value["yes"] else "no"
        else:
            initial[f"q_{question_id}"] = value.get("text", "")
    return initial


class GroupForm(forms.Form):
    group = forms.ChoiceField(label=_("I answer as"), choices=RespondentGroup.choices, widget=forms.RadioSelect)
    jst_role = forms.ChoiceField(
        label=_("My role in local government"), choices=[("", _("— not applicable —")), *JstRole.choices],
        required=False, help_text=_("Only if you answer for local government."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("group") == RespondentGroup.JST and not cleaned.get("jst_role"):
            self.add_error("jst_role", _("Choose your role in local government."))
        return cleaned


class AccessCodeForm(forms.Form):
    code = forms.CharField(label=_("Access code"), max_length=40,
                           help_text=_("The code is given in the invitation to the survey."))


class EditionForm(forms.ModelForm):
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas of the Model assessed"), queryset=Area.objects.select_related("plane").order_by("order"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("By default all twelve. Some programmes assess two areas per plane."),
    )

    class Meta:
        model = Edition
        fields = [
            "title", "period_start", "period_end", "survey_opens_at", "survey_closes_at", "meeting_at",
            "meeting_place", "moderator", "areas", "aggregation", "min_group_size", "open_link_enabled",
            "open_link_code",
        ]
        widgets = {
            "period_start": DateInput(), "period_end": DateInput(), "survey_opens_at": DateTimeInput(),
            "survey_closes_at": DateTimeInput(), "meeting_at": DateTimeInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].label_from_instance = lambda a: f"{a.code} {a.name}"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period must end after it starts."))
        opens, closes = cleaned.get("survey_opens_at"), cleaned.get("survey_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("survey_closes_at", _("The survey must close after it opens."))
        return cleaned


def default_edition_initial(today=None):
    from .services import default_period

    start, end = default_period(today)
    now = timezone.localtime()
    opens = timezone.make_aware(datetime.combine(now.date(), time(8, 0)))
    return {
        "title": _("Assessment of cooperation %(year)s") % {"year": start.year},
        "period_start": start, "period_end": end, "survey_opens_at": opens,
        "survey_closes_at": opens + timezone.timedelta(days=21), "areas": list(Area.objects.all()),
    }


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["name", "sector", "affiliation", "role", "email", "is_moderator"]


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["kind", "area", "text_ngo", "text_jst", "required"]
        widgets = {"text_ngo": forms.Textarea(attrs={"rows": 3}), "text_jst": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("text_ngo") and not cleaned.get("text_jst"):
            self.add_error("text_ngo", _("Write the question for at least one group."))
        if cleaned.get("kind") == QuestionKind.RATING and not cleaned.get("area"):
            self.fields["area"].help_text = _("A rated statement without an area counts only in the per-question results.")
        return cleaned


class RecipientsForm(forms.Form):
    emails = forms.CharField(
        label=_("E-mail addresses of local government respondents"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: staff, councillors, council members."),
    )

    def clean_emails(self):
        from django.core.validators import validate_email

        emails, bad = [], []
        for line in self.cleaned_data["emails"].replace(",", "\n").splitlines():
            line = line.strip()
            if not line:
                continue
            try:
                validate_email(line)
                emails.append(line)
            except forms.ValidationError:
                bad.append(line)
        if bad:
            raise forms.ValidationError(_("Not valid e-mail addresses: %(list)s") % {"list": ", ".join(bad)})
        if not emails:
            raise forms.ValidationError(_("Enter at least one address."))
        return emails


class PaperResponseGroupForm(forms.Form):
    group = forms.ChoiceField(label=_("The paper questionnaire was filled in by"), choices=RespondentGroup.choices)


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "minutes", "guiding_questions"]
        widgets = {"guiding_questions": forms.Textarea(attrs={"rows": 3})}


class ChecklistItemForm(forms.ModelForm):
    class Meta:
        model = ChecklistItem
        fields = ["answer", "evidence"]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 2})}


class AreaAssessmentForm(forms.ModelForm):
    class Meta:
        model = AreaAssessment
        fields = ["agreed_score", "justification", "strengths", "weaknesses", "dissent"]
        widgets = {name: forms.Textarea(attrs={"rows": 2}) for name in ["justification", "strengths", "weaknesses", "dissent"]}


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["area", "text", "owner", "deadline"]
        widgets = {"deadline": DateInput(), "text": forms.Textarea(attrs={"rows": 2})}


class RecommendationStatusForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["status", "status_note"]


class NoteDraftForm(forms.ModelForm):
    class Meta:
        model = NoteDraft
        fields = ["introduction", "course", "conclusions", "publication_channels"]


class PublishForm(forms.Form):
    correction_note = forms.CharField(
        label=_("What does this correction change?"), required=False, max_length=500,
        help_text=_("Required when the note was already published: readers see it next to the new revision."),
    )
