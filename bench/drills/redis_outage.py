"""Redis drill: Redis (the Celery broker and the cache) is stopped while officers publish LIJW notes, then
started again, empty; publishing must succeed throughout and every PDF must appear once Redis is back.

    make drills                                     # all drills; this one alone:
    .venv/bin/python bench/drills/redis_outage.py --before 2 --during 6

What it does (everything of its own, on loopback: see stack.py):
  1. initdb + PostgreSQL and a redis-server (no persistence) on free ports, migrates, prepares closed LIJW
     editions and an officer's session, starts gunicorn (production settings) and a Celery worker, opens each
     edition's note page (CSRF token);
  2. publishes `--before` notes through the portal (POST .../notatka/publikuj/) with Redis up: each PDF appears;
  3. stops redis-server and publishes `--during` notes through the portal: each request must answer the
     redirect of a successful publication (302) within 10 s, never a 5xx; the render task cannot be queued, the
     note stays "pending";
  4. starts redis-server again (empty: whatever it held is gone) and waits for the worker to reconnect. The
     renders are recovered by celery beat's `cooperation.requeue_pending_documents` (every 300 s, renders asked
     for more than 5 minutes ago): the drill moves `pdf_requested_at` of the pending renders 6 minutes back
     instead of waiting, and sends that task to the broker as beat does;
  5. checks that every published note has its PDF (status ready, a %PDF file on disk), prints sent / stored /
     lost and exits non-zero when a publication failed or a PDF is missing.

Environment: see stack.py (DRILL_KEEP=1 keeps the logs).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from urllib.parse import urlencode

import notes
from stack import CSRF_INPUT, Stack, machine, request


def open_pages(stack: Stack, prepared: dict) -> list[dict]:
    """Each edition's note page, as the officer: the cookies and the form's CSRF token."""
    session = f"{prepared['session_cookie']}={prepared['session']}"
    pages = []
    for edition in prepared["editions"]:
        path = f"/jst/{edition['slug']}/lijw/panel/{edition['id']}/notatka/"
        status, _location, set_cookie, body = request(stack.base, "GET", path, cookies=session)
        token = CSRF_INPUT.search(body.decode(errors="replace"))
        csrf = set_cookie.split(f"{prepared['csrf_cookie']}=", 1)[-1].split(";", 1)[0] if set_cookie else ""
        if status != 200 or not token or not csrf:
            sys.exit(f"drill: GET {path} answered {status} without a CSRF token")
        pages.append({"edition": edition["id"], "path": path, "token": token.group(1),
                      "cookies": f"{session}; {prepared['csrf_cookie']}={csrf}"})
    return pages


def publish(stack: Stack, page: dict) -> dict:
    body = urlencode({"csrfmiddlewaretoken": page["token"], "correction_note": ""})
    started = time.monotonic()
    try:
        status, location, _cookie, _data = request(stack.base, "POST", page["path"] + "publikuj/",
                                                   cookies=page["cookies"], body=body, timeout=30)
        outcome = {"status": status, "ok": status == 302 and location.endswith(page["path"])}
    except OSError as error:
        outcome = {"status": None, "ok": False, "error": f"{type(error).__name__}: {error}"}
    outcome["seconds"] = time.monotonic() - started
    return {**page, **outcome}


def wait_ready(stack: Stack, editions: list[int], timeout: float) -> float | None:
    started = time.monotonic()
    ids = ",".join(map(str, editions))
    while time.monotonic() - started < timeout:
        rows = stack.sql(f"SELECT count(*) FILTER (WHERE pdf_status = 'ready' AND pdf <> ''), count(*) "
                         f"FROM self_assessment_noterevision WHERE edition_id IN ({ids})")
        ready, total = map(int, rows[0])
        if total == len(editions) and ready == total:
            return time.monotonic() - started
        time.sleep(0.2)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    parser.add_argument("--before", type=int, default=2, help="notes published before Redis is stopped")
    parser.add_argument("--during", type=int, default=6, help="notes published while Redis is down")
    options = parser.parse_args()
    if options.phase:
        print(json.dumps(notes.PHASES[options.phase](options.args), default=str))
        return 0

    problems: list[str] = []
    stack = Stack("redis-outage")
    try:
        stack.say(f"Own PostgreSQL on port {stack.pg_port} and redis-server on port {stack.redis_port}")
        stack.pg_init()
        stack.redis_start()
        stack.migrate()
        total = options.before + options.during
        stack.say(f"Preparing {total} closed LIJW editions and an officer's session")
        prepared = stack.phase(__file__, "prepare", total)
        stack.gunicorn_start()
        stack.worker_start(concurrency=2)
        pages = open_pages(stack, prepared)
        first, second = pages[:options.before], pages[options.before:]

        stack.say(f"{len(first)} notes published with Redis up")
        answers = [publish(stack, page) for page in first]
        took = wait_ready(stack, [p["edition"] for p in first], timeout=90)
        print(f"  answers {[a['status'] for a in answers]}; "
              + (f"every PDF stored in {took:.1f} s" if took is not None else "PDFs missing"), flush=True)
        if took is None or not all(a["ok"] for a in answers):
            problems.append("with Redis up: a publication or a PDF failed")

        stack.say(f"redis-server stopped; {len(second)} notes published while it is down")
        stack.redis_stop()
        outage_started = time.monotonic()
        during = [publish(stack, page) for page in second]
        statuses = [a["status"] for a in during]
        slowest = max(a["seconds"] for a in during)
        print(f"  answers {statuses}, slowest {slowest:.2f} s", flush=True)
        for answer in during:
            if not answer["ok"] or answer["seconds"] > 10:
                problems.append(f"edition {answer['edition']}: publishing answered {answer['status']} "
                                f"in {answer['seconds']:.1f} s {answer.get('error', '')}")
        published = int(stack.sql("SELECT count(*) FROM self_assessment_noterevision WHERE edition_id IN ("
                                  + ",".join(str(p["edition"]) for p in second) + ")")[0][0])
        print(f"  notes stored while Redis was down: {published} of {len(second)}", flush=True)

        stack.redis_start()
        outage = time.monotonic() - outage_started
        stack.say(f"redis-server started again, empty, after {outage:.1f} s down; waiting for the worker")
        pending = int(stack.sql("SELECT count(*) FROM self_assessment_noterevision WHERE pdf_status = 'pending'")[0][0])
        moved = stack.phase(__file__, "backdate", 6)["backdated"]
        sent_at = stack.phase(__file__, "requeue")["sent_at"]
        print(f"  {pending} renders pending; celery beat's safety net: {moved} moved 6 min back, "
              "cooperation.requeue_pending_documents sent to the broker", flush=True)
        recovered = wait_ready(stack, [p["edition"] for p in second], timeout=120)
        if recovered is None:
            problems.append("the re-enqueue did not bring every PDF within 120 s")
        else:
            recovered = time.time() - sent_at  # ready now: from the moment the task was sent
            print(f"  every PDF stored {recovered:.1f} s after the re-enqueue", flush=True)

        counts = notes.summarize(stack.phase(__file__, "status")["revisions"])
        answered = answers + during
        print("==== Result")
        print(f"  sent {len(answered)} publications ({len(during)} while Redis was down)  "
              f"published {sum(a['ok'] for a in answered)}  5xx {sum((a['status'] or 0) >= 500 for a in answered)}  "
              f"stored {counts['ready']} PDFs  lost {len(answered) - counts['ready']}  failed {counts['failed']}")
        print(f"  Redis down {outage:.1f} s; slowest publication while down {slowest:.2f} s; "
              f"PDFs of the outage recovered {recovered or 0:.1f} s after the re-enqueue")
        print(f"  machine: {machine()}, PostgreSQL {stack.pg_version()}")
        if counts["ready"] != len(answered) or counts["failed"]:
            problems.append(f"{len(answered) - counts['ready']} PDFs missing, {counts['failed']} failed")
        for problem in problems:
            print(f"  ! {problem}")
        ok = not problems
        print("==== OK: publishing held and every PDF appeared" if ok else "==== FAILED")
        if not ok:
            print("--- last lines of the gunicorn log ---", stack.log_tail("gunicorn.log", 40), sep="\n")
            print("--- last lines of the worker log ---", stack.log_tail("worker.log", 20), sep="\n")
        return 0 if ok else 1
    finally:
        stack.close()


if __name__ == "__main__":
    sys.exit(main())
