# hpdata: two commands from a fresh clone, `make report` and `make test`.
# Each bootstraps .venv from requirements.lock (made with `uv pip compile`) on first use and skips the
# install when the lock and pyproject.toml have not changed (the stamp file is named after their hash).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
LOCK_HASH := $(shell cat requirements.lock pyproject.toml | sha256sum | cut -c1-16)
STAMP := $(VENV)/.installed-$(LOCK_HASH)
export MPLBACKEND := Agg
# Byte-compiled modules make every start-up fast: the install compiles the dependencies once
# (uv --compile-bytecode), and Python may cache hpdata's own modules in __pycache__ (ignored by git),
# even where the environment sets PYTHONDONTWRITEBYTECODE.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: report test lint format bench lab validate lock clean strip

PACKAGES = $(shell grep -c '^[A-Za-z0-9]' requirements.lock)

# One line per step, so a first run shows where it is (the package list itself stays quiet).
$(STAMP): requirements.lock pyproject.toml
	@echo "== installing into $(VENV), once per lock (the first run downloads the packages)"
	@echo "== 1/5 creating $(VENV)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "== 2/5 installing uv $(UV_VERSION)"
	@$(BIN)/python -m pip install -q --disable-pip-version-check uv==$(UV_VERSION)
	@echo "== 3/5 installing the $(PACKAGES) pinned packages of requirements.lock"
	@$(BIN)/uv pip sync -q --compile-bytecode --python $(BIN)/python requirements.lock
	@echo "== 4/5 installing hpdata itself (editable)"
	@$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	@echo "== 5/5 compiling hpdata and registering the Jupyter kernel"
	@$(BIN)/python -m compileall -q hpdata >/dev/null
	@$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (hpdata)" >/dev/null
	@echo "== installed; later runs skip this until requirements.lock or pyproject.toml change"
	@rm -f $(VENV)/.installed-*
	@touch $@

## The main job: execute every notebook for every parameter set and write reports/index.html.
## (RENDER_ARGS: extra options of hpdata render, e.g. RENDER_ARGS="--only 'overview.*'".)
report: $(STAMP)
	$(BIN)/hpdata render $(RENDER_ARGS)

## Lint, format check and the whole test suite with coverage of hpdata/.
test: $(STAMP)
	$(BIN)/ruff check hpdata tests
	$(BIN)/ruff format --check hpdata tests
	$(BIN)/python -m pytest --cov=hpdata --cov-report=term --cov-fail-under=90 --durations=15

lint: $(STAMP)
	$(BIN)/ruff check hpdata tests
	$(BIN)/ruff format --check hpdata tests

format: $(STAMP)
	$(BIN)/ruff format hpdata tests
	$(BIN)/ruff check --fix hpdata tests

validate: $(STAMP)
	$(BIN)/hpdata validate

## Speed figures, printed side by side in one run (never asserted in a test).
## (BENCH_ARGS: options of python -m hpdata.bench, e.g. BENCH_ARGS="--only 'overview.*'".)
bench: $(STAMP)
	$(BIN)/python -m hpdata.bench $(BENCH_ARGS)

## JupyterLab at the repository root (notebooks/ and reports/notebooks/ alike) with the project's kernel.
## (Jupyter refuses to run as root without --allow-root, so it is added only for root, as in CI.)
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=$(CURDIR) $(if $(filter 0,$(shell id -u)),--allow-root)

## Strip outputs and execution counts from the committed notebooks.
strip: $(STAMP)
	$(BIN)/nbstripout notebooks/*.ipynb

## Re-pin dependencies (needs uv): edit pyproject.toml, then run this and commit requirements.lock.
lock:
	uv pip compile pyproject.toml --extra dev -o requirements.lock --python-version 3.11

clean:
	rm -rf $(VENV) reports .pytest_cache .coverage
