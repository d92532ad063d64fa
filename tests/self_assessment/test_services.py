import subprocess
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import models
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from cooperation.enums import StandardImplementation
from cooperation.models import AuditEntry, Standard, StandardStatus
from self_assessment import services
from self_assessment.enums import (
    Channel,
    ChecklistAnswer,
    EditionStatus,
    QuestionKind,
    RenderStatus,
    RespondentGroup,
)
from self_assessment.exceptions import (
    InvalidAnswers,
    QuestionnaireFrozen,
    SurveyNotOpen,
    TokenUsed,
    TransitionNotAllowed,
)
from self_assessment.models import Answer, Response, SurveyDraft, SurveyToken
from tests.factories import OrganizationFactory, OrganizationMunicipalityFactory

from .conftest import add_team, rated_questions, required_answers


def test_new_edition_gets_template_questionnaire_agenda_checklist_and_summary_rows(make_edition, officer):
    with scopes_disabled():
        StandardStatus.objects.create(
            municipality=officer.municipality, standard=Standard.objects.get(code="P1.A2.T1.S1"),
            status=StandardImplementation.IMPLEMENTED, evidence_url="https://bip.example.pl/baza",
        )
        edition = make_edition(area_codes=("P1.A1", "P1.A2"), status=EditionStatus.DRAFT)
        kinds = list(edition.questions.values_list("kind", flat=True))
        assert kinds.count(QuestionKind.RATING) == 4 + 2  # two per area, two overall
        assert kinds.count(QuestionKind.OPEN) == 1 + 4  # how we cooperated, two strengths, two problems
        assert kinds.count(QuestionKind.YES_NO) == 1
        assert edition.questions.filter(kind=QuestionKind.RATING).exclude(text_jst="").count() == 6
        assert edition.agenda.count() == 6
        checklist = {item.standard.code: item for item in edition.checklist.select_related("standard")}
        assert set(checklist) == {"P1.A1.T1.S1", "P1.A2.T1.S1", "P1.A2.T2.S1", "P1.A2.T2.S2"}
        assert checklist["P1.A2.T1.S1"].answer == ChecklistAnswer.YES
        assert checklist["P1.A2.T1.S1"].evidence == "https://bip.example.pl/baza"
        assert checklist["P1.A1.T1.S1"].answer == ""
        assert sorted(edition.area_assessments.values_list("area__code", flat=True)) == ["P1.A1", "P1.A2"]
        assert AuditEntry.objects.filter(action="self_assessment.edition.created", target_id=str(edition.pk)).count() == 1


def test_questionnaire_is_frozen_once_an_answer_exists(make_edition):
    edition = make_edition()
    with scopes_disabled():
        question = edition.questions.filter(kind=QuestionKind.RATING).first()
        services.save_question(edition=edition, actor=edition.created_by, question=question, text_ngo="Nowe brzmienie")
        services.enter_paper_response(edition=edition, actor=edition.created_by, group=RespondentGroup.NGO,
                                      jst_role="", raw=required_answers(edition))
        with pytest.raises(QuestionnaireFrozen):
            services.save_question(edition=edition, actor=edition.created_by, question=question, text_ngo="Inne")
        with pytest.raises(QuestionnaireFrozen):
            services.delete_question(question=question, actor=edition.created_by)
        with pytest.raises(QuestionnaireFrozen):
            services.move_question(question=question, actor=edition.created_by, offset=1)
        question.refresh_from_db()
        assert question.text_ngo == "Nowe brzmienie"


def test_move_question_swaps_neighbours(make_edition):
    edition = make_edition(status=EditionStatus.DRAFT)
    with scopes_disabled():
        first, second = list(edition.questions.order_by("order"))[:2]
        services.move_question(question=second, actor=edition.created_by, offset=-1)
        assert list(edition.questions.order_by("order")[:2]) == [second, first]


def test_personal_token_answer_is_anonymous_and_one_time(make_edition, django_capture_on_commit_callbacks, caplog):
    edition = make_edition()
    organization = OrganizationFactory(email="Zarzad@Fundacja.example.pl")
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        [(token, raw)] = services.create_tokens(
            edition=edition, actor=edition.created_by, group=RespondentGroup.NGO,
            recipients=[(organization.email, organization)],
        )
    assert len(mail.outbox) == 1
    assert raw in mail.outbox[0].body and mail.outbox[0].to == ["zarzad@fundacja.example.pl"]
    assert token.token_hash != raw and len(token.token_hash) == 64
    access = services.Access(channel=Channel.PERSONAL, key=token.token_hash)
    q = rated_questions(edition)["P1.A1"][0]
    with scopes_disabled():
        services.save_draft(edition=edition, access=access, group=RespondentGroup.NGO, jst_role="", raw={q.pk: "4"})
        assert SurveyDraft.objects.get(edition=edition).data == {str(q.pk): {"rating": 4}}
        services.submit_response(edition=edition, access=access, group=RespondentGroup.JST, jst_role="",
                                 raw={q.pk: "4"} | required_answers(edition))
        response = Response.objects.get(edition=edition)
        token.refresh_from_db()
        assert token.used is True
        assert not SurveyDraft.objects.filter(edition=edition).exists()
        # The token decides the group, not the form.
        assert response.group == RespondentGroup.NGO
        assert response.channel == Channel.PERSONAL
        assert response.submitted_on == timezone.localdate()
        with pytest.raises(TokenUsed):
            services.submit_response(edition=edition, access=access, group=RespondentGroup.NGO, jst_role="",
                                     raw=required_answers(edition))
        assert Response.objects.filter(edition=edition).count() == 1
    # Nothing links the stored answer to the invitee: no relation to tokens, organizations or users, no time
    # finer than the day, a random key, and no trace of the token in the audit log or the logs.
    fields = {f.name: f for f in Response._meta.get_fields()}
    assert isinstance(fields["id"], models.UUIDField)
    assert not any(isinstance(f, models.DateTimeField) for f in fields.values())
    related = {f.related_model for f in fields.values() if f.is_relation}
    assert related == {edition.__class__, Answer}
    assert not any(isinstance(f, models.DateTimeField) for f in Answer._meta.get_fields())
    with scopes_disabled():
        audit_text = " ".join(str(e.data) + e.target_repr for e in AuditEntry.objects.all())
    assert raw not in audit_text and token.token_hash not in audit_text and str(response.pk) not in audit_text
    assert raw not in caplog.text and token.token_hash not in caplog.text


def test_answers_after_the_close_are_refused(make_edition):
    edition = make_edition()
    with scopes_disabled():
        edition.survey_closes_at = timezone.now() - timedelta(minutes=1)
        edition.survey_opens_at = timezone.now() - timedelta(days=2)
        edition.save()
        access = services.Access(channel=Channel.OPEN, key="session-key")
        with pytest.raises(SurveyNotOpen):
            services.submit_response(edition=edition, access=access, group=RespondentGroup.NGO, jst_role="",
                                     raw=required_answers(edition))
        assert not Response.objects.exists()


def test_required_and_invalid_answers_are_reported_per_question(make_edition):
    edition = make_edition()
    q = rated_questions(edition)["P1.A1"][0]
    with scopes_disabled():
        required = edition.questions.get(required=True)
        access = services.Access(channel=Channel.OPEN, key="k")
        with pytest.raises(InvalidAnswers) as error:
            services.submit_response(edition=edition, access=access, group=RespondentGroup.NGO, jst_role="",
                                     raw={q.pk: "7"})
        assert set(error.value.errors) == {q.pk, required.pk}
        assert not Response.objects.exists()


def test_reminders_reissue_links_of_those_who_have_not_answered(make_edition, django_capture_on_commit_callbacks):
    edition = make_edition()
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        created = services.create_tokens(
            edition=edition, actor=edition.created_by, group=RespondentGroup.JST,
            recipients=[("a@gmina.example.pl", None), ("b@gmina.example.pl", None), ("a@gmina.example.pl", None)],
        )
        assert len(created) == 2  # the duplicate address is skipped
    assert len(mail.outbox) == 2
    (token_a, raw_a), (token_b, _raw_b) = created
    mail.outbox.clear()
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        services.submit_response(edition=edition, access=services.Access(Channel.PERSONAL, token_a.token_hash),
                                 group="", jst_role="", raw=required_answers(edition))
        assert services.send_reminders(edition=edition, actor=edition.created_by) == 1
    assert [m.to for m in mail.outbox] == [["b@gmina.example.pl"]]
    with scopes_disabled():
        token_b.refresh_from_db()
        assert token_b.reminded_on == timezone.localdate()
        assert services.find_token(edition, raw_a).used is True


def test_invite_ngo_base_invites_confirmed_organizations_that_accept_email(make_edition, officer,
                                                                          django_capture_on_commit_callbacks):
    edition = make_edition()
    yes = OrganizationMunicipalityFactory(municipality=officer.municipality).organization
    OrganizationMunicipalityFactory(municipality=officer.municipality, organization__wants_email=False,
                                    organization__wants_post=True)
    OrganizationMunicipalityFactory(municipality=officer.municipality, status="pending")
    OrganizationMunicipalityFactory()  # another municipality
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        assert services.invite_ngo_base(edition=edition, actor=edition.created_by) == 1
        assert list(SurveyToken.objects.values_list("email", flat=True)) == [yes.email]


def test_status_transitions(make_edition):
    edition = make_edition(status=EditionStatus.DRAFT)
    with scopes_disabled():
        with pytest.raises(TransitionNotAllowed):
            services.set_edition_status(edition=edition, actor=edition.created_by, status=EditionStatus.CLOSED)
        services.set_edition_status(edition=edition, actor=edition.created_by, status=EditionStatus.OPEN)
        with pytest.raises(TransitionNotAllowed):
            services.set_edition_status(edition=edition, actor=edition.created_by, status=EditionStatus.OPEN)
        with pytest.raises(TransitionNotAllowed):
            services.publish_note(edition=edition, actor=edition.created_by)


def test_default_period_is_the_previous_calendar_year():
    assert services.default_period(date(2026, 11, 23)) == (date(2025, 1, 1), date(2025, 12, 31))


@pytest.mark.django_db
def test_publishing_renders_a_pdf_with_polish_letters_and_the_score(make_edition, django_capture_on_commit_callbacks):
    edition = make_edition(area_codes=("P1.A1",))
    add_team(edition)
    with scopes_disabled():
        for assessment in edition.area_assessments.all():
            services.save_area_assessment(assessment=assessment, actor=edition.created_by, agreed_score="3.5",
                                          justification="Dobre konsultacje, słaba diagnoza.")
        services.set_edition_status(edition=edition, actor=edition.created_by, status=EditionStatus.CLOSED)
        with django_capture_on_commit_callbacks(execute=True):
            revision = services.publish_note(edition=edition, actor=edition.created_by)
        revision.refresh_from_db()
        assert revision.pdf_status == RenderStatus.READY, revision.pdf_error
        edition.refresh_from_db()
        assert edition.status == EditionStatus.PUBLISHED
        data = revision.pdf.open("rb").read()
    assert data.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert "Gmina Żółć Będzińska" in text
    assert "3,50" in text  # the agreed index, with the Polish decimal comma
    # A correction needs a reason and makes a second revision; the first stays.
    with scopes_disabled():
        with pytest.raises(TransitionNotAllowed):
            services.publish_note(edition=edition, actor=edition.created_by)
        with django_capture_on_commit_callbacks(execute=True):
            second = services.publish_note(edition=edition, actor=edition.created_by, correction_note="Poprawiona lista")
        assert [r.number for r in edition.revisions.all()] == [2, 1]
        assert second.pk != revision.pk


def test_a_failed_render_is_recorded_for_the_officer_and_a_retry_renders_it(make_edition, monkeypatch,
                                                                             django_capture_on_commit_callbacks):
    edition = make_edition(area_codes=("P1.A1",), status=EditionStatus.CLOSED)
    add_team(edition)

    def broken(revision):
        raise ValueError("font table damaged")

    monkeypatch.setattr("self_assessment.pdf.render_note", broken)
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        revision = services.publish_note(edition=edition, actor=edition.created_by)
    with scopes_disabled():
        revision.refresh_from_db()
    assert revision.pdf_status == RenderStatus.FAILED
    assert revision.pdf_error == "ValueError: font table damaged"
    assert revision.pdf_attempts == 1
    monkeypatch.undo()
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        services.retry_note_render(revision=revision, actor=edition.created_by)
    with scopes_disabled():
        revision.refresh_from_db()
        assert revision.pdf_status == RenderStatus.READY and revision.pdf_error == ""
        assert revision.pdf_attempts == 2
        with pytest.raises(TransitionNotAllowed):
            services.retry_note_render(revision=revision, actor=edition.created_by)


def test_rendering_twice_keeps_the_first_pdf(make_edition, django_capture_on_commit_callbacks):
    from self_assessment.tasks import task_render_note

    edition = make_edition(area_codes=("P1.A1",), status=EditionStatus.CLOSED)
    add_team(edition)
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        revision = services.publish_note(edition=edition, actor=edition.created_by)
    with scopes_disabled():
        revision.refresh_from_db()
        first = revision.pdf.name
    assert task_render_note.apply(args=[revision.pk]).get() == "already-rendered"
    with scopes_disabled():
        revision.refresh_from_db()
        assert revision.pdf.name == first


def test_a_note_is_published_only_by_a_joint_team(make_edition):
    edition = make_edition(area_codes=("P1.A1",), status=EditionStatus.CLOSED)
    with scopes_disabled():
        services.add_participant(edition=edition, actor=edition.created_by, name="Anna Urzędniczka", sector="jst")
        with translation.override("en"), pytest.raises(TransitionNotAllowed, match="must be joint"):
            services.publish_note(edition=edition, actor=edition.created_by)
        assert not edition.revisions.exists()
        services.add_participant(edition=edition, actor=edition.created_by, name="Piotr Społecznik", sector="ngo")
        assert services.publish_note(edition=edition, actor=edition.created_by).number == 1
