"""Notebook hygiene: thin notebooks with one parameters cell, no logic, no outputs."""

import ast

import nbformat
import papermill
import pytest
from conftest import ROOT

from ocoplib.base.params import ReportParams

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert ROOT / "notebooks" / "report.ipynb" in NOTEBOOKS


#: What ``ocop`` injects into a report.
INJECTED = set(ReportParams().notebook_parameters("tinh", None))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_one_parameters_cell_with_literal_defaults_and_help(path):
    nb = nbformat.read(path, as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    tree = ast.parse(params[0].source)
    assert all(isinstance(node, ast.Assign) for node in tree.body)
    found = papermill.inspect_notebook(str(path))
    assert set(found) == INJECTED
    for name, param in found.items():
        ast.literal_eval(param["default"])  # raises unless the default is a plain literal
        assert param["help"].strip(), f"{path.name}: parameter {name} has no help comment"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_definitions_or_error_swallowing(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            assert not isinstance(node, ast.FunctionDef | ast.ClassDef | ast.Try | ast.Lambda), (
                f"{path.name}: logic belongs in ocoplib, not in a notebook cell"
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None
