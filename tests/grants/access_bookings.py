"""Access-matrix rows for municipal resources (grants/bookings). Published resources and their calendars are
public; a request is its organization's and the municipality's officers'; the catalogue, the inbox and the
decisions are the officers' (the administrator, a Django superuser, passes every permission)."""

from django_scopes import scopes_disabled

from tests.test_access_matrix import LOGIN, Redirect, everyone, municipality_staff, row, signed_in

from .booking_factories import approve, make_request, make_resource

PUBLIC = everyone(200)
PANEL = Redirect("/jst/koszalin/zasoby/panel/")
DECISION = Redirect("/jst/koszalin/zasoby/panel/wnioski/")
REQUEST_PAGE = Redirect("/jst/koszalin/zasoby/wnioski/")
# The members of the world's confirmed NGO ask; everyone else signed in has no confirmed organization.
MEMBERS = {"anonymous": LOGIN, "resident": 403, "editor": 200, "owner": 200, "officer": 403, "other_officer": 403,
           "admin": 403}
# A request: its organization, the municipality's officers and administrators; for anyone else it does not exist.
PARTIES = {"anonymous": LOGIN, "resident": 404, "editor": 200, "owner": 200, "officer": 200, "other_officer": 404,
           "admin": 200}
OFFICERS_ONLY = {"anonymous": 404, "resident": 404, "editor": 404, "owner": 404, "officer": 200, "other_officer": 404,
                 "admin": 200}


def slug(w):
    return {"municipality_slug": w.municipality.slug}


def resource(*, published=True, other=False):
    def build(w):
        municipality, officer = (w.other_municipality, w.other_officer) if other else (w.municipality, w.officer)
        item = make_resource(municipality, officer, name="Sala widowiskowa", is_published=published)
        return {**slug(w), "pk": item.pk}

    return build


def booking(*, approved=False, other=False):
    def build(w):
        if other:
            from cooperation.models import OrganizationMunicipality

            with scopes_disabled():
                OrganizationMunicipality.objects.get_or_create(
                    organization=w.organization, municipality=w.other_municipality, defaults={"status": "confirmed"})
            item = make_resource(w.other_municipality, w.other_officer, name="Świetlica")
        else:
            item = make_resource(w.municipality, w.officer, name="Sala widowiskowa")
        request = make_request(item, w.organization, w.owner)
        if approved:
            approve(request, w.other_officer if other else w.officer)
        return {**slug(w), "pk": request.pk}

    return build


RESOURCE_POST = {"kind": "equipment", "name": "Nagłośnienie", "rules": "Zwrot w dniu wypożyczenia.",
                 "open_weekdays": ["0", "1", "2", "3", "4"], "opens_at": "08:00", "closes_at": "15:00",
                 "min_notice_days": "2", "max_booking_hours": "6", "is_published": "on", "blackouts": ""}

ROWS = {
    "bookings:resource_list": row(PUBLIC, slug),
    "bookings:resource_detail": [
        row(PUBLIC, resource()),
        row(OFFICERS_ONLY, resource(published=False), case="not published"),
        row(everyone(404), resource(other=True), case="another municipality's resource under this address"),
    ],
    "bookings:resource_ics": [
        row(PUBLIC, resource()),
        row(OFFICERS_ONLY, resource(published=False), case="not published"),
    ],
    "bookings:booking_create": [
        row(MEMBERS, resource()),
        row(everyone(404), resource(published=False), case="not published: nothing to ask for"),
    ],
    "bookings:my_bookings": row(signed_in(200), slug),
    "bookings:booking_detail": [
        row(PARTIES, booking()),
        row({**PARTIES, "editor": 404, "owner": 404, "officer": 404, "admin": 404}, booking(other=True),
            case="another municipality's request under this address"),
    ],
    "bookings:booking_cancel": [
        row(signed_in(405), booking()),
        row({**PARTIES, "editor": REQUEST_PAGE, "owner": REQUEST_PAGE, "officer": 403, "admin": REQUEST_PAGE},
            booking(), method="post", case="POST: cancel"),
    ],
    "bookings:resource_admin_list": row(municipality_staff(200), slug),
    "bookings:resource_create": [
        row(municipality_staff(200), slug),
        row(municipality_staff(PANEL), slug, method="post", data=RESOURCE_POST, case="POST: add a resource"),
    ],
    "bookings:resource_edit": [
        row(municipality_staff(200), resource(published=False)),
        row(municipality_staff(404), resource(other=True), case="another municipality's resource under this address"),
    ],
    "bookings:booking_inbox": row(municipality_staff(200), slug),
    "bookings:booking_calendar": row(municipality_staff(200), slug),
    "bookings:booking_decide": [
        row(municipality_staff(200), booking()),
        row(municipality_staff(404), booking(other=True), case="another municipality's request under this address"),
    ],
    "bookings:booking_approve": [
        row(municipality_staff(405), booking()),
        row(municipality_staff(DECISION), booking(), method="post", data={"note": ""}, case="POST: approve"),
    ],
    "bookings:booking_decline": row(municipality_staff(DECISION), booking(), method="post",
                                    data={"decline-reason": "Sala zajęta."}, case="POST: decline"),
    "bookings:booking_withdraw": row(municipality_staff(DECISION), booking(approved=True), method="post",
                                     data={"withdraw-reason": "Awaria."}, case="POST: withdraw"),
}
