"""Pages of open calls: the officer's panel (form with its parts, publishing, copying, cancelling, rules), the
public lists and the call page, the calendar file, the feed and open data; leaks of drafts; query counts."""

import csv
import io
import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from cooperation.models import AuditEntry, Sphere
from grants.enums import CallStatus, StatutoryCriterion, TaskForm
from grants.models import Call, GrantRules, PreviousTask
from grants.services import calls as services
from tests.factories import OfficerFactory, UserFactory

from .factories import make_call

pytestmark = pytest.mark.django_db
WARSAW = ZoneInfo("Europe/Warsaw")
FAR = datetime(2035, 3, 15, 23, 59, 59, 999999, tzinfo=WARSAW)
OFFICER_PAGES = ["call_admin", "call_edit", "call_contact", "call_publish", "call_cancel"]


@pytest.fixture
def officer():
    return OfficerFactory()


@pytest.fixture
def other_officer():
    return OfficerFactory()


def client_for(user=None, language="en") -> Client:
    client = Client()
    client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def staff(officer):
    return client_for(officer.user)


@pytest.fixture
def visitor():
    return client_for()


def url(name, call=None, municipality=None, **kwargs):
    municipality = municipality or call.municipality
    if call is not None:
        kwargs.setdefault("pk", call.pk)
    return reverse(f"grants:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


def call_in(municipality, **fields):
    fields.setdefault("created_by", None)
    return make_call(municipality, **fields)


def management(prefix, total=0):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000"}


def form_data(**overrides) -> dict:
    data = {
        "number": "4/2035", "title": "Sport dla dzieci", "task_type": "Zajęcia sportowe dla dzieci",
        "spheres": [str(Sphere.objects.get(code="16").pk)], "form": TaskForm.SUPPORT,
        "total_funds": "150 000,00", "min_grant": "1 000", "max_grant": "25 000,50",
        "min_own_financial_percent": "5", "min_own_total_percent": "10", "admin_costs_cap_percent": "12,5",
        "task_start_earliest": "2035-04-01", "task_end_latest": "2035-12-15",
        "grant_rules_text": "Zasady.", "task_conditions_text": "Warunki.", "selection_text": "Tryb.",
        "deadline": "2035-03-15T23:59", "selection_by": "2035-03-31",
        "contact_person": "Oskar Pełnomocnik", "contact_email": "ngo@gmina.example.pl",
        **management("criteria", 1), **management("checklist", 2), **management("attachments", 1),
        **management("previous", 1),
        "criteria-0-name": "Zasięg", "criteria-0-programme_priority": "Sport dzieci", "criteria-0-max_points": "5",
        "criteria-0-description": "",
        "checklist-0-text": "Oferta złożona w terminie", "checklist-1-text": "",
        "attachments-0-name": "Statut", "attachments-0-mandatory": "on",
        "previous-0-year": "2034", "previous-0-name": "Liga szkolna", "previous-0-amount": "30 000,00",
        "previous-0-organization_name": "Klub Sportowy",
    }
    for code, points in services.DEFAULT_STATUTORY_POINTS.items():
        data[f"statutory-points_{code}"] = str(points)
        data[f"statutory-description_{code}"] = ""
    data.update(overrides)
    return data


# --- officer: create, edit ---

def test_officer_creates_a_draft_with_every_part(staff, officer):
    response = staff.post(url("call_create", municipality=officer.municipality), form_data())
    with scopes_disabled():
        call = Call.objects.get()
        assert response.status_code == 302
        assert response["Location"] == url("call_admin", call)
        assert (call.status, call.total_funds, call.max_grant, call.admin_costs_cap_percent) == (
            CallStatus.DRAFT, Decimal("150000.00"), Decimal("25000.50"), Decimal("12.50"))
        assert timezone.localtime(call.deadline, WARSAW) == FAR
        assert set(call.criteria.values_list("statutory", "max_points")) == {
            (StatutoryCriterion.ABILITY, 10), (StatutoryCriterion.COSTS, 10), (StatutoryCriterion.QUALITY, 10),
            (StatutoryCriterion.OWN_FUNDS, 5), (StatutoryCriterion.IN_KIND, 5),
            (StatutoryCriterion.PAST_PERFORMANCE, 5), ("", 5)}
        assert list(call.formal_requirements.values_list("text", flat=True)) == ["Oferta złożona w terminie"]
        assert list(call.required_attachments.values_list("name", "mandatory")) == [("Statut", True)]
        assert list(call.previous_tasks.values_list("year", "amount")) == [(2034, Decimal("30000.00"))]


def test_refused_form_keeps_what_was_typed_with_errors_next_to_fields(staff, officer):
    data = form_data(min_grant="30 000", max_grant="20 000", **{"criteria-0-programme_priority": "",
                                                                 "previous-0-amount": "dużo"})
    response = staff.post(url("call_create", municipality=officer.municipality), data)
    html = response.content.decode()
    assert response.status_code == 200
    with scopes_disabled():
        assert Call.objects.count() == 0
    assert 'value="Sport dla dzieci"' in html
    assert 'value="Liga szkolna"' in html and 'value="dużo"' in html
    assert "This field is required." in html  # the programme priority of the own criterion
    assert "Enter an amount, for example 12 345,67." in html
    assert 'href="#id_previous-0-amount"' in html


def test_service_errors_go_next_to_the_fields(staff, officer):
    response = staff.post(url("call_create", municipality=officer.municipality),
                          form_data(min_grant="30 000", max_grant="20 000"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "The largest grant cannot be smaller than the smallest grant." in html
    assert 'href="#id_max_grant"' in html
    field = html.split('for="id_max_grant"')[1].split("</div>")[0]
    assert '<ul class="errorlist" id="id_max_grant_error"><li>The largest grant cannot be smaller than the ' \
        'smallest grant.</li></ul>' in field
    assert 'value="20 000"' in field and 'aria-invalid="true"' in field


def test_edit_changes_a_draft_and_shows_its_parts(staff, officer):
    with scopes_disabled():
        call = call_in(officer.municipality, status=CallStatus.DRAFT)
    page = staff.get(url("call_edit", call))
    assert page.status_code == 200
    assert 'value="Oferta złożona w terminie"' in page.content.decode()
    response = staff.post(url("call_edit", call), form_data(title="Nowy tytuł"))
    assert response.status_code == 302
    with scopes_disabled():
        call.refresh_from_db()
        assert call.title == "Nowy tytuł"
        assert AuditEntry.objects.filter(action="grants.call.updated").count() == 1


def test_an_announced_call_cannot_be_edited(staff, officer):
    with scopes_disabled():
        call = call_in(officer.municipality)
    response = staff.post(url("call_edit", call), form_data(title="Zmiana"), follow=True)
    assert "An announced call&#x27;s terms cannot change." in response.content.decode()
    with scopes_disabled():
        call.refresh_from_db()
        assert call.title == "Wspieranie aktywności seniorów"


def test_contact_can_change_while_announced(staff, officer):
    with scopes_disabled():
        call = call_in(officer.municipality)
    response = staff.post(url("call_contact", call), {"contact_person": "Anna Nowak",
                                                      "contact_email": "anna@gmina.example.pl"})
    assert response.status_code == 302
    with scopes_disabled():
        call.refresh_from_db()
        assert call.contact_person == "Anna Nowak"


# --- officer: publish, copy, cancel ---

def _ready_draft(officer, **fields):
    with scopes_disabled():
        fields = {"grant_rules_text": "Zasady.", "task_conditions_text": "Warunki.", "selection_text": "Tryb.",
                  **fields}
        call = call_in(officer.municipality, status=CallStatus.DRAFT, deadline=FAR,
                       selection_by=date(2035, 3, 31), published_bip_on=None, published_board_on=None,
                       published_website_on=None, **fields)
        PreviousTask.objects.create(call=call, year=2034, name="Klub", amount=Decimal("1.00"))
    return call


def test_publish_refuses_20_days_with_the_error_next_to_the_deadline(staff, officer):
    call = _ready_draft(officer)
    last = date(2035, 2, 23)
    response = staff.post(url("call_publish", call), {
        "published_bip_on": "2035-02-20", "published_board_on": last.isoformat(), "published_website_on": "2035-02-21",
        "deadline": "2035-03-15T23:59"})
    html = response.content.decode()
    assert response.status_code == 200
    field = html.split('for="id_deadline"')[1].split('name="deadline"')[0]
    assert ("Offers must be accepted for at least 21 days after the last announcement (23 February 2035): set "
            "the deadline on 16 March 2035 or later.") in field
    assert 'value="2035-02-23"' in html
    with scopes_disabled():
        call.refresh_from_db()
        assert call.status == CallStatus.DRAFT


def test_publish_with_21_days_announces_the_call(staff, officer):
    call = _ready_draft(officer)
    response = staff.post(url("call_publish", call), {
        "published_bip_on": "2035-02-20", "published_board_on": "2035-02-22", "published_website_on": "2035-02-21",
        "deadline": "2035-03-15T23:59"})
    assert response.status_code == 302
    with scopes_disabled():
        call.refresh_from_db()
        assert (call.status, call.published_board_on) == (CallStatus.PUBLISHED, date(2035, 2, 22))


def test_publish_page_lists_what_is_missing(staff, officer):
    call = _ready_draft(officer, grant_rules_text="")
    html = staff.get(url("call_publish", call)).content.decode()
    assert "Describe the rules for awarding grants (art. 13 ust. 2 pkt 3)." in html
    response = staff.post(url("call_publish", call), {
        "published_bip_on": "2035-02-20", "published_board_on": "2035-02-22", "published_website_on": "2035-02-21",
        "deadline": "2035-03-15T23:59"})
    assert "Describe the rules for awarding grants (art. 13 ust. 2 pkt 3)." in response.content.decode()


def test_copy_makes_a_new_draft_and_opens_its_form(staff, officer):
    with scopes_disabled():
        call = call_in(officer.municipality)
    response = staff.post(url("call_copy", call))
    with scopes_disabled():
        copy = Call.objects.exclude(pk=call.pk).get()
        assert response["Location"] == url("call_edit", copy)
        assert (copy.status, copy.copied_from_id, copy.published_bip_on) == (CallStatus.DRAFT, call.pk, None)
    assert staff.get(url("call_copy", call)).status_code == 405


def test_cancel_publishes_the_notice_in_polish(staff, officer, visitor):
    with scopes_disabled():
        call = call_in(officer.municipality, number="7/2027", created_by=officer.user)
    assert staff.get(url("call_cancel", call)).status_code == 200
    assert visitor.get(url("call_cancellation", call)).status_code == 404
    response = staff.post(url("call_cancel", call), {"ground": "no_offers", "details": "", "confirm": "on"})
    assert response.status_code == 302
    with scopes_disabled():
        call.refresh_from_db()
    assert call.status == CallStatus.CANCELLED
    assert call.cancellation_notice == (
        f"{officer.municipality.name} unieważnia otwarty konkurs ofert „Wspieranie aktywności seniorów” nr 7/2027 "
        "na podstawie art. 18a ust. 1 pkt 1 ustawy z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego i "
        "o wolontariacie, ponieważ nie złożono żadnej oferty.")
    page = visitor.get(url("call_cancellation", call))
    assert page.status_code == 200
    assert "nie złożono żadnej oferty" in page.content.decode()
    detail = visitor.get(url("call_detail", call)).content.decode()
    assert "This call has been cancelled." in detail and "Prepare an offer" not in detail


def test_cancel_for_a_reserved_reason_needs_an_explanation(staff, officer):
    with scopes_disabled():
        call = call_in(officer.municipality, created_by=officer.user)
    response = staff.post(url("call_cancel", call), {"ground": "reserved", "details": "", "confirm": "on"})
    assert response.status_code == 200
    assert "Explain the reason reserved in the announcement." in response.content.decode()
    with scopes_disabled():
        call.refresh_from_db()
        assert call.status == CallStatus.PUBLISHED


def test_grant_rules_page_saves_the_minimum_days(staff, officer):
    page = staff.get(url("grant_rules_edit", municipality=officer.municipality))
    assert page.status_code == 200
    response = staff.post(url("grant_rules_edit", municipality=officer.municipality), {
        "min_offer_days": "28", "report_days": "30", "small_grant_max_amount": "10 000,00",
        "small_grant_max_days": "90", "small_grant_publish_working_days": "7", "small_grant_comment_days": "7",
        "small_grant_yearly_cap": "20 000", "small_grant_share_cap": "20"})
    assert response.status_code == 302
    with scopes_disabled():
        assert GrantRules.objects.get(municipality=officer.municipality).min_offer_days == 28


@pytest.mark.parametrize("name", OFFICER_PAGES + ["call_copy"])
def test_officer_pages_refuse_residents_and_other_municipalities(officer, other_officer, name):
    with scopes_disabled():
        call = call_in(officer.municipality)
    method = "post" if name == "call_copy" else "get"
    assert getattr(client_for(UserFactory()), method)(url(name, call)).status_code == 403
    assert getattr(client_for(other_officer.user), method)(url(name, call)).status_code == 403
    assert getattr(client_for(), method)(url(name, call)).status_code == 302
    # Another municipality's call under one's own address: not found.
    assert getattr(client_for(other_officer.user), method)(
        url(name, call, municipality=other_officer.municipality)).status_code == 404


@pytest.mark.parametrize("name", ["call_admin_list", "call_create", "grant_rules_edit"])
def test_panel_lists_refuse_residents(officer, other_officer, name):
    assert client_for(UserFactory()).get(url(name, municipality=officer.municipality)).status_code == 403
    assert client_for(other_officer.user).get(url(name, municipality=officer.municipality)).status_code == 403
    assert client_for(officer.user).get(url(name, municipality=officer.municipality)).status_code == 200


# --- public pages ---

def test_detail_shows_every_item_of_the_announcement(visitor, officer):
    with scopes_disabled():
        call = call_in(officer.municipality, deadline=FAR, selection_by=date(2035, 4, 30))
        PreviousTask.objects.create(call=call, year=2034, name="Klub seniora", amount=Decimal("45000.00"),
                                    organization_name="Stowarzyszenie Aktywni")
        PreviousTask.objects.create(call=call, year=2034, name="Wycieczki", amount=Decimal("5000.50"))
    response = visitor.get(url("call_detail", call))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Offers accepted until <strong><time datetime=\"2035-03-15T23:59:59.999999+01:00\">15 March 2035, 23:59</time></strong>" in html
    for heading in ["1. Type of public task", "2. Public funds for the task", "3. Rules for awarding grants",
                    "4. Dates and conditions of carrying out the task", "5. Deadline for offers",
                    "6. Procedure and criteria of choosing offers"]:
        assert heading in html
    assert "100,000.00\u00a0zł" in html and "20,000.00\u00a0zł" in html
    assert "at least 5% of all costs" in html and "at most 15% of all costs" in html
    assert "Ability of the organization to carry out the task" in html
    assert "Priority of the cooperation programme: Aktywność osób starszych" in html
    assert '<td class="number">50</td>' in html  # 10+10+10+5+5+5 statutory + 5 own
    assert "Oferta podpisana przez osoby upoważnione" in html and "Statut organizacji" in html
    assert "Klub seniora" in html and "45,000.00\u00a0zł" in html and "50,000.50\u00a0zł" in html
    offer = f"/jst/{officer.municipality.slug}/dotacje/konkursy/{call.pk}/oferta/"  # the offers stage's page
    assert f'<a class="button" href="{offer}">Prepare an offer</a>' in html
    assert "days left" in html


def test_detail_in_polish_formats_money_and_dates(officer):
    with scopes_disabled():
        call = call_in(officer.municipality, deadline=FAR)
    html = client_for(language="pl").get(url("call_detail", call)).content.decode()
    assert "100\u00a0000,00\u00a0zł" in html
    assert "15 marca 2035, 23:59" in html


def test_evaluation_state_after_the_deadline(visitor, officer):
    with scopes_disabled():
        call = call_in(officer.municipality, deadline=timezone.now() - timedelta(hours=1),
                       selection_by=timezone.localdate() + timedelta(days=5))
    html = visitor.get(url("call_detail", call)).content.decode()
    assert "Offers being evaluated" in html and "Prepare an offer" not in html


def test_ics_has_the_deadline(visitor, officer):
    with scopes_disabled():
        call = call_in(officer.municipality, deadline=FAR)
    response = visitor.get(url("call_ics", call))
    body = response.content.decode()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "DTSTART:20350315T225900Z\r\n" in body and "DTEND:20350315T230000Z\r\n" in body
    assert "SUMMARY:Deadline for offers: Wspieranie aktywności seniorów\r\n" in body
    assert "TRIGGER:-P1D" in body


def test_lists_filter_by_state_sphere_and_form(visitor, officer):
    with scopes_disabled():
        call_in(officer.municipality, title="Otwarty seniorzy")
        call_in(officer.municipality, title="Po terminie", deadline=timezone.now() - timedelta(days=1),
                selection_by=timezone.localdate() + timedelta(days=5))
        call_in(officer.municipality, title="Unieważniony", status=CallStatus.CANCELLED)
        entrusted = call_in(officer.municipality, title="Powierzenie sport", form=TaskForm.ENTRUSTING)
        entrusted.spheres.set(Sphere.objects.filter(code="17"))
        call_in(officer.municipality, title="Szkic", status=CallStatus.DRAFT)

    def titles(response):
        return {call.title for call in response.context["page"].object_list}

    base = url("call_list", municipality=officer.municipality)
    assert titles(visitor.get(base)) == {"Otwarty seniorzy", "Po terminie", "Unieważniony", "Powierzenie sport"}
    assert titles(visitor.get(base, {"state": "open"})) == {"Otwarty seniorzy", "Powierzenie sport"}
    assert titles(visitor.get(base, {"state": "evaluation"})) == {"Po terminie"}
    assert titles(visitor.get(base, {"state": "cancelled"})) == {"Unieważniony"}
    assert titles(visitor.get(base, {"form": "entrusting"})) == {"Powierzenie sport"}
    assert titles(visitor.get(base, {"sphere": "17"})) == {"Powierzenie sport"}
    portal = reverse("grants_portal:call_search")
    assert titles(visitor.get(portal, {"municipality": officer.municipality.slug, "state": "open"})) == {
        "Otwarty seniorzy", "Powierzenie sport"}


def test_officer_sees_drafts_in_the_municipality_list(staff, officer):
    with scopes_disabled():
        call_in(officer.municipality, title="Szkic", status=CallStatus.DRAFT)
    response = staff.get(url("call_list", municipality=officer.municipality))
    assert {c.title for c in response.context["page"].object_list} == {"Szkic"}
    admin = staff.get(url("call_admin_list", municipality=officer.municipality)).content.decode()
    assert "Szkic" in admin


# --- leaks: a draft of municipality A is seen by A's officers and administrators only ---

def test_a_draft_leaks_nowhere(officer, other_officer):
    with scopes_disabled():
        secret = call_in(officer.municipality, title="Tajny szkic konkursu", status=CallStatus.DRAFT)
        call_in(officer.municipality, title="Jawny konkurs")
    admin = UserFactory(is_superuser=True, is_staff=True, totp=True)
    outsiders = [client_for(), client_for(UserFactory()), client_for(other_officer.user)]
    for client in outsiders:
        for name in ("call_detail", "call_ics", "call_cancellation"):
            assert client.get(url(name, secret)).status_code == 404, name
        lists = [url("call_list", municipality=officer.municipality), reverse("grants_portal:call_search"),
                 reverse("grants_portal:call_feed"),
                 reverse("grants_portal:call_open_data", kwargs={"file_format": "csv"}),
                 reverse("grants_portal:call_open_data", kwargs={"file_format": "json"})]
        for address in lists:
            response = client.get(address)
            body = (b"".join(response.streaming_content) if response.streaming else response.content).decode()
            assert "Tajny szkic" not in body, address
            assert "Jawny konkurs" in body, address
        assert client.get(url("call_list", municipality=other_officer.municipality)).content.decode().count(
            "Tajny szkic") == 0
    # B's officer under B's own address does not reach A's draft either.
    assert client_for(other_officer.user).get(
        url("call_detail", secret, municipality=other_officer.municipality)).status_code == 404
    for user in (officer.user, admin):
        assert client_for(user).get(url("call_detail", secret)).status_code == 200
    # The portal list, the feed and open data never show drafts, not even to their officers.
    assert "Tajny szkic" not in client_for(officer.user).get(reverse("grants_portal:call_search")).content.decode()


# --- feed and open data ---

def test_feed_lists_announced_calls_newest_first(visitor, officer):
    with scopes_disabled():
        older = call_in(officer.municipality, title="Starszy")
        Call.objects.filter(pk=older.pk).update(published_at=timezone.now() - timedelta(days=30))
        call_in(officer.municipality, title="Nowszy")
    body = visitor.get(reverse("grants_portal:call_feed")).content.decode()
    assert body.index("Nowszy") < body.index("Starszy")
    assert "<feed" in body and "New open calls for offers" in body


def test_open_data_in_csv_and_json(visitor, officer):
    with scopes_disabled():
        call = call_in(officer.municipality, deadline=FAR)
    data = json.loads(b"".join(visitor.get(reverse("grants_portal:call_open_data",
                                                   kwargs={"file_format": "json"})).streaming_content))
    assert data["license"] == "CC0-1.0"
    record = data["records"][0]
    assert {key: record[key] for key in ("municipality", "title", "spheres", "form", "total_funds", "state",
                                         "deadline")} == {
        "municipality": officer.municipality.name, "title": "Wspieranie aktywności seniorów", "spheres": "16",
        "form": "support", "total_funds": "100000.00", "state": "open",
        "deadline": "2035-03-15T23:59:59.999999+01:00"}
    assert record["url"] == f"http://testserver/jst/{officer.municipality.slug}/dotacje/konkursy/{call.pk}/"
    response = visitor.get(reverse("grants_portal:call_open_data", kwargs={"file_format": "csv"}))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row["title"] for row in rows] == ["Wspieranie aktywności seniorów"]
    assert visitor.get(reverse("grants_portal:call_open_data", kwargs={"file_format": "xml"})).status_code == 404


# --- query counts ---

def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["municipality", "portal", "officer"])
def test_list_query_count_does_not_grow_with_calls(officer, name):
    client = client_for(officer.user) if name == "officer" else client_for()
    address = {"municipality": url("call_list", municipality=officer.municipality),
               "portal": reverse("grants_portal:call_search"),
               "officer": url("call_admin_list", municipality=officer.municipality)}[name]
    with scopes_disabled():
        call_in(officer.municipality)
    client.get(address)  # the session's first request has queries of its own
    one = _queries(client, address)
    with scopes_disabled():
        for _ in range(29):
            call_in(officer.municipality)
    assert _queries(client, address) == one


def test_detail_query_count_is_fixed(visitor, officer):
    with scopes_disabled():
        call = call_in(officer.municipality)
    few = _queries(visitor, url("call_detail", call))
    with scopes_disabled():
        for n in range(10):
            PreviousTask.objects.create(call=call, year=2026, name=f"Zadanie {n}", amount=Decimal("10.00"))
    assert _queries(visitor, url("call_detail", call)) == few


def test_results_state_links_to_the_results_page(visitor, officer):
    with scopes_disabled():
        call = call_in(officer.municipality, status=CallStatus.RESULTS_PUBLISHED)
    html = visitor.get(url("call_detail", call)).content.decode()
    assert "The results of this call are published." in html and "Prepare an offer" not in html
    try:
        results = reverse("grants:results", kwargs={"municipality_slug": officer.municipality.slug, "pk": call.pk})
    except NoReverseMatch:  # the evaluation stage's page is not there yet
        assert "See the results" not in html
    else:
        assert f'<a href="{results}">See the results</a>' in html
