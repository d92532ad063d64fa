"""Deadline drill: 200 organizations submit their offers at once around a call's deadline.

    make drills                                     # all drills; this one alone:
    .venv/bin/python bench/drills/deadline_rush.py --offers 200 --before 8 --after 2 --double-clicks 10

What it does (everything of its own, on loopback: see stack.py):
  1. initdb + PostgreSQL and a redis-server (the broker and the cache: the PDF and e-mail tasks are queued there
     and nobody runs them) on free ports, migrates (or restores the kept schema), collects the static files;
  2. writes the data through the services: one municipality, one call, N organizations confirmed by it, each
     with a member and a complete draft offer; a signed-in session per member;
  3. starts gunicorn (production settings, plain HTTP on a free loopback port, DRILL_WORKERS sync workers),
     opens each offer's submission page (session, CSRF token);
  4. moves the deadline a few seconds ahead and fires the submissions: half spread over the `--before` seconds
     before the deadline, half over the `--after` seconds after it, and `--double-clicks` of them sent twice at
     the same moment;
  5. reads every offer back from the database and checks the drill's promises:
     - every answer "submitted" (302 to the confirmation) is an offer stored exactly once (status submitted,
       one version, a number no other offer has, a submission time before the deadline),
     - every answer "too late" (409 with the message) is an offer still a draft,
     - every request sent after the deadline was refused, every answer received before it was a submission,
     - nothing lost (no request without an answer, no answer the database contradicts), no 5xx;
  6. prints sent / stored / refused / lost / 5xx (and the requests in flight at the deadline, which may go
     either way: the server's clock at its commit decides) and exits non-zero when a promise is broken.
     Everything it started is stopped and removed (`Stack.close`), also after a failure or Ctrl-C.

Against a server that is already running: DRILL_BASE_URL=http://127.0.0.1:8000 with DATABASE_URL and
DJANGO_SETTINGS_MODULE of that server. Nothing is started then; the data goes into that server's database, in
a municipality of its own ("drill-…"), and stays there.

Environment: DRILL_WORKERS (4 here), DRILL_BASE_URL (none); the rest as in stack.py (DRILL_KEEP=1 keeps the
logs).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from stack import CSRF_INPUT, Stack, machine, request, run_phase

ROOT = Path(__file__).resolve().parent.parent.parent
DECLARATIONS = {
    "declarations-only_statutory_activity": "on", "declarations-fees_only_in_paid_activity": "on",
    "declarations-register_data_current": "on", "declarations-information_true": "on",
    "declarations-personal_data_consents": "on", "declarations-tax_arrears": "none",
    "declarations-social_insurance_arrears": "none",
}


# --- The Django side (run in a child process with the server's settings) ---------------------------------------


def _django():
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def phase_prepare(count: int) -> dict:
    """Municipality, call, `count` organizations with a member, a confirmed link and a complete draft; a
    session per member. The deadline is a day away for now."""
    _django()
    from datetime import date, timedelta
    from decimal import Decimal

    from django.conf import settings
    from django.test import Client
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from cooperation.enums import LegalForm, MembershipRole, MunicipalityKind, OrganizationLinkStatus
    from cooperation.models import Membership, Municipality, Organization, OrganizationMunicipality, User
    from grants.enums import CallStatus, TaskForm
    from grants.models import Call
    from grants.services import offers as services

    tag = secrets.token_hex(3)
    now = timezone.now()
    year = now.year + 1
    with scopes_disabled():
        municipality = Municipality.objects.create(
            name=f"Gmina Ćwiczebna {tag}", kind=MunicipalityKind.GMINA, slug=f"drill-{tag}",
            teryt=f"{random.randint(1000000, 9999999)}")
        call = Call.objects.create(
            municipality=municipality, number=f"9/{year}", title="Ćwiczenie terminu", task_type="Zajęcia dla seniorów",
            form=TaskForm.SUPPORT, total_funds=Decimal("1000000.00"), min_grant=None, max_grant=None,
            task_start_earliest=date(year, 1, 1), task_end_latest=date(year, 12, 31),
            deadline=now + timedelta(days=1), selection_by=(now + timedelta(days=30)).date(),
            status=CallStatus.PUBLISHED, published_at=now - timedelta(days=22),
            published_bip_on=(now - timedelta(days=22)).date(), published_board_on=(now - timedelta(days=22)).date(),
            published_website_on=(now - timedelta(days=22)).date())
        offers = []
        for n in range(count):
            user = User.objects.create_user(email=f"drill-{tag}-{n}@drill.example.pl", password=None,
                                            full_name=f"Osoba {n}")
            organization = Organization.objects.create(
                name=f"Stowarzyszenie Ćwiczebne {tag} {n}", legal_form=LegalForm.ORDINARY_ASSOCIATION,
                street=f"ul. Próbna {n}", postal_code="00-001", city="Próbów", email=f"ngo-{tag}-{n}@drill.example.pl")
            Membership.objects.create(organization=organization, user=user, role=MembershipRole.OWNER)
            OrganizationMunicipality.objects.create(organization=organization, municipality=municipality,
                                                    status=OrganizationLinkStatus.CONFIRMED)
            offer = services.start_offer(call=call, organization=organization, actor=user)
            services.save_draft(offer=offer, actor=user, content=_content(year, n), partial=True)
            client = Client()
            client.force_login(user)
            offers.append({"id": offer.pk, "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
                           "path": f"/jst/{municipality.slug}/dotacje/oferty/{offer.pk}/zlozenie/"})
    return {"call": call.pk, "municipality": municipality.slug, "offers": offers,
            "session_cookie": settings.SESSION_COOKIE_NAME, "csrf_cookie": settings.CSRF_COOKIE_NAME}


def _content(year: int, n: int) -> dict:
    unit = 100 + n  # zł; a different total per offer
    total = unit * 120 + 1350
    own = total // 10
    return {
        "contact": {"name": f"Osoba {n}", "phone": "+48 600 000 000", "email": ""},
        "title": f"Zajęcia ruchowe {n}", "start": f"{year}-03-01", "end": f"{year}-11-30",
        "synopsis": "Cotygodniowe zajęcia ruchowe dla seniorów.",
        "activities": [{"id": "a1", "year": str(year), "name": "Zajęcia ruchowe"}],
        "costs": [
            {"id": "c1", "category": "activity", "activity_id": "a1", "name": "Instruktor", "unit": "godzina",
             "unit_cost": f"{unit}.00", "quantity": "120"},
            {"id": "c2", "category": "administrative", "name": "Księgowość", "unit": "miesiąc",
             "unit_cost": "150.00", "quantity": "9"},
        ],
        "funding": {"grant": f"{total - own}.00", "own_financial": f"{own}.00", "own_non_financial": "0.00",
                    "beneficiary_fees": "0.00"},
        "paid_activity": "unpaid",
    }


def phase_deadline(call_id: int, seconds: float) -> dict:
    _django()
    from datetime import timedelta

    from django.utils import timezone
    from django_scopes import scopes_disabled

    from grants.models import Call

    deadline = timezone.now() + timedelta(seconds=seconds)
    with scopes_disabled():
        Call.objects.filter(pk=call_id).update(deadline=deadline)
    return {"deadline": deadline.timestamp()}


def phase_verify(call_id: int) -> dict:
    _django()
    from django.db.models import Count
    from django_scopes import scopes_disabled

    from grants.models import Call, Offer

    with scopes_disabled():
        deadline = Call.objects.get(pk=call_id).deadline.timestamp()
        rows = (Offer.objects.filter(call_id=call_id).annotate(version_count=Count("versions"))
                .values("id", "status", "number", "submitted_at", "version_count"))
        offers = {row["id"]: {**row, "submitted_at": row["submitted_at"].timestamp() if row["submitted_at"] else None}
                  for row in rows}
    return {"deadline": deadline, "offers": offers}


# --- The HTTP side --------------------------------------------------------------------------------------------------


@dataclass
class Shot:
    offer: int
    path: str
    cookies: str
    token: str
    at: float = 0.0  # when to send (epoch seconds)
    sent: float = 0.0
    answered: float = 0.0
    status: int | None = None
    location: str = ""
    error: str = ""
    body: str = ""
    duplicate: bool = False
    verdict: str = field(default="")


def prepare_shot(base: str, offer: dict, names: dict) -> Shot:
    cookies = f"{names['session_cookie']}={offer['session']}"
    status, _location, set_cookie, data = request(base, "GET", offer["path"], cookies=cookies)
    if status != 200:
        raise RuntimeError(f"GET {offer['path']} answered {status}")
    csrf = re.search(rf"{re.escape(names['csrf_cookie'])}=([^;]+)", set_cookie)
    token = CSRF_INPUT.search(data.decode())
    if not csrf or not token:
        raise RuntimeError(f"no CSRF token on {offer['path']}")
    return Shot(offer["id"], offer["path"], f"{cookies}; {names['csrf_cookie']}={csrf.group(1)}", token.group(1))


def fire(base: str, shot: Shot) -> None:
    from urllib.parse import urlencode

    body = urlencode({**DECLARATIONS, "csrfmiddlewaretoken": shot.token})
    delay = shot.at - time.time()
    if delay > 0:
        time.sleep(delay)
    shot.sent = time.time()
    try:
        status, location, _cookie, data = request(base, "POST", shot.path, cookies=shot.cookies, body=body)
        shot.status, shot.location = status, location
        shot.body = data.decode(errors="replace")
    except OSError as error:
        shot.error = f"{type(error).__name__}: {error}"
    shot.answered = time.time()


# --- The drill ----------------------------------------------------------------------------------------------------------


def schedule(shots: list[Shot], deadline: float, before: float, after: float, double_clicks: int) -> list[Shot]:
    rng = random.Random(2026)
    rng.shuffle(shots)
    half = len(shots) // 2
    for index, shot in enumerate(shots):
        if index < half:
            shot.at = deadline - before + rng.random() * (before - 0.05)
        else:
            shot.at = deadline + 0.05 + rng.random() * max(after - 0.05, 0.01)
    twins = []
    for shot in shots[:double_clicks]:  # early ones: the double click must meet an open call
        twin = Shot(shot.offer, shot.path, shot.cookies, shot.token, at=shot.at, duplicate=True)
        twins.append(twin)
    return shots + twins


def judge(shots: list[Shot], verified: dict) -> dict:
    deadline = verified["deadline"]
    offers = {int(k): v for k, v in verified["offers"].items()}
    problems = []
    stored_ids, refused_ids = set(), set()
    counts = {"sent": len(shots), "stored": 0, "refused": 0, "already": 0, "lost": 0, "5xx": 0, "in_flight": 0,
              "other": 0}
    for shot in shots:
        row = offers.get(shot.offer)
        if shot.error:
            counts["lost"] += 1
            problems.append(f"offer {shot.offer}: no answer ({shot.error})")
            continue
        if shot.status >= 500:
            counts["5xx"] += 1
            problems.append(f"offer {shot.offer}: {shot.status}")
            continue
        if shot.sent < deadline <= shot.answered:
            counts["in_flight"] += 1
        if shot.status == 302 and shot.location.endswith("/potwierdzenie/"):
            if row is None or row["status"] != "submitted" or not row["number"] or row["version_count"] != 1 \
                    or row["submitted_at"] is None or row["submitted_at"] >= deadline:
                counts["lost"] += 1
                problems.append(f"offer {shot.offer}: answered submitted, stored as {row}")
            elif shot.duplicate or shot.offer in stored_ids:
                counts["already"] += 1
            else:
                counts["stored"] += 1
                stored_ids.add(shot.offer)
            if shot.sent >= deadline:
                problems.append(f"offer {shot.offer}: sent {shot.sent - deadline:.3f} s after the deadline, submitted")
        elif shot.status == 409:
            counts["refused"] += 1
            refused_ids.add(shot.offer)
            if row is None or row["status"] != "draft":
                counts["lost"] += 1
                problems.append(f"offer {shot.offer}: answered too late, stored as {row}")
            if shot.answered < deadline:
                problems.append(f"offer {shot.offer}: refused although answered before the deadline")
        else:
            counts["other"] += 1
            problems.append(f"offer {shot.offer}: unexpected answer {shot.status} {shot.location}")
    numbers = [row["number"] for row in offers.values() if row["number"]]
    if len(numbers) != len(set(numbers)):
        problems.append("two offers share a submission number")
    submitted_in_db = {oid for oid, row in offers.items() if row["status"] == "submitted"}
    if submitted_in_db != stored_ids:
        problems.append(f"the database holds {len(submitted_in_db)} submitted offers, the answers said {len(stored_ids)}")
        counts["lost"] += len(submitted_in_db ^ stored_ids)
    if refused_ids & stored_ids:
        problems.append("an offer was both refused and stored")
    counts["numbers_distinct"] = len(numbers) == len(set(numbers))
    return {"counts": counts, "problems": problems}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    parser.add_argument("--offers", type=int, default=200)
    parser.add_argument("--before", type=float, default=8.0, help="seconds before the deadline the first half spreads over")
    parser.add_argument("--after", type=float, default=2.0, help="seconds after the deadline the second half spreads over")
    parser.add_argument("--lead", type=float, default=11.0, help="seconds from setting the deadline to the deadline")
    parser.add_argument("--double-clicks", type=int, default=10)
    options = parser.parse_args()
    if options.phase:
        handler = {"prepare": lambda: phase_prepare(int(options.args[0])),
                   "deadline": lambda: phase_deadline(int(options.args[0]), float(options.args[1])),
                   "verify": lambda: phase_verify(int(options.args[0]))}[options.phase]
        print(json.dumps(handler(), default=str))
        return 0
    if options.lead <= options.before + 1:
        sys.exit("drill: --lead must exceed --before by more than a second")

    external = os.environ.get("DRILL_BASE_URL", "").rstrip("/")
    stack = None if external else Stack("deadline-rush")
    try:
        if stack is None:
            env, base = dict(os.environ), external
            print(f"==== Against the running server {base} (settings {env.get('DJANGO_SETTINGS_MODULE')})", flush=True)
        else:
            env, base = stack.env, stack.base
            stack.say(f"Own PostgreSQL on port {stack.pg_port} and redis-server on port {stack.redis_port}")
            stack.pg_init()
            stack.redis_start()
            stack.migrate()

        def phase(name: str, *args) -> dict:
            return run_phase(__file__, name, *args, env=env)

        print(f"==== Preparing {options.offers} organizations with complete drafts", flush=True)
        prepared = phase("prepare", options.offers)
        if stack is not None:
            stack.gunicorn_start(os.environ.get("DRILL_WORKERS", "4"))
        print("==== Opening every submission page (session and CSRF token)", flush=True)
        shots: list[Shot] = [None] * len(prepared["offers"])  # type: ignore[list-item]

        def open_page(index: int, offer: dict) -> None:
            shots[index] = prepare_shot(base, offer, prepared)

        threads = [threading.Thread(target=open_page, args=(i, o)) for i, o in enumerate(prepared["offers"])]
        for start in range(0, len(threads), 16):
            batch = threads[start:start + 16]
            for thread in batch:
                thread.start()
            for thread in batch:
                thread.join()
        if any(shot is None for shot in shots):
            sys.exit("drill: some submission pages could not be opened")

        deadline = phase("deadline", prepared["call"], options.lead)["deadline"]
        planned = schedule(shots, deadline, options.before, options.after, options.double_clicks)
        print(f"==== Deadline in {deadline - time.time():.1f} s; firing {len(planned)} requests "
              f"({options.double_clicks} double clicks)", flush=True)
        threads = [threading.Thread(target=fire, args=(base, shot)) for shot in planned]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        verified = phase("verify", prepared["call"])
        result = judge(planned, verified)
        counts = result["counts"]
        latencies = sorted(shot.answered - shot.sent for shot in planned if not shot.error)
        p95 = latencies[int(len(latencies) * 0.95) - 1] if latencies else 0
        print("==== Result")
        print(f"  sent {counts['sent']}  stored {counts['stored']}  refused {counts['refused']}  "
              f"already-submitted {counts['already']}  lost {counts['lost']}  5xx {counts['5xx']}  "
              f"other {counts['other']}")
        print(f"  in flight at the deadline {counts['in_flight']}  numbers distinct {counts['numbers_distinct']}  "
              f"latency p95 {p95 * 1000:.0f} ms")
        if stack is not None:
            print(f"  machine: {machine()}, PostgreSQL {stack.pg_version()}")
        for problem in result["problems"][:30]:
            print(f"  ! {problem}")
        ok = not result["problems"] and counts["lost"] == 0 and counts["5xx"] == 0 and counts["other"] == 0
        print("==== OK: every promise kept" if ok else "==== FAILED")
        if not ok and stack is not None:
            print("--- last lines of the gunicorn log ---", stack.log_tail("gunicorn.log", 40), sep="\n")
        return 0 if ok else 1
    finally:
        if stack is not None:
            stack.close()

if __name__ == "__main__":
    sys.exit(main())
