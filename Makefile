# Atlas: `make run` serves the directory with the report's data; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve loadtest test test-postgres lint format migrate seed bench mutants messages clean browser-deps echarts css audit

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

migrate: $(STAMP)
	$(PY) manage.py migrate --noinput

# The report's data, then the CAC register from ../shared/data when it is there (a few seconds;
# a second run changes nothing).
seed: migrate
	$(PY) manage.py load_seed
	$(PY) manage.py import_cac_filings --skip-missing --quiet-anomalies

run: seed
	@echo
	@echo "Atlas is starting on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "Create an account for the admin in another terminal with:"
	@echo "    $(PY) manage.py create_editor YOUR_NAME --role publisher   (or --role editor)"
	@echo
	$(PY) manage.py runserver $(HOST):$(PORT)

# Production serving: gunicorn + whitenoise with config.settings.production (see docs/DEPLOY.md).
# DATABASE_URL, DATABASE_REPLICA_URLS, CACHE_URL, MEDIA_S3_BUCKET, ALLOWED_HOSTS, SECRET_KEY and
# GUNICORN_WORKERS / GUNICORN_THREADS come from the environment; without SECRET_KEY one is kept
# in var/secret_key so sessions survive restarts.
# HTTPS=true behind a TLS proxy (secure cookies, HSTS, redirect); plain HTTP by default here.
# Without CACHE_URL (a per-process cache) it runs ONE worker so that API rate limits hold, and
# refuses GUNICORN_WORKERS>1; CACHE_URL=redis://127.0.0.1:6379/1 for several. X-Forwarded-For is
# ignored unless TRUSTED_PROXY_COUNT=1 (set it only behind a proxy that appends the client's address).
SERVE_ENV = DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY="$${SECRET_KEY:-$$(cat var/secret_key)}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	HTTPS="$${HTTPS:-false}"

var/secret_key:
	@mkdir -p var && $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# Hashing and compressing every static file takes minutes: only when a source or a package changed.
staticfiles/staticfiles.json: $(STAMP) var/secret_key $(shell find static -type f 2>/dev/null)
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0

serve: $(STAMP) var/secret_key staticfiles/staticfiles.json
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	@echo "Atlas (production settings) on http://$(HOST):$(PORT)/"
	$(SERVE_ENV) GUNICORN_BIND="$${GUNICORN_BIND:-$(HOST):$(PORT)}" \
		$(VENV)/bin/gunicorn config.wsgi:application -c config/gunicorn.conf.py

# Load test of `make serve` (bench/loadtest.py): SQLite, then PostgreSQL+Redis, at LOAD_CASES
# cases; writes bench/results/load.json. LOAD_ARGS="--smoke" for a short bounded run.
loadtest: $(STAMP)
	$(PY) bench/loadtest.py $(LOAD_ARGS)

# Browser tests drive Debian's Chromium; install it (and CJK fonts) when we can.
browser-deps:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		(apt-get install -y -qq chromium fonts-noto-cjk >/dev/null 2>&1 || \
		 (apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null)) || \
		echo "Chromium could not be installed: browser tests will be skipped"; \
	fi

test: $(STAMP) browser-deps
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres: $(STAMP) browser-deps
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(PY) -m pytest $(PYTEST_ARGS)

# Page benchmark first: CPU per request of every public page type and API list, at 10k and
# 100k cases, SQLite and PostgreSQL, every cache off and the page cache on, /healthz beside them;
# writes bench/results/pages.json (PAGES_BENCH_ARGS="--sizes 2000 --backends sqlite" for a quick run).
# Search benchmark at 10k and 100k cases on SQLite and PostgreSQL (slow: tens of minutes);
# writes bench/results/search.json. BENCH_ARGS="--sizes 2000 --backends sqlite" for a quick run.
# Then the insights charts at 10k cases, cold and cached: bench/results/insights.json.
# Then the API benchmark: 100-item pages at 100k cases under gunicorn, beside a naive baseline;
# writes bench/results/api.json (bench/api.py; BENCH_DATABASE_URL, BENCH_CASES to change it).
bench: $(STAMP)
	$(PY) bench/pages.py $(PAGES_BENCH_ARGS)
	$(PY) bench/search_bench.py $(BENCH_ARGS)
	$(PY) bench/insights_bench.py $(INSIGHTS_BENCH_ARGS)
	$(PY) bench/api.py

# Mutation testing (cosmic-ray through bench/mutants.py, see docs/TESTING.md): core's services,
# sync, models, querysets, images, validators and api/, search/, partners/ and every app's
# services.py and querysets.py; each mutant runs only the tests that ran the mutated line.
# Writes bench/results/mutants.json. Not part of CI (tens of minutes for every module).
# MUTANTS_ARGS="core/services.py" for one module; add "--tests tests/test_workflow.py" to skip
# the coverage map while working on it.
mutants: $(STAMP)
	nice -n 10 $(PY) bench/mutants.py $(MUTANTS_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Re-extract the English sources into locale/zh_Hans (then translate every new msgid) and compile.
MESSAGE_IGNORES := --ignore=.venv --ignore=staticfiles --ignore=node_modules --ignore=test-artifacts \
	--ignore=static/vendor
messages: $(STAMP)
	$(PY) manage.py makemessages -l zh_Hans $(MESSAGE_IGNORES)
	$(PY) manage.py makemessages -l zh_Hans -d djangojs $(MESSAGE_IGNORES)
	$(PY) manage.py compilemessages --ignore=.venv

# Accessibility, HTML validity, Lighthouse and the home page's weight, measured on a served demo
# database (2,000 cases) under production settings: bench/audit.py writes bench/results/audit.json.
# Lighthouse and the Nu checker come from the npm registry (frontend/audit); needs Java and Chromium.
audit: $(STAMP) var/secret_key staticfiles/staticfiles.json
	$(PY) bench/audit.py $(AUDIT_ARGS)

# The ECharts build the insights ship (heatmap and tree only; bars and lines are server-side SVG):
# esbuild and echarts from the npm registry, output static/vendor/echarts/echarts.atlas.min.js.
echarts:
	cd frontend/echarts && npm install --no-audit --no-fund --loglevel=error && npm run build

# Bootstrap's CSS without the rules Atlas never uses: static/vendor/bootstrap/bootstrap.atlas.min.css.
# Re-run after a template, script or form uses a Bootstrap class for the first time.
css:
	cd frontend/bootstrap && npm install --no-audit --no-fund --loglevel=error && npm run build

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles .pytest_cache
