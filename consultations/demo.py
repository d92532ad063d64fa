"""Demo data for consultations, called by `seed_demo`: an open consultation of the cooperation programme in
Koszalin with two versions and comments, and a closed one in Będzino with every comment answered."""

from datetime import timedelta

from django.utils import timezone

from cooperation.models import Membership, User

from . import services
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
