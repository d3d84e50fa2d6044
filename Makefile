# Two commands: `make run` serves the app with demo data; `make test` installs what the tests
# need and runs the whole suite, on SQLite and again on a throwaway PostgreSQL server.
# `make lint` runs the guardrails CI runs first: ruff, the import contracts and mypy.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SYSTEM_PACKAGES := chromium postgresql libreoffice-writer-nogui fonts-liberation poppler-utils
SYSTEM_COMMANDS := /usr/bin/chromium /usr/lib/postgresql/15/bin/initdb /usr/bin/soffice /usr/bin/pdftotext /usr/share/fonts/truetype/liberation

.PHONY: run test test-sqlite test-postgresql lint format typecheck venv dev-venv system-packages bench clean

$(BIN)/activate: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(BIN)/activate requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(BIN)/activate
dev-venv: $(VENV)/.dev-installed

run: venv
	PIPS_ENV=development $(BIN)/flask --app webapp demo-data --if-empty
	@echo "E-mail: the outbox is at http://127.0.0.1:5000/notifications/outbox (admin@example.org). To see the mail,"
	@echo "  run a debugging SMTP server (make dev-venv first): $(BIN)/python -m aiosmtpd -n -l 127.0.0.1:1025"
	@echo "  then: MAIL_SERVER=127.0.0.1 MAIL_PORT=1025 $(BIN)/flask --app webapp send-mail"
	PIPS_ENV=development $(BIN)/flask --app webapp run --host 127.0.0.1 --port 5000

# Installs the Debian packages the tests use when any is missing (needs root, as in CI).
system-packages:
	@missing=""; for f in $(SYSTEM_COMMANDS); do [ -e $$f ] || missing=yes; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != 0 ]; then echo "Run as root, or install: $(SYSTEM_PACKAGES)" >&2; exit 1; fi; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(SYSTEM_PACKAGES); \
	fi

# The council directory the single sign-on tests run: oidc-provider on the machine's Node.js (tests/oidc/).
tests/oidc/node_modules/.installed: tests/oidc/package.json tests/oidc/package-lock.json
	cd tests/oidc && npm ci --no-audit --no-fund --silent
	touch $@

test: system-packages dev-venv tests/oidc/node_modules/.installed
	$(MAKE) test-sqlite
	$(MAKE) test-postgresql

test-sqlite:
	$(BIN)/python -m pytest

# The database-backed tests again, against a real PostgreSQL server started for the run.
test-postgresql:
	scripts/with-postgresql $(BIN)/python -m pytest tests/web tests/db -p no:cacheprovider

# The guardrails (pyproject.toml): ruff's lint and format check, the import contracts between the
# layers and areas (import-linter), and strict type checking of webapp/domain and webapp/exports.
lint: dev-venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

# Puts right what ruff can: import order, formatting.
format: dev-venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: dev-venv
	$(BIN)/mypy

# The benchmarks, on SQLite and, beside it in the same run, on a throwaway PostgreSQL server.
bench: system-packages dev-venv
	scripts/with-postgresql $(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache
