"""Access-matrix rows for grants: offers. The world's organization (owner, editor) writes the offers; a draft
is theirs (the municipality's officer never reads it; the platform administrator, a Django superuser, passes
every permission as everywhere in the portal); once submitted, the municipality's officers read it too; nobody
else ever does. Committee members are covered by the evaluation stage's rows."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scopes_disabled

from cooperation.enums import RenderStatus
from grants.models import OfferVersion
from grants.services import offers as services
from tests.test_access_matrix import LOGIN, Redirect, everyone, row, signed_in

from .factories import make_call, offer_content

PDF = b"%PDF-1.4\n%%EOF\n"
OFFERS = "/jst/koszalin/dotacje/oferty/"

MEMBERS = {"anonymous": LOGIN, "resident": 403, "editor": 200, "owner": 200, "officer": 403, "other_officer": 403,
           "admin": 200}
READERS = {**MEMBERS, "officer": 200, "admin": 200}
STAFF = {"anonymous": LOGIN, "resident": 403, "editor": 403, "owner": 403, "officer": 200, "other_officer": 403,
         "admin": 200}
NOT_HERE = {**everyone(404), "anonymous": LOGIN}


def members(answer, **overrides) -> dict:
    return {**MEMBERS, "editor": answer, "owner": answer, "admin": answer, **overrides}


def readers(answer, **overrides) -> dict:
    return {**READERS, "editor": answer, "owner": answer, "officer": answer, "admin": answer, **overrides}


def staff(answer) -> dict:
    return {**STAFF, "officer": answer, "admin": answer}


def _offer(w, stage: str):
    """An offer of the world's organization in a call of the world's municipality: "draft", "submitted" (with
    an attachment and a ready PDF), "correction" (a correction requested) or "corrected" (version 2)."""
    with scopes_disabled():
        call = make_call(w.municipality)
        offer = services.start_offer(call=call, organization=w.organization, actor=w.owner)
        services.save_draft(offer=offer, actor=w.owner, content=offer_content(year=call.task_start_earliest.year))
        services.add_offer_attachment(offer=offer, actor=w.owner, title="Statut",
                                      upload=SimpleUploadedFile("statut.pdf", PDF))
        if stage == "draft":
            return offer
        services.submit_offer(offer=offer, actor=w.owner)
        version = OfferVersion.objects.get(offer=offer)
        version.pdf.save("oferta.pdf", ContentFile(PDF), save=False)
        version.pdf_status = RenderStatus.READY
        version.save()
        if stage == "submitted":
            return offer
        services.request_correction(offer=offer, actor=w.officer, note="Popraw tytuł.",
                                    due=timezone.now() + timedelta(days=3))
        if stage == "correction":
            return offer
        services.save_draft(offer=offer, actor=w.owner, content={"title": "Po korekcie"}, partial=True)
        services.submit_correction(offer=offer, actor=w.owner)
        return offer


def offer(stage: str = "draft", *, slug_of: str = "municipality", **extra):
    def build(w):
        item = _offer(w, stage)
        return {"municipality_slug": getattr(w, slug_of).slug, "pk": item.pk, **extra}

    return build


def attachment(stage: str = "draft"):
    def build(w):
        item = _offer(w, stage)
        with scopes_disabled():
            attachment_id = item.attachments.get().pk
        return {"municipality_slug": w.municipality.slug, "pk": item.pk, "attachment_id": attachment_id}

    return build


def failed_pdf(w):
    item = _offer(w, "submitted")
    with scopes_disabled():
        OfferVersion.objects.filter(offer=item).update(pdf_status=RenderStatus.FAILED, pdf="")
    return {"municipality_slug": w.municipality.slug, "pk": item.pk, "number": 1}


def call_of_world(w):
    with scopes_disabled():
        item = make_call(w.municipality)
    return {"municipality_slug": w.municipality.slug, "call_pk": item.pk}


DECLARATIONS = {
    "declarations-only_statutory_activity": "on", "declarations-fees_only_in_paid_activity": "on",
    "declarations-register_data_current": "on", "declarations-information_true": "on",
    "declarations-personal_data_consents": "on", "declarations-tax_arrears": "none",
    "declarations-social_insurance_arrears": "none",
}
EMPTY_COSTS = {"costs-TOTAL_FORMS": "0", "costs-INITIAL_FORMS": "0", "funding-grant": "", "action": "save"}


ROWS = {
    "grants_portal:my_offers": row(signed_in(200)),
    "grants:offer_create": [
        # Any signed-in person may open it: it says who can make an offer and how to get there.
        row(signed_in(200), call_of_world),
        row({**signed_in(200), "editor": Redirect(OFFERS), "owner": Redirect(OFFERS)}, call_of_world, method="post",
            case="POST: start (only a member of a confirmed organization)"),
        row(NOT_HERE, lambda w: {"municipality_slug": w.municipality.slug, "call_pk": 999999}, case="unknown call"),
    ],
    "grants:offer_detail": [
        row(MEMBERS, offer("draft"), case="draft"),
        row(READERS, offer("submitted"), case="submitted"),
        row(NOT_HERE, offer("submitted", slug_of="other_municipality"),
            case="this municipality's offer under another's address"),
    ],
    "grants:offer_edit": [
        row(MEMBERS, offer("draft", section="koszty"), case="draft"),
        row(readers(Redirect(OFFERS)), offer("submitted", section="koszty"), case="submitted: sent to its page"),
        row(MEMBERS, offer("correction", section="zadanie"), case="correction requested"),
        row(members(404), offer("draft", section="nie-ma"), case="unknown section"),
        row(members(Redirect(OFFERS)), offer("draft", section="koszty"), method="post", data=EMPTY_COSTS,
            case="POST: save the section"),
    ],
    "grants:offer_preview": [
        row({**MEMBERS, "admin": 403}, offer("draft"), case="draft: only the organization previews"),
        row({**MEMBERS, "admin": 403}, offer("submitted"), case="submitted: the preview is the organization's"),
    ],
    "grants:offer_submit": [
        row(MEMBERS, offer("draft"), case="draft"),
        # The administrator passes the permission but is no member: the service refuses, the page says why.
        row(members(Redirect(OFFERS), admin=200), offer("draft"), method="post", data=DECLARATIONS,
            case="POST: submit"),
        row(readers(Redirect(OFFERS)), offer("submitted"), case="submitted: sent to the confirmation"),
        row(MEMBERS, offer("correction"), case="correction requested"),
    ],
    "grants:offer_confirmation": [
        row(members(404), offer("draft"), case="draft: nothing to confirm"),
        row(READERS, offer("submitted"), case="submitted"),
    ],
    "grants:offer_withdraw": [
        row(MEMBERS, offer("draft"), case="draft"),
        row(members(Redirect(OFFERS)), offer("submitted"), method="post", case="POST: withdraw"),
    ],
    "grants:offer_request_correction": [
        row(STAFF, offer("submitted"), case="submitted"),
        row(staff(Redirect(OFFERS)), offer("submitted"), method="post",
            data={"note": "Uzupełnij harmonogram.", "due": "2099-01-01T12:00"}, case="POST: ask"),
        row({**STAFF, "officer": 403, "admin": Redirect(OFFERS)}, offer("draft"), case="draft: not the officer's"),
        row({**STAFF, "officer": 403, "admin": Redirect(OFFERS)}, offer("correction"), case="already asked"),
    ],
    "grants:offer_versions": [
        row(MEMBERS, offer("draft"), case="draft"),
        row(READERS, offer("submitted"), case="submitted"),
    ],
    "grants:offer_version": [
        row(READERS, offer("submitted", number=1), case="submitted"),
        row(members(404), offer("draft", number=1), case="draft: no version yet"),
    ],
    "grants:offer_version_diff": [
        row(READERS, offer("corrected", number=2), case="corrected"),
        row(readers(404), offer("corrected", number=1), case="the first version has nothing before it"),
    ],
    "grants:offer_pdf": [
        row(READERS, offer("submitted", number=1), case="submitted"),
        row(readers(404), offer("submitted", number=7), case="no such version"),
    ],
    "grants:offer_pdf_retry": [
        row(readers(405), failed_pdf, case="GET"),
        row(readers(Redirect(OFFERS)), failed_pdf, method="post", case="POST: a failed PDF"),
    ],
    "grants:offer_attachments": [
        row(MEMBERS, offer("draft"), case="draft"),
        row(READERS, offer("submitted"), case="submitted"),
    ],
    "grants:offer_attachment": [
        row(MEMBERS, attachment("draft"), case="draft"),
        row(READERS, attachment("submitted"), case="submitted"),
    ],
    "grants:offer_attachment_remove": [
        row(members(405), attachment("draft"), case="GET"),
        row(members(Redirect(OFFERS)), attachment("draft"), method="post", case="POST: a draft's attachment"),
        row(members(403, admin=Redirect(OFFERS)), attachment("submitted"), method="post",
            case="POST: a submitted attachment stays"),
    ],
}
