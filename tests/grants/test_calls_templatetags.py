"""The shared `pln` and `percent` filters (grants/templatetags/grants_tags.py)."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from grants.templatetags.grants_tags import format_percent, format_pln

NBSP = "\u00a0"


@pytest.mark.parametrize(("value", "polish", "english"), [
    (Decimal("12345.67"), f"12{NBSP}345,67{NBSP}zł", f"12,345.67{NBSP}zł"),
    (Decimal("1000000"), f"1{NBSP}000{NBSP}000,00{NBSP}zł", f"1,000,000.00{NBSP}zł"),
    (Decimal("0"), f"0,00{NBSP}zł", f"0.00{NBSP}zł"),
    (Decimal("-1234.5"), f"-1{NBSP}234,50{NBSP}zł", f"-1,234.50{NBSP}zł"),
    (Decimal("999.995"), f"1{NBSP}000,00{NBSP}zł", f"1,000.00{NBSP}zł"),
    ("250.10", f"250,10{NBSP}zł", f"250.10{NBSP}zł"),
    (12, f"12,00{NBSP}zł", f"12.00{NBSP}zł"),
    (None, "", ""),
    ("", "", ""),
    ("abc", "", ""),
])
def test_pln(value, polish, english):
    assert format_pln(value, "pl") == polish
    assert format_pln(value, "en") == english


def test_filters_follow_the_active_language():
    template = Template("{% load grants_tags %}{{ amount|pln }} {{ amount|pln_number }} {{ share|percent }}")
    context = Context({"amount": Decimal("12345.67"), "share": Decimal("12.50")})
    with translation.override("pl"):
        assert template.render(context) == f"12{NBSP}345,67{NBSP}zł 12{NBSP}345,67 12,5"
    with translation.override("en"):
        assert template.render(context) == f"12,345.67{NBSP}zł 12,345.67 12.5"


def test_percent_drops_needless_zeros():
    assert [format_percent(Decimal(v), "pl") for v in ("5.00", "12.50", "0.25", "100")] == ["5", "12,5", "0,25",
                                                                                              "100"]
    assert format_percent(None) == ""
