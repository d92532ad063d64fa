"""Demo data of information, called from consultations/demo.py. Every write goes through the services.

Koszalin: three approved NGO posts (news and events) and one awaiting approval; one newsletter sent to the NGO
base, with a few receipts confirmed and a reply."""

from datetime import timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from cooperation.models import User

from . import selectors, services
from .enums import Channel, PostKind
from .models import Delivery, NgoPost

POSTS = [
    (PostKind.EVENT, "Sprzątanie brzegów Dzierżęcinki", "Zapraszamy mieszkańców i organizacje do wspólnego sprzątania "
     "brzegów rzeki.\n\nRękawice i worki zapewniamy. Zbiórka przy moście na ul. Zwycięstwa.", 12, "Most na ul. Zwycięstwa"),
    (PostKind.NEWS, "Nowa siedziba stowarzyszenia", "Od grudnia przyjmujemy w nowym lokalu przy ul. Młyńskiej 3.\n\n"
     "Dyżury: wtorki i czwartki 16–18.", None, ""),
    (PostKind.EVENT, "Warsztaty pisania wniosków", "Bezpłatne warsztaty dla małych organizacji: jak przygotować ofertę "
     "w otwartym konkursie.", 25, "Centrum Organizacji Pozarządowych, sala 2"),
]
PENDING = (PostKind.NEWS, "Zbiórka książek dla świetlic", "Zbieramy książki dla dzieci do świetlic środowiskowych.")

NEWSLETTER = """Szanowni Państwo,

zapraszamy do udziału w konsultacjach projektu programu współpracy na 2027 rok oraz na roczne spotkanie
z organizacjami pozarządowymi.

Prosimy o potwierdzenie otrzymania tej wiadomości."""


def seed(municipalities, officers) -> None:
    koszalin, officer = municipalities[0], officers[0]
    with scopes_disabled():
        if NgoPost.objects.filter(municipality=koszalin).exists():
            return
        owner = User.objects.filter(email="ngo.wlasciciel@wspolpraca.test").first()
        organizations = list(selectors.confirmed_organizations_of(owner, koszalin)) if owner else []
        if organizations:
            _seed_posts(koszalin, officer, owner, organizations)
        _seed_newsletter(koszalin, officer)


def _seed_posts(municipality, officer, owner, organizations) -> None:
    now = timezone.now()
    for number, (kind, title, text, days, place) in enumerate(POSTS):
        post = services.submit_post(
            municipality=municipality, organization=organizations[number % len(organizations)], actor=owner,
            kind=kind, title=title, text=text, place=place,
            starts_at=now + timedelta(days=days) if days else None,
        )
        services.approve_post(post=post, actor=officer)
    kind, title, text = PENDING
    services.submit_post(municipality=municipality, organization=organizations[0], actor=owner, kind=kind,
                         title=title, text=text)


def _seed_newsletter(municipality, officer) -> None:
    newsletter = services.create_newsletter(
        municipality=municipality, actor=officer, subject="Konsultacje programu współpracy na 2027 rok",
        text=NEWSLETTER, attachment_url="https://bip.koszalin.example.pl/program-2027.pdf")
    try:
        services.send_newsletter(newsletter=newsletter, actor=officer)
    except services.TransitionNotAllowed:
        return  # an empty NGO base
    # Sent at once (the task that follows the commit finds nothing left to send).
    services.send_delivery_batch(delivery_ids=services.pending_email_ids(newsletter.pk))
    emails = list(Delivery.objects.filter(newsletter=newsletter, channel=Channel.EMAIL).order_by("id")[:4])
    for delivery in emails[:3]:
        services.confirm_receipt(delivery=delivery)
    if emails:
        services.reply_to_newsletter(delivery=emails[0], text="Dziękujemy, potwierdzamy udział w spotkaniu "
                                                              "(2 osoby).")
