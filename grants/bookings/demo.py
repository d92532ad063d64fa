"""Demo data of bookings, called from grants/demo.py. Every write goes through the services.

Koszalin lends three resources: a hall in the town's community centre, a projector and the park amphitheatre.
A few bookings are approved, one request waits for a decision, and one waits in conflict with an approved
booking of the hall (so the officer sees the refusal). Idempotent: nothing is added once the hall exists."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from cooperation.enums import OrganizationLinkStatus
from cooperation.models import Membership, OrganizationMunicipality

from . import services
from .enums import ResourceKind
from .models import Resource

HALL = "Sala widowiskowa Centrum Kultury 105"
PROCEDURE = "https://bip.koszalin.example.pl/zarzadzenia/udostepnianie-mienia-gminy"


def _at(days: int, hour: int, *, weekdays=range(5)) -> datetime:
    """`hour` o'clock Polish time, `days` from today, moved on to the next open weekday."""
    day = timezone.localdate() + timedelta(days=days)
    while day.weekday() not in weekdays:
        day += timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _organizations(municipality, count: int):
    """Organizations confirmed in the municipality, each with a member who asks on its behalf."""
    found = []
    links = (OrganizationMunicipality.objects.filter(municipality=municipality, status=OrganizationLinkStatus.CONFIRMED)
             .select_related("organization").order_by("organization__name"))
    for link in links:
        membership = Membership.objects.filter(organization=link.organization).select_related("user").order_by("pk").first()
        if membership is not None:
            found.append((link.organization, membership.user))
        if len(found) == count:
            break
    return found


def seed(municipalities, officers) -> None:
    koszalin, officer = municipalities[0], officers[0]
    if Resource.objects.filter(municipality=koszalin, name=HALL).exists():
        return
    people = _organizations(koszalin, 3)
    if not people:
        return
    rules = ("1. Zasób udostępniamy nieodpłatnie organizacjom pozarządowym na realizację zadań publicznych.\n"
             "2. Klucze odbiera i zwraca osoba wskazana we wniosku, w dniu udostępnienia, w portierni.\n"
             "3. Organizacja odpowiada za porządek i zgłasza szkody administratorowi.\n"
             "4. Wydarzenia z udziałem ponad 50 osób wymagają ubezpieczenia OC organizatora.")
    hall = services.create_resource(
        municipality=koszalin, actor=officer, kind=ResourceKind.ROOM, name=HALL,
        description="Sala na 120 miejsc ze sceną, nagłośnieniem i ekranem; obok szatnia i zaplecze kuchenne.",
        address="ul. Zwycięstwa 105, 75-001 Koszalin", capacity=120, accessibility=(
            "Wejście bez progów od ul. Zwycięstwa, winda na piętro, toaleta dostępna dla osób na wózku, pętla "
            "indukcyjna w sali. Brak miejsc parkingowych dla osób z niepełnosprawnościami przy budynku."),
        rules=rules, procedure_url=PROCEDURE, open_weekdays="01234", opens_at=time(8, 0), closes_at=time(20, 0),
        min_notice_days=3, max_booking_hours=8, free_for_ngos=True, is_published=True,
        blackouts=[(timezone.localdate() + timedelta(days=45), timezone.localdate() + timedelta(days=47),
                    "Przegląd techniczny sceny")])
    projector = services.create_resource(
        municipality=koszalin, actor=officer, kind=ResourceKind.EQUIPMENT, name="Projektor multimedialny z ekranem",
        description="Projektor Full HD z ekranem przenośnym 2 × 1,5 m i kablami HDMI.",
        address="Odbiór: Urząd Miejski, ul. Rynek Staromiejski 6-7, pokój 12", quantity=1,
        accessibility="Zestaw waży 9 kg; na prośbę dowozimy go w obrębie miasta.", rules=rules,
        procedure_url=PROCEDURE, open_weekdays="01234", opens_at=time(7, 30), closes_at=time(15, 30),
        min_notice_days=2, max_booking_hours=8, free_for_ngos=True, is_published=True)
    amphitheatre = services.create_resource(
        municipality=koszalin, actor=officer, kind=ResourceKind.PUBLIC_SPACE, name="Amfiteatr w Parku Książąt Pomorskich",
        description="Scena plenerowa z widownią na 400 osób; przyłącze prądu na scenie.",
        address="Park Książąt Pomorskich, Koszalin", capacity=400,
        accessibility="Alejki utwardzone, dojazd dla wózków do pierwszego rzędu; toaleta dostępna w pawilonie.",
        rules=rules, procedure_url=PROCEDURE, open_weekdays="0123456", opens_at=time(10, 0), closes_at=time(22, 0),
        min_notice_days=14, max_booking_hours=10, free_for_ngos=True, is_published=True)

    first, second, third = (people * 3)[:3]
    task = "Cykl spotkań i warsztatów dla seniorów z osiedla Przylesie (zadanie publiczne z zakresu pomocy społecznej)."

    def ask(resource, who, starts_at, hours, participants=None, public_task=task):
        organization, member = who
        return services.request_booking(resource=resource, organization=organization, actor=member,
                                        starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours),
                                        participants=participants, public_task=public_task,
                                        needs="Stoły i krzesła dla uczestników.")

    approved_hall = ask(hall, first, _at(7, 10), 3, 60)
    services.approve_booking(booking=approved_hall, actor=officer, note="Klucze w portierni od 9:30.")
    services.approve_booking(booking=ask(hall, second, _at(9, 16), 3, 80, "Koncert charytatywny na rzecz hospicjum."),
                             actor=officer)
    services.approve_booking(booking=ask(projector, third, _at(8, 9), 6, public_task="Szkolenie wolontariuszy."),
                             actor=officer)
    services.approve_booking(booking=ask(amphitheatre, second, _at(21, 17, weekdays=range(7)), 4, 300,
                                         "Festyn rodzinny „Lato w parku”."), actor=officer)
    # Waiting for the officer: one free time, one that overlaps the approved booking of the hall.
    ask(hall, third, _at(10, 10), 2, 30, "Spotkanie informacyjne o programie współpracy dla organizacji.")
    ask(hall, second, approved_hall.starts_at + timedelta(hours=1), 2, 40, "Próba chóru przed koncertem.")
