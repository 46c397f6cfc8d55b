# Two commands matter: `make run` and `make test`. Both install everything they need into .venv.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint format messages migrations-check e2e bench soak clean observatory lighthouse

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[test,lint]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo ""
	@echo "  Site:  http://$(HOST):$(PORT)/   (English /en/, Gujarati /gu/, Hindi /hi/)"
	@echo "  Admin: http://$(HOST):$(PORT)/admin/  - create your login first with:"
	@echo "         $(BIN)/python manage.py createsuperuser"
	@echo "         $(BIN)/python manage.py reset_two_factor <your username> --print-link"
	@echo "         then open the printed link to choose your password and set up your app"
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The suite runs in parallel, one worker per core (pytest-xdist); the browser tests share one
# Chromium and run one after the other in one worker (tests/conftest.py). TEST_WORKERS=0 runs
# everything in this process.
TEST_WORKERS ?= auto
test: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# lint-imports checks the apps' layers (pyproject.toml [tool.importlinter]); ruff's C90 their
# functions' complexity.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/djlint templates --lint
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the gettext catalogues after changing interface strings (needs GNU gettext).
messages: install
	$(BIN)/python manage.py makemessages -l gu -l hi --ignore=.venv --ignore=static_collected --ignore=.test-media --ignore=tests
	$(BIN)/python manage.py compilemessages --ignore=.venv

bench: install
	$(BIN)/python -m pytest tests/bench -s -p no:cacheprovider

# Ten minutes of readers on every kind of page through gunicorn, an editor publishing and a
# leader withdrawing a story meanwhile; prints errors, the withdrawal's delay and memory per
# worker (SOAK_SECONDS=60 for a short run). Needs wrk (Debian package).
soak: install
	RUN_BENCHMARKS=1 $(BIN)/python -m pytest tests/soak -s -p no:cacheprovider

# MDN HTTP Observatory against the production settings served over HTTPS on localhost; prints
# the grade and score. Downloads the scanner from npm into .observatory/ (not part of .ci/run).
observatory: install
	$(BIN)/python tools/observatory/scan.py

# Lighthouse (mobile) on a page of every public type, demo content in a throwaway database; fails
# on an accessibility, best-practice or SEO audit not known to be unpassable. Installs the pinned
# lighthouse from npm into .lighthouse/ (not part of .ci/run; about 7 minutes).
lighthouse: install
	$(BIN)/python tools/lighthouse/audit.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .test-media static_collected
