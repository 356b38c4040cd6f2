# Samhällshubben. `make run` starts the hub with demo data; `make test` runs every test.
# Both create the virtual environment in .venv on first use, from the pinned lock file.

VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
export DJANGO_SETTINGS_MODULE ?= hub.settings.dev
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test install lint typecheck messages vendor clean

$(VENV)/.installed: requirements/dev.txt requirements/base.txt
	@python=$$(scripts/find-python) && echo "Using $$python" && "$$python" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=25.1"
	$(PY) -m pip install --quiet -r requirements/dev.txt
	@touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_data --if-empty
	@echo "Samhällshubben: http://$(HOST):$(PORT)/  (demo accounts: see README)"
	$(PY) -m daphne -b $(HOST) -p $(PORT) hub.asgi:application

test: install
	DJANGO_SETTINGS_MODULE=hub.settings.test $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	$(VENV)/bin/mypy .

messages: install
	$(PY) manage.py makemessages --locale en --no-obsolete --ignore "$(VENV)/*" --ignore "tests/*"
	$(PY) manage.py makemessages --locale en -d djangojs --no-obsolete --ignore "$(VENV)/*" --ignore "frontend/static/vendor/*"
	$(PY) manage.py compilemessages --ignore "$(VENV)/*"

vendor:
	cd frontend && npm install --no-audit --no-fund && node vendor.mjs

clean:
	rm -rf $(VENV) .data .pytest_cache .mypy_cache .ruff_cache
