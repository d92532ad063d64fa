"""The public benefit council (issue #7, legal.md section 6): the NGOs' request (5 organizations, 2 months), terms
(3 years), members by side (NGOs at least half), meetings with attendance (3 consecutive unexcused absences)
and minutes, opinions (14 days, counted in Europe/Warsaw days), who may do and see what, and the pages."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled

from consultations import council, services
from consultations.exceptions import TransitionNotAllowed
from consultations.models import (
    Attendance,
    CouncilMeeting,
    CouncilMember,
    CouncilRequest,
    CouncilRequestStatus,
    CouncilTerm,
    CouncilTermStatus,
    OpinionRequest,
)
from consultations.tasks import task_notify_council_members
from cooperation.enums import MembershipRole, OrganizationLinkStatus
from cooperation.models import AuditEntry
from tests.factories import (
    MembershipFactory,
    OfficerFactory,
    OrganizationFactory,
    OrganizationMunicipalityFactory,
    UserFactory,
)

from .test_services import make

WARSAW = ZoneInfo("Europe/Warsaw")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

pytestmark = pytest.mark.django_db


# --- Builders -------------------------------------------------------------------------------------------------


def warsaw(*args) -> datetime:
    return datetime(*args, tzinfo=WARSAW)


def at(monkeypatch, moment: datetime) -> None:
    """Freeze the clock (services, the due-day logic and localdate all read timezone.now)."""
    monkeypatch.setattr(timezone, "now", lambda: moment)


def confirmed_ngo(municipality, user=None, role=MembershipRole.OWNER, **fields):
    """An organization confirmed in the municipality with `user` as its owner (or editor)."""
    link = OrganizationMunicipalityFactory(municipality=municipality, organization=OrganizationFactory(**fields))
    if user is not None:
        MembershipFactory(organization=link.organization, user=user, role=role)
    return link.organization


def build_term(officer, *, ngos=4, councillors=2, executive=2, publish=True, starts_on=None, emails=False):
    """A term running today with the given number of active members of each side."""
    starts_on = starts_on or timezone.localdate() - timedelta(days=100)
    with scopes_disabled():
        term = council.start_term(municipality=officer.municipality, actor=officer.user, starts_on=starts_on)
        members = []
        for side, count in (("ngos", ngos), ("municipal_council", councillors), ("executive", executive)):
            for n in range(count):
                members.append(council.add_member(
                    term=term, actor=officer.user, full_name=f"{side} {n}", side=side, appointed_on=starts_on,
                    email=f"{side}{n}@rada.example.pl" if emails else "",
                ))
        if publish:
            council.publish_term(term=term, actor=officer.user)
    return term, members


def meeting(officer, term, *, days_ago=10, agenda="1. Otwarcie.\n2. Program współpracy."):
    with scopes_disabled():
        return council.schedule_meeting(term=term, actor=officer.user,
                                        starts_at=timezone.now() - timedelta(days=days_ago), place="Ratusz, sala 1",
                                        agenda=agenda)


def attend(officer, item, members, **overrides):
    statuses = {m.pk: overrides.get(m.full_name, "present") for m in members}
    with scopes_disabled():
        return council.record_attendance(meeting=item, actor=officer.user, statuses=statuses)


@pytest.fixture
def officer():
    return OfficerFactory()


def client_for(user=None) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def url(name, municipality, **kwargs):
    return reverse(f"consultations:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


# --- Dates ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 3, 15), 2, date(2026, 5, 15)),
    (date(2026, 12, 31), 2, date(2027, 2, 28)),
    (date(2027, 12, 31), 2, date(2028, 2, 29)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)),
    (date(2028, 2, 29), 36, date(2031, 2, 28)),
])
def test_months_and_years_end_on_the_same_date_or_the_months_last_day(day, months, expected):
    assert council.add_months(day, months) == expected


def test_a_term_lasts_three_years_unless_the_setting_says_otherwise(settings):
    assert council.default_term_end(date(2026, 3, 1)) == date(2029, 3, 1)
    settings.COUNCIL_TERM_YEARS = 2
    assert council.default_term_end(date(2026, 3, 1)) == date(2028, 3, 1)


# --- The NGOs' request ----------------------------------------------------------------------------------------


def test_the_request_is_filed_when_the_fifth_distinct_confirmed_organization_signs(officer, monkeypatch):
    at(monkeypatch, warsaw(2026, 3, 10, 12, 0))
    municipality = officer.municipality
    people = [UserFactory() for _ in range(5)]
    organizations = [confirmed_ngo(municipality, person) for person in people]
    with scopes_disabled():
        council_request = council.file_council_request(municipality=municipality, organization=organizations[0],
                                                       actor=people[0], justification="Potrzebujemy rady.")
        for person, organization in zip(people[1:4], organizations[1:4], strict=True):
            council.sign_council_request(council_request=council_request, organization=organization, actor=person)
        council_request.refresh_from_db()
        assert (council_request.status, council_request.filed_at, council_request.deadline) == (
            CouncilRequestStatus.COLLECTING, None, None)
        at(monkeypatch, warsaw(2026, 3, 12, 9, 30))
        council.sign_council_request(council_request=council_request, organization=organizations[4], actor=people[4])
        council_request.refresh_from_db()
        assert council_request.status == CouncilRequestStatus.FILED
        assert council_request.filed_at == warsaw(2026, 3, 12, 9, 30)
        assert council_request.deadline == date(2026, 5, 12)
        assert council_request.signatures.count() == 5
        actions = list(AuditEntry.objects.filter(municipality=municipality).values_list("action", flat=True))
    assert actions.count("consultations.council_request.signed") == 5
    assert actions.count("consultations.council_request.filed") == 1


def test_the_same_organization_signs_once_and_a_sixth_signature_keeps_the_filing_date(officer, monkeypatch):
    at(monkeypatch, warsaw(2026, 3, 10, 12, 0))
    municipality = officer.municipality
    owner = UserFactory()
    organizations = [confirmed_ngo(municipality, owner) for _ in range(6)]
    with scopes_disabled():
        council_request = council.file_council_request(municipality=municipality, organization=organizations[0],
                                                       actor=owner)
        with pytest.raises(TransitionNotAllowed):
            council.sign_council_request(council_request=council_request, organization=organizations[0], actor=owner)
        for organization in organizations[1:5]:
            council.sign_council_request(council_request=council_request, organization=organization, actor=owner)
        at(monkeypatch, warsaw(2026, 4, 1, 12, 0))
        council.sign_council_request(council_request=council_request, organization=organizations[5], actor=owner)
        council_request.refresh_from_db()
        assert council_request.signatures.count() == 6
    assert council_request.deadline == date(2026, 5, 10)


def test_unconfirmed_or_foreign_organizations_and_non_members_cannot_sign(officer):
    municipality = officer.municipality
    owner = UserFactory()
    mine = confirmed_ngo(municipality, owner)
    pending = OrganizationMunicipalityFactory(municipality=municipality, status=OrganizationLinkStatus.PENDING)
    MembershipFactory(organization=pending.organization, user=owner)
    elsewhere = confirmed_ngo(OfficerFactory().municipality, owner)
    not_mine = confirmed_ngo(municipality, UserFactory())
    another_of_mine = confirmed_ngo(municipality, owner)
    with scopes_disabled():
        for organization in (pending.organization, elsewhere, not_mine):
            with pytest.raises(ValidationError) as error:
                council.file_council_request(municipality=municipality, organization=organization, actor=owner)
            assert "organization" in error.value.message_dict
        council.file_council_request(municipality=municipality, organization=mine, actor=owner)
        with pytest.raises(TransitionNotAllowed):
            council.file_council_request(municipality=municipality, organization=another_of_mine, actor=owner)
        assert CouncilRequest.objects.count() == 1


@pytest.mark.parametrize(("filed_at", "deadline"), [
    (warsaw(2026, 12, 31, 23, 30), date(2027, 2, 28)),  # 22:30 UTC on 31 December
    (warsaw(2027, 1, 1, 0, 30), date(2027, 3, 1)),  # 23:30 UTC on 31 December, already 1 January in Warsaw
])
def test_the_two_months_run_from_the_warsaw_day_of_filing(filed_at, deadline):
    assert council.request_deadline(filed_at) == deadline


def test_filing_emails_the_officers_once_and_starting_a_term_records_the_council_created(
        officer, monkeypatch, django_capture_on_commit_callbacks):
    at(monkeypatch, warsaw(2026, 3, 12, 9, 30))
    municipality = officer.municipality
    owner = UserFactory()
    organizations = [confirmed_ngo(municipality, owner) for _ in range(5)]
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        council_request = council.file_council_request(municipality=municipality, organization=organizations[0],
                                                       actor=owner)
        for organization in organizations[1:]:
            council.sign_council_request(council_request=council_request, organization=organization, actor=owner)
    assert [m.to for m in mail.outbox] == [[officer.user.email]]
    assert "2026-05-12" in mail.outbox[0].body
    with scopes_disabled():
        term = council.start_term(municipality=municipality, actor=officer.user, starts_on=date(2026, 4, 1))
        council_request.refresh_from_db()
    assert (council_request.status, council_request.term) == (CouncilRequestStatus.FULFILLED, term)
    with scopes_disabled(), pytest.raises(TransitionNotAllowed):
        council.sign_council_request(council_request=council_request, organization=organizations[0], actor=owner)


# --- Terms and members ----------------------------------------------------------------------------------------


def test_a_term_ends_three_years_after_it_starts_and_terms_do_not_overlap(officer):
    with scopes_disabled():
        term = council.start_term(municipality=officer.municipality, actor=officer.user, starts_on=date(2026, 3, 1))
        assert (term.starts_on, term.ends_on, term.status) == (date(2026, 3, 1), date(2029, 3, 1), "draft")
        with pytest.raises(ValidationError) as error:
            council.start_term(municipality=officer.municipality, actor=officer.user, starts_on=date(2029, 3, 1))
        assert "starts_on" in error.value.message_dict
        nxt = council.start_term(municipality=officer.municipality, actor=officer.user, starts_on=date(2029, 3, 2))
        assert nxt.ends_on == date(2032, 3, 2)
        # Another municipality's terms are its own business.
        other = OfficerFactory()
        council.start_term(municipality=other.municipality, actor=other.user, starts_on=date(2026, 3, 1))


def test_the_composition_is_published_only_with_every_side_and_ngos_at_least_half(officer):
    term, members = build_term(officer, ngos=3, councillors=2, executive=2, publish=False)
    with scopes_disabled(), translation.override("en"):
        with pytest.raises(TransitionNotAllowed) as error:
            council.publish_term(term=term, actor=officer.user)
        assert "3 of 7" in str(error.value.message)
        council.add_member(term=term, actor=officer.user, full_name="Czwarta NGO", side="ngos")
        assert council.composition(term).ngo_half_met
        council.publish_term(term=term, actor=officer.user)
        term.refresh_from_db()
    assert term.status == CouncilTermStatus.PUBLISHED


def test_a_side_without_representatives_keeps_the_composition_incomplete(officer):
    term, _members = build_term(officer, ngos=2, councillors=2, executive=0, publish=False)
    with scopes_disabled(), translation.override("en"):
        problems = council.composition(term).problems()
        assert problems == ["Nobody represents the executive (organ wykonawczy)."]
        with pytest.raises(TransitionNotAllowed):
            council.publish_term(term=term, actor=officer.user)


def test_after_publication_an_appointment_that_breaks_the_ngo_half_is_refused(officer):
    term, members = build_term(officer, ngos=4, councillors=2, executive=2)
    with scopes_disabled():
        with pytest.raises(TransitionNotAllowed):
            council.add_member(term=term, actor=officer.user, full_name="Radny trzeci", side="municipal_council")
        council.add_member(term=term, actor=officer.user, full_name="Piąta NGO", side="ngos")
        council.add_member(term=term, actor=officer.user, full_name="Radny trzeci", side="municipal_council")
        # A dismissal may break the rule (the law requires it); the page then warns.
        council.dismiss_member(member=members[0], actor=officer.user, reason="own_request")
        council.dismiss_member(member=members[1], actor=officer.user, reason="incapacity")
        composition = council.composition(term)
    assert (composition.ngo_count, composition.active_count, composition.ngo_half_met) == (3, 8, False)


def test_only_an_ngo_representative_represents_an_organization_confirmed_here(officer):
    term, _members = build_term(officer, publish=False)
    here = confirmed_ngo(officer.municipality)
    elsewhere = confirmed_ngo(OfficerFactory().municipality)
    with scopes_disabled():
        for side, organization in (("executive", here), ("ngos", elsewhere)):
            with pytest.raises(ValidationError) as error:
                council.add_member(term=term, actor=officer.user, full_name="X", side=side, organization=organization)
            assert "organization" in error.value.message_dict
        member = council.add_member(term=term, actor=officer.user, full_name="Anna", side="ngos", organization=here)
    assert member.organization == here


# --- Meetings and attendance ----------------------------------------------------------------------------------


def test_three_consecutive_unexcused_absences_are_flagged_and_allow_the_dismissal(officer):
    term, members = build_term(officer)
    absent, sometimes = members[0], members[1]
    meetings = [meeting(officer, term, days_ago=days) for days in (40, 30, 20, 10)]
    attend(officer, meetings[0], members, **{absent.full_name: "unexcused", sometimes.full_name: "unexcused"})
    attend(officer, meetings[1], members, **{absent.full_name: "unexcused", sometimes.full_name: "excused"})
    attend(officer, meetings[2], members, **{absent.full_name: "unexcused", sometimes.full_name: "unexcused"})
    with scopes_disabled():
        with pytest.raises(ValidationError) as error:
            council.dismiss_member(member=sometimes, actor=officer.user, reason="absences")
        assert "reason" in error.value.message_dict
        flags = council.absence_flags(term)
        assert {pk: [m.number for m in run] for pk, run in flags.items()} == {absent.pk: [1, 2, 3]}
    attend(officer, meetings[3], members, **{sometimes.full_name: "unexcused"})
    with scopes_disabled():
        # 2 unexcused, then excused, then 2 unexcused: never 3 in a row.
        assert set(council.absence_flags(term)) == {absent.pk}
        council.dismiss_member(member=absent, actor=officer.user, reason="absences", note="Zarządzenie nr 5/2026")
        absent.refresh_from_db()
    assert (absent.is_active, absent.dismissal_reason) == (False, "absences")


def test_attendance_needs_every_member_in_office_and_a_started_meeting(officer):
    term, members = build_term(officer)
    later = meeting(officer, term, days_ago=-3)
    earlier = meeting(officer, term, days_ago=5)
    with scopes_disabled():
        with pytest.raises(TransitionNotAllowed):
            council.record_attendance(meeting=later, actor=officer.user, statuses={m.pk: "present" for m in members})
        with pytest.raises(ValidationError):
            council.record_attendance(meeting=earlier, actor=officer.user,
                                      statuses={m.pk: "present" for m in members[1:]})
        newcomer = council.add_member(term=term, actor=officer.user, full_name="Nowa NGO", side="ngos")
        with pytest.raises(ValidationError):  # appointed after the meeting
            council.record_attendance(meeting=earlier, actor=officer.user,
                                      statuses={m.pk: "present" for m in [*members, newcomer]})
        council.record_attendance(meeting=earlier, actor=officer.user, statuses={m.pk: "present" for m in members})
        council.record_attendance(meeting=earlier, actor=officer.user,
                                  statuses={m.pk: "excused" if m == members[0] else "present" for m in members})
        assert Attendance.objects.filter(meeting=earlier).count() == 8
        assert Attendance.objects.get(meeting=earlier, member=members[0]).status == "excused"


def test_meetings_need_a_published_term_and_fall_within_it(officer):
    draft, _members = build_term(officer, publish=False)
    with scopes_disabled(), pytest.raises(TransitionNotAllowed):
        council.schedule_meeting(term=draft, actor=officer.user, starts_at=timezone.now(), place="Ratusz",
                                 agenda="1. Otwarcie.")
    with scopes_disabled():
        CouncilTerm.objects.filter(pk=draft.pk).delete()
    term, _members = build_term(officer)
    with scopes_disabled(), pytest.raises(ValidationError):
        council.schedule_meeting(term=term, actor=officer.user, starts_at=timezone.now() + timedelta(days=4000),
                                 place="Ratusz", agenda="1. Otwarcie.")
    first, second = meeting(officer, term, days_ago=3), meeting(officer, term, days_ago=1)
    assert (first.number, second.number) == (1, 2)


def test_minutes_are_a_checked_pdf_or_text_and_do_not_change_once_published(officer):
    term, _members = build_term(officer)
    item = meeting(officer, term)
    with scopes_disabled():
        with pytest.raises(ValidationError) as error:
            council.save_minutes(meeting=item, actor=officer.user,
                                 upload=SimpleUploadedFile("protokol.pdf", PNG, content_type="application/pdf"))
        assert "minutes_file" in error.value.message_dict
        with pytest.raises(TransitionNotAllowed):
            council.publish_minutes(meeting=item, actor=officer.user)
        council.save_minutes(meeting=item, actor=officer.user, text="Protokół.",
                             upload=SimpleUploadedFile("protokol.pdf", PDF, content_type="application/pdf"))
        council.publish_minutes(meeting=item, actor=officer.user)
        item.refresh_from_db()
        assert item.minutes_published and item.minutes_file.name.endswith(".pdf")
        with pytest.raises(TransitionNotAllowed):
            council.save_minutes(meeting=item, actor=officer.user, text="Zmiana.")


# --- Opinions -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("sent_at", "due"), [
    (warsaw(2026, 3, 1, 23, 30), date(2026, 3, 15)),  # 22:30 UTC on 1 March
    (warsaw(2026, 3, 2, 0, 30), date(2026, 3, 16)),  # 23:30 UTC on 1 March, already 2 March in Warsaw
    (warsaw(2026, 3, 28, 23, 59), date(2026, 4, 11)),  # across the change to summer time
])
def test_the_opinion_is_due_14_warsaw_days_after_delivery(sent_at, due):
    assert council.opinion_due(sent_at) == due


def test_an_opinion_received_before_midnight_warsaw_time_of_the_due_day_is_in_time(officer, monkeypatch):
    build_term(officer, starts_on=date(2026, 1, 1))
    at(monkeypatch, warsaw(2026, 3, 1, 23, 30))
    with scopes_disabled():
        opinion = council.request_opinion(municipality=officer.municipality, actor=officer.user,
                                          subject="Projekt strategii rozwoju")
    assert opinion.due_on == date(2026, 3, 15)
    assert opinion.state(today=date(2026, 3, 15)) == "awaiting"
    assert opinion.state(today=date(2026, 3, 16)) == "waived"
    at(monkeypatch, warsaw(2026, 3, 16, 0, 0))
    with scopes_disabled():
        council.record_opinion(opinion_request=opinion, actor=officer.user, text="Opinia pozytywna.",
                               received_at=warsaw(2026, 3, 15, 23, 59, 59))
    assert opinion.state() == "given"
    opinion.received_at = warsaw(2026, 3, 16, 0, 0)
    assert opinion.state() == "late"


def test_a_late_opinion_is_kept_and_marked_late(officer, monkeypatch):
    build_term(officer, starts_on=date(2026, 1, 1))
    at(monkeypatch, warsaw(2026, 3, 1, 10, 0))
    with scopes_disabled():
        opinion = council.request_opinion(municipality=officer.municipality, actor=officer.user, subject="Projekt")
    at(monkeypatch, warsaw(2026, 3, 16, 0, 5))
    with scopes_disabled():
        council.record_opinion(opinion_request=opinion, actor=officer.user, text="Spóźniona opinia.")
        assert AuditEntry.objects.filter(action="consultations.council_opinion.recorded").get().data["state"] == "late"
        with pytest.raises(TransitionNotAllowed):
            council.record_opinion(opinion_request=opinion, actor=officer.user, text="Druga.")


def test_an_opinion_needs_a_council_and_a_consultation_asks_it_once(officer, django_capture_on_commit_callbacks):
    consultation = make(officer)
    with scopes_disabled(), pytest.raises(TransitionNotAllowed):
        council.request_opinion(municipality=officer.municipality, actor=officer.user, consultation=consultation)
    build_term(officer, emails=True, ngos=2, councillors=1, executive=1)
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        opinion = council.request_opinion(municipality=officer.municipality, actor=officer.user,
                                          consultation=consultation)
    assert opinion.subject == consultation.title
    assert sorted(m.to[0] for m in mail.outbox) == ["executive0@rada.example.pl", "municipal_council0@rada.example.pl",
                                                    "ngos0@rada.example.pl", "ngos1@rada.example.pl"]
    assert opinion.due_on.strftime("%Y-%m-%d") in mail.outbox[0].body
    with scopes_disabled():
        assert task_notify_council_members(opinion.pk) == 0  # once per request
        with pytest.raises(TransitionNotAllowed):
            council.request_opinion(municipality=officer.municipality, actor=officer.user, consultation=consultation)


def test_the_opinion_is_a_checked_pdf_or_text_received_after_delivery(officer):
    build_term(officer)
    with scopes_disabled():
        opinion = council.request_opinion(municipality=officer.municipality, actor=officer.user, subject="Projekt",
                                          sent_at=timezone.now() - timedelta(days=2))
        with pytest.raises(ValidationError) as error:
            council.record_opinion(opinion_request=opinion, actor=officer.user)
        assert "opinion_text" in error.value.message_dict
        with pytest.raises(ValidationError) as error:
            council.record_opinion(opinion_request=opinion, actor=officer.user, text="Opinia.",
                                   received_at=timezone.now() - timedelta(days=3))
        assert "received_at" in error.value.message_dict
        with pytest.raises(ValidationError) as error:
            council.record_opinion(opinion_request=opinion, actor=officer.user,
                                   upload=SimpleUploadedFile("opinia.pdf", PNG))
        assert "opinion_file" in error.value.message_dict
        council.record_opinion(opinion_request=opinion, actor=officer.user,
                               upload=SimpleUploadedFile("opinia.pdf", PDF))
        opinion.refresh_from_db()
    assert opinion.opinion_file and opinion.state() == "given"


def test_the_consultation_report_mentions_the_councils_opinion(officer, monkeypatch):
    build_term(officer)
    consultation = make(officer)
    with scopes_disabled():
        opinion = council.request_opinion(municipality=officer.municipality, actor=officer.user,
                                          consultation=consultation, sent_at=timezone.now() - timedelta(days=1))
        council.record_opinion(opinion_request=opinion, actor=officer.user, text="Rada popiera projekt.")
    later = consultation.closes_at + timedelta(minutes=1)
    at(monkeypatch, later)
    with scopes_disabled():
        report = services.publish_report(consultation=consultation, actor=officer.user, summary="Bez uwag.")
    snapshot = report.content["council_opinion"]
    assert (snapshot["state"], snapshot["text"], snapshot["has_file"]) == ("given", "Rada popiera projekt.", False)
    html = client_for().get(url("report", officer.municipality, pk=consultation.pk)).content.decode()
    assert "Opinion of the public benefit council" in html and "Rada popiera projekt." in html


# --- Rules ----------------------------------------------------------------------------------------------------


def test_rules_officers_manage_members_sign_everyone_reads_what_is_published(officer):
    from django.contrib.auth.models import AnonymousUser

    other = OfficerFactory()
    admin = UserFactory(is_superuser=True, is_staff=True)
    resident = UserFactory()
    owner, editor = UserFactory(), UserFactory()
    organization = confirmed_ngo(officer.municipality, owner)
    MembershipFactory(organization=organization, user=editor, role=MembershipRole.EDITOR)
    anonymous = AnonymousUser()
    municipality = officer.municipality
    assert {u.pk for u in (officer.user, other.user, admin, resident)
            if u.has_perm("consultations.manage_council", municipality)} == {officer.user.pk, admin.pk}
    assert [u.has_perm("consultations.sign_council_request", organization)
            for u in (owner, editor, resident, officer.user, anonymous)] == [True, True, False, False, False]

    term, members = build_term(officer, publish=False)
    with scopes_disabled():
        assert [u.has_perm("consultations.view_council_term", term)
                for u in (anonymous, resident, other.user, officer.user, admin)] == [False, False, False, True, True]
        council.add_member(term=term, actor=officer.user, full_name="NGO", side="ngos")
        council.publish_term(term=term, actor=officer.user)
        term.refresh_from_db()
        assert anonymous.has_perm("consultations.view_council_term", term)
    item = meeting(officer, term)
    with scopes_disabled():
        council.save_minutes(meeting=item, actor=officer.user, text="Protokół.")
        item = CouncilMeeting.objects.select_related("term").get(pk=item.pk)
        assert [u.has_perm("consultations.view_council_minutes", item)
                for u in (anonymous, resident, other.user, officer.user, admin)] == [False, False, False, True, True]
        council.publish_minutes(meeting=item, actor=officer.user)
        item.refresh_from_db()
        assert anonymous.has_perm("consultations.view_council_minutes", item)

        draft = make(officer, publish=False)
        hidden = council.request_opinion(municipality=municipality, actor=officer.user, consultation=draft)
        general = council.request_opinion(municipality=municipality, actor=officer.user, subject="Strategia")
        assert [u.has_perm("consultations.view_council_opinion", hidden)
                for u in (anonymous, other.user, officer.user)] == [False, False, True]
        assert anonymous.has_perm("consultations.view_council_opinion", general)


# --- Public pages ---------------------------------------------------------------------------------------------


def _populated(officer):
    term, members = build_term(officer)
    first, second = meeting(officer, term, days_ago=20, agenda="1. Wybór prezydium."), meeting(officer, term, days_ago=5)
    attend(officer, first, members)
    with scopes_disabled():
        council.save_minutes(meeting=first, actor=officer.user, text="Wybrano przewodniczącą Rady.")
        council.publish_minutes(meeting=first, actor=officer.user)
        council.save_minutes(meeting=second, actor=officer.user, text="POUFNY SZKIC PROTOKOŁU")
        council.request_opinion(municipality=officer.municipality, actor=officer.user, subject="Strategia rozwoju 2030")
        council.request_opinion(municipality=officer.municipality, actor=officer.user,
                                consultation=make(officer, publish=False))
    return term, members, first, second


def test_the_public_council_page_shows_members_by_side_meetings_minutes_and_opinions(officer):
    term, members, first, second = _populated(officer)
    response = client_for().get(url("council", officer.municipality))
    html = response.content.decode()
    assert response.status_code == 200
    assert [m.full_name for m in response.context["composition"].by_side["ngos"]] == [
        "ngos 0", "ngos 1", "ngos 2", "ngos 3"]
    for text in ("Representatives of NGOs", "Representatives of the municipal council", "executive 1",
                 "Strategia rozwoju 2030", url("council_meeting", officer.municipality, pk=first.pk),
                 "8 in total, of whom 4 represent NGOs"):
        assert text in html, text
    # The opinion on a draft consultation and the unpublished minutes stay with the officers.
    assert [o.subject for o in response.context["opinions"]] == ["Strategia rozwoju 2030"]
    assert "POUFNY" not in html and "@rada.example.pl" not in html


def test_the_public_council_page_makes_the_same_number_of_queries_at_one_and_many_rows(officer):
    term, members = build_term(officer, ngos=1, councillors=0, executive=0, publish=False)
    with scopes_disabled():
        CouncilTerm.objects.filter(pk=term.pk).update(status=CouncilTermStatus.PUBLISHED)
    item = meeting(officer, term)
    with scopes_disabled():
        council.request_opinion(municipality=officer.municipality, actor=officer.user, subject="Projekt 1")
    client = client_for()
    with CaptureQueriesContext(connection) as one:
        assert client.get(url("council", officer.municipality)).status_code == 200
    with scopes_disabled():
        for n in range(12):
            council.add_member(term=term, actor=officer.user, full_name=f"NGO {n}", side="ngos",
                               organization=confirmed_ngo(officer.municipality))
            council.request_opinion(municipality=officer.municipality, actor=officer.user, subject=f"Projekt {n + 2}")
    for _ in range(6):
        meeting(officer, term)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url("council", officer.municipality))
    assert len(response.context["meetings"]) == 7 and len(response.context["opinions"]) == 13
    assert len(many) == len(one)
    assert item.pk


def test_unpublished_minutes_are_for_officers_and_published_ones_for_everyone(officer):
    term, members, first, second = _populated(officer)
    with scopes_disabled():
        council.save_minutes(meeting=second, actor=officer.user, text="POUFNY SZKIC PROTOKOŁU",
                             upload=SimpleUploadedFile("protokol.pdf", PDF))
    public, staff = client_for(), client_for(officer.user)
    page = public.get(url("council_meeting", officer.municipality, pk=second.pk)).content.decode()
    assert "POUFNY" not in page and "The minutes are not published yet." in page
    assert public.get(url("council_minutes_file", officer.municipality, pk=second.pk)).status_code == 404
    page = staff.get(url("council_meeting", officer.municipality, pk=second.pk)).content.decode()
    assert "POUFNY SZKIC PROTOKOŁU" in page and "only the municipality's officers see" in page
    assert staff.get(url("council_minutes_file", officer.municipality, pk=second.pk)).status_code == 200
    with scopes_disabled():
        council.publish_minutes(meeting=second, actor=officer.user)
    response = public.get(url("council_minutes_file", officer.municipality, pk=second.pk))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="protokol-posiedzenia-2.pdf"'
    assert b"".join(response.streaming_content) == PDF
    page = public.get(url("council_meeting", officer.municipality, pk=first.pk)).content.decode()
    assert "Wybrano przewodniczącą Rady." in page and "ngos 0" in page  # minutes and attendance


def test_a_municipalitys_draft_term_and_unpublished_minutes_never_reach_another_municipality(officer):
    term, members, first, second = _populated(officer)
    draft_officer = OfficerFactory()
    draft_term, _ = build_term(draft_officer, publish=False)
    with scopes_disabled():
        CouncilMember.objects.filter(term=draft_term).update(full_name="TAJNY KANDYDAT")
    stranger = OfficerFactory()
    client = client_for(stranger.user)
    here, there = officer.municipality, draft_officer.municipality
    # Under the other municipality's own address: nothing unpublished shows.
    assert "TAJNY" not in client.get(url("council", there)).content.decode()
    assert client.get(url("council", there)).context["term"] is None
    assert "POUFNY" not in client.get(url("council_meeting", here, pk=second.pk)).content.decode()
    # Officer pages of another municipality are refused; its records under one's own address are not found.
    for name, pk in (("council_term_admin", draft_term.pk), ("council_meeting_admin", second.pk)):
        assert client.get(url(name, here if name == "council_meeting_admin" else there, pk=pk)).status_code == 403
    assert client.get(url("council_term_admin", stranger.municipality, pk=draft_term.pk)).status_code == 404
    assert client.get(url("council_meeting_admin", stranger.municipality, pk=second.pk)).status_code == 404
    assert client.get(url("council_meeting", stranger.municipality, pk=second.pk)).status_code == 404
    with scope(municipality=stranger.municipality):
        assert CouncilMeeting.objects.count() == 0 and CouncilMember.objects.count() == 0


# --- The NGOs' request page -----------------------------------------------------------------------------------


def test_an_owner_starts_the_request_and_an_editor_of_another_organization_signs_it(officer):
    owner, editor, resident = UserFactory(), UserFactory(), UserFactory()
    first = confirmed_ngo(officer.municipality, owner, name="Fundacja Pierwsza")
    second = confirmed_ngo(officer.municipality, editor, role=MembershipRole.EDITOR, name="Stowarzyszenie Drugie")
    page = url("council_request", officer.municipality)
    client = client_for(owner)
    assert "Start the request and sign it" in client.get(page).content.decode()
    response = client.post(page, {"organization": first.pk, "justification": "Chcemy rady."})
    assert response.status_code == 302
    response = client_for(editor).post(page, {"organization": second.pk}, follow=True)
    assert "Stowarzyszenie Drugie has signed the request." in messages_of(response)
    html = response.content.decode()
    assert "Fundacja Pierwsza" in html and "3 more needed" in html
    # A resident has nothing to sign with; posting someone else's organization is refused.
    resident_page = client_for(resident).get(page).content.decode()
    assert "None of your organizations can sign now" in resident_page
    response = client_for(resident).post(page, {"organization": confirmed_ngo(officer.municipality).pk})
    assert response.status_code == 200 and response.context["form"].errors["organization"]
    with scopes_disabled():
        assert CouncilRequest.objects.get().signatures.count() == 2
    assert client_for().get(page).status_code == 302


# --- The officer's pages --------------------------------------------------------------------------------------


def test_the_officer_starts_a_term_appoints_members_and_publishes_only_a_complete_composition(officer):
    staff = client_for(officer.user)
    municipality = officer.municipality
    response = staff.post(url("council_term_create", municipality), {
        "starts_on": "2026-03-01", "ends_on": "", "resolution_number": "Zarządzenie nr 1/2026", "resolution_date": "",
    })
    with scopes_disabled():
        term = CouncilTerm.objects.get()
    assert response["Location"] == url("council_term_admin", municipality, pk=term.pk)
    assert (term.starts_on, term.ends_on) == (date(2026, 3, 1), date(2029, 3, 1))
    organization = confirmed_ngo(municipality)
    add = url("council_member_add", municipality, pk=term.pk)
    assert staff.post(add, {"full_name": "Anna NGO", "side": "ngos", "organization": organization.pk,
                            "appointed_on": "2026-03-01"}).status_code == 302
    staff.post(add, {"full_name": "Jan Radny", "side": "municipal_council", "appointed_on": "2026-03-01"})
    response = staff.post(add, {"full_name": "", "side": "executive"})
    assert response.status_code == 200 and "full_name" in response.context["form"].errors
    response = staff.get(url("council_term_admin", municipality, pk=term.pk))
    assert [str(p) for p in response.context["problems"]] == ["Nobody represents the executive (organ wykonawczy)."]
    response = staff.post(url("council_term_publish", municipality, pk=term.pk), follow=True)
    assert messages_of(response) == ["Nobody represents the executive (organ wykonawczy)."]
    staff.post(add, {"full_name": "Ewa Zastępczyni", "side": "executive", "appointed_on": "2026-03-02"})
    response = staff.get(url("council_term_admin", municipality, pk=term.pk))
    assert [str(p) for p in response.context["problems"]] == [
        "NGO representatives must be at least half of the members: now 1 of 3."]
    response = staff.post(add, {"full_name": "Piotr NGO", "side": "ngos", "appointed_on": "2026-03-01"}, follow=True)
    assert messages_of(response) == ["Piotr NGO is appointed."]
    response = staff.post(url("council_term_publish", municipality, pk=term.pk), follow=True)
    assert messages_of(response) == ["The composition of the council is published."]
    assert "Anna NGO" in client_for().get(url("council", municipality)).content.decode()


def test_the_officer_records_attendance_is_warned_of_absences_and_publishes_minutes(officer):
    term, members = build_term(officer)
    meetings = [meeting(officer, term, days_ago=d) for d in (30, 20)]
    for item in meetings:
        attend(officer, item, members, **{"ngos 0": "unexcused"})
    staff = client_for(officer.user)
    third = meeting(officer, term, days_ago=10)
    attendance_url = url("council_attendance", officer.municipality, pk=third.pk)
    form = staff.get(attendance_url).context["form"]
    assert len(form.fields) == 8
    data = {f"m{m.pk}": "unexcused" if m.full_name == "ngos 0" else "present" for m in members}
    response = staff.post(attendance_url, data, follow=True)
    assert messages_of(response) == [
        "The attendance is saved.",
        "ngos 0 has been absent without excuse from 3 consecutive meetings: a ground for dismissal "
        "(art. 41g ust. 2 of the act).",
    ]
    incomplete = staff.post(attendance_url, {f"m{members[0].pk}": "present"})
    assert incomplete.status_code == 200 and incomplete.context["form"].errors
    minutes_url = url("council_minutes_edit", officer.municipality, pk=third.pk)
    bad = staff.post(minutes_url, {"minutes_text": "", "minutes_file": SimpleUploadedFile("p.pdf", PNG)})
    assert bad.status_code == 200 and "minutes_file" in bad.context["form"].errors
    response = staff.post(minutes_url, {"minutes_text": "Protokół posiedzenia.",
                                        "minutes_file": SimpleUploadedFile("p.pdf", PDF)}, follow=True)
    assert messages_of(response) == ["The minutes are saved. They are public once you publish them."]
    response = staff.post(url("council_minutes_publish", officer.municipality, pk=third.pk), follow=True)
    assert messages_of(response) == ["The minutes are published."]
    dismiss = url("council_member_dismiss", officer.municipality, pk=members[0].pk)
    response = staff.post(dismiss, {"reason": "absences", "dismissed_on": timezone.localdate().isoformat(),
                                    "note": "Zarządzenie nr 9/2026"})
    assert response.status_code == 302
    with scopes_disabled():
        members[0].refresh_from_db()
    assert members[0].dismissal_reason == "absences"


def test_the_officer_requests_the_opinion_on_a_consultation_records_it_and_the_public_page_shows_it(officer):
    build_term(officer)
    consultation = make(officer)
    staff = client_for(officer.user)
    admin_page = url("admin", officer.municipality, pk=consultation.pk)
    assert "Request the council's opinion" in staff.get(admin_page).content.decode()
    detail = url("detail", officer.municipality, pk=consultation.pk)
    assert "Opinion of the public benefit council" not in client_for().get(detail).content.decode()
    response = staff.post(url("council_opinion_for_consultation", officer.municipality, pk=consultation.pk))
    assert response["Location"] == admin_page
    with scopes_disabled():
        opinion = OpinionRequest.objects.get(consultation=consultation)
    due = opinion.due_on
    assert due == timezone.localdate() + timedelta(days=14)
    html = client_for().get(detail).content.decode()
    assert "requested, due" in html and f'datetime="{due:%Y-%m-%d}"' in html
    html = staff.get(admin_page).content.decode()
    assert "Record the opinion" in html and 'name="wroc" value="konsultacja"' in html
    response = staff.post(url("council_opinion_record", officer.municipality, pk=opinion.pk), {
        "opinion_text": "Rada pozytywnie opiniuje projekt.", "received_at": "", "wroc": "konsultacja",
        "opinion_file": SimpleUploadedFile("opinia.pdf", PDF),
    })
    assert response["Location"] == admin_page
    html = client_for().get(detail).content.decode()
    assert "Rada pozytywnie opiniuje projekt." in html and "opinion given" in html
    assert url("council_opinion_file", officer.municipality, pk=opinion.pk) in html
    assert client_for().get(url("council_opinion_file", officer.municipality, pk=opinion.pk)).status_code == 200


def test_a_general_opinion_request_and_the_waiver_after_the_due_day(officer, monkeypatch):
    build_term(officer, starts_on=date(2026, 1, 1))
    at(monkeypatch, warsaw(2026, 3, 1, 12, 0))
    staff = client_for(officer.user)
    response = staff.post(url("council_opinion_create", officer.municipality),
                          {"subject": "", "consultation": "", "description": "", "sent_at": ""})
    assert response.status_code == 200 and "subject" in response.context["form"].errors
    response = staff.post(url("council_opinion_create", officer.municipality),
                          {"subject": "Projekt strategii rozwoju 2030", "description": "Prosimy o opinię.",
                           "sent_at": "2026-03-01T09:00"}, follow=True)
    assert messages_of(response) == ["The council is asked for its opinion by 2026-03-15."]
    with scopes_disabled():
        opinion = OpinionRequest.objects.get()
    at(monkeypatch, warsaw(2026, 3, 16, 0, 1))
    html = client_for().get(url("council_opinion", officer.municipality, pk=opinion.pk)).content.decode()
    assert "no opinion given in time (waiver)" in html and "waived its right to give one" in html


def test_council_pages_are_refused_to_residents_ngos_and_other_municipalities(officer):
    term, members = build_term(officer)
    item = meeting(officer, term)
    consultation = make(officer)
    municipality = officer.municipality
    pages = [("get", url("council_admin", municipality)), ("get", url("council_term_create", municipality)),
             ("get", url("council_term_admin", municipality, pk=term.pk)),
             ("get", url("council_member_add", municipality, pk=term.pk)),
             ("get", url("council_member_dismiss", municipality, pk=members[0].pk)),
             ("get", url("council_meeting_admin", municipality, pk=item.pk)),
             ("get", url("council_attendance", municipality, pk=item.pk)),
             ("get", url("council_opinion_list", municipality)),
             ("post", url("council_opinion_for_consultation", municipality, pk=consultation.pk)),
             ("post", url("council_term_publish", municipality, pk=term.pk))]
    owner = UserFactory()
    confirmed_ngo(municipality, owner)
    for user in (UserFactory(), owner, OfficerFactory().user):
        client = client_for(user)
        assert [getattr(client, method)(page).status_code for method, page in pages] == [403] * len(pages)
    assert all(getattr(client_for(), m)(p).status_code == 302 for m, p in pages)
    with scopes_disabled():
        assert OpinionRequest.objects.count() == 0
    staff = client_for(officer.user)
    assert [staff.get(page).status_code for method, page in pages if method == "get"] == [200] * 8


def test_the_officer_overview_shows_the_filed_request_and_its_deadline(officer, monkeypatch):
    at(monkeypatch, warsaw(2026, 3, 12, 9, 30))
    owner = UserFactory()
    organizations = [confirmed_ngo(officer.municipality, owner) for _ in range(5)]
    with scopes_disabled():
        council_request = council.file_council_request(municipality=officer.municipality,
                                                       organization=organizations[0], actor=owner)
        for organization in organizations[1:]:
            council.sign_council_request(council_request=council_request, organization=organization, actor=owner)
    staff = client_for(officer.user)
    html = staff.get(url("council_admin", officer.municipality)).content.decode()
    assert "the council must be created by 12 May 2026" in html
    at(monkeypatch, warsaw(2026, 5, 13, 0, 1))
    response = client_for(officer.user).get(url("council_admin", officer.municipality))
    assert response.context["request_overdue"] is True
    assert "The council had to be created by 12 May 2026" in response.content.decode()
    assert "the deadline has passed" in client_for().get(url("council", officer.municipality)).content.decode()


@pytest.mark.parametrize("page", ["council_admin", "council_term_admin", "council_opinion_list"])
def test_the_officers_list_pages_make_the_same_number_of_queries_at_one_and_many_rows(officer, page):
    term, members = build_term(officer, ngos=1, councillors=0, executive=0, publish=False)
    with scopes_disabled():
        CouncilTerm.objects.filter(pk=term.pk).update(status=CouncilTermStatus.PUBLISHED)
        council.request_opinion(municipality=officer.municipality, actor=officer.user, consultation=make(officer))
    attend(officer, meeting(officer, term), members)
    staff = client_for(officer.user)
    address = url(page, officer.municipality, **({"pk": term.pk} if page == "council_term_admin" else {}))
    with CaptureQueriesContext(connection) as one:
        assert staff.get(address).status_code == 200
    with scopes_disabled():
        for n in range(10):
            members.append(council.add_member(term=term, actor=officer.user, full_name=f"NGO {n}", side="ngos",
                                              organization=confirmed_ngo(officer.municipality),
                                              appointed_on=term.starts_on))
            council.request_opinion(municipality=officer.municipality, actor=officer.user, consultation=make(officer))
        CouncilTerm.objects.create(municipality=officer.municipality, starts_on=date(2020, 1, 1),
                                   ends_on=date(2023, 1, 1), created_by=officer.user)
    for days in (3, 2, 1):
        attend(officer, meeting(officer, term, days_ago=days), members)
    with CaptureQueriesContext(connection) as many:
        response = staff.get(address)
    assert response.status_code == 200
    assert len(many) == len(one), page
    if page == "council_opinion_list":
        assert len(response.context["opinions"]) == 11
    if page == "council_term_admin":
        assert len(response.context["meetings"]) == 4 and response.context["composition"].ngo_count == 11
