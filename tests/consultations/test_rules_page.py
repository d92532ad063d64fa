"""The municipality's consultation rules (art. 5 ust. 5 of the act): the officer's page, and the forms of
consultation the resolution allows enforced by the server."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled

from consultations import services
from consultations.models import ConsultationRules
from cooperation.models import AuditEntry
from tests.factories import OfficerFactory, UserFactory

from .test_services import make

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return OfficerFactory()


def url(officer):
    return reverse("consultations:rules_edit", kwargs={"municipality_slug": officer.municipality.slug})


def test_officer_sets_the_rules_and_they_are_audited(client, officer):
    client.cookies["django_language"] = "en"
    client.force_login(officer.user)
    page = html.unescape(client.get(url(officer)).content.decode())
    assert "Forms of consultation the resolution allows" in page and 'value="7"' in page
    response = client.post(url(officer), {
        "min_days": "21", "report_days": "30", "comments_public_at_once": "on",
        "allowed_forms": ["online", "open_meeting"], "resolution": "Uchwała nr XII/104/2011",
    })
    assert response.status_code == 302
    with scopes_disabled():
        rules = ConsultationRules.objects.get(municipality=officer.municipality)
        assert (rules.min_days, rules.report_days, rules.comments_public_at_once, rules.allowed_forms,
                rules.resolution) == (21, 30, True, ["online", "open_meeting"], "Uchwała nr XII/104/2011")
        assert AuditEntry.objects.filter(action="consultations.rules.updated").count() == 1


def test_bad_rules_are_refused_next_to_the_field_and_nothing_changes(client, officer):
    client.cookies["django_language"] = "en"
    client.force_login(officer.user)
    response = client.post(url(officer), {"min_days": "0", "report_days": "14", "resolution": "Uchwała 5"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"min_days", "allowed_forms"}
    assert 'value="Uchwała 5"' in response.content.decode()
    with scopes_disabled():
        assert services.rules_for(officer.municipality).min_days == 7


def test_residents_and_other_municipalities_officers_cannot_change_the_rules(client, officer):
    for user in (UserFactory(), OfficerFactory().user):
        client.force_login(user)
        assert client.post(url(officer), {"min_days": "1"}).status_code == 403
    with scopes_disabled():
        assert services.rules_for(officer.municipality).min_days == 7


def test_a_form_the_resolution_does_not_allow_is_refused(officer):
    with scopes_disabled():
        services.update_consultation_rules(municipality=officer.municipality, actor=officer.user,
                                           allowed_forms=["online", "written"])
        consultation = make(officer, publish=False)  # online and written: allowed
        with translation.override("en"), pytest.raises(ValidationError) as error:
            services.update_consultation(consultation=consultation, actor=officer.user,
                                         forms=["online", "focus_group"])
        consultation.refresh_from_db()
    assert error.value.message_dict["forms"] == [
        "The municipality's consultation rules do not provide for: focus group."]
    assert consultation.forms == ["online", "written"]
