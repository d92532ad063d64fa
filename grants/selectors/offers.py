"""Reads of offers: what an NGO member sees ("My offers"), the offer laid out as the official form, and the
comparison of two versions."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, QuerySet
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from consultations.documents import word_diff
from cooperation.selectors import organization_ids_of

from .. import offer_content
from ..models import Offer, OfferVersion


def offers_of_user(user) -> QuerySet[Offer]:
    """Every offer of the organizations the user belongs to, across municipalities (the portal-level "My
    offers" page runs outside any municipality's scope; the filter on the user's organizations is the guard)."""
    ids = organization_ids_of(user)
    with scopes_disabled():
        return (Offer.objects.filter(organization_id__in=ids)
                .select_related("municipality", "organization", "call")
                .annotate(version_count=Count("versions"), latest_version=Max("versions__number"))
                .order_by("-created_at", "-id"))


def versions_of(offer: Offer) -> QuerySet[OfferVersion]:
    return OfferVersion.objects.filter(offer=offer).select_related("created_by").order_by("number")


def pdf_filename(offer: Offer, version: OfferVersion) -> str:
    """oferta-3-2027-12-wersja-1.pdf: what the browser saves the official PDF as."""
    from django.utils.text import slugify

    number = (offer.number or str(offer.pk)).replace("/", "-")
    return f"{slugify(f'oferta-{number}-wersja-{version.number}')}.pdf"


# --- The offer as the official form ------------------------------------------------------------------------------


def document_context(content: dict, *, offer: Offer | None = None, version: OfferVersion | None = None) -> dict:
    """Everything templates/grants/offers/_document.html needs besides `offer` itself: the normalized content,
    tables V.A-V.C and the version's details. The same for the preview, the read-only pages and the PDF."""
    normalized = offer_content.normalize(content)
    years, cost_rows = offer_content.cost_table(normalized)
    offeror_years, offeror_rows, sums = offer_content.offeror_table(normalized)
    activities_by_year: dict[str, list] = {}
    for index, activity in enumerate(normalized["activities"], start=1):
        activities_by_year.setdefault(activity["year"], []).append((index, activity))
    activity_names = {a["id"]: a["name"] for a in normalized["activities"]}
    for row in cost_rows:
        row.year_values = [row.years.get(year) for year in years]
    for row in offeror_rows:
        row["year_values"] = [row["years"].get(year) for year in offeror_years]
    return {
        "doc": normalized,
        "joint": len(normalized["offerors"]) > 1,
        "years": years,
        "cost_rows": cost_rows,
        "funding_rows": offer_content.funding_table(normalized),
        "offeror_years": offeror_years,
        "offeror_rows": offeror_rows,
        "offeror_year_totals": [sums.by_year.get(year) for year in offeror_years],
        "year_totals": [(year, sums.by_year.get(year, offer_content.ZERO)) for year in years],
        "sums": sums,
        "start_date": offer_content.parse_date(normalized["start"]),
        "end_date": offer_content.parse_date(normalized["end"]),
        "activities_by_year": sorted(activities_by_year.items()),
        "activity_names": activity_names,
        "version": version,
        "checksum": offer_content.checksum(version.content) if version is not None else "",
        "tax_arrears": normalized["declarations"]["tax_arrears"],
        "social_insurance_arrears": normalized["declarations"]["social_insurance_arrears"],
        "krs": any(o["register"].upper().startswith("KRS") for o in normalized["offerors"]),
    }


# --- Comparing versions --------------------------------------------------------------------------------------------

TEXT_FIELDS = [
    ("title", _("III.1 Title of the task")),
    ("start", _("III.2 Start date")),
    ("end", _("III.2 End date")),
    ("synopsis", _("III.3 Synopsis of the task")),
    ("results_description.products", _("III.5 Direct products and services")),
    ("results_description.change", _("III.5 Social change")),
    ("results_description.sustainability", _("III.5 Sustainability of the results")),
    ("experience", _("IV.1 Earlier activity of the offeror")),
    ("resources", _("IV.2 Human, material and financial resources")),
    ("paid_activity", _("VI.1 Paid or unpaid performance")),
    ("joint_roles", _("VI.2 Activities of each offeror and their representation")),
    ("other_information", _("VI.3 Other information")),
    ("contact.name", _("II.2 Person who answers questions")),
    ("contact.phone", _("II.2 Phone")),
    ("contact.email", _("II.2 E-mail")),
]
OFFEROR_LABELS = {
    "name": _("name"), "legal_form": _("legal form"), "register": _("register and number"), "address": _("seat"),
    "correspondence_address": _("address for correspondence"), "website": _("website"), "email": _("e-mail"),
    "phone": _("phone"),
}
ACTIVITY_LABELS = {
    "year": _("year"), "name": _("name"), "description": _("description"), "target_group": _("target group"),
    "period": _("planned dates"), "subcontractor": _("part done by an entity that is not a party"),
}
RESULT_LABELS = {"name": _("result"), "target": _("target value"), "monitoring": _("how it is monitored")}
COST_LABELS = {
    "category": _("kind of cost"), "activity_id": _("activity"), "name": _("cost"), "unit": _("unit"),
    "unit_cost": _("unit cost"), "quantity": _("number of units"), "offeror": _("offeror"),
}
FUNDING_LABELS = {
    "grant": _("V.B 2 Grant requested"), "own_financial": _("V.B 3.1 Own financial contribution"),
    "own_non_financial": _("V.B 3.2 Own non-financial contribution"),
    "beneficiary_fees": _("V.B 4 Fees from the beneficiaries"),
}
DECLARATION_LABELS = {
    "only_statutory_activity": _("VII.1 Only within public benefit activity"),
    "fees_only_in_paid_activity": _("VII.2 Fees only within paid activity"),
    "tax_arrears": _("VII.3 Tax arrears"),
    "social_insurance_arrears": _("VII.4 Social insurance arrears"),
    "register_data_current": _("VII.5 Data agree with the register"),
    "information_true": _("VII.6 Information true and current"),
    "personal_data_consents": _("VII.7 Personal data statements obtained"),
}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str
    html: SafeString


@dataclass
class CostChange:
    kind: str  # "added", "removed", "changed"
    name: str
    old_value: Decimal | None
    new_value: Decimal | None
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class OfferDiff:
    fields: list[FieldChange]
    costs: list[CostChange]
    amounts: list[FieldChange]

    @property
    def empty(self) -> bool:
        return not (self.fields or self.costs or self.amounts)


def _get(document: dict, path: str):
    value = document
    for part in path.split("."):
        value = value.get(part, "") if isinstance(value, dict) else ""
    return value


def _text(value) -> str:
    if value is True:
        return str(_("yes"))
    if value is False:
        return str(_("no"))
    return "" if value is None else str(value)


def _change(label, old, new, *, words: bool = False) -> FieldChange | None:
    old, new = _text(old), _text(new)
    if old == new:
        return None
    if words:
        html = word_diff(old, new)
    else:
        html = mark_safe(  # noqa: S308 - both sides escaped
            (f"<del>{escape(old)}</del> " if old else "") + (f"<ins>{escape(new)}</ins>" if new else ""))
    return FieldChange(str(label), old, new, html)


def _money(value: Decimal | None) -> str:
    return "" if value is None else number_format(value, 2, force_grouping=True)


def _rows_by_key(rows: list[dict], key: str) -> dict:
    return {row[key]: row for row in rows}


def _content(item) -> dict:
    return item.content if isinstance(item, OfferVersion) else item


def diff_versions(a, b) -> OfferDiff:
    """What changed from `a` to `b` (two OfferVersions or two content documents): fields with readable labels
    (texts compared word by word), activities, results and offerors, cost lines matched by their id (added,
    removed, changed with their amounts) and the totals of sections V.A and V.B."""
    old, new = offer_content.normalize(_content(a)), offer_content.normalize(_content(b))
    fields: list[FieldChange] = []

    def add(change):
        if change is not None:
            fields.append(change)

    for path, label in TEXT_FIELDS:
        add(_change(label, _get(old, path), _get(new, path), words=True))
    for index in range(max(len(old["offerors"]), len(new["offerors"]))):
        before = old["offerors"][index] if index < len(old["offerors"]) else {}
        after = new["offerors"][index] if index < len(new["offerors"]) else {}
        for key, label in OFFEROR_LABELS.items():
            add(_change(_("II.1 Offeror %(n)d: %(field)s") % {"n": index + 1, "field": label},
                        before.get(key, ""), after.get(key, "")))
    old_activities, new_activities = _rows_by_key(old["activities"], "id"), _rows_by_key(new["activities"], "id")
    for number, activity_id in enumerate(list(dict.fromkeys([*old_activities, *new_activities])), start=1):
        before, after = old_activities.get(activity_id, {}), new_activities.get(activity_id, {})
        name = after.get("name") or before.get("name") or str(number)
        for key, label in ACTIVITY_LABELS.items():
            add(_change(_("III.4 Activity “%(name)s”: %(field)s") % {"name": name, "field": label},
                        before.get(key, ""), after.get(key, ""), words=key == "description"))
    for index in range(max(len(old["results"]), len(new["results"]))):
        before = old["results"][index] if index < len(old["results"]) else {}
        after = new["results"][index] if index < len(new["results"]) else {}
        for key, label in RESULT_LABELS.items():
            add(_change(_("III.6 Result %(n)d: %(field)s") % {"n": index + 1, "field": label},
                        before.get(key, ""), after.get(key, "")))
    for key, label in DECLARATION_LABELS.items():
        add(_change(label, old["declarations"].get(key), new["declarations"].get(key)))

    costs = _cost_changes(old, new)
    old_sums, new_sums = offer_content.totals(old), offer_content.totals(new)
    amounts = []
    for label, before, after in [
        (_("V.A Costs of the activities"), old_sums.activity_costs, new_sums.activity_costs),
        (_("V.A Administrative costs"), old_sums.administrative_costs, new_sums.administrative_costs),
        (_("V.A All costs"), old_sums.total, new_sums.total),
        *[(FUNDING_LABELS[key], old_sums.funding[key], new_sums.funding[key]) for key in offer_content.FUNDING_KEYS],
    ]:
        if before != after:
            amounts.append(FieldChange(str(label), _money(before), _money(after),
                                       mark_safe(f"<del>{escape(_money(before))}</del> "  # noqa: S308
                                                 f"<ins>{escape(_money(after))}</ins>")))
    return OfferDiff(fields=fields, costs=costs, amounts=amounts)


def _cost_changes(old: dict, new: dict) -> list[CostChange]:
    activity_names = {a["id"]: a["name"] for a in [*old["activities"], *new["activities"]]}
    old_lines, new_lines = _rows_by_key(old["costs"], "id"), _rows_by_key(new["costs"], "id")
    changes = []
    for line_id in dict.fromkeys([*old_lines, *new_lines]):
        before, after = old_lines.get(line_id), new_lines.get(line_id)
        if before is None:
            changes.append(CostChange("added", after["name"], None, offer_content.line_value(after)))
            continue
        if after is None:
            changes.append(CostChange("removed", before["name"], offer_content.line_value(before), None))
            continue
        line_fields = []
        for key, label in COST_LABELS.items():
            old_value, new_value = before.get(key), after.get(key)
            if key == "activity_id":
                old_value, new_value = activity_names.get(old_value, ""), activity_names.get(new_value, "")
            change = _change(label, old_value, new_value)
            if change is not None:
                line_fields.append(change)
        for year in sorted(set(before["years"]) | set(after["years"])):
            change = _change(_("value in %(year)s") % {"year": year}, before["years"].get(year, ""),
                             after["years"].get(year, ""))
            if change is not None:
                line_fields.append(change)
        old_value, new_value = offer_content.line_value(before), offer_content.line_value(after)
        if line_fields or old_value != new_value:
            changes.append(CostChange("changed", after["name"] or before["name"], old_value, new_value, line_fields))
    return changes
