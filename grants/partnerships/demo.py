"""Demo data of partnerships, called from grants/demo.py. Every write goes through the services.

Koszalin gets an active project partnership (the municipality leading, two NGOs and a business) and a local
partnership led by an NGO, with representatives appointed by order and selected by the NGOs, actions, an
agreement with assessment rules, results and last year's engagement assessment."""

from datetime import date, timedelta

from django.utils import timezone

from cooperation.models import Membership
from cooperation.selectors import address_base

from . import services
from .enums import ActionStatus, PartnerKind, PartnerRole, PartnershipKind
from .models import Partnership

PROJECT_NAME = "Partnerstwo projektu „Aktywni seniorzy Pomorza Środkowego” (EFS+)"
LOCAL_NAME = "Lokalne Partnerstwo na rzecz Ekonomii Społecznej Koszalina"


def seed(municipalities, officers) -> None:
    koszalin, officer = municipalities[0], officers[0]
    if Partnership.objects.filter(municipality=koszalin, name__in=[PROJECT_NAME, LOCAL_NAME]).exists():
        return
    ngos = list(address_base(koszalin)[:3])
    if len(ngos) < 2:
        return
    today = timezone.localdate()
    _project(koszalin, officer, ngos, today)
    _local(koszalin, officer, ngos, today)


def _project(koszalin, officer, ngos, today) -> None:
    partnership = services.create_partnership(
        municipality=koszalin, actor=officer, kind=PartnershipKind.PROJECT, name=PROJECT_NAME,
        goals="Zwiększenie udziału osób 60+ w życiu społecznym miasta: kluby seniora w 4 dzielnicach, "
              "wolontariat międzypokoleniowy, 300 uczestników w ciągu dwóch lat.",
        description="Partnerstwo zawarte na potrzeby wniosku w programie Fundusze Europejskie dla Pomorza "
                    "Zachodniego 2021–2027 (EFS+). Liderem jest Miasto Koszalin.",
        area="Miasto Koszalin", starts_on=date(today.year, 1, 1), ends_on=date(today.year + 1, 12, 31),
        agreement_signed_on=date(today.year, 1, 1) - timedelta(days=20),
        assessment_rules="Raz w roku partnerzy oceniają zaangażowanie każdego z nich w skali 1–5: udział w "
                         "spotkaniach, terminowość działań, wkład własny.")
    municipality = services.add_partner(partnership=partnership, actor=officer, kind=PartnerKind.MUNICIPALITY,
                                        role=PartnerRole.LEADER, website="https://bip.koszalin.example.pl/partnerstwa")
    first = services.add_partner(partnership=partnership, actor=officer, kind=PartnerKind.NGO, organization=ngos[0],
                                 website="https://ngo.example.pl/aktywni-seniorzy")
    second = services.add_partner(partnership=partnership, actor=officer, kind=PartnerKind.NGO, organization=ngos[1])
    business = services.add_partner(partnership=partnership, actor=officer, kind=PartnerKind.BUSINESS,
                                    name="Bałtycka Spółdzielnia Usług Opiekuńczych sp. z o.o.")
    services.add_representative(partner=municipality, actor=officer, full_name="Oskar Pełnomocnik",
                                function="Pełnomocnik Prezydenta ds. współpracy z organizacjami",
                                order_number=f"0050.14.{today.year}", appointed_on=date(today.year, 1, 1))
    partnership = services.activate_partnership(partnership=partnership, actor=officer)
    services.add_action(partnership=partnership, actor=officer, title="Otwarcie klubu seniora na Rokosowie",
                        date=date(today.year, 3, 1), responsible=first)
    services.add_action(partnership=partnership, actor=officer, title="Szkolenie wolontariuszy",
                        date=today + timedelta(days=30), responsible=second)
    services.add_action(partnership=partnership, actor=officer, title="Dowóz seniorów na zajęcia",
                        date=today + timedelta(days=45), responsible=business)
    done = services.add_action(partnership=partnership, actor=officer, title="Spotkanie inaugurujące partnerstwo",
                               date=date(today.year, 1, 15), responsible=municipality)
    services.set_action_status(action=done, actor=officer, status=ActionStatus.DONE, done_on=date(today.year, 1, 15))


def _local(koszalin, officer, ngos, today) -> None:
    leader_ngo = ngos[1]
    partnership = services.create_partnership(
        municipality=koszalin, actor=officer, kind=PartnershipKind.LOCAL, name=LOCAL_NAME,
        goals="Rozwój podmiotów ekonomii społecznej i zatrudnienia socjalnego; wspólne diagnozowanie "
              "problemów społecznych i planowanie działań.",
        description="Trójsektorowe partnerstwo samorządu, organizacji pozarządowych, podmiotów zatrudnienia "
                    "socjalnego i biznesu, działające na zasadach równości, dobrowolności i otwartości.",
        area="Koszalin i gminy ościenne", starts_on=date(today.year - 2, 3, 1),
        agreement_signed_on=date(today.year - 2, 2, 20),
        assessment_rules="Co roku do 31 stycznia koordynator i pełnomocnik oceniają każdego partnera w skali "
                         "1–5: 1 – brak udziału, 3 – udział w połowie działań, 5 – współprowadzenie działań.")
    municipality = services.add_partner(partnership=partnership, actor=officer, kind=PartnerKind.MUNICIPALITY,
                                        joined_on=date(today.year - 2, 3, 1))
    leader = services.add_partner(partnership=partnership, actor=officer, kind=PartnerKind.NGO,
                                  organization=leader_ngo, role=PartnerRole.LEADER,
                                  joined_on=date(today.year - 2, 3, 1), website="https://ngo.example.pl/partnerstwo")
    institution = services.add_partner(partnership=partnership, actor=officer, kind=PartnerKind.PUBLIC_INSTITUTION,
                                       name="Miejski Ośrodek Pomocy Społecznej w Koszalinie",
                                       joined_on=date(today.year - 2, 3, 1))
    partners = [municipality, leader, institution]
    if len(ngos) > 2:
        partners.append(services.add_partner(partnership=partnership, actor=officer, kind=PartnerKind.NGO,
                                             organization=ngos[2], joined_on=date(today.year - 1, 5, 1)))
    services.add_representative(partner=municipality, actor=officer, full_name="Ewa Zastępczyni",
                                function="Zastępca Prezydenta Miasta", order_number=f"0050.7.{today.year - 2}",
                                appointed_on=date(today.year - 2, 2, 25))
    services.add_representative(partner=leader, actor=officer, full_name="Wiktoria Właścicielska",
                                function="Prezes zarządu",
                                selection_method="Głosowanie na spotkaniu organizacji pozarządowych",
                                appointed_on=date(today.year - 2, 2, 10))
    partnership = services.activate_partnership(partnership=partnership, actor=officer)
    meeting = services.add_action(partnership=partnership, actor=officer, title="Forum ekonomii społecznej",
                                  date=date(today.year - 1, 10, 12), responsible=leader)
    services.set_action_status(action=meeting, actor=officer, status=ActionStatus.DONE,
                               done_on=date(today.year - 1, 10, 12))
    services.add_action(partnership=partnership, actor=officer, title="Diagnoza potrzeb osób wykluczonych",
                        date=today + timedelta(days=60), responsible=institution)
    coordinator = Membership.objects.filter(organization=leader_ngo).select_related("user").first()
    for partner, score in zip(partners, [5, 4, 3, 4], strict=False):
        services.record_assessment(partner=partner, actor=officer, year=today.year - 1, score=score,
                                   comment="Ocena według zasad umowy partnerskiej.")
        if coordinator is not None:
            services.record_assessment(partner=partner, actor=coordinator.user, year=today.year - 1,
                                       score=min(score + 1, 5))
    services.update_results(partnership=partnership, actor=officer, results=(
        f"W {today.year - 1} r. partnerstwo zorganizowało Forum ekonomii społecznej (120 uczestników), a dwie "
        "osoby z Centrum Integracji Społecznej znalazły stałe zatrudnienie u partnera biznesowego."))
