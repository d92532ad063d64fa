"""The respondent's side: personal and open links, save and resume, submit. No account needed.

A personal link puts the token's hash in the session and redirects to the questionnaire, so the token
does not stay in the address bar or in later request logs."""

import secrets

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .. import services
from ..enums import Channel, RespondentGroup
from ..exceptions import InvalidAnswers, SurveyNotOpen, TokenUsed
from ..forms import AccessCodeForm, GroupForm, SurveyForm, initial_from_draft
from ..models import Edition, SurveyToken

SESSION_KEY = "lijw_access"


def _session_access(request, edition) -> services.Access | None:
    data = request.session.get(SESSION_KEY, {}).get(str(edition.pk))
    return services.Access(channel=data["channel"], key=data["key"]) if data else None


def _remember(request, edition, access: services.Access) -> None:
    accesses = request.session.get(SESSION_KEY, {})
    accesses[str(edition.pk)] = {"channel": access.channel, "key": access.key}
    request.session[SESSION_KEY] = accesses


def _forget(request, edition) -> None:
    accesses = request.session.get(SESSION_KEY, {})
    accesses.pop(str(edition.pk), None)
    request.session[SESSION_KEY] = accesses


@never_cache
def survey_personal(request, municipality_slug, token):
    found = SurveyToken.objects.filter(token_hash=services.hash_key(token)).select_related("edition").first()
    if found is None:
        return _message(request, None, _("This link is not valid"),
                        _("The link may have been replaced by a newer one in a reminder e-mail."), status=404)
    if found.used:
        return _message(request, found.edition, _("Thank you"), TokenUsed.default_message)
    _remember(request, found.edition, services.Access(channel=Channel.PERSONAL, key=found.token_hash))
    return redirect("self_assessment:survey", municipality_slug=municipality_slug, key=found.edition.open_link_key)


@never_cache
def survey(request, municipality_slug, key):
    edition = get_object_or_404(Edition, open_link_key=key)
    access = _session_access(request, edition)
    if access is None:
        if not edition.open_link_enabled:
            raise Http404
        if edition.open_link_code:
            return _ask_code(request, edition)
        access = services.Access(channel=Channel.OPEN, key=secrets.token_urlsafe(24))
        _remember(request, edition, access)

    if not services.is_accepting_answers(edition):
        return _message(request, edition, _("The survey is closed"), SurveyNotOpen.default_message)

    if access.channel == Channel.PERSONAL:
        token = SurveyToken.objects.filter(edition=edition, token_hash=access.key).first()
        if token is None or token.used:
            _forget(request, edition)
            return _message(request, edition, _("Thank you"), TokenUsed.default_message)
        group, jst_role = token.group, ""
    else:
        chosen = request.session.get(SESSION_KEY, {}).get(str(edition.pk), {})
        group, jst_role = chosen.get("group", ""), chosen.get("jst_role", "")
        if group not in RespondentGroup.values:
            return _choose_group(request, edition)

    draft = services.load_draft(edition, access)
    questions = list(edition.questions.select_related("area").order_by("order", "id"))
    form = SurveyForm(request.POST or None, initial=initial_from_draft(draft), questions=questions, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            if "save" in request.POST:
                services.save_draft(edition=edition, access=access, group=group, jst_role=jst_role,
                                    raw=form.raw_answers())
                messages.success(request, _("Your answers are saved. You can come back later in the same browser "
                                            "or through your personal link, and send them before the survey closes."))
                return redirect(request.path)
            services.submit_response(edition=edition, access=access, group=group, jst_role=jst_role,
                                     raw=form.raw_answers())
        except InvalidAnswers as error:
            form.add_answer_errors(error.errors)
            if not error.errors:
                form.add_error(None, error.message)
        except (SurveyNotOpen, TokenUsed) as error:
            _forget(request, edition)
            return _message(request, edition, _("Your answers were not saved"), error.message)
        else:
            _forget(request, edition)
            return _message(request, edition, _("Thank you for your answers"),
                            _("Your answers were saved anonymously. The results will be discussed at the joint "
                              "meeting and published in the note."))
    return render(request, "self_assessment/survey_form.html",
                  {"edition": edition, "form": form, "personal": access.channel == Channel.PERSONAL, "group": group})


def _message(request, edition, title, message, status=200):
    return render(request, "self_assessment/survey_message.html",
                  {"edition": edition, "title": title, "message": message}, status=status)


def _ask_code(request, edition):
    form = AccessCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if secrets.compare_digest(form.cleaned_data["code"].strip(), edition.open_link_code):
            _remember(request, edition, services.Access(channel=Channel.OPEN, key=secrets.token_urlsafe(24)))
            return redirect(request.path)
        form.add_error("code", _("This code is not correct."))
    return render(request, "self_assessment/survey_code.html", {"edition": edition, "form": form})

def _choose_group(request, edition):
    """Open-link respondents say first whether they answer for an NGO or for local government, so that the
    questionnaire shows them the right wording."""
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accesses = request.session.get(SESSION_KEY, {})
        accesses[str(edition.pk)].update(
            group=form.cleaned_data["group"],
            jst_role=form.cleaned_data["jst_role"] if form.cleaned_data["group"] == RespondentGroup.JST else "",
        )
        request.session[SESSION_KEY] = accesses
        return redirect(request.path)
    return render(request, "self_assessment/survey_group.html", {"edition": edition, "form": form})
