"""Exports of many rows (issue #8): every CSV/XLSX/JSON export of the portal, timed end to end with its peak
memory, at two sizes (1,000 and 10,000 rows by default).

    python bench/exports.py [--rows 1000,10000] [--max-seconds 5] [--db wspolpraca_bench_exports] [--keep-db]

1. Drops and creates the PostgreSQL database (its name must contain "bench"), migrates it.
2. For each size N, in turn (the data grows from one size to the next): a municipality "bench-eksport" with N
   confirmed NGOs in its base; a closed call with N submitted offers (decided: awarded or not, results
   published) and score sheets of two committee members giving about N scores; N signed contracts (one per
   offer); N other
   published calls; N published consultations. The first records come from the test factories (so they are
   what the services make); the rest are copies written with bulk_create (fast, no audit log).
3. Runs each export in a fresh Python process: Django's test client (the whole middleware stack, the officer
   logged in for the officers' files), the body consumed as it streams and written to a temporary file. The
   process reports the seconds from the request to the last byte (and the CPU seconds it used: on a busy
   machine the wall-clock time also counts waiting for a CPU), the peak RSS before the request (Django
   loaded, one warm-up request to /healthz) and after it (`getrusage(RUSAGE_SELF).ru_maxrss`), the number of
   queries and the rows in the file (checked after the measurement: CSV lines, JSON records, XLSX rows read
   back with openpyxl).
4. Prints a table and writes bench/results/exports-<UTC time>.json and bench/results/exports-latest.json.
   Exits 1 when an export of the largest size takes longer than --max-seconds, when its peak memory grew more
   than 3x (and more than 20 MB) from the smallest size, when the query count grows with the rows, or when a
   file has the wrong number of rows.

Settings: config.settings.test (DEBUG off, in-process cache; nothing leaves the machine) with DATABASE_URL
pointing at the bench database. PostgreSQL on 127.0.0.1:5432 with trust authentication for `postgres`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PY = sys.executable
PG = ["psql", "-h", "127.0.0.1", "-p", "5432", "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-tAq"]
SLUG = "bench-eksport"
BATCH = 2000
CHUNK = 500  # cooperation.exporting.CHUNK: rows an export reads at a time

# name, URL name, URL kwargs (besides the municipality and the call), as officer?
EXPORTS = [
    ("ngo_base.csv", "cooperation:export_organizations", {"file_format": "csv"}, True),
    ("ngo_base.xlsx", "cooperation:export_organizations", {"file_format": "xlsx"}, True),
    ("offers.csv", "grants:evaluation_export", {"kind": "oferty", "file_format": "csv"}, True),
    ("offers.xlsx", "grants:evaluation_export", {"kind": "oferty", "file_format": "xlsx"}, True),
    ("scores.csv", "grants:evaluation_export", {"kind": "oceny", "file_format": "csv"}, True),
    ("scores.xlsx", "grants:evaluation_export", {"kind": "oceny", "file_format": "xlsx"}, True),
    ("results.csv", "grants:evaluation_export", {"kind": "wyniki", "file_format": "csv"}, True),
    ("results.xlsx", "grants:evaluation_export", {"kind": "wyniki", "file_format": "xlsx"}, True),
    ("results_open_data.csv", "grants_portal:results_open_data", {"file_format": "csv"}, False),
    ("results_open_data.json", "grants_portal:results_open_data", {"file_format": "json"}, False),
    ("contracts_open_data.csv", "grants:contract_open_data", {}, False),
    ("calls_open_data.csv", "grants_portal:call_open_data", {"file_format": "csv"}, False),
    ("calls_open_data.json", "grants_portal:call_open_data", {"file_format": "json"}, False),
    ("consultations_open_data.csv", "consultations_portal:open_data", {"file_format": "csv"}, False),
    ("consultations_open_data.json", "consultations_portal:open_data", {"file_format": "json"}, False),
]


def setup_django() -> None:
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


# --- Data ----------------------------------------------------------------------------------------------------


def copies(obj, count: int, **vary):
    """`count` unsaved copies of `obj` (every concrete field but the primary key); `vary` maps a field's
    attribute name to a function of the copy's index."""
    fields = [f for f in type(obj)._meta.concrete_fields if not f.primary_key]
    for index in range(count):
        copy = type(obj)(**{f.attname: getattr(obj, f.attname) for f in fields})
        for name, value in vary.items():
            setattr(copy, name, value(index))
        yield copy


def bulk(model, objects) -> list:
    return model.objects.bulk_create(list(objects), batch_size=BATCH)


def generate(rows: int) -> dict:
    """Grow the bench data to `rows` rows per export (creating the world on the first call)."""
    from datetime import timedelta
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from consultations.models import Consultation
    from cooperation.enums import OrganizationLinkStatus
    from cooperation.models import Municipality, Organization, OrganizationMunicipality, Sphere
    from grants.enums import CallStatus, CommitteeRole, ContractStatus, OfferStatus
    from grants.models import Call, CommitteeMember, Contract, Criterion, Offer, Score, ScoreSheet
    from tests.factories import MunicipalityFactory, OfficerFactory
    from tests.grants.award_factories import make_contract
    from tests.grants.offer_factories import evaluation_world

    sys.path.insert(0, str(BASE_DIR / "bench"))
    import generate as bench_generate  # bench/generate.py: valid NIP/REGON/KRS

    started = time.perf_counter()
    with scopes_disabled(), transaction.atomic():
        municipality = Municipality.objects.filter(slug=SLUG).first()
        if municipality is None:
            municipality = MunicipalityFactory(slug=SLUG, name="Gmina Eksportowa")
            world = evaluation_world(municipality)
            call = world.call
            now = timezone.now()
            Offer.objects.filter(pk=world.offer_a.pk).update(status=OfferStatus.AWARDED,
                                                             awarded_amount=Decimal("11500.00"),
                                                             decision_note="Obniżono koszty")
            Offer.objects.filter(pk=world.offer_b.pk).update(status=OfferStatus.NOT_AWARDED,
                                                             decision_note="Za mało punktów")
            Call.objects.filter(pk=call.pk).update(status=CallStatus.RESULTS_PUBLISHED, decided_on=now.date(),
                                                   results_published_at=now)
            CommitteeMember.objects.filter(call=call).update(declaration_signed_at=now - timedelta(days=1))
            world.offer_a.refresh_from_db()
            make_contract(world.offer_a, number="DS.524.1")
            officer = OfficerFactory(municipality=municipality)
            from tests.consultations.test_public import titled

            titled(officer, "Program współpracy z organizacjami pozarządowymi na rok 2027")
        call = Call.objects.filter(municipality=municipality).order_by("pk").first()
        offers = Offer.objects.filter(call=call).order_by("pk")
        template_offer = offers.first()

        # NGOs in the municipality's base (all confirmed), with their spheres.
        base = OrganizationMunicipality.objects.filter(municipality=municipality,
                                                       status=OrganizationLinkStatus.CONFIRMED)
        have = Organization.objects.filter(email__endswith=bench_generate.BENCH_EMAIL_DOMAIN).count()
        need = rows - base.count()
        if need > 0:
            import random

            new = bench_generate.build_organizations(have + need, random.Random(2026))[have:]
            created = bulk(Organization, new)
            spheres = list(Sphere.objects.values_list("id", flat=True))
            through = Organization.spheres.through
            bulk(through, (through(organization_id=o.pk, sphere_id=spheres[(i * 7 + k) % len(spheres)])
                           for i, o in enumerate(created) for k in range(1 + i % 3)))
            bulk(OrganizationMunicipality, (OrganizationMunicipality(
                municipality=municipality, organization=o, status=OrganizationLinkStatus.CONFIRMED) for o in created))
        organizations = list(Organization.objects.filter(email__endswith=bench_generate.BENCH_EMAIL_DOMAIN)
                             .order_by("pk").values_list("pk", flat=True))

        # Offers of the call (decided), numbered after the existing ones.
        count = offers.count()
        if rows > count:
            start = count
            bulk(Offer, copies(
                template_offer, rows - count,
                number=lambda i: f"B{start + i + 1}/2027",
                organization_id=lambda i: organizations[(start + i) % len(organizations)],
                status=lambda i: OfferStatus.AWARDED if (start + i) % 3 else OfferStatus.NOT_AWARDED,
                awarded_amount=lambda i: Decimal("9000.00") + (start + i) % 100 if (start + i) % 3 else None,
                title=lambda i: f"Zadanie publiczne nr {start + i + 1}: zajęcia dla seniorów",
            ))

        # Score sheets: two members (one voting official, one expert) score offers until there are ~N scores.
        criteria = list(Criterion.objects.filter(call=call).order_by("order", "pk"))
        members = list(CommitteeMember.objects.filter(
            call=call, role__in=(CommitteeRole.OFFICIAL, CommitteeRole.EXPERT)).order_by("pk"))[:2]
        scored = ScoreSheet.objects.filter(offer__call=call).values("offer_id").distinct().count()
        wanted = -(-rows // (len(criteria) * len(members)))
        if wanted > scored:
            scored_ids = set(ScoreSheet.objects.filter(offer__call=call).values_list("offer_id", flat=True))
            targets = [pk for pk in offers.values_list("pk", flat=True) if pk not in scored_ids][: wanted - scored]
            now = timezone.now()
            sheets = bulk(ScoreSheet, (ScoreSheet(member=member, offer_id=offer_id, submitted_at=now,
                                                  comment="Oferta spójna, budżet realny.")
                                       for offer_id in targets for member in members))
            bulk(Score, (Score(sheet=sheet, criterion=criterion,
                               points=min(Decimal(criterion.max_points), Decimal(index % 5) + Decimal("0.5")),
                               comment="Uzasadnienie oceny kryterium.")
                         for index, sheet in enumerate(sheets) for criterion in criteria))

        # Signed contracts, one per awarded offer.
        contract = Contract.objects.filter(municipality=municipality).order_by("pk").first()
        have_contracts = Contract.objects.filter(municipality=municipality).count()
        if rows > have_contracts:
            free = list(offers.filter(contract__isnull=True).values_list("pk", flat=True)[: rows - have_contracts])
            start = have_contracts
            bulk(Contract, copies(contract, len(free), offer_id=lambda i: free[i],
                                  number=lambda i: f"DS.524.{start + i + 2}", status=lambda i: ContractStatus.SIGNED,
                                  pdf=lambda i: ""))

        # Other published calls (all municipalities' calls are in the open data) with their spheres.
        calls = Call.objects.exclude(status=CallStatus.DRAFT)
        have_calls = calls.count()
        if rows > have_calls:
            start = have_calls
            created = bulk(Call, copies(call, rows - have_calls, status=lambda i: CallStatus.PUBLISHED,
                                        number=lambda i: f"{start + i + 1}/2027",
                                        title=lambda i: f"Konkurs ofert nr {start + i + 1}",
                                        results_published_at=lambda i: None, decided_on=lambda i: None))
            through = Call.spheres.through
            sphere_ids = list(call.spheres.values_list("pk", flat=True)) or list(
                Sphere.objects.values_list("pk", flat=True)[:1])
            bulk(through, (through(call_id=c.pk, sphere_id=s) for c in created for s in sphere_ids))

        # Published consultations.
        consultation = Consultation.objects.filter(municipality=municipality).order_by("pk").first()
        have_consultations = Consultation.objects.count()
        if rows > have_consultations:
            start = have_consultations
            bulk(Consultation, copies(consultation, rows - have_consultations,
                                      title=lambda i: f"Konsultacje projektu uchwały nr {start + i + 1}"))
    return {"rows": rows, "seconds": round(time.perf_counter() - started, 1)}


# --- One export, measured in its own process --------------------------------------------------------------------


def rss_kb() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux


def cpu_seconds() -> float:
    """User + system CPU time of this process: what the export cost the web worker, whatever else the machine
    runs (the wall-clock seconds also include waiting for a CPU and for PostgreSQL)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(name: str) -> dict:
    import csv
    import io

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from cooperation.models import Municipality, Officer
    from grants.models import Call

    _name, url_name, kwargs, as_officer = next(e for e in EXPORTS if e[0] == name)
    with scopes_disabled():
        municipality = Municipality.objects.get(slug=SLUG)
        call = Call.objects.filter(municipality=municipality).order_by("pk").first()
        officer = Officer.objects.filter(municipality=municipality).select_related("user").order_by("pk").first()
    if url_name.startswith(("cooperation:", "grants:")):
        kwargs = {"municipality_slug": SLUG, **kwargs}
    if url_name in ("grants:evaluation_export",):
        kwargs = {**kwargs, "pk": call.pk}
    path = reverse(url_name, kwargs=kwargs)
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["django_language"] = "pl"
    if as_officer:
        client.force_login(officer.user)
    assert client.get("/healthz").status_code == 200
    import xlsxwriter  # noqa: F401 - loaded before the baseline, like the view modules above

    before = rss_kb()
    cpu_before = cpu_seconds()
    size = 0
    with tempfile.TemporaryFile() as body, CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        for chunk in response.streaming_content:
            body.write(chunk)
            size += len(chunk)
        response.close()
        seconds = time.perf_counter() - started
        cpu = cpu_seconds() - cpu_before
        peak = rss_kb()
        body.seek(0)
        if name.endswith(".xlsx"):
            import openpyxl

            sheet = openpyxl.load_workbook(body, read_only=True).active
            rows = sum(1 for _row in sheet.iter_rows(values_only=True)) - 1
        elif name.endswith(".json"):
            rows = len(json.load(io.TextIOWrapper(body, encoding="utf-8"))["records"])
        else:
            rows = sum(1 for _row in csv.reader(io.TextIOWrapper(body, encoding="utf-8-sig", newline=""))) - 1
    return {"export": name, "path": path, "seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3),
            "bytes": size, "rows": rows,
            "queries": len(queries), "rss_before_mb": round(before / 1024, 1), "rss_peak_mb": round(peak / 1024, 1),
            "rss_growth_mb": round((peak - before) / 1024, 1), "streaming": response.streaming,
            "response_class": type(response).__name__}


# --- The run -----------------------------------------------------------------------------------------------------


def run(args) -> int:
    db = args.db
    if "bench" not in db or not db.replace("_", "").isalnum():
        sys.exit("--db must be a plain name that contains 'bench'")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test",
           "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{db}", "REDIS_URL": ""}
    sizes = sorted(int(n) for n in args.rows.split(","))
    subprocess.run([*PG, "-c", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'], check=True)
    subprocess.run([*PG, "-c", f'CREATE DATABASE "{db}"'], check=True)
    try:
        print(f"==== Database {db}: migrating", flush=True)
        subprocess.run([PY, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=BASE_DIR, env=env, check=True)
        results = []
        for size in sizes:
            done = subprocess.run([PY, __file__, "--generate", str(size)], cwd=BASE_DIR, env=env, check=True,
                                  capture_output=True, text=True)
            print(f"==== {size:,} rows per export: data ready ({done.stdout.strip()})", flush=True)
            for name, *_rest in EXPORTS:
                out = subprocess.run([PY, __file__, "--measure", name], cwd=BASE_DIR, env=env, capture_output=True,
                                     text=True)
                if out.returncode:
                    print(out.stderr[-3000:], file=sys.stderr)
                    raise SystemExit(f"{name} failed at {size} rows")
                result = {"size": size, **json.loads(out.stdout.strip().splitlines()[-1])}
                results.append(result)
                print(f"  {name:<30} {result['rows']:>7,} rows {result['bytes'] / 1e6:>7.2f} MB "
                      f"{result['seconds']:>7.2f} s (CPU {result['cpu_seconds']:.2f} s)  "
                      f"peak RSS +{result['rss_growth_mb']:>5.1f} MB "
                      f"({result['rss_peak_mb']:.0f} MB)  {result['queries']:>3} queries", flush=True)
    finally:
        if not args.keep_db:
            subprocess.run([*PG, "-c", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'], check=False)
    return report(results, sizes, args.max_seconds)


def report(results: list[dict], sizes: list[int], max_seconds: float) -> int:
    small, large = sizes[0], sizes[-1]
    by = {(r["export"], r["size"]): r for r in results}
    failures = []
    print()
    print(f"  {'export':<30} {'s @' + format(small, ','):>10} {'s @' + format(large, ','):>10} "
          f"{'CPU s @' + format(large, ','):>14} "
          f"{'RSS+ MB @' + format(small, ','):>16} {'RSS+ MB @' + format(large, ','):>17} {'queries':>9}")
    for name, *_rest in EXPORTS:
        a, b = by[(name, small)], by[(name, large)]
        print(f"  {name:<30} {a['seconds']:>10.2f} {b['seconds']:>10.2f} {b['cpu_seconds']:>14.2f} "
              f"{a['rss_growth_mb']:>16.1f} "
              f"{b['rss_growth_mb']:>17.1f} {a['queries']:>4}/{b['queries']:<4}")
        if b["seconds"] > max_seconds:
            failures.append(f"{name}: {b['seconds']:.2f} s at {large:,} rows (target < {max_seconds} s)")
        if b["rss_growth_mb"] > max(3 * a["rss_growth_mb"], a["rss_growth_mb"] + 20):
            failures.append(f"{name}: peak RSS grew {a['rss_growth_mb']} → {b['rss_growth_mb']} MB")
        if b["queries"] > a["queries"] + (large - small) // CHUNK + 2:  # at most one query more per chunk
            failures.append(f"{name}: {a['queries']} → {b['queries']} queries")
        for r in (a, b):
            if abs(r["rows"] - r["size"]) > max(r["size"] // 100, 20):  # scores come in sheets of 7 criteria
                failures.append(f"{name}: {r['rows']} rows at size {r['size']}")
    load = os.getloadavg()
    meta = {"time": datetime.now(UTC).isoformat(timespec="seconds"), "cpu_count": os.cpu_count(),
            "load_average": [round(x, 2) for x in load], "python": platform.python_version(),
            "sizes": sizes, "max_seconds": max_seconds, "results": results, "failures": failures}
    out = BASE_DIR / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for path in (out / f"exports-{stamp}.json", out / "exports-latest.json"):
        path.write_text(json.dumps(meta, indent=2, ensure_ascii=False))
    print(f"\n  load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs; "
          f"written to bench/results/exports-{stamp}.json")
    for failure in failures:
        print(f"  FAIL {failure}")
    print("  PASS" if not failures else f"  {len(failures)} target(s) missed")
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", default=os.environ.get("BENCH_EXPORT_ROWS", "1000,10000"),
                        help="comma-separated sizes (default 1000,10000)")
    parser.add_argument("--max-seconds", type=float, default=5.0, help="target per export at the largest size")
    parser.add_argument("--db", default=os.environ.get("BENCH_DB", "wspolpraca_bench_exports"))
    parser.add_argument("--keep-db", action="store_true", help="keep the database for a look with psql")
    parser.add_argument("--generate", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        setup_django()
        print(json.dumps(generate(args.generate)))
        return 0
    if args.measure:
        setup_django()
        print(json.dumps(measure(args.measure)))
        return 0
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
