"""Every write of information exchange (P1.A2). Guard → mutate → full_clean → save → audit → on_commit.

NGO posts: a member of a confirmed organization submits; the officer approves (public) or declines with a reason;
the organization edits or withdraws until approval. Newsletters: the officer writes one and sends it; sending
creates one Delivery per organization and channel, and Celery sends the e-mails in batches (tasks.py). Each
e-mail carries a token link (only its hash is stored) to confirm receipt, reply and unsubscribe."""

from __future__ import annotations

import secrets
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection, send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scope, scopes_disabled

from cooperation.exceptions import DomainError, TransitionNotAllowed
from cooperation.models import Municipality, Officer, Organization, User
from cooperation.selectors import officer_municipality_ids, organization_ids_of
from cooperation.services import _hash_token, record_audit

from . import selectors
from .enums import Channel, DeliveryStatus, NewsletterAudience, NewsletterStatus, PostStatus
from .models import Delivery, Newsletter, NewsletterOptOut, NgoPost
from .tasks import TRANSIENT_ERRORS


class NotConfirmedHere(DomainError):
    default_message = gettext_lazy(
        "Only organizations the municipality has confirmed publish on its NGO page. Ask the municipality to "
        "confirm your organization first.")


class AlreadyReplied(DomainError):
    default_message = gettext_lazy("A reply to this newsletter has already been sent from this link.")


POST_FIELDS = frozenset({"kind", "title", "text", "starts_at", "place", "link"})
NEWSLETTER_FIELDS = frozenset({"subject", "text", "attachment_url", "audience", "reply_to"})
PERMANENT_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused)


def _check_fields(fields: dict, allowed: frozenset, function: str) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"{function}() got unexpected fields: {sorted(unknown)}")


def _url(name: str, **kwargs) -> str:
    return f"{settings.PORTAL_BASE_URL}{reverse(name, kwargs=kwargs)}"


# --- NGO news and events ---------------------------------------------------------------------------------

POST_TRANSITIONS = {
    PostStatus.PENDING: {PostStatus.PUBLISHED, PostStatus.DECLINED, PostStatus.WITHDRAWN},
    PostStatus.DECLINED: {PostStatus.PENDING, PostStatus.WITHDRAWN},
    PostStatus.PUBLISHED: set(),
    PostStatus.WITHDRAWN: set(),
}


def _guard_member(actor: User, organization: Organization) -> None:
    if organization.pk not in organization_ids_of(actor):
        raise TransitionNotAllowed(_("Only the organization's members can do this."))


@transaction.atomic
def submit_post(*, municipality: Municipality, organization: Organization, actor: User, **fields) -> NgoPost:
    """A member of an organization confirmed in the municipality sends news or an event for its NGO page. It
    waits for the officer's approval."""
    _check_fields(fields, POST_FIELDS, "submit_post")
    _guard_member(actor, organization)
    if not selectors.confirmed_organizations_of(actor, municipality).filter(pk=organization.pk).exists():
        raise NotConfirmedHere()
    with scope(municipality=municipality.pk):
        post = NgoPost(municipality=municipality, organization=organization, submitted_by=actor,
                       status=PostStatus.PENDING, **fields)
        post.full_clean()
        post.save()
    record_audit(actor=actor, action="consultations.ngo_post.submitted", target=post, municipality=municipality,
                 data={"organization": organization.name})
    post_id = post.pk
    transaction.on_commit(lambda: _notify_officers_of_post(post_id))
    return post


@transaction.atomic
def update_post(*, post: NgoPost, actor: User, **fields) -> NgoPost:
    """The organization changes its post before approval; a declined post changed goes back for approval."""
    _check_fields(fields, POST_FIELDS, "update_post")
    with scope(municipality=post.municipality_id):
        locked = NgoPost.objects.select_for_update().get(pk=post.pk)
        _guard_member(actor, locked.organization)
        if locked.status not in (PostStatus.PENDING, PostStatus.DECLINED):
            raise TransitionNotAllowed(_("Only a post awaiting approval or declined can be changed."))
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean()
        locked.save()
        record_audit(actor=actor, action="consultations.ngo_post.updated", target=locked,
                     municipality=locked.municipality, data={"fields": sorted(fields)})
        if locked.status == PostStatus.DECLINED:
            locked = set_post_status(post=locked, actor=actor, status=PostStatus.PENDING)
    return locked


@transaction.atomic
def set_post_status(*, post: NgoPost, actor: User, status: str, reason: str = "") -> NgoPost:
    """The one place a post's status changes. Re-reads the row under a lock: a double click gets a clear error."""
    with scope(municipality=post.municipality_id):
        current = NgoPost.objects.select_for_update().select_related("organization", "municipality").get(pk=post.pk)
        if status not in POST_TRANSITIONS[current.status]:
            raise TransitionNotAllowed(
                _("This post is already “%(status)s”.") % {"status": current.get_status_display()})
        now = timezone.now()
        if status in (PostStatus.PUBLISHED, PostStatus.DECLINED):
            if current.municipality_id not in officer_municipality_ids(actor) and not actor.is_superuser:
                raise TransitionNotAllowed(_("Only the municipality's officers approve or decline posts."))
            current.decided_at, current.decided_by = now, actor
        else:
            _guard_member(actor, current.organization)
        if status == PostStatus.DECLINED:
            if not reason.strip():
                raise ValidationError({"reason": _("Say why the post is declined: the organization sees it.")})
            current.decline_reason = reason.strip()
        if status == PostStatus.PUBLISHED:
            current.published_at = now
        if status == PostStatus.PENDING:
            current.decided_at, current.decided_by = None, None
        current.status = status
        current.full_clean()
        current.save()
    action = {PostStatus.PUBLISHED: "consultations.ngo_post.published",
              PostStatus.DECLINED: "consultations.ngo_post.declined",
              PostStatus.WITHDRAWN: "consultations.ngo_post.withdrawn",
              PostStatus.PENDING: "consultations.ngo_post.resubmitted"}[status]
    record_audit(actor=actor, action=action, target=current, municipality=current.municipality,
                 data={"reason": reason} if reason else {})
    if status == PostStatus.DECLINED:
        post_id = current.pk
        transaction.on_commit(lambda: _notify_organization_of_decision(post_id))
    post.status = current.status
    return current


def approve_post(*, post: NgoPost, actor: User) -> NgoPost:
    return set_post_status(post=post, actor=actor, status=PostStatus.PUBLISHED)


def decline_post(*, post: NgoPost, actor: User, reason: str) -> NgoPost:
    return set_post_status(post=post, actor=actor, status=PostStatus.DECLINED, reason=reason)


def withdraw_post(*, post: NgoPost, actor: User) -> NgoPost:
    return set_post_status(post=post, actor=actor, status=PostStatus.WITHDRAWN)


def _notify_officers_of_post(post_id: int) -> None:
    with scopes_disabled():
        post = NgoPost.objects.select_related("municipality", "organization").get(pk=post_id)
        recipients = list(Officer.objects.filter(municipality=post.municipality, user__is_active=True)
                          .values_list("user__email", flat=True))
    if not recipients:
        return
    url = _url("information:post_review", municipality_slug=post.municipality.slug, pk=post.pk)
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("consultations/information/email/post_submitted.txt", {"post": post, "url": url})
        send_mail(_("An NGO post awaits approval: %(title)s") % {"title": post.title}, body, None, recipients)


def _notify_organization_of_decision(post_id: int) -> None:
    with scopes_disabled():
        post = NgoPost.objects.select_related("municipality", "organization", "submitted_by").get(pk=post_id)
    recipients = {post.organization.email.lower()}
    if post.submitted_by is not None and post.submitted_by.is_active:
        recipients.add(post.submitted_by.email.lower())
    url = _url("information:my_posts", municipality_slug=post.municipality.slug)
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("consultations/information/email/post_declined.txt", {"post": post, "url": url})
        send_mail(_("Your post was not published: %(title)s") % {"title": post.title}, body, None, sorted(recipients))


# --- Newsletters -----------------------------------------------------------------------------------------


def _check_spheres(audience: str, spheres) -> list:
    spheres = list(spheres or [])
    if audience == NewsletterAudience.SPHERES and not spheres:
        raise ValidationError({"spheres": _("Choose at least one sphere.")})
    return spheres if audience == NewsletterAudience.SPHERES else []


@transaction.atomic
def create_newsletter(*, municipality: Municipality, actor: User, spheres=(), **fields) -> Newsletter:
    """A draft newsletter; nothing is sent until the officer sends it."""
    _check_fields(fields, NEWSLETTER_FIELDS, "create_newsletter")
    fields.setdefault("reply_to", municipality.email or actor.email)
    chosen = _check_spheres(fields.get("audience", NewsletterAudience.ALL), spheres)
    with scope(municipality=municipality.pk):
        newsletter = Newsletter(municipality=municipality, created_by=actor, status=NewsletterStatus.DRAFT, **fields)
        newsletter.full_clean()
        newsletter.save()
        newsletter.spheres.set(chosen)
    record_audit(actor=actor, action="consultations.newsletter.created", target=newsletter, municipality=municipality)
    return newsletter


@transaction.atomic
def update_newsletter(*, newsletter: Newsletter, actor: User, spheres=None, **fields) -> Newsletter:
    _check_fields(fields, NEWSLETTER_FIELDS, "update_newsletter")
    with scope(municipality=newsletter.municipality_id):
        locked = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
        if locked.status != NewsletterStatus.DRAFT:
            raise TransitionNotAllowed(_("A sent newsletter no longer changes."))
        for name, value in fields.items():
            setattr(locked, name, value)
        chosen = _check_spheres(locked.audience, spheres if spheres is not None else locked.spheres.all())
        locked.full_clean()
        locked.save()
        locked.spheres.set(chosen)
    record_audit(actor=actor, action="consultations.newsletter.updated", target=locked,
                 municipality=locked.municipality, data={"fields": sorted(fields)})
    return locked


@transaction.atomic
def set_newsletter_status(*, newsletter: Newsletter, actor: User, status: str) -> Newsletter:
    """The one place a newsletter's status changes (draft → sent, once)."""
    with scope(municipality=newsletter.municipality_id):
        current = Newsletter.objects.select_for_update().select_related("municipality").get(pk=newsletter.pk)
        if not (current.status == NewsletterStatus.DRAFT and status == NewsletterStatus.SENT):
            raise TransitionNotAllowed(_("This newsletter has already been sent."))
        current.status = status
        current.sent_at, current.sent_by = timezone.now(), actor
        current.full_clean()
        current.save(update_fields=["status", "sent_at", "sent_by", "updated_at"])
    newsletter.status, newsletter.sent_at = current.status, current.sent_at
    return current


def _delivery(newsletter: Newsletter, organization: Organization, channel: str) -> Delivery:
    return Delivery(newsletter=newsletter, organization=organization, channel=channel,
                    email=organization.email if channel == Channel.EMAIL else "", name=organization.name,
                    street=organization.street, postal_code=organization.postal_code, city=organization.city)


@transaction.atomic
def send_newsletter(*, newsletter: Newsletter, actor: User) -> Newsletter:
    """Send the newsletter: one Delivery per organization and channel (e-mail unless it unsubscribed; post if it
    chose post), then the e-mails go out in batches after the commit. Letters are printed from the statistics page."""
    current = set_newsletter_status(newsletter=newsletter, actor=actor, status=NewsletterStatus.SENT)
    with scope(municipality=current.municipality_id):
        split = selectors.recipients(current)
        if not split.count:
            raise TransitionNotAllowed(_("No organization would receive this newsletter: choose another audience."))
        Delivery.objects.bulk_create(
            [_delivery(current, organization, Channel.EMAIL) for organization in split.by_email]
            + [_delivery(current, organization, Channel.POST) for organization in split.by_post])
    record_audit(actor=actor, action="consultations.newsletter.sent", target=current,
                 municipality=current.municipality,
                 data={"email": len(split.by_email), "post": len(split.by_post),
                       "unsubscribed": len(split.unsubscribed)})
    newsletter_id = current.pk
    transaction.on_commit(lambda: _enqueue_sending(newsletter_id))
    return current


def _enqueue_sending(newsletter_id: int) -> None:
    from .tasks import task_send_newsletter

    task_send_newsletter.delay(newsletter_id)


DELIVERY_TRANSITIONS = {
    DeliveryStatus.PENDING: {DeliveryStatus.SENT, DeliveryStatus.FAILED},
    DeliveryStatus.FAILED: {DeliveryStatus.PENDING},  # the officer sends failed e-mails again
    DeliveryStatus.SENT: set(),
}


@transaction.atomic
def set_delivery_status(*, delivery: Delivery, status: str, error: str = "", token_hash: str = "") -> Delivery:
    """The one place a delivery's status changes: waiting → sent or failed (e-mail), failed → waiting (sent
    again), waiting → sent (a letter posted). Re-reads the row under a lock, so nothing is sent or marked twice."""
    with scopes_disabled():
        current = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if status not in DELIVERY_TRANSITIONS[current.status]:
        raise TransitionNotAllowed(_("This delivery is already “%(status)s”.") % {"status": current.get_status_display()})
    if current.channel == Channel.POST and status != DeliveryStatus.SENT:
        raise TransitionNotAllowed(_("A letter can only be marked as posted."))
    current.status = status
    current.error = error[:2000]
    if token_hash:
        current.token_hash = token_hash
    if status == DeliveryStatus.SENT:
        current.sent_at = timezone.now()
    if status == DeliveryStatus.PENDING:
        current.attempts = 0
    current.save(update_fields=["status", "error", "token_hash", "sent_at", "attempts"])
    delivery.status, delivery.sent_at = current.status, current.sent_at
    return current


@transaction.atomic
def retry_failed_emails(*, newsletter: Newsletter, actor: User) -> int:
    """The officer sends the e-mails that failed again (e.g. after the address was corrected or the server came
    back). Each goes back to waiting and the sending task runs after the commit."""
    with scope(municipality=newsletter.municipality_id):
        failed = list(Delivery.objects.select_for_update().select_related("organization").filter(
            newsletter=newsletter, channel=Channel.EMAIL, status=DeliveryStatus.FAILED))
    if not failed:
        raise TransitionNotAllowed(_("No e-mail of this newsletter failed."))
    for delivery in failed:
        set_delivery_status(delivery=delivery, status=DeliveryStatus.PENDING)
        if delivery.organization.email != delivery.email:  # corrected in the organization's profile meanwhile
            Delivery.objects.filter(pk=delivery.pk).update(email=delivery.organization.email)
    record_audit(actor=actor, action="consultations.newsletter_emails.retried", target=newsletter,
                 municipality=newsletter.municipality, data={"emails": len(failed)})
    newsletter_id = newsletter.pk
    transaction.on_commit(lambda: _enqueue_sending(newsletter_id))
    return len(failed)


def _newsletter_message(delivery: Delivery, token: str, connection) -> EmailMessage:
    newsletter = delivery.newsletter
    slug = newsletter.municipality.slug
    receipt_url = _url("information:receipt", municipality_slug=slug, token=token)
    unsubscribe_url = _url("information:unsubscribe", municipality_slug=slug, token=token)
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("consultations/information/email/newsletter.txt", {
            "newsletter": newsletter, "delivery": delivery, "receipt_url": receipt_url,
            "unsubscribe_url": unsubscribe_url,
        })
    return EmailMessage(
        subject=newsletter.subject, body=body, to=[delivery.email], reply_to=[newsletter.reply_to],
        connection=connection,
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


def deliver_email(*, delivery_id: int, connection=None, final_attempt: bool = False) -> str:
    """Send one e-mail delivery: "sent", "failed" or "skipped" (already done; a retry never sends twice). A
    transient server error is raised for the task to retry, except on the final attempt, when it is recorded."""
    with scopes_disabled(), transaction.atomic():
        delivery = (Delivery.objects.select_for_update().select_related("newsletter__municipality")
                    .get(pk=delivery_id))
        if delivery.status != DeliveryStatus.PENDING or delivery.channel != Channel.EMAIL:
            return "skipped"
        token = secrets.token_urlsafe(32)
        message = _newsletter_message(delivery, token, connection)
        try:
            message.send()
        except PERMANENT_ERRORS as error:
            set_delivery_status(delivery=delivery, status=DeliveryStatus.FAILED, error=repr(error))
            return "failed"
        except TRANSIENT_ERRORS as error:
            if not final_attempt:
                raise
            set_delivery_status(delivery=delivery, status=DeliveryStatus.FAILED, error=repr(error))
            return "failed"
        set_delivery_status(delivery=delivery, status=DeliveryStatus.SENT, token_hash=_hash_token(token))
        return "sent"


def send_delivery_batch(*, delivery_ids: list[int], final_attempt: bool = False) -> dict[str, int]:
    """A batch of e-mail deliveries on one SMTP connection. Each is committed as it goes, so a retry after a
    transient error sends only the rest."""
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    connection = get_connection()
    with connection:
        for delivery_id in delivery_ids:
            with scopes_disabled():
                Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING).update(
                    attempts=F("attempts") + 1)
            counts[deliver_email(delivery_id=delivery_id, connection=connection, final_attempt=final_attempt)] += 1
    return counts


def pending_email_ids(newsletter_id: int) -> list[int]:
    with scopes_disabled():
        return list(Delivery.objects.filter(newsletter_id=newsletter_id, channel=Channel.EMAIL,
                                            status=DeliveryStatus.PENDING).order_by("id").values_list("id", flat=True))


def stale_pending_email_ids(*, sent_before) -> dict[int, list[int]]:
    """E-mails still waiting of newsletters sent before `sent_before`, by newsletter (what the safety net sends
    again): neither sent nor failed, in every municipality."""
    found: dict[int, list[int]] = {}
    with scopes_disabled():
        rows = (Delivery.objects.filter(channel=Channel.EMAIL, status=DeliveryStatus.PENDING,
                                        newsletter__status=NewsletterStatus.SENT, newsletter__sent_at__lt=sent_before)
                .order_by("newsletter_id", "id").values_list("newsletter_id", "id"))
        for newsletter_id, delivery_id in rows:
            found.setdefault(newsletter_id, []).append(delivery_id)
    return found


@transaction.atomic
def mark_letters_sent(*, newsletter: Newsletter, actor: User) -> int:
    """The officer posted the printed letters: every waiting letter is marked sent."""
    with scope(municipality=newsletter.municipality_id):
        waiting = list(Delivery.objects.select_for_update().filter(
            newsletter=newsletter, channel=Channel.POST, status=DeliveryStatus.PENDING))
    if not waiting:
        raise TransitionNotAllowed(_("No letter is waiting to be posted."))
    for delivery in waiting:
        set_delivery_status(delivery=delivery, status=DeliveryStatus.SENT)
    record_audit(actor=actor, action="consultations.newsletter_letters.posted", target=newsletter,
                 municipality=newsletter.municipality, data={"letters": len(waiting)})
    return len(waiting)


# --- The recipient's side (token links, no login) ---------------------------------------------------------


@transaction.atomic
def confirm_receipt(*, delivery: Delivery) -> tuple[Delivery, bool]:
    """Record the first confirmation of receipt; later ones change nothing. Returns (delivery, newly confirmed)."""
    with scopes_disabled():
        current = Delivery.objects.select_for_update().select_related("newsletter__municipality").get(pk=delivery.pk)
    if current.confirmed_at is not None:
        return current, False
    current.confirmed_at = timezone.now()
    current.save(update_fields=["confirmed_at"])
    record_audit(actor=None, action="consultations.newsletter_receipt.confirmed", target=current.newsletter,
                 municipality=current.newsletter.municipality, data={"organization": current.name})
    delivery.confirmed_at = current.confirmed_at
    return current, True


@transaction.atomic
def reply_to_newsletter(*, delivery: Delivery, text: str) -> Delivery:
    """The recipient's reply (it also confirms receipt): stored, and e-mailed to the newsletter's reply address."""
    if not text.strip():
        raise ValidationError({"text": _("Write your reply.")})
    current, _new = confirm_receipt(delivery=delivery)
    with scopes_disabled():
        current = Delivery.objects.select_for_update().select_related("newsletter__municipality").get(pk=delivery.pk)
    if current.replied_at is not None:
        raise AlreadyReplied()
    current.reply, current.replied_at = text.strip(), timezone.now()
    current.full_clean()
    current.save(update_fields=["reply", "replied_at"])
    record_audit(actor=None, action="consultations.newsletter_reply.received", target=current.newsletter,
                 municipality=current.newsletter.municipality, data={"organization": current.name})
    delivery_id = current.pk
    transaction.on_commit(lambda: _forward_reply(delivery_id))
    return current


def _forward_reply(delivery_id: int) -> None:
    with scopes_disabled():
        delivery = Delivery.objects.select_related("newsletter__municipality").get(pk=delivery_id)
    newsletter = delivery.newsletter
    url = _url("information:newsletter_stats", municipality_slug=newsletter.municipality.slug, pk=newsletter.pk)
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("consultations/information/email/reply.txt", {"delivery": delivery, "url": url})
        EmailMessage(
            subject=_("Reply to “%(subject)s” from %(name)s") % {"subject": newsletter.subject, "name": delivery.name},
            body=body, to=[newsletter.reply_to], reply_to=[delivery.email] if delivery.email else None,
        ).send()


@transaction.atomic
def unsubscribe(*, delivery: Delivery) -> NewsletterOptOut:
    """The organization no longer receives this municipality's newsletters by e-mail (the link's token proves it
    received one)."""
    newsletter = delivery.newsletter
    with scope(municipality=newsletter.municipality_id):
        opt_out, created = NewsletterOptOut.objects.get_or_create(
            municipality_id=newsletter.municipality_id, organization_id=delivery.organization_id,
            defaults={"delivery": delivery})
    if created:
        record_audit(actor=None, action="consultations.newsletter.unsubscribed", target=opt_out,
                     municipality=newsletter.municipality, data={"organization": delivery.name})
    return opt_out


@transaction.atomic
def unsubscribe_organization(*, municipality: Municipality, organization: Organization, actor: User) -> None:
    """A member turns the municipality's e-mail newsletters off from the organization's settings."""
    with scope(municipality=municipality.pk):
        opt_out, created = NewsletterOptOut.objects.get_or_create(municipality=municipality, organization=organization)
    if created:
        record_audit(actor=actor, action="consultations.newsletter.unsubscribed", target=opt_out,
                     municipality=municipality, data={"organization": organization.name})


@transaction.atomic
def subscribe(*, municipality: Municipality, organization: Organization, actor=None) -> bool:
    """The organization receives the municipality's newsletters by e-mail again. False if it already did."""
    with scope(municipality=municipality.pk):
        deleted, _rows = NewsletterOptOut.objects.filter(municipality=municipality, organization=organization).delete()
    if deleted:
        record_audit(actor=actor, action="consultations.newsletter.subscribed", target=organization,
                     municipality=municipality, data={"organization": organization.name})
    return bool(deleted)
