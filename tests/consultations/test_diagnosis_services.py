"""Local diagnosis (issue #7, P1.A1.T1.S1): indicators, yearly values with sources (validation, corrections,
the grid all-or-nothing), the starter set, the CSV import (all-or-nothing), the feature's providers, the demo."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from consultations.diagnosis import demo, hooks, selectors, services
from consultations.diagnosis.enums import IndicatorGroup
from consultations.diagnosis.models import Indicator, IndicatorValue
from consultations.diagnosis.starter import STARTER_SET
from cooperation import features
from cooperation.exceptions import DomainError
from cooperation.models import AuditEntry
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year
LAST_YEAR = THIS_YEAR - 1


def make_indicator(officer, *, name="Stopa bezrobocia rejestrowanego", group="economy", unit="procent",
                   direction="lower", publish=True, values=None, source="GUS BDL, tablica P2392") -> Indicator:
    """An indicator of the officer's municipality with {year: "value"} recorded, published unless told."""
    with scopes_disabled():
        indicator = services.create_indicator(municipality=officer.municipality, actor=officer.user, group=group,
                                              name=name, unit=unit, direction=direction)
        for year, value in (values or {}).items():
            services.record_value(indicator=indicator, actor=officer.user, year=year, value=Decimal(value),
                                  source=source)
        if publish:
            services.set_indicator_published(indicator=indicator, actor=officer.user, published=True)
    return indicator


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def actions(municipality) -> list[str]:
    with scopes_disabled():
        return list(AuditEntry.objects.filter(municipality=municipality).order_by("id").values_list("action", flat=True))


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English (the portal's default language is Polish)."""
    with translation.override("en"):
        yield


@pytest.fixture
def officer():
    return OfficerFactory()


# --- Indicators -----------------------------------------------------------------------------------------------


def test_create_indicator_starts_unpublished_and_is_audited(officer):
    indicator = make_indicator(officer, publish=False)
    assert (indicator.group, indicator.name, indicator.unit, indicator.direction, indicator.is_published) == (
        "economy", "Stopa bezrobocia rejestrowanego", "procent", "lower", False)
    assert actions(officer.municipality) == ["consultations.indicator.created"]


def test_create_indicator_with_a_name_the_municipality_has_is_rejected(officer):
    make_indicator(officer)
    with pytest.raises(ValidationError) as error, scopes_disabled():
        services.create_indicator(municipality=officer.municipality, actor=officer.user, group="civic",
                                  name="STOPA bezrobocia rejestrowanego", unit="procent")
    assert error.value.message_dict == {"name": ["The municipality already has an indicator with this name."]}


def test_another_municipality_may_use_the_same_name(officer):
    make_indicator(officer)
    other = make_indicator(OfficerFactory())
    assert other.name == "Stopa bezrobocia rejestrowanego"


def test_update_indicator_records_the_changed_fields(officer):
    indicator = make_indicator(officer, publish=False)
    with scopes_disabled():
        services.update_indicator(indicator=indicator, actor=officer.user, unit="procent ludności aktywnej",
                                  name="Stopa bezrobocia rejestrowanego", order=5)
        entry = AuditEntry.objects.filter(action="consultations.indicator.updated").get()
        indicator.refresh_from_db()
    assert entry.data == {"fields": ["order", "unit"]}
    assert (indicator.unit, indicator.order) == ("procent ludności aktywnej", 5)


def test_publishing_twice_says_already_published(officer):
    indicator = make_indicator(officer)
    with pytest.raises(DomainError) as error, scopes_disabled():
        services.set_indicator_published(indicator=indicator, actor=officer.user, published=True)
    assert str(error.value.message) == "The indicator is already published."


def test_unpublish_hides_the_indicator_and_is_audited(officer):
    indicator = make_indicator(officer)
    with scopes_disabled():
        services.set_indicator_published(indicator=indicator, actor=officer.user, published=False)
        indicator.refresh_from_db()
    assert indicator.is_published is False
    assert actions(officer.municipality)[-1] == "consultations.indicator.unpublished"


# --- Values -------------------------------------------------------------------------------------------------------


def test_record_value_stores_who_when_and_the_source(officer):
    indicator = make_indicator(officer)
    with scopes_disabled():
        item, outcome = services.record_value(indicator=indicator, actor=officer.user, year=LAST_YEAR,
                                              value=Decimal("4.2"), source=" GUS BDL ",
                                              source_url="https://bdl.stat.gov.pl/", note="Stan na 31 grudnia.")
    assert outcome == "recorded"
    assert (item.year, item.value, item.source, item.source_url, item.note, item.recorded_by) == (
        LAST_YEAR, Decimal("4.2"), "GUS BDL", "https://bdl.stat.gov.pl/", "Stan na 31 grudnia.", officer.user)
    assert actions(officer.municipality)[-1] == "consultations.indicator_value.recorded"


@pytest.mark.parametrize(("year", "value", "source", "errors"), [
    (THIS_YEAR + 1, "1", "GUS", {"year": [f"Enter a year from 1990 to {THIS_YEAR}."]}),
    (1989, "1", "GUS", {"year": [f"Enter a year from 1990 to {THIS_YEAR}."]}),
    (LAST_YEAR, "1", "  ", {"source": ["Name the source of the value."]}),
    (LAST_YEAR, None, "GUS", {"value": ["Enter the value."]}),
    (LAST_YEAR, "1.2345", "GUS", {"value": ["Ensure that there are no more than 3 decimal places."]}),
])
def test_record_value_validation(officer, year, value, source, errors):
    indicator = make_indicator(officer)
    with pytest.raises(ValidationError) as error, scopes_disabled():
        services.record_value(indicator=indicator, actor=officer.user, year=year,
                              value=None if value is None else Decimal(value), source=source)
    assert error.value.message_dict == errors
    with scopes_disabled():
        assert IndicatorValue.objects.count() == 0


def test_this_year_is_accepted(officer):
    indicator = make_indicator(officer, values={THIS_YEAR: "1"})
    with scopes_disabled():
        assert list(indicator.values.values_list("year", flat=True)) == [THIS_YEAR]


def test_correcting_a_value_updates_the_row_and_keeps_the_old_value_in_the_audit(officer):
    indicator = make_indicator(officer, values={LAST_YEAR: "4.5"})
    with scopes_disabled():
        item, outcome = services.record_value(indicator=indicator, actor=officer.user, year=LAST_YEAR,
                                              value=Decimal("4.2"), source="GUS BDL, tablica P2392")
        entry = AuditEntry.objects.filter(action="consultations.indicator_value.corrected").get()
        assert IndicatorValue.objects.filter(indicator=indicator).count() == 1
    assert outcome == "corrected"
    assert item.value == Decimal("4.2")
    assert entry.data == {"year": LAST_YEAR, "fields": ["value"], "before": {"value": "4.500"},
                          "after": {"value": "4.2"}}


def test_recording_the_same_value_again_changes_nothing(officer):
    indicator = make_indicator(officer, values={LAST_YEAR: "4.5"})
    before = actions(officer.municipality)
    with scopes_disabled():
        _item, outcome = services.record_value(indicator=indicator, actor=officer.user, year=LAST_YEAR,
                                               value=Decimal("4.500"), source="GUS BDL, tablica P2392")
    assert outcome == "unchanged"
    assert actions(officer.municipality) == before


def test_record_values_saves_nothing_when_one_cell_is_wrong(officer):
    indicator = make_indicator(officer, values={2020: "5.0"})
    rows = [
        {"year": 2020, "value": Decimal("5.5"), "source": "GUS", "source_url": "", "note": ""},
        {"year": 2021, "value": Decimal("4.9"), "source": "", "source_url": "", "note": ""},
        {"year": 2022, "value": None, "source": "GUS", "source_url": "", "note": ""},
        {"year": 2023, "value": Decimal("4.1"), "source": "GUS", "source_url": "", "note": ""},
    ]
    with pytest.raises(ValidationError) as error, scopes_disabled():
        services.record_values(indicator=indicator, actor=officer.user, rows=rows)
    assert error.value.message_dict == {"source_2021": ["Name the source of the value."],
                                        "value_2022": ["Enter the value."]}
    with scopes_disabled():
        assert list(indicator.values.values_list("year", "value")) == [(2020, Decimal("5.000"))]


def test_record_values_counts_new_corrected_and_unchanged(officer):
    indicator = make_indicator(officer, values={2020: "5.0", 2021: "4.0"}, source="GUS")
    rows = [
        {"year": 2020, "value": Decimal("5"), "source": "GUS", "source_url": "", "note": ""},
        {"year": 2021, "value": Decimal("4.4"), "source": "GUS", "source_url": "", "note": ""},
        {"year": 2022, "value": Decimal("3.9"), "source": "GUS", "source_url": "", "note": ""},
    ]
    with scopes_disabled():
        counts = services.record_values(indicator=indicator, actor=officer.user, rows=rows)
    assert counts == {"recorded": 1, "corrected": 1, "unchanged": 1, "removed": 0}


# --- The starter set ------------------------------------------------------------------------------------------


def test_starter_set_covers_every_group_with_two_or_three_indicators():
    per_group = {group: sum(1 for item in STARTER_SET if item[1] == group) for group in IndicatorGroup.values}
    assert all(2 <= count <= 3 for count in per_group.values()), per_group


def test_adding_the_starter_set_twice_adds_each_indicator_once(officer):
    with scopes_disabled():
        added = services.add_starter_indicators(municipality=officer.municipality, actor=officer.user)
        again = services.add_starter_indicators(municipality=officer.municipality, actor=officer.user)
        stored = list(Indicator.objects.filter(municipality=officer.municipality))
    assert len(added) == len(STARTER_SET) == len(stored)
    assert again == []
    assert {i.group for i in stored} == set(IndicatorGroup.values)
    assert not any(i.is_published for i in stored)
    assert actions(officer.municipality) == ["consultations.indicator_starter_set.added"]


def test_starter_set_of_one_group_skips_a_name_the_municipality_already_uses(officer):
    make_indicator(officer, name="Stopa bezrobocia rejestrowanego")
    with scopes_disabled():
        added = services.add_starter_indicators(municipality=officer.municipality, actor=officer.user,
                                                group="economy")
    assert [i.starter_key for i in added] == ["businesses"]


# --- Import ---------------------------------------------------------------------------------------------------


def test_check_import_reads_every_row_without_writing(officer):
    indicator = make_indicator(officer, values={2023: "4.0"}, source="GUS")
    content = csv_bytes(
        "wskaźnik;rok;wartość;źródło;uwagi",
        "Stopa bezrobocia rejestrowanego;2023;4,0;GUS;",
        "stopa bezrobocia rejestrowanego;2024;3,9;GUS;",
        "Stopa bezrobocia rejestrowanego;2022;1 004,25;GUS;",
    )
    with scopes_disabled():
        report = services.check_value_import(municipality=officer.municipality, content=content)
        assert indicator.values.count() == 1
    assert [(r.number, r.indicator, r.year, r.value, r.action, r.errors) for r in report.rows] == [
        (2, indicator, 2023, Decimal("4.0"), "unchanged", []),
        (3, indicator, 2024, Decimal("3.9"), "recorded", []),
        (4, indicator, 2022, Decimal("1004.25"), "recorded", []),
    ]


def test_check_import_explains_every_wrong_row(officer):
    make_indicator(officer)
    content = csv_bytes(
        "indicator,year,value,source",
        "Nieznany wskaźnik,2023,4,GUS",
        f"Stopa bezrobocia rejestrowanego,{THIS_YEAR + 1},4,GUS",
        "Stopa bezrobocia rejestrowanego,2023,cztery,GUS",
        "Stopa bezrobocia rejestrowanego,2022,4,",
        "Stopa bezrobocia rejestrowanego,2022,5,GUS",
        ",,,",
        "Stopa bezrobocia rejestrowanego,2021,,GUS",
    )
    with scopes_disabled():
        report = services.check_value_import(municipality=officer.municipality, content=content)
    assert [(r.number, r.errors) for r in report.rows] == [
        (2, ["The municipality has no indicator “Nieznany wskaźnik”."]),
        (3, [f"Year: Enter a year from 1990 to {THIS_YEAR}."]),
        (4, ["“cztery” is not a number."]),
        (5, ["Source: Name the source of the value."]),
        (6, ["The same indicator and year are already in row 5."]),
        (7, ["Name the indicator.", "Enter the year.", "Enter the value.", "Source: Name the source of the value."]),
        (8, ["Enter the value."]),
    ]
    assert report.counts() == {"recorded": 0, "corrected": 0, "unchanged": 0, "errors": 7}


def test_import_with_one_wrong_row_saves_nothing(officer):
    indicator = make_indicator(officer, values={2023: "4.0"}, source="GUS")
    content = csv_bytes(
        "wskaznik;rok;wartosc;zrodlo",
        "Stopa bezrobocia rejestrowanego;2023;4,4;GUS",
        "Stopa bezrobocia rejestrowanego;2024;3,9;GUS",
        "Stopa bezrobocia rejestrowanego;2025;;GUS",
    )
    with pytest.raises(services.ImportHasErrors), scopes_disabled():
        services.import_values(municipality=officer.municipality, actor=officer.user, content=content)
    with scopes_disabled():
        assert list(indicator.values.values_list("year", "value")) == [(2023, Decimal("4.000"))]
    assert "consultations.indicator_values.imported" not in actions(officer.municipality)


def test_import_writes_new_values_and_corrections_and_is_audited(officer):
    indicator = make_indicator(officer, values={2023: "4.0"}, source="GUS")
    content = csv_bytes(
        "wskaznik;rok;wartosc;zrodlo;zrodlo_adres",
        "Stopa bezrobocia rejestrowanego;2023;4,4;GUS;https://bdl.stat.gov.pl/",
        "Stopa bezrobocia rejestrowanego;2024;3,9;GUS;",
    )
    with scopes_disabled():
        counts = services.import_values(municipality=officer.municipality, actor=officer.user, content=content)
        values = list(indicator.values.values_list("year", "value", "source_url"))
        entry = AuditEntry.objects.get(action="consultations.indicator_values.imported")
    assert counts == {"recorded": 1, "corrected": 1, "unchanged": 0}
    assert values == [(2023, Decimal("4.400"), "https://bdl.stat.gov.pl/"), (2024, Decimal("3.900"), "")]
    assert entry.data == {"recorded": 1, "corrected": 1, "unchanged": 0, "rows": 2}


def test_import_never_touches_another_municipalitys_indicator(officer):
    other_officer = OfficerFactory()
    make_indicator(other_officer, name="Frekwencja wyborcza", group="civic")
    content = csv_bytes("wskaznik;rok;wartosc;zrodlo", "Frekwencja wyborcza;2024;46,2;PKW")
    with scopes_disabled():
        report = services.check_value_import(municipality=officer.municipality, content=content)
    assert report.rows[0].errors == ["The municipality has no indicator “Frekwencja wyborcza”."]


@pytest.mark.parametrize(("content", "message"), [
    (b"", "The first row must hold the column names: wskaznik, rok, wartosc, zrodlo."),
    (b"wskaznik;rok;wartosc\nA;2020;1\n", "The file has no column: zrodlo."),
    (b"wskaznik;rok;wartosc;zrodlo\n\n", "The file has column names but no rows of values."),
])
def test_unreadable_files_are_explained(officer, content, message):
    with pytest.raises(services.ImportFileError) as error, scopes_disabled():
        services.check_value_import(municipality=officer.municipality, content=content)
    assert str(error.value.message) == message


def test_windows_1250_file_is_read(officer):
    indicator = make_indicator(officer, name="Odpady zmieszane zebrane na 1 mieszkańca", group="environment")
    content = "wskaźnik;rok;wartość;źródło\nOdpady zmieszane zebrane na 1 mieszkańca;2024;212,6;GUS\n"
    with scopes_disabled():
        report = services.check_value_import(municipality=officer.municipality, content=content.encode("cp1250"))
    assert [(r.indicator, r.value, r.errors) for r in report.rows] == [(indicator, Decimal("212.6"), [])]


# --- Selectors and the feature's providers ---------------------------------------------------------------------


def test_trend_in_words_follows_which_way_is_better(officer):
    falling_unemployment = make_indicator(officer, values={2023: "4.5", 2024: "4.1"})
    rising_neutral = make_indicator(officer, name="Ludność", group="living_conditions", direction="neutral",
                                    values={2023: "100", 2024: "101"})
    flat = make_indicator(officer, name="Przychodnie", group="health", direction="higher",
                          values={2023: "6", 2024: "6.0"})
    single = make_indicator(officer, name="Frekwencja", group="civic", direction="higher", values={2024: "46"})
    with scopes_disabled():
        words = [selectors.trend(i, list(i.values.order_by("year"))) for i in
                 (falling_unemployment, rising_neutral, flat, single)]
    assert [(t.symbol, t.words) for t in words] == [
        ("↓", "falling (better)"), ("↑", "rising"), ("→", "no change"), ("", "not enough data")]


def test_open_tasks_count_published_indicators_without_last_years_value(officer):
    make_indicator(officer, values={LAST_YEAR: "4"})
    make_indicator(officer, name="A", values={LAST_YEAR - 1: "4"})
    make_indicator(officer, name="B")
    make_indicator(officer, name="C unpublished", publish=False)
    with scopes_disabled():
        tasks = hooks.open_tasks(officer.municipality)
    assert [(str(t.title), t.count, t.url) for t in tasks] == [
        (f"2 published indicators have no value for {LAST_YEAR}", 2,
         f"/jst/{officer.municipality.slug}/diagnoza/panel/")]


def test_evidence_needs_all_eight_groups_with_last_years_values(officer):
    for index, group in enumerate(IndicatorGroup.values[:-1]):
        make_indicator(officer, name=f"W{index}", group=group, values={LAST_YEAR: "1"})
    with scopes_disabled():
        assert hooks.evidence(officer.municipality) == {}
        make_indicator(officer, name="Nierówności", group="inequalities", values={LAST_YEAR - 1: "1"})
        assert hooks.evidence(officer.municipality) == {}
        make_indicator(officer, name="Nierówności 2", group="inequalities", values={LAST_YEAR: "1"})
        found = features.evidence(officer.municipality)["P1.A1.T1.S1"]
    assert [(str(e.title), e.url, e.day) for e in found] == [(
        f"Local diagnosis: 8 published indicators in all eight groups with values for {LAST_YEAR}",
        f"/jst/{officer.municipality.slug}/diagnoza/", timezone.localdate())]


def test_feature_is_registered_for_the_standard():
    assert [f.key for f in features.features_for_standard("P1.A1.T1.S1")] == ["diagnosis"]


def test_year_figures_count_indicators_updated_in_the_year(officer):
    make_indicator(officer, values={2020: "1", 2021: "2"})
    make_indicator(officer, name="B", values={2020: "1"})
    with scopes_disabled():
        figures = hooks.year_figures(officer.municipality, THIS_YEAR)
        none = hooks.year_figures(officer.municipality, THIS_YEAR - 3)
    assert [(f.feature, str(f.label), f.value) for f in figures] == [
        ("diagnosis", "Indicators of the local diagnosis updated", 2)]
    assert none == []


# --- Demo -------------------------------------------------------------------------------------------------------


def test_demo_fills_all_eight_groups_in_koszalin_and_a_few_in_bedzino_and_runs_twice():
    koszalin, bedzino = OfficerFactory(), OfficerFactory()
    municipalities, officers = [koszalin.municipality, bedzino.municipality], [koszalin.user, bedzino.user]
    with scopes_disabled():
        demo.seed(municipalities, officers)
        counts = IndicatorValue.objects.count()
        demo.seed(municipalities, officers)
        assert IndicatorValue.objects.count() == counts
        published = Indicator.objects.filter(municipality=koszalin.municipality, is_published=True)
        assert {i.group for i in published} == set(IndicatorGroup.values)
        if LAST_YEAR == 2025:  # the demo's values end in 2025
            assert list(hooks.evidence(koszalin.municipality)) == ["P1.A1.T1.S1"]
        assert Indicator.objects.filter(municipality=bedzino.municipality, is_published=True).count() == 3
        assert set(IndicatorValue.objects.filter(indicator__municipality=koszalin.municipality)
                   .values_list("year", flat=True)) == set(range(2020, 2026))
