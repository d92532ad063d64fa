"""Accounts end to end (django-allauth): sign-up with mandatory e-mail verification, password reset, login rate
limiting, TOTP for officers, "download my data" and account deletion. Everything goes through the Django test
client and the locmem outbox, as a person in a browser would."""

import html
import json
import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from cooperation import services
from cooperation.enums import MembershipRole
from cooperation.models import AuditEntry, Membership, Officer, Organization, User
from tests.factories import (
    PASSWORD,
    TOTP_SECRET,
    MembershipFactory,
    MunicipalityFactory,
    OfficerFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Zielona-laka-nad-rzeka-2026"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and used TOTP codes live in the cache; every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def en_client(client):
    client.cookies["django_language"] = "en"
    return client


def totp_now(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def login(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def link_from(message) -> str:
    match = re.search(r"https?://testserver(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def main_of(response) -> str:
    html = response.content.decode()
    return html[html.index('<main id="main"'):html.index("</main>")]


def assert_portal_page(response):
    """Rendered in our layout: one h1, no inline script or style, the skip link and footer are there."""
    html = response.content.decode()
    assert html.count("<h1") == 1, html
    assert 'class="skip-link"' in html
    assert 'class="site-footer"' in html
    assert "style=" not in html
    assert "<style" not in html
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []


# --- Sign-up and mandatory e-mail verification ---------------------------------------------------------


def test_signup_sends_verification_and_login_is_refused_until_the_link_is_followed(client):
    email = "nowa.osoba@example.org"
    response = client.post(
        reverse("account_signup"), {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert logged_in_user_id(client) is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [email]
    user = User.objects.get(email=email)
    assert EmailAddress.objects.get(user=user).verified is False

    # The account exists, but the person cannot log in yet: allauth sends the link again instead.
    client.logout()
    response = login(client, email, NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert logged_in_user_id(client) is None
    assert len(mail.outbox) == 2
    assert client.get(reverse("cooperation:dashboard"))["Location"].startswith(reverse("account_login"))

    # Following the link: the GET shows a confirmation page (in our layout), the POST confirms.
    path = link_from(mail.outbox[-1])
    assert path.startswith("/konto/confirm-email/")
    page = client.get(path)
    assert page.status_code == 200
    assert_portal_page(page)
    assert client.post(path).status_code == 302
    assert EmailAddress.objects.get(user=user).verified is True

    client.logout()
    response = login(client, email, NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("cooperation:dashboard")
    assert logged_in_user_id(client) == str(user.pk)
    assert client.get(reverse("cooperation:dashboard")).status_code == 200


def test_signup_with_bad_input_shows_error_summary_and_creates_nothing(client):
    response = client.post(reverse("account_signup"), {"email": "not-an-address", "password1": "a", "password2": "b"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"email", "password1"}
    html = main_of(response)
    assert 'class="error-summary"' in html
    assert 'aria-describedby="id_email_error"' in html
    assert User.objects.count() == 0
    assert mail.outbox == []


# --- Password reset --------------------------------------------------------------------------------------


def test_password_reset_email_link_sets_a_new_password(client):
    user = UserFactory(email="zapominalska@example.org")
    response = client.post(reverse("account_reset_password"), {"email": "zapominalska@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["zapominalska@example.org"]

    path = link_from(mail.outbox[0])
    assert path.startswith("/konto/password/reset/key/")
    response = client.get(path)  # allauth moves the key into the session and redirects to a key-less URL
    assert response.status_code == 302
    form_url = response["Location"]
    page = client.get(form_url)
    assert page.status_code == 200
    assert not page.context.get("token_fail")
    assert set(page.context["form"].fields) == {"password1", "password2"}
    assert_portal_page(page)

    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password(PASSWORD)
    # ACCOUNT_EMAIL_NOTIFICATIONS: the person is told that the password changed.
    assert len(mail.outbox) == 2
    assert mail.outbox[1].to == ["zapominalska@example.org"]

    # The link is single-use.
    assert client.get(path, follow=True).context["token_fail"] is True
    # Old password refused, new one accepted.
    assert login(client, user.email, PASSWORD).status_code == 200
    assert logged_in_user_id(client) is None
    assert login(client, user.email, NEW_PASSWORD).status_code == 302
    assert logged_in_user_id(client) == str(user.pk)


# --- Login rate limiting ---------------------------------------------------------------------------------


def test_sixth_failed_login_in_a_row_is_rate_limited_even_with_the_right_password(client):
    user = UserFactory()
    for _attempt in range(5):
        response = login(client, user.email, "wrong-password-123")
        assert response.status_code == 200
        codes = [e.code for e in response.context["form"].non_field_errors().as_data()]
        assert codes == ["email_password_mismatch"]
    response = login(client, user.email, PASSWORD)
    assert response.status_code == 200
    codes = [e.code for e in response.context["form"].non_field_errors().as_data()]
    assert codes == ["too_many_login_attempts"]
    assert 'class="error-summary"' in main_of(response)
    assert logged_in_user_id(client) is None


def test_failed_logins_on_one_address_do_not_lock_out_a_colleague_on_the_same_network(client):
    careless, colleague = UserFactory(), UserFactory()
    for _attempt in range(6):
        login(client, careless.email, "wrong-password-123")
    assert login(client, colleague.email, PASSWORD).status_code == 302
    assert logged_in_user_id(client) == str(colleague.pk)


def test_successful_logins_do_not_count_towards_the_limit(client):
    user = UserFactory()
    for _attempt in range(3):
        login(client, user.email, "wrong-password-123")
    for _attempt in range(3):  # 3 failed + 3 successful: still allowed
        assert login(client, user.email, PASSWORD).status_code == 302
        assert logged_in_user_id(client) == str(user.pk)
        client.logout()


# --- TOTP for officers -----------------------------------------------------------------------------------


def test_officer_without_totp_is_sent_to_activation_then_reaches_the_panel(en_client):
    client = en_client
    municipality = MunicipalityFactory(name="Gmina Testowa")
    user = UserFactory(totp=False)
    Officer.objects.create(municipality=municipality, user=user)
    panel_url = reverse("cooperation:panel", kwargs={"municipality_slug": municipality.slug})
    activate_url = reverse("mfa_activate_totp")

    assert login(client, user.email).status_code == 302
    assert logged_in_user_id(client) == str(user.pk)
    for url in [panel_url, reverse("cooperation:home"), reverse("cooperation:dashboard"),
                reverse("cooperation:my_data"), reverse("account_email"), municipality.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == activate_url, url

    # allauth asks for the password again before a second factor is added.
    response = client.get(activate_url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == activate_url

    page = client.get(activate_url)
    assert page.status_code == 200
    assert_portal_page(page)
    secret = page.context["form"].secret
    html = main_of(page)
    assert re.search(r'<img src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="[^"]+"', html)
    assert f'<code id="totp-secret">{secret}</code>' in html
    assert '<label for="id_code">' in html

    response = client.post(activate_url, {"code": "000000" if totp_now(secret) != "000000" else "111111"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["code"]
    assert not Authenticator.objects.filter(user=user).exists()

    response = client.post(activate_url, {"code": totp_now(secret)})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    codes_page = client.get(response["Location"])
    assert codes_page.status_code == 200
    assert_portal_page(codes_page)

    response = client.get(panel_url)
    assert response.status_code == 200
    assert "Gmina Testowa" in response.content.decode()


def test_resident_without_totp_is_not_forced_to_activate_it(client):
    user = UserFactory(totp=False)
    login(client, user.email)
    assert client.get(reverse("cooperation:dashboard")).status_code == 200


def test_officer_with_totp_is_asked_for_the_code_at_login(client):
    officer = OfficerFactory()
    panel_url = reverse("cooperation:panel", kwargs={"municipality_slug": officer.municipality.slug})

    response = login(client, officer.user.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert logged_in_user_id(client) is None
    assert client.get(panel_url)["Location"].startswith(reverse("account_login"))

    page = client.get(reverse("mfa_authenticate"))
    assert page.status_code == 200
    assert_portal_page(page)
    wrong = "000000" if totp_now(TOTP_SECRET) != "000000" else "111111"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["code"]
    assert logged_in_user_id(client) is None

    response = client.post(reverse("mfa_authenticate"), {"code": totp_now(TOTP_SECRET)})
    assert response.status_code == 302
    assert response["Location"] == reverse("cooperation:dashboard")
    assert logged_in_user_id(client) == str(officer.user_id)
    assert client.get(panel_url).status_code == 200


# --- Every allauth page in our layout --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name",
    ["account_login", "account_signup", "account_reset_password", "account_reset_password_done",
     "account_reset_password_from_key_done", "account_email_verification_sent", "account_inactive"],
)
def test_entrance_pages_render_in_the_portal_layout(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert_portal_page(response)
    assert '<main id="main"' in response.content.decode()


@pytest.mark.parametrize(
    "url_name",
    ["account_email", "account_change_password", "account_logout", "mfa_index", "cooperation:my_data",
     "cooperation:account_delete"],
)
def test_account_pages_render_in_the_portal_layout_with_account_menu(client, url_name):
    client.force_login(UserFactory())
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert_portal_page(response)
    html = main_of(response)
    assert 'class="account-nav actions"' in html
    assert html.count('aria-current="page"') == (0 if url_name == "account_logout" else 1)


def test_reauthenticate_page_renders_in_the_portal_layout(client):
    client.force_login(UserFactory())
    response = client.get(reverse("account_reauthenticate"))
    assert response.status_code == 200
    assert_portal_page(response)
    assert '<label for="id_password">' in main_of(response)


def test_login_page_fields_are_labelled(client):
    html = main_of(client.get(reverse("account_login")))
    assert '<label for="id_login">' in html
    assert '<label for="id_password">' in html
    assert '<button type="submit" class="button">' in html


def test_email_page_lists_addresses_in_a_fieldset_without_scripts(client):
    user = UserFactory(email="adres@example.org")
    client.force_login(user)
    html = main_of(client.get(reverse("account_email")))
    assert "<legend>" in html
    assert 'value="adres@example.org"' in html
    assert "<script" not in html


# --- Download my data ------------------------------------------------------------------------------------


@pytest.fixture
def person_with_roles():
    """A person who owns an organization, edits another and is an officer; around them, other people whose
    data must not leak into their export."""
    user = UserFactory(email="ja@example.org", full_name="Janina Własna", totp=True)
    own = OrganizationFactory(name="Koło Gospodyń Wiejskich w Dobrej")
    other = OrganizationFactory(name="Klub Sportowy Orzeł")
    MembershipFactory(user=user, organization=own, role=MembershipRole.OWNER)
    MembershipFactory(user=user, organization=other, role=MembershipRole.EDITOR)
    co_member = UserFactory(email="wspolczlonek@example.org", full_name="Cezary Obcy")
    MembershipFactory(user=co_member, organization=own, role=MembershipRole.EDITOR)
    municipality = MunicipalityFactory(name="Gmina Dobra")
    OfficerFactory(user=user, municipality=municipality, position="Pełnomocniczka")
    colleague = OfficerFactory(municipality=municipality, user__email="kolega@example.org",
                               user__full_name="Kolega Urzędnik")
    # The person's own action naming another person, and another person's action.
    services.record_audit(actor=user, action="cooperation.officer.added", target=colleague,
                          municipality=municipality, data={"user": colleague.user.email})
    services.record_audit(actor=co_member, action="cooperation.organization.updated", target=own)
    return user


def test_my_data_download_returns_the_persons_data_as_an_attachment(client, person_with_roles):
    user = person_with_roles
    client.force_login(user)
    response = client.get(reverse("cooperation:my_data_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="wspolpraca-my-data-{timezone.localdate():%Y-%m-%d}.json"'
    )
    data = json.loads(response.content)
    assert data["account"]["email"] == "ja@example.org"
    assert data["account"]["full_name"] == "Janina Własna"
    assert data["email_addresses"] == [{"email": "ja@example.org", "verified": True, "primary": True}]
    assert data["two_factor_methods"] == ["totp"]
    assert {(o["organization"], o["role"]) for o in data["organizations"]} == {
        ("Koło Gospodyń Wiejskich w Dobrej", "owner"), ("Klub Sportowy Orzeł", "editor"),
    }
    assert [(o["municipality"], o["position"]) for o in data["officer_roles"]] == [("Gmina Dobra", "Pełnomocniczka")]
    assert [(a["action"], a["municipality"], a["target"]) for a in data["activity"]] == [
        ("cooperation.officer.added", "Gmina Dobra", ""),
    ]


def test_my_data_download_contains_no_other_peoples_data(client, person_with_roles):
    client.force_login(person_with_roles)
    body = client.get(reverse("cooperation:my_data_download")).content.decode()
    for foreign in ["wspolczlonek@example.org", "Cezary Obcy", "kolega@example.org", "Kolega Urzędnik",
                    "cooperation.organization.updated", TOTP_SECRET]:
        assert foreign not in body


def test_my_data_requires_login(client):
    for name in ["cooperation:my_data", "cooperation:my_data_download"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login") + "?next=")


def test_my_data_page_explains_and_links_to_the_download(en_client, person_with_roles):
    en_client.force_login(person_with_roles)
    response = en_client.get(reverse("cooperation:my_data"))
    assert response.status_code == 200
    assert_portal_page(response)
    html = main_of(response)
    assert f'href="{reverse("cooperation:my_data_download")}"' in html
    assert "Your roles in 2 organizations." in html
    assert "1 municipality you work for as an officer." in html


# --- Account deletion ------------------------------------------------------------------------------------


def test_account_delete_requires_login(client):
    response = client.post(reverse("cooperation:account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_account_delete_page_explains_the_consequences(en_client, person_with_roles):
    en_client.force_login(person_with_roles)
    response = en_client.get(reverse("cooperation:account_delete"))
    assert response.status_code == 200
    assert_portal_page(response)
    html = main_of(response)
    assert "anonymised" in html
    assert "stays: it belongs to the organization" in html
    assert "Koło Gospodyń Wiejskich w Dobrej" in html
    assert "Gmina Dobra" in html
    assert '<label for="id_password">' in html


def test_account_delete_with_wrong_password_keeps_the_account(client, person_with_roles):
    user = person_with_roles
    client.force_login(user)
    response = client.post(reverse("cooperation:account_delete"), {"password": "not-my-password"})
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["password"]] == ["wrong_password"]
    html = main_of(response)
    assert 'class="error-summary"' in html
    assert 'aria-describedby="id_password_error"' in html
    user.refresh_from_db()
    assert user.is_active is True
    assert user.email == "ja@example.org"
    assert user.anonymized_at is None
    assert Membership.objects.filter(user=user).count() == 2
    assert Officer.objects.filter(user=user).count() == 1
    assert logged_in_user_id(client) == str(user.pk)


def test_account_delete_with_right_password_anonymises_and_logs_out(client, person_with_roles):
    user = person_with_roles
    own = Organization.objects.get(name="Koło Gospodyń Wiejskich w Dobrej")
    co_member = User.objects.get(email="wspolczlonek@example.org")
    # A second address of the person, with a pending invitation to it (an audit entry names that address).
    EmailAddress.objects.create(user=user, email="ja.druga@example.org", verified=True, primary=False)
    services.invite_member(organization=own, email="ja.druga@example.org", role=MembershipRole.EDITOR, actor=co_member)
    officer = Officer.objects.get(user=user)
    appointed = services.record_audit(actor=co_member, action="cooperation.officer.added", target=officer,
                                      municipality=officer.municipality, data={"user": "ja@example.org"})
    assert appointed.target_repr == "Janina Własna (Gmina Dobra)"
    with scopes_disabled():
        assert AuditEntry.objects.filter(data__icontains="ja.druga@example.org").count() == 1
    client.force_login(user)

    response = client.post(reverse("cooperation:account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("cooperation:home")
    assert logged_in_user_id(client) is None

    user.refresh_from_db()
    assert user.email == f"deleted-{user.pk}@invalid.invalid"
    assert user.full_name == ""
    assert user.is_active is False
    assert user.has_usable_password() is False
    assert user.anonymized_at is not None
    assert not Membership.objects.filter(user=user).exists()
    assert not Officer.objects.filter(user=user).exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Authenticator.objects.filter(user=user).exists()
    assert not own.invitations.exists()

    # The organization stays, and its longest-serving remaining member now owns it.
    assert Organization.objects.filter(pk=own.pk).exists()
    assert Membership.objects.get(organization=own, user=co_member).role == MembershipRole.OWNER

    # The audit log keeps its entries but no longer names the person.
    with scopes_disabled():
        entries = list(AuditEntry.objects.all())
        actions = [e.action for e in entries]
    assert "cooperation.user.anonymised" in actions
    assert "cooperation.officer.removed" in actions
    assert "cooperation.membership.promoted" in actions
    dump = json.dumps([[e.target_repr, e.data] for e in entries], ensure_ascii=False)
    assert "ja@example.org" not in dump
    assert "ja.druga@example.org" not in dump
    appointed.refresh_from_db()
    assert appointed.target_repr == f"deleted-{user.pk}@invalid.invalid (Gmina Dobra)"
    assert appointed.data == {"user": f"deleted-{user.pk}@invalid.invalid"}
    assert appointed.actor == co_member
    assert "Janina Własna" not in dump

    # The home page shows the confirmation; the old credentials no longer work.
    home = client.get(reverse("cooperation:home"))
    assert len(list(home.context["messages"])) == 1
    assert login(client, "ja@example.org", PASSWORD).status_code == 200
    assert logged_in_user_id(client) is None


def test_deleting_the_only_member_keeps_the_organization(client):
    user = UserFactory()
    organization = MembershipFactory(user=user, role=MembershipRole.OWNER).organization
    services.delete_account(user=user)
    assert Organization.objects.filter(pk=organization.pk).exists()
    assert not organization.memberships.exists()


def test_deleting_one_of_two_owners_leaves_the_other_owner_alone(client):
    user = UserFactory()
    organization = MembershipFactory(user=user, role=MembershipRole.OWNER).organization
    owner = MembershipFactory(organization=organization, role=MembershipRole.OWNER)
    editor = MembershipFactory(organization=organization, role=MembershipRole.EDITOR)
    services.delete_account(user=user)
    owner.refresh_from_db()
    editor.refresh_from_db()
    assert (owner.role, editor.role) == (MembershipRole.OWNER, MembershipRole.EDITOR)


def test_the_last_platform_administrator_cannot_delete_their_account(en_client):
    admin = UserFactory(email="jedyny.admin@example.org", is_staff=True, is_superuser=True, totp=True)
    en_client.force_login(admin)
    response = en_client.post(reverse("cooperation:account_delete"), {"password": PASSWORD}, follow=True)
    assert "You are the portal's only administrator." in html.unescape(response.content.decode())
    admin.refresh_from_db()
    assert (admin.is_active, admin.anonymized_at, admin.email) == (True, None, "jedyny.admin@example.org")
    assert logged_in_user_id(en_client) == str(admin.pk)


def test_an_administrator_with_a_colleague_can_delete_their_account():
    admin = UserFactory(is_staff=True, is_superuser=True)
    UserFactory(is_staff=True, is_superuser=True)
    services.delete_account(user=admin)
    admin.refresh_from_db()
    assert admin.anonymized_at is not None and admin.is_active is False
