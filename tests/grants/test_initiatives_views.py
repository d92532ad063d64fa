"""Pages of the local initiative: the public pages (how to apply, the list, an initiative), the applicant's form
and pages, the officer's inbox, scoring, decision, agreement and settlement; forbidden roles, leaks and query
counts on the lists."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from grants.initiatives import services
from grants.initiatives.enums import InitiativeStatus
from grants.initiatives.models import InitiativeAgreement, InitiativeApplication
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OfficerFactory,
    OrganizationFactory,
    OrganizationMunicipalityFactory,
    UserFactory,
)

from .initiative_factories import make_application, make_rules

pytestmark = pytest.mark.django_db


@pytest.fixture
def s():
    municipality = MunicipalityFactory()
    officer = OfficerFactory(municipality=municipality).user
    other_municipality = MunicipalityFactory()
    other_officer = OfficerFactory(municipality=other_municipality).user
    resident = UserFactory(full_name="Maria Mieszkańcowa")
    neighbour = UserFactory(full_name="Adam Sąsiad")
    organization = OrganizationFactory(name="Stowarzyszenie Osiedle Lipowe")
    OrganizationMunicipalityFactory(organization=organization, municipality=municipality)
    member = MembershipFactory(organization=organization).user
    make_rules(municipality)

    class S:
        pass

    for name, value in locals().items():
        setattr(S, name, value)
    return S


def url(name, s, **kwargs):
    return reverse(f"initiatives:{name}", kwargs={"municipality_slug": s.municipality.slug, **kwargs})


def en(client, user=None):
    if user is not None:
        client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def html(response) -> str:
    return response.content.decode()


def management(prefix, total):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000"}


def form_post(**overrides):
    start = timezone.localdate() + timedelta(days=20)
    data = {
        "contact_name": "Maria Mieszkańcowa", "contact_email": "maria@example.pl", "contact_phone": "",
        "residents_count": "8", "title": "Ławki na skwerze", "scope": "community",
        "description": "Mieszkańcy zbudują ławki.", "place": "Skwer przy ul. Morskiej", "start": start.isoformat(),
        "end": (start + timedelta(days=30)).isoformat(), "social_work_people": "6", "social_work_hours": "40",
        "social_work_description": "Montaż ławek", "money_contribution": "150,00",
        **management("schedule", 1), "schedule-0-step": "Montaż", "schedule-0-start": start.isoformat(),
        "schedule-0-end": (start + timedelta(days=3)).isoformat(),
        **management("in_kind", 1), "in_kind-0-item": "Śruby", "in_kind-0-value": "80.40",
        **management("municipal", 1), "municipal-0-item": "Deski", "municipal-0-kind": "buy",
        "municipal-0-value": "1200",
    }
    data.update(overrides)
    return data


# --- Public ------------------------------------------------------------------------------------------------


def test_how_to_apply_shows_the_rules_criteria_and_the_hourly_rate(client, s):
    page = html(en(client).get(url("initiative_home", s)))
    assert "Resolution XL/512/2026 of 26.03.2026" in page
    assert "Wkład pracy społecznej mieszkańców" in page and "35.50 zł" in page


def test_without_rules_the_home_page_says_applications_are_not_accepted(client):
    municipality = MunicipalityFactory()
    page = html(en(client).get(reverse("initiatives:initiative_home", kwargs={"municipality_slug": municipality.slug})))
    assert "The council has not adopted the rules of the local initiative in this municipality yet" in page


def test_the_public_list_shows_accepted_initiatives_without_contact_data(client, s):
    accepted = make_application(s.municipality, status=InitiativeStatus.AGREEMENT_SIGNED, officer=s.officer)
    submitted = make_application(s.municipality, title="Wniosek w ocenie")
    draft = make_application(s.municipality, status=InitiativeStatus.DRAFT, title="Szkic")
    page = html(en(client).get(url("initiative_list", s)))
    assert accepted.title in page and "A group of residents (12)" in page
    assert submitted.title not in page and draft.title not in page
    assert "jan.sasiad@example.pl" not in page and "Jan Sąsiad" not in page
    detail = html(en(client).get(url("initiative_detail", s, pk=accepted.pk)))
    assert "Nowa huśtawka" in detail and "jan.sasiad@example.pl" not in detail and "600 100 200" not in detail
    assert en(client).get(url("initiative_detail", s, pk=submitted.pk)).status_code == 404


def test_the_public_list_takes_the_same_queries_for_one_or_many_initiatives(client, s, django_assert_max_num_queries):
    make_application(s.municipality, status=InitiativeStatus.ACCEPTED, officer=s.officer)
    en(client)
    with django_assert_max_num_queries(8) as one:
        client.get(url("initiative_list", s))
    for _ in range(4):
        make_application(s.municipality, status=InitiativeStatus.AGREEMENT_SIGNED, officer=s.officer)
        make_application(s.municipality, status=InitiativeStatus.ACCEPTED, officer=s.officer,
                         organization=s.organization)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url("initiative_list", s))
    assert len(response.context["initiatives"]) == 9


# --- The applicant -----------------------------------------------------------------------------------------


def test_a_resident_saves_a_draft_then_submits_it(client, s):
    en(client, s.resident)
    response = client.post(url("application_create", s), form_post(save="1"))
    with scopes_disabled():
        application = InitiativeApplication.objects.get(created_by=s.resident)
    assert response.status_code == 302 and response["Location"] == url("application_edit", s, pk=application.pk)
    assert (application.status, application.social_work_value, application.in_kind_total) == (
        InitiativeStatus.DRAFT, Decimal("1420.00"), Decimal("80.40"))
    response = client.post(url("application_edit", s, pk=application.pk), form_post(submit="1"))
    assert response.status_code == 302 and response["Location"] == url("application_detail", s, pk=application.pk)
    with scopes_disabled():
        application.refresh_from_db()
    assert application.status == InitiativeStatus.SUBMITTED and application.number


def test_submitting_an_incomplete_application_shows_the_problems_next_to_the_fields(client, s):
    en(client, s.resident)
    response = client.post(url("application_create", s), form_post(submit="1", description="", **{
        "municipal-0-item": "", "municipal-0-kind": "", "municipal-0-value": ""}))
    assert response.status_code == 200
    page = html(response)
    assert "Describe the initiative." in page and "Say what the municipality should buy or lend." in page
    with scopes_disabled():
        assert InitiativeApplication.objects.get(created_by=s.resident).status == InitiativeStatus.DRAFT


def test_applying_without_rules_is_refused_with_a_message(client):
    municipality = MunicipalityFactory()
    client = en(client, UserFactory())
    response = client.get(reverse("initiatives:application_create", kwargs={"municipality_slug": municipality.slug}),
                          follow=True)
    assert "The council has not adopted the rules" in html(response)


def test_a_member_applies_through_the_organization(client, s):
    en(client, s.member)
    response = client.post(url("application_create", s), form_post(
        save="1", applicant_kind="organization", organization=str(s.organization.pk)))
    assert response.status_code == 302
    with scopes_disabled():
        application = InitiativeApplication.objects.get(created_by=s.member)
    assert application.organization == s.organization


def test_another_resident_never_sees_a_draft(client, s):
    draft = make_application(s.municipality, status=InitiativeStatus.DRAFT, user=s.resident)
    en(client, s.neighbour)
    assert client.get(url("application_detail", s, pk=draft.pk)).status_code == 404
    assert client.get(url("application_edit", s, pk=draft.pk)).status_code == 404
    assert draft.title not in html(client.get(url("application_mine", s)))


def test_the_officer_does_not_see_a_draft_and_the_other_municipalitys_officer_sees_nothing(client, s):
    draft = make_application(s.municipality, status=InitiativeStatus.DRAFT, user=s.resident)
    submitted = make_application(s.municipality, user=s.resident)
    en(client, s.officer)
    assert client.get(url("application_detail", s, pk=draft.pk)).status_code == 404
    assert client.get(url("officer_application", s, pk=draft.pk)).status_code == 404
    assert client.get(url("officer_application", s, pk=submitted.pk)).status_code == 200
    inbox = html(client.get(url("officer_inbox", s)))
    assert submitted.title in inbox
    en(client, s.other_officer)
    assert client.get(url("officer_inbox", s)).status_code == 403
    assert client.get(url("application_detail", s, pk=submitted.pk)).status_code == 404
    other = reverse("initiatives:officer_application", kwargs={
        "municipality_slug": s.other_municipality.slug, "pk": submitted.pk})
    assert client.get(other).status_code == 404


def test_the_applicant_sees_the_assessment_of_their_application(client, s):
    application = make_application(s.municipality, status=InitiativeStatus.ACCEPTED, user=s.resident,
                                   officer=s.officer)
    page = html(en(client, s.resident).get(url("application_detail", s, pk=application.pk)))
    assert "64.00 / 80.00" in page and "Zgodnie z kryteriami." in page


def test_a_submitted_application_cannot_be_edited(client, s):
    application = make_application(s.municipality, user=s.resident)
    response = en(client, s.resident).get(url("application_edit", s, pk=application.pk))
    assert response.status_code == 302 and response["Location"] == url("application_detail", s, pk=application.pk)


# --- The officer -------------------------------------------------------------------------------------------


def test_the_inbox_is_refused_to_a_resident(client, s):
    assert en(client, s.resident).get(url("officer_inbox", s)).status_code == 403


def test_the_inbox_takes_the_same_queries_for_one_or_many_applications(client, s, django_assert_max_num_queries):
    make_application(s.municipality, officer=s.officer)
    en(client, s.officer)
    with django_assert_max_num_queries(20) as one:
        client.get(url("officer_inbox", s))
    for status in (InitiativeStatus.SUBMITTED, InitiativeStatus.ASSESSED, InitiativeStatus.ACCEPTED,
                   InitiativeStatus.RETURNED):
        make_application(s.municipality, status=status, officer=s.officer, organization=s.organization)
        make_application(s.municipality, status=status, officer=s.officer)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url("officer_inbox", s))
    assert sum(len(items) for _title, items in response.context["groups"]) == 9


def test_the_officer_returns_scores_decides_and_settles(client, s):
    application = make_application(s.municipality, user=s.resident)
    en(client, s.officer)
    response = client.post(url("application_return", s, pk=application.pk), {"note": "Dodaj zdjęcia."})
    assert response.status_code == 302
    with scopes_disabled():
        application.refresh_from_db()
        assert application.status == InitiativeStatus.RETURNED
        services.submit_application(application=application, actor=s.resident)
        criteria = list(services.rules_of(s.municipality).criteria.all())
    points = {f"points_{c.pk}": "10" for c in criteria}
    response = client.post(url("application_assess", s, pk=application.pk), {**points, "justification": "Potrzebne."})
    assert response.status_code == 302
    response = client.post(url("application_decide", s, pk=application.pk), {"decision": "accept", "reasons": "Tak."})
    assert response.status_code == 302
    response = client.get(url("agreement_edit", s, pk=application.pk))
    assert response.status_code == 200 and "IL-U/" in html(response)
    form = response.context["form"]
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update({"start": form.initial["start"].isoformat(), "end": form.initial["end"].isoformat(),
                 "social_work_hours": "120.5", "money_contribution": "500.00"})
    for key, prefix in (("schedule", "schedule"), ("in_kind", "in_kind"), ("municipal_items", "municipal")):
        formset = response.context["formsets"][key]
        data.update(management(prefix, len(formset.forms)))
        for index, row in enumerate(formset.forms):
            for name in row.fields:
                data[f"{prefix}-{index}-{name}"] = row.initial.get(name) or ""
    response = client.post(url("agreement_edit", s, pk=application.pk), data)
    assert response.status_code == 302, response.context["form"].errors
    response = client.post(url("agreement_sign", s, pk=application.pk),
                           {"signed_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    response = client.post(url("application_complete", s, pk=application.pk), {
        "actual_hours": "140", "actual_money": "500", "actual_in_kind": "480", "actual_municipal": "4800",
        "result": "Plac gotowy."})
    assert response.status_code == 302
    with scopes_disabled():
        application.refresh_from_db()
        agreement = InitiativeAgreement.objects.get(application=application)
    assert (application.status, application.score_total, agreement.social_work_value) == (
        InitiativeStatus.COMPLETED, Decimal("80.00"), Decimal("4277.75"))


def test_an_invalid_score_is_shown_next_to_the_field(client, s):
    application = make_application(s.municipality)
    with scopes_disabled():
        criteria = list(services.rules_of(s.municipality).criteria.all())
    response = en(client, s.officer).post(url("application_assess", s, pk=application.pk),
                                          {f"points_{criteria[0].pk}": "12", "justification": "x"})
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 10." in html(response)


def test_rules_where_social_work_does_not_weigh_most_are_refused_on_the_page(client, s):
    data = {"resolution_number": "I/1/2027", "resolution_date": "2027-01-10", "resolution_url": "", "mode": "",
            "hour_value": "40.00", **management("criteria", 2),
            "criteria-0-name": "Praca społeczna", "criteria-0-weight": "2", "criteria-0-is_social_work": "on",
            "criteria-1-name": "Wkład finansowy", "criteria-1-weight": "3"}
    response = en(client, s.officer).post(url("rules_edit", s), data)
    assert response.status_code == 200
    assert "The residents&#x27; social work must weigh most" in html(response)
    data["criteria-0-weight"] = "3.5"
    response = client.post(url("rules_edit", s), data)
    assert response.status_code == 302
    with scopes_disabled():
        assert services.rules_of(s.municipality).resolution_number == "I/1/2027"


def test_rules_are_refused_to_another_municipalitys_officer(client, s):
    assert en(client, s.other_officer).get(url("rules_edit", s)).status_code == 403


def test_own_applications_take_the_same_queries_for_one_or_many(client, s, django_assert_max_num_queries):
    make_application(s.municipality, status=InitiativeStatus.DRAFT, user=s.member)
    en(client, s.member)
    with django_assert_max_num_queries(20) as one:
        client.get(url("application_mine", s))
    for _ in range(3):
        make_application(s.municipality, user=s.member)
        make_application(s.municipality, status=InitiativeStatus.DRAFT, organization=s.organization,
                         user=MembershipFactory(organization=s.organization).user)
    make_application(s.municipality, status=InitiativeStatus.DRAFT, user=s.resident, title="Cudzy szkic")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url("application_mine", s))
    assert len(response.context["applications"]) == 7
    assert "Cudzy szkic" not in html(response)
