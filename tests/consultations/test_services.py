"""Consultation services: periods, deadlines around midnight Europe/Warsaw, comments and answers, and who
sees what."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scopes_disabled

from consultations import selectors, services
from consultations.enums import CommentChannel, ConsultationStatus, Decision, Subject
from consultations.exceptions import ConsultationClosed, TransitionNotAllowed
from consultations.models import Comment, ConsultationRules
from tests.factories import MembershipFactory, OfficerFactory, OrganizationFactory, UserFactory

from .test_documents import DRAFT

WARSAW = ZoneInfo("Europe/Warsaw")
pytestmark = pytest.mark.django_db


def make(officer, *, opens_at=None, closes_at=None, publish=True, source=DRAFT):
    now = timezone.now()
    with scopes_disabled():
        consultation = services.create_consultation(
            municipality=officer.municipality, actor=officer.user, title="Program współpracy na 2027 rok",
            subject=Subject.COOPERATION_PROGRAMME, addressees="ngos", forms=["online", "written"],
            opens_at=opens_at or now - timedelta(days=1), closes_at=closes_at or now + timedelta(days=13),
            contact_person="Oskar Pełnomocnik", contact_email="ngo@gmina.example.pl", source=source,
        )
        if publish:
            services.publish_consultation(consultation=consultation, actor=officer.user)
    return consultation


def test_a_period_shorter_than_the_municipalitys_minimum_is_refused(officer):
    now = timezone.now()
    with scopes_disabled():
        ConsultationRules.objects.create(municipality=officer.municipality, min_days=14)
    with pytest.raises(ValidationError) as error:
        make(officer, opens_at=now, closes_at=now + timedelta(days=13, hours=23))
    assert "closes_at" in error.value.message_dict
    make(officer, opens_at=now, closes_at=now + timedelta(days=14))


def test_a_close_on_a_weekend_or_holiday_is_warned_about():
    sunday = datetime(2026, 11, 29, 15, 0, tzinfo=WARSAW)
    independence_day = datetime(2026, 11, 11, 15, 0, tzinfo=WARSAW)
    monday = datetime(2026, 11, 30, 15, 0, tzinfo=WARSAW)
    assert len(services.period_warnings(sunday)) == 1
    assert len(services.period_warnings(independence_day)) == 1
    assert services.period_warnings(monday) == []


def test_the_document_becomes_a_version_with_numbered_paragraphs_and_later_versions_are_kept(officer):
    consultation = make(officer, publish=False)
    with scopes_disabled():
        second = services.add_version(consultation=consultation, actor=officer.user, kind="draft",
                                      source=DRAFT.replace("Celem głównym", "Głównym celem"), note="Szyk zdania")
        assert [v.number for v in consultation.versions.all()] == [1, 2]
        assert second.paragraphs.count() == 5
        assert services.current_version(consultation) == second


def test_publishing_needs_the_document_and_happens_once(officer):
    consultation = make(officer, publish=False, source="")
    with scopes_disabled():
        with pytest.raises(TransitionNotAllowed):
            services.publish_consultation(consultation=consultation, actor=officer.user)
        services.add_version(consultation=consultation, actor=officer.user, kind="draft", source=DRAFT)
        services.publish_consultation(consultation=consultation, actor=officer.user)
        with pytest.raises(TransitionNotAllowed):
            services.publish_consultation(consultation=consultation, actor=officer.user)
        consultation.refresh_from_db()
        assert consultation.status == ConsultationStatus.PUBLISHED


def test_comments_are_refused_at_midnight_warsaw_time_when_the_consultation_closes(officer, monkeypatch):
    closes = datetime(2026, 12, 1, 0, 0, tzinfo=WARSAW)  # the end of 30 November in Poland
    consultation = make(officer, opens_at=closes - timedelta(days=14), closes_at=closes)
    user = UserFactory()
    with scopes_disabled():
        paragraph = services.current_version(consultation).paragraphs.get(order=2)
        monkeypatch.setattr(timezone, "now", lambda: closes - timedelta(seconds=1))
        comment = services.add_comment(consultation=consultation, author=user, paragraph=paragraph,
                                       justification="Prosimy doprecyzować definicję.")
        monkeypatch.setattr(timezone, "now", lambda: closes)
        with pytest.raises(ConsultationClosed):
            services.add_comment(consultation=consultation, author=user, justification="Za późno.")
        with pytest.raises(ConsultationClosed):
            services.update_comment(comment=comment, actor=user, justification="Zmiana po terminie.")
        assert Comment.objects.filter(consultation=consultation).count() == 1


def test_a_comment_on_behalf_of_an_organization_needs_membership(officer):
    consultation = make(officer)
    member = MembershipFactory().user
    organization = member.memberships.get().organization
    with scopes_disabled():
        comment = services.add_comment(consultation=consultation, author=member, organization=organization,
                                       justification="Uwaga stowarzyszenia.", proposed_wording="Nowe brzmienie.")
        assert comment.signature == organization.name
        with pytest.raises(ValidationError):
            services.add_comment(consultation=consultation, author=UserFactory(), organization=OrganizationFactory(),
                                 justification="Nie jestem członkiem.")


def test_only_the_author_edits_a_comment(officer):
    consultation = make(officer)
    author = UserFactory()
    with scopes_disabled():
        comment = services.add_comment(consultation=consultation, author=author, justification="Pierwsza wersja.")
        services.update_comment(comment=comment, actor=author, justification="Poprawiona wersja.")
        with pytest.raises(TransitionNotAllowed):
            services.update_comment(comment=comment, actor=UserFactory(), justification="Cudza zmiana.")
        comment.refresh_from_db()
        assert comment.justification == "Poprawiona wersja."


def test_comments_are_answered_after_the_close_with_a_justification(officer, monkeypatch):
    consultation = make(officer)
    with scopes_disabled():
        comment = services.add_comment(consultation=consultation, author=UserFactory(), justification="Uwaga.")
        entered = services.enter_comment(consultation=consultation, actor=officer.user, channel=CommentChannel.POST,
                                         author_name="Koło Gospodyń Wiejskich", justification="List z uwagą.")
        with pytest.raises(TransitionNotAllowed):
            services.answer_comment(comment=comment, actor=officer.user, decision=Decision.ACCEPTED, answer="Tak.")
        later = consultation.closes_at + timedelta(minutes=1)
        monkeypatch.setattr(timezone, "now", lambda: later)
        with pytest.raises(ValidationError):
            services.answer_comment(comment=comment, actor=officer.user, decision=Decision.REJECTED, answer=" ")
        answered = services.answer_comment(comment=entered, actor=officer.user, decision=Decision.PARTLY,
                                           answer="Uwzględniono w § 2.")
        assert (answered.decision, answered.answered_by, answered.signature) == (
            Decision.PARTLY, officer.user, "Koło Gospodyń Wiejskich")


def test_a_draft_is_invisible_to_everyone_but_its_municipalitys_officers(officer):
    draft = make(officer, publish=False)
    published = make(officer)
    other_officer = OfficerFactory()
    with scopes_disabled():
        assert set(selectors.consultations_visible_to(officer.user, officer.municipality)) == {draft, published}
        for user in (UserFactory(), other_officer.user):
            assert list(selectors.consultations_visible_to(user, officer.municipality)) == [published]
        from django.contrib.auth.models import AnonymousUser

        assert list(selectors.consultations_visible_to(AnonymousUser(), officer.municipality)) == [published]


def test_comments_are_private_until_the_close_unless_the_municipality_publishes_them_at_once(officer, monkeypatch):
    consultation = make(officer)
    author, other = UserFactory(), UserFactory()
    with scopes_disabled():
        comment = services.add_comment(consultation=consultation, author=author, justification="Moja uwaga.")
        assert list(selectors.comments_visible_to(author, consultation)) == [comment]
        assert list(selectors.comments_visible_to(other, consultation)) == []
        assert list(selectors.comments_visible_to(officer.user, consultation)) == [comment]
        rules = services.rules_for(officer.municipality)
        rules.comments_public_at_once = True
        rules.save()
        assert list(selectors.comments_visible_to(other, consultation)) == [comment]
        rules.comments_public_at_once = False
        rules.save()
        later = consultation.closes_at + timedelta(seconds=1)
        monkeypatch.setattr(timezone, "now", lambda: later)
        assert list(selectors.comments_visible_to(other, consultation)) == [comment]




def test_publishing_emails_the_ngo_base_once_respecting_preferences(officer, django_capture_on_commit_callbacks):
    from django.core import mail

    from consultations.tasks import task_notify_ngo_base
    from tests.factories import OrganizationMunicipalityFactory

    wants = OrganizationMunicipalityFactory(municipality=officer.municipality, organization__email="a@ngo.example.pl")
    OrganizationMunicipalityFactory(municipality=officer.municipality, organization__wants_email=False,
                                    organization__wants_post=True)
    OrganizationMunicipalityFactory(municipality=officer.municipality, status="pending")
    OrganizationMunicipalityFactory(organization__email="elsewhere@ngo.example.pl")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        consultation = make(officer)
    assert [m.to for m in mail.outbox] == [[wants.organization.email]]
    assert consultation.title in mail.outbox[0].subject
    assert f"/konsultacje/{consultation.pk}/" in mail.outbox[0].body
    assert task_notify_ngo_base.apply(args=[consultation.pk]).get() == 0  # already notified: nothing sent twice
    assert len(mail.outbox) == 1


def test_the_report_is_published_after_the_close_with_every_comment_answered(officer, monkeypatch,
                                                                            django_capture_on_commit_callbacks):
    import subprocess

    from django.core import mail

    from consultations.models import Report
    from cooperation.enums import RenderStatus

    officer.municipality.name = "Gmina Łąckie Źródła"
    officer.municipality.save()
    consultation = make(officer)
    follower = UserFactory(email="obserwator@example.org")
    with scopes_disabled():
        services.follow(consultation=consultation, user=follower)
        comment = services.add_comment(consultation=consultation, author=UserFactory(full_name="Jan Kowalski"),
                                       justification="Dodać harmonogram.",
                                       paragraph=services.current_version(consultation).paragraphs.get(order=1))
        with pytest.raises(TransitionNotAllowed):
            services.publish_report(consultation=consultation, actor=officer.user, summary="Za wcześnie.")
        later = consultation.closes_at + timedelta(minutes=5)
        monkeypatch.setattr(timezone, "now", lambda: later)
        with pytest.raises(TransitionNotAllowed, match="1"):
            services.publish_report(consultation=consultation, actor=officer.user, summary="Bez odpowiedzi.")
        services.answer_comment(comment=comment, actor=officer.user, decision=Decision.ACCEPTED,
                                answer="Dodano harmonogram w § 1.")
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            report = services.publish_report(consultation=consultation, actor=officer.user,
                                             summary="Wpłynęła jedna uwaga; została uwzględniona.")
        report.refresh_from_db()
        consultation.refresh_from_db()
        assert consultation.status == ConsultationStatus.REPORT_PUBLISHED
        assert report.pdf_status == RenderStatus.READY, report.pdf_error
        assert report.content["comments"][0]["signature"] == "Jan Kowalski"
        assert report.content["decisions"]["accepted"] == 1
        assert report.content["final_version"]["number"] == 1
        data = report.pdf.open("rb").read()
        with pytest.raises(ValidationError):
            services.publish_report(consultation=consultation, actor=officer.user, summary="Poprawka bez opisu.")
        second = services.publish_report(consultation=consultation, actor=officer.user, summary="Poprawione.",
                                         correction_note="Literówka w podsumowaniu")
        assert [r.number for r in Report.objects.filter(consultation=consultation)] == [2, 1]
        assert second.number == 2
    assert [m.to for m in mail.outbox] == [["obserwator@example.org"]]
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert "Gmina Łąckie Źródła" in text and "Dodano harmonogram w § 1." in text
