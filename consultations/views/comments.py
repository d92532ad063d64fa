"""Commenting: on the whole document or on one paragraph, as oneself or on behalf of an NGO, with nothing but
the keyboard (plain links and forms). Deadlines are checked by the services on the server."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cooperation.exceptions import DomainError
from cooperation.views.helpers import apply_errors, as_id

from .. import services
from ..commenting import CommentEditForm, CommentForm
from ..enums import ConsultationStatus
from ..models import Comment, Consultation, Follow


def _published(pk) -> Consultation:
    consultation = get_object_or_404(Consultation, pk=pk)
    if consultation.status == ConsultationStatus.DRAFT:
        raise Http404
    return consultation


def _detail(consultation, anchor: str = "") -> str:
    url = reverse("consultations:detail", kwargs={"municipality_slug": consultation.municipality.slug,
                                                  "pk": consultation.pk})
    return f"{url}#{anchor}" if anchor else url


@login_required
def comment_create(request, municipality_slug, pk):
    consultation = _published(pk)
    if not services.is_open(consultation):
        messages.error(request, _("The consultation is not open for comments: it has not started yet or it has closed."))
        return redirect(_detail(consultation))
    version = services.current_version(consultation)
    initial = {}
    chosen = request.GET.get("akapit", "")
    if chosen.isdigit() and version.paragraphs.filter(pk=chosen).exists():
        initial["paragraph"] = chosen
    form = CommentForm(request.POST or None, initial=initial, version=version, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            comment = services.add_comment(
                consultation=consultation, author=request.user, paragraph=form.cleaned_data["paragraph"],
                organization=form.cleaned_data.get("organization"), justification=form.cleaned_data["justification"],
                proposed_wording=form.cleaned_data["proposed_wording"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(_detail(consultation))
        else:
            messages.success(request, _("Your comment is saved. You can change it until the consultation closes."))
            return redirect(_detail(consultation, f"comment-{comment.pk}"))
    # The paragraph being commented on, shown above the form (none for a value that is not an id).
    paragraph = form.fields["paragraph"].queryset.filter(pk=as_id(form["paragraph"].value())).first()
    return render(request, "consultations/comment_form.html",
                  {"consultation": consultation, "form": form, "paragraph": paragraph, "creating": True})


@login_required
def comment_edit(request, municipality_slug, pk, comment_id):
    consultation = _published(pk)
    comment = get_object_or_404(Comment, pk=comment_id, consultation=consultation, author=request.user)
    form = CommentEditForm(request.POST or None, instance=comment)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_comment(comment=comment, actor=request.user,
                                    justification=form.cleaned_data["justification"],
                                    proposed_wording=form.cleaned_data["proposed_wording"])
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(_detail(consultation))
        messages.success(request, _("Your comment is changed."))
        return redirect(_detail(consultation, f"comment-{comment.pk}"))
    return render(request, "consultations/comment_form.html",
                  {"consultation": consultation, "form": form, "paragraph": comment.paragraph, "comment": comment})


@login_required
@require_POST
def follow_toggle(request, municipality_slug, pk):
    consultation = _published(pk)
    if Follow.objects.filter(consultation=consultation, user=request.user).exists():
        services.unfollow(consultation=consultation, user=request.user)
        messages.success(request, _("You no longer follow this consultation."))
    else:
        services.follow(consultation=consultation, user=request.user)
        messages.success(request, _("You follow this consultation: we will e-mail you when its report is published."))
    return redirect(_detail(consultation))
