"""Small grants (art. 19a): the organization's simplified offer; the officer's list with the "publish by"
deadlines and the caps; the public page of offers open for comments, with the comment form.

Anyone may comment (the act says "każdy"): a signed-in person under their own name, anyone else with a name
they give. Against spam: a hidden field bots fill in, and a limit of comments per hour from one address for
people who are not signed in (GRANTS_ANONYMOUS_COMMENTS_PER_HOUR, default 5). The 7-day window is checked by
the service on the server."""


from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cooperation.enums import OrganizationLinkStatus
from cooperation.exceptions import DomainError
from cooperation.models import Organization
from cooperation.selectors import organization_ids_of
from cooperation.views.helpers import municipal_object_view, municipality_perm

from ..enums import OfferKind, OfferStatus, TaskForm
from ..forms_awards import (
    DECLARATION_LABELS,
    FUNDING_LABELS,
    AwardForm,
    DeclineForm,
    GrantBudgetForm,
    PublicationForm,
    SmallGrantCommentForm,
    SmallGrantForm,
    apply_problems,
)
from ..models import GrantBudget, Offer
from ..offer_content import FUNDING_KEYS, ZERO, totals
from ..selectors import small_grants as selectors
from ..services import small_grants as services
from .awards import _deny

MANAGE = "grants.manage_small_grants"
TEMPLATES = "grants/small_grants/"
DEFAULT_ANONYMOUS_COMMENTS_PER_HOUR = 5


def _ctx(request, **extra):
    return {"municipality": request.municipality, "OfferStatus": OfferStatus, **extra}


def _small_grant(pk) -> Offer:
    return get_object_or_404(Offer.objects.select_related("organization", "municipality"), pk=pk,
                             kind=OfferKind.SMALL_GRANT)


def _detail_url(offer) -> str:
    return reverse("grants:small_grant_detail", kwargs={"municipality_slug": offer.municipality.slug, "pk": offer.pk})


def _admin_url(offer) -> str:
    return reverse("grants:small_grant_admin", kwargs={"municipality_slug": offer.municipality.slug, "pk": offer.pk})


# --- The organization: the simplified offer -------------------------------------------------------------------


def _organizations_for(user, municipality):
    return list(Organization.objects.filter(
        pk__in=organization_ids_of(user), municipality_links__municipality=municipality,
        municipality_links__status=OrganizationLinkStatus.CONFIRMED).order_by("name"))


def _content_from(form, organization):
    return services.build_content(organization=organization, data=form.data_for_service())


@login_required
def small_grant_create(request, municipality_slug):
    organizations = _organizations_for(request.user, request.municipality)
    if not organizations:
        raise PermissionDenied
    form = SmallGrantForm(request.POST or None, organizations=organizations,
                          initial={"organization": organizations[0].pk, "form": TaskForm.SUPPORT})
    if request.method == "POST" and form.is_valid():
        organization = next(o for o in organizations if o.pk == form.cleaned_data["organization"])
        content = _content_from(form, organization)
        try:
            offer = services.create_small_grant(municipality=request.municipality, organization=organization,
                                                actor=request.user, content=content)
        except ValidationError as error:
            _show_problems(form, error, request.municipality, content, submitting="submit" in request.POST)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if "submit" in request.POST:
                return _submit(request, offer, form)
            messages.success(request, _("The draft is saved. Only your organization sees it."))
            return redirect("grants:small_grant_edit", municipality_slug=municipality_slug, pk=offer.pk)
    return render(request, TEMPLATES + "small_grant_form.html", _form_ctx(request, form, None))


def _show_problems(form, error, offer_or_municipality, content, *, submitting: bool) -> None:
    """A refused save: when the person meant to submit, show every problem of the offer at once."""
    if submitting:
        problems = services.check(offer_or_municipality, content)
        if problems:
            error = services._problems_error(problems)
    apply_problems(form, error, form.field_for)


def _form_ctx(request, form, offer):
    rules = services.grant_rules(request.municipality)
    return _ctx(request, form=form, offer=offer, rules=rules, funding_labels=FUNDING_LABELS,
                declaration_labels=DECLARATION_LABELS)


def _submit(request, offer, form):
    try:
        services.submit_small_grant(offer=offer, actor=request.user)
    except ValidationError as error:
        apply_problems(form, error, form.field_for)
        messages.error(request, _("The draft is saved but not submitted yet: correct what is marked."))
        return render(request, TEMPLATES + "small_grant_form.html", _form_ctx(request, form, offer))
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("grants:small_grant_edit", municipality_slug=offer.municipality.slug, pk=offer.pk)
    messages.success(request, _("The offer is submitted with number %(number)s. The municipality publishes it for "
                                "7 days of public comments by %(date)s.") % {
        "number": offer.number, "date": services.publish_by(offer).strftime("%d.%m.%Y")})
    return redirect(_detail_url(offer))


@login_required
def small_grant_edit(request, municipality_slug, pk):
    offer = _small_grant(pk)
    if not request.user.has_perm("grants.view_small_grant", offer):
        raise Http404
    if offer.status != OfferStatus.DRAFT or not request.user.has_perm("grants.edit_small_grant", offer):
        if request.user.has_perm("grants.act_for_offer", offer):
            messages.error(request, _("The offer is submitted: it no longer changes."))
            return redirect(_detail_url(offer))
        raise PermissionDenied
    form = SmallGrantForm(request.POST or None, initial=SmallGrantForm.initial_from(services.form_data(offer.draft)))
    if request.method == "POST" and form.is_valid():
        content = _content_from(form, offer.organization)
        try:
            services.save_small_grant(offer=offer, actor=request.user, content=content)
        except ValidationError as error:
            _show_problems(form, error, offer, content, submitting="submit" in request.POST)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(_detail_url(offer))
        else:
            if "submit" in request.POST:
                return _submit(request, offer, form)
            messages.success(request, _("The draft is saved. Only your organization sees it."))
            return redirect("grants:small_grant_edit", municipality_slug=municipality_slug, pk=offer.pk)
    return render(request, TEMPLATES + "small_grant_form.html", _form_ctx(request, form, offer))


# --- Public: the list, the offer, comments ---------------------------------------------------------------------


@require_GET
def small_grant_list(request, municipality_slug):
    now = timezone.now()
    offers = list(selectors.public_small_grants(request.municipality))
    open_now = [o for o in offers if o.comments_until and o.comments_until >= now]
    closed = [o for o in offers if not (o.comments_until and o.comments_until >= now)]
    own = []
    if request.user.is_authenticated and organization_ids_of(request.user):
        own = list(selectors.own_small_grants(request.user, request.municipality))
    return render(request, TEMPLATES + "small_grant_list.html", _ctx(
        request, open_now=open_now, closed=closed, own=own,
        can_manage=request.user.has_perm(MANAGE, request.municipality),
        can_submit=bool(request.user.is_authenticated and _organizations_for(request.user, request.municipality))))


def _offer_document(offer):
    content = offer.draft if offer.status == OfferStatus.DRAFT else (
        offer.versions.order_by("-number").values_list("content", flat=True).first() or offer.draft)
    sums = totals(content)
    funding = [{"label": FUNDING_LABELS[key], "value": sums.funding[key], "share": sums.share(key)} for key in FUNDING_KEYS]
    from ..offer_content import line_value

    costs = [{"line": line, "value": line_value(line) or ZERO} for line in content.get("costs") or []]
    return content, sums, funding, costs


@require_GET
def small_grant_detail(request, municipality_slug, pk):
    offer = _small_grant(pk)
    if not request.user.has_perm("grants.view_small_grant", offer):
        return _deny(request)
    content, sums, funding, costs = _offer_document(offer)
    comments = list(selectors.comments_visible_to(request.user, offer))
    comment_count = offer.public_comments.count()
    is_member = request.user.has_perm("grants.act_for_offer", offer)
    contract = getattr(offer, "contract", None) if offer.status == OfferStatus.AWARDED else None
    return render(request, TEMPLATES + "small_grant_detail.html", _ctx(
        request, offer=offer, content=content, sums=sums, funding=funding, costs=costs, comments=comments,
        comment_count=comment_count, comments_open=services.comments_open(offer), is_member=is_member,
        can_manage=request.user.has_perm(MANAGE, request.municipality), contract=contract,
        form_label=TaskForm(content.get("form")).label if content.get("form") in TaskForm.values else "",
        comment_form=SmallGrantCommentForm(anonymous=not request.user.is_authenticated)
        if services.comments_open(offer) else None,
        publish_by=services.publish_by(offer)))


def _client_key(request) -> str:
    from allauth.account.adapter import get_adapter

    try:
        ip = get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        ip = "unknown"
    return f"grants:small-grant-comments:{ip}"


def _rate_limited(request) -> bool:
    """People who are not signed in may send a few comments an hour from one address."""
    if request.user.is_authenticated:
        return False
    limit = int(getattr(settings, "GRANTS_ANONYMOUS_COMMENTS_PER_HOUR", DEFAULT_ANONYMOUS_COMMENTS_PER_HOUR))
    key = _client_key(request)
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > limit


def small_grant_comment(request, municipality_slug, pk):
    offer = _small_grant(pk)
    if offer.published_at is None:
        raise Http404
    if not services.comments_open(offer):
        messages.error(request, _("Comments on this offer are not accepted now: only during the 7 days after it is "
                                  "published."))
        return redirect(_detail_url(offer))
    form = SmallGrantCommentForm(request.POST or None, anonymous=not request.user.is_authenticated)
    if request.method == "POST" and form.is_valid():
        if form.is_bot():
            # Look the same as a success to the bot; nothing is stored.
            messages.success(request, _("Thank you: your comment is sent to the municipality."))
            return redirect(_detail_url(offer))
        if _rate_limited(request):
            messages.error(request, _("Too many comments from your address in the last hour. Try again later, or "
                                      "sign in."))
            return render(request, TEMPLATES + "small_grant_comment.html", _ctx(request, offer=offer, form=form),
                          status=429)
        try:
            services.add_comment(offer=offer, author=request.user, author_name=form.cleaned_data.get("author_name", ""),
                                 text=form.cleaned_data["text"])
        except ValidationError as error:
            apply_problems(form, error, lambda p: p)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(_detail_url(offer))
        else:
            messages.success(request, _("Thank you: your comment is sent to the municipality."))
            return redirect(_detail_url(offer))
    return render(request, TEMPLATES + "small_grant_comment.html", _ctx(request, offer=offer, form=form))


# --- The officer ---------------------------------------------------------------------------------------------


officer_view = municipal_object_view(MANAGE, Offer)


@municipality_perm(MANAGE)
@require_GET
def small_grant_admin_list(request, municipality_slug):
    now = timezone.now()
    year = timezone.localdate().year
    offers = list(selectors.small_grants_for_officer(request.municipality))
    rules = services.grant_rules(request.municipality)
    days = rules.small_grant_publish_working_days
    for offer in offers:
        offer.publish_by = (services.add_working_days(timezone.localdate(offer.submitted_at), days)
                            if offer.submitted_at else None)
        offer.publish_overdue = (offer.published_at is None and offer.publish_by is not None
                                 and offer.publish_by < timezone.localdate())
        offer.comments_running = bool(offer.comments_until and offer.comments_until >= now)
    usage = services.cap_usage(request.municipality, None, year)
    # Per organization: what each already received this year (one query for all).
    start, end = services._year_bounds(year)
    received = dict(Offer.objects.filter(
        municipality=request.municipality, kind=OfferKind.SMALL_GRANT, status=OfferStatus.AWARDED,
        decided_at__gte=start, decided_at__lt=end).values("organization_id")
        .annotate(total=Sum("awarded_amount")).values_list("organization_id", "total"))
    for offer in offers:
        offer.organization_received = received.get(offer.organization_id, ZERO)
        offer.organization_left = max(rules.small_grant_yearly_cap - offer.organization_received, ZERO)
    budgets = list(GrantBudget.objects.filter(municipality=request.municipality).order_by("-year"))
    return render(request, TEMPLATES + "small_grant_admin_list.html", _ctx(
        request, offers=offers, usage=usage, rules=rules, budgets=budgets, year=year,
        budget_form=GrantBudgetForm(initial={"year": year})))


@officer_view
@require_GET
def small_grant_admin(request, offer):
    if offer.kind != OfferKind.SMALL_GRANT or offer.status == OfferStatus.DRAFT:
        raise Http404
    return _admin_page(request, offer, AwardForm(initial={"amount": offer.requested_grant}), DeclineForm())


def _admin_page(request, offer, award_form, decline_form, status=200, publication_form=None):
    offer = Offer.objects.select_related("organization", "municipality").get(pk=offer.pk)
    content, sums, funding, costs = _offer_document(offer)
    year = timezone.localdate().year
    usage = services.cap_usage(request.municipality, offer.organization, year)
    now = timezone.now()
    return render(request, TEMPLATES + "small_grant_admin.html", _ctx(
        request, offer=offer, content=content, sums=sums, funding=funding, costs=costs,
        comments=list(offer.public_comments.order_by("created_at", "id")), usage=usage,
        publish_by=services.publish_by(offer), award_form=award_form, decline_form=decline_form,
        publication_form=publication_form or PublicationForm(initial={
            "bip_on": offer.published_bip_on, "board_on": offer.published_board_on}),
        can_decide=offer.status == OfferStatus.SUBMITTED and offer.comments_until is not None and now > offer.comments_until,
        comments_running=services.comments_open(offer),
        contract=getattr(offer, "contract", None) if offer.status == OfferStatus.AWARDED else None,
        form_label=TaskForm(content.get("form")).label if content.get("form") in TaskForm.values else ""),
        status=status)


@officer_view
@require_POST
def small_grant_publish(request, offer):
    try:
        services.publish_small_grant(offer=offer, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The offer is published. Comments are accepted until %(until)s.") % {
            "until": timezone.localtime(offer.comments_until).strftime("%d.%m.%Y %H:%M")})
    return redirect(_admin_url(offer))


@officer_view
@require_POST
def small_grant_publication(request, offer):
    """Record the dates of publication in the BIP and on the notice board."""
    form = PublicationForm(request.POST)
    if form.is_valid():
        try:
            services.record_publication(offer=offer, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_problems(form, error, lambda p: p)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(_admin_url(offer))
        else:
            messages.success(request, _("The dates of publication are recorded."))
            return redirect(_admin_url(offer))
    return _admin_page(request, offer, AwardForm(initial={"amount": offer.requested_grant}), DeclineForm(),
                       publication_form=form)


@officer_view
@require_POST
def small_grant_award(request, offer):
    form = AwardForm(request.POST)
    if form.is_valid():
        try:
            services.award_small_grant(offer=offer, actor=request.user, amount=form.cleaned_data["amount"],
                                       note=form.cleaned_data["note"])
        except ValidationError as error:
            apply_problems(form, error, lambda p: p)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The grant is awarded. Prepare the contract."))
            return redirect(_admin_url(offer))
    return _admin_page(request, offer, form, DeclineForm(), status=200)


@officer_view
@require_POST
def small_grant_decline(request, offer):
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.decline_small_grant(offer=offer, actor=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            apply_problems(form, error, lambda p: p)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The grant is not awarded; the decision is recorded."))
            return redirect(_admin_url(offer))
    return _admin_page(request, offer, AwardForm(initial={"amount": offer.requested_grant}), form)


@municipality_perm(MANAGE)
@require_POST
def grant_budget_save(request, municipality_slug):
    form = GrantBudgetForm(request.POST)
    if form.is_valid() and form.cleaned_data["planned_grants"] is not None:
        try:
            services.record_grant_budget(municipality=request.municipality, actor=request.user,
                                         year=form.cleaned_data["year"], planned_grants=form.cleaned_data["planned_grants"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The grants planned for %(year)d are recorded.") % {"year": form.cleaned_data["year"]})
    else:
        errors = [e for errors in form.errors.values() for e in errors] or [_("Give the planned grants.")]
        messages.error(request, " ".join(errors))
    return redirect("grants:small_grant_admin_list", municipality_slug=municipality_slug)


municipality_urlpatterns = [
    path("male-granty/", small_grant_list, name="small_grant_list"),
    path("male-granty/nowa/", small_grant_create, name="small_grant_create"),
    path("male-granty/<int:pk>/", small_grant_detail, name="small_grant_detail"),
    path("male-granty/<int:pk>/edycja/", small_grant_edit, name="small_grant_edit"),
    path("male-granty/<int:pk>/uwagi/", small_grant_comment, name="small_grant_comment"),
    path("panel/male-granty/", small_grant_admin_list, name="small_grant_admin_list"),
    path("panel/male-granty/planowane-dotacje/", grant_budget_save, name="grant_budget_save"),
    path("panel/male-granty/<int:pk>/", small_grant_admin, name="small_grant_admin"),
    path("panel/male-granty/<int:pk>/publikacja/", small_grant_publish, name="small_grant_publish"),
    path("panel/male-granty/<int:pk>/publikacja-bip/", small_grant_publication, name="small_grant_publication"),
    path("panel/male-granty/<int:pk>/przyznanie/", small_grant_award, name="small_grant_award"),
    path("panel/male-granty/<int:pk>/odmowa/", small_grant_decline, name="small_grant_decline"),
]
portal_urlpatterns = []

