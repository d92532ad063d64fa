from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from consultations import services
from consultations.models import Comment, Follow
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

from .test_services import make

pytestmark = pytest.mark.django_db


def url(name, consultation, **kwargs):
    return reverse(f"consultations:{name}", kwargs={"municipality_slug": consultation.municipality.slug,
                                                    "pk": consultation.pk, **kwargs})


@pytest.fixture
def member_client(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    client.cookies["django_language"] = "en"
    client.member = membership.user
    client.organization = membership.organization
    return client


def test_commenting_needs_an_account(client, officer):
    consultation = make(officer)
    response = client.get(url("comment_create", consultation))
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")


def test_a_paragraph_comment_on_behalf_of_an_organization(member_client, officer):
    consultation = make(officer)
    with scopes_disabled():
        paragraph = services.current_version(consultation).paragraphs.get(order=2)
    page = member_client.get(url("comment_create", consultation) + f"?akapit={paragraph.pk}").content.decode()
    assert "<blockquote>§ 2. Ilekroć w programie" in page
    assert f'<option value="{paragraph.pk}" selected>' in page
    assert member_client.organization.name in page
    response = member_client.post(url("comment_create", consultation), {
        "paragraph": paragraph.pk, "organization": member_client.organization.pk,
        "proposed_wording": "Ilekroć w programie jest mowa o ustawie…", "justification": "Doprecyzowanie.",
    })
    with scopes_disabled():
        comment = Comment.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{comment.pk}")
    assert (comment.paragraph, comment.organization, comment.author) == (
        paragraph, member_client.organization, member_client.member)


def test_another_organization_cannot_be_chosen(member_client, officer):
    consultation = make(officer)
    response = member_client.post(url("comment_create", consultation), {
        "organization": OrganizationFactory().pk, "justification": "Podszywam się.",
    })
    assert response.status_code == 200 and 'id="id_organization_error"' in response.content.decode()
    with scopes_disabled():
        assert not Comment.objects.exists()


def test_a_comment_without_justification_is_refused_next_to_the_field(member_client, officer):
    consultation = make(officer)
    response = member_client.post(url("comment_create", consultation), {"proposed_wording": "Coś"})
    assert 'id="id_justification_error"' in response.content.decode()


def test_comments_after_the_close_are_refused(member_client, officer, monkeypatch):
    consultation = make(officer)
    later = consultation.closes_at + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = member_client.post(url("comment_create", consultation), {"justification": "Za późno."})
    assert response.status_code == 302 and response["Location"] == url("detail", consultation)
    with scopes_disabled():
        assert not Comment.objects.exists()


def test_a_draft_cannot_be_commented(member_client, officer):
    consultation = make(officer, publish=False)
    assert member_client.get(url("comment_create", consultation)).status_code == 404


def test_only_the_author_edits_and_only_while_open(member_client, client, officer):
    consultation = make(officer)
    with scopes_disabled():
        comment = services.add_comment(consultation=consultation, author=member_client.member, justification="Pierwsza.")
    edit = url("comment_edit", consultation, comment_id=comment.pk)
    assert member_client.post(edit, {"justification": "Druga.", "proposed_wording": ""}).status_code == 302
    with scopes_disabled():
        comment.refresh_from_db()
    assert comment.justification == "Druga."
    client.force_login(UserFactory())
    assert client.get(edit).status_code == 404


def test_follow_and_unfollow(member_client, officer):
    consultation = make(officer)
    assert member_client.get(url("follow", consultation)).status_code == 405
    member_client.post(url("follow", consultation))
    with scopes_disabled():
        assert Follow.objects.filter(consultation=consultation, user=member_client.member).exists()
    member_client.post(url("follow", consultation))
    with scopes_disabled():
        assert not Follow.objects.exists()


def test_officer_publishes_the_report_and_everyone_reads_it(client, officer, monkeypatch,
                                                            django_capture_on_commit_callbacks):
    consultation = make(officer)
    staff = type(client)()
    staff.force_login(officer.user)
    staff.cookies["django_language"] = "en"
    later = consultation.closes_at + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    form = staff.get(url("report_publish", consultation)).content.decode()
    assert "<h1>" in form and 'name="summary"' in form
    empty = staff.post(url("report_publish", consultation), {"summary": "", "correction_note": ""})
    assert 'id="id_summary_error"' in empty.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(url("report_publish", consultation), {"summary": "Nie zgłoszono uwag.",
                                                                    "correction_note": ""})
    assert response.status_code == 302
    client.cookies["django_language"] = "en"
    page = client.get(url("report", consultation)).content.decode()
    assert "Nie zgłoszono uwag." in page and "§ 1. Program określa" in page  # summary and the final version
    pdf = client.get(url("report_pdf", consultation, number=1))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    detail = client.get(url("detail", consultation)).content.decode()
    assert url("report", consultation) in detail
