"""Cooperation programme services (issue #7, legal.md section 5: art. 5a of the act): writing the sections,
the funds check, the consultation and the council, adoption (refused too early; late adoption warned and
shown), publication, withdrawal, the implementation report (figures snapshot, refresh, immutability,
corrections), deadlines and evidence."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from consultations.enums import ConsultationStatus, Subject
from consultations.models import Consultation, OpinionRequest
from consultations.programmes import content, hooks, services
from consultations.programmes.enums import ProgrammeReportStatus, ProgrammeStatus
from consultations.programmes.models import SECTIONS, ProgrammeReport
from cooperation.enums import RenderStatus
from cooperation.exceptions import TransitionNotAllowed
from cooperation.models import AuditEntry, Sphere
from tests.browser.world import ensure_reference_data
from tests.factories import OfficerFactory

WARSAW = ZoneInfo("Europe/Warsaw")
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reference_data(db):
    """The Model's reference data and the spheres (a transactional test elsewhere may have flushed them)."""
    ensure_reference_data()
YEAR = 2027


def warsaw(*args) -> datetime:
    return datetime(*args, tzinfo=WARSAW)


def at(monkeypatch, moment: datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


def write_all(programme, user, *, funds=Decimal("1000.00"), amounts=("400.00", "500.00")):
    with scopes_disabled():
        for key in ("goals", "principles", "scope", "forms", "implementation", "evaluation", "committees"):
            services.update_programme_section(programme=programme, actor=user, section=key, text=f"Treść: {key}.")
        services.update_programme_section(programme=programme, actor=user, section="funds", text="Budżet.",
                                          planned_funds=funds)
        spheres = list(Sphere.objects.order_by("order")[:len(amounts)])
        services.set_priority_tasks(programme=programme, actor=user, rows=[
            {"sphere": sphere, "description": f"Zadanie {n}", "planned_amount": Decimal(amount)}
            for n, (sphere, amount) in enumerate(zip(spheres, amounts, strict=True), start=1)])
        services.set_indicators(programme=programme, actor=user, rows=[
            {"name": "Liczba konkursów", "unit": "konkursy", "target": "12"}])
        programme.refresh_from_db()
    return programme


def make_programme(officer, *, year=YEAR, complete=True, **kwargs):
    with scopes_disabled():
        programme = services.create_programme(municipality=officer.municipality, actor=officer.user,
                                              kind=kwargs.pop("kind", "annual"), first_year=year, **kwargs)
    return write_all(programme, officer.user) if complete else programme


def consult(officer, programme, *, opens_at, days=14, publish=True):
    with scopes_disabled():
        return services.send_to_consultation(programme=programme, actor=officer.user, opens_at=opens_at,
                                             closes_at=opens_at + timedelta(days=days),
                                             contact_person="Oskar Pełnomocnik", contact_email="ngo@gmina.example.pl",
                                             publish=publish)


def adopted(officer, monkeypatch, *, year=YEAR, resolution_date=None):
    """A programme consulted in October of the previous year and adopted on 20 November."""
    at(monkeypatch, warsaw(year - 1, 10, 1, 9))
    programme = make_programme(officer, year=year)
    consult(officer, programme, opens_at=warsaw(year - 1, 10, 1, 10))
    at(monkeypatch, warsaw(year - 1, 11, 20, 12))
    with scopes_disabled():
        services.adopt_programme(programme=programme, actor=officer.user, resolution_number="Uchwała nr XX/1/2026",
                                 resolution_date=resolution_date or date(year - 1, 11, 20))
    return programme


# --- Creating and writing ------------------------------------------------------------------------------------


def test_an_annual_programme_covers_one_year_with_the_usual_title_and_period(officer):
    programme = make_programme(officer, complete=False, last_year=2029)
    assert (programme.first_year, programme.last_year, programme.status) == (2027, 2027, ProgrammeStatus.DRAFT)
    assert programme.title.endswith("na 2027 rok") and officer.municipality.name in programme.title
    assert programme.period == "Program obowiązuje od 1 stycznia 2027 r. do 31 grudnia 2027 r."


def test_a_multi_year_programme_needs_at_least_two_years(officer):
    with scopes_disabled(), pytest.raises(ValidationError) as error:
        services.create_programme(municipality=officer.municipality, actor=officer.user, kind="multi_year",
                                  first_year=2027, last_year=2027)
    assert list(error.value.message_dict) == ["last_year"]
    with scopes_disabled():
        programme = services.create_programme(municipality=officer.municipality, actor=officer.user,
                                              kind="multi_year", first_year=2027, last_year=2029)
    assert programme.years_label == "2027–2029"


def test_two_live_programmes_of_the_same_kind_never_cover_the_same_year(officer):
    first = make_programme(officer, complete=False)
    with scopes_disabled(), pytest.raises(ValidationError) as error:
        services.create_programme(municipality=officer.municipality, actor=officer.user, kind="annual", first_year=YEAR)
    assert list(error.value.message_dict) == ["first_year"]
    with scopes_disabled():
        services.withdraw_programme(programme=first, actor=officer.user)
        again = services.create_programme(municipality=officer.municipality, actor=officer.user, kind="annual",
                                          first_year=YEAR)
    assert again.status == ProgrammeStatus.DRAFT
    # Another municipality's programme of the same year does not count.
    make_programme(OfficerFactory(), complete=False)


def test_sections_are_saved_one_by_one_and_audited(officer):
    programme = make_programme(officer, complete=False)
    with scopes_disabled():
        services.update_programme_section(programme=programme, actor=officer.user, section="goals", text="Cel główny.")
        programme.refresh_from_db()
        assert programme.goals == "Cel główny."
        assert AuditEntry.objects.filter(action="consultations.programme.section_updated",
                                         target_id=str(programme.pk)).count() == 1


def test_the_funds_check_compares_the_planned_funds_with_the_sum_of_the_tasks(officer):
    programme = make_programme(officer, complete=False)
    write_all(programme, officer.user, funds=Decimal("800.00"), amounts=("400.00", "500.00"))
    with scopes_disabled():
        assert content.tasks_total(programme) == Decimal("900.00")
        assert content.funds_check(programme) == {"state": "short", "total": Decimal("900.00"),
                                                  "shortfall": Decimal("100.00")}
        services.update_programme_section(programme=programme, actor=officer.user, section="funds", text="",
                                          planned_funds=Decimal("900.00"))
        assert content.funds_check(programme)["state"] == "ok"
        services.update_programme_section(programme=programme, actor=officer.user, section="funds", text="",
                                          planned_funds=None)
        assert content.funds_check(programme)["state"] == "unknown"


def test_missing_sections_name_the_empty_statutory_ones(officer):
    programme = make_programme(officer, complete=False)
    with scopes_disabled():
        missing = content.missing_sections(programme)
    # 1–9 and 11, except 6 (the period is prefilled); 10 is written after the consultation.
    assert [title.split(".")[0] for title in missing] == ["1", "2", "3", "4", "5", "7", "8", "9", "11"]


# --- Consultation and the council ----------------------------------------------------------------------------


def test_sending_to_consultation_creates_and_links_a_published_consultation_of_the_programme(officer):
    programme = make_programme(officer)
    consultation = consult(officer, programme, opens_at=timezone.now())
    with scopes_disabled():
        programme.refresh_from_db()
        consultation = Consultation.objects.get(pk=consultation.pk)
        version = consultation.versions.get()
        sections = set(version.paragraphs.values_list("section", flat=True))
    assert programme.status == ProgrammeStatus.IN_CONSULTATION and programme.consultation_id == consultation.pk
    assert consultation.subject == Subject.COOPERATION_PROGRAMME
    assert consultation.status == ConsultationStatus.PUBLISHED
    assert consultation.title == f"Projekt: {programme.title}"
    assert "Treść: goals." in version.source and "Liczba konkursów" in version.source
    with translation.override(settings.LANGUAGE_CODE):
        assert f"1. {SECTIONS[0].title}" in sections and f"11. {SECTIONS[10].title}" in sections


def test_an_annual_programme_with_empty_sections_is_not_sent_to_consultation(officer):
    programme = make_programme(officer, complete=False)
    with pytest.raises(TransitionNotAllowed):
        consult(officer, programme, opens_at=timezone.now())
    with scopes_disabled():
        assert not Consultation.objects.exists()
        programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.DRAFT


def test_a_programme_is_sent_to_consultation_once(officer):
    programme = make_programme(officer)
    consult(officer, programme, opens_at=timezone.now())
    with pytest.raises(TransitionNotAllowed):
        consult(officer, programme, opens_at=timezone.now())
    with scopes_disabled():
        assert Consultation.objects.count() == 1


def test_a_consultation_made_in_the_consultations_panel_can_be_linked(officer):
    from tests.consultations.test_services import make

    programme = make_programme(officer)
    consultation = make(officer)
    with scopes_disabled():
        services.link_consultation(programme=programme, actor=officer.user, consultation=consultation)
        programme.refresh_from_db()
    assert (programme.status, programme.consultation_id) == (ProgrammeStatus.IN_CONSULTATION, consultation.pk)


def test_asking_the_council_requests_its_opinion_on_the_consultation_within_14_days(officer):
    from tests.consultations.test_council import build_term

    build_term(officer)
    programme = make_programme(officer)
    consultation = consult(officer, programme, opens_at=timezone.now())
    with scopes_disabled():
        opinion = services.ask_council(programme=programme, actor=officer.user)
        programme.refresh_from_db()
        with pytest.raises(TransitionNotAllowed):
            services.ask_council(programme=programme, actor=officer.user)
    assert programme.opinion_request_id == opinion.pk and opinion.consultation_id == consultation.pk
    assert opinion.due_on == timezone.localdate() + timedelta(days=14)


def test_asking_the_council_without_a_council_is_refused(officer):
    programme = make_programme(officer)
    with scopes_disabled(), pytest.raises(TransitionNotAllowed):
        services.ask_council(programme=programme, actor=officer.user)
    with scopes_disabled():
        assert not OpinionRequest.objects.exists()


# --- Adoption and publication --------------------------------------------------------------------------------


def test_adoption_is_refused_before_the_consultation_closes(officer, monkeypatch):
    at(monkeypatch, warsaw(YEAR - 1, 10, 1, 9))
    programme = make_programme(officer)
    consult(officer, programme, opens_at=warsaw(YEAR - 1, 10, 1, 10))
    at(monkeypatch, warsaw(YEAR - 1, 10, 15, 9, 59, 59))
    with scopes_disabled(), pytest.raises(TransitionNotAllowed):
        services.adopt_programme(programme=programme, actor=officer.user, resolution_number="Uchwała nr 1",
                                 resolution_date=date(YEAR - 1, 10, 15))
    at(monkeypatch, warsaw(YEAR - 1, 10, 15, 10, 0, 0))
    with scopes_disabled():
        services.adopt_programme(programme=programme, actor=officer.user, resolution_number="Uchwała nr 1",
                                 resolution_date=date(YEAR - 1, 10, 15))
        programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.ADOPTED


def test_adoption_is_refused_for_a_draft_and_while_the_council_still_has_time(officer, monkeypatch):
    from tests.consultations.test_council import build_term

    programme = make_programme(officer)
    with scopes_disabled(), pytest.raises(TransitionNotAllowed):
        services.adopt_programme(programme=programme, actor=officer.user, resolution_number="Uchwała nr 1",
                                 resolution_date=timezone.localdate())
    build_term(officer)
    start = timezone.now()
    consult(officer, programme, opens_at=start - timedelta(days=1), days=7)
    with scopes_disabled():
        opinion = services.ask_council(programme=programme, actor=officer.user)
    at(monkeypatch, start + timedelta(days=7))
    with scopes_disabled(), pytest.raises(TransitionNotAllowed) as error:
        services.adopt_programme(programme=programme, actor=officer.user, resolution_number="Uchwała nr 1",
                                 resolution_date=timezone.localdate())
    assert opinion.due_on.strftime("%d.%m.%Y") in str(error.value.message)
    at(monkeypatch, start + timedelta(days=16))
    with scopes_disabled():
        services.adopt_programme(programme=programme, actor=officer.user, resolution_number="Uchwała nr 1",
                                 resolution_date=timezone.localdate())
        programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.ADOPTED
    assert opinion.due_on.strftime("%d.%m.%Y") in programme.consultation_course


def test_adoption_records_the_resolution_and_the_consultation_course(officer, monkeypatch):
    programme = adopted(officer, monkeypatch)
    with scopes_disabled():
        programme.refresh_from_db()
    assert (programme.resolution_number, programme.resolution_date) == ("Uchwała nr XX/1/2026", date(YEAR - 1, 11, 20))
    assert programme.adopted_by_id == officer.user.pk and not programme.adopted_late
    assert "01.10.2026" in programme.consultation_course and "15.10.2026" in programme.consultation_course
    assert services.adoption_warnings(programme, programme.resolution_date) == []


def test_an_annual_programme_adopted_after_30_november_is_late_and_warned(officer, monkeypatch):
    at(monkeypatch, warsaw(YEAR - 1, 10, 1, 9))
    programme = make_programme(officer)
    consult(officer, programme, opens_at=warsaw(YEAR - 1, 10, 1, 10))
    at(monkeypatch, warsaw(YEAR - 1, 12, 10, 12))
    with scopes_disabled():
        warnings = services.adoption_warnings(programme, date(YEAR - 1, 12, 1))
        services.adopt_programme(programme=programme, actor=officer.user, resolution_number="Uchwała nr 2",
                                 resolution_date=date(YEAR - 1, 12, 1))
        programme.refresh_from_db()
    assert len(warnings) == 1 and "30.11.2026" in warnings[0]
    assert programme.status == ProgrammeStatus.ADOPTED and programme.adopted_late
    assert services.adoption_warnings(programme, date(YEAR - 1, 11, 30)) == []


def test_a_resolution_dated_in_the_future_or_before_the_close_is_refused(officer, monkeypatch):
    at(monkeypatch, warsaw(YEAR - 1, 10, 1, 9))
    programme = make_programme(officer)
    consult(officer, programme, opens_at=warsaw(YEAR - 1, 10, 1, 10))
    at(monkeypatch, warsaw(YEAR - 1, 11, 20, 12))
    for day in (date(YEAR - 1, 11, 21), date(YEAR - 1, 10, 14)):
        with scopes_disabled(), pytest.raises(ValidationError) as error:
            services.adopt_programme(programme=programme, actor=officer.user, resolution_number="Uchwała nr 2",
                                     resolution_date=day)
        assert list(error.value.message_dict) == ["resolution_date"]


def test_publishing_an_adopted_programme_makes_it_public_and_renders_its_pdf(officer, monkeypatch):
    programme = adopted(officer, monkeypatch)
    with scopes_disabled():
        services.publish_programme(programme=programme, actor=officer.user)
        programme.refresh_from_db()
        with pytest.raises(TransitionNotAllowed):
            services.publish_programme(programme=programme, actor=officer.user)
    assert programme.status == ProgrammeStatus.PUBLISHED and programme.published_at is not None
    assert programme.pdf_requested_at is not None


def test_an_adopted_programme_no_longer_changes(officer, monkeypatch):
    programme = adopted(officer, monkeypatch)
    with scopes_disabled():
        with pytest.raises(TransitionNotAllowed):
            services.update_programme_section(programme=programme, actor=officer.user, section="goals", text="Nowy.")
        with pytest.raises(TransitionNotAllowed):
            services.set_indicators(programme=programme, actor=officer.user, rows=[])
        with pytest.raises(TransitionNotAllowed):
            services.withdraw_programme(programme=programme, actor=officer.user)


def test_withdrawing_a_draft(officer):
    programme = make_programme(officer, complete=False)
    with scopes_disabled():
        services.withdraw_programme(programme=programme, actor=officer.user)
        programme.refresh_from_db()
        with pytest.raises(TransitionNotAllowed):
            services.withdraw_programme(programme=programme, actor=officer.user)
    assert programme.status == ProgrammeStatus.WITHDRAWN and programme.withdrawn_at is not None


# --- The implementation report -------------------------------------------------------------------------------


def test_a_report_snapshots_the_years_figures_and_the_programmes_indicators(officer, monkeypatch):
    programme = adopted(officer, monkeypatch, year=2026)
    at(monkeypatch, warsaw(2027, 2, 1, 12))
    with scopes_disabled():
        report = services.create_report(municipality=officer.municipality, actor=officer.user, year=2026)
    assert report.programme_id == programme.pk and report.number == 1
    assert report.indicator_values == [{"name": "Liczba konkursów", "unit": "konkursy", "target": "12", "value": ""}]
    values = {(figure["feature"], figure["order"]): figure["value"] for figure in report.figures}
    # The consultation of the programme opened in 2025, not in 2026.
    assert values[("consultations", 20)] == 0 and values[("calls", 13)] == "0.00"
    assert report.figures_taken_at == warsaw(2027, 2, 1, 12)


def test_a_report_covers_a_year_that_is_over_and_one_per_year(officer, monkeypatch):
    at(monkeypatch, warsaw(2027, 2, 1, 12))
    with scopes_disabled():
        with pytest.raises(ValidationError):
            services.create_report(municipality=officer.municipality, actor=officer.user, year=2027)
        services.create_report(municipality=officer.municipality, actor=officer.user, year=2026)
        with pytest.raises(TransitionNotAllowed):
            services.create_report(municipality=officer.municipality, actor=officer.user, year=2026)


def test_refreshing_a_draft_reports_figures_takes_them_again(officer, monkeypatch):
    from tests.consultations.test_services import make

    at(monkeypatch, warsaw(2027, 2, 1, 12))
    with scopes_disabled():
        report = services.create_report(municipality=officer.municipality, actor=officer.user, year=2026)
    held = next(f for f in report.figures if f["feature"] == "consultations" and f["order"] == 20)
    assert held["value"] == 0
    make(officer, opens_at=warsaw(2026, 3, 1, 9), closes_at=warsaw(2026, 3, 20, 9))
    at(monkeypatch, warsaw(2027, 2, 2, 12))
    with scopes_disabled():
        services.refresh_report_figures(report=report, actor=officer.user)
        report.refresh_from_db()
    held = next(f for f in report.figures if f["feature"] == "consultations" and f["order"] == 20)
    assert held["value"] == 1 and report.figures_taken_at == warsaw(2027, 2, 2, 12)


def test_a_published_report_is_immutable_and_a_correction_is_a_new_revision(officer, monkeypatch):
    programme = adopted(officer, monkeypatch, year=2026)
    at(monkeypatch, warsaw(2027, 3, 1, 12))
    with scopes_disabled():
        report = services.create_report(municipality=officer.municipality, actor=officer.user, year=2026)
        with pytest.raises(ValidationError) as error:
            services.publish_report(report=report, actor=officer.user)
        assert list(error.value.message_dict) == ["summary"]
        services.update_report(report=report, actor=officer.user, summary="Rok współpracy.", conclusions="Wnioski.",
                               values=["14"])
        services.publish_report(report=report, actor=officer.user)
        report.refresh_from_db()
        assert report.status == ProgrammeReportStatus.PUBLISHED and report.indicator_values[0]["value"] == "14"
        for action in (lambda: services.update_report(report=report, actor=officer.user, summary="X", conclusions=""),
                       lambda: services.refresh_report_figures(report=report, actor=officer.user),
                       lambda: services.publish_report(report=report, actor=officer.user)):
            with pytest.raises(TransitionNotAllowed):
                action()
        correction = services.start_report_correction(report=report, actor=officer.user)
        with pytest.raises(TransitionNotAllowed):
            services.start_report_correction(report=report, actor=officer.user)
        assert (correction.number, correction.status, correction.summary) == (2, "draft", "Rok współpracy.")
        with pytest.raises(ValidationError) as error:
            services.publish_report(report=correction, actor=officer.user)
        assert list(error.value.message_dict) == ["correction_note"]
        services.update_report(report=correction, actor=officer.user, summary="Rok współpracy (poprawione).",
                               conclusions="Wnioski.", correction_note="Poprawiono wartość wskaźnika.")
        services.publish_report(report=correction, actor=officer.user)
        report.refresh_from_db()
        assert report.summary == "Rok współpracy." and report.status == "published"
        assert list(ProgrammeReport.objects.filter(year=2026).values_list("number", "status")) == [
            (2, "published"), (1, "published")]
    assert programme.pk == report.programme_id


# --- Deadlines, evidence, the PDF -----------------------------------------------------------------------------


def test_deadlines_ask_for_next_years_programme_and_last_years_report_until_done(officer, monkeypatch):
    today = date(2026, 3, 1)
    with scopes_disabled():
        found = hooks.programme_deadlines(officer.municipality, today)
    assert [(d.due, d.basis) for d in found] == [(date(2026, 11, 30), "art. 5a ust. 1"),
                                                 (date(2026, 5, 31), "art. 5a ust. 3")]
    adopted(officer, monkeypatch, year=2027)
    at(monkeypatch, warsaw(2026, 12, 1, 12))
    with scopes_disabled():
        report = services.create_report(municipality=officer.municipality, actor=officer.user, year=2025)
        services.update_report(report=report, actor=officer.user, summary="Rok.", conclusions="")
        services.publish_report(report=report, actor=officer.user)
        assert hooks.programme_deadlines(officer.municipality, today) == []


def test_evidence_of_an_adopted_programme_with_indicators_and_a_published_report(officer, monkeypatch):
    with scopes_disabled():
        assert hooks.programme_evidence(officer.municipality) == {}
    programme = adopted(officer, monkeypatch, year=2026)
    with scopes_disabled():
        evidence = hooks.programme_evidence(officer.municipality)
    assert sorted(evidence) == ["P1.A5.T1.S1", "P1.A6.T1.S1"]
    assert evidence["P1.A5.T1.S1"][0].title == programme.title
    at(monkeypatch, warsaw(2027, 2, 1, 12))
    with scopes_disabled():
        report = services.create_report(municipality=officer.municipality, actor=officer.user, year=2026)
        services.update_report(report=report, actor=officer.user, summary="Rok.", conclusions="")
        services.publish_report(report=report, actor=officer.user)
        evidence = hooks.programme_evidence(officer.municipality)
    assert sorted(evidence) == ["P1.A5.T1.S1", "P1.A6.T1.S1", "P1.A6.T2.S2"]


def test_the_programme_and_report_pdfs_contain_their_titles(officer, monkeypatch, tmp_path,
                                                          django_capture_on_commit_callbacks):
    import subprocess

    from consultations.programmes.pdf import render_programme, render_report

    programme = adopted(officer, monkeypatch, year=2026)
    at(monkeypatch, warsaw(2027, 2, 1, 12))
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        services.publish_programme(programme=programme, actor=officer.user)
        report = services.create_report(municipality=officer.municipality, actor=officer.user, year=2026)
        services.update_report(report=report, actor=officer.user, summary="Podsumowanie roku współpracy.",
                               conclusions="")
        services.publish_report(report=report, actor=officer.user)
    with scopes_disabled():
        programme.refresh_from_db()
        report.refresh_from_db()
        assert programme.pdf_status == RenderStatus.READY and report.pdf_status == RenderStatus.READY
        for document, render, expected in ((programme, render_programme, programme.title[:30]),
                                           (report, render_report, "2026")):
            name, content_type, data = render(document)
            path = tmp_path / name
            path.write_bytes(data)
            text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
            flat = " ".join(text.split())
            assert content_type == "application/pdf" and expected in flat
            assert officer.municipality.name in flat
