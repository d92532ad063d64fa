"""Test data for grants: a call with the statutory criteria, and offer content that passes every check.

These write models directly (fast); tests of the services themselves call the services."""

from copy import deepcopy
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from django_scopes import scopes_disabled

from cooperation.models import Sphere
from grants.enums import CallStatus, StatutoryCriterion, TaskForm
from grants.models import Call, Criterion, FormalRequirement, RequiredAttachment

STATUTORY_POINTS = {
    StatutoryCriterion.ABILITY: 10, StatutoryCriterion.COSTS: 10, StatutoryCriterion.QUALITY: 10,
    StatutoryCriterion.OWN_FUNDS: 5, StatutoryCriterion.IN_KIND: 5, StatutoryCriterion.PAST_PERFORMANCE: 5,
}


def make_call(municipality, *, status=CallStatus.PUBLISHED, deadline=None, form=TaskForm.SUPPORT, year=None,
              **fields):
    """A call open for offers (deadline in 10 days unless given) with the statutory criteria, two formal
    requirements and one required attachment."""
    now = timezone.now()
    year = year or (now.year + 1)
    published_on = (now - timedelta(days=15)).date()
    defaults = {
        "number": f"1/{year}", "title": "Wspieranie aktywności seniorów", "task_type": "Zajęcia aktywizujące dla seniorów",
        "form": form, "total_funds": Decimal("100000.00"), "min_grant": Decimal("1000.00"), "max_grant": Decimal("20000.00"),
        "min_own_financial_percent": Decimal("5.00"), "min_own_total_percent": Decimal("10.00"),
        "admin_costs_cap_percent": Decimal("15.00"), "task_start_earliest": date(year, 1, 1),
        "task_end_latest": date(year, 12, 31), "deadline": deadline or now + timedelta(days=10),
        "selection_by": (now + timedelta(days=40)).date(), "published_bip_on": published_on,
        "published_board_on": published_on, "published_website_on": published_on, "status": status,
        "published_at": None if status == CallStatus.DRAFT else now - timedelta(days=15),
        "contact_person": "Oskar Pełnomocnik", "contact_email": "ngo@gmina.example.pl",
    }
    defaults.update(fields)
    with scopes_disabled():
        call = Call.objects.create(municipality=municipality, **defaults)
        call.spheres.set(Sphere.objects.filter(code__in=["16"]))
        for order, (code, points) in enumerate(STATUTORY_POINTS.items()):
            if code == StatutoryCriterion.OWN_FUNDS and form != TaskForm.SUPPORT:
                continue
            Criterion.objects.create(call=call, order=order, statutory=code, name=code.label, max_points=points)
        Criterion.objects.create(call=call, order=10, name="Zgodność z priorytetem programu współpracy",
                                 max_points=5, programme_priority="Aktywność osób starszych")
        FormalRequirement.objects.create(call=call, order=1, text="Oferta złożona w terminie")
        FormalRequirement.objects.create(call=call, order=2, text="Oferta podpisana przez osoby upoważnione")
        RequiredAttachment.objects.create(call=call, order=1, name="Statut organizacji", mandatory=False)
    return call


VALID_CONTENT = {
    "task_type": "Zajęcia aktywizujące dla seniorów",
    "offerors": [{
        "organization_id": None, "name": "Stowarzyszenie Aktywni Razem", "legal_form": "association",
        "register": "KRS 0000123456", "address": "ul. Zwycięstwa 10, 75-001 Koszalin", "correspondence_address": "",
        "website": "", "email": "biuro@aktywni.example.pl", "phone": "+48 94 123 45 67",
    }],
    "contact": {"name": "Anna Nowak", "phone": "+48 600 100 200", "email": "anna@aktywni.example.pl"},
    "title": "Seniorzy w ruchu",
    "start": "{year}-03-01",
    "end": "{year}-11-30",
    "synopsis": "Cotygodniowe zajęcia ruchowe i warsztaty dla 40 seniorów z osiedla Przylesie.",
    "activities": [
        {"id": "a1", "year": "{year}", "name": "Zajęcia ruchowe", "description": "Gimnastyka dwa razy w tygodniu",
         "target_group": "Seniorzy 60+", "period": "03-11.{year}", "subcontractor": ""},
        {"id": "a2", "year": "{year}", "name": "Warsztaty kulinarne", "description": "Zdrowe żywienie",
         "target_group": "Seniorzy 60+", "period": "04-06.{year}", "subcontractor": ""},
    ],
    "results_description": {"products": "60 zajęć, 6 warsztatów", "change": "Większa sprawność uczestników",
                            "sustainability": "Grupa będzie spotykać się dalej w klubie seniora"},
    "results": [{"name": "Liczba uczestników", "target": "40", "monitoring": "Listy obecności"}],
    "experience": "Od 2015 r. prowadzimy klub seniora.",
    "resources": "Sala klubu, dwóch instruktorów, 5 wolontariuszy.",
    "costs": [
        {"id": "c1", "category": "activity", "activity_id": "a1", "name": "Wynagrodzenie instruktora",
         "unit": "godzina", "unit_cost": "100.00", "quantity": "120", "years": {"{year}": "12000.00"}, "offeror": 0},
        {"id": "c2", "category": "activity", "activity_id": "a2", "name": "Produkty na warsztaty",
         "unit": "warsztat", "unit_cost": "250.00", "quantity": "6", "years": {"{year}": "1500.00"}, "offeror": 0},
        {"id": "c3", "category": "administrative", "activity_id": None, "name": "Obsługa księgowa",
         "unit": "miesiąc", "unit_cost": "150.00", "quantity": "9", "years": {"{year}": "1350.00"}, "offeror": 0},
    ],
    # 14,850.00 in all: grant 12,000.00 (80.81%), own financial 1,000.00 (6.73%), non-financial 1,850.00.
    "funding": {"grant": "12000.00", "own_financial": "1000.00", "own_non_financial": "1850.00",
                "beneficiary_fees": "0.00"},
    "paid_activity": "unpaid",
    "joint_roles": "",
    "other_information": "",
    "declarations": {
        "only_statutory_activity": True, "fees_only_in_paid_activity": True, "no_tax_arrears": True,
        "no_social_insurance_arrears": True, "register_data_current": True, "information_true": True,
        "personal_data_consents": True,
    },
}


def _fill_year(value, year):
    if isinstance(value, str):
        return value.replace("{year}", str(year))
    if isinstance(value, dict):
        return {_fill_year(k, year): _fill_year(v, year) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill_year(v, year) for v in value]
    return value


def offer_content(year=None, **overrides) -> dict:
    """A complete, valid offer for a call whose tasks run in `year` (next year by default)."""
    content = _fill_year(deepcopy(VALID_CONTENT), year or timezone.now().year + 1)
    content.update(overrides)
    return content
