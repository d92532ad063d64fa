"""Forms of information exchange: input only (states and rights are the services' to check)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cooperation.models import Organization, Sphere

from .enums import NewsletterAudience, PostKind
from .models import Newsletter, NgoPost


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class PostFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Show"), required=False,
                             choices=[("", _("news and events")), *PostKind.choices])
    upcoming = forms.BooleanField(label=_("Only events still to come"), required=False)


class PostForm(forms.ModelForm):
    organization = forms.ModelChoiceField(label=_("On behalf of"), queryset=Organization.objects.none(),
                                          empty_label=None)

    class Meta:
        model = NgoPost
        fields = ["organization", "kind", "title", "text", "starts_at", "place", "link"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8}), "starts_at": DateTimeInput(),
                   "kind": forms.RadioSelect}
        help_texts = {"starts_at": _("Only for an event (Polish time).")}

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is None:
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = organizations

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in ["kind", "title", "text", "starts_at", "place", "link"]}


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Why is the post declined?"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("The organization receives it by e-mail and sees it with its post."))


class SphereChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class NewsletterForm(forms.ModelForm):
    spheres = SphereChoiceField(label=_("Spheres of public benefit activity"), required=False,
                                queryset=Sphere.objects.order_by("order"), widget=forms.CheckboxSelectMultiple,
                                help_text=_("Only when the newsletter is for organizations of chosen spheres."))

    class Meta:
        model = Newsletter
        fields = ["subject", "text", "attachment_url", "audience", "spheres", "reply_to"]
        widgets = {"text": forms.Textarea(attrs={"rows": 12}), "audience": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = NewsletterAudience.choices

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in ["subject", "text", "attachment_url", "audience", "reply_to"]}


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Your reply"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5}),
                           help_text=_("It goes to the officer who sent the newsletter."))
