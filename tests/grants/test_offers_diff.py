"""The comparison of two versions of an offer, and the editor's forms: check() paths to form fields."""

from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from grants import forms_offers as f
from grants.selectors.offers import diff_versions

from .factories import offer_content as valid_content

YEAR = 2027


def test_unchanged_versions_have_an_empty_diff():
    assert diff_versions(valid_content(year=YEAR), valid_content(year=YEAR)).empty


def test_text_fields_are_compared_word_by_word_with_readable_labels():
    before = valid_content(year=YEAR)
    after = valid_content(year=YEAR, synopsis=before["synopsis"].replace("40 seniorów", "45 seniorów"))
    diff = diff_versions(before, after)
    assert [change.label for change in diff.fields] == [_("III.3 Synopsis of the task")]
    assert str(diff.fields[0].html) == ("Cotygodniowe zajęcia ruchowe i warsztaty dla <del>40</del><ins>45</ins> "
                                        "seniorów z osiedla Przylesie.")


def test_changed_added_and_removed_cost_lines_with_their_amounts():
    before = valid_content(year=YEAR)
    after = valid_content(year=YEAR)
    after["costs"][0] = {**after["costs"][0], "unit_cost": "90.00", "years": {str(YEAR): "10800.00"}}
    del after["costs"][1]
    after["costs"].append({"id": "c9", "category": "activity", "activity_id": "a2", "name": "Wynajem sali",
                           "unit": "godzina", "unit_cost": "50.00", "quantity": "10", "years": {}, "offeror": 0})
    after["funding"]["grant"] = "11300.00"
    diff = diff_versions(before, after)
    assert [(c.kind, c.name, c.old_value, c.new_value) for c in diff.costs] == [
        ("changed", "Wynagrodzenie instruktora", Decimal("12000.00"), Decimal("10800.00")),
        ("removed", "Produkty na warsztaty", Decimal("1500.00"), None),
        ("added", "Wynajem sali", None, Decimal("500.00")),
    ]
    assert [(change.label, change.old, change.new) for change in diff.costs[0].fields] == [
        (_("unit cost"), "100.00", "90.00"), (_("value in %(year)s") % {"year": YEAR}, "12000.00", "10800.00")]
    assert [(change.label, change.old, change.new) for change in diff.amounts] == [
        ("V.A Costs of the activities", "13,500.00", "11,300.00"),
        ("V.A All costs", "14,850.00", "12,650.00"),
        ("V.B 2 Grant requested", "12,000.00", "11,300.00"),
    ]
    with translation.override("pl"):
        diff = diff_versions(before, after)
        assert [(change.label, change.old, change.new) for change in diff.amounts] == [
            ("V.A Koszty realizacji działań", "13\xa0500,00", "11\xa0300,00"),
            ("V.A Wszystkie koszty", "14\xa0850,00", "12\xa0650,00"),
            ("V.B 2 Planowana dotacja", "12\xa0000,00", "11\xa0300,00"),
        ]


def test_activities_offerors_and_declarations_changes_are_named():
    before = valid_content(year=YEAR)
    after = valid_content(year=YEAR)
    after["activities"][1]["target_group"] = "Seniorzy 65+"
    after["offerors"][0]["phone"] = "+48 94 000 00 00"
    after["declarations"] = {**after["declarations"], "no_tax_arrears": False, "tax_arrears": "arrears"}
    labels = [change.label for change in diff_versions(before, after).fields]
    assert labels == [
        _("II.1 Offeror %(n)d: %(field)s") % {"n": 1, "field": _("phone")},
        _("III.4 Activity “%(name)s”: %(field)s") % {"name": "Warsztaty kulinarne", "field": _("target group")},
        _("VII.3 Tax arrears"),
    ]


def test_check_paths_are_located_at_their_fields():
    assert f.locate("title") == f.Location("zadanie", "task", None, "title")
    assert f.locate("contact.name") == f.Location("oferent", "contact", None, "name")
    assert f.locate("costs") == f.Location("koszty", "costs", None, None)
    assert f.locate("costs.3.unit_cost") == f.Location("koszty", "costs", 3, "unit_cost")
    assert f.locate("costs.3.years") == f.Location("koszty", "costs", 3, None)
    assert f.locate("costs.3.years.2027") == f.Location("koszty", "costs", 3, "year_2027")
    assert f.locate("funding") == f.Location("koszty", "funding", None, None)
    assert f.locate("declarations.tax_arrears") == f.Location("zlozenie", "declarations", None, "tax_arrears")
    assert f.locate("attachments.7") == f.Location("zalaczniki", "attachments", None, "7")
    assert f.locate("task_type") is None


def test_the_costs_section_round_trips_the_document():
    content = valid_content(year=YEAR)
    forms = f.SectionForms("koszty", content, call_years=[YEAR])
    data = forms._data_from_content()
    posted = f.SectionForms("koszty", content, data=data, call_years=[YEAR])
    assert posted.is_valid()
    values = posted.values()
    assert [line["id"] for line in values["costs"]] == ["c1", "c2", "c3"]
    # A task within one year needs no split: the form leaves it out and the value falls in that year.
    assert [line["years"] for line in values["costs"]] == [{}, {}, {}]
    assert values["funding"] == content["funding"]
    assert values["costs"][2]["activity_id"] == ""


def test_problems_are_placed_at_fields_or_on_their_row():
    content = valid_content(year=YEAR)
    forms = f.SectionForms("koszty", content, call_years=[YEAR])
    forms.is_valid()
    summary = forms.place([("costs.1.unit_cost", "zła kwota"), ("costs.0.years", "lata"), ("funding", "suma"),
                           ("costs", "limit"), ("title", "poza sekcją")])
    assert summary == [
        (f"{_('Cost %(n)d') % {'n': 2}}: {_('Unit cost (PLN)')}", "zła kwota", "id_costs-1-unit_cost"),
        (_("Cost %(n)d") % {"n": 1}, "lata", "costs-0-errors"),
        (_("V.B Sources of funding"), "suma", "funding-errors"),
        (_("V.A Costs"), "limit", "costs-errors"),
    ]
    assert forms.forms["costs"].forms[1].errors["unit_cost"] == ["zła kwota"]
    assert forms.extra_errors["costs"] == ["limit"]
