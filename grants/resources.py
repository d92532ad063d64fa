"""Spreadsheet exports of the evaluation stage (django-import-export resources define the columns): a call's
offers, the committee's scores and the results, to CSV and XLSX for the municipality's officers; the results as
open data (CSV and JSON) for everyone, published results only.

Columns of the officers' files have Polish headers (what officers use in their spreadsheets); the open data
uses English keys, like the portal's other open data. Amounts stay Decimals: "1234.50" in CSV and JSON, numbers
in XLSX. CSV and JSON are streamed row by row from a database iterator, so 10,000 rows never sit in memory at
once; XLSX is written row by row into a temporary file that is then sent in blocks (cooperation.exporting). A
text that a spreadsheet would read as a formula ("=", "+", "-", "@" first) is written with a leading apostrophe
in CSV and as a plain text cell in XLSX.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from django.utils import timezone, translation
from import_export import fields, resources

from cooperation import exporting

from .enums import CommitteeRole, OfferStatus
from .models import Offer, Score

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK = exporting.CHUNK
CSV_CONTENT_TYPE = exporting.CSV_CONTENT_TYPE
XLSX_CONTENT_TYPE = exporting.XLSX_CONTENT_TYPE
YES, NO = "tak", "nie"

# The columns the exports read (QuerySet.only): an offer row also holds its content, which an export of 10,000
# offers would otherwise fetch and keep in memory chunk by chunk. A field missing here costs a query per row,
# which tests/test_exports_streaming.py would see.
OFFER_EXPORT_FIELDS = ("number", "title", "status", "submitted_at", "total_cost", "requested_grant", "own_financial",
                       "own_non_financial", "beneficiary_fees", "proposed_amount", "awarded_amount", "municipality_id",
                       "organization__name", "organization__krs")
RESULT_EXPORT_FIELDS = ("number", "title", "status", "requested_grant", "awarded_amount", "decision_note",
                        "municipality_id", "organization__name", "organization__krs")
SCORE_EXPORT_FIELDS = ("points", "comment", "criterion__name", "criterion__max_points", "sheet__submitted_at",
                       "sheet__offer__number", "sheet__offer__municipality_id", "sheet__offer__organization__name",
                       "sheet__member__role", "sheet__member__user__full_name", "sheet__member__user__email")


class Labels:
    """The translated label of a choice, looked up in a dict built once per language: get_FOO_display() builds
    the choices dict and translates every label again for each row (90,000 gettext calls for 10,000 offers)."""

    def __init__(self, choices):
        self.choices = choices
        self.by_language: dict[str, dict] = {}

    def __call__(self, value) -> str:
        language = translation.get_language()
        labels = self.by_language.get(language)
        if labels is None:
            labels = self.by_language[language] = {choice: str(label) for choice, label in self.choices}
        return labels.get(value, value)


OFFER_STATUS = Labels(OfferStatus.choices)
COMMITTEE_ROLE = Labels(CommitteeRole.choices)


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _day(value) -> str:
    return value.isoformat() if value else ""


class OfferColumns:
    """The columns that name an offer, shared by the offers and results exports."""

    def dehydrate_numer(self, offer):
        return offer.number

    def dehydrate_organizacja(self, offer):
        return offer.organization.name

    def dehydrate_krs(self, offer):
        return offer.organization.krs

    def dehydrate_zadanie(self, offer):
        return offer.title


class OfferResource(OfferColumns, resources.ModelResource):
    """A call's submitted offers with the formal check, the averages and the amounts."""

    numer = fields.Field(column_name="numer_oferty")
    organizacja = fields.Field(column_name="organizacja")
    krs = fields.Field(column_name="krs")
    zadanie = fields.Field(column_name="tytul_zadania")
    status = fields.Field(column_name="status")
    zlozona = fields.Field(column_name="zlozona")
    koszty = fields.Field(column_name="koszty_ogolem")
    dotacja = fields.Field(column_name="wnioskowana_dotacja")
    wklad_finansowy = fields.Field(column_name="wklad_wlasny_finansowy")
    wklad_niefinansowy = fields.Field(column_name="wklad_wlasny_niefinansowy")
    swiadczenia = fields.Field(column_name="swiadczenia_odbiorcow")
    srednia = fields.Field(column_name="srednia_punktow")
    arkusze = fields.Field(column_name="liczba_ocen")
    proponowana = fields.Field(column_name="kwota_proponowana")
    przyznana = fields.Field(column_name="kwota_przyznana")

    class Meta:
        model = Offer
        fields = ("numer", "organizacja", "krs", "zadanie", "status", "zlozona", "koszty", "dotacja",
                  "wklad_finansowy", "wklad_niefinansowy", "swiadczenia", "srednia", "arkusze", "proponowana",
                  "przyznana")
        export_order = fields

    def __init__(self, averages=None, **kwargs):
        super().__init__(**kwargs)
        self.averages = averages or {}

    def dehydrate_status(self, offer):
        return OFFER_STATUS(offer.status)

    def dehydrate_zlozona(self, offer):
        return _local(offer.submitted_at)

    def dehydrate_koszty(self, offer):
        return offer.total_cost

    def dehydrate_dotacja(self, offer):
        return offer.requested_grant

    def dehydrate_wklad_finansowy(self, offer):
        return offer.own_financial

    def dehydrate_wklad_niefinansowy(self, offer):
        return offer.own_non_financial

    def dehydrate_swiadczenia(self, offer):
        return offer.beneficiary_fees

    def dehydrate_srednia(self, offer):
        found = self.averages.get(offer.pk)
        return found.average if found else None

    def dehydrate_arkusze(self, offer):
        found = self.averages.get(offer.pk)
        return found.sheets if found else 0

    def dehydrate_proponowana(self, offer):
        return offer.proposed_amount

    def dehydrate_przyznana(self, offer):
        return offer.awarded_amount


class ScoreResource(resources.ModelResource):
    """One row per criterion of every submitted sheet; `liczona` says whether it enters the averages."""

    numer = fields.Field(column_name="numer_oferty")
    organizacja = fields.Field(column_name="organizacja")
    czlonek = fields.Field(column_name="czlonek_komisji")
    rola = fields.Field(column_name="rola")
    liczona = fields.Field(column_name="liczona_do_sredniej")
    kryterium = fields.Field(column_name="kryterium")
    maksimum = fields.Field(column_name="maks_punktow")
    punkty = fields.Field(column_name="punkty")
    uzasadnienie = fields.Field(column_name="uzasadnienie")
    zlozony = fields.Field(column_name="arkusz_zlozony")

    class Meta:
        model = Score
        fields = ("numer", "organizacja", "czlonek", "rola", "liczona", "kryterium", "maksimum", "punkty",
                  "uzasadnienie", "zlozony")
        export_order = fields

    def __init__(self, counted_ids=frozenset(), **kwargs):
        super().__init__(**kwargs)
        self.counted_ids = counted_ids

    def dehydrate_numer(self, score):
        return score.sheet.offer.number

    def dehydrate_organizacja(self, score):
        return score.sheet.offer.organization.name

    def dehydrate_czlonek(self, score):
        return score.sheet.member.user.get_full_name()

    def dehydrate_rola(self, score):
        return COMMITTEE_ROLE(score.sheet.member.role)

    def dehydrate_liczona(self, score):
        return YES if score.pk in self.counted_ids else NO

    def dehydrate_kryterium(self, score):
        return score.criterion.name

    def dehydrate_maksimum(self, score):
        return score.criterion.max_points

    def dehydrate_punkty(self, score):
        return score.points

    def dehydrate_uzasadnienie(self, score):
        return score.comment

    def dehydrate_zlozony(self, score):
        return _local(score.sheet.submitted_at)


class ResultResource(OfferColumns, resources.ModelResource):
    """The decision on every offer (the officers' file: with the justification)."""

    numer = fields.Field(column_name="numer_oferty")
    organizacja = fields.Field(column_name="organizacja")
    krs = fields.Field(column_name="krs")
    zadanie = fields.Field(column_name="tytul_zadania")
    wynik = fields.Field(column_name="wynik")
    wnioskowana = fields.Field(column_name="wnioskowana_dotacja")
    przyznana = fields.Field(column_name="kwota_przyznana")
    uzasadnienie = fields.Field(column_name="uzasadnienie")

    class Meta:
        model = Offer
        fields = ("numer", "organizacja", "krs", "zadanie", "wynik", "wnioskowana", "przyznana", "uzasadnienie")
        export_order = fields

    def dehydrate_wynik(self, offer):
        return OFFER_STATUS(offer.status)

    def dehydrate_wnioskowana(self, offer):
        return offer.requested_grant

    def dehydrate_przyznana(self, offer):
        return offer.awarded_amount

    def dehydrate_uzasadnienie(self, offer):
        return offer.decision_note


class OpenDataResultResource(resources.ModelResource):
    """Published results as open data: public facts only (no justifications, no scores, no people)."""

    municipality = fields.Field(column_name="municipality")
    teryt = fields.Field(column_name="teryt")
    call_number = fields.Field(column_name="call_number")
    call_title = fields.Field(column_name="call_title")
    organization = fields.Field(column_name="organization")
    krs = fields.Field(column_name="krs")
    task = fields.Field(column_name="task")
    result = fields.Field(column_name="result")
    awarded_amount = fields.Field(column_name="awarded_amount")
    decided_on = fields.Field(column_name="decided_on")
    results_published_on = fields.Field(column_name="results_published_on")
    url = fields.Field(column_name="url")

    class Meta:
        model = Offer
        fields = ("municipality", "teryt", "call_number", "call_title", "organization", "krs", "task", "result",
                  "awarded_amount", "decided_on", "results_published_on", "url")
        export_order = fields

    def __init__(self, url_for=None, **kwargs):
        super().__init__(**kwargs)
        self.url_for = url_for or (lambda offer: "")

    def dehydrate_municipality(self, offer):
        return offer.call.municipality.name

    def dehydrate_teryt(self, offer):
        return offer.call.municipality.teryt

    def dehydrate_call_number(self, offer):
        return offer.call.number

    def dehydrate_call_title(self, offer):
        return offer.call.title

    def dehydrate_organization(self, offer):
        return offer.organization.name

    def dehydrate_krs(self, offer):
        return offer.organization.krs

    def dehydrate_task(self, offer):
        return offer.title

    def dehydrate_result(self, offer):
        return "awarded" if offer.status == OfferStatus.AWARDED else "not_awarded"

    def dehydrate_awarded_amount(self, offer):
        return offer.awarded_amount if offer.status == OfferStatus.AWARDED else Decimal("0.00")

    def dehydrate_decided_on(self, offer):
        return _day(offer.call.decided_on)

    def dehydrate_results_published_on(self, offer):
        return _day(timezone.localtime(offer.call.results_published_at).date()) if offer.call.results_published_at else ""

    def dehydrate_url(self, offer):
        return self.url_for(offer)


# --- Writers (cooperation.exporting streams them) -----------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    text = str(value)
    return f"'{text}" if isinstance(value, str) and text.startswith(FORMULA_START) else text


def row_values(resource: resources.Resource):
    """A function giving an object's row: the resource's export fields and their dehydrate methods looked up
    once (Resource.export_resource looks them up again for every row, which a 10,000-row export feels)."""
    getters = []
    for field in resource.get_export_fields():
        method = getattr(resource, field.get_dehydrate_method(resource.get_field_name(field)), None)
        getters.append(method if method is not None else (lambda obj, field=field: resource.export_field(field, obj)))
    return lambda obj: [getter(obj) for getter in getters]


def _rows(resource: resources.Resource, queryset) -> Iterator[list]:
    values = row_values(resource)
    for obj in exporting.iterate(queryset, CHUNK):
        yield values(obj)


def csv_response(resource: resources.Resource, queryset, *, filename: str, private: bool = True):
    """CSV (UTF-8 with a BOM, so Excel shows Polish letters), streamed line by line from a database iterator."""
    rows = ([_text(value) for value in row] for row in _rows(resource, queryset))
    return exporting.csv_response(resource.get_export_headers(), rows, filename=filename, private=private)


def json_response(resource: resources.Resource, queryset, *, filename: str, **envelope):
    """{"license": …, "records": [{header: value, …}, …]} streamed record by record; amounts as strings."""
    headers = resource.get_export_headers()
    records = (dict(zip(headers, ["" if v is None else (str(v) if isinstance(v, Decimal) else v) for v in row],
                        strict=True))
               for row in _rows(resource, queryset))
    return exporting.json_response(envelope, records, filename=filename)


def xlsx_response(resource: resources.Resource, queryset, *, filename: str, title: str):
    """XLSX from a temporary file: text cells stay text (never formulas), amounts are numbers."""
    return exporting.xlsx_response(resource.get_export_headers(), _rows(resource, queryset), filename=filename,
                                   title=title)
