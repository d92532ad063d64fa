"""A small, realistic portal for browser and access tests: two municipalities, one user for every role,
a confirmed and a pending organization, a standard status, a declaration and a few audit entries.

Built with the factories and the services (as the portal itself would write it), in well under a second,
so every transactional test can afford its own copy.
"""

from dataclasses import dataclass
from datetime import date

import django
from django_scopes import scopes_disabled

from cooperation import services
from cooperation.enums import (
    DeclarationMethod,
    DeclarationStatus,
    LegalForm,
    MembershipRole,
    OrganizationLinkStatus,
    StandardImplementation,
)
from cooperation.models import (
    Invitation,
    Membership,
    Municipality,
    Organization,
    OrganizationMunicipality,
    Plane,
    Sphere,
    Standard,
    User,
)
from cooperation.reference.model import load_model_reference
from cooperation.reference.spheres import load_spheres
from tests.factories import MunicipalityFactory, OfficerFactory, UserFactory, valid_nip, valid_regon

STANDARD_CODE = "P1.A5.T2.S1"
PENDING_NAME = "Fundacja Zielone Wzgórza"
CONFIRMED_NAME = "Stowarzyszenie Przyjaciół Ziemi Koszalińskiej"


def ensure_reference_data() -> None:
    """Transactional tests flush the database, reference data (loaded by a migration) included."""
    if not Plane.objects.exists() or not Sphere.objects.exists():
        load_model_reference(django.apps.apps)
        load_spheres(django.apps.apps)


@dataclass
class World:
    admin: User
    municipality: Municipality
    other_municipality: Municipality
    officer: User
    other_officer: User
    owner: User
    editor: User
    resident: User
    organization: Organization
    pending_organization: Organization
    pending_link: OrganizationMunicipality
    owner_membership: Membership
    editor_membership: Membership
    invitation: Invitation
    invitation_token: str
    standard: Standard


def organization_data(n: int, name: str, city: str = "Koszalin", postal_code: str = "75-016") -> dict:
    return {
        "name": name,
        "legal_form": LegalForm.ASSOCIATION if name.startswith("Stow") else LegalForm.FOUNDATION,
        "krs": f"{700000 + n:010d}",
        "nip": valid_nip(5000 + n),
        "regon": valid_regon(5000 + n),
        "street": f"ul. Zwycięstwa {n}",
        "postal_code": postal_code,
        "city": city,
        "email": f"kontakt{n}@ngo.example.pl",
        "phone": f"+48 600 100 {n:03d}",
        "description": f"{name} działa na rzecz mieszkańców od {2000 + n} roku.",
        "wants_email": True,
        "wants_post": False,
    }


def build_world() -> World:
    """Writes as an administrator's script would: outside any request, so with the scope guard disabled."""
    ensure_reference_data()
    with scopes_disabled():
        return _build_world()


def _build_world() -> World:
    admin = UserFactory(email="admin@wspolpraca.test", full_name="Anna Administratorka", is_staff=True,
                        is_superuser=True, totp=True)
    municipality = MunicipalityFactory(
        name="Miasto Koszalin", slug="koszalin", teryt="3261011", street="ul. Rynek Staromiejski 6-7",
        postal_code="75-007", city="Koszalin", phone="+48 94 348 86 00", bip_url="https://bip.koszalin.example.pl",
    )
    other_municipality = MunicipalityFactory(name="Gmina Będzino", slug="bedzino", teryt="3209022")
    officer = OfficerFactory(municipality=municipality, user__full_name="Oskar Pełnomocnik",
                             user__email="urzednik.koszalin@wspolpraca.test").user
    other_officer = OfficerFactory(municipality=other_municipality, user__full_name="Beata Sołtysiak",
                                   user__email="urzednik.bedzino@wspolpraca.test").user
    owner = UserFactory(email="ngo.wlasciciel@wspolpraca.test", full_name="Wiktoria Właścicielska")
    editor = UserFactory(email="ngo.redaktor@wspolpraca.test", full_name="Radosław Redaktor")
    resident = UserFactory(email="mieszkaniec@wspolpraca.test", full_name="Maria Mieszkańcowa")
    pending_owner = UserFactory(email="fundacja@wspolpraca.test", full_name="Piotr Fundator")

    spheres = {s.code: s for s in Sphere.objects.filter(code__in=["16", "18", "19"])}
    organization = services.register_organization(
        actor=owner, data=organization_data(1, CONFIRMED_NAME), spheres=[spheres["16"], spheres["19"]],
        municipalities=[municipality],
    )
    link = OrganizationMunicipality.objects.get(organization=organization, municipality=municipality)
    services.set_organization_link_status(link=link, actor=officer, status=OrganizationLinkStatus.CONFIRMED)
    pending_organization = services.register_organization(
        actor=pending_owner, data=organization_data(2, PENDING_NAME), spheres=[spheres["18"]],
        municipalities=[municipality],
    )
    pending_link = OrganizationMunicipality.objects.get(organization=pending_organization)
    editor_membership = Membership.objects.create(organization=organization, user=editor, role=MembershipRole.EDITOR)
    invitation, token = services.invite_member(
        organization=organization, email="nowy.czlonek@wspolpraca.test", role=MembershipRole.EDITOR, actor=owner
    )
    standard = Standard.objects.get(code=STANDARD_CODE)
    services.set_standard_status(
        municipality=municipality, standard=standard, actor=officer, status=StandardImplementation.IMPLEMENTED,
        evidence_url="https://bip.koszalin.example.pl/uchwaly/rdpp", adopted_on=date(2025, 3, 1),
        responsible_person="Oskar Pełnomocnik",
    )
    services.save_accessibility_declaration(
        municipality=municipality, actor=officer, status=DeclarationStatus.PARTIAL,
        published_on=date(2026, 1, 15), last_update_on=date(2026, 11, 1), prepared_on=date(2026, 1, 15),
        reviewed_on=date(2026, 3, 30), method=DeclarationMethod.SELF,
        inaccessible_content="Niektóre załączniki PDF nie mają struktury nagłówków.",
        contact_person="Oskar Pełnomocnik", email="ngo@koszalin.example.pl", phone="+48 94 348 86 00",
    )
    return World(
        admin=admin, municipality=municipality, other_municipality=other_municipality, officer=officer,
        other_officer=other_officer, owner=owner, editor=editor, resident=resident, organization=organization,
        pending_organization=pending_organization, pending_link=pending_link,
        owner_membership=Membership.objects.get(organization=organization, user=owner),
        editor_membership=editor_membership, invitation=invitation, invitation_token=token, standard=standard,
    )
