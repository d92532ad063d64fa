"""PostgreSQL drill: the database is stopped and started again under load; public pages must fail cleanly
while it is down (the portal's 500 page or a 503, quickly, never a hang) and the portal must recover by itself
(gunicorn is not restarted).

    make drills                                     # all drills; this one alone:
    .venv/bin/python bench/drills/postgres_restart.py --clients 8 --outage 10 --after 15

What it does (everything of its own, on loopback: see stack.py):
  1. initdb + PostgreSQL and a redis-server (the cache) on free ports, migrates, writes 5 municipalities and
     200 organizations with bench/generate.py, starts gunicorn (production settings: persistent connections,
     CONN_MAX_AGE 60 with health checks);
  2. `--clients` threads request public pages in a loop (home, municipality, directory, standards; each
     request on a new connection, `--timeout` seconds at most) for 5 s; half of them add a query string of
     their own to every request, so that the anonymous page cache (Redis) cannot answer for the database;
  3. stops PostgreSQL (`pg_ctl stop -m fast`: open connections are cut), keeps it down for `--outage` seconds,
     starts it again and keeps the load on for `--after` seconds;
  4. prints the requests sent, answered 200, failed during the outage (and how: the 500 page, 503, other,
     no answer), the slowest answer, and how long after PostgreSQL was back the portal answered every request
     again. Exits non-zero when a request before the outage failed, a failure was not clean (no answer, a
     time-out, another status), the portal did not recover within `--recover-within` seconds, or gunicorn's
     master process changed.

Environment: see stack.py (DRILL_KEEP=1 keeps the logs).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

from stack import PY, ROOT, Stack, machine, request

PAGE_500 = "Błąd serwera".encode()


@dataclass
class Answer:
    path: str
    sent: float
    unique: bool = False
    answered: float = 0.0
    status: int | None = None
    page_500: bool = False
    error: str = ""

    @property
    def seconds(self) -> float:
        return self.answered - self.sent

    @property
    def clean_failure(self) -> bool:
        return self.status == 503 or (self.status == 500 and self.page_500)


def load(stack: Stack, paths: list[str], answers: list[Answer], stop: threading.Event, offset: int,
         timeout: float) -> None:
    """Request the pages in turn until `stop`; odd clients add a query string of their own to every request, so
    that the anonymous page cache cannot answer for the database."""
    index, unique = offset, offset % 2 == 1
    while not stop.is_set():
        path = paths[index % len(paths)]
        answer = Answer(f"{path}?drill={offset}-{index}" if unique else path, time.time(), unique)
        index += 1
        try:
            status, _location, _cookie, body = request(stack.base, "GET", answer.path, timeout=timeout)
            answer.status, answer.page_500 = status, PAGE_500 in body
        except OSError as error:
            answer.error = f"{type(error).__name__}: {error}"
        answer.answered = time.time()
        answers.append(answer)


def gunicorn_workers(stack: Stack) -> list[int]:
    path = f"/proc/{stack.gunicorn.pid}/task/{stack.gunicorn.pid}/children"
    try:
        return sorted(int(pid) for pid in open(path).read().split())
    except OSError:
        return []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--outage", type=float, default=10.0, help="seconds PostgreSQL stays down")
    parser.add_argument("--after", type=float, default=15.0, help="seconds of load after PostgreSQL is back")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds a request may take")
    parser.add_argument("--recover-within", type=float, default=5.0,
                        help="seconds after PostgreSQL is back by which every request must succeed again")
    options = parser.parse_args()

    problems: list[str] = []
    stack = Stack("postgres-restart")
    stop = threading.Event()
    threads: list[threading.Thread] = []
    try:
        stack.say(f"Own PostgreSQL on port {stack.pg_port} and redis-server on port {stack.redis_port}")
        stack.pg_init()
        stack.redis_start()
        stack.migrate()
        stack.say("Writing 5 municipalities and 200 organizations (bench/generate.py)")
        generated = subprocess.run([PY, "bench/generate.py", "--municipalities", "5", "--organizations", "200"],
                                   env=stack.env, cwd=ROOT, capture_output=True, text=True, check=True).stdout
        slug = re.search(r"first_slug=([a-z0-9-]+)", generated).group(1)
        stack.gunicorn_start()
        master, workers_before = stack.gunicorn.pid, gunicorn_workers(stack)
        paths = ["/", f"/jst/{slug}/", f"/jst/{slug}/organizacje/", f"/jst/{slug}/standardy/"]
        for path in paths:
            status = request(stack.base, "GET", path)[0]
            if status != 200:
                sys.exit(f"drill: {path} answered {status} before the drill")

        stack.say(f"Load: {options.clients} clients on {len(paths)} public pages")
        answers: list[Answer] = []
        threads = [threading.Thread(target=load, args=(stack, paths, answers, stop, n, options.timeout))
                   for n in range(options.clients)]
        load_started = time.time()
        for thread in threads:
            thread.start()
        time.sleep(5)
        down = time.time()
        stack.say("PostgreSQL stopped (pg_ctl stop -m fast)")
        stack.pg_stop("fast")
        stopped = time.time()
        time.sleep(max(0.0, options.outage - (stopped - down)))
        stack.pg_start()
        up = time.time()
        stack.say(f"PostgreSQL started again after {up - down:.1f} s; load goes on for {options.after:.0f} s")
        time.sleep(options.after)
        stop.set()
        for thread in threads:
            thread.join()
        end = time.time()

        answers.sort(key=lambda a: a.sent)
        before = [a for a in answers if a.answered < down]
        during = [a for a in answers if a.answered >= down and a.sent <= up]
        after = [a for a in answers if a.sent > up]
        failed = [a for a in answers if a.status != 200]
        unclean = [a for a in failed if not a.clean_failure]
        slow = [a for a in answers if a.seconds > options.timeout]
        last_failure_after = max((a.sent for a in after if a.status != 200), default=up)
        recovered = last_failure_after - up
        ok_after = [a for a in after if a.status == 200]
        if any(a.status != 200 for a in before):
            problems.append(f"{sum(a.status != 200 for a in before)} requests failed before the outage")
        if unclean:
            kinds = sorted({a.error.split(':')[0] if a.error else str(a.status) for a in unclean})
            problems.append(f"{len(unclean)} failures were not clean ({', '.join(kinds)})")
        if slow:
            problems.append(f"{len(slow)} requests took longer than {options.timeout:.0f} s")
        if recovered > options.recover_within or not ok_after:
            problems.append(f"the portal failed requests until {recovered:.1f} s after PostgreSQL was back")
        if stack.gunicorn.poll() is not None or stack.gunicorn.pid != master:
            problems.append("gunicorn's master process is gone")
        workers_after = gunicorn_workers(stack)

        print("==== Result")
        print(f"  sent {len(answers)}  answered 200 {sum(a.status == 200 for a in answers)}  failed {len(failed)} "
              f"(500 page {sum(a.status == 500 and a.page_500 for a in failed)}, "
              f"503 {sum(a.status == 503 for a in failed)}, unclean {len(unclean)})  lost (no answer) "
              f"{sum(bool(a.error) for a in answers)}")
        print(f"  before the outage: {len(before)} sent, {sum(a.status != 200 for a in before)} failed; "
              f"during the {up - down:.1f} s outage: {len(during)} sent, {sum(a.status != 200 for a in during)} "
              f"failed; after: {len(after)} sent, {sum(a.status != 200 for a in after)} failed")
        first_ok = min((a.answered for a in answers if a.answered > up and a.status == 200), default=up) - up
        print(f"  recovered {max(recovered, 0.0):.1f} s after PostgreSQL was back, first page served after "
              f"{first_ok:.2f} s (no restart of gunicorn; workers "
              f"{'unchanged' if workers_after == workers_before else f'{workers_before} -> {workers_after}'}); "
              f"slowest answer during the outage {max((a.seconds for a in during), default=0):.2f} s, overall "
              f"{max((a.seconds for a in answers), default=0):.2f} s; {len(answers) / (end - load_started):.0f} req/s")
        for unique, label in ((False, "plain paths (the anonymous page cache may answer)"),
                              (True, "a new query string each (always the database)")):
            mine = [a for a in during if a.unique == unique]
            print(f"  during the outage, clients with {label}: {len(mine)} sent, "
                  f"{sum(a.status != 200 for a in mine)} failed")
        print(f"  machine: {machine()}, PostgreSQL {stack.pg_version()}")
        for problem in problems:
            print(f"  ! {problem}")
        for answer in unclean[:5]:
            print(f"  ! {answer.path}: {answer.status} {answer.error} after {answer.seconds:.2f} s")
        ok = not problems
        print("==== OK: clean failures while down, recovered by itself" if ok else "==== FAILED")
        if not ok:
            print("--- last lines of the gunicorn log ---", stack.log_tail("gunicorn.log", 40), sep="\n")
        return 0 if ok else 1
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=options.timeout + 5)
        stack.close()


if __name__ == "__main__":
    sys.exit(main())
