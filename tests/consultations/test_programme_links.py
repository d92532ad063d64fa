"""Loose ends of the cooperation programme: linking a consultation made in the consultations panel to a draft
(the officer's page, the service's rules), preparing a failed programme or report PDF again, and the public
consultation page naming the programme it consults."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled

from consultations import services as consultation_services
from consultations.enums import Subject
from consultations.programmes import selectors, services
from consultations.programmes.enums import ProgrammeReportStatus, ProgrammeStatus
from consultations.programmes.models import Programme, ProgrammeReport
from cooperation.enums import RenderStatus
from cooperation.exceptions import TransitionNotAllowed
from cooperation.models import AuditEntry
from tests.factories import OfficerFactory, UserFactory

from .test_programmes_services import make_programme
from .test_programmes_views import _reference_data, client_for, messages_of, url  # noqa: F401 - a fixture among them

pytestmark = pytest.mark.django_db


def consultation(officer, title="Projekt programu współpracy na 2027 rok", subject=Subject.COOPERATION_PROGRAMME,
                 publish=True):
    now = timezone.now()
    with scopes_disabled():
        item = consultation_services.create_consultation(
            municipality=officer.municipality, actor=officer.user, title=title, subject=subject, addressees="ngos",
            forms=["online"], opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=13),
            contact_person="Oskar Pełnomocnik", contact_email="ngo@gmina.example.pl",
            source="§ 1. Gmina współpracuje z organizacjami.\n",
        )
        if publish:
            consultation_services.publish_consultation(consultation=item, actor=officer.user)
    return item


def programme_with_status(officer, status, year=2027, **fields):
    with scopes_disabled():
        return Programme.objects.create(municipality=officer.municipality, first_year=year, last_year=year,
                                        status=status, title=f"Program współpracy na {year} rok", **fields)


def audit_actions(officer) -> list[str]:
    with scopes_disabled():
        return list(AuditEntry.objects.filter(municipality=officer.municipality).values_list("action", flat=True))


# --- (a) Linking a consultation -----------------------------------------------------------------------------


def test_linkable_consultations_are_this_municipalitys_programme_consultations_no_live_programme_links(officer):
    draft = make_programme(officer, complete=False)
    free = consultation(officer, title="Wolna konsultacja")
    unpublished = consultation(officer, title="Konsultacja w przygotowaniu", publish=False)
    consultation(officer, title="Uchwała o targowiskach", subject=Subject.LOCAL_LAW)
    taken = consultation(officer, title="Konsultacja innego programu")
    given_up = consultation(officer, title="Konsultacja wycofanego szkicu")
    programme_with_status(officer, ProgrammeStatus.IN_CONSULTATION, year=2030, consultation=taken)
    programme_with_status(officer, ProgrammeStatus.WITHDRAWN, year=2031, consultation=given_up)
    consultation(OfficerFactory(), title="Konsultacja sąsiedniej gminy")
    with scopes_disabled():
        found = {item.title for item in selectors.linkable_consultations(draft)}
    assert found == {free.title, unpublished.title, given_up.title}


def test_a_consultation_another_live_programme_links_is_refused(officer):
    draft = make_programme(officer, complete=False)
    taken = consultation(officer)
    other = programme_with_status(officer, ProgrammeStatus.ADOPTED, year=2030, consultation=taken)
    with scopes_disabled(), translation.override("en"), pytest.raises(ValidationError) as error:
        services.link_consultation(programme=draft, actor=officer.user, consultation=taken)
    assert error.value.messages == ["The consultation is already linked to another programme."]
    with scopes_disabled():
        Programme.objects.filter(pk=other.pk).update(status=ProgrammeStatus.WITHDRAWN)
        services.link_consultation(programme=draft, actor=officer.user, consultation=taken)
        draft.refresh_from_db()
    assert (draft.status, draft.consultation_id) == (ProgrammeStatus.IN_CONSULTATION, taken.pk)


def test_the_officer_links_a_consultation_on_the_programmes_page(officer):
    draft = make_programme(officer, complete=False)
    chosen = consultation(officer, title="Konsultacja projektu programu")
    consultation(officer, title="Uchwała o targowiskach", subject=Subject.LOCAL_LAW)
    client = client_for(officer.user)
    admin_page = client.get(url("admin", officer.municipality, pk=draft.pk)).content.decode()
    assert url("consultation_link", officer.municipality, pk=draft.pk) in admin_page
    response = client.get(url("consultation_link", officer.municipality, pk=draft.pk))
    assert response.status_code == 200
    assert [c.pk for c in response.context["form"].fields["consultation"].queryset] == [chosen.pk]
    assert "Konsultacja projektu programu (published," in response.content.decode()
    response = client.post(url("consultation_link", officer.municipality, pk=draft.pk),
                           {"consultation": chosen.pk}, follow=True)
    assert response.redirect_chain[-1][0] == url("admin", officer.municipality, pk=draft.pk)
    assert messages_of(response) == ["The consultation is linked: the draft programme is in consultation."]
    with scopes_disabled():
        draft.refresh_from_db()
    assert (draft.status, draft.consultation_id) == (ProgrammeStatus.IN_CONSULTATION, chosen.pk)
    assert "consultations.programme.sent_to_consultation" in audit_actions(officer)


def test_a_consultation_outside_the_choice_is_not_linked(officer):
    draft = make_programme(officer, complete=False)
    taken = consultation(officer)
    programme_with_status(officer, ProgrammeStatus.IN_CONSULTATION, year=2030, consultation=taken)
    other_municipalitys = consultation(OfficerFactory())
    client = client_for(officer.user)
    for item in (taken, other_municipalitys):
        response = client.post(url("consultation_link", officer.municipality, pk=draft.pk),
                               {"consultation": item.pk})
        assert response.status_code == 200
        assert "consultation" in response.context["form"].errors
    with scopes_disabled():
        draft.refresh_from_db()
    assert (draft.status, draft.consultation_id) == (ProgrammeStatus.DRAFT, None)


def test_linking_is_refused_once_the_programme_is_past_the_draft(officer):
    chosen = consultation(officer)
    client = client_for(officer.user)
    for status in (ProgrammeStatus.IN_CONSULTATION, ProgrammeStatus.ADOPTED, ProgrammeStatus.PUBLISHED,
                   ProgrammeStatus.WITHDRAWN):
        programme = programme_with_status(officer, status, year=2040 + len(status))
        for response in (client.get(url("consultation_link", officer.municipality, pk=programme.pk), follow=True),
                         client.post(url("consultation_link", officer.municipality, pk=programme.pk),
                                     {"consultation": chosen.pk}, follow=True)):
            assert response.redirect_chain[-1][0] == url("admin", officer.municipality, pk=programme.pk)
            assert messages_of(response) == ["Only a draft programme is sent to consultation."]
        with scopes_disabled():
            programme.refresh_from_db()
        assert (programme.status, programme.consultation_id) == (status, None)
    admin_page = client.get(url("admin", officer.municipality, pk=programme.pk)).content.decode()
    assert url("consultation_link", officer.municipality, pk=programme.pk) not in admin_page


def test_the_link_page_is_refused_to_a_resident_and_another_municipalitys_officer(officer):
    draft = make_programme(officer, complete=False)
    chosen = consultation(officer)
    for user in (UserFactory(), OfficerFactory().user):
        client = client_for(user)
        assert client.get(url("consultation_link", officer.municipality, pk=draft.pk)).status_code == 403
        assert client.post(url("consultation_link", officer.municipality, pk=draft.pk),
                           {"consultation": chosen.pk}).status_code == 403
    with scopes_disabled():
        draft.refresh_from_db()
    assert draft.status == ProgrammeStatus.DRAFT


def test_the_link_page_says_when_there_is_nothing_to_link(officer):
    draft = make_programme(officer, complete=False)
    response = client_for(officer.user).get(url("consultation_link", officer.municipality, pk=draft.pk))
    html = response.content.decode()
    assert "There is no consultation to link" in html
    assert 'name="consultation"' not in html


# --- (b) Preparing a failed PDF again ---------------------------------------------------------------------


def failed_programme(officer):
    return programme_with_status(officer, ProgrammeStatus.PUBLISHED, pdf_status=RenderStatus.FAILED,
                                 pdf_error="WeasyPrint: font not found", goals="Partnerstwo.",
                                 resolution_number="Uchwała nr XX/1/2026")


def failed_report(officer):
    with scopes_disabled():
        return ProgrammeReport.objects.create(municipality=officer.municipality, year=2025,
                                              status=ProgrammeReportStatus.PUBLISHED, summary="Rok współpracy.",
                                              pdf_status=RenderStatus.FAILED, pdf_error="Timeout")


def test_a_failed_programme_pdf_is_prepared_again_from_the_officers_page(officer, django_capture_on_commit_callbacks):
    programme = failed_programme(officer)
    client = client_for(officer.user)
    page = client.get(url("admin", officer.municipality, pk=programme.pk)).content.decode()
    retry = url("pdf_retry", officer.municipality, pk=programme.pk)
    assert f'action="{retry}"' in page and "WeasyPrint: font not found" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry, follow=True)
    assert messages_of(response) == ["The PDF will be prepared again."]
    with scopes_disabled():
        programme.refresh_from_db()
    assert (programme.pdf_status, programme.pdf_error) == (RenderStatus.READY, "")
    assert programme.pdf.read(5) == b"%PDF-"
    assert "consultations.programme.pdf_retried" in audit_actions(officer)
    page = client.get(url("admin", officer.municipality, pk=programme.pk)).content.decode()
    assert f'action="{retry}"' not in page
    assert url("pdf", officer.municipality, pk=programme.pk) in page


def test_the_programme_pdf_retry_is_refused_when_ready_or_unpublished(officer):
    ready = programme_with_status(officer, ProgrammeStatus.PUBLISHED, pdf_status=RenderStatus.READY)
    draft = programme_with_status(officer, ProgrammeStatus.DRAFT, year=2030, pdf_status=RenderStatus.FAILED)
    with scopes_disabled(), translation.override("en"):
        with pytest.raises(TransitionNotAllowed) as error:
            services.retry_programme_render(programme=ready, actor=officer.user)
        assert error.value.message == "The PDF is already ready."
        with pytest.raises(TransitionNotAllowed) as error:
            services.retry_programme_render(programme=draft, actor=officer.user)
        assert error.value.message == "Only a published programme has a PDF."
    response = client_for(officer.user).post(url("pdf_retry", officer.municipality, pk=ready.pk), follow=True)
    assert messages_of(response) == ["The PDF is already ready."]
    assert "consultations.programme.pdf_retried" not in audit_actions(officer)


def test_the_programme_pdf_retry_is_refused_to_a_resident_and_is_post_only(officer):
    programme = failed_programme(officer)
    assert client_for(UserFactory()).post(url("pdf_retry", officer.municipality, pk=programme.pk)).status_code == 403
    assert client_for(officer.user).get(url("pdf_retry", officer.municipality, pk=programme.pk)).status_code == 405
    with scopes_disabled():
        programme.refresh_from_db()
    assert programme.pdf_status == RenderStatus.FAILED


def test_a_failed_report_pdf_is_prepared_again_from_the_officers_page(officer, django_capture_on_commit_callbacks):
    report = failed_report(officer)
    client = client_for(officer.user)
    page = client.get(url("report_edit", officer.municipality, pk=report.pk)).content.decode()
    retry = url("report_pdf_retry", officer.municipality, pk=report.pk)
    assert f'action="{retry}"' in page and "Timeout" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry, follow=True)
    assert response.redirect_chain[-1][0] == url("report_edit", officer.municipality, pk=report.pk)
    assert messages_of(response) == ["The PDF will be prepared again."]
    with scopes_disabled():
        report.refresh_from_db()
    assert report.pdf_status == RenderStatus.READY
    assert "consultations.programme_report.pdf_retried" in audit_actions(officer)
    assert client_for(UserFactory()).post(retry).status_code == 403


def test_a_draft_reports_pdf_is_not_retried(officer):
    with scopes_disabled():
        draft = ProgrammeReport.objects.create(municipality=officer.municipality, year=2024, summary="Szkic.",
                                               pdf_status=RenderStatus.FAILED)
    response = client_for(officer.user).post(url("report_pdf_retry", officer.municipality, pk=draft.pk), follow=True)
    assert messages_of(response) == ["Only a published report has a PDF."]
    with scopes_disabled():
        draft.refresh_from_db()
    assert draft.pdf_status == RenderStatus.FAILED


# --- (c) The public consultation page names its programme -------------------------------------------------


def render_box(consultation_item, *, can_manage=False) -> tuple[str, int]:
    municipality = consultation_item.municipality
    with translation.override("en"), scope(municipality=municipality), CaptureQueriesContext(connection) as queries:
        html = render_to_string("consultations/programmes/_consultation_programme.html", {
            "consultation": consultation_item, "municipality": municipality, "can_manage": can_manage})
    return " ".join(html.split()), len(queries)


def test_a_published_programme_is_linked_from_its_consultation(officer):
    item = consultation(officer)
    programme = programme_with_status(officer, ProgrammeStatus.PUBLISHED, consultation=item)
    html, queries = render_box(item)
    detail = url("detail", officer.municipality, pk=programme.pk)
    assert html == ('<p class="consultation-programme">This consultation concerns the cooperation programme '
                    f'<a href="{detail}">Program współpracy na 2027 rok</a>.</p>')
    assert queries == 1


def test_a_draft_programme_is_named_for_visitors_and_linked_for_officers(officer):
    item = consultation(officer)
    programme = programme_with_status(officer, ProgrammeStatus.IN_CONSULTATION, consultation=item)
    html, _queries = render_box(item)
    assert url("admin", officer.municipality, pk=programme.pk) not in html
    assert url("detail", officer.municipality, pk=programme.pk) not in html
    assert "2027" in html and f'href="{url("list", officer.municipality)}"' in html
    html, _queries = render_box(item, can_manage=True)
    assert f'href="{url("admin", officer.municipality, pk=programme.pk)}"' in html


def test_nothing_is_said_without_a_programme_or_for_another_subject_or_a_withdrawn_draft(officer):
    item = consultation(officer)
    assert render_box(item) == ("", 1)
    programme_with_status(officer, ProgrammeStatus.WITHDRAWN, consultation=item)
    assert render_box(item) == ("", 1)
    local_law = consultation(officer, title="Uchwała o targowiskach", subject=Subject.LOCAL_LAW)
    assert render_box(local_law) == ("", 0)


def test_the_public_consultation_page_links_its_programme(officer):
    """Needs the one-line include in templates/consultations/public/consultation_detail.html."""
    item = consultation(officer)
    programme = programme_with_status(officer, ProgrammeStatus.PUBLISHED, consultation=item)
    page = client_for().get(reverse("consultations:detail", kwargs={"municipality_slug": officer.municipality.slug,
                                                                    "pk": item.pk}))
    assert page.status_code == 200
    detail = url("detail", officer.municipality, pk=programme.pk)
    assert (f'This consultation concerns the cooperation programme <a href="{detail}">Program współpracy na 2027 '
            'rok</a>.') in page.content.decode()
