"""Meetings and trainings (P2.A2, P3.A2): events with registration, capacity and a waiting list, the registration
window (Europe/Warsaw), cancellation e-mails, attendance, materials, the calendar file and the CSV, the evidence on
the standards tracker; who may see and do what, and the pages."""

import csv
import io
import threading
import zipfile
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled

from cooperation import events, selectors
from cooperation.events import AlreadyRegistered, RegistrationClosed
from cooperation.exceptions import TransitionNotAllowed
from cooperation.models import (
    AuditEntry,
    Event,
    EventAttendance,
    EventAudience,
    EventKind,
    EventMaterial,
    EventRegistration,
    EventStatus,
)
from cooperation.tasks import task_notify_event_cancelled
from tests.factories import MembershipFactory, OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
TITLE = "Roczne spotkanie z organizacjami pozarządowymi"


# --- Builders -------------------------------------------------------------------------------------------------


def warsaw(*args) -> datetime:
    return datetime(*args, tzinfo=WARSAW)


def at(monkeypatch, moment: datetime) -> None:
    """Freeze the clock the services and selectors read."""
    monkeypatch.setattr(timezone, "now", lambda: moment)


def zip_document(*parts: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts:
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = zip_document(("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>"))
PPTX = zip_document(("[Content_Types].xml", b"<Types/>"), ("ppt/presentation.xml", b"<p:presentation/>"))
ODT = zip_document(("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<office/>"))
XLSX = zip_document(("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>"))


@pytest.fixture
def officer_role():
    return OfficerFactory(municipality__name="Miasto Koszalin", municipality__slug="koszalin",
                          user__full_name="Oskar Pełnomocnik")


@pytest.fixture
def municipality(officer_role):
    return officer_role.municipality


@pytest.fixture
def officer(officer_role):
    return officer_role.user


def make_event(municipality, officer, *, publish=True, **overrides) -> Event:
    now = timezone.now()
    fields = {
        "title": TITLE, "kind": EventKind.SECTOR_MEETING,
        "description": "Podsumowanie współpracy i plan na kolejny rok, w tym przeciwdziałanie dyskryminacji.",
        "starts_at": now + timedelta(days=30), "ends_at": now + timedelta(days=30, hours=3),
        "place": "Ratusz, ul. Rynek Staromiejski 6-7, sala 12", "contact_person": "Oskar Pełnomocnik",
        "contact_email": "ngo@koszalin.example.pl",
    }
    fields.update(overrides)
    event = events.create_event(municipality=municipality, actor=officer, **fields)
    if publish:
        events.publish_event(event=event, actor=officer)
    return event


def registration_state_of(event):
    with scopes_disabled():
        return {r.user.email: (r.waitlisted, r.cancelled_at is not None)
                for r in EventRegistration.objects.filter(event=event).select_related("user")}


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"  # the language switcher's cookie
    return client


# --- Creating, publishing, cancelling -------------------------------------------------------------------------


def test_a_new_event_is_a_draft_serving_the_standard_of_its_kind(municipality, officer):
    event = make_event(municipality, officer, publish=False)
    assert event.status == EventStatus.DRAFT
    assert [s.code for s in event.standards.all()] == ["P3.A2.T1.S1"]
    training = make_event(municipality, officer, publish=False, kind=EventKind.EQUALITY_TRAINING)
    assert [s.code for s in training.standards.all()] == ["P2.A2.T2.S2"]
    with scopes_disabled():
        assert list(AuditEntry.objects.filter(action="cooperation.event.created").values_list("target_id", flat=True)
                    .order_by("id")) == [str(event.pk), str(training.pk)]


def test_an_event_needs_a_place_or_a_link_and_must_end_after_it_starts(municipality, officer):
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        make_event(municipality, officer, publish=False, place="", online_url="",
                   ends_at=now + timedelta(days=29))
    assert sorted(error.value.message_dict) == ["ends_at", "place"]
    online = make_event(municipality, officer, publish=False, place="", online_url="https://meet.example.pl/spotkanie")
    assert online.place == ""


def test_publishing_twice_is_refused(municipality, officer):
    event = make_event(municipality, officer)
    assert event.status == EventStatus.PUBLISHED and event.published_at is not None
    with pytest.raises(TransitionNotAllowed):
        events.publish_event(event=event, actor=officer)


def test_a_draft_takes_no_registration(municipality, officer):
    event = make_event(municipality, officer, publish=False)
    with pytest.raises(RegistrationClosed):
        events.register_for_event(event=event, user=UserFactory())


# --- Capacity and the waiting list -----------------------------------------------------------------------------


def test_capacity_fills_then_the_waiting_list_moves_up_on_a_cancellation(municipality, officer,
                                                                         django_capture_on_commit_callbacks):
    event = make_event(municipality, officer, capacity=2)
    anna, bartek, celina, dawid = (UserFactory(email=f"{name}@example.org", full_name=name.title())
                                   for name in ("anna", "bartek", "celina", "dawid"))
    first = events.register_for_event(event=event, user=anna)
    events.register_for_event(event=event, user=bartek)
    third = events.register_for_event(event=event, user=celina)
    fourth = events.register_for_event(event=event, user=dawid)
    assert (first.waitlisted, third.waitlisted, fourth.waitlisted) == (False, True, True)
    with scope(municipality=municipality):
        assert selectors.places_of(event) == {"taken": 2, "waiting": 2, "left": 0}
        assert (selectors.waitlist_position(third), selectors.waitlist_position(fourth)) == (1, 2)
        assert selectors.waitlist_position(first) is None

    with django_capture_on_commit_callbacks(execute=True):
        promoted = events.cancel_registration(registration=first, actor=anna)

    assert [r.user.email for r in promoted] == ["celina@example.org"]
    assert registration_state_of(event) == {
        "anna@example.org": (False, True), "bartek@example.org": (False, False),
        "celina@example.org": (False, False), "dawid@example.org": (True, False),
    }
    with scope(municipality=municipality):
        fourth.refresh_from_db()
        assert selectors.waitlist_position(fourth) == 1
        assert selectors.places_of(event) == {"taken": 2, "waiting": 1, "left": 0}
    assert [m.to for m in mail.outbox] == [["celina@example.org"]]
    assert TITLE in mail.outbox[0].subject and f"/jst/koszalin/wydarzenia/{event.pk}/" in mail.outbox[0].body


def test_the_promotion_e_mail_is_sent_once(municipality, officer, django_capture_on_commit_callbacks):
    from cooperation.tasks import task_notify_event_promotion

    event = make_event(municipality, officer, capacity=1)
    anna, bartek = UserFactory(), UserFactory()
    first = events.register_for_event(event=event, user=anna)
    second = events.register_for_event(event=event, user=bartek)
    with django_capture_on_commit_callbacks(execute=True):
        events.cancel_registration(registration=first, actor=anna)
    assert [m.to for m in mail.outbox] == [[bartek.email]]
    assert task_notify_event_promotion(second.pk) == 0
    assert len(mail.outbox) == 1


def test_more_places_take_people_from_the_waiting_list_and_fewer_than_taken_are_refused(municipality, officer):
    event = make_event(municipality, officer, capacity=1)
    for name in ("pierwsza", "druga", "trzecia"):
        events.register_for_event(event=event, user=UserFactory(email=f"{name}@example.org"))
    events.update_event(event=event, actor=officer, capacity=2)
    assert registration_state_of(event) == {"pierwsza@example.org": (False, False),
                                            "druga@example.org": (False, False),
                                            "trzecia@example.org": (True, False)}
    with pytest.raises(ValidationError) as error, translation.override("en"):
        events.update_event(event=event, actor=officer, capacity=1)
    assert error.value.message_dict == {
        "capacity": ["2 people already have a place: the number of places cannot be lower."]}
    with scope(municipality=municipality):
        assert Event.objects.get(pk=event.pk).capacity == 2


def test_a_duplicate_registration_is_refused_and_a_new_one_after_cancelling_is_allowed(municipality, officer):
    event = make_event(municipality, officer)
    user = UserFactory()
    first = events.register_for_event(event=event, user=user)
    with pytest.raises(AlreadyRegistered):
        events.register_for_event(event=event, user=user)
    events.cancel_registration(registration=first, actor=user)
    again = events.register_for_event(event=event, user=user, needs="Pętla indukcyjna")
    assert again.pk != first.pk and again.needs == "Pętla indukcyjna"
    with scopes_disabled():
        assert EventRegistration.objects.filter(event=event, user=user).count() == 2


def test_a_second_request_that_slips_past_the_check_hits_the_database_constraint(municipality, officer, monkeypatch):
    """Two requests of one person at once: both may pass the "already registered?" check before either saves;
    the partial unique constraint stops the second, which the person sees as "already registered"."""
    event = make_event(municipality, officer)
    user = UserFactory()
    events.register_for_event(event=event, user=user)
    original_filter = EventRegistration.objects.filter

    class Blind:
        def exists(self):
            return False

    def filter_without_the_check(*args, **kwargs):
        if kwargs.get("user") == user and "cancelled_at__isnull" in kwargs:
            return Blind()
        return original_filter(*args, **kwargs)

    with scope(municipality=municipality):
        monkeypatch.setattr(EventRegistration.objects, "filter", filter_without_the_check, raising=False)
        with pytest.raises(AlreadyRegistered):
            events.register_for_event(event=event, user=user)
    monkeypatch.undo()
    with scopes_disabled():
        assert EventRegistration.objects.filter(event=event, user=user).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgresql
def test_two_people_racing_for_the_last_place_get_one_place_and_one_waiting_list_entry():
    from tests.browser.world import ensure_reference_data

    ensure_reference_data()
    role = OfficerFactory()
    event = make_event(role.municipality, role.user, capacity=1)
    users = [UserFactory(), UserFactory()]
    barrier = threading.Barrier(2)
    results = []

    def register(user):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            results.append(events.register_for_event(event=event, user=user).waitlisted)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=register, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]


# --- The registration window (Europe/Warsaw) -------------------------------------------------------------------


def test_registration_window_edges_across_the_spring_clock_change(municipality, officer, monkeypatch):
    """Opens on Saturday 27 March 2027 at 12:00 (CET, UTC+1) and closes on Sunday 28 March at 12:00 (CEST, UTC+2:
    the clocks went forward that night), as the officer entered them in Polish time."""
    at(monkeypatch, warsaw(2027, 3, 1, 9, 0))
    event = make_event(municipality, officer, registration_opens_at=warsaw(2027, 3, 27, 12, 0),
                       registration_closes_at=warsaw(2027, 3, 28, 12, 0),
                       starts_at=warsaw(2027, 3, 29, 10, 0), ends_at=warsaw(2027, 3, 29, 14, 0))
    utc = ZoneInfo("UTC")
    edges = [
        (datetime(2027, 3, 27, 10, 59, 59, tzinfo=utc), "not_yet"),
        (datetime(2027, 3, 27, 11, 0, 0, tzinfo=utc), "open"),
        (datetime(2027, 3, 28, 9, 59, 59, tzinfo=utc), "open"),
        (datetime(2027, 3, 28, 10, 0, 0, tzinfo=utc), "closed"),
    ]
    assert [events.registration_state(event, now) for now, _expected in edges] == [e for _n, e in edges]

    at(monkeypatch, datetime(2027, 3, 27, 10, 59, 59, tzinfo=utc))
    with pytest.raises(RegistrationClosed) as early, translation.override("en"):
        events.register_for_event(event=event, user=UserFactory())
    assert str(early.value.message) == "Registration for this event has not opened yet."
    at(monkeypatch, datetime(2027, 3, 28, 9, 59, 59, tzinfo=utc))
    assert events.register_for_event(event=event, user=UserFactory()).waitlisted is False
    at(monkeypatch, datetime(2027, 3, 28, 10, 0, 0, tzinfo=utc))
    with pytest.raises(RegistrationClosed):
        events.register_for_event(event=event, user=UserFactory())


def test_without_set_dates_registration_runs_from_publication_until_the_start(municipality, officer, monkeypatch):
    start = warsaw(2027, 10, 31, 10, 0)  # the day the clocks go back
    at(monkeypatch, warsaw(2027, 10, 1, 8, 0))
    event = make_event(municipality, officer, starts_at=start, ends_at=start + timedelta(hours=2))
    assert event.registration_opens == warsaw(2027, 10, 1, 8, 0)
    assert events.registration_state(event, start - timedelta(microseconds=1)) == "open"
    assert events.registration_state(event, start) == "closed"


def test_registration_must_close_after_it_opens_and_by_the_end(municipality, officer):
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        make_event(municipality, officer, publish=False, registration_opens_at=now + timedelta(days=5),
                   registration_closes_at=now + timedelta(days=4))
    assert list(error.value.message_dict) == ["registration_closes_at"]
    with pytest.raises(ValidationError) as late:
        make_event(municipality, officer, publish=False, registration_closes_at=now + timedelta(days=31))
    assert list(late.value.message_dict) == ["registration_closes_at"]


# --- Who may register ---------------------------------------------------------------------------------------


def test_an_event_for_ngo_representatives_needs_an_organization_the_person_belongs_to(municipality, officer):
    event = make_event(municipality, officer, audience=EventAudience.NGO_REPRESENTATIVES)
    member = MembershipFactory(user__email="czlonek@example.org")
    stranger = MembershipFactory()
    with pytest.raises(ValidationError) as missing:
        events.register_for_event(event=event, user=member.user)
    assert list(missing.value.message_dict) == ["organization"]
    with pytest.raises(ValidationError) as foreign:
        events.register_for_event(event=event, user=member.user, organization=stranger.organization)
    assert list(foreign.value.message_dict) == ["organization"]
    registration = events.register_for_event(event=event, user=member.user, organization=member.organization)
    assert registration.organization == member.organization
    resident = UserFactory()
    assert not resident.has_perm("cooperation.register_for_event", event)
    assert member.user.has_perm("cooperation.register_for_event", event)


def test_only_the_person_or_an_officer_cancels_a_registration_and_not_after_the_start(municipality, officer,
                                                                                       monkeypatch):
    event = make_event(municipality, officer)
    person, other = UserFactory(), UserFactory()
    registration = events.register_for_event(event=event, user=person)
    with pytest.raises(TransitionNotAllowed):
        events.cancel_registration(registration=registration, actor=other)
    at(monkeypatch, event.starts_at)
    with pytest.raises(TransitionNotAllowed):
        events.cancel_registration(registration=registration, actor=person)
    monkeypatch.undo()
    events.cancel_registration(registration=registration, actor=officer)
    with pytest.raises(TransitionNotAllowed):
        events.cancel_registration(registration=registration, actor=officer)


# --- Cancelling the event ----------------------------------------------------------------------------------------


def test_cancelling_an_event_e_mails_everyone_registered_once(municipality, officer,
                                                              django_capture_on_commit_callbacks):
    event = make_event(municipality, officer, capacity=1)
    holder = UserFactory(email="miejsce@example.org")
    waiting = UserFactory(email="rezerwa@example.org")
    gone = UserFactory(email="zrezygnowal@example.org")
    events.register_for_event(event=event, user=holder)
    events.register_for_event(event=event, user=waiting)
    events.cancel_registration(registration=events.register_for_event(event=event, user=gone), actor=gone)
    with pytest.raises(ValidationError):
        events.cancel_event(event=event, actor=officer, reason="  ")

    with django_capture_on_commit_callbacks(execute=True):
        events.cancel_event(event=event, actor=officer, reason="Sala jest zalana; podamy nowy termin.")

    assert sorted(m.to[0] for m in mail.outbox) == ["miejsce@example.org", "rezerwa@example.org"]
    message = mail.outbox[0]
    assert TITLE in message.subject
    assert "Sala jest zalana; podamy nowy termin." in message.body
    assert f"/jst/koszalin/wydarzenia/{event.pk}/" in message.body
    assert task_notify_event_cancelled(event.pk) == 0
    assert len(mail.outbox) == 2
    with pytest.raises(TransitionNotAllowed):
        events.cancel_event(event=event, actor=officer, reason="Jeszcze raz")
    with pytest.raises(RegistrationClosed):
        events.register_for_event(event=event, user=UserFactory())
    with pytest.raises(TransitionNotAllowed):
        events.update_event(event=event, actor=officer, title="Nowy tytuł")


def test_a_draft_or_a_past_event_cannot_be_cancelled(municipality, officer, monkeypatch):
    draft = make_event(municipality, officer, publish=False)
    with pytest.raises(TransitionNotAllowed):
        events.cancel_event(event=draft, actor=officer, reason="Powód")
    past = make_event(municipality, officer)
    at(monkeypatch, past.ends_at)
    with pytest.raises(TransitionNotAllowed):
        events.cancel_event(event=past, actor=officer, reason="Powód")


# --- Attendance and the tracker -----------------------------------------------------------------------------------


def _held_event(municipality, officer, monkeypatch, **overrides):
    """A published event that took place with two people, one present and one absent."""
    start = timezone.now() - timedelta(days=10)
    at(monkeypatch, start - timedelta(days=20))
    event = make_event(municipality, officer, starts_at=start, ends_at=start + timedelta(hours=3), **overrides)
    present, absent = UserFactory(), UserFactory()
    first = events.register_for_event(event=event, user=present)
    second = events.register_for_event(event=event, user=absent)
    monkeypatch.undo()
    events.record_attendance(event=event, actor=officer, statuses={first.pk: EventAttendance.PRESENT,
                                                                   second.pk: EventAttendance.ABSENT})
    return event


def test_attendance_is_recorded_after_the_start_for_people_with_a_place(municipality, officer, monkeypatch):
    event = make_event(municipality, officer, capacity=1)
    holder, waiting = UserFactory(), UserFactory()
    first = events.register_for_event(event=event, user=holder)
    second = events.register_for_event(event=event, user=waiting)
    with pytest.raises(TransitionNotAllowed):
        events.record_attendance(event=event, actor=officer, statuses={first.pk: EventAttendance.PRESENT})
    at(monkeypatch, event.starts_at + timedelta(hours=1))
    with pytest.raises(ValidationError):
        events.record_attendance(event=event, actor=officer, statuses={second.pk: EventAttendance.PRESENT})
    with pytest.raises(ValidationError):
        events.record_attendance(event=event, actor=officer, statuses={first.pk: "maybe"})
    events.record_attendance(event=event, actor=officer, statuses={first.pk: EventAttendance.PRESENT})
    assert event.attendance_recorded_at == event.starts_at + timedelta(hours=1)
    with scope(municipality=municipality):
        assert events.attendance_summary(event) == {"places": 1, "present": 1, "absent": 0}


def test_a_held_event_with_attendance_is_evidence_on_the_tracker(municipality, officer, monkeypatch, client):
    held = _held_event(municipality, officer, monkeypatch)
    training = _held_event(municipality, officer, monkeypatch, kind=EventKind.NGO_TRAINING,
                           title="Szkolenie: rola rady działalności pożytku publicznego")
    # Not evidence: a published event without attendance, a future one, a draft, another municipality's.
    start = timezone.now() - timedelta(days=3)
    at(monkeypatch, start - timedelta(days=1))
    make_event(municipality, officer, title="Bez listy obecności", starts_at=start, ends_at=start + timedelta(hours=1))
    monkeypatch.undo()
    make_event(municipality, officer, title="Przyszłe spotkanie")
    make_event(municipality, officer, title="Szkic", publish=False)
    other = OfficerFactory()
    _held_event(other.municipality, other.user, monkeypatch, title="Spotkanie w innej gminie")

    evidence = selectors.event_evidence(municipality)
    assert {code: [e.title for e in found] for code, found in
            ((s.code, evidence.get(s.pk, [])) for s in held.standards.all() | training.standards.all())} == {
        "P3.A2.T1.S1": [TITLE], "P3.A2.T2.S1": ["Szkolenie: rola rady działalności pożytku publicznego"]}

    response = english(client).get(reverse("cooperation:tracker", kwargs={"municipality_slug": "koszalin"}))
    html = response.content.decode()
    assert html.count("Evidence on the portal:") == 2
    assert f'href="/jst/koszalin/wydarzenia/{held.pk}/">{TITLE}</a>' in html
    for title in ("Bez listy obecności", "Przyszłe spotkanie", "Szkic", "Spotkanie w innej gminie"):
        assert title not in html


# --- Materials, the calendar file, the CSV ------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content", "kind"), [
    ("prezentacja.pdf", PDF, "pdf"), ("program.docx", DOCX, "docx"), ("slajdy.pptx", PPTX, "pptx"),
    ("notatka.odt", ODT, "odt"),
])
def test_documents_are_accepted_by_their_content(municipality, officer, name, content, kind):
    event = make_event(municipality, officer)
    material = events.add_material(event=event, actor=officer, title="Materiał",
                                   upload=SimpleUploadedFile(name, content), is_public=True)
    assert material.kind == kind
    assert material.file.name.startswith("events/")


@pytest.mark.parametrize(("name", "content"), [
    ("obraz.pdf", PNG), ("dokument.docx", PDF), ("arkusz.docx", XLSX), ("tabela.xlsx", XLSX),
    ("notatka.odt", DOCX), ("zepsuty.pptx", b"PK\x03\x04broken"),
])
def test_other_files_are_refused_whatever_their_name(municipality, officer, name, content):
    event = make_event(municipality, officer)
    with pytest.raises(ValidationError) as error:
        events.add_material(event=event, actor=officer, title="Materiał", upload=SimpleUploadedFile(name, content))
    assert list(error.value.message_dict) == ["file"]
    with scopes_disabled():
        assert not EventMaterial.objects.exists()


def test_a_material_is_a_file_or_a_link_not_both(municipality, officer):
    event = make_event(municipality, officer)
    with pytest.raises(ValidationError):
        events.add_material(event=event, actor=officer, title="Oba", upload=SimpleUploadedFile("a.pdf", PDF),
                            url="https://example.pl/nagranie")
    link = events.add_material(event=event, actor=officer, title="Nagranie", url="https://example.pl/nagranie")
    assert (link.kind, link.url, bool(link.file)) == ("", "https://example.pl/nagranie", False)


def test_the_calendar_file_links_back_and_shows_a_cancellation(municipality, officer):
    event = make_event(municipality, officer, starts_at=warsaw(2027, 6, 10, 10, 0), ends_at=warsaw(2027, 6, 10, 13, 0),
                       online_url="https://meet.example.pl/tajny-pokoj")
    body = events.event_calendar(event, url="https://portal.example.pl/e/1", host="portal.example.pl")
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    lines = body.replace("\r\n ", "").split("\r\n")
    assert "DTSTART:20270610T080000Z" in lines and "DTEND:20270610T110000Z" in lines
    assert f"UID:event-{event.pk}@portal.example.pl" in lines
    assert "URL:https://portal.example.pl/e/1" in lines and "STATUS:CONFIRMED" in lines
    assert "LOCATION:Ratusz\\, ul. Rynek Staromiejski 6-7\\, sala 12" in lines
    assert "tajny-pokoj" not in body
    assert "tajny-pokoj" in events.event_calendar(event, url="u", host="h", with_online_link=True)
    events.cancel_event(event=event, actor=officer, reason="Choroba prowadzącego")
    cancelled = events.event_calendar(event, url="u", host="h")
    assert "STATUS:CANCELLED" in cancelled.split("\r\n")


def test_the_csv_lists_places_then_the_waiting_list_and_is_audited(municipality, officer):
    event = make_event(municipality, officer, capacity=1)
    events.register_for_event(event=event, user=UserFactory(full_name="=HYPERLINK(\"x\")", email="a@example.org"),
                              needs="Tłumacz PJM")
    events.register_for_event(event=event, user=UserFactory(full_name="Beata Nowak", email="b@example.org"))
    with scope(municipality=municipality):
        body = events.registrations_csv(event=event, actor=officer)
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0] == events.CSV_HEADER
    assert [(r[0], r[1], r[2], r[4], r[6]) for r in rows[1:]] == [
        ("1", "'=HYPERLINK(\"x\")", "a@example.org", "miejsce", "Tłumacz PJM"),
        ("2", "Beata Nowak", "b@example.org", "lista_rezerwowa", ""),
    ]
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="cooperation.event_registrations.exported",
                                         target_id=str(event.pk)).count() == 1


# --- Personal data ---------------------------------------------------------------------------------------------------


def test_personal_data_lists_the_persons_registrations(municipality, officer):
    event = make_event(municipality, officer)
    member = MembershipFactory(organization__name="Fundacja Pomocy")
    events.register_for_event(event=event, user=member.user, organization=member.organization, needs="Duży druk")
    [record] = events.personal_data(member.user)
    assert {k: record[k] for k in ("event", "municipality", "on_behalf_of", "accessibility_needs", "waiting_list",
                                   "cancelled_at", "attendance")} == {
        "event": TITLE, "municipality": "Miasto Koszalin", "on_behalf_of": "Fundacja Pomocy",
        "accessibility_needs": "Duży druk", "waiting_list": False, "cancelled_at": None, "attendance": None}
    assert events.personal_data(UserFactory()) == []


def test_forgetting_a_person_frees_coming_places_and_erases_needs(municipality, officer, monkeypatch,
                                                                 django_capture_on_commit_callbacks):
    past_start = timezone.now() - timedelta(days=3)
    at(monkeypatch, past_start - timedelta(days=1))
    past = make_event(municipality, officer, title="Minione", starts_at=past_start,
                      ends_at=past_start + timedelta(hours=1))
    leaving = UserFactory()
    events.register_for_event(event=past, user=leaving, needs="Pętla indukcyjna")
    monkeypatch.undo()
    coming = make_event(municipality, officer, capacity=1)
    events.register_for_event(event=coming, user=leaving, needs="Tłumacz PJM")
    waiting = UserFactory(email="czeka@example.org")
    events.register_for_event(event=coming, user=waiting)
    with django_capture_on_commit_callbacks(execute=True):
        assert events.forget_person(user=leaving) == 1
    with scopes_disabled():
        rows = {(r.event.title, r.user_id == leaving.pk): (r.needs, r.cancelled_at is not None, r.waitlisted)
                for r in EventRegistration.objects.select_related("event")}
    assert rows == {("Minione", True): ("", False, False), (TITLE, True): ("", True, False),
                    (TITLE, False): ("", False, False)}
    assert [m.to for m in mail.outbox] == [["czeka@example.org"]]


# --- Rules: every permission over every role (default deny) ------------------------------------------------------


def _allowed(world, perm, obj) -> set[str]:
    from tests.cooperation.core_roles import ROLES, fresh

    return {role for role in ROLES if fresh(world.user(role)).has_perm(perm, obj)}


@pytest.fixture
def roles():
    from tests.cooperation.core_roles import build_world

    return build_world()


def _role_event(roles, *, publish=True, **overrides):
    officer = roles.user("officer_here")
    return make_event(roles.here, officer, publish=publish, **overrides)


def test_rule_manage_events_is_for_the_municipalitys_officers_and_admins(roles):
    assert _allowed(roles, "cooperation.manage_events", roles.here) == {"officer_here", "admin"}
    assert _allowed(roles, "cooperation.manage_events", roles.elsewhere) == {"officer_elsewhere", "admin"}


def test_rule_a_published_or_cancelled_event_is_public_and_a_draft_is_not(roles):
    from tests.cooperation.core_roles import ROLES

    published = _role_event(roles)
    assert _allowed(roles, "cooperation.view_event", published) == set(ROLES)
    assert _allowed(roles, "cooperation.view_event", _role_event(roles, publish=False)) == {"officer_here", "admin"}
    events.cancel_event(event=published, actor=roles.user("officer_here"), reason="Powód")
    assert _allowed(roles, "cooperation.view_event", published) == set(ROLES)


def test_rule_who_may_register(roles):
    from tests.cooperation.core_roles import ROLES

    signed_in = set(ROLES) - {"anonymous"}
    assert _allowed(roles, "cooperation.register_for_event", _role_event(roles)) == signed_in
    ngo_only = _role_event(roles, audience=EventAudience.NGO_REPRESENTATIVES)
    # Administrators hold every permission; the service still asks them for an organization.
    assert _allowed(roles, "cooperation.register_for_event", ngo_only) == {"editor", "owner", "admin"}
    assert _allowed(roles, "cooperation.register_for_event", _role_event(roles, publish=False)) == {"admin"}


def test_rule_the_registrants_list_is_for_the_officers_alone(roles):
    event = _role_event(roles)
    events.register_for_event(event=event, user=roles.user("resident"))
    assert _allowed(roles, "cooperation.view_event_registrations", event) == {"officer_here", "admin"}


def test_rule_materials(roles):
    from tests.cooperation.core_roles import ROLES

    event = _role_event(roles, capacity=1)
    officer = roles.user("officer_here")
    public = events.add_material(event=event, actor=officer, title="Program", url="https://example.pl/p",
                                 is_public=True)
    private = events.add_material(event=event, actor=officer, title="Slajdy", url="https://example.pl/s")
    events.register_for_event(event=event, user=roles.user("resident"))  # a place
    events.register_for_event(event=event, user=roles.user("editor"))  # the waiting list
    assert _allowed(roles, "cooperation.view_event_material", public) == set(ROLES)
    assert _allowed(roles, "cooperation.view_event_material", private) == {"resident", "officer_here", "admin"}
    draft = _role_event(roles, publish=False)
    hidden = events.add_material(event=draft, actor=officer, title="Szkic", url="https://example.pl/d", is_public=True)
    assert _allowed(roles, "cooperation.view_event_material", hidden) == {"officer_here", "admin"}


# --- Who sees what (leaks) ------------------------------------------------------------------------------------------


def test_a_draft_of_one_municipality_is_invisible_to_another_municipalitys_officer_and_everyone_else(
        municipality, officer):
    draft = make_event(municipality, officer, publish=False, title="Tajny szkic spotkania")
    other = OfficerFactory(municipality__slug="bedzino")
    admin = UserFactory(is_superuser=True, is_staff=True, totp=True)
    detail = reverse("cooperation:event_detail", kwargs={"municipality_slug": "koszalin", "pk": draft.pk})
    elsewhere = reverse("cooperation:event_detail", kwargs={"municipality_slug": "bedzino", "pk": draft.pk})
    listing = reverse("cooperation:event_list", kwargs={"municipality_slug": "koszalin"})
    resident = UserFactory()
    for user in (None, resident, other.user):
        client = Client()
        if user:
            client.force_login(user)
        assert client.get(detail).status_code == 404
        assert client.get(elsewhere).status_code == 404
        assert client.get(detail + "wydarzenie.ics").status_code == 404
        assert "Tajny szkic spotkania" not in client.get(listing).content.decode()
        assert not (user or AnonymousUser()).has_perm("cooperation.view_event", draft)
    for user in (officer, admin):
        client = Client()
        client.force_login(user)
        assert client.get(detail).status_code == 200
        assert "Tajny szkic spotkania" in client.get(listing).content.decode()
    client = Client()
    client.force_login(other.user)
    admin_url = reverse("cooperation:event_admin", kwargs={"municipality_slug": "bedzino", "pk": draft.pk})
    assert client.get(admin_url).status_code == 404
    with scope(municipality=other.municipality):
        assert not selectors.events_visible_to(other.user, other.municipality).filter(pk=draft.pk).exists()


def test_registrants_never_see_each_other(municipality, officer):
    event = make_event(municipality, officer)
    first = UserFactory(full_name="Zofia Pierwsza", email="zofia@example.org")
    second = UserFactory(full_name="Jan Drugi", email="jan@example.org")
    events.register_for_event(event=event, user=first, needs="Potrzebuję tłumacza PJM")
    events.register_for_event(event=event, user=second)
    client = english(Client())
    client.force_login(second)
    kwargs = {"municipality_slug": "koszalin", "pk": event.pk}
    page = client.get(reverse("cooperation:event_detail", kwargs=kwargs)).content.decode()
    for secret in ("Zofia", "zofia@example.org", "tłumacza PJM"):
        assert secret not in page
    assert client.get(reverse("cooperation:event_registrations", kwargs=kwargs)).status_code == 403
    assert client.get(reverse("cooperation:event_registrations_csv", kwargs=kwargs)).status_code == 403
    assert not second.has_perm("cooperation.view_event_registrations", event)
    client.force_login(officer)
    listing = client.get(reverse("cooperation:event_registrations", kwargs=kwargs)).content.decode()
    assert "Zofia Pierwsza" in listing and "Potrzebuję tłumacza PJM" in listing and "Jan Drugi" in listing


def test_materials_public_when_flagged_otherwise_for_people_with_a_place(municipality, officer):
    event = make_event(municipality, officer, capacity=1)
    public = events.add_material(event=event, actor=officer, title="Program",
                                 upload=SimpleUploadedFile("program.pdf", PDF), is_public=True)
    private = events.add_material(event=event, actor=officer, title="Prezentacja dla uczestników",
                                  upload=SimpleUploadedFile("slajdy.pdf", PDF))
    holder, waiting, resident = UserFactory(), UserFactory(), UserFactory()
    events.register_for_event(event=event, user=holder)
    events.register_for_event(event=event, user=waiting)

    def url(material):
        return reverse("cooperation:event_material",
                       kwargs={"municipality_slug": "koszalin", "pk": event.pk, "material_id": material.pk})

    answers = {}
    for name, user in (("anonymous", None), ("resident", resident), ("waiting", waiting), ("holder", holder),
                       ("officer", officer)):
        client = Client()
        if user:
            client.force_login(user)
        answers[name] = (client.get(url(public)).status_code, client.get(url(private)).status_code)
    assert answers == {"anonymous": (200, 302), "resident": (200, 403), "waiting": (200, 403),
                       "holder": (200, 200), "officer": (200, 200)}
    client = Client()
    client.force_login(holder)
    response = client.get(url(private))
    assert response["Content-Disposition"] == 'attachment; filename="prezentacja-dla-uczestnikow.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    resident_client = english(Client())
    resident_client.force_login(resident)
    page = resident_client.get(reverse("cooperation:event_detail",
                                       kwargs={"municipality_slug": "koszalin", "pk": event.pk})).content.decode()
    assert "Program" in page and "Prezentacja dla uczestników" not in page


# --- Pages ---------------------------------------------------------------------------------------------------------


def test_the_public_list_shows_upcoming_and_past_events_and_filters_by_kind(municipality, officer, monkeypatch, client):
    past_start = timezone.now() - timedelta(days=40)
    at(monkeypatch, past_start - timedelta(days=5))
    make_event(municipality, officer, title="Szkolenie z rozliczania dotacji", kind=EventKind.ACCOUNTING_INFO,
               starts_at=past_start, ends_at=past_start + timedelta(hours=2))
    monkeypatch.undo()
    make_event(municipality, officer, capacity=20)
    url = reverse("cooperation:event_list", kwargs={"municipality_slug": "koszalin"})
    html = english(client).get(url).content.decode()
    upcoming, past = html.split('id="past"')
    assert TITLE in upcoming and "20 places left of 20" in upcoming
    assert "Szkolenie z rozliczania dotacji" in past and TITLE not in past
    filtered = client.get(url, {"kind": "accounting_info"}).content.decode()
    assert TITLE not in filtered and "Szkolenie z rozliczania dotacji" in filtered
    assert "No coming event of this kind." in filtered


def test_registering_and_cancelling_through_the_page(municipality, officer):
    event = make_event(municipality, officer, capacity=1)
    member = MembershipFactory(user__full_name="Wiktoria Właścicielska", organization__name="Stowarzyszenie Łąki")
    client = english(Client())
    client.force_login(member.user)
    kwargs = {"municipality_slug": "koszalin", "pk": event.pk}
    detail = reverse("cooperation:event_detail", kwargs=kwargs)
    page = client.get(detail).content.decode()
    assert "1 place left of 1" in page and 'name="needs"' in page and "Stowarzyszenie Łąki" in page
    response = client.post(reverse("cooperation:event_register", kwargs=kwargs),
                           {"organization": member.organization.pk, "needs": "Miejsce dla wózka"}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain == [(detail + "#registration", 302)]
    assert "You are registered. Your place is reserved." in html and "You have a place." in html
    assert "On behalf of Stowarzyszenie Łąki." in html and "Every place is taken" in html
    second = client.post(reverse("cooperation:event_register", kwargs=kwargs), {"needs": ""}, follow=True)
    assert "You are already registered for this event." in second.content.decode()

    other = english(Client())
    other.force_login(UserFactory())
    queued = other.post(reverse("cooperation:event_register", kwargs=kwargs), {"needs": ""}, follow=True)
    assert "you are on the waiting list, position 1" in queued.content.decode()

    cancelled = client.post(reverse("cooperation:event_unregister", kwargs=kwargs), follow=True).content.decode()
    assert "Your registration is cancelled." in cancelled
    assert "You have a place." in other.get(detail).content.decode()


def test_an_ngo_only_event_asks_for_the_organization_and_refuses_a_resident(municipality, officer):
    event = make_event(municipality, officer, audience=EventAudience.NGO_REPRESENTATIVES)
    kwargs = {"municipality_slug": "koszalin", "pk": event.pk}
    client = english(Client())
    client.force_login(UserFactory())
    assert "This event is for representatives of NGOs." in client.get(
        reverse("cooperation:event_detail", kwargs=kwargs)).content.decode()
    assert client.post(reverse("cooperation:event_register", kwargs=kwargs), {}).status_code == 403
    member = MembershipFactory()
    client.force_login(member.user)
    response = client.post(reverse("cooperation:event_register", kwargs=kwargs), {"needs": "Duży druk"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode() and "Duży druk" in response.content.decode()


def test_the_officer_creates_publishes_and_cancels_an_event(municipality, officer, django_capture_on_commit_callbacks):
    client = english(Client())
    client.force_login(officer)
    create = reverse("cooperation:event_create", kwargs={"municipality_slug": "koszalin"})
    form = client.get(create + "?rodzaj=ngo_training").content.decode()
    assert '<option value="ngo_training" selected>' in form
    data = {
        "title": "Warsztaty: jak napisać ofertę", "kind": "ngo_training", "description": "Praktyczne warsztaty.",
        "starts_at": "2030-05-20T10:00", "ends_at": "2030-05-20T14:00", "place": "Centrum Organizacji, sala 2",
        "online_url": "", "capacity": "15", "registration_opens_at": "", "registration_closes_at": "2030-05-18T23:59",
        "audience": "signed_in", "step_free_access": "on", "accessibility_notes": "", "contact_person": "Oskar",
        "contact_email": "ngo@koszalin.example.pl", "contact_phone": "", "standards": [],
    }
    bad = client.post(create, {**data, "ends_at": "2030-05-20T09:00", "capacity": "0"})
    html = bad.content.decode()
    assert bad.status_code == 200 and "The event must end after it starts." in html
    assert "Ensure this value is greater than or equal to 1." in html and "Constraint" not in html
    assert 'value="Warsztaty: jak napisać ofertę"' in html
    response = client.post(create, data)
    with scopes_disabled():
        event = Event.objects.get(title="Warsztaty: jak napisać ofertę")
    assert response.status_code == 302 and response["Location"] == f"/jst/koszalin/wydarzenia/panel/{event.pk}/"
    assert event.starts_at == warsaw(2030, 5, 20, 10, 0)
    assert (event.status, event.capacity, event.step_free_access) == (EventStatus.DRAFT, 15, True)
    assert [s.code for s in event.standards.all()] == ["P3.A2.T2.S1"]
    client.post(reverse("cooperation:event_publish", kwargs={"municipality_slug": "koszalin", "pk": event.pk}))
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    events.register_for_event(event=event, user=UserFactory(email="uczestnik@example.org"))
    cancel = reverse("cooperation:event_cancel", kwargs={"municipality_slug": "koszalin", "pk": event.pk})
    assert "1 person registered receives an e-mail" in client.get(cancel).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(cancel, {"reason": "Zmiana terminu."})
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert [m.to for m in mail.outbox] == [["uczestnik@example.org"]]
    late = english(Client())
    late.force_login(UserFactory())
    refused = late.post(reverse("cooperation:event_register", kwargs={"municipality_slug": "koszalin", "pk": event.pk}),
                        {"needs": ""}, follow=True).content.decode()
    assert "Registration for this event is closed." in refused and "The event is cancelled" in refused


def test_the_officer_records_attendance_and_adds_a_material(municipality, officer, monkeypatch):
    start = timezone.now() - timedelta(hours=2)
    at(monkeypatch, start - timedelta(days=2))
    event = make_event(municipality, officer, starts_at=start, ends_at=start + timedelta(hours=1))
    first = events.register_for_event(event=event, user=UserFactory(full_name="Ala Obecna"))
    second = events.register_for_event(event=event, user=UserFactory(full_name="Ola Nieobecna"))
    monkeypatch.undo()
    client = english(Client())
    client.force_login(officer)
    kwargs = {"municipality_slug": "koszalin", "pk": event.pk}
    page = client.get(reverse("cooperation:event_attendance", kwargs=kwargs)).content.decode()
    assert "Ala Obecna" in page and "<legend>" in page
    client.post(reverse("cooperation:event_attendance", kwargs=kwargs),
                {f"r{first.pk}": "present", f"r{second.pk}": "absent"})
    with scopes_disabled():
        assert dict(EventRegistration.objects.filter(event=event).values_list("user__full_name", "attendance")) == {
            "Ala Obecna": "present", "Ola Nieobecna": "absent"}
    upload = client.post(reverse("cooperation:event_material_create", kwargs=kwargs),
                         {"title": "Prezentacja", "file": SimpleUploadedFile("slajdy.pdf", PDF), "is_public": "on"})
    assert upload.status_code == 302
    refused = client.post(reverse("cooperation:event_material_create", kwargs=kwargs),
                          {"title": "Obraz", "file": SimpleUploadedFile("obraz.pdf", PNG)})
    assert "Upload a PDF, DOCX, ODT or PPTX document." in refused.content.decode()
    with scopes_disabled():
        material = EventMaterial.objects.get(event=event)
    assert (material.title, material.kind, material.is_public) == ("Prezentacja", "pdf", True)
    admin_page = client.get(reverse("cooperation:event_admin", kwargs=kwargs)).content.decode()
    assert "1 present, 1 absent" in admin_page and "Prezentacja" in admin_page
    client.post(reverse("cooperation:event_material_delete", kwargs={**kwargs, "material_id": material.pk}))
    with scopes_disabled():
        assert not EventMaterial.objects.exists()


@pytest.mark.parametrize("name", ["event_admin_list", "event_create"])
def test_officer_pages_refuse_residents_and_other_municipalities_officers(municipality, name):
    url = reverse(f"cooperation:{name}", kwargs={"municipality_slug": "koszalin"})
    for user in (UserFactory(), OfficerFactory().user):
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code == 403
    assert Client().get(url).status_code == 302


def test_my_events_on_the_desk(municipality, officer):
    event = make_event(municipality, officer)
    draft = make_event(municipality, officer, publish=False, title="Szkic")
    user = UserFactory()
    events.register_for_event(event=event, user=user)
    with scopes_disabled():
        EventRegistration.objects.create(event=draft, user=user)  # as if the event went back to draft
    client = english(Client())
    client.force_login(user)
    desk = client.get(reverse("cooperation:dashboard")).content.decode()
    assert "My events" in desk and TITLE in desk and "You have a place" in desk and "Szkic" not in desk
    page = client.get(reverse("cooperation:my_events")).content.decode()
    assert TITLE in page and "Miasto Koszalin" in page and "Szkic" not in page


# --- Query counts --------------------------------------------------------------------------------------------------


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("as_officer", [False, True])
def test_the_list_makes_the_same_queries_at_1_and_30_events(municipality, officer, monkeypatch, as_officer,
                                                           django_assert_num_queries):
    client = english(Client())
    if as_officer:
        client.force_login(officer)
    users = [UserFactory() for _ in range(3)]

    def add(n):
        past = n % 2 == 1
        start = timezone.now() + (timedelta(days=-10 - n) if past else timedelta(days=5 + n))
        at(monkeypatch, start - timedelta(days=30))
        event = make_event(municipality, officer, title=f"Wydarzenie {n:02d}", capacity=2, starts_at=start,
                           ends_at=start + timedelta(hours=2))
        for user in users:
            events.register_for_event(event=event, user=user)
        monkeypatch.undo()

    add(1)  # a past event: both lists run their queries (an empty past list needs none)
    url = reverse("cooperation:event_list", kwargs={"municipality_slug": "koszalin"})
    at_one = _queries(client, url)
    for n in [0, *range(2, 30)]:
        add(n)
    with django_assert_num_queries(at_one):
        response = client.get(url)
    html = response.content.decode()
    assert html.count('class="card event-card"') == 15 + 15  # 15 upcoming, 15 past (one page of 20)
    assert html.count("Every place is taken; 1 person on the waiting list") == 15


def test_the_officer_list_makes_the_same_queries_at_1_and_30_events(municipality, officer,
                                                                    django_assert_num_queries):
    client = english(Client())
    client.force_login(officer)
    make_event(municipality, officer, title="Wydarzenie 00")
    url = reverse("cooperation:event_admin_list", kwargs={"municipality_slug": "koszalin"})
    at_one = _queries(client, url)
    for n in range(1, 30):
        make_event(municipality, officer, title=f"Wydarzenie {n:02d}", publish=n % 2 == 0)
    with django_assert_num_queries(at_one):
        response = client.get(url)
    assert response.content.decode().count("Wydarzenie ") == 30


def test_my_data_lists_registrations_and_deleting_the_account_frees_the_place(municipality, officer):
    from cooperation import services

    event = make_event(municipality, officer, capacity=1)
    leaving = UserFactory()
    events.register_for_event(event=event, user=leaving, needs="Tłumacz PJM")
    waiting = UserFactory()
    events.register_for_event(event=event, user=waiting)
    assert [r["accessibility_needs"] for r in services.export_user_data(leaving)["event_registrations"]] == [
        "Tłumacz PJM"]
    services.delete_account(user=leaving)
    with scopes_disabled():
        registrations = {r.user_id: r for r in EventRegistration.objects.filter(event=event)}
    assert registrations[leaving.pk].cancelled_at is not None and registrations[leaving.pk].needs == ""
    assert registrations[waiting.pk].waitlisted is False
