"""Demo data for consultations, called by `seed_demo`: an open consultation of the cooperation programme in
Koszalin with two versions and comments, and a closed one in Będzino with every comment answered. The public
benefit council: Koszalin's current term with its members, two meetings (attendance, minutes) and its opinion
on the programme; in Będzino, NGOs collecting signatures under a request to create a council."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from cooperation.models import Membership, User
from cooperation.selectors import address_base

from . import council, services
from .enums import CommentChannel, Decision

PROGRAMME = """# Rozdział 1. Postanowienia ogólne

§ 1. Program określa cele, zasady, przedmiot i formy współpracy Miasta z organizacjami pozarządowymi w 2027 roku.

§ 2. Ilekroć w programie jest mowa o:
1) ustawie – rozumie się ustawę o działalności pożytku publicznego i o wolontariacie;
2) organizacjach – rozumie się organizacje pozarządowe oraz podmioty, o których mowa w art. 3 ust. 3 ustawy.

# Rozdział 2. Cele programu

§ 3. Celem głównym programu jest budowanie partnerstwa między samorządem a organizacjami.

§ 4. Celami szczegółowymi są:
1) wzmocnienie potencjału organizacji;
2) zwiększenie udziału mieszkańców w życiu publicznym;
3) poprawa jakości usług publicznych.

# Rozdział 3. Formy współpracy

§ 5. Współpraca odbywa się w formach finansowych i pozafinansowych, w szczególności przez otwarte konkursy ofert, konsultacje projektów aktów prawa miejscowego oraz udostępnianie lokali.
"""


def seed(municipalities, officers) -> None:
    now = timezone.now()
    koszalin, bedzino = municipalities[0], municipalities[1]
    programme = services.create_consultation(
        municipality=koszalin, actor=officers[0], title="Program współpracy z organizacjami pozarządowymi na 2027 rok",
        subject="cooperation_programme", legal_basis="art. 5a ust. 1 ustawy o działalności pożytku publicznego",
        addressees="ngos", forms=["online", "written", "open_meeting"], opens_at=now - timedelta(days=3),
        closes_at=now + timedelta(days=18), contact_person="Oskar Pełnomocnik", contact_email=koszalin.email,
        contact_phone=koszalin.phone, source=PROGRAMME, version_kind="assumptions",
    )
    services.add_version(consultation=programme, actor=officers[0], kind="draft", note="Doprecyzowano cele szczegółowe",
                         source=PROGRAMME.replace("3) poprawa jakości usług publicznych.",
                                                  "3) poprawa jakości usług publicznych;\n4) rozwój wolontariatu."))
    services.publish_consultation(consultation=programme, actor=officers[0])
    owner = User.objects.get(email="ngo.wlasciciel@wspolpraca.test")
    organization = Membership.objects.filter(user=owner).select_related("organization").first().organization
    paragraph = services.current_version(programme).paragraphs.get(order=5)
    services.add_comment(consultation=programme, author=owner, organization=organization, paragraph=paragraph,
                         proposed_wording="§ 3. Celem głównym programu jest budowanie partnerstwa i zaufania między "
                                          "samorządem a organizacjami.",
                         justification="Zaufanie jest warunkiem partnerstwa; warto je nazwać wprost.")
    services.add_comment(consultation=programme, author=User.objects.get(email="mieszkaniec@wspolpraca.test"),
                         justification="Proszę o harmonogram konkursów ofert w programie.")

    closed = services.create_consultation(
        municipality=bedzino, actor=officers[1], title="Regulamin udostępniania świetlic wiejskich",
        subject="local_law", legal_basis="art. 5 ust. 5 ustawy o działalności pożytku publicznego",
        addressees="both", forms=["online", "written"], opens_at=now - timedelta(days=30),
        closes_at=now + timedelta(days=1), contact_person="Beata Sołtysiak", contact_email=bedzino.email,
        source="§ 1. Świetlice udostępnia się organizacjom nieodpłatnie.\n\n§ 2. Wniosek składa się 7 dni przed "
               "terminem.\n\n§ 3. Klucze wydaje sołtys.",
    )
    services.publish_consultation(consultation=closed, actor=officers[1])
    comment = services.add_comment(consultation=closed, author=owner, justification="7 dni to za długo; proponujemy 3.",
                                   paragraph=services.current_version(closed).paragraphs.get(order=2))
    posted = services.enter_comment(consultation=closed, actor=officers[1], channel=CommentChannel.POST,
                                    author_name="Koło Gospodyń Wiejskich w Będzinie",
                                    justification="Prosimy o możliwość korzystania w weekendy.")
    # Close it now (the demo goes back in time only through the dates) and answer every comment.
    type(closed).objects.filter(pk=closed.pk).update(closes_at=now - timedelta(minutes=1))
    closed.refresh_from_db()
    services.answer_comment(comment=comment, actor=officers[1], decision=Decision.PARTLY,
                            answer="Skrócono termin do 5 dni, aby sołtys zdążył przygotować salę.")
    services.answer_comment(comment=posted, actor=officers[1], decision=Decision.ACCEPTED,
                            answer="Dodano zapis o udostępnianiu w soboty i niedziele.")

    seed_council(koszalin, officers[0], programme)
    seed_council_request(bedzino, owner)
    seed_features(municipalities, officers)


MINUTES = """Posiedzenie otworzył przewodniczący Rady. Stwierdzono kworum.

1. Przyjęto porządek obrad bez uwag.
2. {item}
3. W sprawach różnych członkowie Rady zgłosili potrzebę spotkania z Wydziałem Polityki Społecznej.

Na tym posiedzenie zakończono. Protokołowała sekretarz Rady."""


def seed_council(municipality, officer, programme) -> None:
    """A published term that started 14 months ago: 4 NGO representatives of 8 members, two meetings with
    attendance and published minutes, and the council's opinion on the programme consultation."""
    today = timezone.localdate()
    starts_on = today.replace(day=1) - timedelta(days=420)
    term = council.start_term(municipality=municipality, actor=officer, starts_on=starts_on,
                              resolution_number="Zarządzenie nr 214/2025 Prezydenta Miasta Koszalina",
                              resolution_date=starts_on - timedelta(days=10))
    organizations = list(address_base(municipality)[:4])
    people = [
        ("Halina Wiśniewska", "ngos", "przewodnicząca", "h.wisniewska@ngo.example.pl"),
        ("Tomasz Zieliński", "ngos", "sekretarz", ""),
        ("Agnieszka Kaczmarek", "ngos", "", "a.kaczmarek@ngo.example.pl"),
        ("Piotr Lewandowski", "ngos", "", ""),
        ("Jan Nowicki", "municipal_council", "wiceprzewodniczący", "radny.nowicki@koszalin.example.pl"),
        ("Ewa Mazur", "municipal_council", "", ""),
        ("Marek Wójcik", "executive", "", "m.wojcik@koszalin.example.pl"),
        ("Oskar Pełnomocnik", "executive", "", ""),
    ]
    members = []
    for index, (name, side, function, email) in enumerate(people):
        members.append(council.add_member(
            term=term, actor=officer, full_name=name, side=side, function=function, email=email,
            organization=organizations[index] if side == "ngos" and index < len(organizations) else None,
            appointed_on=starts_on,
        ))
    council.publish_term(term=term, actor=officer)
    meetings = [
        (starts_on + timedelta(days=30), "Wybór prezydium Rady; przyjęcie regulaminu pracy Rady.",
         "Wybrano przewodniczącą, wiceprzewodniczącego i sekretarza; przyjęto regulamin pracy Rady."),
        (today - timedelta(days=45), "Zaopiniowanie założeń programu współpracy na 2027 rok.",
         "Omówiono założenia programu współpracy na 2027 rok; Rada zaopiniuje projekt po jego przekazaniu."),
    ]
    for number, (day, agenda, item) in enumerate(meetings, start=1):
        starts_at = timezone.make_aware(datetime.combine(day, time(16, 0)))
        meeting = council.schedule_meeting(term=term, actor=officer, starts_at=starts_at,
                                           place="Ratusz, sala nr 1, ul. Rynek Staromiejski 6-7",
                                           agenda=f"1. Otwarcie posiedzenia.\n2. {agenda}\n3. Sprawy różne.")
        statuses = {m.pk: "present" for m in members}
        statuses[members[3].pk] = "unexcused"
        if number == 2:
            statuses[members[5].pk] = "excused"
        council.record_attendance(meeting=meeting, actor=officer, statuses=statuses)
        council.save_minutes(meeting=meeting, actor=officer, text=MINUTES.format(item=item))
        council.publish_minutes(meeting=meeting, actor=officer)

    opinion = council.request_opinion(municipality=municipality, actor=officer, consultation=programme,
                                      description="Prosimy o opinię do projektu programu (art. 41i ust. 1 pkt 2 "
                                                  "ustawy).", sent_at=timezone.now() - timedelta(days=3))
    council.record_opinion(
        opinion_request=opinion, actor=officer, received_at=timezone.now() - timedelta(hours=20),
        text="Rada Działalności Pożytku Publicznego w Koszalinie pozytywnie opiniuje projekt programu współpracy "
             "na 2027 rok.\n\nRada rekomenduje dopisanie harmonogramu otwartych konkursów ofert oraz wskaźników "
             "oceny realizacji programu.",
    )


def seed_council_request(municipality, owner) -> None:
    """In Będzino two organizations of the demo NGO owner have signed a request to create the council."""
    mine = list(address_base(municipality).filter(memberships__user=owner).prefetch_related(None)
                .order_by("name")[:2])
    if not mine:
        return
    council_request = council.file_council_request(
        municipality=municipality, organization=mine[0], actor=owner,
        justification="Gmina nie ma rady działalności pożytku publicznego; chcemy współdecydować o programie "
                      "współpracy i zasadach konkursów.",
    )
    for organization in mine[1:]:
        council.sign_council_request(council_request=council_request, organization=organization, actor=owner)



def seed_features(municipalities, officers) -> None:
    """Demo data of the features kept in their own packages (issue #7)."""
    from .diagnosis import demo as diagnosis_demo
    from .information import demo as information_demo
    from .programmes import demo as programmes_demo

    programmes_demo.seed(municipalities, officers)
    information_demo.seed(municipalities, officers)
    diagnosis_demo.seed(municipalities, officers)
