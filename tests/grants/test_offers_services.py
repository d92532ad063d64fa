"""Offer services: start, autosaved drafts, submission (in time, complete, once, numbered), withdrawal,
correction with a new version, attachments; Decimal arithmetic end to end."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from io import BytesIO
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from cooperation.enums import LegalForm, MembershipRole, OrganizationLinkStatus, RenderStatus
from cooperation.models import AuditEntry, Municipality, Organization, User
from grants import offer_content
from grants.enums import OfferStatus, VersionReason
from grants.exceptions import DeadlinePassed, NotAllowed, TransitionNotAllowed
from grants.models import Call, Offer, OfferAttachment, OfferVersion, RequiredAttachment
from grants.services import offers as services
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OfficerFactory,
    OrganizationFactory,
    OrganizationMunicipalityFactory,
    UserFactory,
)

from .factories import make_call
from .factories import offer_content as valid_content

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@dataclass
class Setup:
    municipality: Municipality
    officer: User
    owner: User
    editor: User
    organization: Organization
    call: Call

    @property
    def year(self) -> int:
        return self.call.task_start_earliest.year


def make_setup(**call_fields) -> Setup:
    municipality = MunicipalityFactory()
    officer = OfficerFactory(municipality=municipality).user
    organization = OrganizationFactory(name="Stowarzyszenie Aktywni Razem")
    owner = MembershipFactory(organization=organization, role=MembershipRole.OWNER).user
    editor = MembershipFactory(organization=organization, role=MembershipRole.EDITOR).user
    OrganizationMunicipalityFactory(organization=organization, municipality=municipality,
                                    status=OrganizationLinkStatus.CONFIRMED)
    call = make_call(municipality, **call_fields)
    return Setup(municipality, officer, owner, editor, organization, call)


def other_organization(setup: Setup, *, status=OrganizationLinkStatus.CONFIRMED, name="Fundacja Inna") -> tuple:
    organization = OrganizationFactory(name=name)
    member = MembershipFactory(organization=organization).user
    if status is not None:
        OrganizationMunicipalityFactory(organization=organization, municipality=setup.municipality, status=status)
    return organization, member


def draft(setup: Setup, content=None, *, organization=None, actor=None) -> Offer:
    with scopes_disabled():
        offer = services.start_offer(call=setup.call, organization=organization or setup.organization,
                                     actor=actor or setup.owner)
        services.save_draft(offer=offer, actor=actor or setup.owner,
                            content=valid_content(year=setup.year) if content is None else content)
    return offer


def submitted(setup: Setup, content=None, **kwargs) -> Offer:
    offer = draft(setup, content, **kwargs)
    with scopes_disabled():
        services.submit_offer(offer=offer, actor=kwargs.get("actor") or setup.owner)
    return offer


@pytest.fixture
def setup():
    return make_setup()


# --- Start -------------------------------------------------------------------------------------------------------


def test_start_offer_fills_sections_one_and_two_from_the_call_and_the_registry(setup):
    with scopes_disabled():
        offer = services.start_offer(call=setup.call, organization=setup.organization, actor=setup.owner)
    assert offer.status == OfferStatus.DRAFT
    assert offer.municipality == setup.municipality
    assert offer.draft["task_type"] == "Zajęcia aktywizujące dla seniorów"
    with translation.override("pl"):
        legal_form = str(LegalForm.ASSOCIATION.label)
    assert offer.draft["offerors"] == [{
        "organization_id": setup.organization.pk, "name": "Stowarzyszenie Aktywni Razem", "legal_form": legal_form,
        "register": f"KRS {setup.organization.krs}", "address": "ul. Zielona 1, 75-001 Koszalin", "correspondence_address": "",
        "website": "", "email": setup.organization.email, "phone": "",
    }]
    assert offer.draft["contact"] == {"name": setup.owner.full_name, "phone": "", "email": setup.owner.email}
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="grants.offer.started", target_id=str(offer.pk)).count() == 1


def test_an_organization_may_make_several_offers_in_one_call(setup):
    first, second = draft(setup), draft(setup)
    with scopes_disabled():
        assert set(Offer.objects.filter(call=setup.call).values_list("pk", flat=True)) == {first.pk, second.pk}


def test_start_offer_is_refused_to_a_person_outside_the_organization(setup):
    outsider = UserFactory()
    with scopes_disabled(), pytest.raises(NotAllowed):
        services.start_offer(call=setup.call, organization=setup.organization, actor=outsider)


@pytest.mark.parametrize("status", [OrganizationLinkStatus.PENDING, OrganizationLinkStatus.REJECTED, None])
def test_start_offer_needs_the_municipalitys_confirmation(setup, status):
    organization, member = other_organization(setup, status=status)
    with scopes_disabled(), pytest.raises(NotAllowed) as error:
        services.start_offer(call=setup.call, organization=organization, actor=member)
    assert str(error.value.message).startswith(_("The municipality has not confirmed your organization yet.")[:30])
    assert list(services.organizations_that_may_apply(setup.call, member)) == []


def test_start_offer_is_refused_after_the_deadline_and_in_a_draft_call():
    closed = make_setup(deadline=timezone.now() - timedelta(seconds=1))
    with scopes_disabled(), pytest.raises(DeadlinePassed):
        services.start_offer(call=closed.call, organization=closed.organization, actor=closed.owner)
    unpublished = make_setup(status="draft")
    with scopes_disabled(), pytest.raises(NotAllowed):
        services.start_offer(call=unpublished.call, organization=unpublished.organization, actor=unpublished.owner)


# --- Drafts --------------------------------------------------------------------------------------------------------


def test_save_draft_stores_an_incomplete_draft_and_reports_only_unreadable_numbers(setup):
    offer = draft(setup, {"title": "Seniorzy", "costs": [{"name": "Sala", "unit_cost": "12,5x", "quantity": "2"}]})
    with scopes_disabled():
        problems = services.save_draft(offer=offer, actor=setup.editor, content={
            "title": "Seniorzy", "costs": [{"id": "c1", "category": "activity", "name": "Sala", "unit_cost": "12,5x",
                                            "quantity": "2"}]})
        stored = Offer.objects.get(pk=offer.pk)
    assert problems == [("costs.0.unit_cost", _("Enter an amount in złoty with at most two decimal places."))]
    assert stored.draft["title"] == "Seniorzy"
    assert stored.draft["costs"][0]["unit_cost"] == "12,5x"  # kept as typed, shown again with its problem
    assert stored.draft["task_type"] == "Zajęcia aktywizujące dla seniorów"  # the call's, whatever was sent
    assert stored.draft_saved_at is not None


def test_save_draft_writes_readable_amounts_canonically(setup):
    offer = draft(setup)
    content = valid_content(year=setup.year)
    content["costs"][0]["unit_cost"] = "1 234,5"
    with scopes_disabled():
        services.save_draft(offer=offer, actor=setup.owner, content=content)
    assert offer.draft["costs"][0]["unit_cost"] == "1234.50"


def test_save_draft_partial_keeps_the_other_sections(setup):
    offer = draft(setup)
    with scopes_disabled():
        services.save_draft(offer=offer, actor=setup.owner, content={"title": "Nowy tytuł"}, partial=True)
    assert offer.draft["title"] == "Nowy tytuł"
    assert offer.draft["synopsis"] == valid_content()["synopsis"]


def test_save_draft_is_refused_to_another_organization(setup):
    offer = draft(setup)
    _organization, stranger = other_organization(setup)
    with scopes_disabled(), pytest.raises(NotAllowed):
        services.save_draft(offer=offer, actor=stranger, content={"title": "Przejęta"})
    assert offer.draft["title"] == "Seniorzy w ruchu"


# --- Submission ------------------------------------------------------------------------------------------------------


def test_submit_offer_numbers_freezes_notifies_and_renders(setup, django_capture_on_commit_callbacks):
    offer = draft(setup)
    moment = timezone.now()
    with scopes_disabled(), mock.patch("django.utils.timezone.now", return_value=moment), \
            django_capture_on_commit_callbacks(execute=True):
        services.submit_offer(offer=offer, actor=setup.editor)
    with scopes_disabled():
        stored = Offer.objects.get(pk=offer.pk)
        version = OfferVersion.objects.get(offer=offer)
    assert stored.status == OfferStatus.SUBMITTED
    assert stored.number == f"1/{setup.year}/1"
    assert stored.submitted_at == moment
    assert (stored.title, stored.total_cost, stored.requested_grant, stored.own_financial, stored.own_non_financial,
            stored.beneficiary_fees) == ("Seniorzy w ruchu", Decimal("14850.00"), Decimal("12000.00"),
                                         Decimal("1000.00"), Decimal("1850.00"), Decimal("0.00"))
    assert (stored.task_start.isoformat(), stored.task_end.isoformat()) == (f"{setup.year}-03-01", f"{setup.year}-11-30")
    assert version.number == 1 and version.reason == VersionReason.SUBMISSION
    assert version.content == stored.draft
    assert version.pdf_status == RenderStatus.READY and version.pdf.name.endswith(".pdf")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([setup.editor.email, setup.organization.email])
    assert stored.number in mail.outbox[0].subject
    assert offer_content.checksum(version.content) in mail.outbox[0].body
    with scopes_disabled():
        entry = AuditEntry.objects.get(action="grants.offer.submitted", target_id=str(offer.pk))
    assert entry.data == {"number": stored.number, "version": 1, "checksum": offer_content.checksum(version.content)}


def test_the_confirmation_is_sent_once_even_if_the_task_runs_twice(setup, django_capture_on_commit_callbacks):
    from grants.tasks.offers import task_send_offer_confirmation

    offer = draft(setup)
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        services.submit_offer(offer=offer, actor=setup.owner)
    with scopes_disabled():
        version = OfferVersion.objects.get(offer=offer)
    assert task_send_offer_confirmation(version.pk) == 0
    assert len(mail.outbox) == 2


def test_a_second_submission_is_told_the_offer_is_already_submitted(setup):
    offer = submitted(setup)
    with scopes_disabled(), pytest.raises(TransitionNotAllowed) as error:
        services.submit_offer(offer=Offer.objects.get(pk=offer.pk), actor=setup.owner)
        assert OfferVersion.objects.filter(offer=offer).count() == 1
    assert str(error.value.message).startswith(
        _("The offer is already submitted: number %(number)s, on %(when)s.").split("%(number)s")[0] + offer.number)


def test_a_stale_copy_of_the_offer_cannot_submit_it_twice(setup):
    offer = draft(setup)
    with scopes_disabled():
        stale = Offer.objects.get(pk=offer.pk)
        services.submit_offer(offer=offer, actor=setup.owner)
        with pytest.raises(TransitionNotAllowed):
            services.submit_offer(offer=stale, actor=setup.editor)
        assert OfferVersion.objects.filter(offer=offer).count() == 1
        assert Offer.objects.get(pk=offer.pk).number == f"1/{setup.year}/1"


def test_numbers_follow_one_another_per_call_and_calls_with_the_same_number_share_them(setup):
    first, second = submitted(setup), submitted(setup)
    organization, member = other_organization(setup)
    third = submitted(setup, organization=organization, actor=member)
    twin = make_call(setup.municipality, number=setup.call.number)
    fourth = draft(setup)
    with scopes_disabled():
        Offer.objects.filter(pk=fourth.pk).update(call=twin)
        services.submit_offer(offer=Offer.objects.get(pk=fourth.pk), actor=setup.owner)
        numbers = list(Offer.objects.filter(pk__in=[first.pk, second.pk, third.pk, fourth.pk]).order_by("pk")
                       .values_list("number", flat=True))
    year = setup.year
    assert numbers == [f"1/{year}/1", f"1/{year}/2", f"1/{year}/3", f"1/{year}/4"]


def test_a_call_without_a_number_numbers_its_offers_by_its_id():
    setup = make_setup(number="")
    offer = submitted(setup)
    assert offer.number == f"{setup.call.pk}/1"


def test_an_incomplete_offer_is_not_submitted_and_every_problem_is_listed(setup):
    content = valid_content(year=setup.year, title="", synopsis="")
    content["declarations"]["information_true"] = False
    offer = draft(setup, content)
    with scopes_disabled(), pytest.raises(services.OfferIncomplete) as error:
        services.submit_offer(offer=offer, actor=setup.owner)
    assert [path for path, _message in error.value.problems] == ["title", "synopsis", "declarations.information_true"]
    with scopes_disabled():
        stored = Offer.objects.get(pk=offer.pk)
        assert (stored.status, stored.number, stored.submitted_at) == (OfferStatus.DRAFT, "", None)
        assert not OfferVersion.objects.filter(offer=offer).exists()


def test_a_missing_mandatory_attachment_stops_the_submission(setup):
    with scopes_disabled():
        requirement = RequiredAttachment.objects.create(call=setup.call, name="Sprawozdanie finansowe", mandatory=True)
    offer = draft(setup)
    with scopes_disabled(), pytest.raises(services.OfferIncomplete) as error:
        services.submit_offer(offer=offer, actor=setup.owner)
    assert [path for path, _ in error.value.problems] == [f"attachments.{requirement.pk}"]
    with scopes_disabled():
        services.add_offer_attachment(offer=offer, actor=setup.owner, requirement=requirement,
                                      upload=SimpleUploadedFile("sprawozdanie.pdf", PDF))
        services.submit_offer(offer=offer, actor=setup.owner)
    assert offer.status == OfferStatus.SUBMITTED


def test_submission_is_refused_to_another_organizations_member(setup):
    offer = draft(setup)
    _organization, stranger = other_organization(setup)
    with scopes_disabled(), pytest.raises(NotAllowed):
        services.submit_offer(offer=offer, actor=stranger)


def test_the_call_limits_come_from_the_locked_call(setup):
    offer = draft(setup)
    with scopes_disabled():
        Call.objects.filter(pk=setup.call.pk).update(max_grant=Decimal("11999.99"))
        with pytest.raises(services.OfferIncomplete) as error:
            services.submit_offer(offer=offer, actor=setup.owner)
    assert [path for path, _ in error.value.problems] == ["funding.grant"]


# --- Immutability, withdrawal -------------------------------------------------------------------------------------------


def test_a_submitted_version_is_never_changed_by_any_service(setup):
    offer = submitted(setup)
    with scopes_disabled():
        version = OfferVersion.objects.get(offer=offer)
        frozen = dict(version.content)
        with pytest.raises(TransitionNotAllowed):
            services.save_draft(offer=offer, actor=setup.owner, content={"title": "Zmieniony"})
        with pytest.raises(TransitionNotAllowed):
            services.add_offer_attachment(offer=offer, actor=setup.owner, upload=SimpleUploadedFile("a.pdf", PDF))
        with pytest.raises(TransitionNotAllowed):
            services.submit_correction(offer=offer, actor=setup.owner)
        services.request_correction(offer=offer, actor=setup.officer, note="Popraw tytuł.",
                                    due=timezone.now() + timedelta(days=3))
        services.save_draft(offer=offer, actor=setup.owner, content={"title": "Zmieniony"}, partial=True)
        services.submit_correction(offer=offer, actor=setup.owner)
        services.withdraw_offer(offer=offer, actor=setup.owner)
        version.refresh_from_db()
        assert version.content == frozen
        assert OfferVersion.objects.get(offer=offer, number=2).content["title"] == "Zmieniony"


def test_withdraw_a_draft_and_a_submitted_offer(setup):
    first, second = draft(setup), submitted(setup)
    with scopes_disabled():
        services.withdraw_offer(offer=first, actor=setup.owner)
        services.withdraw_offer(offer=second, actor=setup.editor)
        assert set(Offer.objects.values_list("status", flat=True)) == {OfferStatus.WITHDRAWN}
        with pytest.raises(TransitionNotAllowed):
            services.withdraw_offer(offer=second, actor=setup.owner)
        with pytest.raises(TransitionNotAllowed):
            services.submit_offer(offer=first, actor=setup.owner)


def test_withdraw_is_refused_to_another_organization_and_after_the_award(setup):
    offer = submitted(setup)
    _organization, stranger = other_organization(setup)
    with scopes_disabled():
        with pytest.raises(NotAllowed):
            services.withdraw_offer(offer=offer, actor=stranger)
        Offer.objects.filter(pk=offer.pk).update(status=OfferStatus.AWARDED)
        with pytest.raises(TransitionNotAllowed):
            services.withdraw_offer(offer=Offer.objects.get(pk=offer.pk), actor=setup.owner)


# --- Correction ------------------------------------------------------------------------------------------------------------


def test_request_correction_reopens_the_draft_from_the_submitted_version_and_emails(setup,
                                                                                   django_capture_on_commit_callbacks):
    offer = submitted(setup)
    due = timezone.now() + timedelta(days=7)
    with scopes_disabled():
        Offer.objects.filter(pk=offer.pk).update(draft={})
        offer.refresh_from_db()
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.request_correction(offer=offer, actor=setup.officer, note="Uzupełnij harmonogram.", due=due)
        stored = Offer.objects.get(pk=offer.pk)
        version = OfferVersion.objects.get(offer=offer)
    assert (stored.status, stored.correction_note, stored.correction_due) == (
        OfferStatus.CORRECTION_REQUESTED, "Uzupełnij harmonogram.", due)
    assert stored.draft == version.content
    assert sorted(m.to[0] for m in mail.outbox) == sorted({setup.organization.email, setup.owner.email,
                                                           setup.editor.email})
    assert "Uzupełnij harmonogram." in mail.outbox[0].body


def test_only_the_municipalitys_officer_asks_for_a_correction(setup):
    offer = submitted(setup)
    other_officer = OfficerFactory().user
    due = timezone.now() + timedelta(days=7)
    with scopes_disabled():
        for person in (setup.owner, other_officer, UserFactory()):
            with pytest.raises(NotAllowed):
                services.request_correction(offer=offer, actor=person, note="Popraw.", due=due)
        with pytest.raises(ValidationError) as error:
            services.request_correction(offer=offer, actor=setup.officer, note=" ", due=timezone.now())
        assert set(error.value.message_dict) == {"note", "due"}
        draft_offer = draft(setup)
        with pytest.raises(TransitionNotAllowed):
            services.request_correction(offer=draft_offer, actor=setup.officer, note="Popraw.", due=due)


def test_submit_correction_makes_a_new_version_keeps_the_number_and_updates_the_sums(setup):
    offer = submitted(setup)
    number, first_submission = offer.number, offer.submitted_at
    with scopes_disabled():
        services.request_correction(offer=offer, actor=setup.officer, note="Popraw koszty.",
                                    due=timezone.now() + timedelta(days=2))
        content = dict(offer.draft)
        content["costs"] = [dict(line) for line in content["costs"]]
        content["costs"][0]["unit_cost"] = "90.00"  # 120 h × 90 = 10,800.00
        content["costs"][0]["years"] = {str(setup.year): "10800.00"}
        content["funding"] = {**content["funding"], "grant": "10800.00"}
        services.save_draft(offer=offer, actor=setup.owner, content=content)
        version = services.submit_correction(offer=offer, actor=setup.owner)
        stored = Offer.objects.get(pk=offer.pk)
    assert (version.number, version.reason) == (2, VersionReason.CORRECTION)
    assert (stored.status, stored.number, stored.submitted_at) == (OfferStatus.SUBMITTED, number, first_submission)
    assert (stored.total_cost, stored.requested_grant) == (Decimal("13650.00"), Decimal("10800.00"))


def test_a_correction_after_its_due_time_is_refused(setup):
    offer = submitted(setup)
    with scopes_disabled():
        services.request_correction(offer=offer, actor=setup.officer, note="Popraw.",
                                    due=timezone.now() + timedelta(hours=1))
        later = timezone.now() + timedelta(hours=1, seconds=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            with pytest.raises(DeadlinePassed):
                services.save_draft(offer=offer, actor=setup.owner, content={"title": "Za późno"}, partial=True)
            with pytest.raises(DeadlinePassed):
                services.submit_correction(offer=offer, actor=setup.owner)


# --- Attachments -------------------------------------------------------------------------------------------------------------


def _zip(files: dict) -> bytes:
    import zipfile

    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "data", "content_type"), [
    ("statut.pdf", PDF, "application/pdf"),
    ("zdjecie.png", PNG, "image/png"),
    ("skan.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 16, "image/jpeg"),
    ("pismo.docx", _zip({"[Content_Types].xml": "<x/>", "word/document.xml": "<w/>"}), services.DOCX),
    ("pismo.odt", _zip({"mimetype": services.ODT, "content.xml": "<o/>"}), services.ODT),
])
def test_attachments_are_recognised_by_their_content(setup, name, data, content_type):
    offer = draft(setup)
    with scopes_disabled():
        attachment = services.add_offer_attachment(offer=offer, actor=setup.owner, title="Załącznik",
                                                   upload=SimpleUploadedFile(name, data, content_type="text/plain"))
    assert attachment.content_type == content_type
    assert attachment.size == len(data)
    assert attachment.file.storage.__class__.__name__ == "FileSystemStorage"
    assert attachment.file.read() == data


@pytest.mark.parametrize(("name", "data"), [
    ("wirus.pdf", b"MZ\x90\x00 not a pdf"),
    ("archiwum.docx", _zip({"inny.txt": "x"})),
    ("zepsuty.docx", b"PK\x03\x04broken"),
])
def test_other_files_are_refused(setup, name, data):
    offer = draft(setup)
    with scopes_disabled(), pytest.raises(ValidationError) as error:
        services.add_offer_attachment(offer=offer, actor=setup.owner, upload=SimpleUploadedFile(name, data))
    assert set(error.value.message_dict) == {"file"}
    assert not OfferAttachment.objects.exists()


def test_a_file_over_the_limit_is_refused(setup):
    offer = draft(setup)
    big = SimpleUploadedFile("duzy.pdf", PDF + b"0" * services.MAX_ATTACHMENT_BYTES)
    with scopes_disabled(), pytest.raises(ValidationError):
        services.add_offer_attachment(offer=offer, actor=setup.owner, upload=big)


def test_a_requirement_of_another_call_is_refused(setup):
    offer = draft(setup)
    with scopes_disabled():
        foreign = RequiredAttachment.objects.create(call=make_call(setup.municipality), name="Obcy")
        with pytest.raises(ValidationError) as error:
            services.add_offer_attachment(offer=offer, actor=setup.owner, requirement=foreign,
                                          upload=SimpleUploadedFile("a.pdf", PDF))
    assert set(error.value.message_dict) == {"requirement"}


def test_submitted_attachments_stay_during_a_correction(setup):
    offer = draft(setup)
    with scopes_disabled():
        kept = services.add_offer_attachment(offer=offer, actor=setup.owner, upload=SimpleUploadedFile("a.pdf", PDF))
        services.submit_offer(offer=offer, actor=setup.owner)
        services.request_correction(offer=offer, actor=setup.officer, note="Dołącz statut.",
                                    due=timezone.now() + timedelta(days=2))
        added = services.add_offer_attachment(offer=offer, actor=setup.owner, upload=SimpleUploadedFile("b.pdf", PDF))
        with pytest.raises(TransitionNotAllowed):
            services.remove_offer_attachment(attachment=kept, actor=setup.owner)
        services.remove_offer_attachment(attachment=added, actor=setup.owner)
        assert list(OfferAttachment.objects.values_list("pk", flat=True)) == [kept.pk]


# --- Decimal end to end ----------------------------------------------------------------------------------------------------------


def test_a_thousand_cost_lines_are_summed_exactly_to_the_grosz_through_save_and_submit():
    setup = make_setup(min_grant=None, max_grant=None, admin_costs_cap_percent=None)
    content = valid_content(year=setup.year)
    lines, total_grosze = [], 0
    for i in range(1, 1001):
        unit_grosze = i * 101 + 7  # 1.08, 2.09, … zł: never round
        units_milli = 1000 + (i % 7) * 125  # 1, 1.125, 1.25 … units: often half a grosz
        value_grosze = (unit_grosze * units_milli + 500) // 1000  # half up
        total_grosze += value_grosze
        lines.append({"id": f"c{i}", "category": "activity" if i % 10 else "administrative",
                      "activity_id": "a1" if i % 10 else None, "name": f"Koszt {i}", "unit": "szt.",
                      "unit_cost": f"{unit_grosze // 100}.{unit_grosze % 100:02d}",
                      "quantity": f"{units_milli // 1000}.{units_milli % 1000:03d}", "years": {}, "offeror": 0})
    grant = total_grosze * 80 // 100
    own_financial = total_grosze * 10 // 100
    rest = total_grosze - grant - own_financial

    def zl(grosze: int) -> str:
        return f"{grosze // 100}.{grosze % 100:02d}"

    content["costs"] = lines
    content["funding"] = {"grant": zl(grant), "own_financial": zl(own_financial), "own_non_financial": zl(rest),
                          "beneficiary_fees": "0.00"}
    offer = draft(setup, content)
    with scopes_disabled():
        assert services.save_draft(offer=offer, actor=setup.owner, content=content) == []
        services.submit_offer(offer=offer, actor=setup.owner)
        stored = Offer.objects.get(pk=offer.pk)
        version = OfferVersion.objects.get(offer=offer)
    assert stored.total_cost == Decimal(zl(total_grosze))
    assert stored.requested_grant + stored.own_financial + stored.own_non_financial == Decimal(zl(total_grosze))
    assert offer_content.totals(version.content).total == Decimal(zl(total_grosze))
    assert len(version.content["costs"]) == 1000
