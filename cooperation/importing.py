"""Import and export of a municipality's NGO base (CSV/XLSX).

An officer uploads a file; `check_organization_import` is the dry run: it reads the stored file, checks
every row with the portal's rules and matches existing organizations by KRS, then NIP, then REGON, and
writes nothing. `confirm_organization_import` re-runs the same check inside one transaction and writes the
good rows. `export_rows` feeds the CSV and XLSX exports with the same columns, so an export re-imports.

Row numbers are the ones the officer sees in the spreadsheet: the header is row 1, the first data row 2.
"""

import csv
import io
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import EmailValidator, URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scope, scopes_disabled

from . import selectors, services
from .enums import LegalForm, OrganizationLinkStatus
from .exceptions import DomainError
from .models import Municipality, Organization, OrganizationImport, OrganizationMunicipality, Sphere, User
from .resources import (
    HEADER_TO_ATTRIBUTE,
    LEGAL_FORM_ALIASES,
    LEGAL_FORM_POLISH,
    NO,
    YES,
    normalize_header,
)
from .resources import export_rows as resource_export_rows
from .validators import (
    normalize_krs,
    normalize_nip,
    normalize_regon,
    validate_krs,
    validate_nip,
    validate_postal_code,
    validate_regon,
)

CSV = "csv"
XLSX = "xlsx"
FILE_FORMATS = (CSV, XLSX)
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MAX_ROWS = 10_000
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old binary .xls
# Characters that make a spreadsheet treat a cell as a formula (CSV injection); escaped with ' on export.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
IDENTIFIERS = ("krs", "nip", "regon")
TEXT_FIELDS = ("name", "street", "postal_code", "city", "email", "phone", "website", "description")
# Fields an import may fill on an organization that already exists (only while they are empty there).
FILLABLE_FIELDS = ("krs", "nip", "regon", "street", "postal_code", "city", "email", "phone", "website", "description")
# The uniqueness of KRS/NIP/REGON is what matching checks (inside the confirming transaction too), and the
# database constraints still guard it; re-checking it per row in full_clean() doubled the confirmation time.
NO_DB_CHECKS = {"exclude": ["logo"], "validate_unique": False, "validate_constraints": False}
REQUIRED_FOR_NEW = ("name", "legal_form", "street", "postal_code", "city", "email")

FIELD_LABELS = {
    "name": gettext_lazy("Name"),
    "legal_form": gettext_lazy("Legal form"),
    "krs": "KRS",
    "nip": "NIP",
    "regon": "REGON",
    "street": gettext_lazy("Street"),
    "postal_code": gettext_lazy("Postal code"),
    "city": gettext_lazy("Town"),
    "email": gettext_lazy("E-mail"),
    "phone": gettext_lazy("Phone"),
    "website": gettext_lazy("Website"),
    "spheres": gettext_lazy("Spheres"),
    "description": gettext_lazy("Description"),
    "wants_email": gettext_lazy("E-mail consent"),
    "wants_post": gettext_lazy("Post consent"),
}
TRUE_WORDS = {"tak", "t", "yes", "y", "1", "true", "prawda", "x"}
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
FALSE_WORDS = {"nie", "n", "no", "0", "false", "falsz", "fałsz"}


class ImportFileError(DomainError):
    default_message = gettext_lazy("The file cannot be read.")


class AlreadyImported(DomainError):
    default_message = gettext_lazy("This file has already been imported.")


class NothingToImport(DomainError):
    default_message = gettext_lazy("No row of this file can be imported: correct the file and upload it again.")


class RowAction:
    CREATE = "create"  # a new organization
    UPDATE = "update"  # an existing organization: empty fields filled, linked to the municipality
    LINK = "link"  # an existing organization: linked to the municipality, nothing else changes
    UNCHANGED = "unchanged"  # already confirmed in this municipality, nothing to fill
    ERROR = "error"


@dataclass
class RowResult:
    number: int
    name: str
    action: str = RowAction.CREATE
    errors: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict)
    spheres: list[Sphere] = field(default_factory=list)
    organization: Organization | None = None
    matched_by: str = ""
    fill: list[str] = field(default_factory=list)
    fill_spheres: bool = False
    link: OrganizationMunicipality | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def is_error(self) -> bool:
        return bool(self.errors)

    @property
    def is_new(self) -> bool:
        return not self.errors and self.organization is None

    @property
    def is_matched(self) -> bool:
        return not self.errors and self.organization is not None

    @property
    def fill_labels(self) -> list[str]:
        labels = [str(FIELD_LABELS[name]) for name in self.fill]
        return [*labels, str(FIELD_LABELS["spheres"])] if self.fill_spheres else labels


@dataclass
class ImportReport:
    rows: list[RowResult]
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def new_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.is_new]

    @property
    def matched_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.is_matched]

    @property
    def error_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.is_error]

    @property
    def good_rows(self) -> list[RowResult]:
        return [row for row in self.rows if not row.is_error]

    def counts(self) -> dict[str, int]:
        return {
            "rows": len(self.rows),
            "new": len(self.new_rows),
            "matched": len(self.matched_rows),
            "errors": len(self.error_rows),
        }


# --- Reading files ------------------------------------------------------------------------------------


def detect_file_format(content: bytes) -> str | None:
    """Decide by the content, never by the name: XLSX is a ZIP container; CSV is UTF-8 text."""
    if content.startswith(ZIP_MAGIC):
        return XLSX
    if b"\x00" in content:
        return None
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return CSV


def check_import_file(upload) -> tuple[str, bytes]:
    """Validate an uploaded file for the upload form. Returns (file_format, content)."""
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise ValidationError(
            _("The file may be at most %(size)d MB.") % {"size": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    content = upload.read()
    upload.seek(0)
    file_format = detect_file_format(content)
    if file_format is None:
        if content.startswith(OLE_MAGIC):
            raise ValidationError(_("Old Excel files (.xls) cannot be read: save the sheet as XLSX or CSV UTF-8."))
        raise ValidationError(
            _("Upload a CSV file saved as UTF-8 text (in Excel: “CSV UTF-8”) or an XLSX spreadsheet.")
        )
    try:
        read_dataset(content=content, file_format=file_format)
    except ImportFileError as error:
        raise ValidationError(str(error.message)) from error
    return file_format, content


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        text = text[1:]  # undo the export's formula escaping
    return text


def _read_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("The file is not UTF-8 text.")) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    if not first_line.count(delimiter):
        delimiter = ","
    try:
        return [[_cell_text(cell) for cell in row] for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file is malformed: %(error)s") % {"error": exc}) from exc


def _read_xlsx(content: bytes) -> list[list[str]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a ZIP that is not a workbook
        raise ImportFileError(_("The file is not an XLSX spreadsheet.")) from exc
    try:
        rows = []
        for row in workbook.worksheets[0].iter_rows(min_row=1, values_only=True):
            rows.append([_cell_text(cell) for cell in row])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def map_headers(headers: list[str]) -> tuple[list[str | None], list[str]]:
    """Model attributes for the file's column names (None for a column we do not read), and the names of
    the ignored columns. Raises ImportFileError for a repeated column or a missing name column."""
    attributes: list[str | None] = []
    ignored = []
    for raw in headers:
        attribute = HEADER_TO_ATTRIBUTE.get(normalize_header(raw))
        if attribute and attribute in attributes:
            raise ImportFileError(_("The column “%(column)s” appears twice.") % {"column": raw})
        if attribute is None and raw:
            ignored.append(raw)
        attributes.append(attribute)
    if "name" not in attributes:
        raise ImportFileError(_("The file has no “nazwa” (name) column in its first row."))
    return attributes, ignored


def read_dataset(*, content: bytes, file_format: str) -> tablib.Dataset:
    """The file as a tablib Dataset with the file's own column names. Blank rows stay in the dataset, so
    index + 2 is always the row number the officer sees in the spreadsheet."""
    rows = _read_xlsx(content) if file_format == XLSX else _read_csv(content)
    if not rows or not any(rows[0]):
        raise ImportFileError(_("The first row must hold the column names, e.g. “nazwa”, “nip”."))
    if len(rows) > MAX_ROWS + 1:
        raise ImportFileError(
            _("The file has more than %(max)d rows: split it into smaller files.") % {"max": MAX_ROWS}
        )
    headers = rows[0]
    map_headers(headers)
    width = len(headers)
    body = [(row + [""] * width)[:width] for row in rows[1:]]
    while body and not any(body[-1]):
        body.pop()
    if not body:
        raise ImportFileError(_("The file has column names but no rows of organizations."))
    return tablib.Dataset(*body, headers=headers)


# --- Checking rows ------------------------------------------------------------------------------------


def _key(value: str) -> str:
    return normalize_header(value.strip(" .").replace("’", "'"))


def _legal_form_lookup() -> dict[str, str]:
    lookup = {}
    for value, label in LegalForm.choices:
        lookup[_key(value)] = value
        for language in ("pl", "en"):
            with translation.override(language):
                lookup[_key(str(label))] = value
    for value, polish in LEGAL_FORM_POLISH.items():
        lookup[_key(polish)] = value
    for alias, value in LEGAL_FORM_ALIASES.items():
        lookup[_key(alias)] = value
    return lookup


def _reason(attribute: str, reason: str) -> str:
    return _("%(field)s: %(reason)s") % {"field": FIELD_LABELS[attribute], "reason": reason}


def _parse_identifier(attribute: str, raw: str, errors: list[str]) -> str:
    if not raw:
        return ""
    if attribute == "krs":
        value = normalize_krs(raw)
        try:
            validate_krs(value)
        except ValidationError:
            errors.append(_reason("krs", _("enter up to 10 digits")))
        return value
    if attribute == "nip":
        value = normalize_nip(raw)
        try:
            validate_nip(value)
        except ValidationError:
            errors.append(_reason("nip", _("invalid check digit") if re.fullmatch(r"\d{10}", value) else _("enter 10 digits")))
        return value
    value = normalize_regon(raw)
    try:
        validate_regon(value)
    except ValidationError:
        well_formed = re.fullmatch(r"\d{9}|\d{14}", value) and set(value) != {"0"}
        errors.append(_reason("regon", _("invalid check digit") if well_formed else _("enter 9 or 14 digits")))
    return value


def _parse_text(attribute: str, raw: str, errors: list[str]) -> str:
    if not raw:
        return ""
    value = raw
    if attribute == "postal_code" and re.fullmatch(r"\d{5}", value):
        value = f"{value[:2]}-{value[2:]}"
    if attribute == "website" and not re.match(r"^[a-z][a-z0-9+.-]*://", value, re.IGNORECASE):
        value = f"https://{value}"
    if attribute == "email":
        value = value.lower()
    max_length = Organization._meta.get_field(attribute).max_length
    if max_length and len(value) > max_length:
        errors.append(_reason(attribute, _("at most %(n)d characters") % {"n": max_length}))
        return value
    checks = {
        "postal_code": (validate_postal_code, _("enter a postal code in the form 00-000")),
        "email": (EmailValidator(), _("enter a valid e-mail address")),
        "website": (URLValidator(schemes=["http", "https"]), _("enter a valid web address")),
    }
    if attribute in checks:
        validator, message = checks[attribute]
        try:
            validator(value)
        except ValidationError:
            errors.append(_reason(attribute, message))
    elif attribute == "phone":
        for validator in Organization._meta.get_field("phone").validators:
            try:
                validator(value)
            except ValidationError:
                errors.append(_reason("phone", _("enter a phone number of digits, spaces and dashes")))
    return value


def _parse_bool(attribute: str, raw: str, default: bool, errors: list[str]) -> bool:
    if not raw:
        return default
    word = _key(raw)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    errors.append(_reason(attribute, _("enter “yes” or “no”")))
    return default


def _parse_row(number: int, raw: dict[str, str], *, legal_forms: dict, spheres_by_code: dict) -> RowResult:
    """Normalise and validate one row on its own (no database). Matching comes later."""
    row = RowResult(number=number, name=raw.get("name", ""))
    errors = row.errors
    values: dict = {}
    for attribute in TEXT_FIELDS:
        values[attribute] = _parse_text(attribute, raw.get(attribute, ""), errors)
    for attribute in IDENTIFIERS:
        values[attribute] = _parse_identifier(attribute, raw.get(attribute, ""), errors)
    legal_form_raw = raw.get("legal_form", "")
    values["legal_form"] = legal_forms.get(_key(legal_form_raw), "") if legal_form_raw else ""
    if legal_form_raw and not values["legal_form"]:
        errors.append(_reason("legal_form", _("unknown value “%(value)s”") % {"value": legal_form_raw}))
    values["wants_email"] = _parse_bool("wants_email", raw.get("wants_email", ""), True, errors)
    values["wants_post"] = _parse_bool("wants_post", raw.get("wants_post", ""), False, errors)
    if not values["wants_email"] and not values["wants_post"]:
        errors.append(_("Choose at least one way to receive information: e-mail or post."))
    for code in (c.strip(" .").lower() for c in re.split(r"[;,\s]+", raw.get("spheres", ""))):
        if not code:
            continue
        sphere = spheres_by_code.get(code)
        if sphere is None:
            errors.append(_reason("spheres", _("unknown code “%(code)s”") % {"code": code}))
        elif sphere not in row.spheres:
            row.spheres.append(sphere)
    if not values["name"]:
        errors.insert(0, _reason("name", _("required")))
    row.values = values
    return row


def _require_new_fields(row: RowResult) -> None:
    """A new organization needs what the registration form needs; a matched one already has it."""
    values = row.values
    missing = [
        _reason(attribute, _("required"))
        for attribute in REQUIRED_FOR_NEW
        if attribute != "name" and not values[attribute]
    ]
    row.errors.extend(missing)
    if values["legal_form"] in LegalForm.krs_required() and not values["krs"]:
        row.errors.append(_reason("krs", _("required for this legal form (registered in the KRS)")))
    if not row.errors:
        candidate = Organization(**values)
        try:
            candidate.full_clean(exclude=["logo"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for attribute, messages in exc.message_dict.items():
                label = FIELD_LABELS.get(attribute, attribute)
                row.errors.extend(f"{label}: {message}" for message in messages)


def _chunks(values: list, size: int = 500) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _existing_organizations(rows: list[RowResult]) -> dict[tuple[str, str], Organization]:
    """Existing organizations by ("krs", value), ("nip", value), ("regon", value) and ("name", name|town)."""
    index: dict[tuple[str, str], Organization] = {}
    for attribute in IDENTIFIERS:
        wanted = sorted({row.values[attribute] for row in rows if row.values.get(attribute)})
        for chunk in _chunks(wanted):
            for organization in Organization.objects.filter(**{f"{attribute}__in": chunk}).prefetch_related("spheres"):
                index[(attribute, getattr(organization, attribute))] = organization
    # Rows without any identifier: the same name in the same town (compared case-insensitively in Python,
    # because SQLite's lower() knows only ASCII letters).
    names = sorted({row.values["name"] for row in rows if row.values.get("name") and not _identifiers(row)})
    seen: dict[tuple[str, str], Organization | None] = {}
    for chunk in _chunks(names):
        queryset = (
            Organization.objects.annotate(lower_name=Lower("name"))
            .filter(Q(name__in=chunk) | Q(lower_name__in={v for n in chunk for v in (n.lower(), _ascii_lower(n))}))
            .prefetch_related("spheres")
        )
        for organization in queryset:
            key = ("name", _name_key(organization.name, organization.city))
            if key in seen and seen[key] is not None and seen[key].pk != organization.pk:
                seen[key] = None  # two candidates: match neither
            elif key not in seen:
                seen[key] = organization
    index.update({key: organization for key, organization in seen.items() if organization is not None})
    return index


def _ascii_lower(value: str) -> str:
    return value.translate(ASCII_LOWER)


def _identifiers(row: RowResult) -> list[tuple[str, str]]:
    return [(attribute, row.values[attribute]) for attribute in IDENTIFIERS if row.values.get(attribute)]


def _name_key(name: str, city: str) -> str:
    return f"{' '.join(name.casefold().split())}|{' '.join(city.casefold().split())}"


def _match(row: RowResult, index: dict, seen_in_file: dict, seen_organizations: dict) -> None:
    """Match one parsed row against the database and the rows above it."""
    keys = _identifiers(row)
    if not keys and row.values["name"]:
        keys = [("name", _name_key(row.values["name"], row.values["city"]))]
    for key in keys:
        first = seen_in_file.get(key)
        if first is not None:
            label = _("name and town") if key[0] == "name" else FIELD_LABELS[key[0]]
            row.errors.append(_("Duplicate of row %(row)d (same %(identifier)s).") % {"row": first, "identifier": label})
            break
    for key in keys:
        seen_in_file.setdefault(key, row.number)
    if row.errors:
        return
    matches = [(key[0], index[key]) for key in keys if key in index]
    distinct = {organization.pk: (by, organization) for by, organization in reversed(matches)}
    if len(distinct) > 1:
        (first_by, first), (second_by, second) = matches[0], next(m for m in matches if m[1].pk != matches[0][1].pk)
        row.errors.append(
            _("Matches two different organizations: “%(first)s” by %(first_by)s and “%(second)s” by %(second_by)s.")
            % {"first": first.name, "first_by": FIELD_LABELS.get(first_by, first_by),
               "second": second.name, "second_by": FIELD_LABELS.get(second_by, second_by)}
        )
        return
    if not matches:
        _require_new_fields(row)
        return
    by, organization = matches[0]
    earlier = seen_organizations.get(organization.pk)
    if earlier is not None:
        row.errors.append(
            _("Refers to the same organization as row %(row)d (“%(name)s”).") % {"row": earlier, "name": organization.name}
        )
        return
    seen_organizations[organization.pk] = row.number
    row.organization = organization
    row.matched_by = _("name and town") if by == "name" else str(FIELD_LABELS[by])
    row.fill = [name for name in FILLABLE_FIELDS if row.values[name] and not getattr(organization, name)]
    row.fill_spheres = bool(row.spheres) and not organization.spheres.all()
    for attribute in IDENTIFIERS:
        current, given = getattr(organization, attribute), row.values[attribute]
        if current and given and current != given:
            row.notes.append(
                _("%(field)s in the file (%(given)s) differs from the portal's (%(current)s); the portal's is kept.")
                % {"field": FIELD_LABELS[attribute], "given": given, "current": current}
            )


def check_rows(*, dataset: tablib.Dataset, municipality: Municipality) -> ImportReport:
    """The dry run proper: every row checked, matched and reported; nothing is written."""
    legal_forms = _legal_form_lookup()
    spheres_by_code = {sphere.code.lower(): sphere for sphere in Sphere.objects.all()}
    attributes, ignored = map_headers(dataset.headers)
    rows = []
    for index, values in enumerate(dataset):
        if not any(values):
            continue
        raw = {attribute: value for attribute, value in zip(attributes, values, strict=True) if attribute}
        rows.append(_parse_row(index + 2, raw, legal_forms=legal_forms, spheres_by_code=spheres_by_code))
    existing = _existing_organizations(rows)
    seen_in_file: dict = {}
    seen_organizations: dict = {}
    for row in rows:
        _match(row, existing, seen_in_file, seen_organizations)
    matched_ids = [row.organization.pk for row in rows if row.is_matched]
    with scope(municipality=municipality):
        links = {
            link.organization_id: link
            for chunk in _chunks(matched_ids)
            for link in OrganizationMunicipality.objects.filter(municipality=municipality, organization_id__in=chunk)
        }
    for row in rows:
        if row.is_error:
            row.action = RowAction.ERROR
        elif row.is_matched:
            row.link = links.get(row.organization.pk)
            confirmed = row.link is not None and row.link.status == OrganizationLinkStatus.CONFIRMED
            if row.fill or row.fill_spheres:
                row.action = RowAction.UPDATE
            else:
                row.action = RowAction.UNCHANGED if confirmed else RowAction.LINK
    return ImportReport(rows=rows, ignored_columns=ignored)


# --- Services -----------------------------------------------------------------------------------------


def create_organization_import(
    *, municipality: Municipality, actor: User, content: bytes, file_format: str, original_name: str
) -> OrganizationImport:
    """Store an uploaded file (private storage, a random name) for the dry run and the confirmation."""
    if file_format not in FILE_FORMATS:
        raise ImportFileError()
    organization_import = OrganizationImport(
        municipality=municipality, original_name=original_name[:255], file_format=file_format, created_by=actor,
    )
    organization_import.file.save(f"{uuid.uuid4().hex}.{file_format}", ContentFile(content), save=False)
    organization_import.full_clean()
    organization_import.save()
    services.record_audit(
        actor=actor, action="cooperation.organization_import.uploaded", target=organization_import,
        municipality=municipality, data={"file": organization_import.original_name},
    )
    return organization_import


def _read_import(organization_import: OrganizationImport) -> tablib.Dataset:
    with organization_import.file.open("rb") as handle:
        content = handle.read()
    return read_dataset(content=content, file_format=organization_import.file_format)


def check_organization_import(*, organization_import: OrganizationImport) -> ImportReport:
    """The dry run of a stored upload. Writes nothing."""
    return check_rows(dataset=_read_import(organization_import), municipality=organization_import.municipality)


def _link_confirmed(*, row: RowResult, organization: Organization, municipality: Municipality, actor: User,
                    organization_import: OrganizationImport) -> bool:
    """Link the row's organization to the municipality as confirmed. Returns whether anything changed."""
    note = _("Confirmed by the municipality's import of its NGO base.")
    link = row.link
    if link is None:
        with scopes_disabled():
            link = OrganizationMunicipality(
                organization=organization, municipality=municipality, status=OrganizationLinkStatus.CONFIRMED,
                decided_at=timezone.now(), decided_by=actor, decision_note=note,
            )
            link.full_clean(validate_unique=False, validate_constraints=False)
            link.save()
        services.record_audit(
            actor=actor, action="cooperation.organization_link.confirmed", target=link, municipality=municipality,
            data={"organization": organization.name, "import": organization_import.pk, "row": row.number},
        )
        return True
    if link.status != OrganizationLinkStatus.CONFIRMED:
        services.set_organization_link_status(link=link, actor=actor, status=OrganizationLinkStatus.CONFIRMED, note=note)
        return True
    return False


def _write_row(*, row: RowResult, municipality: Municipality, actor: User,
               organization_import: OrganizationImport) -> dict[str, int]:
    counted = {"created": 0, "updated": 0, "linked": 0}
    audit_data = {"import": organization_import.pk, "row": row.number}
    if row.is_new:
        organization = Organization(**row.values)
        organization.full_clean(**NO_DB_CHECKS)
        organization.save()
        organization.spheres.set(row.spheres)
        counted["created"] = 1
        services.record_audit(
            actor=actor, action="cooperation.organization.imported", target=organization, municipality=municipality,
            data=audit_data,
        )
    else:
        organization = row.organization
        if row.fill:
            for name in row.fill:
                setattr(organization, name, row.values[name])
            organization.full_clean(**NO_DB_CHECKS)
            organization.save(update_fields=[*row.fill, "updated_at"])
        if row.fill_spheres:
            organization.spheres.set(row.spheres)
        if row.fill or row.fill_spheres:
            counted["updated"] = 1
            services.record_audit(
                actor=actor, action="cooperation.organization.updated", target=organization, municipality=municipality,
                data={"fields": sorted(row.fill + (["spheres"] if row.fill_spheres else [])), **audit_data},
            )
    if _link_confirmed(row=row, organization=organization, municipality=municipality, actor=actor,
                       organization_import=organization_import):
        counted["linked"] = 1
    return counted


@transaction.atomic
def confirm_organization_import(*, organization_import: OrganizationImport, actor: User) -> dict:
    """Write the good rows of a checked file: create new organizations (no owner: imported NGOs have no
    account yet), fill only the empty fields of matched ones (never overwrite what an NGO entered), and
    link every row's organization to the municipality as confirmed. Bad rows are skipped.

    The import is claimed with a conditional UPDATE first, so a second confirmation (double click, two
    tabs) gets "already imported" instead of a second import."""
    municipality = organization_import.municipality
    now = timezone.now()
    with scope(municipality=municipality):
        claimed = OrganizationImport.objects.filter(pk=organization_import.pk, confirmed_at__isnull=True).update(
            confirmed_at=now
        )
    if not claimed:
        raise AlreadyImported()
    report = check_organization_import(organization_import=organization_import)
    if not report.good_rows:
        raise NothingToImport()
    created = updated = linked = 0
    for row in report.good_rows:
        try:
            counted = _write_row(row=row, municipality=municipality, actor=actor, organization_import=organization_import)
        except (ValidationError, IntegrityError) as exc:  # changed since the check, e.g. an NGO registered meanwhile
            error = "; ".join(exc.messages) if isinstance(exc, ValidationError) else _("a duplicate identifier")
            raise DomainError(
                _("Row %(row)d could not be saved (%(error)s). Nothing was imported: check the file again.")
                % {"row": row.number, "error": error}
            ) from exc
        created += counted["created"]
        updated += counted["updated"]
        linked += counted["linked"]
    summary = {
        **report.counts(),
        "created": created,
        "updated": updated,
        "linked": linked,
        "skipped_rows": [row.number for row in report.error_rows],
    }
    organization_import.confirmed_at = now
    organization_import.summary = summary
    with scope(municipality=municipality):
        OrganizationImport.objects.filter(pk=organization_import.pk).update(summary=summary)
    services.record_audit(
        actor=actor, action="cooperation.organization_import.confirmed", target=organization_import,
        municipality=municipality, data=summary,
    )
    return summary


# --- Export -------------------------------------------------------------------------------------------


def export_rows(*, municipality: Municipality) -> Iterator[list[str]]:
    """One row of text per confirmed organization of the municipality, in the import's columns (the header is
    `resources.export_header()`); streamed by cooperation.exporting as CSV or XLSX. A database iterator with
    the spheres prefetched per chunk: a constant number of queries, constant memory."""
    return resource_export_rows(selectors.address_base(municipality))


def _escape_formula(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_START) else value


def record_export(*, municipality: Municipality, actor: User, file_format: str) -> None:
    services.record_audit(
        actor=actor, action="cooperation.organization_base.exported", municipality=municipality,
        data={"format": file_format},
    )


def export_filename(*, municipality: Municipality, file_format: str) -> str:
    return f"organizacje-{municipality.slug}-{timezone.localdate():%Y-%m-%d}.{file_format}"
