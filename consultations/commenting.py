"""Forms for commenting on a consultation (input validation only; the services decide)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cooperation.models import Organization

from .models import Comment, Paragraph


class CommentForm(forms.ModelForm):
    paragraph = forms.ModelChoiceField(
        label=_("What the comment is about"), queryset=Paragraph.objects.none(), required=False,
        empty_label=_("the whole document"),
    )
    organization = forms.ModelChoiceField(
        label=_("Comment as"), queryset=Organization.objects.none(), required=False, empty_label=_("myself"),
        help_text=_("A comment on behalf of an organization is published under the organization's name."),
    )

    class Meta:
        model = Comment
        fields = ["paragraph", "organization", "proposed_wording", "justification"]
        widgets = {"proposed_wording": forms.Textarea(attrs={"rows": 4}), "justification": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"proposed_wording": _("Optional: how the text should read.")}

    def __init__(self, *args, version=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if version is not None:
            self.fields["paragraph"].queryset = version.paragraphs.all()
            self.fields["paragraph"].label_from_instance = (
                lambda p: f"{p.label or _('paragraph %(n)d') % {'n': p.order}} – {p.text[:70]}"
            )
        if user is not None and user.is_authenticated:
            self.fields["organization"].queryset = Organization.objects.filter(memberships__user=user).order_by("name")
        if not self.fields["organization"].queryset.exists():
            del self.fields["organization"]


class CommentEditForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["proposed_wording", "justification"]
        widgets = {"proposed_wording": forms.Textarea(attrs={"rows": 4}), "justification": forms.Textarea(attrs={"rows": 5})}
