"""Demo data for `make run`: 3 municipalities, 30 NGOs and one user for every role.

Idempotent: running it again leaves existing demo data as it is. Every write goes through the services,
like a real officer's or NGO's would.
"""

import random
from datetime import date
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils.module_loading import module_has_submodule
from django_scopes import scopes_disabled
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import regon as stdnum_regon

from cooperation import demo_events, services
from cooperation.enums import (
    DeclarationMethod,
    DeclarationStatus,
    LegalForm,
    MembershipRole,
    MunicipalityKind,
    OrganizationLinkStatus,
    StandardImplementation,
)
from cooperation.models import Membership, Municipality, Organization, Sphere, Standard, User

DEMO_PASSWORD = "Wspolpraca-demo-2026"
# Fixed TOTP secrets so that demo officers can log in: `python manage.py totp_code <email>` prints a code.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

MUNICIPALITIES = [
    {"name": "Miasto Koszalin", "kind": MunicipalityKind.GMINA, "teryt": "3261011", "slug": "koszalin",
     "street": "ul. Rynek Staromiejski 6-7", "postal_code": "75-007", "city": "Koszalin",
     "email": "ngo@koszalin.example.pl", "phone": "+48 94 348 86 00", "website": "https://koszalin.example.pl",
     "bip_url": "https://bip.koszalin.example.pl"},
    {"name": "Gmina Będzino", "kind": MunicipalityKind.GMINA, "teryt": "3209022", "slug": "bedzino",
     "street": "Będzino 19", "postal_code": "76-037", "city": "Będzino",
     "email": "urzad@bedzino.example.pl", "phone": "+48 94 318 24 00", "website": "https://bedzino.example.pl",
     "bip_url": "https://bip.bedzino.example.pl"},
    {"name": "Powiat gryfiński", "kind": MunicipalityKind.POWIAT, "teryt": "3206", "slug": "powiat-gryfinski",
     "street": "ul. Sprzymierzonych 4", "postal_code": "74-100", "city": "Gryfino",
     "email": "ngo@gryfino-powiat.example.pl", "phone": "+48 91 404 53 00",
     "website": "https://gryfino-powiat.example.pl", "bip_url": "https://bip.gryfino-powiat.example.pl"},
]

USERS = [
    # email, full name, role description
    ("admin@wspolpraca.test", "Anna Administratorka", "platform administrator"),
    ("urzednik.koszalin@wspolpraca.test", "Oskar Pełnomocnik", "officer: Miasto Koszalin"),
    ("urzednik.bedzino@wspolpraca.test", "Beata Sołtysiak", "officer: Gmina Będzino"),
    ("urzednik.gryfino@wspolpraca.test", "Grzegorz Żurawski", "officer: Powiat gryfiński"),
    ("ngo.wlasciciel@wspolpraca.test", "Wiktoria Właścicielska", "NGO owner"),
    ("ngo.redaktor@wspolpraca.test", "Radosław Redaktor", "NGO editor"),
    ("mieszkaniec@wspolpraca.test", "Maria Mieszkańcowa", "registered resident"),
]

NGO_NAMES = [
    ("Stowarzyszenie Przyjaciół Ziemi Koszalińskiej", LegalForm.ASSOCIATION, ["16", "19"]),
    ("Fundacja Zielone Wzgórza", LegalForm.FOUNDATION, ["18"]),
    ("Koło Gospodyń Wiejskich w Będzinie", LegalForm.RURAL_HOUSEWIVES, ["4", "13"]),
    ("Uczniowski Klub Sportowy „Orlik”", LegalForm.SPORTS_CLUB, ["17", "15"]),
    ("Spółdzielnia Socjalna „Żurawie”", LegalForm.SOCIAL_COOPERATIVE, ["2", "8"]),
    ("Fundacja Pomocy Rodzinie „Przystań”", LegalForm.FOUNDATION, ["1", "1a", "31"]),
    ("Stowarzyszenie Seniorów „Złota Jesień”", LegalForm.ASSOCIATION, ["10"]),
    ("Ochotnicza Straż Pożarna w Mielnie", LegalForm.ASSOCIATION, ["23", "20"]),
    ("Fundacja Edukacji Obywatelskiej „Agora”", LegalForm.FOUNDATION, ["22", "14"]),
    ("Stowarzyszenie na rzecz Osób Niepełnosprawnych „Razem”", LegalForm.ASSOCIATION, ["7"]),
    ("Klub Sportowy Gryf Gryfino", LegalForm.SPORTS_CLUB, ["17"]),
    ("Towarzystwo Przyjaciół Dzieci, Oddział Koszalin", LegalForm.ASSOCIATION, ["15", "31"]),
    ("Fundacja Wolontariat Pomorze", LegalForm.FOUNDATION, ["27"]),
    ("Stowarzyszenie Miłośników Łowiectwa i Przyrody", LegalForm.ASSOCIATION, ["18"]),
    ("Grupa nieformalna „Sąsiedzi z Rokosowa”", LegalForm.INFORMAL_GROUP, ["13"]),
    ("Parafialny Zespół Caritas w Będzinie", LegalForm.CHURCH_ENTITY, ["3", "1"]),
    ("Stowarzyszenie Kulturalne „Bałtycka Fala”", LegalForm.ASSOCIATION, ["16"]),
    ("Fundacja Zdrowie na Pomorzu", LegalForm.FOUNDATION, ["6"]),
    ("Stowarzyszenie Przeciw Uzależnieniom „Trzeźwość”", LegalForm.ASSOCIATION, ["32"]),
    ("Fundacja Rozwoju Przedsiębiorczości Lokalnej", LegalForm.FOUNDATION, ["11", "8"]),
    ("Stowarzyszenie Turystyczne „Szlak Odry”", LegalForm.ASSOCIATION, ["19"]),
    ("Fundacja Pomocy Zwierzętom „Łapa”", LegalForm.FOUNDATION, ["18"]),
    ("Stowarzyszenie Rozwoju Wsi Dobre", LegalForm.ASSOCIATION, ["13", "32a"]),
    ("Fundacja Integracji Cudzoziemców „Most”", LegalForm.FOUNDATION, ["5a", "26"]),
    ("Stowarzyszenie Kobiet Aktywnych", LegalForm.ASSOCIATION, ["9"]),
    ("Klub Seniora „Pogodni” (stowarzyszenie zwykłe)", LegalForm.ORDINARY_ASSOCIATION, ["10"]),
    ("Fundacja Centrum Organizacji Pozarządowych", LegalForm.FOUNDATION, ["33"]),
    ("Stowarzyszenie Historyczne „Gryf”", LegalForm.ASSOCIATION, ["4", "16"]),
    ("Fundacja Nauki i Techniki Młodych", LegalForm.FOUNDATION, ["12", "14"]),
    ("Stowarzyszenie Mniejszości Ukraińskiej „Dnipro”", LegalForm.ASSOCIATION, ["5"]),
]
TOWNS = [("Koszalin", "75-016"), ("Będzino", "76-037"), ("Gryfino", "74-100"), ("Mielno", "76-032")]


def _valid_nip(rng: random.Random) -> str:
    while True:
        base = f"{rng.randint(100, 999)}{rng.randint(0, 999999):06d}"
        for digit in "0123456789":
            if stdnum_nip.is_valid(base + digit):
                return base + digit


def _valid_regon(rng: random.Random) -> str:
    base = f"{rng.randint(10000000, 99999999)}"
    return base + stdnum_regon.calc_check_digit(base)


class Command(BaseCommand):
    help = "Load demo data: 3 municipalities, 30 NGOs and a user for every role."

    def handle(self, *args, **options):
        with scopes_disabled(), override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            if Municipality.objects.filter(slug="koszalin").exists():
                self.stdout.write("Demo data already present.")
            else:
                with transaction.atomic():
                    self._seed()
        self._print_logins()

    def _user(self, email: str, full_name: str, **extra) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=full_name, **extra)
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        return user

    def _with_totp(self, user: User) -> None:
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)

    def _seed(self) -> None:
        rng = random.Random(2026)  # noqa: S311 - demo data, not security
        admin = self._user(USERS[0][0], USERS[0][1], is_staff=True, is_superuser=True)
        self._with_totp(admin)
        municipalities = [services.create_municipality(actor=admin, **data) for data in MUNICIPALITIES]
        officers = []
        for (email, full_name, _role), municipality in zip(USERS[1:4], municipalities, strict=True):
            officer = self._user(email, full_name)
            self._with_totp(officer)
            services.add_officer(
                municipality=municipality, user=officer, actor=admin, position="Pełnomocnik ds. organizacji pozarządowych",
                is_ngo_officer=True,
            )
            officers.append(officer)
        owner = self._user(*USERS[4][:2])
        editor = self._user(*USERS[5][:2])
        self._user(*USERS[6][:2])

        spheres = {s.code: s for s in Sphere.objects.all()}
        for index, (name, legal_form, sphere_codes) in enumerate(NGO_NAMES):
            town, postal_code = TOWNS[index % len(TOWNS)]
            data = {
                "name": name,
                "legal_form": legal_form,
                "krs": f"{rng.randint(100000, 999999):010d}" if legal_form in LegalForm.krs_required()
                or legal_form in {LegalForm.SPORTS_CLUB, LegalForm.ASSOCIATION} else "",
                "other_register": "Ewidencja stowarzyszeń zwykłych starosty, nr 12/2021"
                if legal_form == LegalForm.ORDINARY_ASSOCIATION else "",
                "nip": _valid_nip(rng) if legal_form != LegalForm.INFORMAL_GROUP else "",
                "regon": _valid_regon(rng) if legal_form != LegalForm.INFORMAL_GROUP else "",
                "street": f"ul. {rng.choice(['Zwycięstwa', 'Morska', 'Lipowa', 'Jana Pawła II', 'Słowiańska'])} {index + 1}",
                "postal_code": postal_code,
                "city": town,
                "email": f"kontakt{index + 1}@ngo.example.pl",
                "phone": f"+48 600 100 {index:03d}",
                "description": f"{name} działa na rzecz mieszkańców od {2000 + index % 20} roku.",
                "wants_email": True,
                "wants_post": index % 4 == 0,
            }
            # The demo owner runs the first two; every other NGO has its own contact account.
            first_owner = owner if index < 2 else self._user(data["email"], f"Kontakt {name}"[:150])
            home = municipalities[index % 3]
            also = [municipalities[(index + 1) % 3]] if index % 5 == 0 else []
            organization = services.register_organization(
                actor=first_owner, data=data, spheres=[spheres[c] for c in sphere_codes], municipalities=[home, *also]
            )
            # Most are confirmed; every municipality keeps a few waiting for its officer.
            if index < 27:
                for link in organization.municipality_links.all():
                    services.set_organization_link_status(
                        link=link, actor=officers[municipalities.index(link.municipality)],
                        status=OrganizationLinkStatus.CONFIRMED,
                    )
        first = Organization.objects.get(name=NGO_NAMES[0][0])
        Membership.objects.get_or_create(organization=first, user=editor, defaults={"role": MembershipRole.EDITOR})

        standards = list(Standard.objects.order_by("order"))
        for m_index, municipality in enumerate(municipalities):
            officer = officers[m_index]
            for s_index, standard in enumerate(standards):
                choice = (s_index + m_index) % 4
                if choice == 3:
                    continue
                status = [StandardImplementation.IMPLEMENTED, StandardImplementation.IN_PROGRESS,
                          StandardImplementation.NOT_STARTED][choice]
                services.set_standard_status(
                    municipality=municipality, standard=standard, actor=officer, status=status,
                    evidence_url=f"{municipality.bip_url}/dokumenty/{standard.code.lower()}" if choice == 0 else "",
                    adopted_on=date(2025, 1 + s_index % 12, 1) if choice == 0 else None,
                    responsible_person=officer.full_name,
                )
            services.save_accessibility_declaration(
                municipality=municipality, actor=officer, status=DeclarationStatus.PARTIAL,
                published_on=date(2026, 1, 15), last_update_on=date(2026, 11, 1), prepared_on=date(2026, 1, 15),
                reviewed_on=date(2026, 3, 30), method=DeclarationMethod.SELF,
                inaccessible_content="Niektóre załączniki PDF opublikowane przed 2025 r. nie mają struktury "
                "nagłówków. Na prośbę udostępniamy je w formie tekstowej.",
                contact_person=officer.full_name, email=municipality.email, phone=municipality.phone,
                additional_info="Urząd ma podjazd dla wózków i windę; w biurze obsługi działa pętla indukcyjna.",
            )
        demo_events.seed(municipalities, officers)
        # Other apps add their demo data through `<app>.demo.seed(municipalities, officers)` (cooperation
        # never imports them directly): e.g. self_assessment publishes two LIJW notes for Koszalin.
        for app in apps.get_app_configs():
            if module_has_submodule(app.module, "demo") and app.name != "cooperation":
                import_module(f"{app.name}.demo").seed(municipalities, officers)

    def _print_logins(self) -> None:
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        for email, _name, role in USERS:
            self.stdout.write(f"  {role:<32} {email}")
        self.stdout.write(
            "Officers and the administrator use two-factor codes: "
            "`make totp EMAIL=<address>` prints the current one "
            f"(or add the secret {DEMO_TOTP_SECRET} to an authenticator app)."
        )
