"""Every write of the local diagnosis: indicators, their publication, yearly values (recorded one by one, in a
grid of years, or imported from CSV) and the starter set. guard → mutate → full_clean → save → audit.

A correction of a value is an update of the same (indicator, year) row; the audit entry keeps what it was."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation.exceptions import DomainError
from cooperation.models import Municipality, User
from cooperation.resources import normalize_header
from cooperation.services import record_audit

from .enums import Direction, IndicatorGroup
from .models import Indicator, IndicatorValue
from .starter import STARTER_SET

INDICATOR_FIELDS = ("group", "name", "unit", "definition", "direction", "order")
VALUE_FIELDS = ("value", "source", "source_url", "note")
MAX_IMPORT_ROWS = 5000


class ImportFileError(DomainError):
    default_message = gettext_lazy("The file cannot be read.")


class ImportHasErrors(DomainError):
    default_message = gettext_lazy("Some rows of the file are wrong: nothing was imported. Correct them and try again.")


def cell_key(field_name: str, year: int) -> str:
    """The name of one cell of the grid of years (the form uses the same names, so errors land in the cell)."""
    return f"{field_name}_{year}"


# --- Indicators ----------------------------------------------------------------------------------------------


@transaction.atomic
def create_indicator(*, municipality: Municipality, actor: User, group: str, name: str, unit: str,
                     definition: str = "", direction: str = Direction.NEUTRAL, order: int = 100,
                     starter_key: str = "") -> Indicator:
    if Indicator.objects.filter(municipality=municipality, name__iexact=name.strip()).exists():
        raise ValidationError({"name": _("The municipality already has an indicator with this name.")})
    indicator = Indicator(municipality=municipality, group=group, name=name.strip(), unit=unit.strip(),
                          definition=definition.strip(), direction=direction, order=order, starter_key=starter_key,
                          created_by=actor)
    indicator.full_clean()
    indicator.save()
    record_audit(actor=actor, action="consultations.indicator.created", target=indicator, municipality=municipality,
                 data={"group": group})
    return indicator


@transaction.atomic
def update_indicator(*, indicator: Indicator, actor: User, **fields) -> Indicator:
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"not an indicator field: {sorted(unknown)}")
    locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
    name = fields.get("name", locked.name).strip()
    if Indicator.objects.filter(municipality=locked.municipality_id, name__iexact=name).exclude(pk=locked.pk).exists():
        raise ValidationError({"name": _("The municipality already has an indicator with this name.")})
    changed = []
    for key, value in fields.items():
        value = value.strip() if isinstance(value, str) else value
        if getattr(locked, key) != value:
            setattr(locked, key, value)
            changed.append(key)
    if not changed:
        return locked
    locked.full_clean()
    locked.save(update_fields=[*changed, "updated_at"])
    record_audit(actor=actor, action="consultations.indicator.updated", target=locked,
                 municipality=locked.municipality, data={"fields": sorted(changed)})
    for key in changed:
        setattr(indicator, key, getattr(locked, key))
    return locked


@transaction.atomic
def set_indicator_published(*, indicator: Indicator, actor: User, published: bool) -> Indicator:
    """The only place that publishes or unpublishes an indicator; re-reads it locked, so a double click
    changes nothing twice."""
    locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if locked.is_published == published:
        raise DomainError(_("The indicator is already published.") if published
                          else _("The indicator is already unpublished."))
    locked.is_published = published
    locked.full_clean()
    locked.save(update_fields=["is_published", "updated_at"])
    record_audit(actor=actor, action="consultations.indicator." + ("published" if published else "unpublished"),
                 target=locked, municipality=locked.municipality)
    indicator.is_published = published
    return locked


@transaction.atomic
def add_starter_indicators(*, municipality: Municipality, actor: User, group: str | None = None) -> list[Indicator]:
    """Add the suggested indicators (of one group, or of all) that the municipality does not have yet, by
    starter key or by name. They start unpublished: the set is agreed with the NGOs first."""
    Municipality.objects.select_for_update().get(pk=municipality.pk)
    existing = Indicator.objects.filter(municipality=municipality)
    keys = set(existing.exclude(starter_key="").values_list("starter_key", flat=True))
    names = {name.casefold() for name in existing.values_list("name", flat=True)}
    added = []
    for order, (key, item_group, name, unit, direction, definition) in enumerate(STARTER_SET, start=1):
        if (group and item_group != group) or key in keys or name.casefold() in names:
            continue
        indicator = Indicator(municipality=municipality, group=item_group, name=name, unit=unit, direction=direction,
                              definition=definition, order=order * 10, starter_key=key, created_by=actor)
        indicator.full_clean(validate_constraints=False)
        indicator.save()
        added.append(indicator)
    if added:
        record_audit(actor=actor, action="consultations.indicator_starter_set.added", municipality=municipality,
                     data={"indicators": [indicator.name for indicator in added], "group": group or ""})
    return added


# --- Values --------------------------------------------------------------------------------------------------


def _value_errors(item: IndicatorValue) -> dict[str, list[str]]:
    try:
        item.full_clean(exclude=["indicator", "recorded_by"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        return error.message_dict
    return {}


@transaction.atomic
def record_value(*, indicator: Indicator, actor: User, year: int, value: Decimal | None, source: str,
                 source_url: str = "", note: str = "") -> tuple[IndicatorValue, str]:
    """Record the indicator's value for a year, or correct the one recorded. Returns the value and what
    happened: "recorded", "corrected" or "unchanged"."""
    if value is None:
        raise ValidationError({"value": _("Enter the value.")})
    fields = {"value": value, "source": (source or "").strip(), "source_url": (source_url or "").strip(),
              "note": (note or "").strip()}
    current = IndicatorValue.objects.select_for_update().filter(indicator=indicator, year=year).first()
    if current is None:
        item = IndicatorValue(indicator=indicator, year=year, recorded_by=actor, recorded_at=timezone.now(), **fields)
        item.full_clean(validate_constraints=False, validate_unique=False)
        item.save()
        record_audit(actor=actor, action="consultations.indicator_value.recorded", target=indicator,
                     municipality=indicator.municipality, data={"year": year, "value": str(item.value)})
        return item, "recorded"
    before = {name: getattr(current, name) for name in VALUE_FIELDS}
    for name, new in fields.items():
        setattr(current, name, new)
    current.full_clean(validate_constraints=False, validate_unique=False)
    changed = sorted(name for name in VALUE_FIELDS if getattr(current, name) != before[name])
    if not changed:
        return current, "unchanged"
    current.recorded_by, current.recorded_at = actor, timezone.now()
    current.save()
    record_audit(actor=actor, action="consultations.indicator_value.corrected", target=indicator,
                 municipality=indicator.municipality,
                 data={"year": year, "fields": changed, "before": {name: str(before[name]) for name in changed},
                       "after": {name: str(getattr(current, name)) for name in changed}})
    return current, "corrected"


@transaction.atomic
def remove_value(*, indicator: Indicator, actor: User, year: int) -> bool:
    """Remove the value recorded for a year (typed in by mistake, or for a year without data); the audit log
    keeps what it was. False when there was none."""
    current = IndicatorValue.objects.select_for_update().filter(indicator=indicator, year=year).first()
    if current is None:
        return False
    before = {name: str(getattr(current, name)) for name in VALUE_FIELDS}
    current.delete()
    record_audit(actor=actor, action="consultations.indicator_value.removed", target=indicator,
                 municipality=indicator.municipality, data={"year": year, "before": before})
    return True


@transaction.atomic
def record_values(*, indicator: Indicator, actor: User, rows: list[dict]) -> dict[str, int]:
    """The grid of years: rows of {year, value, source, source_url, note}, or {year, remove: True} to remove a
    year's value. All or nothing: any wrong cell raises one ValidationError keyed by cell (`cell_key`) and no
    row is saved."""
    errors: dict[str, list[str]] = {}
    counts = {"recorded": 0, "corrected": 0, "unchanged": 0, "removed": 0}
    for row in rows:
        year = row["year"]
        if row.get("remove"):
            counts["removed"] += remove_value(indicator=indicator, actor=actor, year=year)
            continue
        try:
            with transaction.atomic():
                _item, outcome = record_value(indicator=indicator, actor=actor, year=year, value=row.get("value"),
                                              source=row.get("source", ""), source_url=row.get("source_url", ""),
                                              note=row.get("note", ""))
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                key = cell_key(name, year) if name in VALUE_FIELDS else cell_key("value", year)
                errors.setdefault(key, []).extend(messages)
            continue
        counts[outcome] += 1
    if errors:
        raise ValidationError(errors)
    return counts


# --- Import from CSV (indicator, year, value, source; optional source address and note) ---------------------

# Column (attribute, Polish header written by the open-data export, other names accepted on import).
COLUMNS = [
    ("indicator", "wskaznik", ("indicator", "nazwa", "nazwa_wskaznika")),
    ("year", "rok", ("year",)),
    ("value", "wartosc", ("value",)),
    ("source", "zrodlo", ("source",)),
    ("source_url", "zrodlo_adres", ("source_url", "adres_zrodla", "link")),
    ("note", "uwagi", ("note", "uwaga")),
]
REQUIRED_COLUMNS = ("indicator", "year", "value", "source")
HEADER_TO_ATTRIBUTE = {normalize_header(name): attribute for attribute, header, aliases in COLUMNS
                       for name in (attribute, header, *aliases)}


@dataclass
class ImportRow:
    number: int  # as in the spreadsheet: the header is row 1
    cells: dict
    indicator: Indicator | None = None
    year: int | None = None
    value: Decimal | None = None
    errors: list[str] = field(default_factory=list)
    action: str = ""  # "recorded" (new), "corrected", "unchanged"


@dataclass
class ImportReport:
    rows: list[ImportRow]

    @property
    def error_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    @property
    def has_errors(self) -> bool:
        return bool(self.error_rows)

    def counts(self) -> dict[str, int]:
        counts = {"recorded": 0, "corrected": 0, "unchanged": 0, "errors": len(self.error_rows)}
        for row in self.rows:
            if not row.errors:
                counts[row.action] += 1
        return counts


def parse_decimal(text: str) -> Decimal | None:
    """'1 234,5' → Decimal('1234.5'); '' → None. Raises ValueError for anything else."""
    cleaned = "".join((text or "").replace("\u00a0", " ").split()).replace(",", ".")
    if not cleaned:
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(cleaned) from exc
    if not number.is_finite():
        raise ValueError(cleaned)
    return number


def read_csv(content: bytes) -> list[dict]:
    """The rows of a CSV file (UTF-8 with or without BOM, or Windows-1250; separated by ; , or tab) as
    dicts keyed by attribute. Raises ImportFileError for a file without the required columns."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1250", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file is malformed: %(error)s") % {"error": exc}) from exc
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ImportFileError(_("The first row must hold the column names: wskaznik, rok, wartosc, zrodlo."))
    attributes = [HEADER_TO_ATTRIBUTE.get(normalize_header(cell)) for cell in rows[0]]
    missing = [name for name in REQUIRED_COLUMNS if name not in attributes]
    if missing:
        headers = {attribute: header for attribute, header, _aliases in COLUMNS}
        raise ImportFileError(_("The file has no column: %(columns)s.")
                              % {"columns": ", ".join(headers[name] for name in missing)})
    body = rows[1:]
    while body and not any(cell.strip() for cell in body[-1]):
        body.pop()
    if not body:
        raise ImportFileError(_("The file has column names but no rows of values."))
    if len(body) > MAX_IMPORT_ROWS:
        raise ImportFileError(_("The file has more than %(max)d rows: split it into smaller files.")
                              % {"max": MAX_IMPORT_ROWS})
    parsed = []
    for cells in body:
        parsed.append({attribute: cell.strip() for attribute, cell in zip(attributes, cells, strict=False)
                       if attribute})
    return parsed


FIELD_LABELS = {
    "year": gettext_lazy("Year"),
    "value": gettext_lazy("Value"),
    "source": gettext_lazy("Source"),
    "source_url": gettext_lazy("Source address"),
    "note": gettext_lazy("Note"),
}


def check_value_import(*, municipality: Municipality, content: bytes) -> ImportReport:
    """The dry run: every row checked with the model's own rules, the indicator found by name in the
    municipality's set, repeated (indicator, year) pairs caught. Writes nothing. Two queries."""
    parsed = read_csv(content)
    indicators = {indicator.name.casefold(): indicator
                  for indicator in Indicator.objects.filter(municipality=municipality)}
    current = {(item.indicator_id, item.year): item
               for item in IndicatorValue.objects.filter(indicator__municipality=municipality)}
    seen: dict[tuple[int, int], int] = {}
    rows = []
    for index, cells in enumerate(parsed):
        row = ImportRow(number=index + 2, cells=cells)
        rows.append(row)
        name = cells.get("indicator", "")
        row.indicator = indicators.get(name.casefold()) if name else None
        if not name:
            row.errors.append(_("Name the indicator."))
        elif row.indicator is None:
            row.errors.append(_("The municipality has no indicator “%(name)s”.") % {"name": name})
        year_text = cells.get("year", "")
        if not year_text:
            row.errors.append(_("Enter the year."))
        elif not year_text.isdigit():
            row.errors.append(_("“%(text)s” is not a year.") % {"text": year_text})
        else:
            row.year = int(year_text)
        try:
            row.value = parse_decimal(cells.get("value", ""))
        except ValueError:
            row.errors.append(_("“%(text)s” is not a number.") % {"text": cells.get("value", "")})
        else:
            if row.value is None:
                row.errors.append(_("Enter the value."))
        item = IndicatorValue(year=row.year, value=row.value, source=cells.get("source", ""),
                              source_url=cells.get("source_url", ""), note=cells.get("note", ""))
        for name_, messages in _value_errors(item).items():
            if name_ == "value" and row.value is None:
                continue  # already said
            if name_ == "year" and row.year is None:
                continue
            row.errors.extend(f"{FIELD_LABELS.get(name_, name_)}: {message}" for message in messages)
        if row.indicator is not None and row.year is not None:
            key = (row.indicator.pk, row.year)
            if key in seen:
                row.errors.append(_("The same indicator and year are already in row %(row)d.") % {"row": seen[key]})
            else:
                seen[key] = row.number
            existing = current.get(key)
            if existing is None:
                row.action = "recorded"
            elif (existing.value == item.value and existing.source == item.source.strip()
                  and existing.source_url == item.source_url.strip() and existing.note == item.note.strip()):
                row.action = "unchanged"
            else:
                row.action = "corrected"
    return ImportReport(rows=rows)


@transaction.atomic
def import_values(*, municipality: Municipality, actor: User, content: bytes) -> dict[str, int]:
    """Write a checked file: re-checked inside the transaction; if any row is wrong nothing is saved."""
    Municipality.objects.select_for_update().get(pk=municipality.pk)
    report = check_value_import(municipality=municipality, content=content)
    if report.has_errors:
        raise ImportHasErrors()
    counts = {"recorded": 0, "corrected": 0, "unchanged": 0}
    for row in report.rows:
        _item, outcome = record_value(indicator=row.indicator, actor=actor, year=row.year, value=row.value,
                                      source=row.cells.get("source", ""), source_url=row.cells.get("source_url", ""),
                                      note=row.cells.get("note", ""))
        counts[outcome] += 1
    record_audit(actor=actor, action="consultations.indicator_values.imported", municipality=municipality,
                 data={**counts, "rows": len(report.rows)})
    return counts


def groups_in_order() -> list[tuple[str, str]]:
    return list(IndicatorGroup.choices)
