# Samhällshubben. `make run` starts the hub with demo data; `make test` runs every test.
# Both create the virtual environment in .venv on first use, from the pinned lock file.

VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
export DJANGO_SETTINGS_MODULE ?= hub.settings.dev
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test install lint typecheck contracts messages vendor clean

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
	@# The task worker (email, exports, reminders) runs beside Daphne and stops with it.
	@trap 'kill 0' EXIT INT TERM; \
	$(PY) manage.py worker --queue-name default,email & \
	$(PY) -m daphne -b $(HOST) -p $(PORT) --websocket_connect_timeout 30 hub.asgi:application

test: install
	DJANGO_SETTINGS_MODULE=hub.settings.test $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	$(VENV)/bin/mypy .

contracts: install
	$(VENV)/bin/lint-imports --no-cache

messages: install
	$(PY) manage.py makemessages --locale en --no-obsolete --ignore "$(VENV)/*" --ignore "tests/*"
	$(PY) manage.py makemessages --locale en -d djangojs --no-obsolete --ignore "$(VENV)/*" --ignore "frontend/static/vendor/*"
	$(PY) manage.py compilemessages --ignore "$(VENV)/*"

vendor:
	cd frontend && npm install --no-audit --no-fund && node vendor.mjs

clean:
	rm -rf $(VENV) .data .pytest_cache .mypy_cache .ruff_cache

# Re-pin requirements/*.txt to the newest versions pyproject.toml allows (needs network).
# Resolves in a throw-away virtual environment and replaces both files only when all went
# well; review the diff, then run `make test`.
LOCK_VENV := .lock-venv
LOCK_DIR ?= requirements
.PHONY: lock
lock:
	rm -rf $(LOCK_VENV)
	@python=$$(scripts/find-python) && "$$python" -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --upgrade "pip>=25.1"
	$(LOCK_VENV)/bin/python -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))' > $(LOCK_VENV)/runtime.in
	$(LOCK_VENV)/bin/python -m pip install --quiet -r $(LOCK_VENV)/runtime.in
	{ echo "# Runtime dependencies, pinned. Regenerate: see docs/development.md (make lock)."; \
	  $(LOCK_VENV)/bin/python -m pip freeze --exclude pip; } > $(LOCK_VENV)/base.txt
	$(LOCK_VENV)/bin/python -m pip install --quiet --group dev
	{ echo "# Development and test dependencies, pinned, on top of the runtime ones."; \
	  echo "-r base.txt"; \
	  $(LOCK_VENV)/bin/python -m pip freeze --exclude pip | grep -vxF -f $(LOCK_VENV)/base.txt; } \
	  > $(LOCK_VENV)/dev.txt
	mv $(LOCK_VENV)/base.txt $(LOCK_VENV)/dev.txt $(LOCK_DIR)/
	rm -rf $(LOCK_VENV)
	@echo "Pinned: $(LOCK_DIR)/base.txt, $(LOCK_DIR)/dev.txt"
