# Liandong — two commands do everything: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
LD := $(VENV)/bin/liandong
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
ADDR ?= 127.0.0.1:8000
export LIANDONG_LOG_LEVEL ?= WARNING

.PHONY: demo test bench lint install system-deps messages static test-sqlite test-postgres clean

# ---- install -------------------------------------------------------------------------------------
$(STAMP): pyproject.toml requirements/constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -c requirements/constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) messages

# Debian packages: gettext (compile translations); for tests Chromium and CJK fonts (browser tests).
system-deps:
	@missing=""; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	if [ "$(WITH_BROWSER)" = "1" ]; then \
	  command -v chromium >/dev/null || missing="$$missing chromium"; \
	  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing="$$missing fonts-noto-cjk"; \
	fi; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

messages: $(STAMP) system-deps
	cd src/liandong && ../../$(LD) compilemessages --ignore '.venv' -v 0

static: install
	$(LD) collectstatic --noinput -v 0

# ---- demo ----------------------------------------------------------------------------------------
demo: static
	$(LD) migrate --noinput -v 0
	$(LD) demo --addr $(ADDR)

# ---- quality -------------------------------------------------------------------------------------
lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/lint-imports pyproject.toml
	LIANDONG_DEBUG=1 $(LD) makemigrations --check --dry-run -v 0

test: WITH_BROWSER=1
test: system-deps install lint test-sqlite test-postgres

test-sqlite: install
	LIANDONG_DEBUG=1 $(VENV)/bin/pytest

# Runs the whole suite again on PostgreSQL when a server answers (README.md, "Two commands").
test-postgres: install
	@if $(PY) -c "import psycopg,sys; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "PostgreSQL answers at $(PG_URL): running the suite on it"; \
	  DATABASE_URL=$(PG_URL) LIANDONG_DEBUG=1 $(VENV)/bin/pytest -m "not browser"; \
	else echo "no PostgreSQL at $(PG_URL): skipped"; fi

# ---- benchmarks ----------------------------------------------------------------------------------
bench: install
	@mkdir -p var/bench
	@for b in bench/[!_]*.py; do echo "== $$b" >&2; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) var/static build *.egg-info
