"""Services of partnerships: guards, the status flow in one place, partners and representatives, actions of a
partner NGO (its own only), engagement assessments (rules required, scores 1–5) and the feature providers."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scopes_disabled

from cooperation import features
from cooperation.models import AuditEntry
from grants.exceptions import NotAllowed, TransitionNotAllowed
from grants.partnerships import selectors, services
from grants.partnerships.enums import (
    ActionStatus,
    Appointment,
    PartnerKind,
    PartnerRole,
    PartnershipKind,
    PartnershipStatus,
)
from grants.partnerships.models import Action, EngagementAssessment, Partner, Partnership
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OfficerFactory,
    OrganizationFactory,
    OrganizationMunicipalityFactory,
)

from .partnership_factories import make_partnership, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _unscoped():
    with scopes_disabled():
        yield


@pytest.fixture
def s():
    municipality = MunicipalityFactory(name="Miasto Koszalin")
    officer = OfficerFactory(municipality=municipality).user
    organization = OrganizationFactory(name="Stowarzyszenie Seniorów")
    OrganizationMunicipalityFactory(organization=organization, municipality=municipality)
    member = MembershipFactory(organization=organization).user
    other_org = OrganizationFactory(name="Fundacja Inna")
    OrganizationMunicipalityFactory(organization=other_org, municipality=municipality)
    other_member = MembershipFactory(organization=other_org).user

    class S:
        pass

    for name, value in locals().items():
        setattr(S, name, value)
    return S


def draft(s, **fields):
    data = {"kind": PartnershipKind.PROJECT, "name": "Partnerstwo EFS+", "goals": "Cele.", "starts_on": date(2025, 1, 1),
            **fields}
    return services.create_partnership(municipality=s.municipality, actor=s.officer, **data)


# --- Creating and the status flow ---------------------------------------------------------------------------


def test_create_partnership_is_a_draft_with_audit(s):
    partnership = draft(s)
    assert partnership.status == PartnershipStatus.DRAFT
    assert partnership.published_at is None
    assert partnership.is_published is False
    assert list(AuditEntry.objects.filter(target_id=str(partnership.pk)).values_list("action", flat=True)) == [
        "grants.partnership.created"]


def test_create_partnership_by_a_non_officer_is_refused(s):
    with pytest.raises(NotAllowed):
        services.create_partnership(municipality=s.municipality, actor=s.member, kind=PartnershipKind.LOCAL,
                                    name="X", starts_on=date(2025, 1, 1))
    assert Partnership.objects.count() == 0


def test_create_partnership_by_another_municipality_officer_is_refused(s):
    other_officer = OfficerFactory().user
    with pytest.raises(NotAllowed):
        services.create_partnership(municipality=s.municipality, actor=other_officer, kind=PartnershipKind.LOCAL,
                                    name="X", starts_on=date(2025, 1, 1))


def test_end_date_before_start_is_refused(s):
    with pytest.raises(ValidationError) as error:
        draft(s, ends_on=date(2024, 12, 31))
    assert list(error.value.message_dict) == ["__all__"]


def test_agreement_must_be_a_pdf(s):
    partnership = draft(s)
    docx = SimpleUploadedFile("umowa.docx", b"PK\x03\x04rest", content_type="application/octet-stream")
    with pytest.raises(ValidationError) as error:
        services.update_partnership(partnership=partnership, actor=s.officer, agreement_file=docx)
    assert error.value.message_dict == {"agreement_file": ["Upload the agreement as a PDF file."]}


def test_agreement_pdf_is_stored(s):
    partnership = draft(s)
    services.update_partnership(partnership=partnership, actor=s.officer, agreement_file=pdf_upload(),
                                agreement_signed_on=date(2024, 12, 20))
    partnership.refresh_from_db()
    assert partnership.agreement_file.name.endswith(".pdf")
    assert partnership.agreement_signed_on == date(2024, 12, 20)


def test_activation_needs_goals_two_partners_and_the_municipality(s):
    partnership = draft(s, goals="")
    with pytest.raises(TransitionNotAllowed) as error:
        services.activate_partnership(partnership=partnership, actor=s.officer)
    assert str(error.value.message) == ("Describe the partnership's goals. A partnership needs at least two partners. "
                                        "Add the municipality as a partner.")
    assert Partnership.objects.get().status == PartnershipStatus.DRAFT


def test_activate_publishes_and_end_keeps_it_public(s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization, active=False)
    services.activate_partnership(partnership=partnership, actor=s.officer)
    assert partnership.status == PartnershipStatus.ACTIVE
    assert partnership.published_at is not None
    services.end_partnership(partnership=partnership, actor=s.officer, ended_on=date(2026, 6, 30))
    partnership.refresh_from_db()
    assert (partnership.status, partnership.ends_on, partnership.is_published) == (
        PartnershipStatus.ENDED, date(2026, 6, 30), True)


def test_activating_twice_is_refused(s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    with pytest.raises(TransitionNotAllowed) as error:
        services.activate_partnership(partnership=partnership, actor=s.officer)
    assert str(error.value.message) == "The partnership is already “active”: this change is not possible."


def test_status_moves_only_by_the_table(s):
    partnership = draft(s)
    with pytest.raises(TransitionNotAllowed):
        services.set_partnership_status(partnership=partnership, status=PartnershipStatus.ENDED)
    assert {
        PartnershipStatus.DRAFT: {PartnershipStatus.ACTIVE}, PartnershipStatus.ACTIVE: {PartnershipStatus.ENDED},
        PartnershipStatus.ENDED: set()} == services.PARTNERSHIP_TRANSITIONS


def test_an_ended_partnership_no_longer_changes(s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    services.end_partnership(partnership=partnership, actor=s.officer)
    with pytest.raises(TransitionNotAllowed):
        services.update_partnership(partnership=partnership, actor=s.officer, name="Nowa nazwa")
    with pytest.raises(TransitionNotAllowed):
        services.add_partner(partnership=partnership, actor=s.officer, kind=PartnerKind.OTHER, name="Parafia")


# --- Partners and representatives -----------------------------------------------------------------------------


def test_ngo_partner_must_be_confirmed_in_the_municipality(s):
    partnership = draft(s)
    stranger = OrganizationFactory(name="Fundacja z daleka")
    with pytest.raises(ValidationError) as error:
        services.add_partner(partnership=partnership, actor=s.officer, kind=PartnerKind.NGO, organization=stranger)
    assert error.value.message_dict == {"organization": ["The organization must be confirmed in this municipality."]}


def test_organization_only_for_an_ngo_partner_and_only_once(s):
    partnership = draft(s)
    with pytest.raises(ValidationError):
        services.add_partner(partnership=partnership, actor=s.officer, kind=PartnerKind.BUSINESS,
                             organization=s.organization)
    services.add_partner(partnership=partnership, actor=s.officer, kind=PartnerKind.NGO, organization=s.organization)
    with pytest.raises(ValidationError) as error:
        services.add_partner(partnership=partnership, actor=s.officer, kind=PartnerKind.NGO, organization=s.organization)
    assert error.value.message_dict == {"organization": ["Stowarzyszenie Seniorów is already a partner."]}


def test_a_partner_without_organization_needs_a_name_except_the_municipality(s):
    partnership = draft(s)
    with pytest.raises(ValidationError):
        services.add_partner(partnership=partnership, actor=s.officer, kind=PartnerKind.BUSINESS, name=" ")
    municipal = services.add_partner(partnership=partnership, actor=s.officer, kind=PartnerKind.MUNICIPALITY)
    assert municipal.display_name == "Miasto Koszalin"
    assert municipal.joined_on == date(2025, 1, 1)


def test_only_one_leader(s):
    partnership = draft(s)
    services.add_partner(partnership=partnership, actor=s.officer, kind=PartnerKind.MUNICIPALITY, role=PartnerRole.LEADER)
    with pytest.raises(ValidationError) as error:
        services.add_partner(partnership=partnership, actor=s.officer, kind=PartnerKind.NGO,
                             organization=s.organization, role=PartnerRole.LEADER)
    assert error.value.message_dict == {"role": ["The partnership already has a leader."]}


def test_municipal_representative_needs_the_executive_order_number(s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    with pytest.raises(ValidationError) as error:
        services.add_representative(partner=partnership.municipal_partner, actor=s.officer, full_name="Jan Urzędnik",
                                    appointed_on=date(2025, 2, 1))
    assert list(error.value.message_dict) == ["order_number"]
    rep = services.add_representative(partner=partnership.municipal_partner, actor=s.officer,
                                      full_name="Jan Urzędnik", appointed_on=date(2025, 2, 1), order_number="0050.1.2025",
                                      selection_method="ignored")
    assert (rep.appointment, rep.order_number, rep.selection_method, rep.starts_on) == (
        Appointment.EXECUTIVE_ORDER, "0050.1.2025", "", date(2025, 2, 1))


def test_ngo_representative_is_selected_by_the_ngos(s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    with pytest.raises(ValidationError) as error:
        services.add_representative(partner=partnership.ngo_partner, actor=s.officer, full_name="Anna Społeczna",
                                    appointed_on=date(2025, 2, 1))
    assert list(error.value.message_dict) == ["selection_method"]
    rep = services.add_representative(partner=partnership.ngo_partner, actor=s.officer, full_name="Anna Społeczna",
                                      appointed_on=date(2025, 2, 1), selection_method="Głosowanie na forum NGO")
    assert rep.appointment == Appointment.NGO_SELECTION


def test_representative_by_a_partner_member_is_refused(s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    with pytest.raises(NotAllowed):
        services.add_representative(partner=partnership.ngo_partner, actor=s.member, full_name="A",
                                    appointed_on=date(2025, 2, 1), selection_method="Głosowanie")


# --- Actions ------------------------------------------------------------------------------------------------


def test_partner_member_adds_and_completes_own_action(s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    action = services.add_action(partnership=partnership, actor=s.member, title="Piknik", date=date(2026, 5, 1),
                                 responsible=partnership.ngo_partner)
    assert action.status == ActionStatus.PLANNED
    services.set_action_status(action=action, actor=s.member, status=ActionStatus.DONE, done_on=date(2026, 5, 1))
    action.refresh_from_db()
    assert (action.status, action.done_on) == (ActionStatus.DONE, date(2026, 5, 1))


def test_partner_member_cannot_add_an_action_for_another_partner(s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    with pytest.raises(NotAllowed) as error:
        services.add_action(partnership=partnership, actor=s.member, title="Cudze", date=date(2026, 5, 1),
                            responsible=partnership.municipal_partner)
    assert str(error.value.message) == "You may record only your own organization's actions."
    assert Action.objects.count() == 0


def test_partner_member_cannot_change_another_partners_action(s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    action = services.add_action(partnership=partnership, actor=s.officer, title="Urzędowe", date=date(2026, 5, 1),
                                 responsible=partnership.municipal_partner)
    with pytest.raises(NotAllowed):
        services.set_action_status(action=action, actor=s.member, status=ActionStatus.DONE)
    assert Action.objects.get().status == ActionStatus.PLANNED


def test_member_of_another_ngo_cannot_change_the_action(s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    action = services.add_action(partnership=partnership, actor=s.member, title="Piknik", date=date(2026, 5, 1),
                                 responsible=partnership.ngo_partner)
    with pytest.raises(NotAllowed):
        services.set_action_status(action=action, actor=s.other_member, status=ActionStatus.DONE)


def test_partner_member_cannot_add_actions_to_a_draft(s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization, active=False)
    with pytest.raises(TransitionNotAllowed):
        services.add_action(partnership=partnership, actor=s.member, title="Piknik", date=date(2026, 5, 1),
                            responsible=partnership.ngo_partner)


def test_marking_done_twice_says_already_done(s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    action = services.add_action(partnership=partnership, actor=s.officer, title="A", date=date(2026, 5, 1),
                                 responsible=partnership.ngo_partner)
    services.set_action_status(action=action, actor=s.officer, status=ActionStatus.DONE)
    with pytest.raises(TransitionNotAllowed) as error:
        services.set_action_status(action=action, actor=s.officer, status=ActionStatus.DONE)
    assert str(error.value.message) == "The action is already “done”."
    services.set_action_status(action=action, actor=s.officer, status=ActionStatus.PLANNED)
    assert Action.objects.get().done_on is None


def test_action_responsible_must_be_a_partner_of_this_partnership(s):
    first = make_partnership(s.municipality, s.officer, organization=s.organization)
    second = make_partnership(s.municipality, s.officer, organization=s.other_org, name="Inne")
    with pytest.raises(ValidationError) as error:
        services.add_action(partnership=first, actor=s.officer, title="A", date=date(2026, 5, 1),
                            responsible=second.ngo_partner)
    assert list(error.value.message_dict) == ["responsible"]


# --- Results and engagement ---------------------------------------------------------------------------------


def test_results_by_a_partner_member_and_not_by_an_outsider(s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    services.update_results(partnership=partnership, actor=s.member, results="  120 uczestników forum. ")
    partnership.refresh_from_db()
    assert partnership.results == "120 uczestników forum."
    assert partnership.results_updated_at is not None
    with pytest.raises(NotAllowed):
        services.update_results(partnership=partnership, actor=s.other_member, results="Nie moje.")


def test_assessment_requires_the_agreement_rules(s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization, rules="")
    with pytest.raises(TransitionNotAllowed) as error:
        services.record_assessment(partner=partnership.ngo_partner, actor=s.officer, year=2025, score=4)
    assert str(error.value.message) == (
        "Record the assessment rules the agreement sets before the first assessment.")
    assert EngagementAssessment.objects.count() == 0


@pytest.mark.parametrize("score", [0, 6, -1])
def test_assessment_score_outside_1_to_5_is_refused(s, score):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    with pytest.raises(ValidationError) as error:
        services.record_assessment(partner=partnership.ngo_partner, actor=s.officer, year=2025, score=score)
    assert error.value.message_dict == {"score": ["The score is a whole number from 1 to 5."]}


def test_assessment_of_a_draft_is_refused(s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization, active=False)
    with pytest.raises(TransitionNotAllowed):
        services.record_assessment(partner=partnership.ngo_partner, actor=s.officer, year=2025, score=3)


def test_assessment_year_before_the_start_or_in_the_future_is_refused(s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    for year in (2024, timezone.localdate().year + 1):
        with pytest.raises(ValidationError) as error:
            services.record_assessment(partner=partnership.ngo_partner, actor=s.officer, year=year, score=3)
        assert list(error.value.message_dict) == ["year"]


def test_coordinator_assesses_and_the_summary_averages_per_partner(s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization, leader_ngo=True)
    services.record_assessment(partner=partnership.ngo_partner, actor=s.officer, year=2025, score=4)
    services.record_assessment(partner=partnership.ngo_partner, actor=s.member, year=2025, score=5, comment="Świetnie")
    services.record_assessment(partner=partnership.municipal_partner, actor=s.officer, year=2025, score=2)
    # The same assessor again replaces the earlier score.
    services.record_assessment(partner=partnership.municipal_partner, actor=s.officer, year=2025, score=3)
    partners = selectors.partners_of(partnership)
    summary = selectors.engagement_summary(partnership, partners)
    assert [(y.year, [(r.partner.pk, str(r.average), r.count) for r in y.rows], str(y.average)) for y in summary] == [
        (2025, [(partnership.municipal_partner.pk, "3.0", 1), (partnership.ngo_partner.pk, "4.5", 2)], "3.8")]


def test_a_plain_partner_member_cannot_assess(s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)  # the municipality leads
    with pytest.raises(NotAllowed):
        services.record_assessment(partner=partnership.ngo_partner, actor=s.member, year=2025, score=5)


# --- Providers of cooperation.features -------------------------------------------------------------------------


def test_feature_is_registered_with_its_standards():
    feature = features.REGISTRY.features["partnerships"]
    assert feature.standards == ("P2.A3.T1.S1", "P2.A3.T1.S2", "P3.A3.T1.S1", "P3.A3.T2.S1", "P3.A3.T2.S2",
                                 "P3.A3.T3.S1", "P3.A3.T3.S2")
    assert (feature.public_url, feature.panel_url) == ("partnerships:partnership_list",
                                                       "partnerships:partnership_admin_list")


def test_evidence_from_published_partnerships_only(s):
    from grants.partnerships.hooks import evidence

    make_partnership(s.municipality, s.officer, organization=s.organization, active=False, agreement=True,
                     name="Szkic")
    assert evidence(s.municipality) == {}
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization, agreement=True)
    services.add_representative(partner=partnership.municipal_partner, actor=s.officer, full_name="Jan",
                                appointed_on=date(2025, 2, 1), order_number="1/2025")
    services.add_representative(partner=partnership.ngo_partner, actor=s.officer, full_name="Anna",
                                appointed_on=date(2025, 2, 1), selection_method="Głosowanie")
    services.update_results(partnership=partnership, actor=s.officer, results="Wyniki.")
    found = evidence(s.municipality)
    assert sorted(found) == ["P2.A3.T1.S2", "P3.A3.T2.S1", "P3.A3.T2.S2", "P3.A3.T3.S1", "P3.A3.T3.S2"]
    assert {item.url for items in found.values() for item in items} == {
        f"/jst/{s.municipality.slug}/partnerstwa/{partnership.pk}/"}


def test_open_task_when_last_year_is_not_assessed(s):
    from grants.partnerships.hooks import open_tasks

    year = timezone.localdate().year - 1
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization,
                                   starts_on=date(year, 1, 1))
    tasks = open_tasks(s.municipality)
    assert [(t.count, t.feature) for t in tasks] == [(1, "partnerships")]
    for partner in Partner.objects.filter(partnership=partnership):
        services.record_assessment(partner=partner, actor=s.officer, year=year, score=4)
    assert open_tasks(s.municipality) == []


def test_year_figures_count_partnerships_partners_and_actions_done(s):
    from grants.partnerships.hooks import year_figures

    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    make_partnership(s.municipality, s.officer, organization=s.other_org, active=False, name="Szkic")
    action = services.add_action(partnership=partnership, actor=s.officer, title="A", date=date(2025, 5, 1),
                                 responsible=partnership.ngo_partner)
    services.set_action_status(action=action, actor=s.officer, status=ActionStatus.DONE, done_on=date(2025, 5, 1))
    assert [(f.label, f.value) for f in year_figures(s.municipality, 2025)] == [
        ("Partnerships active", 1), ("Partners in the active partnerships", 2), ("Actions of partnerships done", 1)]
    assert [f.value for f in year_figures(s.municipality, 2024)] == [0, 0, 0]


def test_demo_seed_is_idempotent(s):
    from grants.partnerships import demo

    third = OrganizationFactory(name="Fundacja Trzecia")
    OrganizationMunicipalityFactory(organization=third, municipality=s.municipality)
    demo.seed([s.municipality], [s.officer])
    demo.seed([s.municipality], [s.officer])
    rows = list(Partnership.objects.order_by("kind").values_list("kind", "status"))
    assert rows == [(PartnershipKind.LOCAL, PartnershipStatus.ACTIVE), (PartnershipKind.PROJECT, PartnershipStatus.ACTIVE)]
    local = Partnership.objects.get(kind=PartnershipKind.LOCAL)
    assert EngagementAssessment.objects.filter(partner__partnership=local,
                                               year=timezone.localdate().year - 1).count() >= 4
    assert local.results != ""
