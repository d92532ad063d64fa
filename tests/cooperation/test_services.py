import hashlib
from datetime import date, timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
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
from cooperation.exceptions import InvitationInvalid, LastOwner, TransitionNotAllowed
from cooperation.models import (
    AccessibilityDeclaration,
    AuditEntry,
    Invitation,
    Membership,
    Organization,
    OrganizationMunicipality,
    Standard,
    StandardStatus,
)
from tests.cooperation.core_roles import english
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OfficerFactory,
    OrganizationFactory,
    OrganizationMunicipalityFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with english():
        yield


def _data(**overrides) -> dict:
    data = {
        "name": "Stowarzyszenie Przyjaciół Ziemi",
        "legal_form": LegalForm.ASSOCIATION,
        "krs": "359730",
        "nip": "PL 856-734-62-15",
        "regon": "123-456-785",
        "street": "ul. Polna 1",
        "postal_code": "75-001",
        "city": "Koszalin",
        "email": "kontakt@przyjaciele.example.org",
    }
    data.update(overrides)
    return data


def _actions(**filters) -> list[str]:
    with scopes_disabled():
        return list(AuditEntry.objects.filter(**filters).order_by("id").values_list("action", flat=True))


# --- register_organization ----------------------------------------------------------------------------


def test_registering_an_organization_makes_the_actor_its_owner_and_asks_each_municipality(
    django_capture_on_commit_callbacks,
):
    koszalin = MunicipalityFactory(name="Koszalin")
    bedzino = MunicipalityFactory(name="Będzino")
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        organization = services.register_organization(
            actor=user, data=_data(), municipalities=[koszalin, bedzino]
        )

    assert list(organization.memberships.values_list("user", "role")) == [(user.pk, MembershipRole.OWNER)]
    with scopes_disabled():
        links = set(organization.municipality_links.values_list("municipality__name", "status"))
    assert links == {("Koszalin", OrganizationLinkStatus.PENDING), ("Będzino", OrganizationLinkStatus.PENDING)}


def test_registering_an_organization_normalises_its_identifiers():
    organization = services.register_organization(actor=UserFactory(), data=_data())
    organization.refresh_from_db()
    assert (organization.krs, organization.nip, organization.regon) == ("0000359730", "8567346215", "123456785")


def test_registering_an_organization_writes_exact_audit_entries():
    koszalin = MunicipalityFactory()
    bedzino = MunicipalityFactory()
    user = UserFactory()
    organization = services.register_organization(actor=user, data=_data(), municipalities=[koszalin, bedzino])

    with scopes_disabled():
        entries = list(AuditEntry.objects.order_by("id").values_list("action", "municipality", "actor", "target_id"))
    link_ids = {
        m: str(pk) for m, pk in OrganizationMunicipality.objects.with_scopes_disabled()
        .filter(organization=organization).values_list("municipality", "pk")
    }
    assert entries == [
        ("cooperation.organization.registered", None, user.pk, str(organization.pk)),
        ("cooperation.organization_link.requested", koszalin.pk, user.pk, link_ids[koszalin.pk]),
        ("cooperation.organization_link.requested", bedzino.pk, user.pk, link_ids[bedzino.pk]),
    ]


def test_registering_an_organization_emails_only_the_officers_of_the_chosen_municipality(
    django_capture_on_commit_callbacks,
):
    chosen = MunicipalityFactory(name="Gmina Wybrana")
    other = MunicipalityFactory(name="Gmina Inna")
    OfficerFactory(municipality=chosen, user__email="first@chosen.example.org")
    OfficerFactory(municipality=chosen, user__email="second@chosen.example.org")
    OfficerFactory(municipality=chosen, user__email="gone@chosen.example.org", user__is_active=False)
    OfficerFactory(municipality=other, user__email="officer@other.example.org")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.register_organization(actor=UserFactory(), data=_data(name="Fundacja Łąka"), municipalities=[chosen])

    assert len(_mail_callbacks(callbacks)) == 1
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["first@chosen.example.org", "second@chosen.example.org"]
    assert "Fundacja Łąka" in mail.outbox[0].subject
    assert "Gmina Wybrana" in mail.outbox[0].body


def _mail_callbacks(callbacks) -> list:
    """The after-commit callbacks other than the page cache's version bump (one per audit entry)."""
    from cooperation.caching import bump_public_version

    assert any(callback is bump_public_version for callback in callbacks)
    return [callback for callback in callbacks if callback is not bump_public_version]


def test_no_email_is_sent_before_the_registration_commits(django_capture_on_commit_callbacks):
    municipality = MunicipalityFactory()
    OfficerFactory(municipality=municipality)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.register_organization(actor=UserFactory(), data=_data(), municipalities=[municipality])
    assert len(_mail_callbacks(callbacks)) == 1
    assert mail.outbox == []


def test_registering_without_municipalities_creates_no_link_and_sends_nothing(django_capture_on_commit_callbacks):
    OfficerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        organization = services.register_organization(actor=UserFactory(), data=_data())
    assert OrganizationMunicipality.objects.with_scopes_disabled().filter(organization=organization).count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("field", "existing", "entered"),
    [
        ("nip", "8567346215", "856-734-62-15"),
        ("krs", "0000359730", "359730"),
        ("regon", "123456785", "123 456 785"),
    ],
)
def test_registering_a_duplicate_identifier_is_refused_on_that_field(field, existing, entered):
    OrganizationFactory(**{field: existing})
    data = _data(krs="0000000042", nip="1645865777", regon="192598184")
    data[field] = entered
    with pytest.raises(ValidationError) as excinfo:
        services.register_organization(actor=UserFactory(), data=data)
    assert set(excinfo.value.message_dict) == {field}
    assert excinfo.value.error_dict[field][0].code == "unique"
    assert Organization.objects.count() == 1
    assert Membership.objects.count() == 0


def test_updating_an_organization_keeps_its_own_identifiers_without_a_duplicate_error():
    organization = services.register_organization(actor=UserFactory(), data=_data())
    services.update_organization(organization=organization, actor=UserFactory(), data={"city": "Mielno"})
    organization.refresh_from_db()
    assert (organization.city, organization.nip) == ("Mielno", "8567346215")


def test_updating_an_organization_to_another_ones_nip_is_refused_on_the_nip_field():
    OrganizationFactory(nip="1645865777")
    organization = services.register_organization(actor=UserFactory(), data=_data())
    with pytest.raises(ValidationError) as excinfo:
        services.update_organization(organization=organization, actor=UserFactory(), data={"nip": "164-586-57-77"})
    assert set(excinfo.value.message_dict) == {"nip"}


def test_registering_with_a_bad_nip_saves_nothing():
    with pytest.raises(ValidationError) as excinfo:
        services.register_organization(actor=UserFactory(), data=_data(nip="1645865778"))
    assert set(excinfo.value.message_dict) == {"nip"}
    assert Organization.objects.count() == 0
    assert _actions() == []


# --- set_organization_link_status ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "action"),
    [
        (OrganizationLinkStatus.PENDING, OrganizationLinkStatus.CONFIRMED, "cooperation.organization_link.confirmed"),
        (OrganizationLinkStatus.PENDING, OrganizationLinkStatus.REJECTED, "cooperation.organization_link.rejected"),
        (OrganizationLinkStatus.CONFIRMED, OrganizationLinkStatus.REJECTED, "cooperation.organization_link.rejected"),
        (OrganizationLinkStatus.REJECTED, OrganizationLinkStatus.CONFIRMED, "cooperation.organization_link.confirmed"),
    ],
)
def test_allowed_link_transition_changes_status_records_decision_and_audits(before, after, action):
    link = OrganizationMunicipalityFactory(status=before)
    officer = OfficerFactory(municipality=link.municipality).user

    result = services.set_organization_link_status(link=link, actor=officer, status=after, note="Sprawdzone w KRS")

    with scopes_disabled():
        link.refresh_from_db()
    assert (link.status, link.decided_by, link.decision_note) == (after, officer, "Sprawdzone w KRS")
    assert link.decided_at is not None
    assert result.pk == link.pk
    with scopes_disabled():
        entry = AuditEntry.objects.get(action=action)
    assert (entry.municipality_id, entry.actor_id, entry.target_id) == (link.municipality_id, officer.pk, str(link.pk))
    assert entry.data == {"organization": link.organization.name, "note": "Sprawdzone w KRS"}


@pytest.mark.parametrize(
    ("current", "label"),
    [(OrganizationLinkStatus.CONFIRMED, "confirmed"), (OrganizationLinkStatus.REJECTED, "not confirmed")],
)
def test_deciding_a_link_again_with_the_same_status_is_refused_and_names_the_current_status(current, label):
    link = OrganizationMunicipalityFactory(status=current)
    officer = OfficerFactory(municipality=link.municipality).user

    with pytest.raises(TransitionNotAllowed) as excinfo:
        services.set_organization_link_status(link=link, actor=officer, status=current)

    assert str(excinfo.value.message) == f"This organization is already marked as “{label}”."
    assert _actions() == []


def test_confirming_an_already_confirmed_link_is_refused_even_with_a_stale_object():
    link = OrganizationMunicipalityFactory(status=OrganizationLinkStatus.PENDING)
    officer = OfficerFactory(municipality=link.municipality).user
    stale = OrganizationMunicipality.objects.with_scopes_disabled().get(pk=link.pk)
    services.set_organization_link_status(link=link, actor=officer, status=OrganizationLinkStatus.CONFIRMED)

    with pytest.raises(TransitionNotAllowed, match="already marked as “confirmed”"):
        services.set_organization_link_status(link=stale, actor=officer, status=OrganizationLinkStatus.CONFIRMED)
    assert _actions() == ["cooperation.organization_link.confirmed"]


def test_setting_a_link_back_to_pending_is_refused():
    link = OrganizationMunicipalityFactory(status=OrganizationLinkStatus.CONFIRMED)
    with pytest.raises(TransitionNotAllowed):
        services.set_organization_link_status(link=link, actor=UserFactory(), status=OrganizationLinkStatus.PENDING)


# --- request_municipality_link ------------------------------------------------------------------------


def test_requesting_a_rejected_link_again_reopens_it_as_pending(django_capture_on_commit_callbacks):
    link = OrganizationMunicipalityFactory(status=OrganizationLinkStatus.PENDING)
    officer = OfficerFactory(municipality=link.municipality, user__email="officer@example.org").user
    services.set_organization_link_status(
        link=link, actor=officer, status=OrganizationLinkStatus.REJECTED, note="Nie działa u nas"
    )
    owner = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        reopened = services.request_municipality_link(
            organization=link.organization, municipality=link.municipality, actor=owner
        )

    with scopes_disabled():
        link.refresh_from_db()
    assert reopened.pk == link.pk
    assert (link.status, link.decided_at, link.decided_by, link.decision_note) == (
        OrganizationLinkStatus.PENDING, None, None, ""
    )
    assert _actions() == ["cooperation.organization_link.rejected", "cooperation.organization_link.requested"]
    assert [m.to for m in mail.outbox] == [["officer@example.org"]]


@pytest.mark.parametrize("status", [OrganizationLinkStatus.PENDING, OrganizationLinkStatus.CONFIRMED])
def test_requesting_a_pending_or_confirmed_link_again_changes_nothing(status, django_capture_on_commit_callbacks):
    link = OrganizationMunicipalityFactory(status=status)
    OfficerFactory(municipality=link.municipality)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_municipality_link(organization=link.organization, municipality=link.municipality,
                                           actor=UserFactory())
    with scopes_disabled():
        link.refresh_from_db()
        assert OrganizationMunicipality.objects.count() == 1
    assert link.status == status
    assert _actions() == []
    assert mail.outbox == []


# --- Members and invitations --------------------------------------------------------------------------


def test_inviting_a_member_stores_only_a_hash_of_the_token_and_emails_the_link(
    django_capture_on_commit_callbacks,
):
    owner = MembershipFactory(role=MembershipRole.OWNER)
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = services.invite_member(
            organization=owner.organization, email=" Nowa@Example.org ", role=MembershipRole.EDITOR, actor=owner.user
        )

    invitation.refresh_from_db()
    assert invitation.email == "nowa@example.org"
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not Invitation.objects.filter(token_hash=token).exists()
    assert token not in str(Invitation.objects.values_list().get())
    assert invitation.expires_at - timezone.now() > timedelta(days=13)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nowa@example.org"]
    assert f"/zaproszenie/{token}/" in mail.outbox[0].body
    assert _actions() == ["cooperation.invitation.sent"]


def test_inviting_an_existing_member_is_refused():
    membership = MembershipFactory(user__email="jest@example.org")
    with pytest.raises(TransitionNotAllowed, match="already a member"):
        services.invite_member(
            organization=membership.organization, email="JEST@example.org", role=MembershipRole.EDITOR,
            actor=membership.user,
        )
    assert Invitation.objects.count() == 0


def _invite(email="nowa@example.org", role=MembershipRole.EDITOR):
    owner = MembershipFactory(role=MembershipRole.OWNER)
    invitation, token = services.invite_member(organization=owner.organization, email=email, role=role,
                                               actor=owner.user)
    return invitation, token


def test_accepting_an_invitation_with_the_verified_invited_address_creates_the_membership():
    invitation, token = _invite(role=MembershipRole.EDITOR)
    user = UserFactory(email="nowa@example.org")

    membership = services.accept_invitation(token=token, user=user)

    assert (membership.organization, membership.user, membership.role) == (
        invitation.organization, user, MembershipRole.EDITOR
    )
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert invitation.accepted_at is not None
    assert _actions(actor=user) == ["cooperation.membership.created"]


def test_accepting_an_invitation_twice_is_refused():
    _invitation, token = _invite()
    user = UserFactory(email="nowa@example.org")
    services.accept_invitation(token=token, user=user)
    with pytest.raises(InvitationInvalid):
        services.accept_invitation(token=token, user=user)
    assert Membership.objects.filter(user=user).count() == 1


def test_accepting_an_expired_invitation_is_refused():
    invitation, token = _invite()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(InvitationInvalid):
        services.accept_invitation(token=token, user=UserFactory(email="nowa@example.org"))
    assert Membership.objects.filter(user__email="nowa@example.org").count() == 0


def test_accepting_with_a_wrong_token_is_refused():
    _invite()
    with pytest.raises(InvitationInvalid):
        services.accept_invitation(token="not-the-token", user=UserFactory(email="nowa@example.org"))


def test_accepting_an_invitation_sent_to_another_address_is_refused():
    _invitation, token = _invite(email="nowa@example.org")
    with pytest.raises(InvitationInvalid) as excinfo:
        services.accept_invitation(token=token, user=UserFactory(email="ktos.inny@example.org"))
    assert "nowa@example.org" in str(excinfo.value.message)
    assert Membership.objects.filter(user__email="ktos.inny@example.org").count() == 0


def test_accepting_with_the_invited_address_unverified_is_refused():
    _invitation, token = _invite(email="nowa@example.org")
    user = UserFactory(email="nowa@example.org", verified=False)
    EmailAddress.objects.create(user=user, email="nowa@example.org", verified=False, primary=True)
    with pytest.raises(InvitationInvalid):
        services.accept_invitation(token=token, user=user)
    assert Membership.objects.filter(user=user).count() == 0


def test_accepting_with_the_invited_address_verified_as_a_secondary_address_works():
    invitation, token = _invite(email="nowa@example.org")
    user = UserFactory(email="glowny@example.org")
    EmailAddress.objects.create(user=user, email="nowa@example.org", verified=True, primary=False)
    membership = services.accept_invitation(token=token, user=user)
    assert membership.organization == invitation.organization


def test_removing_the_last_owner_is_refused():
    owner = MembershipFactory(role=MembershipRole.OWNER)
    MembershipFactory(organization=owner.organization, role=MembershipRole.EDITOR)
    with pytest.raises(LastOwner):
        services.remove_member(membership=owner, actor=owner.user)
    assert Membership.objects.filter(pk=owner.pk).exists()


def test_removing_an_owner_when_another_owner_remains_works_and_is_audited():
    owner = MembershipFactory(role=MembershipRole.OWNER, user__email="pierwszy@example.org")
    second = MembershipFactory(organization=owner.organization, role=MembershipRole.OWNER)
    services.remove_member(membership=owner, actor=second.user)
    assert list(owner.organization.memberships.values_list("pk", flat=True)) == [second.pk]
    with scopes_disabled():
        entry = AuditEntry.objects.get()
    assert (entry.action, entry.data) == ("cooperation.membership.removed", {"user": "pierwszy@example.org"})


def test_removing_an_editor_works():
    owner = MembershipFactory(role=MembershipRole.OWNER)
    editor = MembershipFactory(organization=owner.organization, role=MembershipRole.EDITOR)
    services.remove_member(membership=editor, actor=owner.user)
    assert list(owner.organization.memberships.values_list("pk", flat=True)) == [owner.pk]


# --- Standards tracker and declaration ----------------------------------------------------------------


def test_setting_a_standard_status_creates_one_row_then_updates_it_and_audits_from_and_to():
    municipality = MunicipalityFactory()
    officer = OfficerFactory(municipality=municipality).user
    standard = Standard.objects.get(code="P1.A5.T2.S1")

    services.set_standard_status(
        municipality=municipality, standard=standard, actor=officer, status=StandardImplementation.IN_PROGRESS,
        responsible_person="Jan Kowalski",
    )
    services.set_standard_status(
        municipality=municipality, standard=standard, actor=officer, status=StandardImplementation.IMPLEMENTED,
        evidence_url="https://bip.example.pl/uchwala", adopted_on=date(2026, 3, 1),
    )

    with scopes_disabled():
        rows = list(StandardStatus.objects.values_list(
            "municipality", "standard", "status", "responsible_person", "evidence_url", "adopted_on", "updated_by"
        ))
        data = list(AuditEntry.objects.order_by("id").values_list("action", "municipality", "data"))
    assert rows == [(
        municipality.pk, standard.pk, StandardImplementation.IMPLEMENTED, "Jan Kowalski",
        "https://bip.example.pl/uchwala", date(2026, 3, 1), officer.pk,
    )]
    assert data == [
        ("cooperation.standard_status.updated", municipality.pk,
         {"standard": "P1.A5.T2.S1", "from": None, "to": "in_progress"}),
        ("cooperation.standard_status.updated", municipality.pk,
         {"standard": "P1.A5.T2.S1", "from": "in_progress", "to": "implemented"}),
    ]


def test_standard_statuses_of_two_municipalities_are_separate_rows():
    first, second = MunicipalityFactory(), MunicipalityFactory()
    standard = Standard.objects.get(code="P1.A5.T2.S1")
    services.set_standard_status(municipality=first, standard=standard, actor=None,
                                 status=StandardImplementation.IMPLEMENTED)
    services.set_standard_status(municipality=second, standard=standard, actor=None,
                                 status=StandardImplementation.IN_PROGRESS)
    with scopes_disabled():
        assert set(StandardStatus.objects.values_list("municipality", "status")) == {
            (first.pk, "implemented"), (second.pk, "in_progress")
        }


def test_a_bad_evidence_link_is_refused_and_nothing_is_saved():
    municipality = MunicipalityFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.set_standard_status(
            municipality=municipality, standard=Standard.objects.first(), actor=None, evidence_url="not a link"
        )
    assert set(excinfo.value.message_dict) == {"evidence_url"}
    with scopes_disabled():
        assert StandardStatus.objects.count() == 0


def _declaration_fields(**overrides):
    fields = {
        "status": DeclarationStatus.PARTIAL, "published_on": date(2026, 1, 15), "last_update_on": date(2026, 2, 1),
        "prepared_on": date(2026, 1, 15), "reviewed_on": date(2026, 3, 1), "method": DeclarationMethod.SELF,
        "contact_person": "Anna Nowak", "email": "dostepnosc@gmina.example.pl", "phone": "+48 94 000 00 00",
    }
    fields.update(overrides)
    return fields


def test_saving_the_accessibility_declaration_creates_then_updates_the_one_declaration():
    municipality = MunicipalityFactory()
    officer = OfficerFactory(municipality=municipality).user
    services.save_accessibility_declaration(municipality=municipality, actor=officer, **_declaration_fields())
    services.save_accessibility_declaration(
        municipality=municipality, actor=officer, **_declaration_fields(status=DeclarationStatus.FULL)
    )
    with scopes_disabled():
        assert list(AccessibilityDeclaration.objects.values_list("municipality", "status", "contact_person")) == [
            (municipality.pk, DeclarationStatus.FULL, "Anna Nowak")
        ]
    assert _actions(municipality=municipality) == ["cooperation.accessibility_declaration.saved"] * 2


def test_an_accessibility_declaration_without_a_contact_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        services.save_accessibility_declaration(
            municipality=MunicipalityFactory(), actor=None, **_declaration_fields(contact_person="", email="")
        )
    assert set(excinfo.value.message_dict) == {"contact_person", "email"}
