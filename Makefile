# The two commands of the README: `make run` and `make test`. Everything else here serves them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
# The port of `make run`'s site.
PORT ?= 8000
# The quick start is a development site; production sets its own environment (see README).
DEV_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-1}
TEST_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-test-only-secret-key-not-for-production-use-0123456789}

.PHONY: run test test-packages install lint format lock messages db-stop clean

$(BIN)/.installed: requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	touch $@

install: $(BIN)/.installed

run: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py seed_demo
	$(DEV_ENV) exec $(BIN)/python -m popsote.devserver --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# First, so that a machine without Chromium or gettext hears it in the first second.
test: test-packages lint
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# Debian's Chromium, its driver and gettext, installed when missing (as root or with sudo -n).
test-packages:
	scripts/test-packages

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the lock after changing pyproject.toml.
lock: install
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--generate-hashes --quiet -o requirements.lock

# Refresh the catalogues after changing translatable text; the .mo files are committed so that
# a fresh machine needs no gettext.
messages: install
	$(DEV_ENV) $(BIN)/python manage.py makemessages -l fi -l sv --no-obsolete --no-location --ignore="tests/*"
	$(DEV_ENV) $(BIN)/python manage.py compilemessages -l fi -l sv --ignore=.venv

db-stop:
	$(BIN)/python -m popsote.devdb stop

clean: db-stop
	rm -rf $(VENV) .devdata staticfiles
