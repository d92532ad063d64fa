"""Input validation only: the services decide what happens."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .enums import MembershipRole, OrganizationLinkStatus
from .models import AccessibilityDeclaration, Municipality, Organization, Sphere, StandardStatus
from .validators import normalize_krs, normalize_nip, normalize_regon, validate_identifiers_unique


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SphereChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code}. {obj.name}"


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        help_text=_("Name, town, description, KRS or NIP."))
    sphere = forms.ModelChoiceField(
        label=_("Sphere of public benefit"), queryset=Sphere.objects.all(), required=False, to_field_name="code",
        empty_label=_("all spheres"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sphere"].label_from_instance = lambda obj: f"{obj.code}. {obj.name}"


class OrganizationForm(forms.ModelForm):
    # Longer than the stored value: people type "PL 856-734-62-15" or "0000 359 730"; clean_* normalises,
    # then the model's validators check the normalised value.
    krs = forms.CharField(
        label=_("KRS number"), required=False, max_length=20,
        help_text=_("10 digits; shorter numbers are padded with zeros."),
    )
    nip = forms.CharField(label=_("NIP"), required=False, max_length=20)
    regon = forms.CharField(label=_("REGON"), required=False, max_length=20)
    spheres = SphereChoiceField(
        label=_("Spheres of public benefit activity"), queryset=Sphere.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Organization
        fields = [
            "name", "legal_form", "krs", "other_register", "nip", "regon", "street", "postal_code", "city",
            "email", "phone", "website", "description", "logo", "spheres", "wants_email", "wants_post",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def clean_krs(self):
        return normalize_krs(self.cleaned_data["krs"]) if self.cleaned_data["krs"] else ""

    def clean_nip(self):
        return normalize_nip(self.cleaned_data["nip"]) if self.cleaned_data["nip"] else ""

    def clean_regon(self):
        return normalize_regon(self.cleaned_data["regon"]) if self.cleaned_data["regon"] else ""

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "size") and logo.size > settings.LOGO_MAX_BYTES:
            raise ValidationError(_("The logo may be at most 1 MB."))
        if logo and hasattr(logo, "image") and getattr(logo.image, "format", "") not in {"PNG", "JPEG", "WEBP", "GIF"}:
            raise ValidationError(_("Upload a PNG, JPEG, WebP or GIF image."))
        return logo

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("wants_email") and not cleaned.get("wants_post"):
            self.add_error("wants_email", _("Choose at least one way to receive information: e-mail or post."))
        try:
            validate_identifiers_unique(
                krs=cleaned.get("krs", ""), nip=cleaned.get("nip", ""), regon=cleaned.get("regon", ""),
                exclude_pk=self.instance.pk,
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field, messages)
        return cleaned


class MunicipalitiesForm(forms.Form):
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities where the organization works"), queryset=Municipality.objects.all(),
        widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_("Each municipality's officer confirms it before the organization appears in its directory."),
    )


class OrganizationCreateForm(OrganizationForm):
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities where the organization works"), queryset=Municipality.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each municipality's officer confirms it before the organization appears in its directory."),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person to invite"))
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices, initial=MembershipRole.EDITOR)


class LinkDecisionForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(OrganizationLinkStatus.CONFIRMED, _("Confirm")), (OrganizationLinkStatus.REJECTED, _("Do not confirm"))]
    )
    note = forms.CharField(label=_("Note for the organization"), required=False, max_length=500)


class StandardStatusForm(forms.ModelForm):
    class Meta:
        model = StandardStatus
        fields = ["status", "evidence_url", "evidence_file", "adopted_on", "responsible_person", "note"]
        widgets = {"adopted_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload and hasattr(upload, "content_type"):
            from .uploads import check_document

            check_document(upload)
        return upload


class AccessibilityDeclarationForm(forms.ModelForm):
    class Meta:
        model = AccessibilityDeclaration
        fields = [
            "status", "published_on", "last_update_on", "prepared_on", "reviewed_on", "method", "audit_url",
            "inaccessible_content", "contact_person", "email", "phone", "additional_info",
        ]
        widgets = {
            "published_on": DateInput(), "last_update_on": DateInput(), "prepared_on": DateInput(),
            "reviewed_on": DateInput(),
        }
