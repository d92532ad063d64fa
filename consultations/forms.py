"""Input forms of consultations (the officer's side). Input validation only: the period, the state and the
document's structure are checked by the services, whose ValidationErrors the views put next to the fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import CommentChannel, ConsultationForm, Decision, VersionKind
from .models import Consultation, ConsultationRules, Paragraph

MAX_MARKDOWN_BYTES = 2 * 1024 * 1024
MARKDOWN_EXTENSIONS = (".md", ".markdown", ".txt")
FIRST_WORDS = 6  # of a paragraph, shown in the paragraph select
# Control characters that never occur in a text file (tab, line feed and carriage return are fine).
BINARY_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r", "\f"}


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def read_markdown(upload) -> str:
    """The text of an uploaded .md/.txt file: UTF-8 text only, never a binary file under a text name."""
    name = (upload.name or "").lower()
    if not name.endswith(MARKDOWN_EXTENSIONS):
        raise forms.ValidationError(_("Upload a Markdown (.md) or text (.txt) file."), code="extension")
    if upload.size > MAX_MARKDOWN_BYTES:
        raise forms.ValidationError(_("The file may be at most 2 MB."), code="size")
    raw = upload.read()
    upload.seek(0)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise forms.ValidationError(
            _("The file is not UTF-8 text. Save it as UTF-8 text (Markdown) and upload it again."), code="encoding"
        ) from None
    if any(char in BINARY_CONTROL for char in text):
        raise forms.ValidationError(_("The file is not a text file."), code="binary")
    return text


class DocumentFieldsMixin:
    """The document pasted as Markdown or uploaded as a .md/.txt file; `cleaned_data["document"]` holds it."""

    document_required = True

    def clean(self):
        cleaned = super().clean()
        pasted = (cleaned.get("source") or "").strip()
        upload = cleaned.get("source_file")
        text = ""
        if upload:
            if pasted:
                self.add_error("source_file", _("Paste the text or upload a file, not both."))
            else:
                try:
                    text = read_markdown(upload)
                except forms.ValidationError as error:
                    self.add_error("source_file", error)
                else:
                    if not text.strip():
                        self.add_error("source_file", _("The file is empty."))
        elif pasted:
            text = cleaned["source"]
        elif self.document_required and "source_file" not in self.errors:
            self.add_error("source", _("Paste the document or upload it as a file."))
        cleaned["document"] = text
        return cleaned


def _document_fields(required: bool):
    return {
        "source": forms.CharField(
            label=_("Document text (Markdown)"), required=False, strip=False,
            widget=forms.Textarea(attrs={"rows": 14}),
            help_text=_("Headings start with #; every paragraph, numbered point or “§” becomes a paragraph that "
                        "people can comment on.") if required else
            _("Optional now: you can add the document later. Headings start with #; every paragraph, numbered "
              "point or “§” becomes a paragraph that people can comment on."),
        ),
        "source_file": forms.FileField(
            label=_("…or upload the document as a file"), required=False,
            help_text=_("A Markdown (.md) or text (.txt) file in UTF-8, up to 2 MB."),
            widget=forms.ClearableFileInput(attrs={"accept": ".md,.markdown,.txt,text/markdown,text/plain"}),
        ),
        "version_kind": forms.ChoiceField(label=_("Kind of version"), choices=VersionKind.choices,
                                          initial=VersionKind.DRAFT),
    }


class ConsultationEditForm(forms.ModelForm):
    """The consultation's terms (metadata)."""

    opens_at = forms.DateTimeField(label=_("Opens"), widget=DateTimeInput())
    closes_at = forms.DateTimeField(label=_("Closes"), widget=DateTimeInput(),
                                    help_text=_("The municipality's rules set the shortest period."))
    # Declared last: the name shadows the `forms` module inside this class body.
    forms = forms.MultipleChoiceField(
        label=_("Forms of consultation"), choices=ConsultationForm.choices, widget=forms.CheckboxSelectMultiple,
        initial=[ConsultationForm.ONLINE],
    )

    class Meta:
        model = Consultation
        fields = ["title", "subject", "legal_basis", "addressees", "forms", "opens_at", "closes_at",
                  "contact_person", "contact_email", "contact_phone"]

    def clean(self):
        cleaned = super().clean()
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("The consultation closes after it opens."))
        return cleaned

    def metadata(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ConsultationCreateForm(DocumentFieldsMixin, ConsultationEditForm):
    document_required = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_document_fields(required=False))


class VersionForm(DocumentFieldsMixin, forms.Form):
    note = forms.CharField(label=_("What changed"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = _document_fields(required=True)
        fields["version_kind"].label = _("Kind of version")
        self.fields = {**fields, "note": self.fields["note"]}


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, DOCX or ODT, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt"}),
    )


class AnswerFilterForm(forms.Form):
    """The officer's list of comments: all of them, or only those still without an answer, or answered."""

    ANSWERED, UNANSWERED = "z-odpowiedzia", "bez-odpowiedzi"
    show = forms.ChoiceField(label=_("Show"), required=False, choices=[
        ("", _("all comments")), (UNANSWERED, _("comments without an answer")), (ANSWERED, _("answered comments"))])

    def answered(self) -> bool | None:
        """True, False or None (all) for the chosen filter; anything unknown shows all."""
        choice = self.cleaned_data.get("show") if self.is_valid() else ""
        return {self.ANSWERED: True, self.UNANSWERED: False}.get(choice)


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("", "—"), *Decision.choices])
    answer = forms.CharField(label=_("Answer with justification"), widget=forms.Textarea(attrs={"rows": 4}),
                             max_length=10000)


class ParagraphChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, paragraph):
        text = paragraph.text
        if paragraph.label and text.startswith(paragraph.label):
            text = text[len(paragraph.label):]
        words = text.split()
        start = " ".join(words[:FIRST_WORDS]) + (" …" if len(words) > FIRST_WORDS else "")
        return f"{paragraph.label or paragraph.order} – {start}"


class EnteredCommentForm(forms.Form):
    """A comment that came by e-mail, post or at a meeting, typed in by the officer."""

    channel = forms.ChoiceField(
        label=_("How the comment arrived"),
        choices=[(value, label) for value, label in CommentChannel.choices if value != CommentChannel.ONLINE],
    )
    author_name = forms.CharField(label=_("Author (person or organization)"), max_length=300)
    paragraph = ParagraphChoiceField(
        label=_("Paragraph"), queryset=Paragraph.objects.none(), required=False,
        empty_label=_("The whole document"),
    )
    proposed_wording = forms.CharField(label=_("Proposed wording"), widget=forms.Textarea(attrs={"rows": 4}),
                                       required=False)
    justification = forms.CharField(label=_("Justification"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        if version is not None:
            self.fields["paragraph"].queryset = Paragraph.objects.filter(version=version).order_by("order")


class ConsultationRulesForm(forms.ModelForm):
    allowed_forms = forms.MultipleChoiceField(
        label=_("Forms of consultation the resolution allows"), choices=ConsultationForm.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ConsultationRules
        fields = ["min_days", "report_days", "comments_public_at_once", "allowed_forms", "resolution"]
        help_texts = {
            "resolution": _("For example: Uchwała nr XII/104/2011 Rady Miejskiej w Koszalinie z 27 października 2011 r."),
            "comments_public_at_once": _("Otherwise comments become public when the consultation closes."),
        }
