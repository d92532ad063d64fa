import re
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django_scopes import scopes_disabled

from cooperation.enums import MembershipRole, OrganizationLinkStatus
from cooperation.management.commands.seed_demo import DEMO_PASSWORD, USERS
from cooperation.models import (
    AccessibilityDeclaration,
    Membership,
    Municipality,
    Officer,
    Organization,
    OrganizationMunicipality,
    StandardStatus,
    User,
)

pytestmark = pytest.mark.django_db

OFFICERS = {
    "urzednik.koszalin@wspolpraca.test": "koszalin",
    "urzednik.bedzino@wspolpraca.test": "bedzino",
    "urzednik.gryfino@wspolpraca.test": "powiat-gryfinski",
}


@pytest.fixture(scope="module")
def _seeded_once(django_db_setup, django_db_blocker):
    """Seed once for the module inside a transaction that is rolled back at its end; each test then runs in
    its own savepoint on top, so a test's changes do not reach the next one."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = StringIO()
            call_command("seed_demo", stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def seeded(_seeded_once, db):
    return _seeded_once


def _counts() -> dict[str, int]:
    with scopes_disabled():
        return {
            m._meta.label: m._default_manager.count()
            for m in apps.get_models()
            if m._meta.app_label in {"cooperation", "account", "mfa"}
        }


def test_seed_demo_creates_three_valid_municipalities(seeded):
    assert set(Municipality.objects.values_list("slug", "kind")) == {
        ("koszalin", "gmina"), ("bedzino", "gmina"), ("powiat-gryfinski", "powiat")
    }
    for municipality in Municipality.objects.all():
        municipality.full_clean()


def test_seed_demo_creates_at_least_thirty_valid_organizations_each_with_an_owner(seeded):
    organizations = list(Organization.objects.all())
    assert len(organizations) >= 30
    for organization in organizations:
        organization.full_clean()
        assert organization.memberships.filter(role=MembershipRole.OWNER).exists(), organization.name


def test_seed_demo_leaves_confirmed_and_pending_organizations_in_every_municipality(seeded):
    with scopes_disabled():
        for municipality in Municipality.objects.all():
            statuses = set(
                OrganizationMunicipality.objects.filter(municipality=municipality).values_list("status", flat=True)
            )
            assert {OrganizationLinkStatus.CONFIRMED, OrganizationLinkStatus.PENDING} <= statuses, municipality
            assert StandardStatus.objects.filter(municipality=municipality).exists()
            assert AccessibilityDeclaration.objects.filter(municipality=municipality).exists()


def test_seed_demo_creates_a_user_for_every_role(seeded):
    emails = {email for email, _name, _role in USERS}
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    assert set(users) == emails
    for user in users.values():
        assert user.check_password(DEMO_PASSWORD)
        assert user.emailaddress_set.filter(email=user.email, verified=True, primary=True).exists()

    admin = users["admin@wspolpraca.test"]
    assert admin.is_superuser and admin.is_staff
    for email, slug in OFFICERS.items():
        assert list(Officer.objects.filter(user=users[email]).values_list("municipality__slug", flat=True)) == [slug]
    owner = users["ngo.wlasciciel@wspolpraca.test"]
    assert set(Membership.objects.filter(user=owner).values_list("role", flat=True)) == {MembershipRole.OWNER}
    editor = users["ngo.redaktor@wspolpraca.test"]
    assert list(Membership.objects.filter(user=editor).values_list("role", flat=True)) == [MembershipRole.EDITOR]
    resident = users["mieszkaniec@wspolpraca.test"]
    assert not Membership.objects.filter(user=resident).exists()
    assert not Officer.objects.filter(user=resident).exists()
    assert not resident.is_staff


def test_seed_demo_gives_officers_and_the_admin_totp_and_nobody_else(seeded):
    with_totp = set(
        Authenticator.objects.filter(type=Authenticator.Type.TOTP).values_list("user__email", flat=True)
    )
    assert with_totp == {"admin@wspolpraca.test", *OFFICERS}


def test_seed_demo_prints_the_demo_logins(seeded):
    assert DEMO_PASSWORD in seeded
    for email, _name, _role in USERS:
        assert email in seeded


def test_running_seed_demo_twice_changes_nothing(seeded):
    before = _counts()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert _counts() == before
    assert "Demo data already present." in out.getvalue()


@pytest.mark.parametrize("email", ["urzednik.koszalin@wspolpraca.test", "admin@wspolpraca.test"])
def test_totp_code_prints_a_six_digit_code_that_allauth_accepts(seeded, settings, email):
    settings.DEBUG = True
    out = StringIO()
    call_command("totp_code", email, stdout=out)
    code = out.getvalue().strip()
    assert re.fullmatch(r"\d{6}", code)
    cache.clear()
    authenticator = Authenticator.objects.get(user__email=email, type=Authenticator.Type.TOTP)
    assert TOTP(authenticator).validate_code(code)


def test_a_demo_officer_logs_in_with_the_password_and_the_printed_code(seeded, settings, client):
    settings.DEBUG = True
    cache.clear()
    email = "urzednik.koszalin@wspolpraca.test"
    response = client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")

    out = StringIO()
    call_command("totp_code", email, stdout=out)
    response = client.post(reverse("mfa_authenticate"), {"code": out.getvalue().strip()})

    assert response.status_code == 302
    assert response["Location"] == reverse("cooperation:dashboard")
    panel = client.get(reverse("cooperation:panel", kwargs={"municipality_slug": "koszalin"}))
    assert panel.status_code == 200


def test_totp_code_refuses_to_run_without_debug(seeded, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=True"):
        call_command("totp_code", "urzednik.koszalin@wspolpraca.test", stdout=StringIO())


def test_totp_code_of_a_user_without_totp_is_refused(seeded, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="has no two-factor authenticator"):
        call_command("totp_code", "mieszkaniec@wspolpraca.test", stdout=StringIO())
