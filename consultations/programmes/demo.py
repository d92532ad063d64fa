"""Demo data of programmes, called from consultations/demo.py. Every write goes through the services.

Koszalin: the 2026 programme, consulted in October 2025, adopted and published; the 2027 programme in
consultation (linked to the consultation consultations/demo.py creates, with the council's opinion); the
published report on 2025."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone
from django_scopes import scopes_disabled

from cooperation.models import Sphere

from ..enums import Subject
from ..models import Consultation
from . import services
from .models import Programme, ProgrammeReport

SECTIONS = {
    "goals": "Celem głównym programu jest budowanie partnerstwa między samorządem Miasta a organizacjami "
             "pozarządowymi.\n\nCelami szczegółowymi są: wzmocnienie potencjału organizacji, zwiększenie udziału "
             "mieszkańców w życiu publicznym oraz poprawa jakości usług publicznych.",
    "principles": "Współpraca opiera się na zasadach pomocniczości, suwerenności stron, partnerstwa, efektywności, "
                  "uczciwej konkurencji i jawności.",
    "scope": "Przedmiotem współpracy jest realizacja zadań publicznych, o których mowa w art. 4 ust. 1 ustawy, "
             "należących do zadań własnych Miasta.",
    "forms": "Współpraca ma formy finansowe (zlecanie zadań publicznych w trybie otwartych konkursów ofert i art. "
             "19a ustawy) oraz pozafinansowe (wzajemne informowanie się, konsultacje, zespoły doradcze, "
             "udostępnianie lokali, umowy partnerskie).",
    "tasks": "Miasto uznaje za priorytetowe następujące zadania publiczne:",
    "implementation": "Program realizuje Prezydent Miasta przez Pełnomocnika ds. organizacji pozarządowych oraz "
                      "wydziały merytoryczne Urzędu, we współpracy z Radą Działalności Pożytku Publicznego.",
    "funds": "Środki zaplanowano w budżecie Miasta w działach 851, 852, 854, 921 i 926.",
    "evaluation": "Program ocenia się co roku na podstawie wskaźników poniżej; wyniki przedstawia się w sprawozdaniu "
                  "do 31 maja roku następnego, po dyskusji z organizacjami na forum sektorowym.",
    "creation": "Założenia programu omówiono z Radą Działalności Pożytku Publicznego i na forum organizacji.",
    "committees": "Komisje konkursowe powołuje Prezydent Miasta zarządzeniem; w ich skład wchodzą przedstawiciele "
                  "Prezydenta i osoby wskazane przez organizacje. Komisja działa według regulaminu z art. 15 ust. "
                  "2a–2f ustawy.",
    "officer_competences": "Pełnomocnik ds. organizacji pozarządowych koordynuje realizację programu, czuwa nad "
                           "przestrzeganiem zasad współpracy i nie uczestniczy w ocenie ofert ani w kontroli zadań.",
    "support_centre": "Miasto zleca w otwartym konkursie prowadzenie Centrum Organizacji Pozarządowych, które daje "
                      "wsparcie instytucjonalne, szkoleniowo-doradcze, animacyjne, informacyjne, finansowe i lokalowe.",
    "local_events": "Organizacje współorganizują Dni Koszalina i Jarmark Bożonarodzeniowy; Miasto udostępnia im "
                    "stoiska nieodpłatnie.",
}
TASKS = [("7", "Wsparcie osób z niepełnosprawnościami: asystencja osobista i transport.", "420000.00"),
         ("14", "Edukacja, oświata i wychowanie: zajęcia pozalekcyjne w szkołach podstawowych.", "180000.00"),
         ("16", "Kultura, sztuka i ochrona dziedzictwa: festiwale i przeglądy amatorskie.", "250000.00"),
         ("17", "Wspieranie i upowszechnianie kultury fizycznej: szkolenie dzieci i młodzieży.", "900000.00")]
INDICATORS = [("Liczba ogłoszonych otwartych konkursów ofert", "konkursy", "12"),
              ("Liczba organizacji realizujących zadania publiczne", "organizacje", "60"),
              ("Liczba projektów aktów skonsultowanych z organizacjami", "projekty", "8")]


def _write(programme, officer):
    for key, text in SECTIONS.items():
        services.update_programme_section(programme=programme, actor=officer, section=key, text=text,
                                          planned_funds=Decimal("2000000.00") if key == "funds" else None)
    spheres = {s.code: s for s in Sphere.objects.filter(code__in=[code for code, _t, _a in TASKS])}
    services.set_priority_tasks(programme=programme, actor=officer, rows=[
        {"sphere": spheres[code], "description": text, "planned_amount": Decimal(amount)}
        for code, text, amount in TASKS if code in spheres])
    services.set_indicators(programme=programme, actor=officer, rows=[
        {"name": name, "unit": unit, "target": target} for name, unit, target in INDICATORS])


def _aware(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def seed(municipalities, officers) -> None:
    koszalin, officer = municipalities[0], officers[0]
    with scopes_disabled():
        if Programme.objects.filter(municipality=koszalin).exists():
            return
        # 2026: consulted in October 2025, adopted on 20 November 2025, published.
        current = services.create_programme(municipality=koszalin, actor=officer, kind="annual", first_year=2026)
        _write(current, officer)
        services.send_to_consultation(programme=current, actor=officer, opens_at=_aware(2025, 10, 1, 8),
                                      closes_at=_aware(2025, 10, 22, 16), contact_person="Oskar Pełnomocnik",
                                      contact_email=koszalin.email or "ngo@koszalin.example.pl")
        services.adopt_programme(programme=current, actor=officer, resolution_number="Uchwała nr XXI/310/2025 Rady "
                                 "Miejskiej w Koszalinie", resolution_date=date(2025, 11, 20))
        services.publish_programme(programme=current, actor=officer)

        # 2027: in consultation now, with the consultation consultations/demo.py created.
        upcoming = services.create_programme(municipality=koszalin, actor=officer, kind="annual", first_year=2027)
        _write(upcoming, officer)
        consultation = (Consultation.objects.filter(municipality=koszalin, subject=Subject.COOPERATION_PROGRAMME,
                                                    title__contains="2027").order_by("-id").first())
        if consultation is not None:
            services.link_consultation(programme=upcoming, actor=officer, consultation=consultation)
        else:
            now = timezone.now()
            services.send_to_consultation(programme=upcoming, actor=officer, opens_at=now - timedelta(days=3),
                                          closes_at=now + timedelta(days=18), contact_person="Oskar Pełnomocnik",
                                          contact_email=koszalin.email or "ngo@koszalin.example.pl")

        # The report on 2025, published.
        if not ProgrammeReport.objects.filter(municipality=koszalin, year=2025).exists():
            report = services.create_report(municipality=koszalin, actor=officer, year=2025)
            services.update_report(
                report=report, actor=officer,
                summary="W 2025 roku Miasto współpracowało z organizacjami pozarządowymi w formach finansowych i "
                        "pozafinansowych. Najwięcej środków przeznaczono na kulturę fizyczną i pomoc społeczną.",
                conclusions="Warto wcześniej ogłaszać konkursy ofert i rozszerzyć szkolenia z rozliczania dotacji.",
            )
            services.publish_report(report=report, actor=officer)
