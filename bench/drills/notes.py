"""The Django side of the two PDF drills (worker_kill.py, redis_outage.py), run in child processes with the
drill's settings (`Stack.phase`): LIJW editions ready to publish, publishing through the service, and the
safety net of celery beat (`cooperation.requeue_pending_documents`) sent as beat sends it.

Every function returns a JSON-serializable dict.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def _django():
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare(count: int) -> dict:
    """`count` municipalities with a closed edition whose team has both sectors (what publishing requires),
    one officer of all of them (with TOTP, as officers must have) and a signed-in session for that officer."""
    _django()
    import base64
    import random
    import secrets
    from datetime import date, timedelta

    from allauth.mfa.totp.internal.auth import TOTP
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from cooperation.enums import MunicipalityKind
    from cooperation.models import Municipality, Officer, User
    from self_assessment import services
    from self_assessment.enums import EditionStatus

    tag = secrets.token_hex(3)
    now = timezone.now()
    with scopes_disabled():
        officer = User.objects.create_user(email=f"drill-{tag}@drill.example.pl", password=None,
                                           full_name="Pełnomocniczka Ćwiczebna")
        TOTP.activate(officer, base64.b32encode(secrets.token_bytes(20)).decode())
        editions = []
        for n in range(count):
            municipality = Municipality.objects.create(
                name=f"Gmina Ćwiczebna {tag} {n}", kind=MunicipalityKind.GMINA, slug=f"drill-{tag}-{n}",
                teryt=f"{random.randint(1000000, 9999999)}")  # noqa: S311 - drill data
            Officer.objects.create(municipality=municipality, user=officer, is_ngo_officer=True)
            edition = services.create_edition(
                municipality=municipality, actor=officer, title="Ocena współpracy 2025", period_start=date(2025, 1, 1),
                period_end=date(2025, 12, 31), survey_opens_at=now - timedelta(days=30),
                survey_closes_at=now - timedelta(days=1), meeting_at=now, meeting_place="Sala narad",
                moderator="Moderatorka", language="pl")
            services.set_edition_status(edition=edition, actor=officer, status=EditionStatus.OPEN)
            services.set_edition_status(edition=edition, actor=officer, status=EditionStatus.CLOSED)
            for name, sector in (("Anna Urzędniczka", "jst"), ("Piotr Społecznik", "ngo")):
                services.add_participant(edition=edition, actor=officer, name=name, sector=sector)
            editions.append({"id": edition.pk, "slug": municipality.slug})
        client = Client()
        client.force_login(officer)
    return {"editions": editions, "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "session_cookie": settings.SESSION_COOKIE_NAME, "csrf_cookie": settings.CSRF_COOKIE_NAME}


def publish(edition_ids: list[int]) -> dict:
    """Publish each edition's note through the service (the render task is enqueued after each commit)."""
    _django()
    from django_scopes import scopes_disabled

    from self_assessment import services
    from self_assessment.models import Edition

    revisions = []
    with scopes_disabled():
        for edition in Edition.objects.filter(pk__in=edition_ids).select_related("created_by").order_by("pk"):
            revisions.append(services.publish_note(edition=edition, actor=edition.created_by).pk)
    return {"revisions": revisions}


def backdate(minutes: int) -> dict:
    """Move `pdf_requested_at` of the pending renders `minutes` back: the drill's stand-in for the time beat's
    five-minute cutoff would otherwise make it wait."""
    _django()
    from datetime import timedelta

    from django.db.models import F
    from django_scopes import scopes_disabled

    from cooperation.enums import RenderStatus
    from self_assessment.models import NoteRevision

    with scopes_disabled():
        moved = NoteRevision.objects.filter(pdf_status=RenderStatus.PENDING, pdf_requested_at__isnull=False).update(
            pdf_requested_at=F("pdf_requested_at") - timedelta(minutes=minutes))
    return {"backdated": moved}


def requeue() -> dict:
    """Send `cooperation.requeue_pending_documents` to the broker, exactly as celery beat does every 300 s."""
    _django()
    import time

    from cooperation.tasks import task_requeue_pending_documents

    return {"task_id": task_requeue_pending_documents.delay().id, "sent_at": time.time()}


def status() -> dict:
    """Every note revision: its render state and whether its file is a PDF on disk."""
    _django()
    from django_scopes import scopes_disabled

    from self_assessment.models import NoteRevision

    rows = {}
    with scopes_disabled():
        for revision in NoteRevision.objects.order_by("pk"):
            valid = False
            if revision.pdf:
                try:
                    with revision.pdf.open("rb") as handle:
                        valid = handle.read(5) == b"%PDF-"
                except OSError:
                    valid = False
            rows[revision.pk] = {"edition": revision.edition_id, "status": revision.pdf_status,
                                 "attempts": revision.pdf_attempts, "pdf": valid}
    return {"revisions": rows}


PHASES = {
    "prepare": lambda args: prepare(int(args[0])),
    "publish": lambda args: publish([int(a) for a in args]),
    "backdate": lambda args: backdate(int(args[0])),
    "requeue": lambda args: requeue(),
    "status": lambda args: status(),
}


def summarize(rows: dict) -> dict:
    counts = {"revisions": len(rows), "ready": 0, "pending": 0, "failed": 0, "renders": 0}
    for row in rows.values():
        counts["renders"] += row["attempts"]
        if row["status"] == "ready" and row["pdf"]:
            counts["ready"] += 1
        elif row["status"] == "failed":
            counts["failed"] += 1
        else:
            counts["pending"] += 1
    return counts
