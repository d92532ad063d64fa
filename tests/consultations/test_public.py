"""The public side of consultations: list, detail with the document and comments, versions and diffs,
attachments, the calendar file, the search across municipalities, the Atom feed and open data."""

import csv
import io
import json
from datetime import UTC, timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from consultations import services
from consultations.enums import CommentChannel, ConsultationStatus, Decision, Subject
from consultations.models import Attachment, Comment, ConsultationRules, Meeting
from consultations.search import normalise, stem
from tests.factories import MembershipFactory, OfficerFactory, UserFactory

from .test_documents import DRAFT
from .test_services import make

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return OfficerFactory()


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


def url(name, consultation=None, **kwargs):
    if consultation is not None:
        kwargs.setdefault("municipality_slug", consultation.municipality.slug)
        kwargs.setdefault("pk", consultation.pk)
    return reverse(f"consultations:{name}", kwargs=kwargs)


def list_url(municipality):
    return reverse("consultations:list", kwargs={"municipality_slug": municipality.slug})


def titled(officer, title, *, subject=Subject.COOPERATION_PROGRAMME, publish=True, source=DRAFT, **kwargs):
    consultation = make(officer, publish=False, source=source, **kwargs)
    with scopes_disabled():
        consultation.title = title
        consultation.subject = subject
        consultation.save(update_fields=["title", "subject"])
        if publish:
            services.publish_consultation(consultation=consultation, actor=officer.user)
    return consultation


def comment(consultation, text="Proszę doprecyzować cel.", **fields):
    with scopes_disabled():
        return Comment.objects.create(consultation=consultation, justification=text, **fields)


# --- the municipality's list ---

def test_list_shows_published_consultations_with_state_and_dates(en, officer):
    open_one = titled(officer, "Program współpracy 2027")
    now = timezone.now()
    closed = titled(officer, "Strategia rozwoju", subject=Subject.STRATEGY,
                    opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=2))
    page = en.get(list_url(officer.municipality))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<h1>") == 1
    assert "Program współpracy 2027" in html and "Strategia rozwoju" in html
    assert "Open until" in html and "Closed" in html
    closes = timezone.localtime(open_one.closes_at)
    assert f'<time datetime="{closes.isoformat()}">' in html
    assert url("detail", closed) in html
    assert "cooperation programme with NGOs" in html


def test_list_filters_by_state_subject_and_words(en, officer):
    now = timezone.now()
    titled(officer, "Program współpracy 2027")
    titled(officer, "Strategia rozwoju", subject=Subject.STRATEGY,
           opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=2))
    base = list_url(officer.municipality)
    closed = en.get(base, {"state": "closed"}).content.decode()
    assert "Strategia rozwoju" in closed and "Program współpracy 2027" not in closed
    open_ = en.get(base, {"state": "open"}).content.decode()
    assert "Program współpracy 2027" in open_ and "Strategia rozwoju" not in open_
    strategy = en.get(base, {"subject": Subject.STRATEGY}).content.decode()
    assert "Strategia rozwoju" in strategy and "Program współpracy 2027" not in strategy
    words = en.get(base, {"q": "strategii"}).content.decode()
    assert "Strategia rozwoju" in words and "Program współpracy 2027" not in words


def test_list_hides_drafts_from_everyone_but_the_municipalitys_officers(client, officer):
    titled(officer, "Szkic tajnego programu", publish=False)
    titled(officer, "Jawny program")
    other_officer = OfficerFactory()
    viewers = {"anonymous": None, "resident": UserFactory(), "other officer": other_officer.user}
    for who, user in viewers.items():
        client.logout()
        if user:
            client.force_login(user)
        html = client.get(list_url(officer.municipality)).content.decode()
        assert "Jawny program" in html, who
        assert "Szkic tajnego programu" not in html, who
    client.force_login(officer.user)
    html = client.get(list_url(officer.municipality)).content.decode()
    assert "Szkic tajnego programu" in html and "Jawny program" in html


def test_list_shows_only_its_own_municipality(client, officer):
    titled(OfficerFactory(), "Program sąsiedniej gminy")
    titled(officer, "Program naszej gminy")
    html = client.get(list_url(officer.municipality)).content.decode()
    assert "Program naszej gminy" in html and "Program sąsiedniej gminy" not in html


# --- one consultation ---

def test_detail_shows_metadata_document_versions_attachments_and_links(en, officer):
    consultation = titled(officer, "Program współpracy 2027")
    with scopes_disabled():
        consultation.legal_basis = "art. 5a ustawy o działalności pożytku publicznego"
        consultation.save(update_fields=["legal_basis"])
        Meeting.objects.create(consultation=consultation, starts_at=timezone.now() + timedelta(days=3),
                               place="Sala sesyjna, ul. Rynek 1", description="Spotkanie otwarte")
        services.add_version(consultation=consultation, actor=officer.user, kind="draft",
                             source=DRAFT.replace("Celem głównym", "Głównym celem"), note="Szyk zdania")
        attachment = Attachment.objects.create(consultation=consultation, title="Uzasadnienie", kind="pdf",
                                               file=ContentFile(b"%PDF-1.4 test", name="uzasadnienie.pdf"))
        paragraphs = list(services.current_version(consultation).paragraphs.order_by("order"))
    page = en.get(url("detail", consultation))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<h1>") == 1
    for text in ("cooperation programme with NGOs", "art. 5a ustawy o działalności pożytku publicznego",
                 "NGOs and the public benefit council", "comments on the portal, comments by e-mail or post",
                 "Oskar Pełnomocnik", "ngo@gmina.example.pl", "Sala sesyjna, ul. Rynek 1",
                 "Rozdział 1. Przepisy ogólne", "Głównym celem jest budowanie partnerstwa", "Szyk zdania",
                 "Uzasadnienie"):
        assert text in html, text
    assert len(paragraphs) == 5
    for paragraph in paragraphs:
        assert f'<article id="p-{paragraph.order}"' in html
        assert f'{url("comment_create", consultation)}?akapit={paragraph.pk}"' in html
    assert "Comment on the whole document" in html
    assert url("version", consultation, number=1) in html and url("version", consultation, number=2) in html
    assert url("version_diff", consultation, number=2) in html
    assert url("version_diff", consultation, number=1) not in html
    assert url("attachment", consultation, attachment_id=attachment.pk) in html
    assert url("ics", consultation) in html
    assert url("follow", consultation) not in html  # only for logged-in users
    en.force_login(UserFactory())
    assert url("follow", consultation) in en.get(url("detail", consultation)).content.decode()


def test_detail_of_a_draft_is_404_except_for_the_municipalitys_officer(client, officer):
    draft = titled(officer, "Szkic programu", publish=False)
    for user in (None, UserFactory(), OfficerFactory().user):
        client.logout()
        if user:
            client.force_login(user)
        for name, kwargs in (("detail", {}), ("version", {"number": 1}), ("ics", {})):
            assert client.get(url(name, draft, **kwargs)).status_code == 404, (name, user)
    client.force_login(officer.user)
    page = client.get(url("detail", draft))
    assert page.status_code == 200 and "Szkic programu" in page.content.decode()


def test_detail_of_another_municipalitys_consultation_is_404(client, officer):
    other = titled(OfficerFactory(), "Cudzy program")
    wrong = reverse("consultations:detail", kwargs={"municipality_slug": officer.municipality.slug, "pk": other.pk})
    assert client.get(wrong).status_code == 404


def test_comments_are_hidden_before_the_close_except_from_their_author(client, officer):
    consultation = titled(officer, "Program współpracy 2027")
    author = UserFactory()
    comment(consultation, "Uwaga mieszkańca o celach", author=author)
    assert "Uwaga mieszkańca o celach" not in client.get(url("detail", consultation)).content.decode()
    client.force_login(UserFactory())
    assert "Uwaga mieszkańca o celach" not in client.get(url("detail", consultation)).content.decode()
    client.force_login(author)
    assert "Uwaga mieszkańca o celach" in client.get(url("detail", consultation)).content.decode()
    client.force_login(officer.user)
    assert "Uwaga mieszkańca o celach" in client.get(url("detail", consultation)).content.decode()


def test_comments_are_public_at_once_where_the_municipality_chose_so(client, officer):
    with scopes_disabled():
        ConsultationRules.objects.create(municipality=officer.municipality, comments_public_at_once=True)
    consultation = titled(officer, "Program współpracy 2027")
    comment(consultation, "Uwaga widoczna od razu", author=UserFactory())
    assert "Uwaga widoczna od razu" in client.get(url("detail", consultation)).content.decode()


def test_after_the_close_comments_show_signature_paragraph_wording_and_answer(en, officer):
    now = timezone.now()
    consultation = titled(officer, "Program współpracy 2027", opens_at=now - timedelta(days=20),
                          closes_at=now - timedelta(days=1))
    member = MembershipFactory(organization__name="Fundacja Zielony Koszalin")
    with scopes_disabled():
        paragraph = services.current_version(consultation).paragraphs.get(order=2)
    on_behalf = comment(consultation, "Definicja jest za wąska", author=member.user,
                        organization=member.organization, paragraph=paragraph,
                        proposed_wording="Ilekroć w programie jest mowa o organizacjach")
    with scopes_disabled():
        services.answer_comment(comment=on_behalf, actor=officer.user, decision=Decision.PARTLY,
                                answer="Doprecyzujemy definicję w § 2.")
    comment(consultation, "Uwaga z poczty", author_name="Jan Kowalski", channel=CommentChannel.POST)
    html = en.get(url("detail", consultation)).content.decode()
    for text in ("Fundacja Zielony Koszalin", "Definicja jest za wąska", "Ilekroć w programie jest mowa o organizacjach",
                 "on paragraph 2 § 2.", "partly accepted", "Doprecyzujemy definicję w § 2.", "Jan Kowalski",
                 "Uwaga z poczty", "on the whole document"):
        assert text in html, text
    # Closed: no comment links any more.
    assert url("comment_create", consultation) not in html


def _detail_queries(client, consultation):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("detail", consultation))
    assert response.status_code == 200
    return len(queries)


def test_detail_makes_the_same_number_of_queries_for_1_and_30_comments(client, officer):
    now = timezone.now()
    consultation = titled(officer, "Program współpracy 2027", opens_at=now - timedelta(days=20),
                          closes_at=now - timedelta(days=1))
    with scopes_disabled():
        paragraphs = list(services.current_version(consultation).paragraphs.all())
    member = MembershipFactory()
    comment(consultation, "Pierwsza", author=member.user, organization=member.organization, paragraph=paragraphs[0])
    client.force_login(UserFactory())
    one = _detail_queries(client, consultation)
    for n in range(29):
        other = MembershipFactory()
        comment(consultation, f"Uwaga {n}", author=other.user, organization=other.organization if n % 2 else None,
                paragraph=paragraphs[n % len(paragraphs)] if n % 3 else None)
    many = _detail_queries(client, consultation)
    assert one == many
    assert "Uwaga 28" in client.get(url("detail", consultation)).content.decode()


# --- versions and diffs ---

def test_version_page_and_word_diff_with_a_legend_in_words(en, officer):
    consultation = titled(officer, "Program współpracy 2027")
    with scopes_disabled():
        services.add_version(consultation=consultation, actor=officer.user, kind="final",
                             source=DRAFT.replace("budowanie partnerstwa", "wzmacnianie partnerstwa"),
                             note="Poprawka redakcyjna")
    first = en.get(url("version", consultation, number=1)).content.decode()
    assert "Celem głównym jest budowanie partnerstwa" in first and '<article id="p-5"' in first
    assert first.count("<h1>") == 1
    diff = en.get(url("version_diff", consultation, number=2))
    html = diff.content.decode()
    assert diff.status_code == 200
    assert '<del><span class="visually-hidden">removed: </span>budowanie</del>' in html
    assert '<ins><span class="visually-hidden">added: </span>wzmacnianie</ins>' in html
    assert "Legend" in html and "Poprawka redakcyjna" in html
    assert "Paragraphs changed: 1, added: 0, removed: 0, unchanged: 4." in html


def test_unknown_versions_and_the_first_versions_diff_are_404(client, officer):
    consultation = titled(officer, "Program współpracy 2027")
    assert client.get(url("version", consultation, number=2)).status_code == 404
    assert client.get(url("version_diff", consultation, number=1)).status_code == 404
    assert client.get(url("version_diff", consultation, number=7)).status_code == 404


# --- attachments ---

def test_attachment_is_served_as_a_download_with_nosniff_and_only_from_its_consultation(client, officer):
    consultation = titled(officer, "Program współpracy 2027")
    other = titled(officer, "Inny program")
    draft = titled(officer, "Szkic", publish=False)
    with scopes_disabled():
        attachment = Attachment.objects.create(consultation=consultation, title="Uzasadnienie", kind="pdf",
                                               file=ContentFile(b"%PDF-1.4 test", name="uzasadnienie.pdf"))
        hidden = Attachment.objects.create(consultation=draft, title="Robocze", kind="pdf",
                                           file=ContentFile(b"%PDF-1.4 draft", name="robocze.pdf"))
    response = client.get(url("attachment", consultation, attachment_id=attachment.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert client.get(url("attachment", other, attachment_id=attachment.pk)).status_code == 404
    assert client.get(url("attachment", draft, attachment_id=hidden.pk)).status_code == 404
    client.force_login(officer.user)
    assert client.get(url("attachment", draft, attachment_id=hidden.pk)).status_code == 200


# --- calendar ---

def test_ics_has_the_period_and_meetings_in_utc_with_crlf_and_escaping(client, officer):
    consultation = titled(officer, "Program; współpracy, 2027")
    with scopes_disabled():
        meeting = Meeting.objects.create(consultation=consultation, starts_at=timezone.now() + timedelta(days=3),
                                         place="Sala 1, Ratusz")
    response = client.get(url("ics", consultation))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    assert body.count("BEGIN:VEVENT") == 2
    unfolded = body.replace("\r\n ", "")
    assert f"DTSTART:{consultation.opens_at.astimezone(UTC):%Y%m%dT%H%M%S}Z" in unfolded
    assert f"DTEND:{consultation.closes_at.astimezone(UTC):%Y%m%dT%H%M%S}Z" in unfolded
    assert f"DTSTART:{meeting.starts_at.astimezone(UTC):%Y%m%dT%H%M%S}Z" in unfolded
    assert "Program\\; współpracy\\, 2027" in unfolded
    assert "LOCATION:Sala 1\\, Ratusz" in unfolded
    assert f"UID:consultation-{consultation.pk}@testserver" in unfolded
    assert "DTSTAMP:" in unfolded
    assert f"URL:http://testserver{url('detail', consultation)}" in unfolded
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


# --- search across municipalities ---

def search(client, **params):
    return client.get(reverse("consultations_portal:search"), params).content.decode()


def test_search_ignores_diacritics_and_copes_with_inflection(client, officer):
    titled(officer, "Program rozwoju żłobków")
    titled(officer, "Program rozwoju sportu")
    titled(officer, "Strategia transportu", source="# Cele\n\nBudowa ścieżek rowerowych dla dzieci.")
    html = search(client, q="zlobek")
    assert "Program rozwoju żłobków" in html
    assert "Program rozwoju sportu" not in html and "Strategia transportu" not in html
    # Words of the current version's text count too, any case and form.
    html = search(client, q="ŚCIEŻKA rowerowa")
    assert "Strategia transportu" in html and "Program rozwoju żłobków" not in html
    # Every word must match; a word matches at the start of a word only ("sport" is not "transportu").
    html = search(client, q="sport")
    assert "Program rozwoju sportu" in html and "Strategia transportu" not in html
    html = search(client, q="zlobek sport")
    assert "Program rozwoju" not in html
    assert "Program rozwoju żłobków" in search(client, q="Żłobki")


def test_search_follows_the_current_version_and_a_new_title(client, officer):
    consultation = titled(officer, "Program współpracy", source="# Cele\n\nRemont świetlicy wiejskiej.")
    assert "Program współpracy" in search(client, q="swietlica")
    with scopes_disabled():
        services.add_version(consultation=consultation, actor=officer.user, kind="final",
                             source="# Cele\n\nBudowa boiska przy szkole.")
    # The search reads the current version only: the words of the replaced one no longer find it.
    assert "Program współpracy" in search(client, q="boisko")
    assert "Program współpracy" not in search(client, q="swietlica")
    draft = make(officer, publish=False)
    with scopes_disabled():
        services.update_consultation(consultation=draft, actor=officer.user, title="Plan budowy żłobka")
        services.publish_consultation(consultation=draft, actor=officer.user)
    assert "Plan budowy żłobka" in search(client, q="zlobki")


def test_stem_rule():
    assert normalise("Żłobków") == "zlobkow"
    assert [stem(w) for w in ("zlobek", "zlobkow", "sciezka", "parku", "programu", "sport", "dom")] == [
        "zlob", "zlob", "sciez", "park", "program", "sport", "dom"]


def test_search_lists_published_consultations_of_all_municipalities_and_filters(en, officer):
    other_officer = OfficerFactory()
    titled(officer, "Program rozwoju żłobków")
    titled(other_officer, "Program żłobkowy sąsiadów", subject=Subject.PROGRAMME)
    titled(officer, "Szkic żłobków", publish=False)
    html = search(en)
    assert "Program rozwoju żłobków" in html and "Program żłobkowy sąsiadów" in html
    assert "Szkic żłobków" not in html
    assert other_officer.municipality.name in html
    html = search(en, municipality=other_officer.municipality.slug)
    assert "Program żłobkowy sąsiadów" in html and "Program rozwoju żłobków" not in html
    html = search(en, subject=Subject.COOPERATION_PROGRAMME)
    assert "Program rozwoju żłobków" in html and "Program żłobkowy sąsiadów" not in html
    assert "Program rozwoju żłobków" not in search(en, state="closed")
    # The officer sees drafts in the municipality's list, never in the public search.
    en.force_login(officer.user)
    assert "Szkic żłobków" not in search(en, q="zlobek")


# --- feed and open data ---

def test_atom_feed_lists_newest_published_consultations(client, officer):
    titled(officer, "Program rozwoju żłobków")
    titled(officer, "Szkic", publish=False)
    response = client.get(reverse("consultations_portal:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert body.count("<entry>") == 1
    assert "<title>Program rozwoju żłobków</title>" in body
    assert officer.municipality.name in body
    assert "<published>" in body
    assert "Szkic" not in body


def test_open_data_csv_and_json_rows(client, officer):
    now = timezone.now()
    consultation = titled(officer, "Program rozwoju żłobków", opens_at=now - timedelta(days=20),
                          closes_at=now - timedelta(days=1))
    titled(officer, "Szkic", publish=False)
    answered = comment(consultation, "Pierwsza")
    comment(consultation, "Druga")
    with scopes_disabled():
        services.answer_comment(comment=answered, actor=officer.user, decision=Decision.ACCEPTED, answer="Tak.")
    data = json.loads(b"".join(client.get(reverse("consultations_portal:open_data",
                                                 kwargs={"file_format": "json"})).streaming_content))
    assert len(data["records"]) == 1
    record = data["records"][0]
    assert record["title"] == "Program rozwoju żłobków"
    assert record["teryt"] == officer.municipality.teryt
    assert record["municipality"] == officer.municipality.name
    assert (record["status"], record["comment_count"], record["answered_count"]) == ("closed", 2, 1)
    assert record["url"] == f"http://testserver{url('detail', consultation)}"
    response = client.get(reverse("consultations_portal:open_data", kwargs={"file_format": "csv"}))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row["title"] for row in rows] == ["Program rozwoju żłobków"]
    assert rows[0]["subject"] == Subject.COOPERATION_PROGRAMME and rows[0]["answered_count"] == "1"
    assert client.get(reverse("consultations_portal:open_data", kwargs={"file_format": "xml"})).status_code == 404


def test_status_report_published_is_its_own_state(client, officer):
    consultation = titled(officer, "Program rozwoju żłobków")
    with scopes_disabled():
        type(consultation).objects.filter(pk=consultation.pk).update(status=ConsultationStatus.REPORT_PUBLISHED)
    assert "Program rozwoju żłobków" in search(client, state="report")
    assert "Program rozwoju żłobków" not in search(client, state="open")


# --- search: typos, the limit of listed matches, a fixed number of queries (issue #5 benchmarks) ---

def test_search_forgives_a_typo_in_the_ending_of_a_word(client, officer):
    titled(officer, "Program rozwoju żłobków", source="# Cele\n\nOpieka nad dziećmi do lat trzech.")
    titled(officer, "Program współpracy z organizacjami", source="# Cele\n\nPartnerstwo z organizacjami.")
    assert "Program rozwoju żłobków" in search(client, q="zlobkuw")
    html = search(client, q="program wspolprcy")
    assert "Program współpracy z organizacjami" in html and "Program rozwoju żłobków" not in html
    # A word found as typed is never cut: the other word still has to match.
    html = search(client, q="zlobkuw sport")
    assert "Program rozwoju żłobków" not in html and "Program współpracy z organizacjami" not in html


def test_search_beyond_the_limit_lists_the_matches_added_last_and_says_so(en, officer, monkeypatch):
    from consultations import search as search_rules

    now = timezone.now()
    opened = {"Żłobek A": 5, "Żłobek B": 1, "Żłobek C": 4, "Żłobek D": 2}  # days ago
    for title, days in opened.items():
        titled(officer, title, opens_at=now - timedelta(days=days), closes_at=now + timedelta(days=20))
    html = search(en, q="zlobek")
    assert "4 consultations" in html and "More than" not in html
    # Up to the limit: every match, latest opening first.
    assert [html.index(t) < html.index(u) for t, u in (("Żłobek B", "Żłobek D"), ("Żłobek D", "Żłobek C"),
                                                      ("Żłobek C", "Żłobek A"))] == [True, True, True]
    monkeypatch.setattr(search_rules, "EXACT_LIMIT", 3)
    monkeypatch.setattr(search_rules, "NEWEST_LIMIT", 2)
    html = search(en, q="zlobek")
    assert "More than 3 consultations match these words. The 2 added last are listed" in html
    assert "Żłobek A" not in html and "Żłobek B" not in html
    assert html.index("Żłobek D") < html.index("Żłobek C")


def _search_queries(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("consultations_portal:search"), params)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_search_makes_the_same_number_of_queries_for_1_and_25_matches(client, officer):
    titled(officer, "Żłobek numer 0")
    titled(officer, "Program rozwoju sportu")
    one, html = _search_queries(client, q="zlobek")
    assert "Żłobek numer 0" in html and "Program rozwoju sportu" not in html
    for n in range(1, 25):
        titled(officer if n % 2 else OfficerFactory(), f"Żłobek numer {n}")
    many, html = _search_queries(client, q="zlobek")
    assert "Żłobek numer 24" in html and "strona=2" in html
    assert many == one
    # The whole list (no words) too.
    assert _search_queries(client)[0] == _search_queries(client, strona=2)[0]
