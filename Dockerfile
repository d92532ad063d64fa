# Production image: gunicorn serves the portal; the same image runs the Celery worker and beat
# (see docker-compose.yml). The commands below are the ones CI runs (.ci/run, Makefile).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    GUNICORN_BIND=0.0.0.0:8000

# WeasyPrint's libraries and the font the PDFs use; gettext for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first (cached while only the code changes), pinned by the same lock file CI uses.
COPY pyproject.toml requirements.lock README.md ./
RUN pip install -c requirements.lock .

COPY . .

# Static files and translations are built into the image. The settings need some values at import
# time; these build-only ones are never used at run time (docker-compose.yml passes the real ones).
RUN SECRET_KEY=build-only-not-secret DATABASE_URL=sqlite:////tmp/build.sqlite3 ALLOWED_HOSTS=localhost \
        python manage.py collectstatic --no-input -v 0 \
    && SECRET_KEY=build-only-not-secret DATABASE_URL=sqlite:////tmp/build.sqlite3 ALLOWED_HOSTS=localhost \
        python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0 \
    && rm -f /tmp/build.sqlite3

# A non-root user that owns only what the app writes: uploads, private files, the beat schedule.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home app \
    && mkdir -p /app/var/media /app/var/private /app/var/celery \
    && chown -R app:app /app/var/media /app/var/private /app/var/celery
USER app

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': os.environ['ALLOWED_HOSTS'].split(',')[0].strip().lstrip('.'), 'X-Forwarded-Proto': 'https'}), timeout=4)"]

CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
