# make run   creates .venv, builds and validates the graph into dist/, answers every saved
#            query into dist/queries/, and shows what it did
# make test  creates .venv, runs the linters and the whole test suite
# make test-fast  the tests without the slow, browser and Java ones: under a minute (tests/README.md)
# make lint  ruff check, ruff format --check, and the import layers (lint-imports, docs/architecture.md)
# make soak  200 builds, validations and queries killed at random moments: no damage, no stray
#            file or process (tests/end_to_end/soak.py); writes its table into docs/reliability.md
# make load  32 clients for 60 s on aizones serve (saved queries, pages): no error, memory bounded,
#            p50/p99; writes its figures into docs/serving.md (benchmarks/serve_load.py)
# make bench the benchmark at 10k, 100k and 1M triples into benchmarks/results.md
#            (BENCH_FLAGS=--skip-1m leaves out the 1M run)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test test-fast lint format clean bench soak load

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "aizones needs Python 3.11 or newer; set PYTHON=python3.11 (or newer)")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/aizones build --out dist
	$(BIN)/aizones stats
	$(BIN)/aizones query --all --format csv
	@echo "aizones is $(BIN)/aizones; 'source $(BIN)/activate' puts it on this shell's PATH for the README's examples"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports --no-cache

# One test module to a worker, as many workers as cores (TEST_WORKERS=0 runs it in one process).
TEST_WORKERS ?= auto

test: lint
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow and not browser and not java"

soak: $(STAMP)
	$(BIN)/python -m tests.end_to_end.soak --kills 200 --doc

load: $(STAMP)
	$(BIN)/python benchmarks/serve_load.py --seconds 60 --clients 32 --doc docs/serving.md

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH_FLAGS)

format: $(STAMP)
	$(BIN)/ruff check --fix src tests
	$(BIN)/ruff format src tests

clean:
	rm -rf dist dist.store dist.rejected .dist.staging-* .pytest_cache .ruff_cache
