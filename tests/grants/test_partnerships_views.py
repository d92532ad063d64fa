"""Pages of partnerships: the public list (filters) and page, the agreement file, the officer's creating,
partners, representatives, activating and ending, the partner NGO's actions and results, the coordinator's
assessments; leaks (drafts, another municipality) and query counts."""

from datetime import date

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from cooperation.models import AuditEntry
from grants.partnerships import services
from grants.partnerships.enums import (
    ActionStatus,
    Appointment,
    PartnerKind,
    PartnershipKind,
    PartnershipStatus,
)
from grants.partnerships.models import Action, EngagementAssessment, Partner, Partnership, Representative
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OfficerFactory,
    OrganizationFactory,
    OrganizationMunicipalityFactory,
    UserFactory,
)

from .partnership_factories import PDF, make_partnership, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    """Pages in English, so that messages and errors compare with the msgids."""
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def s():
    municipality = MunicipalityFactory(name="Miasto Koszalin", slug="koszalin")
    officer = OfficerFactory(municipality=municipality).user
    organization = OrganizationFactory(name="Stowarzyszenie Seniorów")
    OrganizationMunicipalityFactory(organization=organization, municipality=municipality)
    member = MembershipFactory(organization=organization).user
    other_org = OrganizationFactory(name="Fundacja Inna")
    OrganizationMunicipalityFactory(organization=other_org, municipality=municipality)
    other_member = MembershipFactory(organization=other_org).user
    other_municipality = MunicipalityFactory(name="Gmina Będzino", slug="bedzino")
    other_officer = OfficerFactory(municipality=other_municipality).user
    resident = UserFactory()

    class S:
        pass

    for name, value in locals().items():
        setattr(S, name, value)
    return S


def url(name, s, **kwargs):
    return reverse(f"partnerships:{name}", kwargs={"municipality_slug": s.municipality.slug, **kwargs})


def text(response) -> str:
    return response.content.decode()


# --- Public list and page ---------------------------------------------------------------------------------


def test_public_list_shows_published_and_hides_drafts(client, s):
    make_partnership(s.municipality, s.officer, organization=s.organization, name="Partnerstwo aktywne")
    make_partnership(s.municipality, s.officer, organization=s.organization, active=False, name="Partnerstwo szkic")
    make_partnership(s.other_municipality, s.other_officer, name="Partnerstwo z Będzina")
    response = client.get(url("partnership_list", s))
    assert response.status_code == 200
    assert [p.name for p in response.context["partnerships"]] == ["Partnerstwo aktywne"]
    assert "Partnerstwo szkic" not in text(response)
    assert "Partnerstwo z Będzina" not in text(response)


def test_public_list_filters_by_kind_and_status(client, s):
    project = make_partnership(s.municipality, s.officer, name="Projekt EFS", kind=PartnershipKind.PROJECT)
    ended = make_partnership(s.municipality, s.officer, name="Lokalne zakończone")
    with scopes_disabled():
        services.end_partnership(partnership=ended, actor=s.officer, ended_on=date(2026, 1, 31))
    response = client.get(url("partnership_list", s), {"kind": "project"})
    assert [p.pk for p in response.context["partnerships"]] == [project.pk]
    response = client.get(url("partnership_list", s), {"status": "ended"})
    assert [p.pk for p in response.context["partnerships"]] == [ended.pk]
    response = client.get(url("partnership_list", s), {"kind": "local", "status": "active"})
    assert (list(response.context["partnerships"]), response.context["filtered"]) == ([], True)


def test_public_detail_shows_goals_parties_representatives_actions_and_summary(client, s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization, agreement=True)
    with scopes_disabled():
        services.add_representative(partner=partnership.municipal_partner, actor=s.officer, full_name="Jan Urzędnik",
                                    appointed_on=date(2025, 2, 1), order_number="0050.1.2025")
        services.add_action(partnership=partnership, actor=s.officer, title="Forum seniorów", date=date(2025, 6, 1),
                            responsible=partnership.ngo_partner)
        services.record_assessment(partner=partnership.ngo_partner, actor=s.officer, year=2025, score=4)
    response = client.get(url("partnership_detail", s, pk=partnership.pk))
    body = text(response)
    assert response.status_code == 200
    for expected in ("Aktywizacja seniorów w dzielnicach.", "Stowarzyszenie Seniorów", "Jan Urzędnik", "0050.1.2025",
                     "Forum seniorów", url("partnership_agreement", s, pk=partnership.pk)):
        assert expected in body
    assert [(y.year, [str(r.average) for r in y.rows]) for y in response.context["summary"]] == [(2025, ["4.0"])]
    assert response.context["can_add_action"] is False


def test_draft_detail_is_404_for_the_public_and_200_for_the_officer(client, s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization, active=False)
    assert client.get(url("partnership_detail", s, pk=partnership.pk)).status_code == 404
    client.force_login(s.member)
    assert client.get(url("partnership_detail", s, pk=partnership.pk)).status_code == 404
    client.force_login(s.officer)
    assert client.get(url("partnership_detail", s, pk=partnership.pk)).status_code == 200


def test_another_municipality_partnership_is_404_under_this_address(client, s):
    other = make_partnership(s.other_municipality, s.other_officer, agreement=True)
    client.force_login(s.officer)
    assert client.get(url("partnership_detail", s, pk=other.pk)).status_code == 404
    assert client.get(url("partnership_agreement", s, pk=other.pk)).status_code == 404
    assert client.get(url("partnership_admin", s, pk=other.pk)).status_code == 404


def test_agreement_is_served_as_a_pdf_attachment(client, s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization, agreement=True)
    response = client.get(url("partnership_agreement", s, pk=partnership.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f'attachment; filename="umowa-partnerstwa-{partnership.pk}.pdf"'
    assert b"".join(response.streaming_content) == PDF


def test_draft_agreement_is_hidden_from_the_public(client, s):
    partnership = make_partnership(s.municipality, s.officer, active=False, agreement=True)
    assert client.get(url("partnership_agreement", s, pk=partnership.pk)).status_code == 404


# --- The officer ---------------------------------------------------------------------------------------------


def test_officer_creates_a_partnership_with_the_agreement(client, s):
    client.force_login(s.officer)
    response = client.post(url("partnership_create", s), {
        "kind": "project", "name": "Partnerstwo EFS+", "goals": "Cele projektu.", "description": "",
        "area": "Koszalin", "starts_on": "2026-01-01", "ends_on": "2027-12-31", "agreement_signed_on": "2025-12-15",
        "assessment_rules": "Skala 1-5.", "agreement_upload": pdf_upload()})
    with scopes_disabled():
        partnership = Partnership.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("partnership_admin", s, pk=partnership.pk)
    assert (partnership.status, partnership.kind, partnership.created_by) == (
        PartnershipStatus.DRAFT, PartnershipKind.PROJECT, s.officer)
    assert partnership.agreement_file.name.endswith(".pdf")


def test_create_with_a_non_pdf_agreement_shows_the_error_next_to_the_field(client, s):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(s.officer)
    response = client.post(url("partnership_create", s), {
        "kind": "local", "name": "X", "goals": "", "starts_on": "2026-01-01",
        "agreement_upload": SimpleUploadedFile("umowa.txt", b"hello")})
    assert response.status_code == 200
    assert response.context["form"].errors == {"agreement_upload": ["Upload a PDF, DOCX or ODT document."]}


def test_create_is_forbidden_for_an_ngo_member(client, s):
    client.force_login(s.member)
    assert client.post(url("partnership_create", s), {"kind": "local", "name": "X",
                                                       "starts_on": "2026-01-01"}).status_code == 403
    with scopes_disabled():
        assert Partnership.objects.count() == 0


def test_officer_adds_partners_and_representatives_then_activates(client, s):
    partnership = make_partnership(s.municipality, s.officer, active=False)
    client.force_login(s.officer)
    response = client.post(url("partner_add", s, pk=partnership.pk), {
        "kind": "ngo", "organization": s.organization.pk, "name": "", "role": "partner", "website": ""})
    assert response.status_code == 302
    with scopes_disabled():
        ngo = Partner.objects.get(partnership=partnership, organization=s.organization)
    response = client.post(url("representative_add", s, pk=partnership.pk, partner_id=ngo.pk), {
        "full_name": "Anna Społeczna", "function": "prezes", "selection_method": "Głosowanie na forum NGO",
        "appointed_on": "2025-02-01"})
    assert response.status_code == 302
    with scopes_disabled():
        assert list(Representative.objects.values_list("full_name", "appointment")) == [
            ("Anna Społeczna", Appointment.NGO_SELECTION)]
    response = client.post(url("partnership_activate", s, pk=partnership.pk))
    assert response["Location"] == url("partnership_admin", s, pk=partnership.pk)
    with scopes_disabled():
        assert Partnership.objects.get().status == PartnershipStatus.ACTIVE


def test_officer_corrects_a_partner_and_ends_a_representation(client, s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    with scopes_disabled():
        person = services.add_representative(partner=partnership.ngo_partner, actor=s.officer, full_name="Anna Nowak",
                                             appointed_on=date(2025, 2, 1), selection_method="Forum NGO")
    client.force_login(s.officer)
    admin = client.get(url("partnership_admin", s, pk=partnership.pk)).content.decode()
    edit_partner = url("partner_edit", s, pk=partnership.pk, partner_id=partnership.ngo_partner.pk)
    edit_person = url("representative_edit", s, pk=partnership.pk, partner_id=partnership.ngo_partner.pk,
                      representative_id=person.pk)
    assert edit_partner in admin and edit_person in admin

    form = client.get(edit_partner).context["form"]
    assert "name" not in form.fields and form["joined_on"].value() == date(2025, 3, 1)  # an NGO keeps its name
    response = client.post(edit_partner, {"role": "leader", "joined_on": "2025-03-01", "website": ""})
    assert response.status_code == 200  # the municipality leads already
    assert response.context["form"].errors == {"role": ["The partnership already has a leader."]}
    response = client.post(edit_partner, {"role": "partner", "joined_on": "2025-04-01",
                                          "website": "https://ngo.example.org/partnerstwo"})
    assert response.status_code == 302

    response = client.post(edit_person, {"full_name": "Anna Nowak", "selection_method": "Forum NGO",
                                         "appointed_on": "2025-02-01", "ends_on": "2025-01-01"})
    assert response.context["form"].errors == {"ends_on": ["The representation ends after it starts."]}
    response = client.post(edit_person, {"full_name": "Anna Nowak-Kowalska", "function": "prezes",
                                         "selection_method": "Forum NGO", "appointed_on": "2025-02-01",
                                         "ends_on": "2026-12-31"})
    assert response.status_code == 302
    with scopes_disabled():
        partner = Partner.objects.get(pk=partnership.ngo_partner.pk)
        assert (partner.joined_on, partner.website) == (date(2025, 4, 1), "https://ngo.example.org/partnerstwo")
        person.refresh_from_db()
        assert (person.full_name, person.ends_on) == ("Anna Nowak-Kowalska", date(2026, 12, 31))
        assert sorted(AuditEntry.objects.filter(action__in=["grants.partner.updated", "grants.representative.updated"])
                      .values_list("action", flat=True)) == ["grants.partner.updated", "grants.representative.updated"]
    page = client.get(url("partnership_detail", s, pk=partnership.pk)).content.decode()
    assert "Anna Nowak-Kowalska" in page and "until 31.12.2026" in page


def test_municipal_representative_without_order_number_shows_the_error(client, s):
    partnership = make_partnership(s.municipality, s.officer, active=False)
    client.force_login(s.officer)
    response = client.post(url("representative_add", s, pk=partnership.pk,
                               partner_id=partnership.municipal_partner.pk),
                           {"full_name": "Jan", "appointed_on": "2025-02-01"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "order_number": ["Give the number of the executive's order appointing the representative."]}


def test_activation_problems_come_back_as_a_message(client, s):
    with scopes_disabled():
        partnership = services.create_partnership(municipality=s.municipality, actor=s.officer,
                                                  kind=PartnershipKind.LOCAL, name="Pusty", starts_on=date(2026, 1, 1),
                                                  goals="Cele.")
    client.force_login(s.officer)
    response = client.post(url("partnership_activate", s, pk=partnership.pk), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["A partnership needs at least two partners. Add the municipality as a partner."]


def test_officer_ends_a_partnership(client, s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    client.force_login(s.officer)
    client.post(url("partnership_end", s, pk=partnership.pk), {"ended_on": "2026-06-30"})
    with scopes_disabled():
        partnership.refresh_from_db()
    assert (partnership.status, partnership.ends_on) == (PartnershipStatus.ENDED, date(2026, 6, 30))


def test_officer_of_another_municipality_cannot_manage(client, s):
    partnership = make_partnership(s.municipality, s.officer, active=False)
    client.force_login(s.other_officer)
    assert client.get(url("partnership_admin_list", s)).status_code == 403
    assert client.post(url("partnership_activate", s, pk=partnership.pk)).status_code == 403


def test_admin_list_shows_drafts_and_the_assessment_due(client, s):
    from django.utils import timezone

    last_year = timezone.localdate().year - 1
    make_partnership(s.municipality, s.officer, name="Do oceny", starts_on=date(last_year, 1, 1))
    make_partnership(s.municipality, s.officer, name="Szkic", active=False)
    client.force_login(s.officer)
    response = client.get(url("partnership_admin_list", s))
    assert sorted((p.name, p.assessment_due) for p in response.context["partnerships"]) == [
        ("Do oceny", True), ("Szkic", False)]


# --- The partner NGO and the coordinator ---------------------------------------------------------------------


def test_partner_member_adds_an_action_for_own_organization(client, s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    client.force_login(s.member)
    response = client.get(url("action_create", s, pk=partnership.pk))
    assert [p.pk for p in response.context["form"].fields["responsible"].queryset] == [partnership.ngo_partner.pk]
    response = client.post(url("action_create", s, pk=partnership.pk), {
        "title": "Piknik sąsiedzki", "description": "", "date": "2026-06-01",
        "responsible": partnership.ngo_partner.pk})
    assert response["Location"] == url("partnership_detail", s, pk=partnership.pk) + "#actions"
    with scopes_disabled():
        assert list(Action.objects.values_list("title", "responsible_id", "created_by")) == [
            ("Piknik sąsiedzki", partnership.ngo_partner.pk, s.member.pk)]


def test_partner_member_cannot_pick_another_partner_for_an_action(client, s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    client.force_login(s.member)
    response = client.post(url("action_create", s, pk=partnership.pk), {
        "title": "Cudze", "date": "2026-06-01", "responsible": partnership.municipal_partner.pk})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["responsible"]
    with scopes_disabled():
        assert Action.objects.count() == 0


def test_member_of_a_non_partner_ngo_cannot_add_actions(client, s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    client.force_login(s.other_member)
    assert client.get(url("action_create", s, pk=partnership.pk)).status_code == 403


def test_partner_member_marks_own_action_done_but_not_others(client, s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    with scopes_disabled():
        own = services.add_action(partnership=partnership, actor=s.officer, title="Nasze", date=date(2026, 6, 1),
                                  responsible=partnership.ngo_partner)
        theirs = services.add_action(partnership=partnership, actor=s.officer, title="Urzędu", date=date(2026, 6, 1),
                                     responsible=partnership.municipal_partner)
    client.force_login(s.member)
    response = client.get(url("partnership_detail", s, pk=partnership.pk))
    assert {a.title: a.can_change for a in response.context["actions"]} == {"Nasze": True, "Urzędu": False}
    client.post(url("action_status", s, pk=partnership.pk, action_id=own.pk), {"status": "done"})
    assert client.post(url("action_status", s, pk=partnership.pk, action_id=theirs.pk),
                       {"status": "done"}).status_code == 403
    with scopes_disabled():
        assert dict(Action.objects.values_list("title", "status")) == {"Nasze": ActionStatus.DONE,
                                                                       "Urzędu": ActionStatus.PLANNED}


def test_partner_member_updates_the_results(client, s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    client.force_login(s.member)
    response = client.post(url("results_edit", s, pk=partnership.pk), {"results": "Forum dla 120 osób."})
    assert response["Location"] == url("partnership_detail", s, pk=partnership.pk) + "#results"
    with scopes_disabled():
        assert Partnership.objects.get().results == "Forum dla 120 osób."
    client.force_login(s.other_member)
    assert client.post(url("results_edit", s, pk=partnership.pk), {"results": "X"}).status_code == 403


def test_coordinator_records_an_assessment(client, s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization, leader_ngo=True)
    client.force_login(s.member)
    response = client.post(url("assessment_create", s, pk=partnership.pk), {
        "partner": partnership.municipal_partner.pk, "year": "2025", "score": "4", "comment": "Dobrze"})
    assert response.status_code == 302
    with scopes_disabled():
        assert list(EngagementAssessment.objects.values_list("partner_id", "year", "score", "assessed_by")) == [
            (partnership.municipal_partner.pk, 2025, 4, s.member.pk)]


def test_assessment_without_rules_shows_the_refusal(client, s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization, rules="")
    client.force_login(s.officer)
    response = client.post(url("assessment_create", s, pk=partnership.pk), {
        "partner": partnership.ngo_partner.pk, "year": "2025", "score": "3"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Record the assessment rules the agreement sets before the first assessment."]


def test_plain_partner_member_cannot_assess(client, s):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    client.force_login(s.member)
    assert client.get(url("assessment_create", s, pk=partnership.pk)).status_code == 403


# --- Query counts ---------------------------------------------------------------------------------------


def _many(s, count):
    for index in range(count):
        partnership = make_partnership(s.municipality, s.officer, organization=s.organization, name=f"P{index}")
        with scopes_disabled():
            services.add_partner(partnership=partnership, actor=s.officer, kind=PartnerKind.OTHER, name=f"Parafia {index}")


@pytest.mark.parametrize("count", [1, 12])
def test_public_list_queries_do_not_grow(client, s, django_assert_max_num_queries, count):
    _many(s, count)
    with django_assert_max_num_queries(2):
        response = client.get(url("partnership_list", s))
    assert len(response.context["partnerships"]) == count


@pytest.mark.parametrize("count", [1, 12])
def test_admin_list_queries_do_not_grow(client, s, django_assert_max_num_queries, count):
    _many(s, count)
    client.force_login(s.officer)
    with django_assert_max_num_queries(7):
        response = client.get(url("partnership_admin_list", s))
    assert len(response.context["partnerships"]) == count


@pytest.mark.parametrize("count", [1, 10])
def test_detail_queries_do_not_grow(client, s, django_assert_max_num_queries, count):
    partnership = make_partnership(s.municipality, s.officer, organization=s.organization)
    with scopes_disabled():
        for index in range(count):
            partner = services.add_partner(partnership=partnership, actor=s.officer, kind=PartnerKind.NGO,
                                           name=f"Klub {index}")
            services.add_representative(partner=partner, actor=s.officer, full_name=f"Osoba {index}",
                                        appointed_on=date(2025, 2, 1), selection_method="Głosowanie")
            services.add_action(partnership=partnership, actor=s.officer, title=f"Działanie {index}",
                                date=date(2025, 6, 1), responsible=partner)
            services.record_assessment(partner=partner, actor=s.officer, year=2025, score=3)
    client.force_login(s.member)
    with django_assert_max_num_queries(11):
        response = client.get(url("partnership_detail", s, pk=partnership.pk))
    assert len(response.context["actions"]) == count
