# The two commands: `make run` and `make test`. Everything else is set up by them.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test typecheck install chromium bench bench-load clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Browser tests use Debian's Chromium (browsers cannot be downloaded by Playwright here).
chromium:
	@test -x $(CHROMIUM) || (apt-get install -y chromium >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y chromium >/dev/null)) || echo "warning: could not install chromium; browser tests will fail"

run: $(STAMP)
	mkdir -p var
	$(BIN)/salyk db upgrade
	$(BIN)/salyk demo
	# The outbox worker runs beside the server and stops with it.
	$(BIN)/salyk worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; $(BIN)/salyk serve --host 127.0.0.1 --port 8000

test: $(STAMP) chromium
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# mypy, configured in pyproject.toml: all of salyk/, strict for the pure rules (salyk/law) and the kernel.
typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench
	SALYK_SLOW=1 $(BIN)/python -m pytest -p no:xdist -m slow tests

# Deadline day under Locust (issue 16): server on PostgreSQL, Locust headless, report in bench/.
bench-load: $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python -m bench.deadline_day $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var tests/artifacts
