"""Deadline, open-task and evidence providers of the existing features, on crafted data: exact titles, dates,
links and legal bases; another municipality's records never show."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled

from consultations import providers as consultation_providers
from consultations.enums import Addressees, ConsultationStatus, Subject
from consultations.models import (
    Comment,
    Consultation,
    ConsultationRules,
    CouncilMeeting,
    CouncilRequest,
    CouncilRequestStatus,
    CouncilTerm,
    CouncilTermStatus,
    OpinionRequest,
    Report,
)
from cooperation import providers as cooperation_providers
from cooperation.enums import OrganizationLinkStatus
from cooperation.features import Evidence, OpenTask
from grants import providers as grant_providers
from grants.enums import CallStatus, ContractStatus, OfferStatus, ReportKind, ReportStatus
from grants.models import GrantRules
from self_assessment import providers as lijw_providers
from self_assessment.enums import EditionStatus, RecommendationStatus
from self_assessment.models import Edition, NoteRevision, Recommendation
from tests.factories import (
    MunicipalityFactory,
    OfficerFactory,
    OrganizationFactory,
    OrganizationMunicipalityFactory,
)
from tests.grants.award_factories import make_awarded_offer, make_contract, make_report, make_small_grant
from tests.grants.factories import make_call
from tests.grants.offer_factories import make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def municipality():
    return MunicipalityFactory(name="Gmina Tutejsza", slug="tutejsza")


@pytest.fixture
def elsewhere():
    return MunicipalityFactory(name="Gmina Obca", slug="obca")


def run(provider, municipality, *args):
    with scope(municipality=municipality):
        return list(provider(municipality, *args))


def rows(deadlines):
    return [(d.due, d.title, d.url, d.basis, d.feature) for d in deadlines]


# --- Consultations --------------------------------------------------------------------------------------------


def consultation(municipality, title, *, closes_in_days, status=ConsultationStatus.PUBLISHED,
                 subject=Subject.LOCAL_LAW):
    closes = timezone.now().replace(microsecond=0) + timedelta(days=closes_in_days)
    with scopes_disabled():
        return Consultation.objects.create(
            municipality=municipality, title=title, subject=subject, addressees=Addressees.NGOS, forms=["online"],
            opens_at=closes - timedelta(days=21), closes_at=closes, contact_person="Oskar Pełnomocnik",
            contact_email="ngo@example.pl", status=status)


def comment(consultation_, *, answered=False):
    with scopes_disabled():
        return Comment.objects.create(consultation=consultation_, author_name="Jan Mieszkaniec",
                                      justification="Uzasadnienie",
                                      answered_at=timezone.now() if answered else None)


def test_consultation_deadlines_are_the_close_and_the_report_due_by_the_rules(municipality, elsewhere):
    with scopes_disabled():
        ConsultationRules.objects.create(municipality=municipality, report_days=21,
                                         resolution="Uchwała nr XII/100/2025")
    running = consultation(municipality, "Program współpracy 2027", closes_in_days=5)
    closed = consultation(municipality, "Uchwała o targowiskach", closes_in_days=-2)
    consultation(municipality, "Szkic", closes_in_days=10, status=ConsultationStatus.DRAFT)
    consultation(municipality, "Z raportem", closes_in_days=-30, status=ConsultationStatus.REPORT_PUBLISHED)
    consultation(elsewhere, "Obca konsultacja", closes_in_days=5)

    found = run(consultation_providers.consultation_deadlines, municipality, timezone.localdate())

    assert rows(found) == [
        (timezone.localdate(closed.closes_at) + timedelta(days=21), "Consultation report due: Uchwała o targowiskach",
         f"/jst/tutejsza/konsultacje/panel/{closed.pk}/raport/", "Uchwała nr XII/100/2025", "consultations"),
        (running.closes_at, "Consultation closes: Program współpracy 2027",
         f"/jst/tutejsza/konsultacje/panel/{running.pk}/", "", "consultations"),
    ]


def test_consultation_report_due_uses_the_default_days_without_saved_rules(municipality):
    closed = consultation(municipality, "Uchwała", closes_in_days=-1)
    [deadline] = run(consultation_providers.consultation_deadlines, municipality, timezone.localdate())
    assert (deadline.due, deadline.basis) == (timezone.localdate(closed.closes_at) + timedelta(days=14), "")
    with scopes_disabled():
        assert not ConsultationRules.objects.exists()  # reading creates nothing


def test_consultation_tasks_are_unanswered_comments_and_reports_of_closed_consultations(municipality, elsewhere):
    closed = consultation(municipality, "Uchwała o targowiskach", closes_in_days=-2)
    comment(closed), comment(closed), comment(closed, answered=True)
    answered = consultation(municipality, "Strategia", closes_in_days=-3)
    comment(answered, answered=True)
    running = consultation(municipality, "Trwa", closes_in_days=3)
    comment(running)
    other = consultation(elsewhere, "Obca", closes_in_days=-2)
    comment(other)

    tasks = run(consultation_providers.consultation_tasks, municipality)

    assert tasks == [
        OpenTask(title="Comments to answer: Uchwała o targowiskach",
                 url=f"/jst/tutejsza/konsultacje/panel/{closed.pk}/uwagi/", count=2, feature="consultations"),
        OpenTask(title="Consultation report to publish: Strategia",
                 url=f"/jst/tutejsza/konsultacje/panel/{answered.pk}/raport/", feature="consultations"),
        OpenTask(title="Consultation report to publish: Uchwała o targowiskach",
                 url=f"/jst/tutejsza/konsultacje/panel/{closed.pk}/raport/", feature="consultations"),
    ]


def test_consultation_evidence_is_published_reports_and_planning_documents_among_them(municipality, elsewhere):
    law = consultation(municipality, "Uchwała o targowiskach", closes_in_days=-40,
                       status=ConsultationStatus.REPORT_PUBLISHED)
    programme = consultation(municipality, "Program współpracy 2027", closes_in_days=-20,
                             status=ConsultationStatus.REPORT_PUBLISHED, subject=Subject.COOPERATION_PROGRAMME)
    consultation(municipality, "Bez raportu", closes_in_days=-5)
    consultation(elsewhere, "Obca", closes_in_days=-5, status=ConsultationStatus.REPORT_PUBLISHED)
    published = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.get_current_timezone())
    with scopes_disabled():
        Report.objects.create(consultation=law, number=1, content={}, published_at=published - timedelta(days=30))
        Report.objects.create(consultation=programme, number=1, content={}, published_at=published)

    with scope(municipality=municipality):
        found = consultation_providers.consultation_evidence(municipality)

    assert found == {
        "P1.A4.T2.S1": [
            Evidence("Consultation report: Program współpracy 2027",
                     f"/jst/tutejsza/konsultacje/{programme.pk}/raport/", date(2026, 3, 2)),
            Evidence("Consultation report: Uchwała o targowiskach",
                     f"/jst/tutejsza/konsultacje/{law.pk}/raport/", date(2026, 1, 31)),
        ],
        "P1.A3.T2.S1": [Evidence("Consultation report: Program współpracy 2027",
                                 f"/jst/tutejsza/konsultacje/{programme.pk}/raport/", date(2026, 3, 2))],
    }


# --- The public benefit council -------------------------------------------------------------------------------


def term(municipality, *, status=CouncilTermStatus.PUBLISHED, starts_on=date(2025, 1, 1), ends_on=date(2027, 12, 31)):
    with scopes_disabled():
        return CouncilTerm.objects.create(municipality=municipality, starts_on=starts_on, ends_on=ends_on,
                                          status=status,
                                          published_at=timezone.now() if status == CouncilTermStatus.PUBLISHED
                                          else None)


def test_council_deadlines_carry_their_statutory_basis(municipality, elsewhere):
    today = timezone.localdate()
    current = term(municipality, ends_on=today + timedelta(days=40))
    in_two_days = timezone.now().replace(microsecond=0) + timedelta(days=2)
    with scopes_disabled():
        waiting = OpinionRequest.objects.create(municipality=municipality, term=current, subject="Projekt strategii",
                                                sent_at=timezone.now(), due_on=today + timedelta(days=14))
        OpinionRequest.objects.create(municipality=municipality, term=current, subject="Już zaopiniowany",
                                      sent_at=timezone.now(), due_on=today + timedelta(days=3),
                                      received_at=timezone.now())
        OpinionRequest.objects.create(municipality=municipality, term=current, subject="Po terminie",
                                      sent_at=timezone.now() - timedelta(days=20), due_on=today - timedelta(days=6))
        CouncilRequest.objects.create(municipality=municipality, status=CouncilRequestStatus.FILED,
                                      filed_at=timezone.now(), deadline=today + timedelta(days=50))
        meeting = CouncilMeeting.objects.create(term=current, number=4, starts_at=in_two_days, place="Ratusz",
                                                agenda="Opinia")
        CouncilMeeting.objects.create(term=current, number=3, starts_at=timezone.now() - timedelta(days=30),
                                      place="Ratusz", agenda="Opinia")
        other_term = term(elsewhere)
        OpinionRequest.objects.create(municipality=elsewhere, term=other_term, subject="Obcy projekt",
                                      sent_at=timezone.now(), due_on=today + timedelta(days=14))

    found = run(consultation_providers.council_deadlines, municipality, today)

    assert rows(found) == [
        (today + timedelta(days=14), "Opinion of the public benefit council due: Projekt strategii",
         f"/jst/tutejsza/konsultacje/rada/panel/opinie/{waiting.pk}/", "art. 41i ust. 2", "council"),
        (today + timedelta(days=50), "Create the public benefit council requested by the organizations",
         "/jst/tutejsza/konsultacje/rada/panel/", "art. 41e ust. 1", "council"),
        (today + timedelta(days=40), f"Term of the public benefit council ends (2025–{current.ends_on.year})",
         f"/jst/tutejsza/konsultacje/rada/panel/kadencja/{current.pk}/", "art. 41e ust. 3", "council"),
        (in_two_days, "Meeting no. 4 of the public benefit council",
         f"/jst/tutejsza/konsultacje/rada/panel/posiedzenia/{meeting.pk}/", "", "council"),
    ]


def test_council_tasks_are_a_filed_request_and_minutes_to_publish(municipality):
    current = term(municipality)
    with scopes_disabled():
        CouncilRequest.objects.create(municipality=municipality, status=CouncilRequestStatus.FILED,
                                      filed_at=timezone.now(), deadline=timezone.localdate() + timedelta(days=50))
        held = CouncilMeeting.objects.create(term=current, number=2, starts_at=timezone.now() - timedelta(days=3),
                                             place="Ratusz", agenda="Program")
        CouncilMeeting.objects.create(term=current, number=1, starts_at=timezone.now() - timedelta(days=60),
                                      place="Ratusz", agenda="Program", minutes_text="Protokół",
                                      minutes_published_at=timezone.now() - timedelta(days=50))
        CouncilMeeting.objects.create(term=current, number=3, starts_at=timezone.now() + timedelta(days=3),
                                      place="Ratusz", agenda="Program")

    assert run(consultation_providers.council_tasks, municipality) == [
        OpenTask("Create the public benefit council requested by the organizations",
                 "/jst/tutejsza/konsultacje/rada/panel/", feature="council"),
        OpenTask("Minutes to publish: meeting no. 2 of the public benefit council",
                 f"/jst/tutejsza/konsultacje/rada/panel/posiedzenia/{held.pk}/protokol/", feature="council"),
    ]


def test_a_published_council_term_is_evidence_a_draft_is_not(municipality):
    term(municipality, status=CouncilTermStatus.DRAFT, starts_on=date(2028, 1, 1), ends_on=date(2030, 12, 31))
    with scope(municipality=municipality):
        assert consultation_providers.consultation_evidence(municipality) == {}
    published = term(municipality)
    with scope(municipality=municipality):
        assert consultation_providers.consultation_evidence(municipality) == {"P1.A5.T2.S1": [Evidence(
            "Public benefit council, term 2025–2027", "/jst/tutejsza/konsultacje/rada/",
            timezone.localdate(published.published_at))]}


# --- Open calls, small grants, contracts ----------------------------------------------------------------------


def test_call_deadlines_are_the_offers_deadline_and_the_selection_day(municipality, elsewhere):
    today = timezone.localdate()
    deadline = timezone.now().replace(microsecond=0) + timedelta(days=10)
    call = make_call(municipality, deadline=deadline, selection_by=today + timedelta(days=40))
    make_call(municipality, status=CallStatus.DRAFT, title="Szkic konkursu")
    make_call(elsewhere, title="Obcy konkurs")

    found = run(grant_providers.call_deadlines, municipality, today)

    assert rows(found) == [
        (deadline, "Offers accepted until: Wspieranie aktywności seniorów",
         f"/jst/tutejsza/dotacje/konkursy/panel/{call.pk}/", "art. 13 ust. 1", "calls"),
        (today + timedelta(days=40), "Offers to be chosen by: Wspieranie aktywności seniorów",
         f"/jst/tutejsza/dotacje/konkursy/panel/{call.pk}/ocena/", "", "calls"),
    ]


def test_small_grant_deadlines_are_publication_and_the_end_of_comments(municipality):
    organization = OrganizationFactory(name="Stowarzyszenie Sąsiedzi")
    received = datetime.combine(date(2026, 11, 20), time(12), tzinfo=timezone.get_current_timezone())  # a Friday
    waiting = make_small_grant(municipality, organization, submitted_at=received, number="MG/1")
    published = make_small_grant(municipality, organization, published_days_ago=2, number="MG/2")
    make_small_grant(municipality, organization, published_days_ago=20, number="MG/3")  # comments over

    found = run(grant_providers.small_grant_deadlines, municipality, timezone.localdate())

    assert sorted(rows(found), key=lambda r: r[4] + r[1] + str(r[2])) == sorted([
        # 7 working days after Friday 20 November 2026: 23-27 November and 30 November, 1 December.
        (date(2026, 12, 1), "Publish the small grant offer: Festyn sąsiedzki na Przylesiu",
         f"/jst/tutejsza/dotacje/panel/male-granty/{waiting.pk}/", "art. 19a ust. 3", "small_grants"),
        (published.comments_until, "Comments on the small grant offer end: Festyn sąsiedzki na Przylesiu",
         f"/jst/tutejsza/dotacje/panel/male-granty/{published.pk}/", "art. 19a ust. 4", "small_grants"),
    ], key=lambda r: r[4] + r[1] + str(r[2]))


def _contract(municipality, organization, *, year, number, multi_year=False, tranches=None):
    call = make_call(municipality, year=year, task_end_latest=date(year + (1 if multi_year else 0), 12, 31))
    offer = make_awarded_offer(call, organization)
    with scopes_disabled():
        version = offer.versions.get()
        if multi_year:
            version.content = {**version.content, "end": f"{year + 1}-06-30"}
            version.save(update_fields=["content"])
    return make_contract(offer, number=number, tranches=tranches)


def test_contract_deadlines_are_reports_and_tranches(municipality):
    today = timezone.localdate()
    organization = OrganizationFactory(name="Fundacja Razem")
    with scopes_disabled():
        GrantRules.objects.create(municipality=municipality, report_days=30)
    ending = _contract(municipality, organization, year=today.year, number="DS.1",
                       tranches=[(today.year, "5000.00", today + timedelta(days=7))])
    with scopes_disabled():
        type(ending).objects.filter(pk=ending.pk).update(task_end=today - timedelta(days=5))
    reported = _contract(municipality, organization, year=today.year, number="DS.2", tranches=[])
    with scopes_disabled():
        type(reported).objects.filter(pk=reported.pk).update(task_end=today - timedelta(days=5))
    make_report(reported, kind=ReportKind.FINAL, status=ReportStatus.SUBMITTED)
    partial = make_report(ending, kind=ReportKind.PARTIAL, status=ReportStatus.DRAFT,
                          due_on=today + timedelta(days=31), period_end=today - timedelta(days=10))

    found = run(grant_providers.contract_deadlines, municipality, today)

    url = f"/jst/tutejsza/dotacje/umowy/{ending.pk}/"
    assert rows(found) == [
        (today + timedelta(days=25), "Final report due: contract DS.1 (Fundacja Razem)", url, "art. 18", "contracts"),
        (partial.due_on, "Partial report due: contract DS.1 (Fundacja Razem)", url, "art. 18", "contracts"),
        (today + timedelta(days=7), "Tranche of 5,000.00 PLN to pay: contract DS.1 (Fundacja Razem)", url, "",
         "contracts"),
    ]


def test_grants_tasks_count_what_waits_for_the_officer(municipality, elsewhere):
    organization = OrganizationFactory(name="Fundacja Razem")
    open_call = make_call(municipality, title="Konkurs otwarty")
    make_offer(open_call, organization), make_offer(open_call, organization)
    make_offer(open_call, organization, OfferStatus.FORMALLY_ACCEPTED)
    past = make_call(municipality, title="Konkurs zamknięty", deadline=timezone.now() - timedelta(days=2))
    awarded = make_awarded_offer(past, organization)
    signed = _contract(municipality, organization, year=timezone.localdate().year, number="DS.9")
    make_report(signed, kind=ReportKind.FINAL, status=ReportStatus.ACCEPTED)
    other = _contract(municipality, organization, year=timezone.localdate().year, number="DS.10")
    make_report(other, kind=ReportKind.PARTIAL, status=ReportStatus.SUBMITTED)
    make_small_grant(municipality, organization)
    make_small_grant(municipality, organization, published_days_ago=10)
    make_offer(make_call(elsewhere), organization)

    tasks = run(grant_providers.grants_tasks, municipality)

    assert [(t.title, t.url, t.count, t.feature) for t in tasks] == [
        ("Offers awaiting the formal check: Konkurs otwarty",
         f"/jst/tutejsza/dotacje/konkursy/panel/{open_call.pk}/ocena/", 2, "calls"),
        ("Call past its deadline, results not published: Konkurs zamknięty",
         f"/jst/tutejsza/dotacje/konkursy/panel/{past.pk}/", 1, "calls"),
        ("Small grant offers to publish", "/jst/tutejsza/dotacje/panel/male-granty/", 1, "small_grants"),
        ("Small grant offers awaiting a decision after the comments", "/jst/tutejsza/dotacje/panel/male-granty/", 1,
         "small_grants"),
        ("Awarded offers without a contract", "/jst/tutejsza/dotacje/panel/umowy/", 1, "contracts"),
        ("Reports awaiting acceptance", "/jst/tutejsza/dotacje/panel/sprawozdania/", 1, "contracts"),
        ("Contracts to settle (final report accepted)", "/jst/tutejsza/dotacje/panel/umowy/", 1, "contracts"),
    ]
    assert awarded.status == OfferStatus.AWARDED


def test_grants_evidence_is_published_results_and_multi_year_contracts(municipality):
    organization = OrganizationFactory(name="Fundacja Razem")
    year = timezone.localdate().year + 1
    results = make_call(municipality, title="Konkurs rozstrzygnięty", status=CallStatus.RESULTS_PUBLISHED,
                        results_published_at=datetime(2026, 2, 3, 9, tzinfo=timezone.get_current_timezone()))
    make_call(municipality, title="Konkurs w toku")
    multi = _contract(municipality, organization, year=year, number="DS.7", multi_year=True)
    _contract(municipality, organization, year=year, number="DS.8")

    with scope(municipality=municipality):
        found = grant_providers.grants_evidence(municipality)

    assert found == {
        "P2.A1.T2.S1": [Evidence("Results of the call: Konkurs rozstrzygnięty",
                                 f"/jst/tutejsza/dotacje/konkursy/{results.pk}/wyniki/", date(2026, 2, 3))],
        "P2.A1.T1.S2": [Evidence(f"Multi-year contract DS.7: Fundacja Razem, {year}–{year + 1}",
                                 "/jst/tutejsza/dotacje/umowy/", multi.signed_on)],
    }
    assert multi.status == ContractStatus.SIGNED


# --- LIJW -----------------------------------------------------------------------------------------------------


def edition(municipality, title, *, status, opens_in_days=-1, closes_in_days=7, meeting_in_days=None):
    now = timezone.now().replace(microsecond=0)
    with scopes_disabled():
        return Edition.objects.create(
            municipality=municipality, title=title, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31),
            survey_opens_at=now + timedelta(days=opens_in_days), survey_closes_at=now + timedelta(days=closes_in_days),
            meeting_at=None if meeting_in_days is None else now + timedelta(days=meeting_in_days), status=status,
            open_link_key=title[:30].replace(" ", "-"))


def test_lijw_deadlines_are_the_survey_the_meeting_and_open_recommendations(municipality):
    today = timezone.localdate()
    running = edition(municipality, "Ocena 2025", status=EditionStatus.OPEN, meeting_in_days=12)
    planned = edition(municipality, "Ocena 2026", status=EditionStatus.DRAFT, opens_in_days=3, closes_in_days=20)
    with scopes_disabled():
        Recommendation.objects.create(edition=running, text="Powołać radę działalności pożytku publicznego",
                                      owner="Pełnomocnik", deadline=today + timedelta(days=30))
        Recommendation.objects.create(edition=running, text="Zrobione", owner="Pełnomocnik",
                                      deadline=today + timedelta(days=30), status=RecommendationStatus.DONE)

    found = run(lijw_providers.lijw_deadlines, municipality, today)

    running_url = f"/jst/tutejsza/lijw/panel/{running.pk}/"
    planned_url = f"/jst/tutejsza/lijw/panel/{planned.pk}/"
    assert sorted(rows(found), key=lambda r: r[1]) == sorted([
        (running.survey_closes_at, "LIJW survey closes: Ocena 2025", running_url, "", "lijw"),
        (running.meeting_at, "LIJW assessment meeting: Ocena 2025", running_url, "", "lijw"),
        (planned.survey_opens_at, "LIJW survey opens: Ocena 2026", planned_url, "", "lijw"),
        (planned.survey_closes_at, "LIJW survey closes: Ocena 2026", planned_url, "", "lijw"),
        (today + timedelta(days=30), "LIJW recommendation due: Powołać radę działalności pożytku publicznego",
         f"/jst/tutejsza/lijw/panel/{running.pk}/rekomendacje/", "", "lijw"),
    ], key=lambda r: r[1])


def test_lijw_tasks_and_evidence(municipality):
    closed = edition(municipality, "Ocena 2024", status=EditionStatus.CLOSED, opens_in_days=-30, closes_in_days=-2)
    done = edition(municipality, "Ocena 2023", status=EditionStatus.PUBLISHED, opens_in_days=-400,
                   closes_in_days=-380)
    with scopes_disabled():
        Recommendation.objects.create(edition=done, text="Spóźniona", owner="Pełnomocnik",
                                      deadline=timezone.localdate() - timedelta(days=1))
        NoteRevision.objects.create(edition=done, number=1, content={},
                                    published_at=datetime(2025, 5, 5, 12, tzinfo=timezone.get_current_timezone()))

    assert run(lijw_providers.lijw_tasks, municipality) == [
        OpenTask("LIJW note to publish: Ocena 2024", f"/jst/tutejsza/lijw/panel/{closed.pk}/notatka/", feature="lijw"),
        OpenTask("LIJW recommendations past their deadline: Ocena 2023",
                 f"/jst/tutejsza/lijw/panel/{done.pk}/rekomendacje/", count=1, feature="lijw"),
    ]
    with scope(municipality=municipality):
        assert lijw_providers.lijw_evidence(municipality) == {"P1.A6.T2.S2": [
            Evidence("LIJW note: Ocena 2023", f"/jst/tutejsza/lijw/{done.pk}/notatka/", date(2025, 5, 5))]}


# --- Cooperation: the NGO base, events, the declaration -------------------------------------------------------


def test_cooperation_tasks_count_organizations_awaiting_confirmation(municipality, elsewhere):
    OrganizationMunicipalityFactory(municipality=municipality, status=OrganizationLinkStatus.PENDING)
    OrganizationMunicipalityFactory(municipality=municipality, status=OrganizationLinkStatus.PENDING)
    OrganizationMunicipalityFactory(municipality=municipality, status=OrganizationLinkStatus.CONFIRMED)
    OrganizationMunicipalityFactory(municipality=elsewhere, status=OrganizationLinkStatus.PENDING)
    assert run(cooperation_providers.cooperation_tasks, municipality) == [
        OpenTask("Organizations awaiting confirmation", "/jst/tutejsza/panel/organizacje/", count=2,
                 feature="directory")]
    with scope(municipality=municipality):
        assert cooperation_providers.cooperation_evidence(municipality) == {"P1.A2.T1.S1": [Evidence(
            "NGO directory: 1 confirmed organization", "/jst/tutejsza/organizacje/")]}


def test_event_deadlines_and_unrecorded_attendance(municipality, monkeypatch):
    from cooperation import events
    from cooperation.models import EventKind

    officer = OfficerFactory(municipality=municipality).user
    now = timezone.now().replace(microsecond=0)
    fields = {"kind": EventKind.SECTOR_MEETING, "description": "Spotkanie", "place": "Ratusz",
              "contact_person": "Oskar", "contact_email": "ngo@example.pl"}
    coming = events.create_event(municipality=municipality, actor=officer, title="Forum organizacji",
                                 starts_at=now + timedelta(days=9), ends_at=now + timedelta(days=9, hours=2), **fields)
    events.publish_event(event=coming, actor=officer)
    events.create_event(municipality=municipality, actor=officer, title="Szkic", starts_at=now + timedelta(days=9),
                        ends_at=now + timedelta(days=9, hours=2), **fields)
    held = events.create_event(municipality=municipality, actor=officer, title="Szkolenie",
                               starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=1, hours=2), **fields)
    events.publish_event(event=held, actor=officer)
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(days=2))

    assert rows(run(cooperation_providers.event_deadlines, municipality, timezone.localdate())) == [
        (coming.starts_at, "Event: Forum organizacji", f"/jst/tutejsza/wydarzenia/panel/{coming.pk}/", "", "events")]
    tasks = run(cooperation_providers.cooperation_tasks, municipality)
    assert tasks[1:] == [OpenTask("Record the attendance: Szkolenie",
                                  f"/jst/tutejsza/wydarzenia/panel/{held.pk}/obecnosc/", feature="events")]
