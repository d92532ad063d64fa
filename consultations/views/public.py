"""Public pages of consultations: the municipality's list, one consultation with its document, versions,
diffs, attachments and comments, its calendar file; across municipalities the search, the Atom feed and
open data. Drafts are seen only by those who may manage the municipality's consultations."""

import dataclasses
import mimetypes

from django import forms
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from cooperation import exporting

from .. import search as search_rules
from .. import selectors, services
from ..documents import diff_versions
from ..enums import ConsultationForm, Subject
from ..feeds import NewConsultationsFeed, consultation_calendar
from ..models import Attachment, Consultation, Follow
from . import page_cache

PAGE_SIZE = 20
STATE_CHOICES = [
    ("", _("any state")),
    ("upcoming", _("not open yet")),
    ("open", _("open for comments")),
    ("closed", _("closed")),
    ("report", _("report published")),
]


class ConsultationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False,
                        help_text=_("Words of the title or the document; letters without Polish marks are fine."))
    subject = forms.ChoiceField(label=_("Subject"), required=False,
                                choices=[("", _("any subject")), *Subject.choices])
    state = forms.ChoiceField(label=_("State"), required=False, choices=STATE_CHOICES)


class PortalFilterForm(ConsultationFilterForm):
    municipality = forms.SlugField(label=_("Municipality"), required=False)


def _filtered(queryset, form, *, words=True):
    """The queryset narrowed by the form's filters (and by its words unless `words` is false), and whether
    any filter was given."""
    if not form.is_valid():
        return queryset, False
    data = form.cleaned_data
    if data.get("subject"):
        queryset = queryset.filter(subject=data["subject"])
    if data.get("state"):
        queryset = selectors.with_state(queryset, data["state"])
    if data.get("municipality"):
        queryset = queryset.filter(municipality__slug=data["municipality"])
    if words and data.get("q"):
        queryset = search_rules.search_consultations(queryset, data["q"])
    return queryset, any(data.values())


def _page(request, queryset, ids=None):
    """A page of `queryset`, or, given `ids` (in display order), a page of those ids fetched from it."""
    if ids is None:
        page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("strona"))
    else:
        page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("strona"))
        found = queryset.defer("search_document").in_bulk(list(page.object_list))
        page.object_list = [found[pk] for pk in page.object_list if pk in found]
    for consultation in page.object_list:
        consultation.public_state = selectors.public_state(consultation)
    query = request.GET.copy()
    query.pop("strona", None)
    return page, query.urlencode()


@require_GET
def consultation_list(request, municipality_slug):
    municipality = request.municipality
    form = ConsultationFilterForm(request.GET or None)
    queryset = selectors.consultations_visible_to(request.user, municipality).select_related("municipality")
    queryset, filtered = _filtered(queryset, form)
    page, query = _page(request, queryset)
    return render(request, "consultations/public/consultation_list.html", {
        "municipality": municipality, "form": form, "page": page, "query": query, "filtered": filtered,
        "can_manage": request.user.has_perm("consultations.manage_consultations", municipality),
    })


def _visible_consultation(request, pk) -> Consultation:
    """The consultation of the current municipality, or 404 (also for a draft the user may not manage)."""
    consultation = selectors.consultation_visible_to(request.user, request.municipality, pk)
    if consultation is None:
        raise Http404
    return consultation


def _forms_display(consultation) -> list[str]:
    labels = dict(ConsultationForm.choices)
    return [str(labels[form]) for form in consultation.forms if form in labels]


@require_GET
def consultation_detail(request, municipality_slug, pk):
    """The consultation with its document and all its comments with their answers. See page_cache for what is
    cached and how a change shows at once: the comment list when it is the same for every reader, the whole
    page for anonymous visitors, the document of a version."""
    consultation = _visible_consultation(request, pk)
    state = selectors.public_state(consultation)
    is_open = services.is_open(consultation)
    comments, all_comments = selectors.comment_list(request.user, consultation)
    stamps = selectors.page_stamps(consultation)
    page_key = page_cache.anonymous_page_key(request, consultation, state=state, comments_public=all_comments,
                                             stamps=stamps)

    def render_page(csrf_mark=None):
        context = {
            **selectors.consultation_page(consultation),
            "municipality": request.municipality, "consultation": consultation, "comments": comments,
            "state": state, "is_open": is_open, "forms_display": _forms_display(consultation),
            "following": (request.user.is_authenticated
                          and Follow.objects.filter(consultation=consultation, user=request.user).exists()),
            "can_manage": request.user.has_perm("consultations.manage_consultations", request.municipality),
            "fragment_ttl": page_cache.FRAGMENT_TTL, "comments_mark": "",
        }
        if csrf_mark:
            context["csrf_token"] = csrf_mark
        cached_comments = None
        if all_comments:
            context["comment_count"] = stamps.comment_count
            if stamps.comment_count and not (is_open and request.user.is_authenticated):
                cached_comments = page_cache.comment_list_html(consultation, comments, stamps.comments)
                context["comments_mark"] = mark_safe(page_cache.COMMENTS_MARK)  # noqa: S308 - an HTML comment of ours
        else:
            context["comments"] = list(comments)
            context["comment_count"] = len(context["comments"])
        response = render(request, "consultations/public/consultation_detail.html", context)
        if cached_comments is not None:
            response.content = page_cache.splice(response.content, page_cache.COMMENTS_MARK, cached_comments)
        return response

    if page_key is None:
        return render_page()
    return page_cache.anonymous_page(request, page_key, lambda csrf_mark: render_page(csrf_mark).content)


def _version(consultation, number):
    return get_object_or_404(consultation.versions.all(), number=number)


@require_GET
def version_detail(request, municipality_slug, pk, number):
    consultation = _visible_consultation(request, pk)
    version = _version(consultation, number)
    paragraphs = list(version.paragraphs.order_by("order"))
    return render(request, "consultations/public/version_detail.html", {
        "municipality": request.municipality, "consultation": consultation, "version": version,
        "paragraphs": paragraphs, "versions": list(consultation.versions.order_by("number")),
    })


@require_GET
def version_diff(request, municipality_slug, pk, number):
    consultation = _visible_consultation(request, pk)
    version = _version(consultation, number)
    previous = consultation.versions.filter(number__lt=number).order_by("-number").first()
    if previous is None:
        raise Http404
    changes = [_announced(change) for change in diff_versions(previous.source, version.source)]
    counts = {kind: sum(1 for change in changes if change.kind == kind)
              for kind in ("same", "changed", "added", "removed")}
    return render(request, "consultations/public/version_diff.html", {
        "municipality": request.municipality, "consultation": consultation, "version": version,
        "previous": previous, "changes": changes, "counts": counts,
    })


def _announced(change):
    """The change with its <ins>/<del> marks announced in words for screen readers (colour, underline and
    strike-through are not read out). The diff HTML escapes all document text, so the tags are ours."""
    added = format_html('<ins><span class="visually-hidden">{} </span>', gettext("added:"))
    removed = format_html('<del><span class="visually-hidden">{} </span>', gettext("removed:"))
    html = mark_safe(change.html.replace("<ins>", added).replace("<del>", removed))  # noqa: S308 - see above
    return dataclasses.replace(change, html=html)


@require_GET
def attachment_download(request, municipality_slug, pk, attachment_id):
    consultation = _visible_consultation(request, pk)
    attachment = get_object_or_404(Attachment.objects.filter(consultation=consultation), pk=attachment_id)
    filename = attachment.file.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def consultation_ics(request, municipality_slug, pk):
    consultation = _visible_consultation(request, pk)
    url = request.build_absolute_uri(
        reverse("consultations:detail", kwargs={"municipality_slug": municipality_slug, "pk": pk}))
    body = consultation_calendar(consultation, consultation.meetings.order_by("starts_at"), url=url,
                                 host=request.get_host().split(":")[0])
    response = HttpResponse(body.encode(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="konsultacja-{consultation.pk}.ics"'
    return response


@require_GET
def search(request):
    form = PortalFilterForm(request.GET or None)
    queryset, filtered = _filtered(selectors.published_consultations(), form, words=False)
    words = form.cleaned_data.get("q", "") if form.is_valid() else ""
    hits = search_rules.search_hits(queryset, words) if search_rules.query_words(words) else None
    page, query = _page(request, queryset, ids=hits.ids if hits else None)
    capped = bool(hits and hits.capped)
    municipalities = list(selectors.municipalities_with_published_consultations().values_list("slug", "name"))

    def render_page(csrf_mark=None):
        context = {
            "form": form, "page": page, "query": query, "filtered": filtered, "capped": capped,
            "municipalities": [{"slug": slug, "name": name} for slug, name in municipalities],
            "exact_limit": search_rules.EXACT_LIMIT, "newest_limit": search_rules.NEWEST_LIMIT,
        }
        if csrf_mark:
            context["csrf_token"] = csrf_mark
        return render(request, "consultations/public/search.html", context)

    # The search runs for every request; an anonymous visitor may get its page rendered for another.
    key = page_cache.search_page_key(request, page, capped=capped, municipalities=municipalities)
    if key is None:
        return render_page()
    return page_cache.anonymous_page(request, key, lambda csrf_mark: render_page(csrf_mark).content, shared=False)


feed = require_GET(NewConsultationsFeed())

OPEN_DATA_FIELDS = ["municipality", "teryt", "title", "subject", "opens_at", "closes_at", "status",
                    "comment_count", "answered_count", "url"]


def _open_data_records(request):
    for consultation in exporting.iterate(selectors.open_data_consultations()):
        yield {
            "municipality": consultation.municipality.name,
            "teryt": consultation.municipality.teryt,
            "title": consultation.title,
            "subject": consultation.subject,
            "opens_at": timezone.localtime(consultation.opens_at).isoformat(),
            "closes_at": timezone.localtime(consultation.closes_at).isoformat(),
            "status": selectors.public_state(consultation),
            "comment_count": consultation.comment_count,
            "answered_count": consultation.answered_count,
            "url": request.build_absolute_uri(reverse("consultations:detail", kwargs={
                "municipality_slug": consultation.municipality.slug, "pk": consultation.pk})),
        }


@require_GET
def open_data(request, file_format):
    if file_format not in ("csv", "json"):
        raise Http404
    # Streamed from a database iterator, record by record (cooperation.exporting): constant memory.
    records = _open_data_records(request)
    filename = f"konsultacje-dane.{file_format}"
    if file_format == "json":
        response = exporting.json_response({"license": "CC0-1.0"}, records, filename=filename)
    else:
        rows = ([record[name] for name in OPEN_DATA_FIELDS] for record in records)
        response = exporting.csv_response(OPEN_DATA_FIELDS, rows, filename=filename, private=False)
    return response

