"""Fast benchmark data: municipalities, NGOs linked to them, standards statuses, one officer each.

    python bench/generate.py --municipalities 100 --organizations 5000 [--reset] [--seed 2026]

Unlike seed_demo, this writes with bulk_create and skips the services (and so the audit log): 5,000
organizations through the services would take minutes. Every row is still checked with full_clean()
(field validators: NIP/REGON checksums, KRS, TERYT, postal codes) before it is written.

It refuses to write into a database that already holds municipalities or organizations. --reset first
deletes them, and only in a database whose name contains "bench" (bench/run.sh makes wspolpraca_bench).
"""

import argparse
import os
import random
import sys
import time
from datetime import date
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402
from stdnum.pl import nip as stdnum_nip  # noqa: E402
from stdnum.pl import regon as stdnum_regon  # noqa: E402

from cooperation.enums import (  # noqa: E402
    DeclarationMethod,
    DeclarationStatus,
    LegalForm,
    MunicipalityKind,
    OrganizationLinkStatus,
    StandardImplementation,
)
from cooperation.models import (  # noqa: E402
    AccessibilityDeclaration,
    AuditEntry,
    Invitation,
    Membership,
    Municipality,
    Officer,
    Organization,
    OrganizationImport,
    OrganizationMunicipality,
    Sphere,
    Standard,
    StandardStatus,
    User,
)
from cooperation.validators import validate_teryt  # noqa: E402

BENCH_EMAIL_DOMAIN = "bench.example.pl"
BATCH = 1000

TOWNS = [
    "Koszalin", "Będzino", "Gryfino", "Mielno", "Sianów", "Polanów", "Bobolice", "Manowo", "Świeszyno",
    "Biesiekierz", "Chojna", "Mieszkowice", "Cedynia", "Widuchowa", "Banie", "Trzcińsko-Zdrój", "Moryń",
    "Łódź", "Żagań", "Ślesin",
]
STREETS = ["Zwycięstwa", "Morska", "Lipowa", "Jana Pawła II", "Słowiańska", "Polna", "Szkolna", "Ogrodowa"]
PREFIX = {
    LegalForm.ASSOCIATION: "Stowarzyszenie",
    LegalForm.ORDINARY_ASSOCIATION: "Stowarzyszenie zwykłe",
    LegalForm.FOUNDATION: "Fundacja",
    LegalForm.SOCIAL_COOPERATIVE: "Spółdzielnia Socjalna",
    LegalForm.RURAL_HOUSEWIVES: "Koło Gospodyń Wiejskich",
    LegalForm.SPORTS_CLUB: "Klub Sportowy",
    LegalForm.INFORMAL_GROUP: "Grupa nieformalna",
    LegalForm.CHURCH_ENTITY: "Parafialny Zespół Caritas",
}
# Roughly the mix of a Polish NGO base: mostly associations and foundations.
LEGAL_FORM_WEIGHTS = [
    (LegalForm.ASSOCIATION, 45), (LegalForm.FOUNDATION, 25), (LegalForm.SPORTS_CLUB, 10),
    (LegalForm.RURAL_HOUSEWIVES, 7), (LegalForm.SOCIAL_COOPERATIVE, 4), (LegalForm.ORDINARY_ASSOCIATION, 4),
    (LegalForm.INFORMAL_GROUP, 3), (LegalForm.CHURCH_ENTITY, 2),
]
THEMES = [
    "Przyjaciół Ziemi", "Zielone Wzgórza", "Rozwoju Wsi", "Seniorów Aktywnych", "Pomocy Rodzinie",
    "Edukacji Obywatelskiej", "Wolontariatu", "Kultury i Sztuki", "Historii Regionu", "Sportu Młodzieży",
    "Ochrony Zwierząt", "Zdrowia", "Turystyki", "Integracji", "Przedsiębiorczości Lokalnej", "Nauki i Techniki",
]


def nip_numbers():
    """Distinct NIP numbers with a correct check digit (bases whose check digit would be 10 are skipped)."""
    n = 0
    while True:
        base = f"{526000000 + n:09d}"
        n += 1
        for check in "0123456789":
            if stdnum_nip.is_valid(base + check):
                yield base + check
                break


def regon_numbers():
    n = 0
    while True:
        base = f"{36000000 + n:08d}"
        n += 1
        yield base + stdnum_regon.calc_check_digit(base)


def teryt_codes():
    """Distinct, valid gmina TERYT codes: WW even 02-32, PP 01-99, GG 01-99, type digit 1-3."""
    for gg in range(1, 100):
        for pp in range(1, 100):
            for ww in range(2, 33, 2):
                yield f"{ww:02d}{pp:02d}{gg:02d}{1 + (pp + gg) % 3}"


def database_name() -> str:
    return str(connection.settings_dict.get("NAME") or "")


def reset() -> None:
    name = database_name()
    if "bench" not in Path(name).name:
        sys.exit(f"--reset deletes every municipality and organization; refusing in database {name!r} "
                 "(its name must contain 'bench').")
    with transaction.atomic():
        for model in (OrganizationMunicipality, StandardStatus, AccessibilityDeclaration, OrganizationImport,
                      AuditEntry, Officer, Membership, Invitation):
            model.objects.all().delete()
        Organization.objects.all().delete()
        Municipality.objects.all().delete()
        User.objects.filter(email__endswith="@" + BENCH_EMAIL_DOMAIN).delete()


def build_municipalities(count: int, rng: random.Random) -> list[Municipality]:
    codes = teryt_codes()
    rows = []
    for i in range(count):
        town = TOWNS[i % len(TOWNS)]
        number = i + 1
        m = Municipality(
            name=f"Gmina {town} {number:03d}", kind=MunicipalityKind.GMINA, teryt=next(codes),
            slug=f"bench-{number:03d}", street=f"ul. {rng.choice(STREETS)} {number}",
            postal_code=f"{10 + i % 90:02d}-{100 + i % 900:03d}", city=town,
            email=f"ngo{number}@{BENCH_EMAIL_DOMAIN}", phone=f"+48 94 300 {i % 100:02d} {i % 97:02d}",
            website=f"https://gmina{number}.{BENCH_EMAIL_DOMAIN}", bip_url=f"https://bip.gmina{number}.{BENCH_EMAIL_DOMAIN}",
        )
        m.full_clean(validate_unique=False, validate_constraints=False)
        validate_teryt(m.teryt, m.kind)
        rows.append(m)
    return rows


def build_organizations(count: int, rng: random.Random) -> list[Organization]:
    forms = [form for form, _weight in LEGAL_FORM_WEIGHTS]
    weights = [weight for _form, weight in LEGAL_FORM_WEIGHTS]
    nips, regons = nip_numbers(), regon_numbers()
    rows = []
    for i in range(count):
        number = i + 1
        form = rng.choices(forms, weights)[0]
        town = rng.choice(TOWNS)
        theme = rng.choice(THEMES)
        in_krs = form in LegalForm.krs_required() or form == LegalForm.SPORTS_CLUB
        formal = form != LegalForm.INFORMAL_GROUP
        o = Organization(
            name=f"{PREFIX[form]} {theme} w {town} nr {number}",
            legal_form=form,
            krs=f"{100000 + number:010d}" if in_krs else "",
            other_register="Ewidencja starosty, nr 12/2021" if form == LegalForm.ORDINARY_ASSOCIATION else "",
            nip=next(nips) if formal else "",
            regon=next(regons) if formal else "",
            street=f"ul. {rng.choice(STREETS)} {1 + i % 150}",
            postal_code=f"{10 + i % 90:02d}-{i % 1000:03d}",
            city=town,
            email=f"kontakt{number}@{BENCH_EMAIL_DOMAIN}",
            phone=f"+48 600 {i // 1000 % 1000:03d} {i % 1000:03d}",
            description=(
                f"Działamy na rzecz mieszkańców od {1990 + i % 35} roku. "
                + ("Prowadzimy lokalny fundusz grantowy. " if i % 7 == 0 else "")
                + f"Obszar: {theme.lower()}."
            ),
            wants_email=True,
            wants_post=i % 4 == 0,
        )
        o.full_clean(validate_unique=False, validate_constraints=False)
        rows.append(o)
    return rows


def generate(*, municipality_count: int, organization_count: int, seed: int) -> dict:
    rng = random.Random(seed)
    standards = list(Standard.objects.order_by("order"))
    spheres = list(Sphere.objects.values_list("id", flat=True))
    if not standards or not spheres:
        sys.exit("Reference data is missing: run `python manage.py migrate` first.")

    municipalities = Municipality.objects.bulk_create(build_municipalities(municipality_count, rng), batch_size=BATCH)
    organizations = Organization.objects.bulk_create(build_organizations(organization_count, rng), batch_size=BATCH)

    # One NGO officer (with a named account) per municipality, shown on the municipality's page.
    users = User.objects.bulk_create(
        [User(email=f"urzednik{m.slug}@{BENCH_EMAIL_DOMAIN}", full_name=f"Pełnomocnik {m.city}",
              password="!bench-unusable") for m in municipalities],  # "!" prefix = unusable password
        batch_size=BATCH,
    )
    Officer.objects.bulk_create(
        [Officer(municipality=m, user=u, position="Pełnomocnik ds. organizacji pozarządowych", is_ngo_officer=True)
         for m, u in zip(municipalities, users, strict=True)],
        batch_size=BATCH,
    )

    through = Organization.spheres.through
    sphere_rows = []
    links = []
    statuses = [OrganizationLinkStatus.CONFIRMED] * 90 + [OrganizationLinkStatus.PENDING] * 6 + [
        OrganizationLinkStatus.REJECTED] * 4
    for i, organization in enumerate(organizations):
        for sphere_id in rng.sample(spheres, rng.randint(1, 3)):
            sphere_rows.append(through(organization_id=organization.id, sphere_id=sphere_id))
        home = municipalities[i % len(municipalities)]
        targets = [home]
        if len(municipalities) > 1 and rng.random() < 0.2:
            other = rng.choice(municipalities)
            if other.id != home.id:
                targets.append(other)
        for municipality in targets:
            status = rng.choice(statuses)
            links.append(OrganizationMunicipality(
                municipality=municipality, organization=organization, status=status,
                decided_by=users[municipalities.index(municipality)] if status != OrganizationLinkStatus.PENDING else None,
            ))
    through.objects.bulk_create(sphere_rows, batch_size=BATCH)
    OrganizationMunicipality.objects.bulk_create(links, batch_size=BATCH)

    choices = [StandardImplementation.IMPLEMENTED, StandardImplementation.IN_PROGRESS, StandardImplementation.NOT_STARTED]
    standard_rows, declarations = [], []
    for m_index, (municipality, officer) in enumerate(zip(municipalities, users, strict=True)):
        for s_index, standard in enumerate(standards):
            choice = (s_index + m_index) % 4
            if choice == 3:
                continue  # nothing recorded yet: the tracker shows it as not started
            implemented = choices[choice] == StandardImplementation.IMPLEMENTED
            standard_rows.append(StandardStatus(
                municipality=municipality, standard=standard, status=choices[choice],
                evidence_url=f"{municipality.bip_url}/dokumenty/{standard.code.lower()}" if implemented else "",
                adopted_on=date(2025, 1 + s_index % 12, 1) if implemented else None,
                responsible_person=officer.full_name, updated_by=officer,
            ))
        declarations.append(AccessibilityDeclaration(
            municipality=municipality, status=DeclarationStatus.PARTIAL, published_on=date(2026, 1, 15),
            last_update_on=date(2026, 11, 1), prepared_on=date(2026, 1, 15), reviewed_on=date(2026, 3, 30),
            method=DeclarationMethod.SELF, contact_person=officer.full_name, email=municipality.email,
            phone=municipality.phone,
        ))
    StandardStatus.objects.bulk_create(standard_rows, batch_size=BATCH)
    AccessibilityDeclaration.objects.bulk_create(declarations, batch_size=BATCH)
    confirmed = sum(1 for link in links if link.status == OrganizationLinkStatus.CONFIRMED)
    return {
        "municipalities": len(municipalities), "organizations": len(organizations), "links": len(links),
        "confirmed_links": confirmed, "sphere_links": len(sphere_rows), "standard_statuses": len(standard_rows),
        "officers": len(users), "first_slug": municipalities[0].slug if municipalities else None,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--municipalities", "-m", type=int, default=100, help="number of municipalities (default 100)")
    parser.add_argument("--organizations", "-n", type=int, default=5000, help="number of NGOs (default 5000)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed: the same seed gives the same data")
    parser.add_argument("--reset", action="store_true",
                        help="delete existing municipalities and organizations first (bench databases only)")
    args = parser.parse_args(argv)
    if args.municipalities < 1 or args.organizations < 0:
        parser.error("need at least one municipality and a non-negative number of organizations")
    if args.municipalities > 16 * 99 * 99:
        parser.error("at most 156816 municipalities have distinct TERYT codes here")

    started = time.monotonic()
    with scopes_disabled():
        if args.reset:
            reset()
        elif Municipality.objects.exists() or Organization.objects.exists():
            sys.exit(f"Database {database_name()!r} already holds municipalities or organizations. "
                     "Use a fresh database (bench/run.sh makes one) or --reset in a bench database.")
        with transaction.atomic():
            counts = generate(
                municipality_count=args.municipalities, organization_count=args.organizations, seed=args.seed
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    elapsed = time.monotonic() - started
    print(", ".join(f"{key}={value}" for key, value in counts.items()) + f" in {elapsed:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
