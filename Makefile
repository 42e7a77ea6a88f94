# Two commands on a fresh clone: `make report` and `make test`. Both create
# .venv from the pinned versions in requirements.lock when it is missing or
# out of date, install ocoplib into it and register its Jupyter kernel.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup report test lab lint lock clean-venv bench catalog

PO     := ocoplib/base/locale/vi/LC_MESSAGES/ocop.po
MO     := $(PO:.po=.mo)

setup: $(STAMP) $(MO)

# One line per step: a first setup takes minutes, and says what it is doing.
$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || { echo "setup: creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	@echo "setup: installing the pinned packages of requirements.lock (a few minutes the first time)"
	@$(BIN)/python -m pip install --quiet --requirement requirements.lock
	@echo "setup: installing ocoplib into $(VENV)"
	@$(BIN)/python -m pip install --quiet --no-deps --editable .
	@echo "setup: registering the notebooks' Jupyter kernel"
	@$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (ocop)" >/dev/null
	@echo "setup: checking the fonts the report needs"
	@bash tools/ensure_fonts.sh
	@touch $(STAMP)
	@echo "setup: done"

# The Vietnamese catalog of the console's messages, compiled from its .po.
$(MO): $(PO) $(STAMP)
	@echo "setup: compiling the Vietnamese message catalog"
	@$(BIN)/python tools/catalog.py compile

## Render the bundled sample (Quảng Ngãi, 2024) into outputs/quang-ngai/2024/tinh/
report: setup
	$(BIN)/ocop report

## Run the whole test suite (lint included)
test: setup
	$(BIN)/ruff check ocoplib tests tools notebooks benchmarks
	$(BIN)/pytest

## JupyterLab on the repository, opening notebooks/report.ipynb; saves of notebooks/ stay
## without outputs (ocop lab; arguments for JupyterLab in LAB_ARGS="--no-browser --port=8899")
lab: setup
	$(BIN)/ocop lab $(LAB_ARGS)

lint: setup
	$(BIN)/ruff check ocoplib tests tools notebooks benchmarks

## Re-resolve requirements.lock from pyproject.toml and regenerate environment.yml
lock: setup
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 \
	    --no-header --annotation-style line --output-file requirements.lock
	$(BIN)/python tools/environment_yml.py > environment.yml

## Add the messages marked _() in ocoplib (and click's) to the catalog; list those without Vietnamese
catalog: setup
	$(BIN)/python tools/catalog.py update
	$(BIN)/python tools/catalog.py check

clean-venv:
	rm -rf $(VENV)

## Benchmark ocop batch against a command-line loop, and on a national-scale workbook
bench: setup
	$(BIN)/python benchmarks/batch.py
