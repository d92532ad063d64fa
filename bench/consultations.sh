#!/usr/bin/env bash
# `make bench-consultations` (and the last step of `make bench`): public consultations under load, with wrk
# against gunicorn (production settings) + PostgreSQL + Redis, all on 127.0.0.1.
#
#   1. a fresh database wspolpraca_bench_consultations: bench/generate.py (100 municipalities, 1,000 NGOs),
#      then bench/consultations.py (10,000 published consultations with Markdown documents, and one closed
#      consultation with 2,000 public comments, four in five answered),
#   2. gunicorn as in bench/run.sh (2 sync workers),
#   3. times each search query of bench/search_queries.txt alone, and the page with 2,000 comments rendered
#      afresh (nothing cached) in a separate process,
#   4. wrk: the ceiling (/healthz); the page with 2,000 comments (BENCH_CONNECTIONS = 16 connections); the
#      search with the queries in rotation (bench/search.lua) with one connection per gunicorn worker (the
#      search's own latency) and again with 16 connections (mostly waiting for a free worker),
#   5. prints the table and PASS/FAIL against the targets of issue #5 (the page with 2,000 comments at
#      >= 100 req/s with 16 connections, the search at p95 < 100 ms); writes
#      bench/results/consultations-<time>.json and bench/results/consultations-latest.json; exits 1 when a
#      target is missed or a request failed.
#
# Settings (environment): BENCH_DURATION (s per page, 10), BENCH_CONNECTIONS (16), BENCH_THREADS (2),
# BENCH_WORKERS (2), BENCH_CONSULTATIONS (10000), BENCH_COMMENTS (2000), BENCH_ORGANIZATIONS (1000),
# BENCH_DB (wspolpraca_bench_consultations), BENCH_KEEP_DB (0), BENCH_REDIS_URL (redis://127.0.0.1:6379/4).
# The shared steps are in bench/lib.sh.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BENCH_CONSULTATIONS="${BENCH_CONSULTATIONS:-10000}"
BENCH_COMMENTS="${BENCH_COMMENTS:-2000}"
BENCH_ORGANIZATIONS="${BENCH_ORGANIZATIONS:-1000}"
MIN_DETAIL_RPS=100
MAX_SEARCH_P95_MS=100
bench_init "${BENCH_DB:-wspolpraca_bench_consultations}"
bench_database redis://127.0.0.1:6379/4

echo "==== Generating data"
DATA_SUMMARY="$("$PY" bench/generate.py --municipalities 100 --organizations "$BENCH_ORGANIZATIONS")"
echo "$DATA_SUMMARY"
CONSULTATIONS_SUMMARY="$("$PY" bench/consultations.py --consultations "$BENCH_CONSULTATIONS" --comments "$BENCH_COMMENTS")"
echo "$CONSULTATIONS_SUMMARY"
SLUG="$(echo "$CONSULTATIONS_SUMMARY" | sed -n 's/.*big_slug=\([a-z0-9-]*\).*/\1/p')"
PK="$(echo "$CONSULTATIONS_SUMMARY" | sed -n 's/.*big_pk=\([0-9]*\).*/\1/p')"
[ -n "$SLUG" ] && [ -n "$PK" ] || die "the generator reported no consultation"
DETAIL="/jst/$SLUG/konsultacje/$PK/"

# The search paths, URL-encoded, one a line (bench/search.lua requests them in turn).
"$PY" - bench/search_queries.txt >"$WORK/search_paths.txt" <<'EOF'
import sys
from urllib.parse import urlencode
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        print("/konsultacje/?" + urlencode({"q": line.strip()}))
EOF

bench_gunicorn

# The pages, in measuring order; the first is the ceiling. Columns: name, path, connections, script, argument.
# The search is measured twice: with one connection per worker (its own latency, the target) and with
# BENCH_CONNECTIONS (16: mostly the wait for a free worker, for information).
SEARCH_CONNECTIONS="$BENCH_WORKERS"
cat >"$WORK/pages.tsv" <<EOF
healthz	/healthz
consultation_2000	$DETAIL
search	$(head -n 1 "$WORK/search_paths.txt")	$SEARCH_CONNECTIONS	bench/search.lua	$WORK/search_paths.txt
search_queued	$(head -n 1 "$WORK/search_paths.txt")	$BENCH_CONNECTIONS	bench/search.lua	$WORK/search_paths.txt
EOF
cat >"$WORK/targets.json" <<EOF
[{"page": "consultation_2000", "metric": "requests_per_s", "min": $MIN_DETAIL_RPS},
 {"page": "search", "metric": "p95_ms", "max": $MAX_SEARCH_P95_MS}]
EOF

bench_check

echo "==== Each search query alone (5 requests each, one at a time; the first renders the page, the others may"
echo "     find it rendered by the same worker: the search itself runs every time)"
"$PY" - "$HOST" "$PORT" "$WORK/search_paths.txt" >"$WORK/queries.json" <<'EOF'
import http.client, json, re, statistics, sys, time
from urllib.parse import parse_qs, urlsplit
host, port, paths_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
conn = http.client.HTTPConnection(host, port, timeout=30)
queries = []
for path in open(paths_file).read().split():
    times, body = [], ""
    for _ in range(5):
        started = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read().decode()
        times.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            sys.exit(f"{path} answered {response.status}")
    found = re.search(r'<p role="status">\s*(?:More than\s|Ponad\s|Wyszukiwanym[^0-9]*)?([\d\s\u00a0]+)', body)
    queries.append({"q": parse_qs(urlsplit(path).query)["q"][0],
                    "results": int(re.sub(r"\D", "", found.group(1))) if found else None,
                    "capped": "consultations match these words" in body or "odpowiada ponad" in body,
                    "first_ms": round(times[0], 1), "median_ms": round(statistics.median(times), 1),
                    "max_ms": round(max(times), 1)})
json.dump(queries, sys.stdout, ensure_ascii=False)
EOF
echo "==== The page with $BENCH_COMMENTS comments rendered afresh (in a separate process, 3 times)"
"$PY" - "$DETAIL" "$BENCH_REDIS_URL" >"$WORK/cold.json" <<'EOF'
import json, os, statistics, subprocess, sys, time
import django
django.setup()
from django.test import Client
from consultations.views import page_cache
detail, redis_url = sys.argv[1], sys.argv[2]
client = Client(HTTP_HOST="127.0.0.1")
cold, body = [], b""
for _ in range(3):
    # Forget the rendered page and comment list (keys made by consultations/views/page_cache.py).
    for pattern in ("*consultations:comments:*", "*consultations:page:*"):
        keys = subprocess.run(["redis-cli", "-u", redis_url, "--scan", "--pattern", pattern], capture_output=True,
                              text=True, check=True).stdout.split()
        if keys:
            subprocess.run(["redis-cli", "-u", redis_url, "del", *keys], capture_output=True, check=True)
    page_cache.recent.clear()
    started = time.perf_counter()
    response = client.get(detail)
    cold.append(round((time.perf_counter() - started) * 1000, 1))
    assert response.status_code == 200, response.status_code
    body = response.content
warm = []
for _ in range(10):
    started = time.perf_counter()
    client.get(detail)
    warm.append((time.perf_counter() - started) * 1000)
json.dump({"comments_shown": body.count(b'<li class="comment"'), "bytes": len(body), "cold_ms": cold,
           "warm_ms_median": round(statistics.median(warm), 1)}, sys.stdout)
EOF
"$PY" - "$WORK" <<'EOF'
import json, os, sys
work = sys.argv[1]
queries, page = json.load(open(f"{work}/queries.json")), json.load(open(f"{work}/cold.json"))
json.dump({"search_queries": queries, "consultation_2000": page}, open(f"{work}/extra.json", "w"), ensure_ascii=False)
print(f"  {'query':<38} {'results':>8} {'first ms':>9} {'median ms':>9} {'max ms':>8}")
for q in queries:
    results = f"{'>' if q['capped'] else ''}{q['results'] if q['results'] is not None else '?'}"
    print(f"  {q['q']:<38} {results:>8} {q['first_ms']:>9.1f} {q['median_ms']:>9.1f} {q['max_ms']:>8.1f}")
print(f"  consultation page: {page['comments_shown']} comments shown, {page['bytes']:,} bytes; rendered afresh "
      f"{page['cold_ms']} ms, from the cache {page['warm_ms_median']} ms (in-process, one at a time)")
EOF

bench_measure
bench_meta "$DATA_SUMMARY
$CONSULTATIONS_SUMMARY"
"$PY" bench/summarize.py "$WORK" "$ROOT/bench/results" consultations-
