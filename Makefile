# The two commands of README.md:  `make run`  and  `make test`.
# Both create .venv and install what they need; nothing else is required first.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
# Two test processes (pytest-xdist): this machine kind has two cores.
PYTEST_ARGS ?= -n 2

.PHONY: run test setup setup-dev translations check-deploy lint serve clean bench upgrade-proof

$(VENV)/.run-deps: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt $(VENV)/.run-deps
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# The Nu HTML checker for the page crawl (tests/browser/test_every_page.py), from the npm
# registry's vnu-jar; `npm pack` runs no install script (its postinstall would fetch a Java).
VNU_VERSION := 26.9.27
VNU_JAR := $(VENV)/vnu-jar-$(VNU_VERSION)/vnu.jar
$(VNU_JAR): | $(VENV)/.run-deps
	mkdir -p $(@D)
	cd $(@D) && npm pack --silent vnu-jar@$(VNU_VERSION) >/dev/null \
	  && tar -xzf vnu-jar-$(VNU_VERSION).tgz --strip-components=3 package/build/dist/vnu.jar \
	  && rm vnu-jar-$(VNU_VERSION).tgz

setup: $(VENV)/.run-deps translations
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0

setup-dev: $(VENV)/.dev-deps $(VNU_JAR) translations

translations: $(VENV)/.run-deps
	$(PY) manage.py compile_translations --verbosity 0

## make run: set up, load the real seed plan and demo logins, run web + Celery worker + beat
run: setup
	$(PY) manage.py load_demo
	@echo "PAPI Portal: http://$${HOST:-127.0.0.1}:$${PORT:-8000}/  (Ctrl-C stops web, worker and beat)"
	$(VENV)/bin/honcho -f Procfile.dev start --port $${PORT:-8000}

## make test: set up, then lint, migration check, deploy check and the whole test suite
test: setup-dev lint check-deploy
	$(PY) -m pytest --ds=papi_portal.settings.test $(PYTEST_ARGS)

lint: $(VENV)/.dev-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	@if command -v xgettext >/dev/null; then $(PY) manage.py check_translations; \
	 else echo "NOTE: xgettext (Debian package gettext) missing: translation completeness not checked here; .ci/run checks it."; fi

# Production settings given only environment variables must pass Django's deploy checks.
check-deploy: $(VENV)/.run-deps
	env -i PATH="$$PATH" DJANGO_SETTINGS_MODULE=papi_portal.settings.production \
	  SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  ALLOWED_HOSTS=papi.example.vn DATABASE_URL=sqlite:////tmp/papi-deploy-check.sqlite3 \
	  $(PY) manage.py check --deploy --fail-level WARNING

## make bench: the reminder scan benchmark on PostgreSQL (bench/README.md)
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/papi_bench
bench: $(VENV)/.run-deps
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/reminder_scan.py $(BENCH_ARGS)

## make upgrade-proof: an installation of an older release (UPGRADE_FROM, default BASE) migrates to
## this checkout with every row, file and audit-history entry (scripts/upgrade_proof.py, README)
UPGRADE_FROM ?= 41f49c1
upgrade-proof: $(VENV)/.run-deps
	$(PY) scripts/upgrade_proof.py --ref $(UPGRADE_FROM)

clean:
	rm -rf $(VENV) var staticfiles
