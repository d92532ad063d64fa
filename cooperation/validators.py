"""Validators and normalisers for Polish identifiers.

NIP and REGON checksums come from python-stdnum. TERYT (TERC) and KRS have no library here, so their
format rules (../shared/domain/legal.md section 9) are written out below.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import regon as stdnum_regon

POSTAL_CODE_RE = re.compile(r"^\d{2}-\d{3}$")
# Legal gminas only: 1 urban, 2 rural, 3 urban-rural. 4/5/8/9 denote parts of a gmina, not a JST.
GMINA_TYPE_DIGITS = {"1", "2", "3"}


def _digits(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def normalize_nip(value: str) -> str:
    value = _digits(value).upper()
    return value[2:] if value.startswith("PL") else value


def validate_nip(value: str) -> None:
    value = normalize_nip(value)
    # "0000000000" passes the checksum (0 mod 11 == 0) but is never issued.
    if value and set(value) == {"0"}:
        raise ValidationError(_("Enter a valid NIP: 10 digits with a correct check digit."), code="nip")
    try:
        stdnum_nip.validate(value)
    except StdnumError as exc:
        raise ValidationError(_("Enter a valid NIP: 10 digits with a correct check digit."), code="nip") from exc


def normalize_regon(value: str) -> str:
    return _digits(value)


def validate_regon(value: str) -> None:
    value = normalize_regon(value)
    if value and set(value) == {"0"}:
        raise ValidationError(_("Enter a valid REGON: 9 or 14 digits with a correct check digit."), code="regon")
    try:
        stdnum_regon.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("Enter a valid REGON: 9 or 14 digits with a correct check digit."), code="regon"
        ) from exc


def normalize_krs(value: str) -> str:
    """KRS numbers are 10 digits, zero-padded: '359730' becomes '0000359730'."""
    value = _digits(value)
    if value.isdigit() and len(value) < 10:
        return value.zfill(10)
    return value


def validate_krs(value: str) -> None:
    if not re.fullmatch(r"\d{10}", value or "") or set(value) == {"0"}:
        raise ValidationError(_("Enter a valid KRS number: up to 10 digits."), code="krs")


def validate_postal_code(value: str) -> None:
    if not POSTAL_CODE_RE.fullmatch(value or ""):
        raise ValidationError(_("Enter a postal code in the form 00-000."), code="postal_code")


def validate_teryt(code: str, kind: str) -> None:
    """Validate a TERC code for a municipality of the given kind (gmina, powiat, wojewodztwo).

    Voivodeship: WW (even 02-32). Powiat: WWPP (PP 01-99). Gmina: WWPPGGR, R in {1, 2, 3}.
    """
    expected_length = {"wojewodztwo": 2, "powiat": 4, "gmina": 7}.get(kind)
    if expected_length is None:
        raise ValidationError(_("Choose the kind of unit: gmina, powiat or województwo."), code="teryt_kind")
    if not re.fullmatch(r"\d+", code or "") or len(code) != expected_length:
        raise ValidationError(
            _("A TERYT code of this kind of unit has %(n)d digits.") % {"n": expected_length}, code="teryt_length"
        )
    voivodeship = int(code[:2])
    if voivodeship % 2 or not 2 <= voivodeship <= 32:
        raise ValidationError(_("The voivodeship part of a TERYT code is an even number from 02 to 32."), code="teryt_ww")
    if kind in ("powiat", "gmina") and code[2:4] == "00":
        raise ValidationError(_("The powiat part of a TERYT code is a number from 01 to 99."), code="teryt_pp")
    if kind == "gmina":
        if code[4:6] == "00":
            raise ValidationError(_("The gmina part of a TERYT code is a number from 01 to 99."), code="teryt_gg")
        if code[6] not in GMINA_TYPE_DIGITS:
            raise ValidationError(
                _("The last digit of a gmina's TERYT code must be 1 (urban), 2 (rural) or 3 (urban-rural)."),
                code="teryt_type",
            )


IDENTIFIER_TAKEN_MESSAGES = {
    "krs": _("An organization with this KRS number is already registered."),
    "nip": _("An organization with this NIP is already registered."),
    "regon": _("An organization with this REGON is already registered."),
}


def validate_identifiers_unique(*, krs: str = "", nip: str = "", regon: str = "", exclude_pk=None) -> None:
    """Refuse a KRS, NIP or REGON (already normalised) that another organization uses, with the error on
    that field. The database constraints would catch it too, but only as an error about the whole record."""
    from django.db.models import Q

    from .models import Organization

    values = {name: value for name, value in (("krs", krs), ("nip", nip), ("regon", regon)) if value}
    if not values:
        return
    query = Q()
    for name, value in values.items():
        query |= Q(**{name: value})
    others = Organization.objects.filter(query)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    taken = set()
    for row in others.values("krs", "nip", "regon"):
        taken.update(name for name, value in values.items() if row[name] == value)
    if taken:
        raise ValidationError(
            {name: ValidationError(IDENTIFIER_TAKEN_MESSAGES[name], code="unique") for name in sorted(taken)}
        )
