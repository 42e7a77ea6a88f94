# Two commands on a fresh clone: `make report` and `make test`. Both create
# .venv from the pinned versions in requirements.lock when it is missing or
# out of date, install ocoplib into it and register its Jupyter kernel.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup report test lab lint lock clean-venv bench

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --requirement requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (ocop)" >/dev/null
	@bash tools/ensure_fonts.sh
	@touch $(STAMP)

## Render the bundled sample (Quảng Ngãi, 2024) into outputs/quang-ngai/2024/tinh/
report: setup
	$(BIN)/ocop report

## Run the whole test suite (lint included)
test: setup
	$(BIN)/ruff check ocoplib tests tools notebooks benchmarks
	$(BIN)/pytest

## Open JupyterLab on the notebooks
lab: setup
	$(BIN)/jupyter lab notebooks/

lint: setup
	$(BIN)/ruff check ocoplib tests tools notebooks benchmarks

## Re-resolve requirements.lock from pyproject.toml and regenerate environment.yml
lock: setup
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 \
	    --no-header --annotation-style line --output-file requirements.lock
	$(BIN)/python tools/environment_yml.py > environment.yml

clean-venv:
	rm -rf $(VENV)

## Benchmark ocop batch against a command-line loop, and on a national-scale workbook
bench: setup
	$(BIN)/python benchmarks/batch.py
