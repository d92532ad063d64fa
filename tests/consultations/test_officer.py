"""The officer's pages of consultations: creating, editing, versions, attachments, publishing, answers,
comments received on paper and the letter list; every page refused to residents and other municipalities."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from consultations import services
from consultations.enums import CommentChannel, ConsultationStatus, Decision
from consultations.models import Attachment, Comment, Consultation, ConsultationRules
from cooperation.enums import OrganizationLinkStatus
from cooperation.models import AuditEntry
from tests.factories import OfficerFactory, OrganizationMunicipalityFactory, UserFactory

from .test_documents import DRAFT
from .test_services import make

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
OFFICER_URLS = ["admin", "edit", "version_create", "attachment_create", "publish", "comment_answers",
                "comment_enter", "letter_list"]


@pytest.fixture
def officer():
    return OfficerFactory()


@pytest.fixture
def staff(officer):
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(officer.user)
    return client


def url(name, consultation=None, municipality=None, **kwargs):
    municipality = municipality or consultation.municipality
    if consultation is not None:
        kwargs.setdefault("pk", consultation.pk)
    return reverse(f"consultations:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


def local(value):
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def next_weekday(weekday, after_days=10):
    """A day at noon, at least `after_days` from now, falling on `weekday` (0 = Monday)."""
    day = timezone.localtime() + timedelta(days=after_days)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return day.replace(hour=12, minute=0, second=0, microsecond=0)


def create_data(**overrides):
    now = timezone.localtime()
    data = {
        "title": "Program współpracy 2027", "subject": "cooperation_programme", "legal_basis": "art. 5a ustawy",
        "addressees": "ngos", "forms": ["online", "written"],
        "opens_at": local(now + timedelta(hours=1)),
        "closes_at": local(next_weekday(2)),  # a Wednesday
        "contact_person": "Oskar Pełnomocnik", "contact_email": "ngo@gmina.example.pl", "contact_phone": "",
        "source": DRAFT, "version_kind": "draft",
    }
    data.update(overrides)
    return data


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


# --- Access --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "resident", "other_officer"])
def test_officer_pages_are_refused_to_everyone_but_the_municipalitys_officers(officer, who):
    consultation = make(officer, publish=False)
    client = Client()
    if who == "resident":
        client.force_login(UserFactory())
    elif who == "other_officer":
        client.force_login(OfficerFactory().user)
    pages = [url("admin_list", municipality=officer.municipality), url("create", municipality=officer.municipality)]
    pages += [url(name, consultation) for name in OFFICER_URLS]
    for page in pages:
        for method in (client.get, client.post):
            response = method(page)
            if who == "anonymous":
                assert response.status_code == 302 and response["Location"].startswith("/konto/login/"), page
            else:
                assert response.status_code == 403, page
    with scopes_disabled():
        assert Consultation.objects.get().status == ConsultationStatus.DRAFT


def test_another_municipalitys_consultation_is_not_found(officer):
    consultation = make(officer, publish=False)
    other = OfficerFactory()
    client = Client()
    client.force_login(other.user)
    for name in OFFICER_URLS:
        assert client.get(url(name, consultation, municipality=other.municipality)).status_code == 404, name
    assert client.post(url("publish", consultation, municipality=other.municipality)).status_code == 404


# --- List ----------------------------------------------------------------------------------------------------


def test_the_list_shows_drafts_with_comment_counts_at_a_constant_query_count(staff, officer):
    published = make(officer)
    with scopes_disabled():
        services.add_comment(consultation=published, author=UserFactory(), justification="Pierwsza uwaga.")
        services.add_comment(consultation=published, author=UserFactory(), justification="Druga uwaga.")
    draft = make(officer, publish=False)
    with scopes_disabled():
        Consultation.objects.filter(pk=draft.pk).update(title="Strategia rozwoju – szkic")
    foreign = make(OfficerFactory(), publish=False)
    with scopes_disabled():
        Consultation.objects.filter(pk=foreign.pk).update(title="Cudzy projekt")

    with CaptureQueriesContext(connection) as few:
        response = staff.get(url("admin_list", municipality=officer.municipality))
    body = response.content.decode()
    assert "Strategia rozwoju – szkic" in body and "Cudzy projekt" not in body
    rows = {c.pk: (c.comment_count, c.unanswered_count, c.status) for c in response.context["consultations"]}
    assert rows == {published.pk: (2, 2, "published"), draft.pk: (0, 0, "draft")}
    assert url("create", municipality=officer.municipality) in body

    for _ in range(5):
        extra = make(officer)
        with scopes_disabled():
            services.add_comment(consultation=extra, author=UserFactory(), justification="Uwaga.")
    with CaptureQueriesContext(connection) as many:
        response = staff.get(url("admin_list", municipality=officer.municipality))
    assert len(response.context["consultations"]) == 7
    assert len(many) == len(few)


# --- Create and edit -----------------------------------------------------------------------------------------


def test_officer_creates_a_draft_with_its_document(staff, officer):
    response = staff.post(url("create", municipality=officer.municipality), create_data())
    with scopes_disabled():
        consultation = Consultation.objects.get()
        assert consultation.status == ConsultationStatus.DRAFT
        assert consultation.forms == ["online", "written"]
        assert consultation.municipality == officer.municipality and consultation.created_by == officer.user
        version = consultation.versions.get()
        assert (version.number, version.kind, version.paragraphs.count()) == (1, "draft", 5)
    assert response.status_code == 302 and response["Location"] == url("admin", consultation)
    page = staff.get(response["Location"])
    body = page.content.decode()
    assert "Program współpracy 2027" in body
    assert url("version", consultation, number=1) in body
    assert url("publish", consultation) in body and url("edit", consultation) in body


def test_a_period_shorter_than_the_minimum_is_an_error_next_to_closes_at_and_nothing_is_saved(staff, officer):
    with scopes_disabled():
        ConsultationRules.objects.create(municipality=officer.municipality, min_days=21)
    now = timezone.localtime()
    response = staff.post(url("create", municipality=officer.municipality),
                          create_data(opens_at=local(now + timedelta(hours=1)),
                                      closes_at=local(now + timedelta(days=20))))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_closes_at_error"' in body
    assert "at least 21 days" in body
    assert 'value="Program współpracy 2027"' in body  # what was typed stays
    assert "art. 5a ustawy" in body
    with scopes_disabled():
        assert not Consultation.objects.exists()


def test_a_close_on_a_weekend_is_a_warning_not_an_error(staff, officer):
    response = staff.post(url("create", municipality=officer.municipality),
                          create_data(closes_at=local(next_weekday(6))), follow=True)
    with scopes_disabled():
        assert Consultation.objects.count() == 1
    assert "The consultation closes on a weekend." in messages_of(response)
    assert "The consultation closes on a weekend." in response.content.decode()  # also on the overview


def test_a_binary_markdown_upload_is_rejected_next_to_the_field(staff, officer):
    data = create_data(source="")
    data["source_file"] = SimpleUploadedFile("projekt.md", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x89\xfe",
                                             content_type="text/markdown")
    response = staff.post(url("create", municipality=officer.municipality), data)
    body = response.content.decode()
    assert response.status_code == 200 and 'id="id_source_file_error"' in body
    assert "not UTF-8 text" in body
    with scopes_disabled():
        assert not Consultation.objects.exists()


def test_a_utf8_markdown_upload_becomes_the_first_version(staff, officer):
    data = create_data(source="")
    data["source_file"] = SimpleUploadedFile("projekt.md", DRAFT.encode("utf-8"), content_type="text/markdown")
    staff.post(url("create", municipality=officer.municipality), data)
    with scopes_disabled():
        version = Consultation.objects.get().versions.get()
        assert version.source == DRAFT and version.paragraphs.count() == 5


def test_officer_edits_a_draft_and_the_period_is_checked_again(staff, officer):
    consultation = make(officer, publish=False)
    edit = url("edit", consultation)
    page = staff.get(edit)
    assert 'value="Program współpracy na 2027 rok"' in page.content.decode()
    data = create_data(title="Program współpracy na 2027 rok (poprawiony)")
    del data["source"], data["version_kind"]
    response = staff.post(edit, data)
    assert response.status_code == 302 and response["Location"] == url("admin", consultation)
    with scopes_disabled():
        consultation.refresh_from_db()
        assert consultation.title == "Program współpracy na 2027 rok (poprawiony)"
        assert AuditEntry.objects.filter(action="consultations.consultation.updated").count() == 1

    now = timezone.localtime()
    too_short = {**data, "title": "Za krótko", "closes_at": local(now + timedelta(days=3))}
    response = staff.post(edit, too_short)
    assert response.status_code == 200 and 'id="id_closes_at_error"' in response.content.decode()
    with scopes_disabled():
        consultation.refresh_from_db()
        assert consultation.title == "Program współpracy na 2027 rok (poprawiony)"


def test_a_published_consultation_cannot_be_edited(staff, officer):
    consultation = make(officer)
    response = staff.get(url("edit", consultation), follow=True)
    assert response.redirect_chain[-1][0] == url("admin", consultation)
    assert any("Only a draft consultation can be edited" in m for m in messages_of(response))
    data = create_data(title="Zmiana po publikacji")
    del data["source"], data["version_kind"]
    staff.post(url("edit", consultation), data)
    with scopes_disabled():
        consultation.refresh_from_db()
        assert consultation.title == "Program współpracy na 2027 rok"


# --- Versions, attachments, publishing -----------------------------------------------------------------------


def test_officer_adds_a_version_with_a_note(staff, officer):
    consultation = make(officer)
    response = staff.post(url("version_create", consultation),
                          {"source": DRAFT.replace("Celem głównym", "Głównym celem"), "version_kind": "final",
                           "note": "Szyk zdania"}, follow=True)
    with scopes_disabled():
        assert [(v.number, v.kind, v.note) for v in consultation.versions.all()] == [
            (1, "draft", ""), (2, "final", "Szyk zdania")]
    body = response.content.decode()
    assert "Version 2 is saved with 5 paragraphs." in body
    assert url("version_diff", consultation, number=2) in body


def test_a_version_needs_a_document(staff, officer):
    consultation = make(officer)
    response = staff.post(url("version_create", consultation), {"source": "", "version_kind": "draft"})
    assert 'id="id_source_error"' in response.content.decode()
    with scopes_disabled():
        assert consultation.versions.count() == 1


def test_a_png_attachment_is_rejected_and_a_pdf_is_accepted(staff, officer):
    consultation = make(officer, publish=False)
    response = staff.post(url("attachment_create", consultation),
                          {"title": "Mapa", "file": SimpleUploadedFile("mapa.pdf", PNG, content_type="application/pdf")})
    body = response.content.decode()
    assert response.status_code == 200 and 'id="id_file_error"' in body
    assert "Upload a PDF, DOCX or ODT document." in body
    with scopes_disabled():
        assert not Attachment.objects.exists()

    response = staff.post(url("attachment_create", consultation),
                          {"title": "Uzasadnienie", "file": SimpleUploadedFile("uzasadnienie.pdf", PDF,
                                                                                content_type="application/pdf")})
    assert response.status_code == 302 and response["Location"] == url("admin", consultation)
    with scopes_disabled():
        attachment = Attachment.objects.get()
        assert (attachment.consultation, attachment.title, attachment.kind) == (consultation, "Uzasadnienie", "pdf")
        assert attachment.file.read() == PDF
        attachment.file.delete(save=False)
    assert "Uzasadnienie" in staff.get(url("admin", consultation)).content.decode()


def test_publish_happens_once_then_says_already(staff, officer):
    consultation = make(officer, publish=False)
    assert staff.get(url("publish", consultation)).status_code == 405
    response = staff.post(url("publish", consultation), follow=True)
    assert "The consultation is published." in messages_of(response)
    with scopes_disabled():
        consultation.refresh_from_db()
        assert consultation.status == ConsultationStatus.PUBLISHED and consultation.published_at is not None
        published_at = consultation.published_at
    response = staff.post(url("publish", consultation), follow=True)
    assert "This consultation is already published." in messages_of(response)
    with scopes_disabled():
        consultation.refresh_from_db()
        assert consultation.published_at == published_at
        assert AuditEntry.objects.filter(action="consultations.consultation.published").count() == 1


# --- Comments ------------------------------------------------------------------------------------------------


def test_answers_are_refused_before_the_close_and_saved_after_it(staff, officer, monkeypatch):
    consultation = make(officer)
    with scopes_disabled():
        comment = services.add_comment(consultation=consultation, author=UserFactory(),
                                       justification="Prosimy o dłuższy termin.", proposed_wording="30 dni")
    answers = url("comment_answers", consultation)
    page = staff.get(answers).content.decode()
    assert "Prosimy o dłuższy termin." in page and "30 dni" in page
    assert "Comments are answered after the consultation closes" in page
    assert "1 still without an answer." in page

    post = {"comment": comment.pk, f"c{comment.pk}-decision": Decision.ACCEPTED, f"c{comment.pk}-answer": "Tak."}
    response = staff.post(answers, post, follow=True)
    assert "Comments are answered after the consultation closes." in messages_of(response)
    with scopes_disabled():
        comment.refresh_from_db()
        assert comment.answered_at is None

    later = consultation.closes_at + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = staff.post(answers, {**post, f"c{comment.pk}-answer": ""})
    assert response.status_code == 200 and f'id="id_c{comment.pk}-answer_error"' in response.content.decode()
    response = staff.post(answers, {**post, f"c{comment.pk}-answer": "Termin wydłużono do 30 dni."})
    assert response.status_code == 302 and response["Location"] == f"{answers}#comment-{comment.pk}"
    with scopes_disabled():
        comment.refresh_from_db()
        assert (comment.decision, comment.answer, comment.answered_by) == (
            Decision.ACCEPTED, "Termin wydłużono do 30 dni.", officer.user)
    assert "0 still without an answer." in staff.get(answers).content.decode()


def test_answers_page_a_page_at_a_time_keeps_numbers_filter_and_page(staff, officer, monkeypatch):
    consultation = make(officer)
    with scopes_disabled():
        comments = [services.add_comment(consultation=consultation, author=UserFactory(),
                                         justification=f"Uwaga numer {n}.") for n in range(1, 28)]
    monkeypatch.setattr(timezone, "now", lambda: consultation.closes_at + timedelta(minutes=1))
    answers = url("comment_answers", consultation)
    first = staff.get(answers).content.decode()
    assert "27 comments" in first and "Page 1 of 2" in first and first.count('name="comment"') == 25
    second = staff.get(answers + "?strona=2").content.decode()
    assert second.count('name="comment"') == 2 and "Comment 26 from" in second and "Uwaga numer 27." in second

    last = comments[-1]
    post = {"comment": last.pk, f"c{last.pk}-decision": Decision.REJECTED, f"c{last.pk}-answer": "Nie."}
    response = staff.post(answers + "?strona=2", post)
    assert response.status_code == 302 and response["Location"] == f"{answers}?strona=2#comment-{last.pk}"

    unanswered = staff.get(answers, {"show": "bez-odpowiedzi", "strona": "2"}).content.decode()
    assert "26 comments shown." in unanswered and unanswered.count('name="comment"') == 1
    assert "Uwaga numer 27." not in unanswered and "Comment 26 from" in unanswered
    answered = staff.get(answers, {"show": "z-odpowiedzia"}).content.decode()
    assert answered.count('name="comment"') == 1 and "Comment 27 from" in answered

    early = comments[0]  # an answer that fails on page 2 is shown there, with its error, not lost
    response = staff.post(answers + "?strona=2", {"comment": early.pk, f"c{early.pk}-decision": Decision.ACCEPTED,
                                                  f"c{early.pk}-answer": ""})
    body = response.content.decode()
    assert response.status_code == 200 and f'id="id_c{early.pk}-answer_error"' in body and "Comment 1 from" in body
    with scopes_disabled():
        early.refresh_from_db()
        assert early.answered_at is None
    assert staff.get(answers, {"show": "cokolwiek"}).content.decode().count('name="comment"') == 25


def test_a_comment_of_another_consultation_cannot_be_answered_here(staff, officer, monkeypatch):
    consultation, other = make(officer), make(officer)
    with scopes_disabled():
        foreign = services.add_comment(consultation=other, author=UserFactory(), justification="Uwaga.")
    monkeypatch.setattr(timezone, "now", lambda: consultation.closes_at + timedelta(minutes=1))
    response = staff.post(url("comment_answers", consultation),
                          {"comment": foreign.pk, f"c{foreign.pk}-decision": "accepted", f"c{foreign.pk}-answer": "X"},
                          follow=True)
    assert "Choose a comment of this consultation." in messages_of(response)
    with scopes_disabled():
        foreign.refresh_from_db()
        assert foreign.answered_at is None


def test_officer_enters_a_comment_received_by_post(staff, officer):
    consultation = make(officer)
    with scopes_disabled():
        paragraph = services.current_version(consultation).paragraphs.get(order=1)
    page = staff.get(url("comment_enter", consultation)).content.decode()
    assert "§ 1. – Program określa zasady współpracy Gminy z …" in page
    response = staff.post(url("comment_enter", consultation), {
        "channel": CommentChannel.POST, "author_name": "Koło Gospodyń Wiejskich w Żółkiewce",
        "paragraph": paragraph.pk, "proposed_wording": "§ 1. Program określa zasady i formy współpracy.",
        "justification": "List z 3 marca.",
    })
    assert response.status_code == 302 and response["Location"] == url("comment_answers", consultation)
    with scopes_disabled():
        comment = Comment.objects.get()
        assert (comment.channel, comment.author_name, comment.paragraph, comment.author) == (
            CommentChannel.POST, "Koło Gospodyń Wiejskich w Żółkiewce", paragraph, None)
    assert "Koło Gospodyń Wiejskich w Żółkiewce" in staff.get(response["Location"]).content.decode()


def test_entering_a_comment_for_a_draft_is_refused_with_a_message(staff, officer):
    consultation = make(officer, publish=False)
    response = staff.post(url("comment_enter", consultation), {
        "channel": CommentChannel.EMAIL, "author_name": "Jan Kowalski", "justification": "E-mail."})
    assert response.status_code == 200
    assert any("only for a published consultation" in m for m in messages_of(response))
    with scopes_disabled():
        assert not Comment.objects.exists()


# --- Letters -------------------------------------------------------------------------------------------------


def test_the_letter_list_shows_exactly_the_organizations_that_chose_post(staff, officer):
    consultation = make(officer)
    municipality = officer.municipality
    post = OrganizationMunicipalityFactory(municipality=municipality, organization__name="Fundacja Listowna",
                                           organization__wants_post=True, organization__street="ul. Pocztowa 7",
                                           organization__postal_code="75-900", organization__city="Koszalin")
    OrganizationMunicipalityFactory(municipality=municipality, organization__name="Stowarzyszenie Mailowe",
                                    organization__wants_post=False)
    OrganizationMunicipalityFactory(municipality=municipality, organization__name="Fundacja Oczekująca",
                                    organization__wants_post=True, status=OrganizationLinkStatus.PENDING)
    OrganizationMunicipalityFactory(organization__name="Fundacja Sąsiednia", organization__wants_post=True)
    response = staff.get(url("letter_list", consultation))
    body = response.content.decode()
    assert [o.pk for o in response.context["organizations"]] == [post.organization_id]
    assert "Fundacja Listowna" in body and "ul. Pocztowa 7" in body and "75-900 Koszalin" in body
    for absent in ("Stowarzyszenie Mailowe", "Fundacja Oczekująca", "Fundacja Sąsiednia"):
        assert absent not in body
    assert "Program współpracy na 2027 rok" in body
    assert timezone.localtime(consultation.closes_at).strftime("%Y-%m-%d %H:%M") in body
    assert body.count("<h1") == 1
