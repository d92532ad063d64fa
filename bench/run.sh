#!/usr/bin/env bash
# `make bench`: load-test the public pages with wrk against gunicorn + PostgreSQL, all on 127.0.0.1.
#
#   1. drops and creates the PostgreSQL database wspolpraca_bench, migrates it, generates data
#      (bench/generate.py: 100 municipalities, 5,000 NGOs by default),
#   2. starts gunicorn (production settings, loopback only, free port),
#   3. runs wrk against a bare Django view (/healthz, the ceiling) and each public page, one after the other,
#   4. prints req/s, p50, p95 per page and the ratio to the ceiling; writes bench/results/<time>.json and
#      bench/results/latest.json,
#   5. always stops gunicorn and drops the database (BENCH_KEEP_DB=1 keeps it).
#
# Settings (environment): BENCH_DURATION (s per page, default 10, at most 120), BENCH_CONNECTIONS (16),
# BENCH_THREADS (wrk threads, 2), BENCH_WORKERS (gunicorn workers, 2), BENCH_MUNICIPALITIES (100),
# BENCH_ORGANIZATIONS (5000), BENCH_DB (wspolpraca_bench), BENCH_KEEP_DB (0), BENCH_REDIS_URL
# (redis://127.0.0.1:6379/2; Redis is required, as in production).
# The shared steps (database, settings, gunicorn, checks, wrk) are in bench/lib.sh.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BENCH_MUNICIPALITIES="${BENCH_MUNICIPALITIES:-100}"
BENCH_ORGANIZATIONS="${BENCH_ORGANIZATIONS:-5000}"
bench_init "${BENCH_DB:-wspolpraca_bench}"
bench_database redis://127.0.0.1:6379/2

echo "==== Generating data"
DATA_SUMMARY="$("$PY" bench/generate.py --municipalities "$BENCH_MUNICIPALITIES" --organizations "$BENCH_ORGANIZATIONS")"
echo "$DATA_SUMMARY"
SLUG="$(echo "$DATA_SUMMARY" | sed -n 's/.*first_slug=\([a-z0-9-]*\).*/\1/p')"
[ -n "$SLUG" ] || die "the generator reported no municipality"

bench_gunicorn

# The pages, in measuring order; the first is the ceiling (a bare Django view).
cat >"$WORK/pages.tsv" <<EOF
healthz	/healthz
home	/
model	/model-wspolpracy/
municipality	/jst/$SLUG/
directory	/jst/$SLUG/organizacje/
directory_search	/jst/$SLUG/organizacje/?q=fund
standards	/jst/$SLUG/standardy/
EOF

bench_check
bench_measure
bench_meta "$DATA_SUMMARY"
"$PY" bench/summarize.py "$WORK" "$ROOT/bench/results"
