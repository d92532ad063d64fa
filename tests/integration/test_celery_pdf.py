"""A real Celery worker on Redis renders a published note, reading the real PostgreSQL test database.

It needs a database another process can open and a broker, so it runs where DATABASE_URL points at
PostgreSQL and REDIS_URL is set (CI sets both; `.ci/run` starts them). Elsewhere it is deselected by
tests/conftest.py with a printed notice, not skipped silently."""

import os
import subprocess
import sys
import time
import uuid
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_scopes import scopes_disabled

from config.celery import app as celery_app
from cooperation.models import Area
from self_assessment import services
from self_assessment.enums import EditionStatus, RenderStatus
from self_assessment.models import NoteRevision
from tests.browser.world import ensure_reference_data
from tests.factories import MunicipalityFactory, OfficerFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(settings):
    queue = f"wspolpraca-test-{uuid.uuid4().hex[:8]}"
    # The worker must write where this process reads: the storage the model field is bound to.
    private = NoteRevision._meta.get_field("pdf").storage.location
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "PRIVATE_MEDIA_ROOT": str(private),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue, "-P", "solo", "-l", "info",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        env=env, cwd=settings.BASE_DIR, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    saved = {k: celery_app.conf[k] for k in ("task_always_eager", "broker_url", "task_default_queue")}
    celery_app.conf.update(task_always_eager=False, broker_url=settings.REDIS_URL, task_default_queue=queue)
    try:
        yield process
    finally:
        celery_app.conf.update(saved)
        process.terminate()
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        print(output[-4000:])


def test_a_real_worker_renders_the_published_note(worker):
    ensure_reference_data()  # transactional tests before this one flushed the migration-loaded rows
    officer = OfficerFactory(municipality=MunicipalityFactory(name="Gmina Źródła Łąckie"))
    now = timezone.now()
    with scopes_disabled():
        edition = services.create_edition(
            municipality=officer.municipality, actor=officer.user, title="Ocena współpracy 2025",
            period_start=date(2025, 1, 1), period_end=date(2025, 12, 31),
            survey_opens_at=now - timedelta(days=3), survey_closes_at=now - timedelta(days=1),
            areas=Area.objects.filter(code__in=["P1.A4", "P2.A1"]), language="pl",
        )
        services.set_edition_status(edition=edition, actor=officer.user, status=EditionStatus.OPEN)
        services.set_edition_status(edition=edition, actor=officer.user, status=EditionStatus.CLOSED)
        services.add_participant(edition=edition, actor=officer.user, name="Anna Urzędniczka", sector="jst")
        services.add_participant(edition=edition, actor=officer.user, name="Piotr Społecznik", sector="ngo")
        for assessment, score in zip(edition.area_assessments.order_by("area__order"), ["2.5", "4.0"], strict=True):
            services.save_area_assessment(assessment=assessment, actor=officer.user, agreed_score=score)
        revision = services.publish_note(edition=edition, actor=officer.user)

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        with scopes_disabled():
            revision = NoteRevision.objects.get(pk=revision.pk)
        if revision.pdf_status != RenderStatus.PENDING or worker.poll() is not None:
            break
        time.sleep(0.5)
    assert revision.pdf_status == RenderStatus.READY, revision.pdf_error
    data = revision.pdf.open("rb").read()
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert "Gmina Źródła Łąckie" in text
    assert "3,25" in text  # the overall index: mean of 2.5 and 4.0
