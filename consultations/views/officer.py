"""The officer's pages of consultations: the list, creating and editing, versions, attachments, publishing,
answers to comments, comments received on paper, and the letter list for organizations that chose post."""


from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cooperation.exceptions import DomainError
from cooperation.selectors import address_base
from cooperation.views.helpers import apply_errors, as_id, municipal_object_view

from .. import selectors, services
from ..enums import ConsultationStatus
from ..forms import (
    AnswerFilterForm,
    AnswerForm,
    AttachmentForm,
    ConsultationCreateForm,
    ConsultationEditForm,
    ConsultationRulesForm,
    EnteredCommentForm,
    VersionForm,
)
from ..models import Comment, Consultation

MANAGE = "consultations.manage_consultations"
TEMPLATES = "consultations/officer/"
ANSWERS_PAGE_SIZE = 25


# Login required; the officer must manage request.municipality; `pk` becomes the consultation.
officer_view = municipal_object_view(MANAGE, Consultation)


def _back(consultation, name="admin"):
    return redirect(f"consultations:{name}", municipality_slug=consultation.municipality.slug, pk=consultation.pk)


def _warn(request, consultation) -> None:
    for warning in services.period_warnings(consultation.closes_at):
        messages.warning(request, warning)


def _ctx(request, consultation=None, **extra):
    return {"municipality": request.municipality, "consultation": consultation, "Status": ConsultationStatus,
            **extra}


# --- List, create, overview, edit ---------------------------------------------------------------------------


@officer_view
def rules_edit(request):
    rules = services.rules_for(request.municipality)
    form = ConsultationRulesForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_consultation_rules(municipality=request.municipality, actor=request.user,
                                               **{name: form.cleaned_data[name] for name in form.Meta.fields})
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The consultation rules are saved."))
            return redirect("consultations:admin_list", municipality_slug=request.municipality.slug)
    return render(request, TEMPLATES + "rules_form.html", _ctx(request, form=form))


@officer_view
def consultation_admin_list(request):
    consultations = selectors.consultations_visible_to(request.user, request.municipality).annotate(
        comment_count=Count("comments"),
        unanswered_count=Count("comments", filter=Q(comments__answered_at__isnull=True)),
    ).order_by("-opens_at", "-id")
    return render(request, TEMPLATES + "consultation_list.html", _ctx(request, consultations=consultations))


@officer_view
def consultation_create(request):
    form = ConsultationCreateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.create_consultation(
                municipality=request.municipality, actor=request.user, source=form.cleaned_data["document"],
                version_kind=form.cleaned_data["version_kind"], **form.metadata(),
            )
        except ValidationError as error:
            apply_errors(form, error, {"kind": "version_kind"})
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The consultation is saved as a draft. Publish it when it is ready."))
            _warn(request, consultation)
            return _back(consultation)
    return render(request, TEMPLATES + "consultation_form.html", _ctx(request, form=form, creating=True))


@officer_view
def consultation_admin(request, consultation):
    versions = list(consultation.versions.annotate(paragraph_count=Count("paragraphs")).order_by("number"))
    counts = Comment.objects.filter(consultation=consultation).aggregate(
        total=Count("id"), unanswered=Count("id", filter=Q(answered_at__isnull=True)),
    )
    return render(request, TEMPLATES + "consultation_admin.html", _ctx(
        request, consultation,
        versions=versions,
        attachments=list(consultation.attachments.order_by("created_at", "id")),
        counts=counts,
        warnings=services.period_warnings(consultation.closes_at),
        is_open=services.is_open(consultation),
        closed=consultation.closes_at <= timezone.now(),
    ))


@officer_view
def consultation_edit(request, consultation):
    if consultation.status != ConsultationStatus.DRAFT:
        messages.error(request, _("Only a draft consultation can be edited. Publish changes as a new version."))
        return _back(consultation)
    # The form works on its own copy: a refused edit must not show its values as the consultation's own.
    form = ConsultationEditForm(request.POST or None, instance=Consultation.objects.get(pk=consultation.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_consultation(consultation=consultation, actor=request.user, **form.metadata())
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return _back(consultation)
        else:
            messages.success(request, _("The consultation is saved."))
            _warn(request, consultation)
            return _back(consultation)
    return render(request, TEMPLATES + "consultation_form.html", _ctx(request, consultation, form=form))


# --- Document versions and attachments -----------------------------------------------------------------------


@officer_view
def version_create(request, consultation):
    if consultation.status == ConsultationStatus.REPORT_PUBLISHED:
        messages.error(request, _("The report is published: the document no longer changes."))
        return _back(consultation)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.add_version(consultation=consultation, actor=request.user,
                                           kind=form.cleaned_data["version_kind"],
                                           source=form.cleaned_data["document"], note=form.cleaned_data["note"])
        except ValidationError as error:
            apply_errors(form, error, {"kind": "version_kind"})
        else:
            messages.success(request, _("Version %(number)d is saved with %(count)d paragraphs.")
                             % {"number": version.number, "count": version.paragraphs.count()})
            return _back(consultation)
    return render(request, TEMPLATES + "version_form.html", _ctx(request, consultation, form=form))


@officer_view
def attachment_create(request, consultation):
    if consultation.status == ConsultationStatus.REPORT_PUBLISHED:
        messages.error(request, _("The report is published: attachments no longer change."))
        return _back(consultation)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_attachment(consultation=consultation, actor=request.user,
                                    title=form.cleaned_data["title"], upload=form.cleaned_data["file"])
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return _back(consultation)
        else:
            messages.success(request, _("The attachment is added."))
            return _back(consultation)
    return render(request, TEMPLATES + "attachment_form.html", _ctx(request, consultation, form=form))


@officer_view
@require_POST
def consultation_publish(request, consultation):
    try:
        services.publish_consultation(consultation=consultation, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The consultation is published."))
        _warn(request, consultation)
    return _back(consultation)


# --- Comments ------------------------------------------------------------------------------------------------


@officer_view
def comment_answers(request, consultation):
    """Every comment with its answer form, a page of them at a time (a consultation may have thousands); a
    filter shows those still without an answer. A saved answer returns to the same page and filter."""
    comments = Comment.objects.filter(consultation=consultation)
    bound = None
    if request.method == "POST":
        comment = comments.filter(pk=as_id(request.POST.get("comment"))).first()
        if comment is None:
            messages.error(request, _("Choose a comment of this consultation."))
            return redirect(request.get_full_path())
        form = AnswerForm(request.POST, prefix=f"c{comment.pk}")
        if form.is_valid():
            try:
                services.answer_comment(comment=comment, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            except DomainError as error:
                messages.error(request, error.message)
                return redirect(request.get_full_path())
            else:
                messages.success(request, _("The answer is saved."))
                return redirect(f"{request.get_full_path()}#comment-{comment.pk}")
        bound = (comment, form)
    show = AnswerFilterForm(request.GET or None)
    answered = show.answered()
    listed = comments if answered is None else comments.filter(answered_at__isnull=not answered)
    page = Paginator(listed.select_related("paragraph__version", "organization", "author", "answered_by")
                     .order_by("created_at", "id"), ANSWERS_PAGE_SIZE).get_page(request.GET.get("strona"))
    on_page = list(page.object_list)
    if bound and bound[0].pk not in {c.pk for c in on_page}:
        on_page.insert(0, bound[0])  # an answer that failed is shown with its errors wherever the list is
    numbers = {pk: n for n, pk in enumerate(comments.order_by("created_at", "id").values_list("pk", flat=True), 1)}
    rows = [
        (c, numbers.get(c.pk), bound[1] if bound and bound[0].pk == c.pk
         else AnswerForm(prefix=f"c{c.pk}", initial={"decision": c.decision, "answer": c.answer}))
        for c in on_page
    ]
    return render(request, TEMPLATES + "comment_answers.html", _ctx(
        request, consultation,
        rows=rows, page=page, show=show, filtered=answered is not None,
        total=len(numbers),
        unanswered=comments.filter(answered_at__isnull=True).count(),
        closed=consultation.closes_at <= timezone.now(),
        final=consultation.status == ConsultationStatus.REPORT_PUBLISHED,
    ))


@officer_view
def comment_enter(request, consultation):
    version = services.current_version(consultation)
    form = EnteredCommentForm(request.POST or None, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            services.enter_comment(consultation=consultation, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The comment is entered."))
            return _back(consultation, "comment_answers")
    return render(request, TEMPLATES + "comment_enter.html", _ctx(request, consultation, form=form, version=version))


# --- Letters -------------------------------------------------------------------------------------------------


@officer_view
def letter_list(request, consultation):
    organizations = address_base(request.municipality).filter(wants_post=True).prefetch_related(None)
    return render(request, TEMPLATES + "letter_list.html", _ctx(request, consultation,
                                                                 organizations=list(organizations)))
