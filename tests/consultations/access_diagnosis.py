"""Access-matrix rows for diagnosis (merged by tests/consultations/access_matrix.py). The dashboard, a published
indicator and the open data are public; an unpublished indicator exists only for the municipality's officers
(and administrators); every officer page belongs to the municipality's officers and administrators."""

from decimal import Decimal

from django_scopes import scopes_disabled

from consultations.diagnosis import services
from tests.test_access_matrix import PUBLIC, Redirect, everyone, municipality_staff, row

PANEL = Redirect("/jst/koszalin/diagnoza/panel/")
IMPORT = Redirect("/jst/koszalin/diagnoza/panel/import/")
MANAGERS_ONLY = {"anonymous": 404, "resident": 404, "editor": 404, "owner": 404, "officer": 200,
                 "other_officer": 404, "admin": 200}


def slug(w):
    return {"municipality_slug": w.municipality.slug}


def indicator(*, publish=True, other_municipality=False):
    def build(w):
        municipality = w.other_municipality if other_municipality else w.municipality
        officer = w.other_officer if other_municipality else w.officer
        with scopes_disabled():
            item = services.create_indicator(municipality=municipality, actor=officer, group="economy",
                                             name="Stopa bezrobocia rejestrowanego", unit="procent",
                                             direction="lower")
            services.record_value(indicator=item, actor=officer, year=2024, value=Decimal("4.2"), source="GUS BDL")
            if publish:
                services.set_indicator_published(indicator=item, actor=officer, published=True)
        return {**slug(w), "pk": item.pk}

    return build


ROWS = {
    "diagnosis:dashboard": row(PUBLIC, slug),
    "diagnosis:indicator_detail": [
        row(PUBLIC, indicator(), case="published"),
        row(MANAGERS_ONLY, indicator(publish=False), case="unpublished"),
        row(everyone(404), indicator(other_municipality=True),
            case="another municipality's indicator under this municipality's address"),
    ],
    "diagnosis:open_data": row(PUBLIC, slug),
    "diagnosis:admin": [
        row(municipality_staff(200), slug),
        row(municipality_staff(200, officer=403, other_officer=200),
            lambda w: {"municipality_slug": w.other_municipality.slug}, case="the other municipality's panel"),
    ],
    "diagnosis:starter_add": [
        row(municipality_staff(405), slug),
        row(municipality_staff(PANEL), slug, method="post", case="POST: add the suggested set"),
    ],
    "diagnosis:indicator_create": row(municipality_staff(200), slug),
    "diagnosis:indicator_edit": [
        row(municipality_staff(200), indicator(publish=False)),
        row(municipality_staff(404), indicator(other_municipality=True),
            case="another municipality's indicator under this municipality's address"),
    ],
    "diagnosis:indicator_publish": [
        row(municipality_staff(405), indicator(publish=False)),
        row(municipality_staff(PANEL), indicator(publish=False), method="post", data={"published": "1"},
            case="POST: publish"),
        row(municipality_staff(404), indicator(other_municipality=True), method="post", data={"published": "0"},
            case="POST: another municipality's indicator under this municipality's address"),
    ],
    "diagnosis:values_edit": [
        row(municipality_staff(200), indicator()),
        row(municipality_staff(404), indicator(other_municipality=True),
            case="another municipality's indicator under this municipality's address"),
    ],
    "diagnosis:import_upload": row(municipality_staff(200), slug),
    "diagnosis:import_confirm": [
        row(municipality_staff(405), slug),
        row(municipality_staff(IMPORT), slug, method="post", data={"payload": "nieprawidlowy"},
            case="POST: an invalid payload"),
    ],
}
