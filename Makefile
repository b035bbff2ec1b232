# The two commands: `make run` serves the portal, `make test` runs every test.
# Both build the virtual environment on first use (and again when pyproject.toml changes).

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
INSTALLED := $(VENV)/.installed
# The compiled translations; their .po sources are kept in the repository.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

.PHONY: run test setup lint format messages bench bench-import faults production backup restore clean

run: setup
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py runserver $(HOST):$(PORT)

# Everything `run` needs before serving: schema, the documents' data, a local admin account.
setup: $(INSTALLED) $(CATALOGUES)
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_documents
	$(PY) manage.py ensure_admin

test: $(INSTALLED) $(CATALOGUES)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(INSTALLED)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# After changing the interface's words: collect them into locale/ (needs GNU gettext's xgettext);
# then translate what it lists as untranslated in locale/zh_Hans/LC_MESSAGES/django.po.
messages: $(INSTALLED)
	$(PY) manage.py update_catalogues

%.mo: %.po $(INSTALLED)
	$(PY) manage.py compile_catalogues

# Load-tests gunicorn on the full-scale synthetic database (built in PostgreSQL on first use).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/torchportal_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/1
bench: $(INSTALLED) $(CATALOGUES)
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) $(PY) manage.py bench_portal $(BENCH_ARGS)

# CI's fault drill: 200 clients for 60 s, Redis stopped, PostgreSQL restarted (needs root).
FAULTS_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/torchportal_faults
faults: $(INSTALLED) $(CATALOGUES)
	DATABASE_URL=$(FAULTS_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) $(PY) manage.py fault_drill

# The production server (see "Running in production" in the README): needs DJANGO_SECRET_KEY,
# DJANGO_ALLOWED_HOSTS and DATABASE_URL; DJANGO_PRODUCTION is set here.
WORKERS ?= 2
THREADS ?= 4
production: $(INSTALLED) $(CATALOGUES)
	DJANGO_PRODUCTION=true $(PY) manage.py check --deploy --fail-level WARNING
	DJANGO_PRODUCTION=true $(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_PRODUCTION=true $(PY) manage.py migrate --noinput
	DJANGO_PRODUCTION=true $(VENV)/bin/gunicorn torchportal.wsgi --bind $(HOST):$(PORT) \
		--worker-class gthread --workers $(WORKERS) --threads $(THREADS) \
		--max-requests 10000 --max-requests-jitter 1000 --access-logfile -

# A complete backup of the database (every table) into var/backups/, and its restore into an
# empty database: make restore FILE=var/backups/torchportal-....backup
backup: $(INSTALLED)
	$(PY) manage.py backup
restore: $(INSTALLED)
	$(PY) manage.py restore $(FILE)

# Times importing 10,000 Innofund project rows (preview and import), then rolls them back.
bench-import: setup
	$(PY) manage.py bench_import --rows 10000

$(INSTALLED): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
