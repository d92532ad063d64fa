"""Pages of information exchange. Public: the municipality's NGO page (news and events, filters, Atom feed).
Organizations: sending a post, their posts with the officer's decisions, editing and withdrawing before approval,
the newsletter subscription. Recipients (no login, the token is the proof): confirming receipt, replying,
unsubscribing. Officers: approving posts, writing, previewing and sending newsletters, statistics, letters and
labels."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cooperation.exceptions import DomainError
from cooperation.models import Municipality, Organization
from cooperation.selectors import organization_ids_of
from cooperation.views.helpers import apply_errors, municipal_object_view, require_perm

from . import pdf, selectors, services
from .enums import Channel, NewsletterStatus, PostStatus
from .forms import DeclineForm, NewsletterForm, PostFilterForm, PostForm, ReplyForm
from .models import Newsletter, NgoPost

MANAGE = "consultations.manage_information"
TEMPLATES = "consultations/information/"
PAGE_SIZE = 20
FEED_SIZE = 30

post_officer_view = municipal_object_view(MANAGE, NgoPost)
newsletter_view = municipal_object_view(MANAGE, Newsletter)


def _ctx(request, **extra) -> dict:
    return {"municipality": request.municipality, "Status": PostStatus, **extra}


# --- Public pages ----------------------------------------------------------------------------------------


@require_GET
def post_list(request, municipality_slug):
    form = PostFilterForm(request.GET or None)
    kind, upcoming = "", False
    if form.is_valid():
        kind, upcoming = form.cleaned_data["kind"], form.cleaned_data["upcoming"]
    page = Paginator(selectors.published_posts(request.municipality, kind=kind, upcoming=upcoming),
                     PAGE_SIZE).get_page(request.GET.get("strona"))
    query = request.GET.copy()
    query.pop("strona", None)
    user = request.user
    return render(request, TEMPLATES + "post_list.html", _ctx(
        request, form=form, page=page, query=query.urlencode(), filtered=bool(kind or upcoming),
        can_manage=user.has_perm(MANAGE, request.municipality),
        can_submit=user.is_authenticated and bool(organization_ids_of(user)),
    ))


def _visible_post(request, pk) -> NgoPost:
    post = get_object_or_404(NgoPost.objects.select_related("organization", "municipality"), pk=pk)
    if not request.user.has_perm("consultations.view_ngo_post", post):
        raise Http404
    return post


@require_GET
def post_detail(request, municipality_slug, pk):
    post = _visible_post(request, pk)
    return render(request, TEMPLATES + "post_detail.html", _ctx(
        request, post=post,
        can_change=(post.organization_id in organization_ids_of(request.user)
                    and request.user.has_perm("consultations.change_ngo_post", post)),
        can_manage=request.user.has_perm(MANAGE, request.municipality)))


class PostFeed(Feed):
    """Atom feed of the municipality's published NGO news and events."""

    feed_type = Atom1Feed

    def get_object(self, request, municipality_slug):
        return request.municipality

    def title(self, municipality):
        return _("NGO news and events: %(name)s") % {"name": municipality.name}

    def link(self, municipality):
        return reverse("information:post_list", kwargs={"municipality_slug": municipality.slug})

    def items(self, municipality):
        return selectors.published_posts(municipality)[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.text

    def item_author_name(self, item):
        return item.organization.name

    def item_pubdate(self, item):
        return item.published_at


# --- Organizations ---------------------------------------------------------------------------------------


def _login_first(request):
    return redirect_to_login(request.get_full_path())


def post_create(request, municipality_slug):
    if not request.user.is_authenticated:
        return _login_first(request)
    organizations = selectors.confirmed_organizations_of(request.user, request.municipality)
    if not organizations.exists():
        raise PermissionDenied
    form = PostForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        organization = form.cleaned_data["organization"]
        require_perm(request.user, "consultations.submit_ngo_post", organization)
        try:
            post = services.submit_post(municipality=request.municipality, organization=organization,
                                        actor=request.user, **form.values())
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your post is sent. It appears on the NGO page once the officer approves it."))
            return redirect("information:post_detail", municipality_slug=municipality_slug, pk=post.pk)
    return render(request, TEMPLATES + "post_form.html", _ctx(request, form=form, creating=True))


@require_GET
def my_posts(request, municipality_slug):
    if not request.user.is_authenticated:
        return _login_first(request)
    if not organization_ids_of(request.user):
        raise PermissionDenied
    return render(request, TEMPLATES + "my_posts.html", _ctx(
        request, posts=list(selectors.my_posts(request.user, request.municipality)),
        organizations=list(Organization.objects.filter(pk__in=organization_ids_of(request.user)).order_by("name")),
        opted_out=selectors.opted_out_ids(request.municipality)))


def _own_post(request, pk) -> NgoPost:
    """A post the person may change: a member of its organization, before approval. Superusers pass every
    django-rules check, but an administrator does not write on an organization's behalf."""
    post = _visible_post(request, pk)
    if (post.organization_id not in organization_ids_of(request.user)
            or not request.user.has_perm("consultations.change_ngo_post", post)):
        raise PermissionDenied
    return post


def post_edit(request, municipality_slug, pk):
    if not request.user.is_authenticated:
        return _login_first(request)
    post = _own_post(request, pk)
    form = PostForm(request.POST or None, instance=NgoPost.objects.get(pk=post.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_post(post=post, actor=request.user, **form.values())
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your post is saved and awaits approval."))
            return redirect("information:post_detail", municipality_slug=municipality_slug, pk=post.pk)
    return render(request, TEMPLATES + "post_form.html", _ctx(request, form=form, post=post))


@require_POST
def post_withdraw(request, municipality_slug, pk):
    if not request.user.is_authenticated:
        return _login_first(request)
    post = _own_post(request, pk)
    try:
        services.withdraw_post(post=post, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your post is withdrawn."))
    return redirect("information:my_posts", municipality_slug=municipality_slug)


@require_http_methods(["GET", "POST"])
def subscription(request, municipality_slug, organization_id):
    """The organization's choice for the municipality's e-mail newsletters (its members' settings)."""
    if not request.user.is_authenticated:
        return _login_first(request)
    organization = get_object_or_404(Organization, pk=organization_id)
    require_perm(request.user, "consultations.manage_newsletter_subscription", organization)
    municipality = request.municipality
    if request.method == "POST":
        if request.POST.get("subscribe") == "1":
            services.subscribe(municipality=municipality, organization=organization, actor=request.user)
            messages.success(request, _("Your organization receives the municipality's newsletters by e-mail."))
        else:
            services.unsubscribe_organization(municipality=municipality, organization=organization,
                                              actor=request.user)
            messages.success(request, _("Your organization no longer receives the municipality's newsletters by "
                                        "e-mail."))
        return redirect("information:subscription", municipality_slug=municipality_slug,
                        organization_id=organization.pk)
    return render(request, TEMPLATES + "subscription.html", _ctx(
        request, organization=organization, unsubscribed=selectors.is_unsubscribed(municipality, organization)))


# --- Recipients (token links) ------------------------------------------------------------------------------


def _delivery_or_404(token):
    delivery = selectors.find_delivery(token)
    if delivery is None:
        raise Http404
    return delivery


def _no_store(response):
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"  # the token never leaves in a Referer to another site
    return response


@require_http_methods(["GET", "POST"])
def receipt(request, municipality_slug, token):
    """The link in the e-mail: confirm receipt (a button, so mail scanners opening links confirm nothing),
    reply, subscribe again."""
    delivery = _delivery_or_404(token)
    municipality = request.municipality
    form = ReplyForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "confirm":
            _delivery, created = services.confirm_receipt(delivery=delivery)
            messages.success(request, _("Thank you: the receipt is confirmed.") if created
                             else _("The receipt was already confirmed."))
            return redirect(request.path)
        if action == "subscribe":
            services.subscribe(municipality=municipality, organization=delivery.organization)
            messages.success(request, _("Your organization receives the municipality's newsletters by e-mail again."))
            return redirect(request.path)
        if action == "reply":
            form = ReplyForm(request.POST)
            if form.is_valid():
                try:
                    services.reply_to_newsletter(delivery=delivery, text=form.cleaned_data["text"])
                except ValidationError as error:
                    apply_errors(form, error)
                except DomainError as error:
                    messages.error(request, error.message)
                    return redirect(request.path)
                else:
                    messages.success(request, _("Thank you: your reply is sent to the municipality."))
                    return redirect(request.path)
    return _no_store(render(request, TEMPLATES + "receipt.html", _ctx(
        request, delivery=delivery, newsletter=delivery.newsletter, form=form, token=token,
        unsubscribed=selectors.is_unsubscribed(municipality, delivery.organization))))


@csrf_exempt  # The one-click unsubscribe of RFC 8058 is a POST from the mail client; the token is the proof.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, municipality_slug, token):
    delivery = _delivery_or_404(token)
    if request.method == "POST":
        services.unsubscribe(delivery=delivery)
        return _no_store(render(request, TEMPLATES + "unsubscribed.html", _ctx(
            request, delivery=delivery, token=token)))
    return _no_store(render(request, TEMPLATES + "unsubscribe.html", _ctx(
        request, delivery=delivery, token=token,
        unsubscribed=selectors.is_unsubscribed(request.municipality, delivery.organization))))


# --- The officer's pages -----------------------------------------------------------------------------------


@newsletter_view
@require_GET
def panel(request):
    municipality = request.municipality
    return render(request, TEMPLATES + "panel.html", _ctx(
        request, pending=list(selectors.pending_posts(municipality)),
        newsletters=list(selectors.newsletters_of(municipality)[:50]),
        recent=list(selectors.published_posts(municipality)[:10])))


@post_officer_view
@require_GET
def post_review(request, post, form=None):
    return render(request, TEMPLATES + "post_review.html", _ctx(request, post=post, form=form or DeclineForm()))


@post_officer_view
@require_POST
def post_approve(request, post):
    try:
        services.approve_post(post=post, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("information:post_review", municipality_slug=post.municipality.slug, pk=post.pk)
    messages.success(request, _("The post is published on the NGO page."))
    return redirect("information:panel", municipality_slug=post.municipality.slug)


@post_officer_view
@require_POST
def post_decline(request, post):
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.decline_post(post=post, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("information:post_review", municipality_slug=post.municipality.slug, pk=post.pk)
        else:
            messages.success(request, _("The post is declined. The organization is told why by e-mail."))
            return redirect("information:panel", municipality_slug=post.municipality.slug)
    return render(request, TEMPLATES + "post_review.html", _ctx(request, post=post, form=form))


def _to_newsletter(newsletter, name="newsletter_admin"):
    return redirect(f"information:{name}", municipality_slug=newsletter.municipality.slug, pk=newsletter.pk)


@newsletter_view
def newsletter_create(request):
    municipality: Municipality = request.municipality
    form = NewsletterForm(request.POST or None, initial={"reply_to": municipality.email or request.user.email})
    if request.method == "POST" and form.is_valid():
        try:
            newsletter = services.create_newsletter(municipality=municipality, actor=request.user,
                                                    spheres=form.cleaned_data["spheres"], **form.values())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The newsletter is saved. Check the recipients and send it."))
            return _to_newsletter(newsletter)
    return render(request, TEMPLATES + "newsletter_form.html", _ctx(request, form=form, creating=True))


@newsletter_view
def newsletter_edit(request, newsletter):
    if newsletter.status != NewsletterStatus.DRAFT:
        messages.error(request, _("A sent newsletter no longer changes."))
        return _to_newsletter(newsletter, "newsletter_stats")
    form = NewsletterForm(request.POST or None, instance=Newsletter.objects.get(pk=newsletter.pk),
                          initial={"spheres": list(newsletter.spheres.all())})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_newsletter(newsletter=newsletter, actor=request.user,
                                       spheres=form.cleaned_data["spheres"], **form.values())
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return _to_newsletter(newsletter)
        else:
            messages.success(request, _("The newsletter is saved."))
            return _to_newsletter(newsletter)
    return render(request, TEMPLATES + "newsletter_form.html", _ctx(request, form=form, newsletter=newsletter))


@newsletter_view
@require_GET
def newsletter_admin(request, newsletter):
    """A draft with the recipients it would reach, split by channel; a sent newsletter goes to its statistics."""
    if newsletter.status != NewsletterStatus.DRAFT:
        return _to_newsletter(newsletter, "newsletter_stats")
    return render(request, TEMPLATES + "newsletter_admin.html", _ctx(
        request, newsletter=newsletter, split=selectors.recipients(newsletter),
        spheres=list(newsletter.spheres.all())))


@newsletter_view
@require_POST
def newsletter_send(request, newsletter):
    try:
        services.send_newsletter(newsletter=newsletter, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return _to_newsletter(newsletter)
    messages.success(request, _("The newsletter is being sent. The statistics fill in as e-mails go out and "
                                "organizations confirm receipt."))
    return _to_newsletter(newsletter, "newsletter_stats")


@newsletter_view
@require_GET
def newsletter_stats(request, newsletter):
    if newsletter.status == NewsletterStatus.DRAFT:
        return _to_newsletter(newsletter)
    deliveries = list(selectors.deliveries_of(newsletter))
    return render(request, TEMPLATES + "newsletter_stats.html", _ctx(
        request, newsletter=newsletter, stats=selectors.newsletter_stats(newsletter),
        emails=[d for d in deliveries if d.channel == Channel.EMAIL],
        letters=[d for d in deliveries if d.channel == Channel.POST],
        replies=[d for d in deliveries if d.replied_at]))


def _pdf_response(rendered) -> HttpResponse:
    filename, content_type, body = rendered
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _letters(newsletter):
    letters = list(selectors.deliveries_of(newsletter, Channel.POST))
    if not letters:
        raise Http404
    return letters


@newsletter_view
@require_GET
def newsletter_letters_pdf(request, newsletter):
    return _pdf_response(pdf.render_letters(newsletter, _letters(newsletter)))


@newsletter_view
@require_GET
def newsletter_labels_pdf(request, newsletter):
    return _pdf_response(pdf.render_labels(newsletter, _letters(newsletter)))


@newsletter_view
@require_POST
def newsletter_letters_posted(request, newsletter):
    try:
        count = services.mark_letters_sent(newsletter=newsletter, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, ngettext("%(n)d letter is marked as posted.", "%(n)d letters are marked as posted.",
                                           count) % {"n": count})
    return _to_newsletter(newsletter, "newsletter_stats")


@newsletter_view
@require_POST
def newsletter_retry(request, newsletter):
    try:
        count = services.retry_failed_emails(newsletter=newsletter, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, ngettext("%(n)d e-mail is being sent again.", "%(n)d e-mails are being sent again.",
                                           count) % {"n": count})
    return _to_newsletter(newsletter, "newsletter_stats")
