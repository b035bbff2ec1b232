# The two commands: `make run` serves the portal, `make test` runs every test.
# Both build the virtual environment on first use, from the lock files in requirements/ (exact
# versions and hashes): `run` installs what serving needs, `test` adds the test tools. They
# install again when a lock file changes; `make lock` updates the lock files.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
INSTALLED := $(VENV)/.run-installed
DEV_INSTALLED := $(VENV)/.dev-installed
# The compiled translations; their .po sources are kept in the repository.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

.PHONY: run test setup lint format messages bench bench-import faults cluster production backup restore lock clean vendor-axe

run: setup
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py runserver $(HOST):$(PORT)

# Everything `run` needs before serving: schema, the documents' data, a local admin account.
setup: $(INSTALLED) $(CATALOGUES)
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_documents
	$(PY) manage.py build_downloads
	$(PY) manage.py ensure_admin

# The suite runs on every core (pytest-xdist); PYTEST_ARGS="-n 0" runs it in one process.
test: $(DEV_INSTALLED) $(CATALOGUES)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(DEV_INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(DEV_INSTALLED)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# After changing the interface's words: collect them into locale/ (needs GNU gettext's xgettext);
# then translate what it lists as untranslated in locale/zh_Hans/LC_MESSAGES/django.po.
messages: $(DEV_INSTALLED)
	$(PY) manage.py update_catalogues

%.mo: %.po $(INSTALLED)
	$(PY) manage.py compile_catalogues

# Load-tests gunicorn on the full-scale synthetic database (built in PostgreSQL on first use).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/torchportal_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/1
# (The benchmark moves the data version to empty the cache: no open data build after it.)
bench: $(INSTALLED) $(CATALOGUES)
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) DOWNLOADS_BUILD_AFTER_CHANGES=false \
		$(PY) manage.py bench_portal $(BENCH_ARGS)

# CI's fault drill: 200 clients for 60 s, Redis stopped, PostgreSQL restarted (needs root).
FAULTS_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/torchportal_faults
faults: $(INSTALLED) $(CATALOGUES)
	DATABASE_URL=$(FAULTS_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) DOWNLOADS_BUILD_AFTER_CHANGES=false \
		$(PY) manage.py fault_drill

# The several-servers drill: nginx (Debian's package) in front of two gunicorn instances on
# loopback, sharing PostgreSQL and Redis; prints what it showed (see "Several machines").
CLUSTER_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/torchportal_cluster
CLUSTER_REDIS_URL ?= redis://127.0.0.1:6379/2
cluster: $(INSTALLED) $(CATALOGUES)
	DATABASE_URL=$(CLUSTER_DATABASE_URL) REDIS_URL=$(CLUSTER_REDIS_URL) DOWNLOADS_BUILD_AFTER_CHANGES=false \
		$(PY) manage.py cluster_drill

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

$(PY):
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): requirements/run.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/run.txt
	touch $@

# The test tools' lock holds the running ones too, at the same versions.
$(DEV_INSTALLED): requirements/dev.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	touch $@ $(INSTALLED)

# Update the lock files after changing the dependencies in pyproject.toml. Versions already
# locked stay unless asked: LOCK_ARGS=--upgrade (everything) or LOCK_ARGS="--upgrade-package django".
PIP_TOOLS ?= pip-tools==7.5.2
LOCK_VENV := var/lock-venv
COMPILE = $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	--no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
lock:
	test -x $(LOCK_VENV)/bin/pip-compile || ($(PYTHON) -m venv $(LOCK_VENV) && \
		$(LOCK_VENV)/bin/pip install --quiet '$(PIP_TOOLS)')
	$(COMPILE) -o requirements/run.txt pyproject.toml
	$(COMPILE) --extra dev -c requirements/run.txt -o requirements/dev.txt pyproject.toml

# The accessibility tests' copy of axe-core (tests only, never served), from the npm registry:
# make vendor-axe VERSION=4.14.1; then write the version and the printed integrity into its README.
AXE_DIR := tests/vendor/axe-core
vendor-axe:
	@test -n "$(VERSION)" || (echo "Say which version: make vendor-axe VERSION=4.x.y" && false)
	rm -rf var/axe && mkdir -p var/axe
	cd var/axe && npm pack --silent axe-core@$(VERSION) && tar xzf axe-core-$(VERSION).tgz
	cp var/axe/package/axe.min.js var/axe/package/LICENSE var/axe/package/LICENSE-3RD-PARTY.txt $(AXE_DIR)/
	@echo "axe-core $(VERSION): sha512-$$(openssl dgst -sha512 -binary var/axe/axe-core-$(VERSION).tgz | base64 -w0)"

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
