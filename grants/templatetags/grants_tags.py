"""Template helpers shared by the grants templates.

`{% load grants_tags %}` then `{{ amount|pln }}`:
- Polish (and any language other than English): "12 345,67 zł" — the thousands separator and the space before
  "zł" are NO-BREAK SPACES (U+00A0, the same separator Django's Polish locale uses), so an amount never wraps.
- English: "12,345.67 zł" (U+00A0 before "zł").
Decimals are rounded half up to the grosz; ints, floats-as-strings and numeric strings are accepted; None or
an empty/invalid value renders as "" (so an unfilled field shows nothing rather than "0,00 zł").
`pln_number` gives the same number without the currency ("12 345,67"); `percent` a percentage without
needless zeros ("5", "12,5"; the "%" sign is left to the sentence).
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils import translation

register = template.Library()

NBSP = "\u00a0"
_GROSZ = Decimal("0.01")


def _to_decimal(value):
    if value is None or value == "":
        return None
    if isinstance(value, float):
        value = repr(value)
    try:
        number = Decimal(value) if not isinstance(value, Decimal) else value
    except (InvalidOperation, TypeError, ValueError):
        return None
    if not number.is_finite():
        return None
    return number.quantize(_GROSZ, rounding=ROUND_HALF_UP)


def format_pln_number(value, language=None):
    """The amount as text without the currency, or "" for no amount."""
    number = _to_decimal(value)
    if number is None:
        return ""
    language = (language or translation.get_language() or "pl").split("-")[0]
    if language == "en":
        group, decimal_point = ",", "."
    else:
        group, decimal_point = NBSP, ","
    sign = "-" if number < 0 else ""
    whole, fraction = f"{abs(number):.2f}".split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return f"{sign}{group.join(groups)}{decimal_point}{fraction}"


def format_pln(value, language=None):
    """The amount with the currency ("12 345,67 zł"), or "" for no amount."""
    number = format_pln_number(value, language)
    return f"{number}{NBSP}zł" if number else ""


@register.filter(name="pln")
def pln(value):
    return format_pln(value)


@register.filter(name="pln_number")
def pln_number(value):
    return format_pln_number(value)


def format_percent(value, language=None) -> str:
    """A percentage without needless zeros and with the language's decimal mark: "5", "12,5" ("12.5" in
    English); "" for no value. The "%" sign is left to the sentence."""
    number = _to_decimal(value)
    if number is None:
        return ""
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    language = (language or translation.get_language() or "pl").split("-")[0]
    return text if language == "en" else text.replace(".", ",")


@register.filter(name="percent")
def percent(value):
    return format_percent(value)
