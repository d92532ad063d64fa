"""Worker drill: the Celery worker is killed with SIGKILL while it renders LIJW notes to PDF; every PDF must
still appear.

    make drills                                     # all drills; this one alone:
    .venv/bin/python bench/drills/worker_kill.py --notes 4

What it does (everything of its own, on loopback: see stack.py):
  1. initdb + PostgreSQL and a redis-server on free ports, migrates, prepares 2 x N closed LIJW editions ready
     for publishing; starts a Celery worker (2 pool processes, the production settings: acks_late,
     reject_on_worker_lost, prefetch 1);
  2. round 1, a pool process killed: publishes N notes through the service (N render tasks queued), waits
     until a render is in progress (the task has counted its attempt, the PDF is not stored yet) and SIGKILLs
     the pool processes; the worker's main process survives, the lost tasks must be redelivered at once
     (reject_on_worker_lost) and every PDF of the round must appear without any other help;
  3. round 2, the whole worker killed: publishes N more notes, waits for a render in progress and SIGKILLs the
     worker's process group (main process and pool: nothing can ack or reject), then starts a new worker. What
     was still queued is rendered by it; what was in flight stays unacknowledged in Redis (it would come back
     only after the visibility timeout, 1 hour) and its note stays "pending". The safety net is celery beat's
     `cooperation.requeue_pending_documents` (every 300 s, renders asked for more than 5 minutes ago): the drill
     moves `pdf_requested_at` of the pending renders 6 minutes back instead of waiting, and sends that task to
     the broker as beat does;
  4. checks that every note has its PDF (status ready, a %PDF file on disk), prints sent / stored / lost and
     exits non-zero when a PDF is missing or failed, or when round 1 needed the safety net.

Environment: see stack.py (DRILL_KEEP=1 keeps the logs).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time

import notes
from stack import Stack, machine


def in_flight(stack: Stack, since: dict[int, int]) -> list[int]:
    """Revisions whose render started after `since` (attempts counted) and whose PDF is not stored yet."""
    rows = stack.sql("SELECT id, pdf_attempts FROM self_assessment_noterevision WHERE pdf_status = 'pending'")
    return [int(pk) for pk, attempts in rows if int(attempts) > since.get(int(pk), 0)]


def attempts(stack: Stack) -> dict[int, int]:
    return {int(pk): int(n) for pk, n in stack.sql("SELECT id, pdf_attempts FROM self_assessment_noterevision")}


def wait_render_in_progress(stack: Stack, since: dict[int, int], timeout: float = 60) -> list[int]:
    limit = time.monotonic() + timeout
    while time.monotonic() < limit:
        found = in_flight(stack, since)
        if found:
            return found
        time.sleep(0.05)
    sys.exit("drill: no render started within 60 s (is the worker consuming?)")


def wait_ready(stack: Stack, revisions: list[int], timeout: float) -> float | None:
    """Seconds until every revision in `revisions` is ready, or None at the time-out."""
    started = time.monotonic()
    ids = ",".join(map(str, revisions))
    while time.monotonic() - started < timeout:
        left = stack.sql(f"SELECT count(*) FROM self_assessment_noterevision WHERE id IN ({ids}) "
                         "AND (pdf_status <> 'ready' OR pdf = '')")[0][0]
        if left == "0":
            return time.monotonic() - started
        time.sleep(0.2)
    return None


def wait_settled(stack: Stack, stuck: list[int], timeout: float) -> None:
    """Until the queue is empty and nothing but `stuck` is pending (or the time-out)."""
    limit = time.monotonic() + timeout
    while time.monotonic() < limit:
        pending = {int(r[0]) for r in stack.sql("SELECT id FROM self_assessment_noterevision WHERE pdf_status = 'pending'")}
        if pending <= set(stuck) and stack.redis_llen("celery") == 0:
            return
        time.sleep(0.2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    parser.add_argument("--notes", type=int, default=4, help="notes published in each of the two rounds")
    options = parser.parse_args()
    if options.phase:
        print(json.dumps(notes.PHASES[options.phase](options.args), default=str))
        return 0

    problems: list[str] = []
    stack = Stack("worker-kill")
    try:
        stack.say(f"Own PostgreSQL on port {stack.pg_port} and redis-server on port {stack.redis_port}")
        stack.pg_init()
        stack.redis_start()
        stack.migrate()
        stack.say(f"Preparing 2 x {options.notes} closed LIJW editions ready to publish")
        editions = [e["id"] for e in stack.phase(__file__, "prepare", 2 * options.notes)["editions"]]
        stack.worker_start(concurrency=2)

        stack.say(f"Round 1: {options.notes} notes published; SIGKILL to the pool processes mid-render")
        before = attempts(stack)
        round1 = stack.phase(__file__, "publish", *editions[:options.notes])["revisions"]
        victims1 = wait_render_in_progress(stack, before)
        children = stack.worker_children()
        for pid in children:
            os.kill(pid, signal.SIGKILL)
        print(f"  killed pool processes {children} while rendering revisions {victims1}", flush=True)
        took1 = wait_ready(stack, round1, timeout=60)
        print(f"  round 1: {'every PDF stored' if took1 is not None else 'PDFs missing'}"
              + (f" {took1:.1f} s after the kill, without the safety net" if took1 is not None else ""), flush=True)
        if took1 is None:
            problems.append("round 1: a pool process killed lost a render (reject_on_worker_lost did not requeue it)")

        stack.say(f"Round 2: {options.notes} notes published; SIGKILL to the whole worker mid-render")
        before = attempts(stack)
        round2 = stack.phase(__file__, "publish", *editions[options.notes:])["revisions"]
        victims2 = wait_render_in_progress(stack, before)
        killed = stack.worker_kill()
        print(f"  killed the worker {killed} while rendering revisions {victims2}; starting a new worker", flush=True)
        stack.worker_start(concurrency=2)
        wait_settled(stack, victims2, timeout=60)
        pending = [int(r[0]) for r in stack.sql(
            "SELECT id FROM self_assessment_noterevision WHERE pdf_status = 'pending' ORDER BY id")]
        print(f"  after the restart, queue drained: {len(pending)} still pending {pending} (unacknowledged in Redis, "
              "back only after the visibility timeout)", flush=True)
        took2 = 0.0
        if pending:
            moved = stack.phase(__file__, "backdate", 6)["backdated"]
            sent_at = stack.phase(__file__, "requeue")["sent_at"]
            print(f"  celery beat's safety net: {moved} pending renders moved 6 min back, "
                  "cooperation.requeue_pending_documents sent to the broker", flush=True)
            took2 = wait_ready(stack, round2, timeout=60)
            if took2 is None:
                problems.append("round 2: the re-enqueue did not bring every PDF")
            else:
                took2 = time.time() - sent_at  # ready now: from the moment the task was sent
        else:
            took2 = wait_ready(stack, round2, timeout=30)

        rows = stack.phase(__file__, "status")["revisions"]
        counts = notes.summarize(rows)
        sent = len(round1) + len(round2)
        lost = sent - counts["ready"]
        print("==== Result")
        print(f"  sent {sent} render tasks  stored {counts['ready']} PDFs  lost {lost}  failed {counts['failed']}  "
              f"renders done {counts['renders']} (a killed render is done again)")
        print(f"  round 1 (pool processes killed): recovered in {took1 or 0:.1f} s by redelivery; "
              f"round 2 (worker killed): {len(pending)} renders recovered by the re-enqueue in {took2 or 0:.1f} s")
        print(f"  machine: {machine()}, PostgreSQL {stack.pg_version()}")
        if lost or counts["failed"]:
            problems.append(f"{lost} PDFs missing, {counts['failed']} failed")
        for problem in problems:
            print(f"  ! {problem}")
        ok = not problems
        print("==== OK: every PDF appeared" if ok else "==== FAILED")
        if not ok:
            print("--- last lines of the worker log ---", stack.log_tail("worker.log", 40), sep="\n")
        return 0 if ok else 1
    finally:
        stack.close()


if __name__ == "__main__":
    sys.exit(main())
