"""Test data of the local initiative: the council's rules and applications in any status, made through the
services (as the portal writes them). Tests of a service call it themselves; these set the stage."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from django_scopes import scopes_disabled

from grants.initiatives import services
from grants.initiatives.enums import InitiativeScope, InitiativeStatus, MunicipalShare
from grants.initiatives.models import InitiativeApplication
from tests.factories import OfficerFactory, UserFactory

CRITERIA = [
    services.CriterionData(name="Wkład pracy społecznej mieszkańców", weight=Decimal("4"), is_social_work=True),
    services.CriterionData(name="Wkład finansowy i rzeczowy", weight=Decimal("2.5")),
    services.CriterionData(name="Trwałość efektów", weight=Decimal("1.5")),
]


def make_rules(municipality, *, hour_value=Decimal("35.50"), criteria=None, actor=None):
    with scopes_disabled():
        return services.save_rules(
            municipality=municipality, actor=actor, resolution_number="XL/512/2026",
            resolution_date=date(2026, 3, 26), resolution_url="https://bip.example.pl/uchwala",
            mode="Wnioski składa się w Biurze Rady.", hour_value=hour_value, criteria=criteria or CRITERIA)


def application_data(**overrides) -> dict:
    start = timezone.localdate() + timedelta(days=30)
    data = {
        "contact_name": "Jan Sąsiad", "contact_email": "jan.sasiad@example.pl", "contact_phone": "600 100 200",
        "residents_count": 12, "title": "Remont placu zabaw przy ul. Lipowej",
        "scope": InitiativeScope.COMMUNITY_DEVELOPMENT, "description": "Mieszkańcy odnowią plac zabaw.",
        "place": "Koszalin, ul. Lipowa 5", "start": start, "end": start + timedelta(days=60),
        "social_work_people": 10, "social_work_hours": Decimal("120.5"),
        "social_work_description": "Malowanie, montaż, sprzątanie", "money_contribution": Decimal("500.00"),
        "schedule": [{"step": "Przygotowanie terenu", "start": start, "end": start + timedelta(days=7)}],
        "in_kind": [{"item": "Farby", "value": "300.10"}, {"item": "Narzędzia", "value": "199.95"}],
        "municipal_items": [{"item": "Nowa huśtawka", "kind": MunicipalShare.BUY, "value": "4500.00"},
                            {"item": "Kontener na odpady", "kind": MunicipalShare.LEND, "value": "350.00"}],
    }
    data.update(overrides)
    return data


def make_application(municipality, *, status=InitiativeStatus.SUBMITTED, user=None, organization=None,
                     officer=None, **overrides) -> InitiativeApplication:
    """An application moved through the services up to `status` (rules are made when missing)."""
    with scopes_disabled():
        if services.rules_of(municipality) is None:
            make_rules(municipality)
        if organization is not None and user is None:
            membership = organization.memberships.select_related("user").first()
            user = membership.user
        user = user or UserFactory()
        application = services.create_application(municipality=municipality, actor=user, organization=organization,
                                                   data=application_data(**overrides))
        if status == InitiativeStatus.DRAFT:
            return application
        services.submit_application(application=application, actor=user)
        officer = officer or OfficerFactory(municipality=municipality).user
        if status == InitiativeStatus.RETURNED:
            return services.return_application(application=application, actor=officer, note="Uzupełnij harmonogram.")
        if status == InitiativeStatus.SUBMITTED:
            return application
        rules = services.rules_of(municipality)
        services.assess_application(application=application, actor=officer,
                                    points={c.pk: 8 for c in rules.criteria.all()}, justification="Potrzebne.")
        if status == InitiativeStatus.ASSESSED:
            return application
        services.decide_application(application=application, actor=officer,
                                    accept=status != InitiativeStatus.REJECTED, reasons="Zgodnie z kryteriami.")
        if status in (InitiativeStatus.ACCEPTED, InitiativeStatus.REJECTED):
            return application
        services.save_agreement(application=application, actor=officer,
                                data=services.agreement_initial(application))
        services.sign_agreement(application=application, actor=officer, signed_on=timezone.localdate())
        if status == InitiativeStatus.AGREEMENT_SIGNED:
            return application
        services.complete_application(application=application, actor=officer, actual_hours=Decimal("130"),
                                      actual_money=Decimal("500.00"), actual_in_kind=Decimal("500.05"),
                                      actual_municipal=Decimal("4700.00"), result="Plac zabaw odnowiony.")
        return application
