"""Demo data of initiatives, called from grants/demo.py. Every write goes through the services.

Koszalin: the council's rules (a resolution with four criteria, the residents' social work weighing most, an hour
valued at 35.50 zł); a playground renovated by residents of ul. Lipowa, accepted with a signed agreement; and an
application of an organization on behalf of residents, submitted and waiting for the assessment. Idempotent:
nothing is added when Koszalin already has the rules."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from django_scopes import scopes_disabled

from cooperation.enums import OrganizationLinkStatus
from cooperation.models import Membership, User

from . import services
from .enums import InitiativeScope, MunicipalShare
from .models import InitiativeRules

RESIDENT_EMAIL = "mieszkaniec@wspolpraca.test"
CRITERIA = [
    services.CriterionData(
        name="Wkład pracy społecznej mieszkańców", weight=Decimal("4"), is_social_work=True,
        description="Liczba godzin i osób wykonujących pracę społeczną w stosunku do zakresu inicjatywy."),
    services.CriterionData(name="Wkład finansowy i rzeczowy mieszkańców", weight=Decimal("2"),
                           description="Pieniądze, materiały i sprzęt wniesione przez wnioskodawców."),
    services.CriterionData(name="Znaczenie dla społeczności lokalnej", weight=Decimal("2"),
                           description="Liczba mieszkańców, którym inicjatywa służy."),
    services.CriterionData(name="Trwałość efektów", weight=Decimal("1"),
                           description="Czy efekty przetrwają dłużej niż rok i kto o nie zadba."),
]


def seed(municipalities, officers) -> None:
    if not municipalities:
        return
    with scopes_disabled():
        _seed(municipalities[0], officers[0])


def _seed(koszalin, officer) -> None:
    if InitiativeRules.objects.filter(municipality=koszalin).exists():
        return
    services.save_rules(
        municipality=koszalin, actor=officer, resolution_number="XXXIV/421/2026", resolution_date=date(2026, 2, 26),
        resolution_url="https://bip.koszalin.pl/uchwaly/xxxiv-421-2026",
        mode="Wnioski przyjmuje Biuro Obsługi Mieszkańców przez cały rok. Wydział Współpracy ocenia je w ciągu "
             "30 dni według kryteriów uchwały; decyzję podejmuje Prezydent Miasta.",
        hour_value=Decimal("35.50"), criteria=CRITERIA)
    today = timezone.localdate()
    resident = User.objects.filter(email=RESIDENT_EMAIL).first()
    if resident is not None:
        _playground(koszalin, officer, resident, today)
    membership = (Membership.objects.filter(
        organization__municipality_links__municipality=koszalin,
        organization__municipality_links__status=OrganizationLinkStatus.CONFIRMED, user__is_active=True)
        .select_related("organization", "user").order_by("organization__name").first())
    if membership is not None:
        _through_organization(koszalin, membership, today)


def _playground(koszalin, officer, resident, today) -> None:
    start = today + timedelta(days=14)
    application = services.create_application(municipality=koszalin, actor=resident, data={
        "contact_name": resident.full_name or "Maria Mieszkańcowa", "contact_email": resident.email,
        "contact_phone": "+48 600 700 800", "residents_count": 18,
        "title": "Remont placu zabaw przy ul. Lipowej", "scope": InitiativeScope.COMMUNITY_DEVELOPMENT,
        "description": "Mieszkańcy osiedla odnowią miejski plac zabaw: pomalują ogrodzenie i urządzenia, wymienią "
                       "piasek w piaskownicy, posadzą krzewy. Miasto kupi nową huśtawkę i bezpieczną nawierzchnię.",
        "place": "Koszalin, plac zabaw przy ul. Lipowej 12 (działka miejska)",
        "start": start, "end": start + timedelta(days=45),
        "social_work_people": 14, "social_work_hours": Decimal("168"),
        "social_work_description": "Malowanie ogrodzenia i urządzeń, wymiana piasku, sadzenie krzewów, sprzątanie.",
        "money_contribution": Decimal("600.00"),
        "schedule": [
            {"step": "Przygotowanie terenu i sprzątanie", "start": start, "end": start + timedelta(days=7)},
            {"step": "Montaż huśtawki i nawierzchni (firma wybrana przez miasto)", "start": start + timedelta(days=8),
             "end": start + timedelta(days=30)},
            {"step": "Malowanie i nasadzenia", "start": start + timedelta(days=31), "end": start + timedelta(days=45)},
        ],
        "in_kind": [{"item": "Farby i pędzle", "value": "420.00"}, {"item": "Sadzonki krzewów", "value": "280.00"}],
        "municipal_items": [
            {"item": "Huśtawka podwójna z montażem", "kind": MunicipalShare.BUY, "value": "7800.00"},
            {"item": "Nawierzchnia bezpieczna (40 m²)", "kind": MunicipalShare.BUY, "value": "6400.00"},
            {"item": "Kontener na odpady i narzędzia z magazynu miejskiego", "kind": MunicipalShare.LEND,
             "value": "450.00"},
        ],
    })
    services.submit_application(application=application, actor=resident)
    criteria = list(services.rules_of(koszalin).criteria.all())
    services.assess_application(application=application, actor=officer,
                                points={c.pk: p for c, p in zip(criteria, (9, 7, 8, 8), strict=True)},
                                justification="Jedyny plac zabaw na osiedlu Lipowa; korzysta z niego około 200 dzieci.")
    services.decide_application(application=application, actor=officer, accept=True,
                                reasons="Wysoki wkład pracy społecznej (168 godzin), plac służy całemu osiedlu.")
    data = services.agreement_initial(application)
    data["municipality_represented_by"] = "Oskar Pełnomocnik, z upoważnienia Prezydenta Miasta"
    services.save_agreement(application=application, actor=officer, data=data)
    services.sign_agreement(application=application, actor=officer, signed_on=today)


def _through_organization(koszalin, membership, today) -> None:
    start = today + timedelta(days=40)
    application = services.create_application(
        municipality=koszalin, actor=membership.user, organization=membership.organization, data={
            "contact_name": membership.user.full_name or membership.organization.name,
            "contact_email": membership.user.email, "residents_count": 25,
            "title": "Zielony skwer przy ul. Morskiej", "scope": InitiativeScope.NATURE,
            "description": "Mieszkańcy z pomocą stowarzyszenia założą łąkę kwietną i ustawią ławki na skwerze.",
            "place": "Koszalin, skwer u zbiegu ul. Morskiej i ul. Zwycięstwa",
            "start": start, "end": start + timedelta(days=60),
            "social_work_people": 20, "social_work_hours": Decimal("95.5"),
            "social_work_description": "Przygotowanie gleby, wysiew, montaż ławek.",
            "money_contribution": Decimal("300.00"),
            "schedule": [{"step": "Przygotowanie gleby i wysiew", "start": start, "end": start + timedelta(days=14)},
                         {"step": "Montaż ławek", "start": start + timedelta(days=15), "end": start + timedelta(days=60)}],
            "in_kind": [{"item": "Nasiona łąki kwietnej", "value": "350.00"}],
            "municipal_items": [{"item": "Trzy ławki parkowe", "kind": MunicipalShare.BUY, "value": "5100.00"}],
        })
    services.submit_application(application=application, actor=membership.user)
