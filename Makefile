# Two commands on a fresh machine: `make demo` and `make test`.
# Each creates .venv/ when it is missing or older than pyproject.toml, installing
# storyweave with every extra and model it needs (all from PyPI).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench fuzz lint clean-venv browser-deps install-check

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[eval,scale,web,dev,train]"
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/storyweave brief examples/aleppo-2016/

test: $(STAMP) browser-deps
	$(BIN)/python -m pytest -q

# Debian's Chromium for the browser tests (never `playwright install`: it downloads).
browser-deps:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ]; then \
		(apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null) \
		|| echo "warning: chromium could not be installed; browser tests will be skipped"; \
	fi

bench: $(STAMP)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# The long fuzz run (10^5 damaged inputs through the readers and the cleaner, niced):
# prints inputs tried, tracebacks, hangs and the slowest input per reader. The short
# fuzz tests (tests/test_fuzz_*.py, under a minute here) run in `make test`.
fuzz: $(STAMP)
	nice -n 10 $(BIN)/python benchmarks/bench_fuzz.py $(if $(N),--n $(N))

# The wheel without extras in a fresh venv runs brief and facts; then each extra.
install-check:
	bash tools/check_install.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

clean-venv:
	rm -rf $(VENV)
