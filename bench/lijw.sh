#!/usr/bin/env bash
# `make bench-lijw`: benchmarks of the self-assessment on PostgreSQL + Redis + 2 Celery workers (loopback).
#   results: an edition with 10,000 responses x 60 questions aggregated in the database (target < 1 s)
#   render:  a typical note rendered to PDF 10 times (target < 2 s median)
#   burst:   100 notes published at once and rendered by 2 workers; every PDF must appear
# Writes bench/results/lijw-<time>.json and bench/results/lijw-latest.json. Always drops its database.
# Settings: BENCH_LIJW_RESPONSES (10000), BENCH_LIJW_QUESTIONS (60), BENCH_LIJW_NOTES (100),
# BENCH_DB (wspolpraca_bench_lijw), BENCH_REDIS_URL (redis://127.0.0.1:6379/3).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"
PY="$ROOT/.venv/bin/python"
RESPONSES="${BENCH_LIJW_RESPONSES:-10000}"
QUESTIONS="${BENCH_LIJW_QUESTIONS:-60}"
NOTES="${BENCH_LIJW_NOTES:-100}"
DB="${BENCH_DB:-wspolpraca_bench_lijw}"
REDIS="${BENCH_REDIS_URL:-redis://127.0.0.1:6379/3}"
[[ "$DB" =~ ^[a-z0-9_]*bench[a-z0-9_]*$ ]] || { echo "BENCH_DB must contain 'bench'" >&2; exit 1; }
pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL does not answer on 127.0.0.1:5432" >&2; exit 1; }
redis-cli -u "$REDIS" ping | grep -q PONG || { echo "Redis does not answer at $REDIS" >&2; exit 1; }

WORK="$(mktemp -d -t wspolpraca-lijw.XXXXXX)"
WORKER_PID=""
psql_admin() { psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -tAq "$@"; }
cleanup() {
  if [ -n "$WORKER_PID" ]; then kill -TERM "$WORKER_PID" 2>/dev/null || true; wait "$WORKER_PID" 2>/dev/null || true; fi
  psql_admin -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  redis-cli -u "$REDIS" flushdb >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

psql_admin -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
psql_admin -c "CREATE DATABASE $DB" >/dev/null
export DJANGO_SETTINGS_MODULE=config.settings.production
export SECRET_KEY="bench-only-$(head -c 24 /dev/urandom | base64)"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export REDIS_URL="$REDIS" ALLOWED_HOSTS=127.0.0.1 PORTAL_BASE_URL=http://127.0.0.1 SECURE_SSL_REDIRECT=False
export PRIVATE_MEDIA_ROOT="$WORK/private" MEDIA_ROOT="$WORK/media" LOG_LEVEL=WARNING
"$PY" manage.py migrate --no-input -v 0

echo "1/3 results of $RESPONSES responses x $QUESTIONS questions (inserting the answers takes a while)"
"$PY" bench/lijw.py results --responses "$RESPONSES" --questions "$QUESTIONS" | tee "$WORK/results.json"
echo "2/3 rendering a typical note"
"$PY" bench/lijw.py render --notes 10 | tee "$WORK/render.json"
echo "3/3 burst of $NOTES notes rendered by 2 workers"
"$ROOT/.venv/bin/celery" -A config worker -c 2 -l warning --without-gossip --without-mingle >"$WORK/worker.log" 2>&1 &
WORKER_PID=$!
"$PY" bench/lijw.py burst --notes "$NOTES" | tee "$WORK/burst.json"

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p bench/results
"$PY" - "$WORK" "bench/results/lijw-$STAMP.json" <<'PYEOF'
import json, os, platform, sys
work, target = sys.argv[1], sys.argv[2]
data = {name: json.load(open(os.path.join(work, f"{name}.json"))) for name in ("results", "render", "burst")}
data["machine"] = {"cpus": os.cpu_count(), "platform": platform.platform()}
text = json.dumps(data, indent=2, ensure_ascii=False)
open(target, "w").write(text)
open(os.path.join(os.path.dirname(target), "lijw-latest.json"), "w").write(text)
print(text)
PYEOF
