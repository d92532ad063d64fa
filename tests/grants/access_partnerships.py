"""Access-matrix rows for partnerships (merged by tests/grants/access_matrix.py). A published (active or
ended) partnership and its agreement are public; a draft is the municipality's officers' (and the
administrators', who pass every permission); members of a partner NGO (the world's owner and editor) record
their own actions and the results; the coordinator (the leading NGO's members) assesses engagement."""

from datetime import date

from django_scopes import scopes_disabled

from grants.partnerships import services
from tests.test_access_matrix import LOGIN, Redirect, everyone, municipality_staff, row

from .partnership_factories import make_partnership

PUBLIC = everyone(200)
DETAIL = Redirect("/jst/koszalin/partnerstwa/")
ADMIN = Redirect("/jst/koszalin/partnerstwa/panel/")
# A draft: for everyone but the municipality's officers and the administrators it does not exist.
MANAGERS_ONLY = {"anonymous": 404, "resident": 404, "editor": 404, "owner": 404, "officer": 200,
                 "other_officer": 404, "admin": 200}
# Members of the partner NGO, the officers and the administrators; the others are refused.
PARTNERS = {"anonymous": LOGIN, "resident": 403, "editor": 200, "owner": 200, "officer": 200, "other_officer": 403,
            "admin": 200}


def slug(w):
    return {"municipality_slug": w.municipality.slug}


def _make(w, *, active=True, agreement=False, leader_ngo=False, other=False, ended=False):
    municipality, officer = (w.other_municipality, w.other_officer) if other else (w.municipality, w.officer)
    partnership = make_partnership(municipality, officer, organization=None if other else w.organization,
                                   active=active, agreement=agreement, leader_ngo=leader_ngo)
    if ended:
        with scopes_disabled():
            services.end_partnership(partnership=partnership, actor=officer, ended_on=date(2026, 6, 30))
    return partnership


def partnership(**options):
    def build(w):
        return {**slug(w), "pk": _make(w, **options).pk}

    return build


def partner_of(**options):
    def build(w):
        made = _make(w, **options)
        return {**slug(w), "pk": made.pk, "partner_id": made.ngo_partner.pk}

    return build


def representative_of(w):
    made = _make(w)
    with scopes_disabled():
        person = services.add_representative(partner=made.ngo_partner, actor=w.officer, full_name="Anna Nowak",
                                             appointed_on=date(2026, 1, 15), selection_method="głosowanie NGO")
    return {**slug(w), "pk": made.pk, "partner_id": made.ngo_partner.pk, "representative_id": person.pk}


def own_action(w):
    made = _make(w)
    with scopes_disabled():
        action = services.add_action(partnership=made, actor=w.officer, title="Piknik rodzinny",
                                     date=date(2026, 6, 1), responsible=made.ngo_partner)
    return {**slug(w), "pk": made.pk, "action_id": action.pk}


ROWS = {
    "partnerships:partnership_list": row(PUBLIC, slug),
    "partnerships:partnership_detail": [
        row(PUBLIC, partnership(), case="active"),
        row(PUBLIC, partnership(ended=True), case="ended"),
        row(MANAGERS_ONLY, partnership(active=False), case="a draft"),
        row(everyone(404), partnership(active=False, other=True),
            case="another municipality's draft under this municipality's address"),
        row(everyone(404), partnership(other=True),
            case="another municipality's partnership under this municipality's address"),
    ],
    "partnerships:partnership_agreement": [
        row(PUBLIC, partnership(agreement=True), case="published with the agreement"),
        row(MANAGERS_ONLY, partnership(active=False, agreement=True), case="the agreement of a draft"),
        row(everyone(404), partnership(), case="no agreement uploaded"),
    ],
    "partnerships:action_create": [
        row(PARTNERS, partnership()),
        row(MANAGERS_ONLY, partnership(active=False), case="a draft"),
        row({**PARTNERS, "editor": 403, "owner": 403, "officer": 403, "admin": DETAIL}, partnership(ended=True),
            case="ended: no more actions"),
    ],
    "partnerships:action_status": [
        row(everyone(405), own_action),
        row({**PARTNERS, "editor": DETAIL, "owner": DETAIL, "officer": DETAIL, "admin": DETAIL}, own_action,
            method="post", data={"status": "done"}, case="POST: the partner NGO's own action done"),
    ],
    "partnerships:results_edit": [
        row(PARTNERS, partnership()),
        row(MANAGERS_ONLY, partnership(active=False), case="a draft"),
    ],
    "partnerships:assessment_create": [
        row(PARTNERS, partnership(leader_ngo=True), case="the NGO leads: its members coordinate"),
        row({**PARTNERS, "editor": 403, "owner": 403}, partnership(), case="the municipality leads"),
        row({**MANAGERS_ONLY, "officer": 403}, partnership(active=False), case="a draft is not assessed"),
    ],
    "partnerships:partnership_admin_list": row(municipality_staff(200), slug),
    "partnerships:partnership_create": [
        row(municipality_staff(200), slug),
        row(municipality_staff(200, officer=403, other_officer=200),
            lambda w: {"municipality_slug": w.other_municipality.slug}, case="the other municipality's panel"),
    ],
    "partnerships:partnership_admin": [
        row(municipality_staff(200), partnership(active=False)),
        row(municipality_staff(404), partnership(other=True),
            case="another municipality's partnership under this municipality's address"),
    ],
    "partnerships:partnership_edit": [
        row(municipality_staff(200), partnership()),
        row(municipality_staff(ADMIN), partnership(ended=True), case="ended: back to the panel"),
    ],
    "partnerships:partner_add": row(municipality_staff(200), partnership(active=False)),
    "partnerships:partner_leave": [
        row(municipality_staff(405), partner_of()),
        row(municipality_staff(ADMIN), partner_of(), method="post", case="POST: the NGO leaves"),
    ],
    "partnerships:representative_add": row(municipality_staff(200), partner_of()),
    "partnerships:partner_edit": [
        row(municipality_staff(200), partner_of()),
        row(municipality_staff(404), lambda w: {**slug(w), "pk": (made := _make(w, other=True)).pk,
                                                "partner_id": made.municipal_partner.pk},
            case="another municipality's partner under this municipality's address"),
    ],
    "partnerships:representative_edit": row(municipality_staff(200), representative_of),
    "partnerships:partnership_activate": [
        row(municipality_staff(405), partnership(active=False)),
        row(municipality_staff(ADMIN), partnership(active=False), method="post", case="POST: activate"),
    ],
    "partnerships:partnership_end": [
        row(municipality_staff(405), partnership()),
        row(municipality_staff(ADMIN), partnership(), method="post", data={"ended_on": "2026-06-30"},
            case="POST: end"),
    ],
}
