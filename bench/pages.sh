#!/usr/bin/env bash
# `make bench-pages` (and a step of `make bench`): the public pages and two officer lists at the scale of issue #8,
# with wrk against gunicorn (production settings) + PostgreSQL + Redis, all on 127.0.0.1.
#
#   1. a fresh database wspolpraca_bench_pages: bench/generate.py (100 municipalities, 5,000 NGOs),
#      bench/consultations.py (2,000 consultations, one with 2,000 comments, 98,000 more comments spread over
#      the others), bench/pages.py grants (500 calls, 10,000 offers, one call with 500 offers and published
#      results) and bench/pages.py lijw (200 editions, 200,000 survey answers, published notes),
#   2. gunicorn as in bench/run.sh (2 sync workers), the anonymous page cache on (ANONYMOUS_PAGE_CACHE_SECONDS,
#      default 30): wrk against /healthz (the ceiling), each public page (BENCH_CONNECTIONS = 16) and the two
#      officer lists with a signed-in officer's session (BENCH_OFFICER_CONNECTIONS = 2),
#   3. gunicorn restarted with ANONYMOUS_PAGE_CACHE_SECONDS=0 and the public pages measured again (for
#      information: every request renders the page),
#   4. prints both tables and PASS/FAIL against the targets (public pages >= 40% of the ceiling's req/s and
#      p95 < 100 ms with the cache on; officer lists p95 < 300 ms); writes bench/results/pages-<time>.json,
#      pages-nocache-<time>.json and the -latest.json copies; exits 1 when a target is missed or a request failed.
#
# Settings (environment): BENCH_DURATION (s per page, 10), BENCH_CONNECTIONS (16), BENCH_OFFICER_CONNECTIONS (2:
# one a gunicorn worker, so the latency is the page's own), BENCH_OFFICER_DURATION (s per officer list, 30),
# BENCH_THREADS (2), BENCH_WORKERS (2), BENCH_NOCACHE (1: measure the pass without the cache too),
# BENCH_DB (wspolpraca_bench_pages), BENCH_KEEP_DB (0), BENCH_REDIS_URL (redis://127.0.0.1:6379/8),
# BENCH_REUSE_DB (0; 1 measures again on the database a run with BENCH_KEEP_DB=1 left, without generating),
# BENCH_ACCEPT_ENCODING (gzip, as browsers send it; identity for uncompressed pages).
# The shared steps are in bench/lib.sh.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BENCH_OFFICER_CONNECTIONS="${BENCH_OFFICER_CONNECTIONS:-2}"
BENCH_OFFICER_DURATION="${BENCH_OFFICER_DURATION:-30}"
BENCH_NOCACHE="${BENCH_NOCACHE:-1}"
MIN_RATIO=0.40
MAX_PUBLIC_P95_MS=100
MAX_OFFICER_P95_MS=300
bench_init "${BENCH_DB:-wspolpraca_bench_pages}"
bench_database redis://127.0.0.1:6379/8
# The cache of an earlier run in this Redis database would answer for pages of a database that is gone.
for pattern in ":1:*" "celery" "_kombu.*"; do
  redis-cli -u "$BENCH_REDIS_URL" --scan --pattern "$pattern" | xargs -r redis-cli -u "$BENCH_REDIS_URL" del >/dev/null
done

SUMMARY_FILE="$ROOT/var/bench-pages-$BENCH_DB.txt"
if [ "$BENCH_REUSED_DB" = 1 ]; then
  [ -s "$SUMMARY_FILE" ] || die "no $SUMMARY_FILE: run once with BENCH_KEEP_DB=1 (without BENCH_REUSE_DB) first"
  echo "==== Reusing the data of $BENCH_DB (BENCH_REUSE_DB=1): $SUMMARY_FILE"
  GENERATE_STARTED=$SECONDS
  { read -r DATA_SUMMARY; read -r CONSULTATIONS_SUMMARY; read -r GRANTS_SUMMARY; read -r LIJW_SUMMARY; } <"$SUMMARY_FILE"
else
echo "==== Generating data (uptime: $(uptime))"
GENERATE_STARTED=$SECONDS
DATA_SUMMARY="$("$PY" bench/generate.py --municipalities 100 --organizations 5000)"
echo "$DATA_SUMMARY"
CONSULTATIONS_SUMMARY="$("$PY" bench/consultations.py --consultations 2000 --comments 2000 --other-comments 98000)"
echo "$CONSULTATIONS_SUMMARY"
GRANTS_SUMMARY="$("$PY" bench/pages.py grants --calls 500 --offers 10000 --big 500)"
echo "$GRANTS_SUMMARY"
LIJW_SUMMARY="$("$PY" bench/pages.py lijw --editions 200 --answers 200000)"
echo "$LIJW_SUMMARY"
mkdir -p "$ROOT/var"
printf '%s\n' "$DATA_SUMMARY" "$CONSULTATIONS_SUMMARY" "$GRANTS_SUMMARY" "$LIJW_SUMMARY" >"$SUMMARY_FILE"
fi
echo "  data generated in $((SECONDS - GENERATE_STARTED)) s"
COOKIE="$("$PY" bench/pages.py session --slug bench-001)"
"$PY" bench/pages.py paths --slug bench-001 >"$WORK/paths.tsv"

# Public pages (name, path) and the officer lists (name, path, connections, script, cookie).
{
  printf 'healthz\t/healthz\n'
  grep -v '^officer_' "$WORK/paths.tsv"
  grep '^officer_' "$WORK/paths.tsv" | while IFS=$'\t' read -r name path; do
    printf '%s\t%s\t%s\tbench/session.lua\t%s\n' "$name" "$path" "$BENCH_OFFICER_CONNECTIONS" "$COOKIE"
  done
} >"$WORK/pages.tsv"
"$PY" - "$WORK/pages.tsv" "$MIN_RATIO" "$MAX_PUBLIC_P95_MS" "$MAX_OFFICER_P95_MS" >"$WORK/targets.json" <<'EOF'
import json, sys
pages, ratio, public_p95, officer_p95 = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
targets = []
for line in open(pages):
    name = line.split("\t")[0]
    if name == "healthz":
        continue
    if name.startswith("officer_"):
        targets.append({"page": name, "metric": "p95_ms", "max": officer_p95})
    else:
        targets += [{"page": name, "metric": "ratio_to_ceiling", "min": ratio},
                    {"page": name, "metric": "p95_ms", "max": public_p95}]
json.dump(targets, sys.stdout)
EOF

# drain: wait until both gunicorn workers are free (a request of an earlier page may still be running after wrk
# stopped: the officer list of 2,000 comments takes seconds), i.e. /healthz answers three times in a row fast.
drain() {
  "$PY" - "$HOST" "$PORT" <<'EOF'
import http.client, sys, time
host, port = sys.argv[1], int(sys.argv[2])
deadline, fast = time.monotonic() + 180, 0
while fast < 3 and time.monotonic() < deadline:
    started = time.perf_counter()
    try:
        conn = http.client.HTTPConnection(host, port, timeout=60)
        conn.request("GET", "/healthz")
        conn.getresponse().read()
        conn.close()
    except OSError:
        pass
    fast = fast + 1 if time.perf_counter() - started < 0.05 else 0
    time.sleep(0.2)
EOF
}

# measure <pages file>: warm each public page up for 2 s, then run wrk against each page in turn, with the
# workers drained before each; officer pages (with the session cookie) are not warmed up (their check did it).
measure() {
  local name path connections script argument
  echo "==== Warming up (2 s per public page)"
  while IFS=$'\t' read -r name path connections script argument; do
    [ -z "$argument" ] || continue
    wrk -t 1 -c 4 -d 2s --timeout 30s -H "$ACCEPT_ENCODING_HEADER" -s bench/report.lua "$BASE$path" >/dev/null
  done <"$1"
  echo "==== Measuring: wrk -t $BENCH_THREADS -d ${BENCH_DURATION}s per page ($(uptime))"
  while IFS=$'\t' read -r name path connections script argument; do
    drain
    connections="${connections:-$BENCH_CONNECTIONS}"
    echo "  $path ($connections connections)"
    if [ -n "$argument" ]; then
      # Officer lists may take seconds a request: a longer run, so that a few complete.
      wrk -t "$(( BENCH_THREADS < connections ? BENCH_THREADS : connections ))" -c "$connections" \
        -d "$(( BENCH_DURATION > BENCH_OFFICER_DURATION ? BENCH_DURATION : BENCH_OFFICER_DURATION ))s" \
        --timeout 60s --latency -H "$ACCEPT_ENCODING_HEADER" -s "$script" "$BASE$path" -- "$argument" \
        >"$WORK/$name.wrk.txt"
    else
      wrk -t "$BENCH_THREADS" -c "$connections" -d "${BENCH_DURATION}s" --timeout 10s --latency \
        -H "$ACCEPT_ENCODING_HEADER" -s bench/report.lua "$BASE$path" >"$WORK/$name.wrk.txt"
    fi
  done <"$1"
  kill -0 "$GUNICORN_PID" 2>/dev/null || die "gunicorn died during the run"
}

bench_gunicorn
# bench_check requests each path without the cookie (the officer lists would answer a redirect to the login):
# it checks the public pages; the officer lists are checked with the cookie below.
grep -v '^officer_' "$WORK/pages.tsv" >"$WORK/public.tsv"
cp "$WORK/pages.tsv" "$WORK/all.tsv" && cp "$WORK/public.tsv" "$WORK/pages.tsv" && bench_check
cp "$WORK/all.tsv" "$WORK/pages.tsv"
echo "==== The officer lists, one request at a time (3 each)"
"$PY" - "$HOST" "$PORT" "$WORK/pages.tsv" >"$WORK/officer.json" <<'EOF'
import http.client, json, statistics, sys, time
host, port, pages = sys.argv[1], int(sys.argv[2]), sys.argv[3]
timings = {}
for line in open(pages):
    name, path, *rest = line.rstrip("\n").split("\t")
    if not name.startswith("officer_"):
        continue
    ms = []
    for _ in range(3):
        conn = http.client.HTTPConnection(host, port, timeout=120)
        started = time.perf_counter()
        conn.request("GET", path, headers={"Cookie": rest[2]})
        response = conn.getresponse()
        body = response.read()
        ms.append(round((time.perf_counter() - started) * 1000))
        if response.status != 200:
            sys.exit(f"{path} answered {response.status} to the officer, expected 200 "
                     f"({response.getheader('Location')})")
    timings[name] = {"bytes": len(body), "ms": ms, "median_ms": statistics.median(ms)}
    print(f"  {response.status} {len(body):>8} bytes  {path} (officer): {ms} ms", file=sys.stderr)
json.dump(timings, sys.stdout)
EOF

LOAD_BEFORE="$(uptime)"
measure "$WORK/pages.tsv"
LOAD_AFTER="$(uptime)"
echo "{\"load_before\": \"$LOAD_BEFORE\", \"load_after\": \"$LOAD_AFTER\", \"anonymous_page_cache_seconds\": \"${ANONYMOUS_PAGE_CACHE_SECONDS:-30 (default)}\", \"officer_one_at_a_time\": $(cat "$WORK/officer.json")}" >"$WORK/extra.json"
bench_meta "$DATA_SUMMARY
$CONSULTATIONS_SUMMARY
$GRANTS_SUMMARY
$LIJW_SUMMARY"
RC=0
"$PY" bench/summarize.py "$WORK" "$ROOT/bench/results" pages- || RC=$?

if [ "$BENCH_NOCACHE" = 1 ]; then
  echo "==== The public pages again with ANONYMOUS_PAGE_CACHE_SECONDS=0 (every request renders the page)"
  kill -TERM "$GUNICORN_PID" && wait "$GUNICORN_PID" 2>/dev/null || true
  GUNICORN_PID=""
  MAIN_WORK="$WORK"
  WORK="$MAIN_WORK/nocache"
  mkdir -p "$WORK"
  cp "$MAIN_WORK/public.tsv" "$WORK/pages.tsv"
  export ANONYMOUS_PAGE_CACHE_SECONDS=0
  bench_gunicorn
  bench_check >/dev/null
  LOAD_BEFORE="$(uptime)"
  measure "$WORK/pages.tsv"
  LOAD_AFTER="$(uptime)"
  echo "{\"load_before\": \"$LOAD_BEFORE\", \"load_after\": \"$LOAD_AFTER\", \"anonymous_page_cache_seconds\": \"0\"}" >"$WORK/extra.json"
  bench_meta "$DATA_SUMMARY
$CONSULTATIONS_SUMMARY
$GRANTS_SUMMARY
$LIJW_SUMMARY"
  "$PY" bench/summarize.py "$WORK" "$ROOT/bench/results" pages-nocache- || true
  WORK="$MAIN_WORK"
fi
exit $RC
