"""Benchmark data for public consultations (issue #5), added to a database bench/generate.py has filled:

    python bench/consultations.py [--consultations 10000] [--comments 2000] [--other-comments 0] [--seed 2026]

1. `--consultations` published consultations spread over the bench municipalities, each with one version of a
   Markdown document (sections, numbered paragraphs, lists; 20 topics with their own vocabulary over a common
   administrative one, Polish diacritics and inflected forms) and its paragraphs, as add_version parses them.
   Consultation.search_document is filled exactly as the services fill it (consultations.search.document_for).
2. One consultation of the first municipality, closed three days ago (so its comments are public), with
   `--comments` comments on its paragraphs and on the whole document: from residents, from residents on
   behalf of NGOs and typed in by the officer (e-mail, post, meeting), four in five answered.

Like generate.py it writes with bulk_create and skips the services (and so the audit log) for speed; every
consultation still passes full_clean(). Prints one line: counts, the big consultation's slug and pk, time.
It refuses a database whose name does not contain "bench", or one that already holds consultations.
"""

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from consultations.documents import parse  # noqa: E402
from consultations.enums import (  # noqa: E402
    Addressees,
    CommentChannel,
    ConsultationForm,
    ConsultationStatus,
    Decision,
    Subject,
    VersionKind,
)
from consultations.models import Comment, Consultation, DocumentVersion, Paragraph  # noqa: E402
from consultations.search import document_for  # noqa: E402
from cooperation.models import Municipality, Officer, Organization, User  # noqa: E402

BATCH = 2000
EMAIL_DOMAIN = "bench.example.pl"

# Each topic: title patterns ({town} is the municipality's town, {year} a year), a subject and sentences of
# its own vocabulary. The documents mix them with the common administrative sentences below.
TOPICS = [
    {
        "subject": Subject.COOPERATION_PROGRAMME,
        "titles": ["Program współpracy Gminy {town} z organizacjami pozarządowymi na rok {year}",
                   "Roczny program współpracy z organizacjami pozarządowymi i podmiotami pożytku publicznego na {year} rok",
                   "Wieloletni program współpracy Gminy {town} z organizacjami pozarządowymi na lata {year}–{year2}"],
        "sentences": [
            "Program współpracy określa cele, zasady, przedmiot i formy współpracy gminy z organizacjami pozarządowymi.",
            "Współpraca odbywa się na zasadach pomocniczości, suwerenności stron, partnerstwa, efektywności, uczciwej konkurencji i jawności.",
            "Gmina zleca organizacjom realizację zadań publicznych w trybie otwartych konkursów ofert.",
            "Organizacje mogą złożyć ofertę realizacji zadania publicznego z pominięciem otwartego konkursu ofert.",
            "Rada Działalności Pożytku Publicznego opiniuje projekt programu współpracy.",
            "Pełnomocnik do spraw organizacji pozarządowych koordynuje współpracę z sektorem pozarządowym.",
            "Gmina udostępnia organizacjom lokale na spotkania oraz promuje ich działalność na stronie internetowej.",
        ],
    },
    {
        "subject": Subject.PROGRAMME,
        "titles": ["Program rozwoju żłobków i klubów dziecięcych w Gminie {town} na lata {year}–{year2}",
                   "Projekt uchwały w sprawie utworzenia żłobka gminnego w Gminie {town}",
                   "Regulamin rekrutacji dzieci do żłobków prowadzonych przez Gminę {town}"],
        "sentences": [
            "Gmina zapewnia opiekę nad dziećmi w wieku do lat trzech w żłobkach i klubach dziecięcych.",
            "Opłata za pobyt dziecka w żłobku obejmuje wyżywienie oraz zajęcia opiekuńczo-wychowawcze.",
            "Liczba miejsc w żłobkach wzrośnie o sześćdziesiąt w ciągu dwóch lat.",
            "Pierwszeństwo w rekrutacji do żłobka mają dzieci z rodzin wielodzietnych.",
            "Dzienny opiekun może sprawować opiekę nad najwyżej pięciorgiem dzieci.",
            "Gmina dofinansuje opiekę nad dziećmi w żłobkach niepublicznych.",
        ],
    },
    {
        "subject": Subject.STRATEGY,
        "titles": ["Koncepcja sieci ścieżek rowerowych w Gminie {town}",
                   "Strategia rozwoju komunikacji rowerowej na lata {year}–{year2}",
                   "Program budowy ścieżek rowerowych i ciągów pieszo-rowerowych"],
        "sentences": [
            "Sieć ścieżek rowerowych połączy osiedla ze szkołami, dworcem i terenami rekreacyjnymi.",
            "Nowe ścieżki rowerowe będą miały nawierzchnię asfaltową o szerokości co najmniej dwóch metrów.",
            "Przy szkołach i urzędach staną stojaki rowerowe oraz zadaszone parkingi dla rowerów.",
            "Gmina wyznaczy kontrapasy rowerowe na ulicach jednokierunkowych.",
            "Ścieżka rowerowa wzdłuż rzeki stanie się częścią regionalnego szlaku turystycznego.",
            "Rowerzyści zgłaszają usterki nawierzchni przez formularz na stronie gminy.",
        ],
    },
    {
        "subject": Subject.LOCAL_LAW,
        "titles": ["Regulamin korzystania ze świetlic wiejskich w Gminie {town}",
                   "Projekt uchwały w sprawie zasad udostępniania świetlic wiejskich",
                   "Zasady wynajmu świetlic i sal wiejskich na rok {year}"],
        "sentences": [
            "Świetlice wiejskie udostępnia się organizacjom pozarządowym nieodpłatnie.",
            "Wniosek o udostępnienie świetlicy składa się sołtysowi co najmniej pięć dni przed terminem.",
            "Korzystający ze świetlicy odpowiada za porządek i zwrot kluczy następnego dnia.",
            "Koło gospodyń wiejskich może korzystać ze świetlicy w stałych godzinach.",
            "Sołtys prowadzi kalendarz rezerwacji świetlicy dostępny dla mieszkańców.",
        ],
    },
    {
        "subject": Subject.LOCAL_LAW,
        "titles": ["Projekt uchwały w sprawie budżetu obywatelskiego Gminy {town} na {year} rok",
                   "Regulamin budżetu obywatelskiego {year}"],
        "sentences": [
            "Mieszkańcy zgłaszają projekty do budżetu obywatelskiego przez formularz elektroniczny lub w urzędzie.",
            "Projekt budżetu obywatelskiego musi uzyskać poparcie co najmniej piętnastu mieszkańców.",
            "Głosowanie nad projektami trwa czternaście dni i odbywa się w punktach stacjonarnych oraz przez internet.",
            "Wysokość budżetu obywatelskiego wynosi pół procenta wydatków gminy.",
            "Zespół opiniujący sprawdza, czy zgłoszone projekty są możliwe do wykonania w ciągu roku.",
        ],
    },
    {
        "subject": Subject.LOCAL_LAW,
        "titles": ["Regulamin utrzymania czystości i porządku na terenie Gminy {town}",
                   "Projekt uchwały w sprawie gospodarowania odpadami komunalnymi"],
        "sentences": [
            "Właściciele nieruchomości zbierają odpady komunalne w sposób selektywny.",
            "Odpady zielone odbiera się od kwietnia do listopada co dwa tygodnie.",
            "Punkt selektywnej zbiórki odpadów komunalnych przyjmuje odpady wielkogabarytowe bezpłatnie.",
            "Opłata za gospodarowanie odpadami zależy od liczby mieszkańców nieruchomości.",
            "Kompostowanie bioodpadów w przydomowym kompostowniku obniża opłatę.",
        ],
    },
    {
        "subject": Subject.PROGRAMME,
        "titles": ["Program polityki senioralnej Gminy {town} na lata {year}–{year2}",
                   "Gminny program aktywizacji seniorów"],
        "sentences": [
            "Klub seniora prowadzi zajęcia ruchowe, komputerowe i językowe.",
            "Gmina wyda Kartę Seniora uprawniającą do zniżek w instytucjach kultury.",
            "Wolontariusze pomagają starszym mieszkańcom w zakupach i wizytach u lekarza.",
            "Rada Seniorów opiniuje projekty uchwał dotyczące osób starszych.",
            "Usługi opiekuńcze będą świadczone także w soboty.",
        ],
    },
    {
        "subject": Subject.STRATEGY,
        "titles": ["Standardy kształtowania zieleni miejskiej w Gminie {town}",
                   "Program ochrony drzew i zieleni w Gminie {town}"],
        "sentences": [
            "Drzewa przy ulicach sadzi się w odległości co najmniej dwóch metrów od krawężnika.",
            "Gmina założy łąki kwietne na trawnikach przy drogach gminnych.",
            "Wycinka drzew w pasie drogowym wymaga nasadzeń zastępczych w tej samej dzielnicy.",
            "Parki miejskie będą podlewane wodą deszczową zbieraną w zbiornikach retencyjnych.",
            "Mieszkańcy mogą zgłosić miejsce do posadzenia drzewa przez stronę internetową.",
        ],
    },
    {
        "subject": Subject.PROGRAMME,
        "titles": ["Plan zrównoważonego rozwoju publicznego transportu zbiorowego dla Gminy {town}",
                   "Projekt rozkładu jazdy komunikacji gminnej na {year} rok"],
        "sentences": [
            "Autobusy gminne będą kursować co trzydzieści minut w godzinach szczytu.",
            "Nowa linia autobusowa połączy sołectwa z dworcem kolejowym.",
            "Przystanki autobusowe zostaną wyposażone w wiaty i tablice z rozkładem jazdy.",
            "Przejazdy komunikacją gminną są bezpłatne dla uczniów i seniorów.",
            "Tabor autobusowy zostanie wymieniony na pojazdy niskoemisyjne.",
        ],
    },
    {
        "subject": Subject.PROGRAMME,
        "titles": ["Gminny program rewitalizacji Gminy {town} na lata {year}–{year2}",
                   "Projekt uchwały w sprawie wyznaczenia obszaru zdegradowanego i obszaru rewitalizacji"],
        "sentences": [
            "Obszar rewitalizacji obejmuje centrum miasta i osiedle przy dawnej cukrowni.",
            "Rewitalizacja rynku przywróci mu funkcję miejsca spotkań mieszkańców.",
            "Komitet rewitalizacji składa się z przedstawicieli mieszkańców, przedsiębiorców i organizacji.",
            "Pustostany w kamienicach zostaną wyremontowane i przeznaczone na mieszkania komunalne.",
            "Podwórka w obszarze rewitalizacji zostaną zagospodarowane z udziałem mieszkańców.",
        ],
    },
    {
        "subject": Subject.LOCAL_LAW,
        "titles": ["Projekt uchwały w sprawie warunków i trybu wspierania rozwoju sportu w Gminie {town}",
                   "Regulamin przyznawania stypendiów sportowych"],
        "sentences": [
            "Gmina wspiera kluby sportowe dotacjami na szkolenie dzieci i młodzieży.",
            "Stypendium sportowe przysługuje zawodnikom, którzy zdobyli medal mistrzostw Polski.",
            "Boiska szkolne będą dostępne dla mieszkańców po lekcjach i w wakacje.",
            "Klub sportowy składa sprawozdanie z wykorzystania dotacji po zakończeniu sezonu.",
            "Hala sportowa jest udostępniana organizacjom na zajęcia dla dzieci nieodpłatnie.",
        ],
    },
    {
        "subject": Subject.PROGRAMME,
        "titles": ["Gminny program profilaktyki i rozwiązywania problemów uzależnień na {year} rok",
                   "Gminny program przeciwdziałania narkomanii"],
        "sentences": [
            "Gminna komisja rozwiązywania problemów alkoholowych prowadzi rozmowy motywujące do leczenia.",
            "Szkoły realizują programy profilaktyczne o potwierdzonej skuteczności.",
            "Punkt konsultacyjny udziela porad osobom uzależnionym i ich rodzinom.",
            "Organizacje prowadzą zajęcia pozalekcyjne w świetlicach socjoterapeutycznych.",
            "Środki z opłat za zezwolenia na sprzedaż alkoholu finansują profilaktykę.",
        ],
    },
    {
        "subject": Subject.PROGRAMME,
        "titles": ["Gminny program przeciwdziałania przemocy domowej oraz ochrony osób doznających przemocy",
                   "Program wsparcia rodziny w Gminie {town} na lata {year}–{year2}"],
        "sentences": [
            "Zespół interdyscyplinarny koordynuje pomoc dla osób doznających przemocy domowej.",
            "Asystent rodziny wspiera rodziny przeżywające trudności opiekuńczo-wychowawcze.",
            "Gmina zapewni miejsca w hostelu dla osób doznających przemocy.",
            "Pracownicy socjalni przejdą szkolenia z procedury Niebieskiej Karty.",
            "Poradnictwo psychologiczne i prawne jest bezpłatne dla mieszkańców.",
        ],
    },
    {
        "subject": Subject.PROGRAMME,
        "titles": ["Program opieki nad zwierzętami bezdomnymi oraz zapobiegania bezdomności zwierząt w {year} roku"],
        "sentences": [
            "Gmina zapewnia bezdomnym zwierzętom miejsce w schronisku dla zwierząt.",
            "Sterylizacja i kastracja zwierząt w schronisku jest finansowana z budżetu gminy.",
            "Opiekunowie społeczni kotów wolno żyjących otrzymują karmę od gminy.",
            "Gmina prowadzi elektroniczne znakowanie psów i kotów.",
            "Całodobową opiekę weterynaryjną w przypadkach zdarzeń drogowych zapewnia lecznica dla zwierząt.",
        ],
    },
    {
        "subject": Subject.STRATEGY,
        "titles": ["Strategia rozwoju kultury w Gminie {town} na lata {year}–{year2}",
                   "Program wspierania edukacji kulturalnej dzieci i młodzieży"],
        "sentences": [
            "Gminny ośrodek kultury prowadzi pracownie plastyczne, teatralne i muzyczne.",
            "Biblioteka publiczna otworzy filie w trzech sołectwach.",
            "Organizacje otrzymają dotacje na festiwale, koncerty i wystawy.",
            "Dziedzictwo kulturowe regionu zostanie udokumentowane w cyfrowym archiwum.",
            "Zespoły ludowe i chóry mogą korzystać z sali widowiskowej nieodpłatnie.",
        ],
    },
    {
        "subject": Subject.LOCAL_LAW,
        "titles": ["Projekt statutu Młodzieżowej Rady Gminy {town}",
                   "Projekt uchwały w sprawie zasad wyboru członków młodzieżowej rady"],
        "sentences": [
            "Młodzieżowa rada gminy ma charakter konsultacyjny, doradczy i inicjatywny.",
            "Kadencja młodzieżowej rady trwa dwa lata.",
            "Radnych młodzieżowej rady wybierają uczniowie szkół z terenu gminy.",
            "Opiekun młodzieżowej rady pomaga w przygotowaniu posiedzeń i uchwał.",
        ],
    },
    {
        "subject": Subject.PROGRAMME,
        "titles": ["Plan działania na rzecz poprawy zapewniania dostępności osobom ze szczególnymi potrzebami",
                   "Program likwidacji barier architektonicznych w budynkach gminnych"],
        "sentences": [
            "Wejścia do budynków gminnych zostaną wyposażone w pochylnie i automatyczne drzwi.",
            "Urząd zapewni tłumacza języka migowego online.",
            "Strony internetowe gminy spełnią wymagania dostępności cyfrowej.",
            "Koordynator do spraw dostępności przyjmuje wnioski o zapewnienie dostępności.",
            "Pętle indukcyjne zostaną zainstalowane w biurze obsługi mieszkańców.",
        ],
    },
    {
        "subject": Subject.PROGRAMME,
        "titles": ["Program ograniczania niskiej emisji w Gminie {town}",
                   "Plan gospodarki niskoemisyjnej na lata {year}–{year2}"],
        "sentences": [
            "Gmina dofinansuje wymianę pieców węglowych na pompy ciepła i kotły gazowe.",
            "Budynki gminne zostaną termomodernizowane i wyposażone w panele fotowoltaiczne.",
            "Czujniki jakości powietrza zostaną zainstalowane przy szkołach.",
            "Doradca energetyczny pomaga mieszkańcom w złożeniu wniosku o dotację.",
            "Oświetlenie uliczne zostanie wymienione na energooszczędne lampy.",
        ],
    },
    {
        "subject": Subject.PROGRAMME,
        "titles": ["Wieloletni program gospodarowania mieszkaniowym zasobem Gminy {town} na lata {year}–{year2}",
                   "Projekt uchwały w sprawie zasad wynajmowania lokali mieszkalnych"],
        "sentences": [
            "Gmina przeznaczy lokale mieszkalne na mieszkania wspomagane dla osób z niepełnosprawnościami.",
            "Czynsz w mieszkaniach komunalnych zależy od stanu technicznego budynku.",
            "Najemcy mogą zamienić lokal komunalny na mniejszy.",
            "Kolejka oczekujących na mieszkanie komunalne jest publikowana w Biuletynie Informacji Publicznej.",
        ],
    },
    {
        "subject": Subject.OTHER,
        "titles": ["Strategia rozwoju turystyki w Gminie {town} do {year2} roku",
                   "Koncepcja zagospodarowania terenów nad jeziorem"],
        "sentences": [
            "Szlaki turystyczne zostaną oznakowane i wyposażone w miejsca odpoczynku.",
            "Punkt informacji turystycznej będzie czynny przez cały rok.",
            "Kąpielisko gminne otrzyma nowy pomost i przebieralnie.",
            "Organizacje turystyczne mogą prowadzić wycieczki z przewodnikiem po okolicy.",
            "Agroturystyka zostanie włączona do gminnej oferty promocyjnej.",
        ],
    },
]

COMMON = [
    "Realizatorami programu są wydziały urzędu, jednostki organizacyjne gminy oraz organizacje pozarządowe.",
    "Na realizację zadań przeznacza się środki w wysokości określonej w uchwale budżetowej.",
    "Wójt przedstawia radzie gminy sprawozdanie z realizacji programu do dnia 31 maja następnego roku.",
    "Ocena realizacji odbywa się na podstawie mierników określonych w załączniku.",
    "Mieszkańcy mogą zgłaszać uwagi i propozycje zmian za pośrednictwem portalu konsultacji.",
    "Informacje o realizacji zadań publikuje się w Biuletynie Informacji Publicznej.",
    "Zadania realizowane są z poszanowaniem zasady równego traktowania i dostępności.",
    "Szczegółowe warunki określa regulamin przyjęty zarządzeniem wójta.",
    "W sprawach nieuregulowanych stosuje się przepisy ustawy o samorządzie gminnym.",
    "Harmonogram działań może być aktualizowany raz w roku po zasięgnięciu opinii rady.",
    "Środki finansowe mogą zostać zwiększone w trakcie roku budżetowego.",
    "Gmina współpracuje z sąsiednimi samorządami i powiatem przy realizacji zadań ponadlokalnych.",
    "Partnerami przedsięwzięć mogą być szkoły, parafie, koła gospodyń wiejskich i ochotnicze straże pożarne.",
    "Monitorowanie obejmuje liczbę uczestników, wysokość wydatków i opinie mieszkańców.",
    "Uchwała wchodzi w życie po upływie czternastu dni od dnia ogłoszenia w dzienniku urzędowym województwa.",
    "Wykonanie uchwały powierza się wójtowi gminy.",
    "Projekt uwzględnia wnioski zgłoszone podczas spotkań w sołectwach.",
    "Zespół zadaniowy przygotuje raport z diagnozy potrzeb mieszkańców.",
    "Dokument jest zgodny ze strategią rozwoju gminy oraz strategią rozwoju województwa.",
    "Koszty utrzymania infrastruktury ponosi gmina.",
]
SECTIONS = [
    ["Rozdział 1. Postanowienia ogólne", "Rozdział 1. Przepisy ogólne", "# Wprowadzenie"],
    ["Rozdział 2. Cele i priorytety", "Rozdział 2. Diagnoza sytuacji", "# Cele szczegółowe"],
    ["Rozdział 3. Zadania i sposób realizacji", "Rozdział 3. Formy realizacji", "# Działania"],
    ["Rozdział 4. Finansowanie", "Rozdział 4. Środki finansowe", "# Budżet"],
    ["Rozdział 5. Monitoring i ocena", "Rozdział 5. Przepisy końcowe", "# Ewaluacja"],
]
FIRST_NAMES = ["Anna", "Piotr", "Katarzyna", "Tomasz", "Małgorzata", "Michał", "Agnieszka", "Paweł", "Ewa",
               "Łukasz", "Zofia", "Grzegorz", "Joanna", "Krzysztof", "Barbara", "Jędrzej", "Urszula", "Wojciech"]
LAST_NAMES = ["Nowak", "Kowalska", "Wiśniewski", "Wójcik", "Kamińska", "Lewandowski", "Zielińska", "Szymański",
              "Woźniak", "Dąbrowska", "Kozłowski", "Jankowska", "Mazur", "Krawczyk", "Piątek", "Grabowska"]
JUSTIFICATIONS = [
    "Proponowany zapis jest zbyt ogólny i nie pozwala ocenić, kto odpowiada za realizację zadania.",
    "Termin jest za krótki dla małych organizacji, które działają wyłącznie społecznie.",
    "Warto doprecyzować kryteria, aby uniknąć różnej interpretacji przez komisję konkursową.",
    "Brakuje wskaźników, po których poznamy, czy cel został osiągnięty.",
    "Mieszkańcy sołectw nie mają dostępu do komunikacji, więc spotkania powinny odbywać się także na wsi.",
    "Kwota przeznaczona na to zadanie jest nieadekwatna do potrzeb zgłoszonych w diagnozie.",
    "Proponujemy dopisać organizacje seniorów jako partnerów realizacji.",
    "Zapis powiela przepisy ustawy i można go usunąć.",
    "Należy uwzględnić potrzeby osób z niepełnosprawnościami, w tym dostępność informacji.",
    "Proponujemy wydłużyć okres realizacji do dwóch lat, co ułatwi planowanie.",
    "W paragrafie brakuje informacji o trybie składania wniosków przez grupy nieformalne.",
    "Sprawozdanie powinno być publikowane również w formie danych otwartych.",
]
WORDINGS = [
    "Zadanie realizuje się we współpracy z organizacjami pozarządowymi działającymi na terenie gminy.",
    "Termin składania wniosków wynosi nie mniej niż 30 dni od dnia ogłoszenia.",
    "Wysokość środków nie może być niższa niż w roku poprzednim.",
    "Sprawozdanie publikuje się w Biuletynie Informacji Publicznej oraz na portalu konsultacji.",
    "Do zespołu powołuje się co najmniej dwóch przedstawicieli organizacji pozarządowych.",
]
ANSWERS = {
    Decision.ACCEPTED: ["Uwaga została uwzględniona; zapis zmieniono zgodnie z propozycją.",
                        "Uwzględniono. Dodano wskaźnik i termin sprawozdania."],
    Decision.PARTLY: ["Uwzględniono częściowo: termin wydłużono do 21 dni, ze względu na terminy budżetowe.",
                      "Częściowo uwzględniono; zapis doprecyzowano, ale bez zmiany kwoty."],
    Decision.REJECTED: ["Nie uwzględniono, ponieważ zapis wynika wprost z ustawy i nie może zostać zmieniony.",
                        "Nie uwzględniono: proponowana kwota przekracza możliwości budżetu gminy."],
    Decision.NOT_APPLICABLE: ["Uwaga nie dotyczy przedmiotu konsultacji; przekazano ją do właściwego wydziału."],
}


def database_name() -> str:
    return str(connection.settings_dict.get("NAME") or "")


def document(rng: random.Random, topic: dict, paragraphs_per_section: tuple[int, int]) -> str:
    """A Markdown document: four or five sections of numbered "§" paragraphs of 1–3 sentences, some with a list."""
    lines, number = [], 0
    for headings in SECTIONS if rng.random() < 0.5 else SECTIONS[:4]:
        lines.append(rng.choice(headings))
        lines.append("")
        for _ in range(rng.randint(*paragraphs_per_section)):
            number += 1
            pool = topic["sentences"] if rng.random() < 0.6 else COMMON
            sentences = " ".join(rng.sample(pool, rng.randint(1, min(3, len(pool)))))
            lines.append(f"§ {number}. {sentences}")
            if rng.random() < 0.25:
                lines.append("")
                for item in range(1, rng.randint(2, 4) + 1):
                    lines.append(f"{item}) {rng.choice(topic['sentences'] + COMMON).rstrip('.').lower()};")
            lines.append("")
    return "\n".join(lines)


def build(municipalities, rng, *, count: int, now, officers: dict, big: bool = False):
    """`count` published consultations with their one version's Markdown source, not yet saved."""
    rows = []
    for i in range(count):
        municipality = municipalities[i % len(municipalities)]
        topic = TOPICS[0] if big else rng.choice(TOPICS)
        year = rng.randint(2021, 2028)
        title = rng.choice(topic["titles"]).format(town=municipality.city, year=year, year2=year + rng.randint(2, 5))
        if big:
            opens_at, closes_at = now - timedelta(days=33), now - timedelta(days=3)
        else:
            opens_at = now - timedelta(days=rng.randint(-30, 6 * 365), minutes=rng.randint(0, 1440))
            closes_at = opens_at + timedelta(days=rng.choice([14, 21, 30, 35]))
        consultation = Consultation(
            municipality=municipality, title=title, subject=topic["subject"],
            legal_basis="art. 5 ust. 5 ustawy o działalności pożytku publicznego i o wolontariacie",
            addressees=rng.choice(Addressees.values), forms=[ConsultationForm.ONLINE, ConsultationForm.WRITTEN],
            opens_at=opens_at, closes_at=closes_at, contact_person=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            contact_email=municipality.email or f"urzad@{EMAIL_DOMAIN}", status=ConsultationStatus.PUBLISHED,
            published_at=opens_at - timedelta(days=1), created_by_id=officers.get(municipality.pk),
        )
        source = document(rng, topic, (6, 10) if big else (1, 2))
        consultation.search_document = document_for(consultation.title, source)
        rows.append((consultation, source))
    return rows


def search_indexes() -> list[tuple[str, str]]:
    """(name, definition) of the GIN indexes on consultations_consultation (migration 0005's trigram index)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'consultations_consultation' "
                       "AND indexdef ILIKE '%% USING gin %%'")
        return list(cursor.fetchall())


def save(rows, rng) -> tuple[list[Consultation], int]:
    """Insert the consultations, their versions and paragraphs; returns the consultations and the number of
    paragraphs. A GIN index is built once after the insert rather than updated row by row (several times
    faster); it is recreated from its own definition, so it stays what the migrations made. Paragraphs go in
    with COPY on PostgreSQL (about 100,000 rows)."""
    for consultation, _source in rows:
        # Foreign keys are the database's to check (full_clean would query each one).
        consultation.full_clean(exclude=["municipality", "created_by"], validate_unique=False,
                                validate_constraints=False)
    indexes = search_indexes()
    with connection.cursor() as cursor:
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    consultations = Consultation.objects.bulk_create([c for c, _s in rows], batch_size=BATCH)
    with connection.cursor() as cursor:
        if indexes:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check the deferred foreign keys first
        for _name, definition in indexes:
            cursor.execute(definition)
    versions = DocumentVersion.objects.bulk_create(
        [DocumentVersion(consultation=c, number=1, kind=rng.choice([VersionKind.DRAFT, VersionKind.ASSUMPTIONS]),
                         source=source) for c, source in rows],
        batch_size=BATCH,
    )
    paragraphs = [(version.pk, p.order, p.section[:300], p.label[:40], p.text)
                  for version in versions for p in parse(version.source)]
    columns = ["version_id", "order", "section", "label", "text"]
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Paragraph._meta.db_table)
        names = ", ".join(connection.ops.quote_name(Paragraph._meta.get_field(c).column) for c in columns)
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in paragraphs:
                copy.write_row(row)
    else:
        Paragraph.objects.bulk_create([Paragraph(**dict(zip(columns, row, strict=True))) for row in paragraphs],
                                      batch_size=BATCH)
    return consultations, len(paragraphs)


def comments(big: Consultation, rng: random.Random, *, count: int) -> dict:
    """`count` comments on the big consultation, four in five answered (after the close)."""
    residents = User.objects.bulk_create(
        [User(email=f"mieszkaniec{n}@{EMAIL_DOMAIN}", full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
              password="!bench-unusable") for n in range(300)],  # "!" prefix = unusable password
        batch_size=BATCH,
    )
    officer = User.objects.filter(email__endswith="@" + EMAIL_DOMAIN, officer_roles__municipality=big.municipality).first()
    organizations = list(Organization.objects.order_by("id").values_list("id", flat=True)[:500])
    paragraphs = list(Paragraph.objects.filter(version__consultation=big).order_by("order"))
    period = (big.closes_at - big.opens_at).total_seconds()
    rows, answered = [], 0
    for _ in range(count):
        comment = Comment(consultation=big, paragraph=rng.choice(paragraphs) if rng.random() < 0.7 else None,
                          justification=" ".join(rng.sample(JUSTIFICATIONS, rng.randint(1, 3))),
                          proposed_wording=rng.choice(WORDINGS) if rng.random() < 0.4 else "")
        if rng.random() < 0.65:
            comment.channel = CommentChannel.ONLINE
            comment.author = rng.choice(residents)
            if organizations and rng.random() < 0.5:
                comment.organization_id = rng.choice(organizations)
        else:
            comment.channel = rng.choice([CommentChannel.EMAIL, CommentChannel.POST, CommentChannel.MEETING])
            comment.author_name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if rng.random() < 0.8:
            comment.decision = rng.choice(Decision.values)
            comment.answer = rng.choice(ANSWERS[comment.decision])
            comment.answered_at = big.closes_at + timedelta(hours=rng.randint(1, 60))
            comment.answered_by = officer
            answered += 1
        rows.append(comment)
    Comment.objects.bulk_create(rows, batch_size=BATCH)
    # bulk_create stamps created_at with the current time; spread the comments over the consultation's period.
    for comment in rows:
        comment.created_at = comment.updated_at = big.opens_at + timedelta(seconds=rng.uniform(0, period))
    Comment.objects.bulk_update(rows, ["created_at", "updated_at"], batch_size=BATCH)
    return {"comments": len(rows), "answered": answered}


def other_comments(consultations: list[Consultation], rng: random.Random, *, count: int, now) -> dict:
    """`count` comments spread over the consultations that have opened (the big one excepted), each written
    within its consultation's period; those of closed consultations four in five answered after the close.
    Returns the counts. Timestamps are set with one UPDATE after the insert (bulk_create stamps "now")."""
    opened = [c for c in consultations if c.opens_at <= now]
    if not opened or count <= 0:
        return {"other_comments": 0}
    residents = list(User.objects.filter(email__startswith="mieszkaniec", email__endswith="@" + EMAIL_DOMAIN))
    if not residents:
        residents = User.objects.bulk_create(
            [User(email=f"mieszkaniec{n}@{EMAIL_DOMAIN}", full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                  password="!bench-unusable") for n in range(300)], batch_size=BATCH)
    officers = dict(Officer.objects.filter(is_ngo_officer=True).values_list("municipality_id", "user_id"))
    organizations = list(Organization.objects.order_by("id").values_list("id", flat=True)[:2000])
    paragraphs: dict[int, list[int]] = {}
    for pk, consultation_id in Paragraph.objects.filter(version__consultation__in=opened).values_list(
            "pk", "version__consultation_id"):
        paragraphs.setdefault(consultation_id, []).append(pk)
    rows, answered = [], 0
    for n in range(count):
        consultation = opened[n % len(opened)]
        choices = paragraphs.get(consultation.pk)
        comment = Comment(consultation=consultation,
                          paragraph_id=rng.choice(choices) if choices and rng.random() < 0.7 else None,
                          justification=" ".join(rng.sample(JUSTIFICATIONS, rng.randint(1, 3))),
                          proposed_wording=rng.choice(WORDINGS) if rng.random() < 0.4 else "")
        if rng.random() < 0.65:
            comment.channel = CommentChannel.ONLINE
            comment.author = rng.choice(residents)
            if organizations and rng.random() < 0.5:
                comment.organization_id = rng.choice(organizations)
        else:
            comment.channel = rng.choice([CommentChannel.EMAIL, CommentChannel.POST, CommentChannel.MEETING])
            comment.author_name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if consultation.closes_at < now and rng.random() < 0.8:
            comment.decision = rng.choice(Decision.values)
            comment.answer = rng.choice(ANSWERS[comment.decision])
            comment.answered_at = min(now, consultation.closes_at + timedelta(hours=rng.randint(1, 60)))
            comment.answered_by_id = officers.get(consultation.municipality_id)
            answered += 1
        rows.append(comment)
    Comment.objects.bulk_create(rows, batch_size=BATCH)
    table = connection.ops.quote_name(Comment._meta.db_table)
    consultation_table = connection.ops.quote_name(Consultation._meta.db_table)
    with connection.cursor() as cursor:  # a moment within [opens_at, min(closes_at, now)], never after the answer
        cursor.execute(
            f"UPDATE {table} AS c SET created_at = k.opens_at + (LEAST(k.closes_at, %s) - k.opens_at) * random() "
            f"FROM {consultation_table} AS k WHERE c.consultation_id = k.id AND c.id >= %s",
            [now, rows[0].pk])
        cursor.execute(f"UPDATE {table} SET updated_at = created_at WHERE id >= %s", [rows[0].pk])
    return {"other_comments": len(rows), "other_answered": answered}


def generate(*, consultation_count: int, comment_count: int, seed: int, other_comment_count: int = 0) -> dict:
    rng = random.Random(seed)
    municipalities = list(Municipality.objects.order_by("slug"))
    if not municipalities:
        sys.exit("No municipality: run bench/generate.py first.")
    officers = dict(Officer.objects.filter(is_ngo_officer=True).values_list("municipality_id", "user_id"))
    now = timezone.now()
    big_rows = build(municipalities[:1], rng, count=1, now=now, officers=officers, big=True)
    rows = build(municipalities, rng, count=max(0, consultation_count - 1), now=now, officers=officers)
    consultations, paragraph_count = save(big_rows + rows, rng)
    big = consultations[0]
    counts = comments(big, rng, count=comment_count)
    counts.update(other_comments(consultations[1:], rng, count=other_comment_count, now=now))
    return {
        "consultations": len(consultations), "paragraphs": paragraph_count, **counts,
        "big_slug": big.municipality.slug, "big_pk": big.pk,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--consultations", type=int, default=10_000, help="published consultations (default 10000)")
    parser.add_argument("--comments", type=int, default=2_000, help="comments on the big one (default 2000)")
    parser.add_argument("--other-comments", type=int, default=0,
                        help="comments spread over the other consultations that have opened (default 0)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed: the same seed gives the same data")
    args = parser.parse_args(argv)
    if args.consultations < 1 or args.comments < 0:
        parser.error("need at least one consultation and a non-negative number of comments")
    if "bench" not in Path(database_name()).name:
        sys.exit(f"Refusing to write benchmark data into {database_name()!r}: its name must contain 'bench'.")
    started = time.monotonic()
    with scopes_disabled():
        if Consultation.objects.exists():
            sys.exit(f"Database {database_name()!r} already holds consultations: use a fresh bench database.")
        with transaction.atomic():
            counts = generate(consultation_count=args.consultations, comment_count=args.comments, seed=args.seed,
                              other_comment_count=args.other_comments)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    elapsed = time.monotonic() - started
    print(", ".join(f"{key}={value}" for key, value in counts.items()) + f" in {elapsed:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
