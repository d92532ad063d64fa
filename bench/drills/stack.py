"""What the reliability drills share: a PostgreSQL cluster and a redis-server of their own, gunicorn and a Celery
worker on loopback, the Django side run in child processes, and a small HTTP client.

Nothing here touches the machine's own PostgreSQL (5432) or Redis (6379): each drill runs `initdb` into a
temporary directory (as the `postgres` OS user when run as root) and starts its own servers on free loopback
ports, so that it may stop, kill and restart them. Everything is stopped and removed at the end (`Stack.close`,
called from a `finally`), also after a failure or Ctrl-C.

Environment: DRILL_PG_BIN (the newest /usr/lib/postgresql/*/bin), DRILL_WORKERS (2 gunicorn workers),
DRILL_KEEP (0; 1 keeps the temporary directory with the logs).
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
HOST = "127.0.0.1"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def pg_bin() -> Path:
    if os.environ.get("DRILL_PG_BIN"):
        return Path(os.environ["DRILL_PG_BIN"])
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        sys.exit("drill: no /usr/lib/postgresql/*/bin/initdb: apt-get install postgresql")
    return Path(found[-1]).parent


def request(base: str, method: str, path: str, *, cookies: str = "", body: str = "", timeout: float = 30.0):
    """(status, Location, Set-Cookie, body) of one request on a fresh connection (plain HTTP)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
    headers = {"Cookie": cookies, "Accept-Language": "pl"}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        data = response.read()
        return response.status, response.getheader("Location") or "", response.getheader("Set-Cookie") or "", data
    finally:
        connection.close()


def run_phase(script: str, name: str, *args, env: dict) -> dict:
    """Run `script --phase name args` with the settings in `env`; its last stdout line is JSON. `Stack.phase`
    for the drill's own servers; called directly by a drill that runs against a server already running."""
    result = subprocess.run([PY, script, "--phase", name, *map(str, args)], env=env, cwd=ROOT,
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"drill: phase {name} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


class Stack:
    """Own PostgreSQL, own Redis, gunicorn and a Celery worker, started on demand."""

    def __init__(self, name: str):
        self.name = name
        self.work = Path(tempfile.mkdtemp(prefix=f"wspolpraca-{name}-"))
        os.chmod(self.work, 0o755)
        self.bin = pg_bin()
        self.as_postgres = os.geteuid() == 0
        self.pg_port, self.redis_port, self.web_port = free_port(), free_port(), free_port()
        self.pg_data = self.work / "pg"
        self.redis: subprocess.Popen | None = None
        self.gunicorn: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.base = f"http://{HOST}:{self.web_port}"
        self.started = time.monotonic()
        self.env = {
            **os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "DATABASE_URL": f"postgres://postgres@{HOST}:{self.pg_port}/wspolpraca_drill",
            "REDIS_URL": f"redis://{HOST}:{self.redis_port}/0",
            "ALLOWED_HOSTS": HOST, "CSRF_TRUSTED_ORIGINS": f"http://{HOST}", "SECURE_SSL_REDIRECT": "False",
            "SECURE_HSTS_SECONDS": "0", "DEBUG": "False", "LOG_LEVEL": "WARNING",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend", "PORTAL_BASE_URL": f"http://{HOST}",
            "PRIVATE_MEDIA_ROOT": str(self.work / "private"), "MEDIA_ROOT": str(self.work / "media"),
        }

    def say(self, text: str) -> None:
        """A step's heading, with the seconds since the drill started."""
        print(f"==== [{time.monotonic() - self.started:5.1f} s] {text}", flush=True)

    # --- PostgreSQL ---------------------------------------------------------------------------------------------

    def _pg(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=check, cwd="/")

    def pg_init(self) -> None:
        self.pg_data.mkdir()
        if self.as_postgres:
            shutil.chown(self.pg_data, "postgres", "postgres")
        self._pg("initdb", "-D", str(self.pg_data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                 "--locale=C.UTF-8", "--no-sync")
        self.pg_start()
        subprocess.run(["psql", "-h", HOST, "-p", str(self.pg_port), "-U", "postgres", "-d", "postgres", "-tAq",
                        "-c", "CREATE DATABASE wspolpraca_drill"], check=True, capture_output=True)

    def pg_start(self) -> None:
        options = (f"-p {self.pg_port} -c listen_addresses={HOST} -c unix_socket_directories={self.pg_data} "
                   "-c fsync=off -c full_page_writes=off -c max_connections=50")
        self._pg("pg_ctl", "-D", str(self.pg_data), "-o", options, "-l", str(self.pg_data / "server.log"),
                 "-w", "-t", "60", "start")

    def pg_stop(self, mode: str = "fast") -> None:
        self._pg("pg_ctl", "-D", str(self.pg_data), "-m", mode, "-w", "-t", "60", "stop", check=False)

    def sql(self, query: str, *, timeout: float = 10.0) -> list[list[str]]:
        """Rows of a query on the drill's database, straight through psql (no Django start-up per poll)."""
        result = subprocess.run(["psql", "-h", HOST, "-p", str(self.pg_port), "-U", "postgres", "-d",
                                 "wspolpraca_drill", "-tAq", "-F", "|", "-c", query], capture_output=True, text=True,
                                check=True, timeout=timeout)
        return [line.split("|") for line in result.stdout.splitlines() if line]

    def pg_version(self) -> str:
        return subprocess.run(["psql", "-h", HOST, "-p", str(self.pg_port), "-U", "postgres", "-d", "postgres",
                               "-tAq", "-c", "SHOW server_version"], capture_output=True, text=True,
                              check=False).stdout.strip()

    # --- Redis ----------------------------------------------------------------------------------------------------

    def redis_start(self) -> None:
        """A redis-server without persistence: a restart loses whatever was queued (the worst case)."""
        log = open(self.work / "redis.log", "a")  # noqa: SIM115 - closed with the process
        self.redis = subprocess.Popen(
            ["redis-server", "--port", str(self.redis_port), "--bind", HOST, "--save", "", "--appendonly", "no",
             "--dir", str(self.work)], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        limit = time.monotonic() + 20
        while time.monotonic() < limit:
            if self.redis_ping():
                return
            time.sleep(0.1)
        sys.exit("drill: redis-server did not answer within 20 s")

    def redis_ping(self) -> bool:
        result = subprocess.run(["redis-cli", "-h", HOST, "-p", str(self.redis_port), "ping"], capture_output=True,
                                text=True, check=False)
        return result.stdout.strip() == "PONG"

    def redis_llen(self, key: str) -> int:
        result = subprocess.run(["redis-cli", "-h", HOST, "-p", str(self.redis_port), "llen", key],
                                capture_output=True, text=True, check=False)
        return int(result.stdout.strip() or 0) if result.stdout.strip().isdigit() else -1

    def redis_stop(self) -> None:
        if self.redis is not None and self.redis.poll() is None:
            self.redis.send_signal(signal.SIGTERM)
            self.redis.wait(timeout=20)
        self.redis = None

    # --- Django, gunicorn, Celery ---------------------------------------------------------------------------------

    def manage(self, *args: str) -> None:
        subprocess.run([PY, "manage.py", *args], env=self.env, cwd=ROOT, check=True)

    def migrate(self) -> None:
        """Migrate the drill's database; collect the static files unless the manifest is newer than static/
        (collecting compresses every file again: a minute on a busy machine).

        Migrating from nothing takes minutes on a busy machine, so the migrated schema is kept as a pg_dump in
        the temporary directory, under a hash of the migrations and requirements.lock; the next drill
        restores it and `migrate` only checks that nothing is left to apply."""
        key = hashlib.sha256()
        for path in sorted([*ROOT.glob("*/migrations/*.py"), ROOT / "requirements.lock"]):
            if path.exists():
                key.update(path.name.encode() + path.read_bytes())
        dump = Path(tempfile.gettempdir()) / f"wspolpraca-drill-schema-{key.hexdigest()[:16]}.dump"
        target = ["-h", HOST, "-p", str(self.pg_port), "-U", "postgres", "-d", "wspolpraca_drill"]
        if dump.exists():
            subprocess.run(["pg_restore", "--no-owner", *target, str(dump)], check=True, capture_output=True)
        self.manage("migrate", "--no-input", "-v", "0")
        if not dump.exists():
            partial = dump.with_suffix(f".{os.getpid()}")
            subprocess.run(["pg_dump", "-Fc", *target, "-f", str(partial)], check=True, capture_output=True)
            partial.replace(dump)
            for old in dump.parent.glob("wspolpraca-drill-schema-*.dump"):
                if old != dump:
                    old.unlink(missing_ok=True)  # the schema of earlier migrations
        manifest = ROOT / "var" / "static" / "staticfiles.json"
        newest = max((p.stat().st_mtime for p in (ROOT / "static").rglob("*") if p.is_file()), default=0)
        if not manifest.exists() or manifest.stat().st_mtime < newest:
            self.manage("collectstatic", "--no-input", "-v", "0")

    def phase(self, script: str, name: str, *args) -> dict:
        """Run `script --phase name args` with the stack's settings; its last stdout line is JSON."""
        return run_phase(script, name, *args, env=self.env)

    def gunicorn_start(self, workers: int | str | None = None) -> None:
        """gunicorn with `workers` sync workers (default: DRILL_WORKERS, else 2)."""
        workers = str(workers or os.environ.get("DRILL_WORKERS", "2"))
        self.say(f"Starting gunicorn on {self.base} ({workers} workers)")
        log = open(self.work / "gunicorn.log", "a")  # noqa: SIM115 - closed with the process
        self.gunicorn = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"],
            env={**self.env, "GUNICORN_BIND": f"{HOST}:{self.web_port}", "WEB_CONCURRENCY": workers,
                 "GUNICORN_ACCESS_LOG": "", "GUNICORN_MAX_REQUESTS": "0", "GUNICORN_LOG_LEVEL": "warning"},
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        limit = time.monotonic() + 60
        while time.monotonic() < limit:
            if self.gunicorn.poll() is not None:
                sys.exit("drill: gunicorn exited before it answered")
            with contextlib.suppress(OSError):
                if request(self.base, "GET", "/healthz", timeout=2)[0] == 200:
                    return
            time.sleep(0.25)
        sys.exit("drill: gunicorn did not answer /healthz within 60 s")

    def worker_start(self, concurrency: int = 2) -> None:
        log = open(self.work / "worker.log", "a")  # noqa: SIM115 - closed with the process
        self.worker = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "celery"), "-A", "config", "worker", "-c", str(concurrency), "-l", "info",
             "--without-gossip", "--without-mingle", "-n", f"drill-{secrets.token_hex(3)}@%h"],
            env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        limit = time.monotonic() + 60
        while time.monotonic() < limit:
            if self.worker.poll() is not None:
                sys.exit("drill: the Celery worker exited at start")
            if " ready." in (self.work / "worker.log").read_text(errors="replace"):
                return
            time.sleep(0.25)
        sys.exit("drill: the Celery worker was not ready within 60 s")

    def worker_children(self) -> list[int]:
        if self.worker is None:
            return []
        path = Path(f"/proc/{self.worker.pid}/task/{self.worker.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def worker_kill(self) -> list[int]:
        """SIGKILL the worker's whole process group (main process and pool): no chance to ack or requeue."""
        killed = [self.worker.pid, *self.worker_children()]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.worker.pid, signal.SIGKILL)
        self.worker.wait(timeout=20)
        self.worker = None
        return killed

    def log_tail(self, name: str, lines: int = 30) -> str:
        path = self.work / name
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    # --- The end ----------------------------------------------------------------------------------------------------

    def close(self) -> None:
        for process in (self.gunicorn, self.worker):
            if process is not None and process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=5)
        with contextlib.suppress(Exception):
            self.redis_stop()
        if (self.pg_data / "postmaster.pid").exists():
            self.pg_stop("immediate")
        if os.environ.get("DRILL_KEEP") == "1":
            print(f"drill: kept {self.work}")
        else:
            shutil.rmtree(self.work, ignore_errors=True)


def machine() -> str:
    memory = subprocess.run(["free", "-h"], capture_output=True, text=True, check=False).stdout.splitlines()
    total = memory[1].split()[1] if len(memory) > 1 else "?"
    redis = subprocess.run(["redis-server", "--version"], capture_output=True, text=True, check=False).stdout.split()
    redis_version = next((word.split("=")[1] for word in redis if word.startswith("v=")), "?")
    return f"{os.cpu_count()} CPUs, {total} RAM, redis-server {redis_version}"
