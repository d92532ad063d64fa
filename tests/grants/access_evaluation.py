"""Access-matrix rows for grants: evaluation. The world's resident sits on the committee (signed); the world's
organization (owner, editor) made offer A; another organization made offer B."""

from django.utils import timezone
from django_scopes import scopes_disabled

from grants.enums import CallStatus, CommitteeRole, OfferStatus
from grants.models import Call, CommitteeMember, Exclusion, FormalCheckResult, FormalRequirement, Offer
from tests.factories import OrganizationFactory
from tests.test_access_matrix import LOGIN, PUBLIC, Redirect, everyone, municipality_staff, row, signed_in

from .factories import make_call
from .offer_factories import close_call, make_offer

MEMBER = {"anonymous": LOGIN, "resident": 200, "editor": 403, "owner": 403, "officer": 403, "other_officer": 403,
          "admin": 403}
OFFEROR = {"anonymous": LOGIN, "resident": 403, "editor": 200, "owner": 200, "officer": 200, "other_officer": 403,
           "admin": 200}


def evaluation(w, *, stage="accepted", signed=True, municipality=None):
    """A closed call of the world's municipality with offers A (the world's organization) and B, both accepted
    formally; the resident on the committee. stage "published": decided (A awarded) and results published."""
    with scopes_disabled():
        call = close_call(make_call(municipality or w.municipality, created_by=w.officer))
        other = OrganizationFactory(name="Fundacja Bliżej Seniora")
        status = OfferStatus.FORMALLY_ACCEPTED
        offer_a = make_offer(call, w.organization, status=status, number=f"A/{call.pk}", created_by=w.owner)
        offer_b = make_offer(call, other, status=status, number=f"B/{call.pk}")
        for offer in (offer_a, offer_b):
            for requirement in FormalRequirement.objects.filter(call=call):
                FormalCheckResult.objects.create(offer=offer, requirement=requirement, met=True)
        member = CommitteeMember.objects.create(
            call=call, user=w.resident, role=CommitteeRole.OFFICIAL,
            declaration_signed_at=timezone.now() if signed else None)
        if stage == "published":
            Offer.objects.filter(pk=offer_a.pk).update(status=OfferStatus.AWARDED, awarded_amount="12000.00")
            Offer.objects.filter(pk=offer_b.pk).update(status=OfferStatus.NOT_AWARDED, decision_note="Za mało punktów")
            today = timezone.localdate()
            Call.objects.filter(pk=call.pk).update(
                status=CallStatus.RESULTS_PUBLISHED, decision_reference="Zarządzenie 1", decided_on=today,
                results_published_at=timezone.now(), results_bip_on=today, results_board_on=today,
                results_website_on=today)
    return {"call": call, "offer_a": offer_a, "offer_b": offer_b, "member": member}


def call_kwargs(**options):
    def build(w):
        data = evaluation(w, **options)
        return {"municipality_slug": data["call"].municipality.slug, "pk": data["call"].pk}

    return build


def offer_kwargs(which="offer_a", **options):
    def build(w):
        data = evaluation(w, **options)
        return {"municipality_slug": w.municipality.slug, "pk": data[which].pk}

    return build


def formal_check_kwargs(w):
    data = evaluation(w)
    return {"municipality_slug": w.municipality.slug, "pk": data["call"].pk, "offer_id": data["offer_a"].pk}


def score_kwargs(excluded=False):
    def build(w):
        data = evaluation(w)
        if excluded:
            with scopes_disabled():
                Exclusion.objects.create(member=data["member"], offer=data["offer_b"], reason="declared")
        return {"municipality_slug": w.municipality.slug, "pk": data["call"].pk, "offer_id": data["offer_b"].pk}

    return build


def member_remove_kwargs(w):
    data = evaluation(w)
    return {"municipality_slug": w.municipality.slug, "pk": data["call"].pk, "member_id": data["member"].pk}


def export_kwargs(kind, file_format):
    def build(w):
        return {**call_kwargs()(w), "kind": kind, "file_format": file_format}

    return build


def results_data_kwargs(file_format, **options):
    def build(w):
        return {**call_kwargs(**options)(w), "file_format": file_format}

    return build


def other_municipality_call(w):
    """The other municipality's call under this municipality's address."""
    data = evaluation(w, municipality=w.other_municipality)
    return {"municipality_slug": w.municipality.slug, "pk": data["call"].pk}


STAFF = municipality_staff(200)

ROWS = {
    "grants:evaluation_offers": [
        row(STAFF, call_kwargs()),
        row(municipality_staff(404), other_municipality_call, case="another municipality's call"),
    ],
    "grants:formal_check": row(STAFF, formal_check_kwargs),
    "grants:committee": row(STAFF, call_kwargs()),
    "grants:committee_remove": [
        row(municipality_staff(405), member_remove_kwargs),
        row(municipality_staff(Redirect("/jst/koszalin/dotacje/konkursy/panel/")), member_remove_kwargs,
            method="post", case="POST: remove the member"),
    ],
    "grants:ranking": row(STAFF, call_kwargs()),
    "grants:decision": row(STAFF, call_kwargs()),
    "grants:results_publish": row(STAFF, call_kwargs()),
    "grants:evaluation_export": [
        row(STAFF, export_kwargs("oferty", "csv")),
        row(STAFF, export_kwargs("oceny", "xlsx"), case="scores, xlsx"),
        row(STAFF, export_kwargs("wyniki", "csv"), case="results, csv"),
        row(municipality_staff(404), export_kwargs("tajne", "csv"), case="unknown kind"),
    ],
    "grants:member_call": [
        row(MEMBER, call_kwargs()),
        row({**MEMBER, "resident": Redirect("/jst/koszalin/dotacje/komisja/konkursy/")}, call_kwargs(signed=False),
            case="declaration not signed yet"),
    ],
    "grants:declaration": row(MEMBER, call_kwargs(signed=False)),
    "grants:score_sheet": [
        row(MEMBER, score_kwargs()),
        row({**MEMBER, "resident": 403}, score_kwargs(excluded=True), case="the member is excluded from the offer"),
        row({**MEMBER, "resident": 403}, score_kwargs(excluded=True), method="post",
            data={"action": "submit"}, case="POST: scores for an offer the member is excluded from"),
        row({**MEMBER, "resident": Redirect("/jst/koszalin/dotacje/komisja/konkursy/")}, score_kwargs(), method="post",
            data={"action": "save", "comment": "Dobra oferta"}, case="POST: save the member's scores"),
    ],
    "grants:offer_scores": [
        row(OFFEROR, offer_kwargs(stage="published")),
        row({**OFFEROR, "owner": 403, "editor": 403}, offer_kwargs("offer_b", stage="published"),
            case="another organization's offer"),
        row({**OFFEROR, "owner": 403, "editor": 403}, offer_kwargs(), case="results not published yet"),
    ],
    "grants:results": [
        row(PUBLIC, call_kwargs(stage="published")),
        row(everyone(404), call_kwargs(), case="results not published"),
    ],
    "grants:results_data": [
        row(PUBLIC, results_data_kwargs("csv", stage="published")),
        row(PUBLIC, results_data_kwargs("json", stage="published"), case="json"),
        row(everyone(404), results_data_kwargs("csv"), case="results not published"),
        row(everyone(404), results_data_kwargs("pdf", stage="published"), case="unknown format"),
    ],
    "grants_portal:results_list": row(PUBLIC),
    "grants_portal:results_open_data": [
        row(PUBLIC, lambda w: {"file_format": "csv"}),
        row(PUBLIC, lambda w: {"file_format": "json"}, case="json"),
        row(everyone(404), lambda w: {"file_format": "xml"}, case="unknown format"),
    ],
    "grants_portal:my_committees": row(signed_in(200)),
}
