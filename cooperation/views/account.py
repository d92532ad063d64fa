"""Personal data: download my data (JSON) and delete my account (anonymisation)."""

import json

from allauth.core import ratelimit
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import services
from ..exceptions import DomainError


class AccountDeleteForm(forms.Form):
    """Confirms the deletion with the current password. Failed attempts share allauth's
    reauthentication rate limit, so the form cannot be used to guess the password."""

    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = self.request.user
        if not ratelimit.consume(self.request, action="reauthenticate", user=user):
            raise forms.ValidationError(_("Too many attempts. Try again in a few minutes."), code="rate_limited")
        if not user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."), code="wrong_password")
        return password


@login_required
@require_GET
def my_data(request):
    return render(request, "cooperation/account/my_data.html", {"summary": services.export_user_data(request.user)})


@login_required
@require_GET
def my_data_download(request):
    data = services.export_user_data(request.user)
    data["exported_at"] = timezone.now().isoformat()
    filename = f"wspolpraca-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    user = request.user
    form = AccountDeleteForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_account(user=user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("cooperation:account_delete")
        logout(request)
        messages.success(
            request, gettext("Your account has been deleted. Thank you for taking part in local cooperation.")
        )
        return redirect("cooperation:home")
    context = {
        "form": form,
        "memberships": user.memberships.select_related("organization").order_by("organization__name"),
        "officer_roles": user.officer_roles.select_related("municipality").order_by("municipality__name"),
    }
    return render(request, "cooperation/account/account_delete.html", context)
