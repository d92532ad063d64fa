"""Test data after the award: awarded offers (through offer_factories.make_offer), contracts with tranches,
reports and small grant offers, written straight into the database. Tests of the services themselves call
the services; these only set the stage."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import count

from django.utils import timezone
from django_scopes import scopes_disabled

from cooperation.enums import MembershipRole, OrganizationLinkStatus
from grants import offer_content
from grants.enums import ContractStatus, OfferKind, OfferStatus, ReportKind, ReportStatus, VersionReason
from grants.models import Contract, Offer, OfferVersion, TaskReport, Tranche
from grants.services import awards as award_services
from grants.services import small_grants as small_grant_services
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OfficerFactory,
    OrganizationFactory,
    OrganizationMunicipalityFactory,
    UserFactory,
)

from .factories import make_call
from .factories import offer_content as valid_content
from .offer_factories import make_offer

_numbers = count(1)


def make_awarded_offer(call, organization, *, amount=None, content=None, **fields) -> Offer:
    """An offer awarded `amount` (the whole grant requested by default)."""
    offer = make_offer(call, organization, OfferStatus.AWARDED, content, **fields)
    with scopes_disabled():
        offer.awarded_amount = offer.requested_grant if amount is None else Decimal(amount)
        offer.decided_at = timezone.now() - timedelta(days=1)
        offer.save(update_fields=["awarded_amount", "decided_at"])
    return offer


def make_contract(offer, *, status=ContractStatus.SIGNED, number=None, signed_on=None, tranches=None,
                  cost_shift_percent=Decimal("10.00")) -> Contract:
    """A contract on the offer's latest version with one tranche per budget year (the grant split evenly,
    the remainder in the last year)."""
    with scopes_disabled():
        version = offer.versions.order_by("-number").first()
        start = offer_content.parse_date(version.content["start"])
        end = offer_content.parse_date(version.content["end"])
        contract = Contract.objects.create(
            municipality=offer.municipality, offer=offer, version=version, number=number or f"DS.524.{next(_numbers)}",
            status=status, grant_amount=offer.awarded_amount, task_start=start, task_end=end,
            bank_account="PL61109010140000071219812874", cost_shift_percent=cost_shift_percent,
            signed_on=signed_on or (None if status == ContractStatus.DRAFT else start - timedelta(days=10)),
            municipality_represented_by="Piotr Jedliński – Prezydent Miasta",
            organization_represented_by="Anna Nowak – Prezes Zarządu",
        )
        if tranches is None:
            years = list(range(start.year, end.year + 1))
            share = (offer.awarded_amount / len(years)).quantize(Decimal("0.01"))
            tranches = [(year, share if i < len(years) - 1 else offer.awarded_amount - share * (len(years) - 1),
                         date(year, 1, 31) if i else start) for i, year in enumerate(years)]
        for year, value, due_on in tranches:
            Tranche.objects.create(contract=contract, year=year, amount=Decimal(value), due_on=due_on)
    return contract


def filled_report_content(contract, period_start=None, period_end=None, *, spent_ratio=Decimal("1")) -> dict:
    """A complete report: every line spent as planned (times `spent_ratio`), sources in the planned
    proportion with the remainder in own non-financial, every text written and every statement given."""
    content = award_services.build_report_content(contract, period_start or contract.task_start,
                                                  period_end or contract.task_end)
    total = Decimal("0.00")
    for line in content["costs"]:
        for year, planned in line["planned_years"].items():
            value = (Decimal(planned) * spent_ratio).quantize(Decimal("0.01"))
            line["incurred"][year] = str(value)
            total += value
    planned = {k: Decimal(v) for k, v in content["funding_planned"].items()}
    planned_total = sum(planned.values())
    grant = min((planned["grant"] * total / planned_total).quantize(Decimal("0.01")), contract.grant_amount)
    own_financial = (planned["own_financial"] * total / planned_total).quantize(Decimal("0.01"))
    fees = (planned["beneficiary_fees"] * total / planned_total).quantize(Decimal("0.01"))
    content["funding_incurred"] = {"grant": str(grant), "own_financial": str(own_financial),
                                   "own_non_financial": str(total - grant - own_financial - fees),
                                   "beneficiary_fees": str(fees)}
    content["other_revenue"] = {"interest": "12.34", "other": "0.00", "description": "Odsetki na rachunku."}
    content["summary"] = "Zadanie zrealizowano w całości: 40 seniorów uczestniczyło w zajęciach."
    content["additional_information"] = "Brak."
    for result in content["results"]:
        result["achieved"] = result["target"]
    for activity in content["activities"]:
        activity["done"] = "Zrealizowano zgodnie z harmonogramem."
    content["statements"] = dict.fromkeys(award_services.STATEMENT_KEYS, True)
    return content


def make_report(contract, *, kind=ReportKind.FINAL, status=ReportStatus.DRAFT, filled=True, **fields) -> TaskReport:
    with scopes_disabled():
        start, end = fields.pop("period_start", contract.task_start), fields.pop("period_end", contract.task_end)
        content = (filled_report_content(contract, start, end) if filled
                   else award_services.build_report_content(contract, start, end))
        submitted = status != ReportStatus.DRAFT
        return TaskReport.objects.create(
            contract=contract, kind=kind, status=status, period_start=start, period_end=end, content=content,
            submitted_at=timezone.now() - timedelta(days=2) if submitted else None,
            decided_at=timezone.now() - timedelta(days=1) if status in (ReportStatus.ACCEPTED, ReportStatus.RETURNED)
            else None, **fields)


# --- Small grants -----------------------------------------------------------------------------------------------


def small_grant_form_data(*, start=None, days=60, grant="8000.00", **overrides) -> dict:
    """What the simplified offer form hands to services.small_grants.build_content: a 60-day task costing
    9,500 zł with a grant of 8,000 zł."""
    start = start or date(timezone.localdate().year + 1, 3, 2)
    data = {
        "task_type": "Kultura, sztuka, ochrona dóbr kultury i dziedzictwa narodowego",
        "form": "support", "title": "Festyn sąsiedzki na Przylesiu",
        "start": start, "end": start + timedelta(days=days - 1), "place": "Park osiedlowy Przylesie, Koszalin",
        "synopsis": "Festyn z warsztatami dla dzieci i koncertem lokalnych zespołów.",
        "results": "Festyn dla 300 mieszkańców, 6 warsztatów.",
        "costs": [
            {"name": "Nagłośnienie", "category": "activity", "unit": "usługa", "quantity": "1", "unit_cost": "3000.00"},
            {"name": "Materiały na warsztaty", "category": "activity", "unit": "komplet", "quantity": "6",
             "unit_cost": "750.00"},
            {"name": "Obsługa księgowa", "category": "administrative", "unit": "usługa", "quantity": "1",
             "unit_cost": "2000.00"},
        ],
        "funding": {"grant": grant, "own_financial": "500.00",
                    "own_non_financial": str(Decimal("9000.00") - Decimal(grant)), "beneficiary_fees": "0.00"},
        "contact": {"name": "Anna Nowak", "phone": "+48 600 100 200", "email": "anna@example.pl"},
        "paid_activity": "unpaid",
        "declarations": {**dict.fromkeys(offer_content.DECLARATION_KEYS, True),
                         **dict.fromkeys(offer_content.ARREARS_KEYS, "none")},
    }
    data.update(overrides)
    return data


def make_small_grant(municipality, organization, *, status=OfferStatus.SUBMITTED, published_days_ago=None,
                     awarded=None, decided_at=None, data=None, number=None, submitted_at=None) -> Offer:
    """A small grant offer written straight into the database. `published_days_ago` publishes it that many
    days ago (comments until the end of the 7th day after); `awarded` makes it awarded with that amount."""
    content = small_grant_services.build_content(organization=organization, data=data or small_grant_form_data())
    membership = organization.memberships.select_related("user").first()
    creator = membership.user if membership else UserFactory()
    with scopes_disabled():
        draft = status == OfferStatus.DRAFT
        now = timezone.now()
        offer = Offer(
            municipality=municipality, kind=OfferKind.SMALL_GRANT, call=None, organization=organization,
            status=OfferStatus.AWARDED if awarded is not None else status,
            number="" if draft else (number or f"MG/T/{next(_numbers):04d}"), draft=content, created_by=creator,
            submitted_at=None if draft else (submitted_at or now - timedelta(days=(published_days_ago or 0) + 2)),
            **offer_content.summary(content),
        )
        if published_days_ago is not None:
            offer.published_at = now - timedelta(days=published_days_ago)
            offer.comments_until = small_grant_services.comments_until_for(offer.published_at, 7)
        if awarded is not None:
            offer.awarded_amount = Decimal(awarded)
            offer.decided_at = decided_at or now
        offer.save()
        if not draft:
            OfferVersion.objects.create(offer=offer, number=1, reason=VersionReason.SUBMISSION, content=content)
    return offer


@dataclass
class AwardWorld:
    municipality: object
    officer: object
    call: object
    org_a: object
    org_b: object
    owner_a: object
    owner_b: object
    offer_a: object
    offer_b: object


def award_world(municipality=None) -> AwardWorld:
    """A call with two awarded offers of two organizations (each with an owner), both confirmed in the
    municipality; offer A got its whole grant (12,000 zł), offer B got 9,000 zł of the 12,000 zł asked."""
    municipality = municipality or MunicipalityFactory(city="Koszalin", street="ul. Rynek Staromiejski 6-7",
                                                       postal_code="75-007")
    officer = OfficerFactory(municipality=municipality).user
    call = make_call(municipality, created_by=officer)
    org_a = OrganizationFactory(name="Stowarzyszenie Aktywni Razem")
    org_b = OrganizationFactory(name="Fundacja Bliżej Seniora")
    for organization in (org_a, org_b):
        OrganizationMunicipalityFactory(organization=organization, municipality=municipality,
                                        status=OrganizationLinkStatus.CONFIRMED)
    owner_a = MembershipFactory(organization=org_a, role=MembershipRole.OWNER).user
    owner_b = MembershipFactory(organization=org_b, role=MembershipRole.OWNER).user
    offer_a = make_awarded_offer(call, org_a, number="1/2027")
    offer_b = make_awarded_offer(call, org_b, number="2/2027", amount="9000.00",
                                 content=valid_content(year=call.task_start_earliest.year, title="Aktywny senior"))
    return AwardWorld(municipality, officer, call, org_a, org_b, owner_a, owner_b, offer_a, offer_b)


def budget_content(offer, *, instructor_quantity="90", own_financial="1000.00", own_non_financial=None) -> dict:
    """Offer B's content with the instructor's hours cut so that a grant of 9,000 zł fits. The instructor
    line is 100 zł × `instructor_quantity`; the own non-financial contribution closes the sum."""
    with scopes_disabled():
        content = offer.versions.order_by("-number").first().content
    content = {**content, "costs": [dict(line) for line in content["costs"]]}
    year = content["start"][:4]
    instructor = content["costs"][0]
    instructor["quantity"] = instructor_quantity
    instructor["years"] = {year: str(offer_content.line_value(instructor))}
    total = sum(offer_content.line_value(line) for line in content["costs"])
    grant = offer.awarded_amount
    non_financial = own_non_financial or str(total - grant - Decimal(own_financial))
    content["funding"] = {"grant": str(grant), "own_financial": own_financial, "own_non_financial": non_financial,
                          "beneficiary_fees": "0.00"}
    return content
