"""Benchmarks of the self-assessment (issue 4), run by bench/lijw.sh against PostgreSQL (and Redis with two
Celery workers for the burst):

1. results of an edition with 10,000 responses x 60 questions, aggregated in the database (target < 1 s);
2. rendering a typical note (about 8 pages, 4 charts) to PDF (target < 2 s median);
3. 100 notes published in a burst and rendered by 2 workers: every PDF appears, none is lost.

Usage (from the repository root, environment prepared by bench/lijw.sh):
    python bench/lijw.py results|render|burst [--responses N] [--questions N] [--notes N]
Prints one JSON object on stdout.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from cooperation.enums import MunicipalityKind  # noqa: E402
from cooperation.models import Municipality, User  # noqa: E402
from self_assessment import services  # noqa: E402
from self_assessment.enums import EditionStatus, QuestionKind, RenderStatus, RespondentGroup  # noqa: E402
from self_assessment.models import Answer, NoteRevision, Question, Response  # noqa: E402
from self_assessment.pdf import render_note  # noqa: E402
from self_assessment.scoring import compute_results  # noqa: E402

RNG = random.Random(42)  # noqa: S311 - benchmark data


def actor() -> User:
    user, _ = User.objects.get_or_create(email="bench@wspolpraca.test", defaults={"full_name": "Benchmark"})
    return user


def municipality(index: int = 0) -> Municipality:
    teryt = f"02{index // 99 % 99 + 1:02d}{index % 99 + 1:02d}1"
    m, _ = Municipality.objects.get_or_create(
        slug=f"lijw-bench-{index}", defaults={"name": f"Gmina Łąkowa Wólka {index}", "kind": MunicipalityKind.GMINA,
                                              "teryt": teryt},
    )
    return m


def make_edition(m, *, closed: bool = True):
    now = timezone.now()
    edition = services.create_edition(
        municipality=m, actor=actor(), title="Ocena współpracy 2025", period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31), survey_opens_at=now - timedelta(days=30), survey_closes_at=now - timedelta(days=1),
        meeting_at=now, meeting_place="Sala narad", moderator="Moderatorka", language="pl",
    )
    services.set_edition_status(edition=edition, actor=actor(), status=EditionStatus.OPEN)
    if closed:
        services.set_edition_status(edition=edition, actor=actor(), status=EditionStatus.CLOSED)
    return edition


def fill(edition, *, responses: int, questions: int) -> None:
    """Top the questionnaire up to `questions` rated statements and insert `responses` answers with COPY-like
    bulk inserts (the services would take minutes for 600,000 answers; the aggregation is what is measured)."""
    areas = list(edition.areas.all())
    existing = Question.objects.filter(edition=edition).count()
    extra = [
        Question(edition=edition, order=existing + i + 1, kind=QuestionKind.RATING, area=areas[i % len(areas)],
                 text_ngo=f"Stwierdzenie dodatkowe {i}", text_jst=f"Stwierdzenie dodatkowe {i}")
        for i in range(max(0, questions - existing))
    ]
    Question.objects.bulk_create(extra)
    rated = list(Question.objects.filter(edition=edition, kind=QuestionKind.RATING).values_list("id", flat=True))
    others = list(Question.objects.filter(edition=edition).exclude(kind=QuestionKind.RATING)
                  .values_list("id", "kind"))
    batch_responses, batch_answers = [], []
    today = timezone.localdate()
    for n in range(responses):
        group = RespondentGroup.NGO if n % 3 else RespondentGroup.JST
        response = Response(id=uuid.uuid4(), edition=edition, group=group, channel="open", submitted_on=today)
        batch_responses.append(response)
        same = {"edition": edition, "group": group}
        for qid in rated:
            if RNG.random() < 0.07:
                batch_answers.append(Answer(response=response, question_id=qid, dont_know=True, **same))
            else:
                batch_answers.append(Answer(response=response, question_id=qid, rating=RNG.randint(1, 5), **same))
        for qid, kind in others:
            if kind == QuestionKind.YES_NO:
                batch_answers.append(Answer(response=response, question_id=qid, yes=RNG.random() < 0.8, **same))
            elif RNG.random() < 0.05:
                batch_answers.append(Answer(response=response, question_id=qid, text="Dobra komunikacja.", **same))
        if len(batch_answers) > 50_000:
            Response.objects.bulk_create(batch_responses)
            Answer.objects.bulk_create(batch_answers, batch_size=5_000)
            batch_responses, batch_answers = [], []
    Response.objects.bulk_create(batch_responses)
    Answer.objects.bulk_create(batch_answers, batch_size=5_000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE self_assessment_answer; ANALYZE self_assessment_response;")


def agree(edition) -> None:
    for name, sector in (("Anna Urzędniczka", "jst"), ("Piotr Społecznik", "ngo")):
        services.add_participant(edition=edition, actor=actor(), name=name, sector=sector)
    for assessment in edition.area_assessments.all():
        services.save_area_assessment(assessment=assessment, actor=actor(),
                                      agreed_score=str(RNG.choice(["2.5", "3.0", "3.5", "4.0", "4.5"])),
                                      justification="Uzgodnione na spotkaniu po dyskusji wyników.",
                                      strengths="Stały kontakt z pełnomocnikiem.", weaknesses="Brak procedur.")
    for i in range(6):
        services.save_recommendation(edition=edition, actor=actor(), area=RNG.choice(list(edition.areas.all())),
                                     text=f"Rekomendacja {i + 1}: przyjąć procedurę i ją opublikować.",
                                     owner="Pełnomocnik", deadline=date(2026, 12, 31))


def bench_results(args) -> dict:
    edition = make_edition(municipality(0))
    started = time.perf_counter()
    fill(edition, responses=args.responses, questions=args.questions)
    filled = time.perf_counter() - started
    timings = []
    for _ in range(5):
        t = time.perf_counter()
        results = compute_results(edition)
        timings.append(time.perf_counter() - t)
    return {
        "benchmark": "lijw_results", "responses": results.total_responses,
        "rated_statements": len(results.questions), "answers": Answer.objects.filter(edition=edition).count(),
        "insert_s": round(filled, 1), "compute_s_median": round(statistics.median(timings), 3),
        "compute_s_max": round(max(timings), 3), "target_s": 1.0,
        "overall_ngo": str(results.overall.scores.get("ngo")),
    }


def bench_render(args) -> dict:
    edition = make_edition(municipality(1))
    fill(edition, responses=300, questions=args.questions)
    agree(edition)
    for i in range(6):
        services.add_participant(edition=edition, actor=actor(), name=f"Uczestnik {i}", sector="jst" if i % 2 else "ngo",
                                 affiliation="Urząd / organizacja")
    revision = services.publish_note(edition=edition, actor=actor())
    timings, size, pdf = [], 0, b""
    for _ in range(args.notes):
        t = time.perf_counter()
        _name, _type, pdf = render_note(revision)
        timings.append(time.perf_counter() - t)
        size = len(pdf)
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return {"benchmark": "lijw_render", "renders": len(timings), "median_s": round(statistics.median(timings), 3),
            "max_s": round(max(timings), 3), "pdf_bytes": size, "pages": pages, "target_median_s": 2.0}


def bench_burst(args) -> dict:
    """Publish `notes` notes at once; the workers started by lijw.sh render them. Wait until none is pending."""
    revisions = []
    for i in range(args.notes):
        edition = make_edition(municipality(100 + i))
        agree(edition)
        revisions.append(services.publish_note(edition=edition, actor=actor()).pk)
    published = time.perf_counter()
    deadline = published + args.timeout
    pending = len(revisions)
    while time.perf_counter() < deadline:
        pending = NoteRevision.objects.filter(pk__in=revisions, pdf_status=RenderStatus.PENDING).count()
        if pending == 0:
            break
        time.sleep(0.5)
    elapsed = time.perf_counter() - published
    ready = NoteRevision.objects.filter(pk__in=revisions, pdf_status=RenderStatus.READY).exclude(pdf="").count()
    failed = NoteRevision.objects.filter(pk__in=revisions, pdf_status=RenderStatus.FAILED).count()
    return {"benchmark": "lijw_burst", "published": len(revisions), "rendered": ready, "failed": failed,
            "lost": len(revisions) - ready - failed, "seconds_to_all_rendered": round(elapsed, 1),
            "notes_per_s": round(ready / elapsed, 2) if elapsed else None}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("which", choices=["results", "render", "burst"])
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--questions", type=int, default=60)
    parser.add_argument("--notes", type=int, default=10)
    parser.add_argument("--timeout", type=int, default=600)
    args = parser.parse_args()
    with scopes_disabled():
        result = {"results": bench_results, "render": bench_render, "burst": bench_burst}[args.which](args)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
