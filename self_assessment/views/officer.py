"""The officer's side of an LIJW edition: setup, questionnaire, distribution, results, meeting, note."""


from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cooperation.exceptions import DomainError
from cooperation.views.helpers import as_id, municipal_object_view

from .. import selectors, services
from ..enums import EditionStatus, QuestionKind, RenderStatus, RespondentGroup
from ..exceptions import InvalidAnswers
from ..forms import (
    AgendaItemForm,
    AreaAssessmentForm,
    ChecklistItemForm,
    EditionForm,
    NoteDraftForm,
    PaperResponseGroupForm,
    ParticipantForm,
    PublishForm,
    QuestionForm,
    RecipientsForm,
    RecommendationForm,
    RecommendationStatusForm,
    SurveyForm,
    default_edition_initial,
)
from ..models import (
    AgendaItem,
    AreaAssessment,
    ChecklistItem,
    Edition,
    NoteDraft,
    NoteRevision,
    Participant,
    Question,
    Recommendation,
    SurveyToken,
)
from ..notes import build_note_content, note_context
from ..scoring import compute_results

MANAGE = "self_assessment.manage_edition"


# Login required; the officer must manage request.municipality; `pk` becomes the edition.
officer_view = municipal_object_view(MANAGE, Edition)


def _back(edition, name="edition_detail"):
    return redirect(f"self_assessment:{name}", municipality_slug=edition.municipality.slug, pk=edition.pk)


def _fail(request, error: DomainError):
    messages.error(request, error.message)


# --- Editions -----------------------------------------------------------------------------------------


@officer_view
def edition_list(request):
    editions = selectors.editions_of(request.municipality).annotate(response_count=Count("responses"))
    return render(request, "self_assessment/officer/edition_list.html",
                  {"municipality": request.municipality, "editions": editions})


@officer_view
def edition_create(request):
    form = EditionForm(request.POST or None, initial=default_edition_initial())
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in {"areas", "open_link_enabled", "open_link_code"}}
        try:
            edition = services.create_edition(municipality=request.municipality, actor=request.user,
                                              areas=form.cleaned_data["areas"], **data)
            services.update_edition(edition=edition, actor=request.user,
                                    open_link_enabled=form.cleaned_data["open_link_enabled"],
                                    open_link_code=form.cleaned_data["open_link_code"])
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("The edition is created with our default questionnaire. Review it before "
                                        "you open the survey."))
            return _back(edition)
    return render(request, "self_assessment/officer/edition_form.html",
                  {"municipality": request.municipality, "form": form, "creating": True})


def _progress(edition):
    tokens = SurveyToken.objects.filter(edition=edition).aggregate(
        total=Count("id"), used=Count("id", filter=Q(used=True)),
        ngo=Count("id", filter=Q(group=RespondentGroup.NGO)), jst=Count("id", filter=Q(group=RespondentGroup.JST)),
    )
    responses = dict(edition.responses.values_list("group").annotate(n=Count("id")).order_by())
    rate = round(tokens["used"] * 100 / tokens["total"]) if tokens["total"] else None
    return {"tokens": tokens, "responses": {g: responses.get(g, 0) for g in RespondentGroup.values},
            "response_total": sum(responses.values()), "rate": rate}


@officer_view
def edition_detail(request, edition):
    return render(request, "self_assessment/officer/edition_detail.html", {
        "edition": edition, "progress": _progress(edition), "accepting": services.is_accepting_answers(edition),
        "revisions": edition.revisions.order_by("-number"), "EditionStatus": EditionStatus,
    })


@officer_view
def edition_edit(request, edition):
    form = EditionForm(request.POST or None, instance=edition, initial={"areas": list(edition.areas.all())})
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "areas"}
        edition.refresh_from_db()
        try:
            services.update_edition(edition=edition, actor=request.user, areas=form.cleaned_data["areas"], **fields)
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Changes saved."))
            return _back(edition)
    return render(request, "self_assessment/officer/edition_form.html",
                  {"municipality": request.municipality, "form": form, "edition": edition})


@officer_view
@require_POST
def edition_status(request, edition):
    try:
        services.set_edition_status(edition=edition, actor=request.user, status=request.POST.get("status", ""))
    except (DomainError, KeyError) as error:
        _fail(request, error if isinstance(error, DomainError) else DomainError())
    else:
        messages.success(request, _("Status changed: %(status)s.") % {"status": edition.get_status_display()})
    return _back(edition)


# --- Team ---------------------------------------------------------------------------------------------


@officer_view
def team(request, edition):
    if request.method == "POST" and request.POST.get("action") == "preread":
        count = services.send_preread_links(edition=edition, actor=request.user)
        messages.success(request, _("Materials sent to %(count)d team members.") % {"count": count})
        return _back(edition, "team")
    form = ParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_participant(edition=edition, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Added to the team."))
        return _back(edition, "team")
    participants = edition.participants.all()
    sectors = {s: sum(1 for p in participants if p.sector == s) for s in ("jst", "ngo")}
    return render(request, "self_assessment/officer/team.html",
                  {"edition": edition, "participants": participants, "form": form, "sectors": sectors})


@officer_view
@require_POST
def participant_remove(request, edition, participant_id):
    participant = get_object_or_404(Participant, pk=participant_id, edition=edition)
    services.remove_participant(participant=participant, actor=request.user)
    messages.success(request, _("Removed from the team."))
    return _back(edition, "team")


# --- Questionnaire ------------------------------------------------------------------------------------


@officer_view
def questionnaire(request, edition):
    frozen = edition.responses.exists()
    form = QuestionForm(request.POST or None, initial={"kind": QuestionKind.RATING})
    form.fields["area"].queryset = edition.areas.order_by("order")
    if request.method == "POST" and form.is_valid():
        try:
            services.save_question(edition=edition, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Question added."))
            return _back(edition, "questionnaire")
    return render(request, "self_assessment/officer/questionnaire.html", {
        "edition": edition, "questions": edition.questions.select_related("area").order_by("order", "id"),
        "form": form, "frozen": frozen,
    })


@officer_view
def question_edit(request, edition, question_id):
    question = get_object_or_404(Question, pk=question_id, edition=edition)
    form = QuestionForm(request.POST or None, instance=question)
    form.fields["area"].queryset = edition.areas.order_by("order")
    if request.method == "POST" and form.is_valid():
        question.refresh_from_db()
        try:
            services.save_question(edition=edition, actor=request.user, question=question, **form.cleaned_data)
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Question saved."))
            return _back(edition, "questionnaire")
    return render(request, "self_assessment/officer/question_form.html",
                  {"edition": edition, "question": question, "form": form})


@officer_view
@require_POST
def question_action(request, edition, question_id):
    question = get_object_or_404(Question, pk=question_id, edition=edition)
    action = request.POST.get("action")
    try:
        if action == "delete":
            services.delete_question(question=question, actor=request.user)
            messages.success(request, _("Question removed."))
        elif action in ("up", "down"):
            services.move_question(question=question, actor=request.user, offset=-1 if action == "up" else 1)
        else:
            raise Http404
    except DomainError as error:
        _fail(request, error)
    return redirect(f"{_back(edition, 'questionnaire').url}#question-{question_id}")


# --- Distribution -------------------------------------------------------------------------------------


@officer_view
def distribution(request, edition):
    form = RecipientsForm(request.POST if request.POST.get("action") == "jst" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "ngo":
                count = services.invite_ngo_base(edition=edition, actor=request.user)
                messages.success(request, _("Invitations sent: %(count)d.") % {"count": count})
                return _back(edition, "distribution")
            if action == "remind":
                count = services.send_reminders(edition=edition, actor=request.user)
                messages.success(request, _("Reminders sent: %(count)d.") % {"count": count})
                return _back(edition, "distribution")
            if action == "jst" and form.is_valid():
                created = services.create_tokens(edition=edition, actor=request.user, group=RespondentGroup.JST,
                                                 recipients=[(e, None) for e in form.cleaned_data["emails"]])
                messages.success(request, _("Invitations sent: %(count)d.") % {"count": len(created)})
                return _back(edition, "distribution")
        except DomainError as error:
            _fail(request, error)
    open_url = request.build_absolute_uri(
        reverse("self_assessment:survey", kwargs={"municipality_slug": edition.municipality.slug,
                                                   "key": edition.open_link_key})
    )
    return render(request, "self_assessment/officer/distribution.html", {
        "edition": edition, "form": form, "progress": _progress(edition), "open_url": open_url,
        "accepting": services.is_accepting_answers(edition),
    })


@officer_view
def paper_entry(request, edition):
    group = request.GET.get("group") or request.POST.get("group")
    if group not in RespondentGroup.values:
        form = PaperResponseGroupForm()
        return render(request, "self_assessment/officer/paper_group.html", {"edition": edition, "form": form})
    questions = list(edition.questions.select_related("area").order_by("order", "id"))
    form = SurveyForm(request.POST or None, questions=questions, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.enter_paper_response(edition=edition, actor=request.user, group=group, jst_role="",
                                          raw=form.raw_answers())
        except InvalidAnswers as error:
            form.add_answer_errors(error.errors)
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("The paper questionnaire is saved. You can type in the next one."))
            return redirect(f"{request.path}?group={group}")
    return render(request, "self_assessment/officer/paper_form.html",
                  {"edition": edition, "form": form, "group": group, "group_label": RespondentGroup(group).label})


# --- Results ------------------------------------------------------------------------------------------


def results_context(edition):
    from ..charts import bar_chart
    from ..scoring import ALL

    results = compute_results(edition)
    chart = bar_chart(
        title=_("Survey scores of the areas"),
        description=_("Mean ratings of NGO and local-government respondents on a scale of 1 to 5 for each area. "
                      "The same numbers are in the table below."),
        rows=[(f"{row.key} {row.label}", {"ngo": row.scores.get("ngo"), "jst": row.scores.get("jst")})
              for row in results.areas],
        series=[("ngo", _("NGOs")), ("jst", _("local government"))],
    )
    return {"edition": edition, "results": results, "chart": chart, "ALL": ALL}


@officer_view
def results(request, edition):
    return render(request, "self_assessment/officer/results.html", results_context(edition))


@officer_view
def results_export(request, edition, file_format):
    from ..exports import results_response

    if file_format not in ("csv", "xlsx"):
        raise Http404
    return results_response(compute_results(edition), edition, file_format)


# --- Meeting ------------------------------------------------------------------------------------------


@officer_view
def agenda(request, edition):
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.save_agenda_item(edition=edition, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Step added."))
        return _back(edition, "agenda")
    return render(request, "self_assessment/officer/agenda.html",
                  {"edition": edition, "items": edition.agenda.all(), "form": form})


@officer_view
def agenda_item_edit(request, edition, item_id):
    item = get_object_or_404(AgendaItem, pk=item_id, edition=edition)
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        services.save_agenda_item(edition=edition, actor=request.user, item=item, **form.cleaned_data)
        messages.success(request, _("Step saved."))
        return _back(edition, "agenda")
    return render(request, "self_assessment/officer/simple_form.html",
                  {"edition": edition, "form": form, "title": _("Edit the step"), "back": "agenda"})


@officer_view
def projector(request, edition):
    context = results_context(edition)
    context["items"] = edition.agenda.all()
    return render(request, "self_assessment/officer/projector.html", context)


@officer_view
def checklist(request, edition):
    items = list(edition.checklist.select_related("standard__tool__area"))
    if request.method == "POST":
        item = get_object_or_404(ChecklistItem, pk=as_id(request.POST.get("item")), edition=edition)
        form = ChecklistItemForm(request.POST, instance=item, prefix=f"c{item.pk}")
        if form.is_valid():
            services.save_checklist_item(item=item, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Saved: %(code)s.") % {"code": item.standard.code})
            return redirect(f"{_back(edition, 'checklist').url}#item-{item.pk}")
        forms = [(i, form if i.pk == item.pk else ChecklistItemForm(instance=i, prefix=f"c{i.pk}")) for i in items]
    else:
        forms = [(i, ChecklistItemForm(instance=i, prefix=f"c{i.pk}")) for i in items]
    return render(request, "self_assessment/officer/checklist.html", {"edition": edition, "forms": forms})


@officer_view
def summary(request, edition):
    results = compute_results(edition)
    survey_by_area = {row.key: row for row in results.areas}
    assessments = list(edition.area_assessments.select_related("area"))
    if request.method == "POST":
        assessment = get_object_or_404(AreaAssessment, pk=as_id(request.POST.get("assessment")), edition=edition)
        form = AreaAssessmentForm(request.POST, instance=assessment, prefix=f"a{assessment.pk}")
        if form.is_valid():
            try:
                services.save_area_assessment(assessment=assessment, actor=request.user, **form.cleaned_data)
            except DomainError as error:
                _fail(request, error)
            else:
                messages.success(request, _("Saved: %(code)s.") % {"code": assessment.area.code})
                return redirect(f"{_back(edition, 'summary').url}#area-{assessment.area.code}")
        rows = [(a, survey_by_area.get(a.area.code),
                 form if a.pk == assessment.pk else AreaAssessmentForm(instance=a, prefix=f"a{a.pk}"))
                for a in assessments]
    else:
        rows = [(a, survey_by_area.get(a.area.code), AreaAssessmentForm(instance=a, prefix=f"a{a.pk}"))
                for a in assessments]
    from ..scoring import agreed_scores

    _areas, planes, overall = agreed_scores(edition)
    return render(request, "self_assessment/officer/summary.html",
                  {"edition": edition, "rows": rows, "planes": planes, "overall": overall})


@officer_view
def recommendations(request, edition):
    form = RecommendationForm(request.POST or None)
    form.fields["area"].queryset = edition.areas.order_by("order")
    if request.method == "POST" and form.is_valid():
        services.save_recommendation(edition=edition, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Recommendation added."))
        return _back(edition, "recommendations")
    items = [(r, RecommendationStatusForm(instance=r, prefix=f"r{r.pk}"))
             for r in edition.recommendations.select_related("area")]
    return render(request, "self_assessment/officer/recommendations.html",
                  {"edition": edition, "form": form, "items": items})


@officer_view
@require_POST
def recommendation_status(request, edition, recommendation_id):
    recommendation = get_object_or_404(Recommendation, pk=recommendation_id, edition=edition)
    form = RecommendationStatusForm(request.POST, instance=recommendation, prefix=f"r{recommendation.pk}")
    if form.is_valid():
        services.set_recommendation_status(recommendation=recommendation, actor=request.user,
                                           status=form.cleaned_data["status"], note=form.cleaned_data["status_note"])
        messages.success(request, _("Status saved."))
    else:
        messages.error(request, _("Choose a valid status."))
    return _back(edition, "recommendations")


# --- Note ---------------------------------------------------------------------------------------------


@officer_view
def note(request, edition):
    draft, _created = NoteDraft.objects.get_or_create(edition=edition)
    form = NoteDraftForm(request.POST or None, instance=draft)
    if request.method == "POST" and form.is_valid():
        services.save_note_draft(edition=edition, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The note's text is saved."))
        return _back(edition, "note_edit")
    preview = note_context(build_note_content(edition))
    return render(request, "self_assessment/officer/note.html", {
        "edition": edition, "form": form, "publish_form": PublishForm(), "preview": preview,
        "revisions": edition.revisions.order_by("-number"), "RenderStatus": RenderStatus,
    })


@officer_view
@require_POST
def note_publish(request, edition):
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            revision = services.publish_note(edition=edition, actor=request.user,
                                             correction_note=form.cleaned_data["correction_note"])
        except DomainError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Revision %(number)d of the note is published. The PDF is being prepared.")
                             % {"number": revision.number})
    return _back(edition, "note_edit")


@officer_view
@require_POST
def note_retry(request, edition, number):
    revision = get_object_or_404(NoteRevision, edition=edition, number=number)
    try:
        services.retry_note_render(revision=revision, actor=request.user)
    except DomainError as error:
        _fail(request, error)
    else:
        messages.success(request, _("The PDF will be prepared again."))
    return _back(edition, "note_edit")
