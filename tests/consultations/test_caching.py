"""The consultation page keeps its rendered comment list and document in the cache (consultation_detail).
Whatever changes them shows at once: a new comment, an edit, an answer, a deletion, a new version; the list
is kept per language, only when every reader sees the same one, and never shown to whom it is not for."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django_scopes import scopes_disabled

from consultations import services
from consultations.enums import CommentChannel, Decision
from consultations.models import Comment, Consultation, ConsultationRules
from consultations.views import page_cache
from tests.factories import OfficerFactory, UserFactory

from .test_services import make

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return OfficerFactory()


@pytest.fixture(autouse=True)
def _no_copies_from_other_tests():
    page_cache.recent.clear()


def detail(consultation):
    return reverse("consultations:detail", kwargs={"municipality_slug": consultation.municipality.slug,
                                                   "pk": consultation.pk})


def get(client, consultation, *, language=None):
    """The page's HTML and the SQL it ran."""
    if language:
        client.cookies["django_language"] = language
    url = detail(consultation)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries]


def comment_list(html):
    """The page's list of comments (the rest of a page differs between requests: a fresh CSRF token)."""
    return html[html.index('<ol class="comments">'):html.index("</ol>", html.index('<ol class="comments">'))]


def reads_comments(sql):
    """Whether the page read the comments themselves (not just their count and stamps)."""
    return any('"consultations_comment"."justification"' in statement for statement in sql)


def closed(officer, *comments):
    """A consultation closed an hour ago (so its comments are public) with comments typed in by the officer."""
    now = timezone.now()
    consultation = make(officer, opens_at=now - timedelta(days=20), closes_at=now + timedelta(days=1))
    created = []
    with scopes_disabled():
        for text in comments:
            created.append(services.enter_comment(consultation=consultation, actor=officer.user,
                                                  channel=CommentChannel.POST, author_name="Jan Kowalski",
                                                  justification=text))
        Consultation.objects.filter(pk=consultation.pk).update(closes_at=now - timedelta(hours=1))
        consultation.refresh_from_db()
    return consultation, created


def reads_document(sql):
    return any('FROM "consultations_paragraph"' in statement for statement in sql)


def test_an_anonymous_visitor_gets_the_page_from_the_cache_after_the_first_time(client, officer):
    consultation, _ = closed(officer, "Pierwsza uwaga")
    first, first_sql = get(client, consultation)
    second, second_sql = get(client, consultation)
    assert reads_comments(first_sql) and reads_document(first_sql)
    assert not reads_comments(second_sql) and not reads_document(second_sql)
    assert len(second_sql) < len(first_sql)
    assert comment_list(first) == comment_list(second) and "Pierwsza uwaga" in comment_list(second)
    # A query string (echoed by the language form) is never served from the cache.
    response = client.get(detail(consultation), {"x": "1"})
    assert "?x=1" in response.content.decode()


def test_a_signed_in_reader_gets_a_rendered_page_with_the_cached_comment_list(client, officer):
    consultation, _ = closed(officer, "Pierwsza uwaga")
    client.force_login(UserFactory())
    first, first_sql = get(client, consultation)
    second, second_sql = get(client, consultation)
    assert reads_comments(first_sql) and not reads_comments(second_sql)
    # The same queries but the list's (the stamps of the comments are read every time).
    def shapes(sql):
        return {re.sub(r"'[0-9-]+ [0-9:.+]+'", "'…'", statement) for statement in sql}

    assert shapes(second_sql) == shapes(sql for sql in first_sql if not reads_comments([sql]))
    assert comment_list(first) == comment_list(second)


def test_the_cached_page_carries_no_csrf_token_and_the_language_switch_needs_none(officer):
    """A page cached for every visitor must not hold one visitor's token; switching the language is the only
    form an anonymous visitor sees there, and it works without a token (a preference, not an action)."""
    consultation, _ = closed(officer, "Uwaga")
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        html = visitor.get(detail(consultation)).content.decode()
        assert "csrfmiddlewaretoken" not in html
        response = visitor.post(reverse("set_language"), {"language": "en", "next": "/"})
        assert response.status_code == 302 and visitor.cookies["django_language"].value == "en"


def test_a_new_comment_appears_at_once(client, officer):
    consultation, _ = closed(officer, "Pierwsza uwaga")
    get(client, consultation)
    with scopes_disabled():
        services.enter_comment(consultation=consultation, actor=officer.user, channel=CommentChannel.EMAIL,
                               author_name="Anna Nowak", justification="Uwaga z poczty elektronicznej")
    html, sql = get(client, consultation)
    assert reads_comments(sql)
    assert "Pierwsza uwaga" in html and "Uwaga z poczty elektronicznej" in html and "Anna Nowak" in html


def test_an_answer_appears_at_once_and_a_changed_answer_too(client, officer):
    consultation, (comment,) = closed(officer, "Termin jest za krótki")
    html, _ = get(client, consultation, language="en")
    assert "comment__answer" not in html
    with scopes_disabled():
        services.answer_comment(comment=comment, actor=officer.user, decision=Decision.PARTLY,
                                answer="Wydłużono termin do 21 dni.")
    html, _ = get(client, consultation)
    assert "Wydłużono termin do 21 dni." in html and "partly accepted" in html
    with scopes_disabled():
        services.answer_comment(comment=comment, actor=officer.user, decision=Decision.ACCEPTED,
                                answer="Uwzględniono w całości.")
    html, _ = get(client, consultation)
    assert "Uwzględniono w całości." in html and "Wydłużono termin" not in html
    assert "partly accepted" not in html


def test_an_edited_comment_shows_its_new_text_at_once(client, officer):
    with scopes_disabled():
        ConsultationRules.objects.create(municipality=officer.municipality, comments_public_at_once=True)
    consultation = make(officer)
    author = UserFactory()
    with scopes_disabled():
        comment = services.add_comment(consultation=consultation, author=author, justification="Wersja pierwsza")
    html, _ = get(client, consultation)  # anonymous: the list is cached
    assert "Wersja pierwsza" in html
    with scopes_disabled():
        services.update_comment(comment=comment, actor=author, justification="Wersja poprawiona")
    html, _ = get(client, consultation)
    assert "Wersja poprawiona" in html and "Wersja pierwsza" not in html


def test_a_deleted_comment_disappears_at_once(client, officer):
    consultation, (first, second) = closed(officer, "Uwaga do usunięcia", "Uwaga, która zostaje")
    html, _ = get(client, consultation)
    assert "Uwaga do usunięcia" in html
    with scopes_disabled():
        Comment.objects.filter(pk=first.pk).delete()
    html, _ = get(client, consultation)
    assert "Uwaga do usunięcia" not in html and "Uwaga, która zostaje" in html


def test_the_list_is_kept_per_language(client, officer):
    consultation, (comment,) = closed(officer, "Uwaga")
    # Month names come with Django's own catalogues, so they differ even where the project's are not compiled.
    created = timezone.localtime(comment.created_at)
    months = {}
    for language in ("pl", "en"):
        with translation.override(language):
            months[language] = f"{created.day} {dateformat.format(created, 'E')} {created.year}"
    assert months["pl"] != months["en"]
    polish, _ = get(client, consultation, language="pl")
    english, _ = get(client, consultation, language="en")
    assert months["pl"] in polish and months["en"] not in polish
    assert months["en"] in english and months["pl"] not in english
    assert "on the whole document" in english
    polish_again, _ = get(client, consultation, language="pl")
    assert comment_list(polish_again) == comment_list(polish)


def test_the_author_of_an_open_consultation_gets_edit_links_a_cached_list_never_has(client, officer):
    with scopes_disabled():
        ConsultationRules.objects.create(municipality=officer.municipality, comments_public_at_once=True)
    consultation = make(officer)
    author = UserFactory()
    with scopes_disabled():
        comment = services.add_comment(consultation=consultation, author=author, justification="Moja uwaga")
    edit = reverse("consultations:comment_edit", kwargs={
        "municipality_slug": consultation.municipality.slug, "pk": consultation.pk, "comment_id": comment.pk})
    html, _ = get(client, consultation)
    assert "Moja uwaga" in html and edit not in html
    client.force_login(author)
    html, sql = get(client, consultation)
    assert edit in html and reads_comments(sql)
    client.logout()
    html, _ = get(client, consultation)
    assert edit not in html


def test_comments_an_officer_sees_before_the_close_never_reach_anyone_else(client, officer):
    now = timezone.now()
    consultation = make(officer, opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=15))
    with scopes_disabled():
        services.enter_comment(consultation=consultation, actor=officer.user, channel=CommentChannel.POST,
                               author_name="Jan Kowalski", justification="Uwaga z listu przed otwarciem")
    client.force_login(officer.user)
    html, _ = get(client, consultation)  # all comments, no edit link possible: kept in the cache
    assert "Uwaga z listu przed otwarciem" in html
    client.logout()
    html, sql = get(client, consultation)
    assert "Uwaga z listu przed otwarciem" not in html and not reads_comments(sql)
    client.force_login(UserFactory())
    html, _ = get(client, consultation)
    assert "Uwaga z listu przed otwarciem" not in html


def test_a_new_version_of_the_document_shows_at_once(client, officer):
    consultation = make(officer, source="# Cele\n\nRemont świetlicy wiejskiej.")
    html, _ = get(client, consultation)
    assert "Remont świetlicy wiejskiej." in html
    with scopes_disabled():
        services.add_version(consultation=consultation, actor=officer.user, kind="final",
                             source="# Cele\n\nBudowa boiska przy szkole.")
    html, _ = get(client, consultation)
    assert "Budowa boiska przy szkole." in html and "Remont świetlicy wiejskiej." not in html


def test_closing_removes_the_paragraph_comment_links_at_once(client, officer):
    consultation = make(officer)
    comment_url = reverse("consultations:comment_create", kwargs={
        "municipality_slug": consultation.municipality.slug, "pk": consultation.pk})
    html, _ = get(client, consultation)
    assert f"{comment_url}?akapit=" in html
    with scopes_disabled():
        Consultation.objects.filter(pk=consultation.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    html, _ = get(client, consultation)
    assert f"{comment_url}?akapit=" not in html


def test_the_anonymous_page_makes_the_same_number_of_queries_for_1_and_50_comments(client, officer):
    consultation, _ = closed(officer, "Uwaga 0")
    _, one_rendered = get(client, consultation)
    _, one_cached = get(client, consultation)
    with scopes_disabled():
        for n in range(1, 50):
            services.enter_comment(consultation=consultation, actor=officer.user, channel=CommentChannel.POST,
                                   author_name="Jan Kowalski", justification=f"Uwaga {n}")
    html, many_rendered = get(client, consultation)
    _, many_cached = get(client, consultation)
    assert html.count('<li class="comment"') == 50
    assert (len(many_rendered), len(many_cached)) == (len(one_rendered), len(one_cached))
    # From the cache: the municipality, the consultation, the stamps of its rows, the council's opinion.
    assert len(many_cached) == 4


def search(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("consultations_portal:search"), params)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_cached_search_page_shows_changes_at_once(client, officer):
    client.cookies["django_language"] = "en"
    first = make(officer)
    html, _ = search(client, q="program")
    assert "1 consultation" in html and "Open until" in html
    again, _ = search(client, q="program")
    assert again.split("csrfmiddlewaretoken")[0] == html.split("csrfmiddlewaretoken")[0]
    # A consultation published elsewhere: listed, and its municipality offered in the filter.
    other = OfficerFactory()
    make(other)
    html, _ = search(client, q="program")
    assert "2 consultations" in html and other.municipality.name in html
    # Closed (the clock does the same): its badge changes.
    with scopes_disabled():
        Consultation.objects.filter(pk=first.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    html, _ = search(client, q="program")
    assert "Closed" in html
    # Another language gets its own page.
    client.cookies["django_language"] = "pl"
    assert "1 consultation" not in search(client, q="program")[0]


def test_a_signed_in_visitor_never_gets_a_search_page_rendered_for_another(client, officer):
    client.cookies["django_language"] = "en"
    make(officer)
    anonymous, _ = search(client, q="program")
    assert "Log out" not in anonymous
    client.force_login(UserFactory(full_name="Ala Makota"))
    html, _ = search(client, q="program")
    assert "Log out" in html
