# Współpraca – the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE ?= config.settings.local

.PHONY: run test lint messages compilemessages bench bench-lijw bench-consultations bench-pages ci totp worker clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --silent

compilemessages: $(STAMP)
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

## The portal with demo data on SQLite, tasks in-process: http://127.0.0.1:8000
run: $(STAMP) compilemessages
	mkdir -p var
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

## The whole suite. Uses DATABASE_URL and REDIS_URL when set, SQLite and in-process tasks otherwise.
test: $(STAMP) compilemessages node_modules/axe-core/axe.min.js
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

## Extract translatable strings into locale/*/LC_MESSAGES/django.po
messages: $(STAMP)
	$(PY) manage.py makemessages -l pl -l en --ignore=.venv --ignore=node_modules --ignore=var --ignore=tests --ignore=bench --no-obsolete

## Print the current two-factor code of a demo account: make totp EMAIL=urzednik.koszalin@wspolpraca.test
totp: $(STAMP)
	@$(PY) manage.py totp_code $(EMAIL)

worker: $(STAMP)
	$(VENV)/bin/celery -A config worker -l info

## Load test of the public pages (wrk + gunicorn + PostgreSQL on loopback): see bench/README.md.
## Shorter: make bench BENCH_DURATION=3
bench: $(STAMP) compilemessages
	bash bench/run.sh
	bash bench/lijw.sh
	bash bench/consultations.sh
	bash bench/pages.sh
	$(PY) bench/exports.py

## Only the public pages and officer lists at the scale of issue #8 (ratio to /healthz, p95; cache on and off).
bench-pages: $(STAMP) compilemessages
	bash bench/pages.sh

## Only the self-assessment benchmarks (aggregation, PDF rendering, a burst of 100 notes on 2 workers).
bench-lijw: $(STAMP) compilemessages
	bash bench/lijw.sh

## Only the consultation benchmarks: a page with 2,000 comments (>= 100 req/s), search over 10,000 (p95 < 100 ms).
bench-consultations: $(STAMP) compilemessages
	bash bench/consultations.sh

## Reliability drills, in turn: deadline rush, worker killed mid-render, Redis outage, PostgreSQL restart.
drills: $(STAMP) compilemessages
	$(PY) bench/drills/deadline_rush.py
	$(PY) bench/drills/worker_kill.py
	$(PY) bench/drills/redis_outage.py
	$(PY) bench/drills/postgres_restart.py

## What CI runs: tests on PostgreSQL + Redis, ruff, migrations check, check --deploy, compilemessages.
ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var node_modules
