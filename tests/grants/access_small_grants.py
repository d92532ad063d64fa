"""Access-matrix rows for grants: small grants (art. 19a). A draft is its organization's (the administrator, a
Django superuser, passes every permission); once submitted the municipality's officers read it; once published
for comments everyone does, and anyone may comment during the 7 days."""

from decimal import Decimal

from django.utils import timezone
from django_scopes import scopes_disabled

from grants.enums import OfferStatus
from grants.models import GrantBudget
from tests.test_access_matrix import LOGIN, Redirect, everyone, municipality_staff, row

from .award_factories import make_small_grant

PUBLIC = everyone(200)
DETAIL = Redirect("/jst/koszalin/dotacje/male-granty/")
ADMIN = Redirect("/jst/koszalin/dotacje/panel/male-granty/")
MEMBERS = {"anonymous": LOGIN, "resident": 403, "editor": 200, "owner": 200, "officer": 403, "other_officer": 403,
           "admin": 403}


def slug(w):
    return {"municipality_slug": w.municipality.slug}


def small_grant(status=OfferStatus.SUBMITTED, *, published_days_ago=None, budget=False):
    def build(w):
        offer = make_small_grant(w.municipality, w.organization, status=status, published_days_ago=published_days_ago)
        if budget:
            with scopes_disabled():
                GrantBudget.objects.get_or_create(municipality=w.municipality, year=timezone.localdate().year,
                                                  defaults={"planned_grants": Decimal("500000.00")})
        return {**slug(w), "pk": offer.pk}

    return build


def seen_by(answer, *, officer, **overrides) -> dict:
    return {"anonymous": LOGIN, "resident": 404, "editor": answer, "owner": answer, "officer": officer,
            "other_officer": 404, "admin": answer, **overrides}


ROWS = {
    "grants:small_grant_list": row(PUBLIC, slug),
    "grants:small_grant_create": row(MEMBERS, slug),
    "grants:small_grant_detail": [
        row(PUBLIC, small_grant(published_days_ago=2), case="published for comments"),
        row(seen_by(200, officer=200), small_grant(), case="submitted, not yet published"),
        row(seen_by(200, officer=404), small_grant(OfferStatus.DRAFT), case="a draft"),
    ],
    "grants:small_grant_edit": [
        row(seen_by(200, officer=404), small_grant(OfferStatus.DRAFT)),
        row(seen_by(DETAIL, officer=403), small_grant(), case="submitted: no more changes"),
    ],
    "grants:small_grant_comment": [
        row(PUBLIC, small_grant(published_days_ago=2)),
        row(everyone(DETAIL), small_grant(published_days_ago=2), method="post",
            data={"author_name": "Jan Sąsiad", "text": "Popieram."}, case="POST: comment"),
        row(everyone(DETAIL), small_grant(published_days_ago=9), case="the 7 days have passed"),
        row(everyone(404), small_grant(), case="not published"),
    ],
    "grants:small_grant_admin_list": row(municipality_staff(200), slug),
    "grants:grant_budget_save": [
        row(municipality_staff(405), slug),
        row(municipality_staff(ADMIN), slug, method="post", data={"year": "2027", "planned_grants": "100000"},
            case="POST: record the planned grants"),
    ],
    "grants:small_grant_admin": [
        row(municipality_staff(200), small_grant()),
        row(municipality_staff(404), small_grant(OfferStatus.DRAFT), case="a draft is the organization's"),
    ],
    "grants:small_grant_publish": [
        row(municipality_staff(405), small_grant()),
        row(municipality_staff(ADMIN), small_grant(), method="post", case="POST: publish"),
    ],
    "grants:small_grant_publication": [
        row(municipality_staff(405), small_grant(published_days_ago=2)),
        row(municipality_staff(ADMIN), small_grant(published_days_ago=2), method="post",
            data={"bip_on": "", "board_on": ""}, case="POST: record the dates"),
    ],
    "grants:small_grant_award": row(municipality_staff(ADMIN), small_grant(published_days_ago=9, budget=True),
                                    method="post", data={"amount": "8000.00"}, case="POST: award"),
    "grants:small_grant_decline": row(municipality_staff(ADMIN), small_grant(published_days_ago=9), method="post",
                                      data={"note": "Zadanie nie ma charakteru lokalnego."}, case="POST: decline"),
}
