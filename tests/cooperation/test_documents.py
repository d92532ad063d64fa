"""The shared PDF mechanism (cooperation/documents.py): the beat task re-enqueues renders that were asked for
and are still pending, and never touches a document nobody asked to render (a draft report, say)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from consultations import services
from consultations.enums import Decision
from consultations.models import Report
from cooperation.enums import RenderStatus
from cooperation.tasks import task_requeue_pending_documents
from tests.consultations.test_services import make
from tests.factories import OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


def _published_report(officer, monkeypatch, summary):
    consultation = make(officer)
    with scopes_disabled():
        comment = services.add_comment(consultation=consultation, author=UserFactory(), justification="Uwaga.")
        later = consultation.closes_at + timedelta(minutes=5)
        monkeypatch.setattr(timezone, "now", lambda: later)
        services.answer_comment(comment=comment, actor=officer.user, decision=Decision.ACCEPTED, answer="Tak.")
        # The commit callbacks (the render task) are not run: as if the broker had lost the task.
        report = services.publish_report(consultation=consultation, actor=officer.user, summary=summary)
    monkeypatch.undo()
    return report


def test_requeue_renders_documents_asked_for_and_still_pending_only(monkeypatch):
    officer = OfficerFactory()
    lost = _published_report(officer, monkeypatch, "Zadanie zgubione przez brokera.")
    fresh = _published_report(officer, monkeypatch, "Dopiero co zlecone.")
    never_asked = _published_report(officer, monkeypatch, "Nikt nie zlecił.")
    with scopes_disabled():
        assert Report.objects.get(pk=lost.pk).pdf_requested_at is not None
        Report.objects.filter(pk=lost.pk).update(pdf_requested_at=timezone.now() - timedelta(minutes=10))
        Report.objects.filter(pk=never_asked.pk).update(pdf_requested_at=None)

        assert task_requeue_pending_documents() == 1

        statuses = dict(Report.objects.values_list("pk", "pdf_status"))
    assert statuses == {lost.pk: RenderStatus.READY, fresh.pk: RenderStatus.PENDING,
                        never_asked.pk: RenderStatus.PENDING}
