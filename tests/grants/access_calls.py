"""Access-matrix rows for grants: calls. Announced calls are public; drafts, the officer's panel and the grant
rules belong to the municipality's officers and the platform administrators."""

from django_scopes import scopes_disabled

from grants.enums import CallStatus
from tests.test_access_matrix import PUBLIC, Redirect, everyone, municipality_staff, row

from .factories import make_call

MANAGERS_ONLY = {"anonymous": 404, "resident": 404, "editor": 404, "owner": 404, "officer": 200,
                 "other_officer": 404, "admin": 200}
PANEL = "/jst/koszalin/dotacje/konkursy/panel/"


def slug(w):
    return {"municipality_slug": w.municipality.slug}


def call(status=CallStatus.PUBLISHED, *, other=False):
    """A call of the world's municipality (or of the other one, addressed under this municipality's slug)."""

    def build(w):
        with scopes_disabled():
            item = make_call(w.other_municipality if other else w.municipality, status=status,
                             cancellation_notice="Nie złożono żadnej oferty." if status == CallStatus.CANCELLED else "")
        return {"municipality_slug": w.municipality.slug, "pk": item.pk}

    return build


CANCEL = {"ground": "no_offers", "details": "", "confirm": "on"}

ROWS = {
    # Public pages.
    "grants:call_list": row(PUBLIC, slug),
    "grants:call_detail": [
        row(PUBLIC, call()),
        row(PUBLIC, call(CallStatus.CANCELLED), case="cancelled call"),
        row(MANAGERS_ONLY, call(CallStatus.DRAFT), case="draft"),
        row(everyone(404), call(other=True), case="another municipality's call under this address"),
    ],
    "grants:call_ics": [
        row(PUBLIC, call()),
        row(MANAGERS_ONLY, call(CallStatus.DRAFT), case="draft"),
    ],
    "grants:call_cancellation": [
        row(PUBLIC, call(CallStatus.CANCELLED)),
        row(everyone(404), call(), case="call not cancelled"),
        row(everyone(404), call(CallStatus.DRAFT), case="draft"),
    ],
    "grants_portal:call_search": row(PUBLIC),
    "grants_portal:call_feed": row(PUBLIC),
    "grants_portal:call_open_data": [
        row(PUBLIC, lambda w: {"file_format": "csv"}),
        row(PUBLIC, lambda w: {"file_format": "json"}, case="json"),
        row(everyone(404), lambda w: {"file_format": "xml"}, case="unknown format"),
    ],

    # The officer's panel.
    "grants:call_admin_list": [
        row(municipality_staff(200), slug),
        row(municipality_staff(200, officer=403, other_officer=200),
            lambda w: {"municipality_slug": w.other_municipality.slug}, case="the other municipality's panel"),
    ],
    "grants:call_create": [
        row(municipality_staff(200), slug),
        row(municipality_staff(200), slug, method="post", data={}, case="POST: empty form is refused"),
    ],
    "grants:call_admin": [
        row(municipality_staff(200), call()),
        row(municipality_staff(200), call(CallStatus.DRAFT), case="draft"),
        row(municipality_staff(404), call(other=True), case="another municipality's call under this address"),
    ],
    "grants:call_edit": [
        row(municipality_staff(200), call(CallStatus.DRAFT)),
        row(municipality_staff(Redirect(PANEL)), call(), case="announced: terms locked"),
    ],
    "grants:call_contact": row(municipality_staff(200), call()),
    "grants:call_publish": [
        row(municipality_staff(200), call(CallStatus.DRAFT)),
        row(municipality_staff(200), call(CallStatus.DRAFT), method="post", data={},
            case="POST: no dates is refused"),
        row(municipality_staff(Redirect(PANEL)), call(), case="already announced"),
    ],
    "grants:call_copy": [
        row(municipality_staff(405), call()),
        row(municipality_staff(Redirect(PANEL)), call(), method="post", case="POST: copy"),
        row(municipality_staff(404), call(other=True), method="post",
            case="POST: another municipality's call under this address"),
    ],
    "grants:call_cancel": [
        row(municipality_staff(200), call()),
        row(municipality_staff(Redirect(PANEL)), call(), method="post", data=CANCEL, case="POST: cancel"),
        row(municipality_staff(Redirect(PANEL)), call(CallStatus.DRAFT), case="draft cannot be cancelled"),
    ],
    "grants:grant_rules_edit": row(municipality_staff(200), slug),
}
