"""The access matrix: for every named URL pattern (ours and allauth's; not the admin) and every role, the
answer the portal must give. A URL name without a row fails `test_every_named_url_has_a_row`, so a new
URL cannot ship without deciding who may open it.

Each row is one dict: sample kwargs (a function of the `world`, see tests/browser/world.py), optionally a
method and POST data, and the expected answer per role: a status code, or `Redirect(prefix)` for a 302
whose Location starts with the prefix. Rows encode what MUST happen, not what the code happens to do.

Other apps may keep their rows next to their tests: a module `tests/<app>/access_matrix.py` with a `ROWS`
dict in the same format is picked up automatically.
"""

import importlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_scopes import scopes_disabled

from cooperation.models import OrganizationImport, StandardStatus
from tests.browser.world import STANDARD_CODE, build_world

ROLES = ("anonymous", "resident", "editor", "owner", "officer", "other_officer", "admin")


@dataclass(frozen=True)
class Redirect:
    prefix: str

    def __repr__(self) -> str:
        return f"302→{self.prefix}"


LOGIN = Redirect("/konto/login/?next=")
LOGIN_PAGE = Redirect("/konto/login/")
DESK = Redirect("/pulpit/")
HOME = Redirect("/")
# allauth asks for the password again before security settings change; Client.force_login records no
# recent authentication, so these pages answer with that prompt.
REAUTHENTICATE = Redirect("/konto/reauthenticate/?next=")


def everyone(answer) -> dict:
    return dict.fromkeys(ROLES, answer)


def signed_in(answer, **overrides) -> dict:
    """Anonymous visitors are sent to the login page; every signed-in role gets `answer`."""
    return {**everyone(answer), "anonymous": LOGIN, **overrides}


def municipality_staff(answer, **overrides) -> dict:
    """The municipality's own officers and the platform administrators; everyone else is refused."""
    return {"anonymous": LOGIN, "resident": 403, "editor": 403, "owner": 403, "officer": answer,
            "other_officer": 403, "admin": answer, **overrides}


def row(expect: dict, kwargs=None, *, method: str = "get", data: dict | None = None, case: str = "") -> dict:
    assert set(expect) == set(ROLES), f"a row must name every role: {sorted(set(ROLES) ^ set(expect))}"
    return {"expect": expect, "kwargs": kwargs or (lambda w: {}), "method": method, "data": data, "case": case}


# --- Sample kwargs -------------------------------------------------------------------------------------

def slug(w):
    return {"municipality_slug": w.municipality.slug}


def organization(w):
    return {"pk": w.organization.pk}


def pending_organization(w):
    return {"pk": w.pending_organization.pk}


def standard(w):
    return {**slug(w), "code": STANDARD_CODE}


def standard_with_evidence(w):
    with scopes_disabled():
        status = StandardStatus.objects.get(municipality=w.municipality, standard=w.standard)
        status.evidence_file.save("uchwala-rdpp.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return standard(w)


def organization_import(municipality_attr: str):
    def build(w):
        with scopes_disabled():
            upload = OrganizationImport(
                municipality=getattr(w, municipality_attr), original_name="organizacje.csv", file_format="csv",
                created_by=w.officer,
            )
            upload.file.save("organizacje.csv", ContentFile(
                "nazwa;forma prawna;krs;ulica;kod pocztowy;miejscowość;e-mail\n"
                "Fundacja Nowa;fundacja;0000123456;ul. Polna 1;75-001;Koszalin;nowa@example.pl\n".encode()
            ), save=False)
            upload.save()
        return {**slug(w), "pk": upload.pk}

    return build


# --- The matrix ------------------------------------------------------------------------------------------

PUBLIC = everyone(200)
# Officers of this municipality and administrators see an organization that asked this municipality to
# confirm it; nobody else does until some municipality confirms it.
PENDING_ORGANIZATION = {"anonymous": 404, "resident": 404, "editor": 404, "owner": 404, "officer": 200,
                        "other_officer": 404, "admin": 200}
# Only the organization's members (and administrators) change it; anyone else who can see it is refused.
ORGANIZATION_MEMBERS = {"anonymous": LOGIN, "resident": 403, "editor": 200, "owner": 200, "officer": 403,
                        "other_officer": 403, "admin": 200}
ORGANIZATION_OWNERS = {**ORGANIZATION_MEMBERS, "editor": 403}

MATRIX = {
    # Public pages of the portal.
    "cooperation:home": row(PUBLIC),
    "cooperation:model": row(PUBLIC),
    "cooperation:platform_accessibility_declaration": row(PUBLIC),
    "cooperation:healthz": row(PUBLIC),
    "cooperation:municipality_detail": [
        row(PUBLIC, slug),
        row(everyone(404), lambda w: {"municipality_slug": "nie-ma-takiej-gminy"}, case="unknown municipality"),
    ],
    "cooperation:directory": row(PUBLIC, slug),
    "cooperation:tracker": row(PUBLIC, slug),
    "cooperation:accessibility_declaration": row(PUBLIC, slug),
    "cooperation:standard_evidence": [
        row(everyone(404), standard, case="no document uploaded"),
        row(PUBLIC, standard_with_evidence, case="document uploaded (the tracker is public)"),
    ],
    "media_logo": row(everyone(404), lambda w: {"path": "nie-ma.png"}),
    "set_language": row(everyone(HOME)),

    # The NGO side.
    "cooperation:dashboard": row(signed_in(200)),
    "cooperation:organization_create": row(signed_in(200)),
    "cooperation:organization_detail": [
        row(PUBLIC, organization, case="confirmed organization"),
        row(PENDING_ORGANIZATION, pending_organization, case="organization awaiting confirmation"),
    ],
    "cooperation:organization_edit": [
        row(ORGANIZATION_MEMBERS, organization),
        row({**PENDING_ORGANIZATION, "anonymous": LOGIN, "officer": 403}, pending_organization,
            case="organization awaiting confirmation"),
    ],
    "cooperation:organization_municipalities": row(ORGANIZATION_MEMBERS, organization),
    "cooperation:members": row(ORGANIZATION_OWNERS, organization),
    "cooperation:member_remove": [
        row(signed_in(405), lambda w: {**organization(w), "membership_id": w.editor_membership.pk}),
        row({**ORGANIZATION_OWNERS, "owner": Redirect("/organizacje/"), "admin": Redirect("/organizacje/")},
            lambda w: {**organization(w), "membership_id": w.editor_membership.pk}, method="post",
            case="POST: remove the editor"),
    ],
    "cooperation:invitation_accept": [
        row(signed_in(200), lambda w: {"token": w.invitation_token}),
        row(everyone(404), lambda w: {"token": "to-nie-jest-zaproszenie"}, case="unknown token"),
    ],

    # Personal data.
    "cooperation:my_data": row(signed_in(200)),
    "cooperation:my_data_download": row(signed_in(200)),
    "cooperation:account_delete": row(signed_in(200)),

    # The officer panel.
    "cooperation:panel": [
        row(municipality_staff(200), slug),
        row(municipality_staff(200, officer=403, other_officer=200), lambda w: {"municipality_slug": w.other_municipality.slug},
            case="the other municipality's panel"),
    ],
    "cooperation:officer_dashboard": [
        row(municipality_staff(200), slug),
        row(municipality_staff(405), slug, method="post", case="POST"),
    ],
    "cooperation:link_list": row(municipality_staff(200), slug),
    "cooperation:link_decide": [
        row(municipality_staff(405), lambda w: {**slug(w), "pk": w.pending_link.pk}),
        row(municipality_staff(Redirect("/jst/koszalin/panel/organizacje/")),
            lambda w: {**slug(w), "pk": w.pending_link.pk}, method="post", data={"status": "confirmed"},
            case="POST: confirm"),
        row(municipality_staff(404, officer=403, other_officer=404), lambda w: {"municipality_slug": w.other_municipality.slug,
                                                             "pk": w.pending_link.pk},
            method="post", data={"status": "confirmed"}, case="POST: this municipality's link under another's address"),
    ],
    "cooperation:standard_edit": [
        row(municipality_staff(200), standard),
        row(municipality_staff(404), lambda w: {**slug(w), "code": "P9.A9.T9.S9"}, case="unknown standard"),
    ],
    "cooperation:declaration_edit": row(municipality_staff(200), slug),
    "cooperation:history": row(municipality_staff(200), slug),
    "cooperation:import_upload": row(municipality_staff(200), slug),
    "cooperation:import_review": [
        row(municipality_staff(200), organization_import("municipality")),
        row(municipality_staff(404), organization_import("other_municipality"),
            case="another municipality's import under this municipality's address"),
    ],
    "cooperation:export_organizations": [
        row(municipality_staff(200), lambda w: {**slug(w), "file_format": "csv"}),
        row(municipality_staff(200), lambda w: {**slug(w), "file_format": "xlsx"}, case="xlsx"),
        row(municipality_staff(404), lambda w: {**slug(w), "file_format": "pdf"}, case="unknown format"),
    ],

    # allauth: accounts.
    "account_login": row({**everyone(DESK), "anonymous": 200}),
    "account_logout": row(signed_in(200, anonymous=HOME)),
    "account_inactive": row(PUBLIC),
    "account_signup": row({**everyone(DESK), "anonymous": 200}),
    "account_reauthenticate": row(signed_in(200)),
    "account_email": row(signed_in(200)),
    "account_email_verification_sent": row(PUBLIC),
    "account_change_password": row(signed_in(200)),
    "account_set_password": row(signed_in(Redirect("/konto/password/change/"))),
    "account_reset_password": row(PUBLIC),
    "account_reset_password_done": row(PUBLIC),
    # Login by e-mailed code is switched off: the page sends everyone back.
    "account_confirm_login_code": row({**everyone(DESK), "anonymous": LOGIN_PAGE}),
    "account_confirm_email": row(PUBLIC, lambda w: {"key": "nieprawidlowy-klucz"}),
    "account_reset_password_from_key": row(PUBLIC, lambda w: {"uidb36": "zz", "key": "nieprawidlowy-klucz"}),
    "account_reset_password_from_key_done": row(PUBLIC),
    # allauth: two-factor authentication. Officers and administrators have TOTP; the others do not.
    "mfa_index": row(signed_in(200)),
    # Only meaningful half-way through a login; outside one it sends the person on.
    "mfa_authenticate": row({**everyone(DESK), "anonymous": LOGIN_PAGE}),
    "mfa_reauthenticate": row(signed_in(Redirect("/konto/reauthenticate/"), officer=200, other_officer=200, admin=200)),
    "mfa_activate_totp": row(signed_in(REAUTHENTICATE)),
    "mfa_deactivate_totp": row(signed_in(404, officer=REAUTHENTICATE, other_officer=REAUTHENTICATE,
                                         admin=REAUTHENTICATE)),
    "mfa_view_recovery_codes": row(signed_in(404)),
    "mfa_generate_recovery_codes": row(signed_in(REAUTHENTICATE)),
    "mfa_download_recovery_codes": row(signed_in(404)),
}


# --- Meetings and trainings (cooperation/views/events.py) ------------------------------------------------------

def _event(w, *, publish=True, municipality_attr="municipality", **overrides):
    """A training next month in the municipality (a draft unless `publish`), made by its officer."""
    from datetime import timedelta

    from django.utils import timezone

    from cooperation import events

    municipality = getattr(w, municipality_attr)
    officer = w.officer if municipality == w.municipality else w.other_officer
    start = timezone.now() + timedelta(days=30)
    fields = {"title": "Szkolenie dla organizacji", "kind": "ngo_training", "description": "Program szkolenia.",
              "starts_at": start, "ends_at": start + timedelta(hours=3), "place": "Ratusz, sala 12",
              "contact_person": "Oskar Pełnomocnik", "contact_email": "ngo@koszalin.example.pl", **overrides}
    with scopes_disabled():
        event = events.create_event(municipality=municipality, actor=officer, **fields)
        if publish:
            events.publish_event(event=event, actor=officer)
    return event


def event(*, publish=True, municipality_attr="municipality", **overrides):
    def build(w):
        return {**slug(w), "pk": _event(w, publish=publish, municipality_attr=municipality_attr, **overrides).pk}

    return build


def event_material(*, is_public: bool, publish=True):
    def build(w):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from cooperation import events

        parent = _event(w, publish=publish)
        with scopes_disabled():
            material = events.add_material(event=parent, actor=w.officer, title="Program szkolenia",
                                           upload=SimpleUploadedFile("program.pdf", b"%PDF-1.4\n%%EOF\n"),
                                           is_public=is_public)
        return {**slug(w), "pk": parent.pk, "material_id": material.pk}

    return build


# A draft: the municipality's officers and administrators see it; for everyone else it does not exist.
EVENT_MANAGERS_ONLY = {"anonymous": 404, "resident": 404, "editor": 404, "owner": 404, "officer": 200,
                       "other_officer": 404, "admin": 200}
EVENT_PAGE = Redirect("/jst/koszalin/wydarzenia/")
EVENT_PANEL = Redirect("/jst/koszalin/wydarzenia/panel/")

MATRIX.update({
    "cooperation:event_list": row(PUBLIC, slug),
    "cooperation:event_detail": [
        row(PUBLIC, event()),
        row(EVENT_MANAGERS_ONLY, event(publish=False), case="draft"),
        row(everyone(404), event(publish=False, municipality_attr="other_municipality"),
            case="another municipality's draft under this municipality's address"),
        row(everyone(404), event(municipality_attr="other_municipality"),
            case="another municipality's event under this municipality's address"),
    ],
    "cooperation:event_register": [
        row(everyone(405), event()),
        row(signed_in(EVENT_PAGE), event(), method="post", data={"needs": ""}, case="POST: register"),
        # NGO members (and administrators, who hold every permission) get the form back: choose the organization.
        row({**signed_in(403), "editor": 200, "owner": 200, "admin": 200}, event(audience="ngo_representatives"),
            method="post", data={"needs": ""}, case="POST: an event for NGO representatives, without organization"),
        # A draft (or a cancelled event) takes no registration: back to its page with a message.
        row({**EVENT_MANAGERS_ONLY, "officer": EVENT_PAGE, "admin": EVENT_PAGE}, event(publish=False), method="post",
            data={"needs": ""}, case="POST: a draft"),
    ],
    "cooperation:event_unregister": [
        row(everyone(405), event()),
        row(signed_in(EVENT_PAGE), event(), method="post", case="POST: not registered (a message)"),
    ],
    "cooperation:event_ics": [
        row(PUBLIC, event()),
        row(EVENT_MANAGERS_ONLY, event(publish=False), case="draft"),
    ],
    "cooperation:event_material": [
        row(PUBLIC, event_material(is_public=True), case="public material"),
        row({**signed_in(403), "officer": 200, "admin": 200}, event_material(is_public=False),
            case="material for the people with a place (nobody registered)"),
        row(EVENT_MANAGERS_ONLY, event_material(is_public=True, publish=False), case="material of a draft"),
    ],
    "cooperation:my_events": row(signed_in(200)),
    "cooperation:event_admin_list": row(municipality_staff(200), slug),
    "cooperation:event_create": [
        row(municipality_staff(200), slug),
        row(municipality_staff(200, officer=403, other_officer=200),
            lambda w: {"municipality_slug": w.other_municipality.slug}, case="the other municipality's panel"),
    ],
    "cooperation:event_admin": [
        row(municipality_staff(200), event(publish=False)),
        row(municipality_staff(404), event(publish=False, municipality_attr="other_municipality"),
            case="another municipality's event under this municipality's address"),
    ],
    "cooperation:event_edit": row(municipality_staff(200), event()),
    "cooperation:event_publish": [
        row(municipality_staff(405), event(publish=False)),
        row(municipality_staff(EVENT_PANEL), event(publish=False), method="post", case="POST: publish"),
    ],
    "cooperation:event_cancel": [
        row(municipality_staff(200), event()),
        row(municipality_staff(EVENT_PANEL), event(), method="post", data={"reason": "Choroba prowadzącego."},
            case="POST: cancel"),
    ],
    "cooperation:event_registrations": row(municipality_staff(200), event()),
    "cooperation:event_registrations_csv": row(municipality_staff(200), event()),
    "cooperation:event_attendance": row(municipality_staff(200), event()),
    "cooperation:event_material_create": row(municipality_staff(200), event()),
    "cooperation:event_material_delete": [
        row(municipality_staff(405), event_material(is_public=True)),
        row(municipality_staff(EVENT_PANEL), event_material(is_public=True), method="post", case="POST: remove"),
    ],
})


def _contributed_rows() -> dict:
    rows = {}
    for module_path in sorted(Path(__file__).parent.glob("*/access_matrix.py")):
        module = importlib.import_module(f"tests.{module_path.parent.name}.access_matrix")
        rows.update(module.ROWS)
    return rows


ALL_ROWS = {**MATRIX, **_contributed_rows()}


def named_urls(resolver=None, namespace: str = "") -> set[str]:
    """Every named URL pattern of the project, namespaced, except the admin site."""
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            names |= named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_named_url_has_a_row():
    urls = named_urls()
    missing = sorted(urls - set(ALL_ROWS))
    assert missing == [], (
        "add these URL names to the access matrix (tests/test_access_matrix.py, or a ROWS dict in "
        "tests/<app>/access_matrix.py): " + ", ".join(missing)
    )
    assert sorted(set(ALL_ROWS) - urls) == [], "rows for URL names that no longer exist"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One world for the whole module, rolled back at the end; each test runs in its own savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def clients(world, django_db_blocker) -> dict:
    """A signed-in test client per role, made once (sessions live in the module's transaction)."""
    result = {}
    with django_db_blocker.unblock():
        for role in ROLES:
            client = Client()
            if role != "anonymous":
                client.force_login(getattr(world, role))
            result[role] = client
    return result


def _answer(response):
    if response.status_code in (301, 302):
        return response.status_code, response["Location"]
    return response.status_code, None


def _matches(expected, status: int, location: str | None) -> bool:
    if isinstance(expected, Redirect):
        return status == 302 and location is not None and location.startswith(expected.prefix)
    return status == expected


def _cases():
    for name, rows in sorted(ALL_ROWS.items()):
        for item in rows if isinstance(rows, list) else [rows]:
            yield pytest.param(name, item, id=f"{name}[{item['case']}]" if item["case"] else name)


def check_row(world, clients, name: str, item: dict) -> list[str]:
    url = reverse(name, kwargs=item["kwargs"](world))
    mismatches = []
    for role in ROLES:
        client = clients[role]
        # Every request starts from the same data: a POST by one role must not change what the next sees.
        with transaction.atomic():
            response = getattr(client, item["method"])(url, item["data"] or {})
            transaction.set_rollback(True)
        status, location = _answer(response)
        expected = item["expect"][role]
        if not _matches(expected, status, location):
            actual = f"{status}→{location}" if location else str(status)
            mismatches.append(f"{role:>13}: expected {expected!r}, got {actual}")
    return mismatches


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "item"), list(_cases()))
def test_access(world, clients, name, item):
    mismatches = check_row(world, clients, name, item)
    assert not mismatches, f"{item['method'].upper()} {name} {item['case']}\n" + "\n".join(mismatches)

