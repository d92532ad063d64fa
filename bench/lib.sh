# Shared by bench/run.sh and bench/consultations.sh (sourced, not run): settings checks, a fresh PostgreSQL
# database, production settings for loopback, gunicorn, the page check, wrk runs and the run's metadata.
# Everything goes to 127.0.0.1 only; cleanup always stops gunicorn and drops the database.
#
# The sourcing script sets nothing beforehand; it may override BENCH_* variables in the environment.

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"
PY="$ROOT/.venv/bin/python"

BENCH_DURATION="${BENCH_DURATION:-10}"
BENCH_CONNECTIONS="${BENCH_CONNECTIONS:-16}"
BENCH_THREADS="${BENCH_THREADS:-2}"
BENCH_WORKERS="${BENCH_WORKERS:-2}"
BENCH_KEEP_DB="${BENCH_KEEP_DB:-0}"
# What every browser sends (the portal answers gzip to it); BENCH_ACCEPT_ENCODING=identity measures uncompressed.
BENCH_ACCEPT_ENCODING="${BENCH_ACCEPT_ENCODING:-gzip}"
ACCEPT_ENCODING_HEADER="Accept-Encoding: $BENCH_ACCEPT_ENCODING"
PG_HOST=127.0.0.1
PG_PORT=5432
HOST=127.0.0.1   # every request goes to loopback only

die() { echo "bench: $*" >&2; exit 1; }
psql_admin() { psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -tAq "$@"; }

# bench_init <database name>: check the settings and tools, make the work directory, install the cleanup.
bench_init() {
  BENCH_DB="$1"
  [[ "$BENCH_DURATION" =~ ^[0-9]+$ ]] && [ "$BENCH_DURATION" -ge 1 ] && [ "$BENCH_DURATION" -le 120 ] \
    || die "BENCH_DURATION must be a whole number of seconds from 1 to 120"
  [[ "$BENCH_CONNECTIONS" =~ ^[0-9]+$ ]] && [ "$BENCH_CONNECTIONS" -ge 1 ] && [ "$BENCH_CONNECTIONS" -le 256 ] \
    || die "BENCH_CONNECTIONS must be from 1 to 256"
  [[ "$BENCH_DB" =~ ^[a-z0-9_]*bench[a-z0-9_]*$ ]] || die "BENCH_DB must be a plain name that contains 'bench'"
  command -v wrk >/dev/null || die "wrk is missing: apt-get install wrk"
  command -v psql >/dev/null || die "psql is missing: apt-get install postgresql-client"
  [ -x "$PY" ] || die "no virtualenv: run through 'make bench'"
  pg_isready -q -h "$PG_HOST" -p "$PG_PORT" || die "PostgreSQL does not answer on $PG_HOST:$PG_PORT"
  WORK="$(mktemp -d -t wspolpraca-bench.XXXXXX)"
  GUNICORN_PID=""
  DB_CREATED=0
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
    echo "Stopping gunicorn (pid $GUNICORN_PID)."
    kill -TERM "$GUNICORN_PID" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$GUNICORN_PID" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$GUNICORN_PID" 2>/dev/null || true
    wait "$GUNICORN_PID" 2>/dev/null || true
  fi
  if [ $rc -ne 0 ] && [ -f "$WORK/gunicorn.log" ]; then
    echo "--- last lines of the gunicorn log ---" >&2
    tail -n 30 "$WORK/gunicorn.log" >&2 || true
  fi
  if [ "$DB_CREATED" = 1 ] && [ "$BENCH_KEEP_DB" != 1 ]; then
    psql_admin -c "DROP DATABASE IF EXISTS \"$BENCH_DB\" WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  exit $rc
}

# bench_database <default Redis URL>: a fresh database, production settings for plain HTTP on loopback,
# Redis (required by the production settings), migrations and static files.
bench_database() {
  BENCH_REUSED_DB=0
  if [ "${BENCH_REUSE_DB:-0}" = 1 ] && [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$BENCH_DB'")" = 1 ]; then
    echo "==== Database $BENCH_DB (kept from an earlier run: BENCH_REUSE_DB=1)"
    BENCH_REUSED_DB=1
  else
    echo "==== Database $BENCH_DB (dropped and created afresh)"
    psql_admin -c "DROP DATABASE IF EXISTS \"$BENCH_DB\" WITH (FORCE)"
    psql_admin -c "CREATE DATABASE \"$BENCH_DB\""
    DB_CREATED=1
  fi

  export DJANGO_SETTINGS_MODULE=config.settings.production
  SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(64))')"
  export SECRET_KEY
  export DATABASE_URL="postgres://postgres@$PG_HOST:$PG_PORT/$BENCH_DB"
  export ALLOWED_HOSTS="$HOST"
  export CSRF_TRUSTED_ORIGINS="http://$HOST"
  export SECURE_SSL_REDIRECT=False
  export SECURE_HSTS_SECONDS=0
  export DEBUG=False
  export LOG_LEVEL=WARNING
  export EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend
  export PORTAL_BASE_URL="http://$HOST"
  BENCH_REDIS_URL="${BENCH_REDIS_URL:-$1}"
  if ! redis-cli -u "$BENCH_REDIS_URL" ping 2>/dev/null | grep -q PONG; then
    die "Redis does not answer at $BENCH_REDIS_URL: start it (see README) or set BENCH_REDIS_URL."
  fi
  export REDIS_URL="$BENCH_REDIS_URL"

  "$PY" manage.py migrate --no-input -v 0
  "$PY" manage.py collectstatic --no-input -v 0
}

# bench_gunicorn: start gunicorn on a free loopback port (sets PORT, BASE, GUNICORN_PID).
bench_gunicorn() {
  PORT="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  BASE="http://$HOST:$PORT"
  echo "==== Starting gunicorn on $BASE ($BENCH_WORKERS workers)"
  GUNICORN_BIND="$HOST:$PORT" WEB_CONCURRENCY="$BENCH_WORKERS" GUNICORN_ACCESS_LOG="" GUNICORN_MAX_REQUESTS=0 \
    GUNICORN_LOG_LEVEL=warning \
    "$ROOT/.venv/bin/gunicorn" -c config/gunicorn.py config.wsgi >"$WORK/gunicorn.log" 2>&1 &
  GUNICORN_PID=$!
}

# The pages file ($WORK/pages.tsv): one page a line, tab-separated: name, path, and optionally the number of
# connections (default BENCH_CONNECTIONS), a wrk Lua script (default bench/report.lua) and one argument for
# it. The first page is the ceiling (a bare Django view).

# bench_check: wait until gunicorn answers, then check that every page answers 200 (not a redirect or an
# error); a script's page is checked at its path only.
bench_check() {
  "$PY" - "$HOST" "$PORT" "$WORK/pages.tsv" "$GUNICORN_PID" <<'EOF'
import http.client, os, sys, time
host, port, pages, pid = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
def get(path):
    conn = http.client.HTTPConnection(host, port, timeout=30)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body
deadline = time.monotonic() + 60
while True:
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit("gunicorn exited before it answered")
    try:
        if get("/healthz")[0] == 200:
            break
    except OSError:
        pass
    if time.monotonic() > deadline:
        sys.exit("gunicorn did not answer /healthz within 60 s")
    time.sleep(0.25)
for line in open(pages):
    path = line.rstrip("\n").split("\t")[1]
    status, body = get(path)
    if status != 200:
        sys.exit(f"{path} answered {status}, expected 200:\n{body[:500].decode(errors='replace')}")
    print(f"  {status} {len(body):>8} bytes  {path}")
EOF
}

_bench_wrk() {  # _bench_wrk <threads> <connections> <duration> <name> <path> <script> <script argument>
  local threads="$1" connections="$2" duration="$3" path="$5" script="$6" argument="$7"
  [ "$threads" -le "$connections" ] || threads="$connections"
  if [ -n "$argument" ]; then
    wrk -t "$threads" -c "$connections" -d "$duration" --timeout 10s --latency -H "$ACCEPT_ENCODING_HEADER" \
      -s "$script" "$BASE$path" -- "$argument"
  else
    wrk -t "$threads" -c "$connections" -d "$duration" --timeout 10s --latency -H "$ACCEPT_ENCODING_HEADER" \
      -s "$script" "$BASE$path"
  fi
}

# bench_measure: warm each page up for 2 s, then run wrk against each in turn ($WORK/<name>.wrk.txt).
bench_measure() {
  local name path connections script argument
  echo "==== Warming up (2 s per page)"
  while IFS=$'\t' read -r name path connections script argument; do
    _bench_wrk 1 4 2s "$name" "$path" "${script:-bench/report.lua}" "$argument" >/dev/null
  done <"$WORK/pages.tsv"
  echo "==== Measuring: wrk -t $BENCH_THREADS -c $BENCH_CONNECTIONS -d ${BENCH_DURATION}s per page"
  while IFS=$'\t' read -r name path connections script argument; do
    echo "  $path (${connections:-$BENCH_CONNECTIONS} connections)"
    _bench_wrk "$BENCH_THREADS" "${connections:-$BENCH_CONNECTIONS}" "${BENCH_DURATION}s" "$name" "$path" \
      "${script:-bench/report.lua}" "$argument" >"$WORK/$name.wrk.txt"
  done <"$WORK/pages.tsv"
  kill -0 "$GUNICORN_PID" 2>/dev/null || die "gunicorn died during the run"
}

# bench_meta <data summary line>: what was measured and how, into $WORK/meta.json for bench/summarize.py.
bench_meta() {
  DATA_SUMMARY="$1"
  META_COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  META_DIRTY="$( [ -n "$(git status --porcelain 2>/dev/null | head -n 1)" ] && echo true || echo false)"
  META_PG="$(psql_admin -c 'SHOW server_version')"
  META_WRK="$(wrk -v 2>&1 | head -n 1 || true)"
  export META_COMMIT META_DIRTY META_PG META_WRK DATA_SUMMARY BENCH_DURATION BENCH_CONNECTIONS BENCH_THREADS \
    BENCH_WORKERS BENCH_REDIS_URL BENCH_ACCEPT_ENCODING
  "$PY" - "$WORK/meta.json" <<'EOF'
import json, os, platform, sys
import django
e = os.environ
data = {}
for line in e["DATA_SUMMARY"].splitlines():
    data.update(item.split("=", 1) for item in line.split(" in ")[0].split(", "))
meta = {
    "git_commit": e["META_COMMIT"], "git_dirty": e["META_DIRTY"] == "true",
    "duration_s": int(e["BENCH_DURATION"]), "connections": int(e["BENCH_CONNECTIONS"]),
    "threads": int(e["BENCH_THREADS"]), "gunicorn_workers": int(e["BENCH_WORKERS"]),
    "cache": "redis" if e.get("BENCH_REDIS_URL") else "locmem",
    "accept_encoding": e["BENCH_ACCEPT_ENCODING"],
    "settings": e["DJANGO_SETTINGS_MODULE"], "cpu_count": os.cpu_count(),
    "python": platform.python_version(), "django": django.get_version(), "postgresql": e["META_PG"],
    "wrk": e["META_WRK"], "data": {k: (int(v) if v.isdigit() else v) for k, v in data.items()},
}
json.dump(meta, open(sys.argv[1], "w"), indent=2)
EOF
}
