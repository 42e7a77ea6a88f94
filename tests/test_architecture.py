"""The package's shape (ARCHITECTURE.md): subpackages in layers, imports that
only go down or sideways within a subpackage, no cycles, small modules and
functions."""

import ast
from pathlib import Path

import pytest

from ocoplib.base.layout import (
    LAYERS,
    imports_of,
    kernel_modules,
    layer_of,
    modules,
    report_files,
    report_modules,
)

PACKAGE = Path(__file__).resolve().parents[1] / "ocoplib"
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80


def test_every_module_sits_in_a_layer():
    for name in modules():
        assert layer_of(name) is not None, f"{name} belongs to no layer of ocoplib.layout.LAYERS"


def test_no_import_goes_up_a_layer():
    wrong = []
    for name in modules():
        for target in imports_of(name):
            if LAYERS.index(layer_of(target)) > LAYERS.index(layer_of(name)):
                wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_no_import_cycle():
    graph = {name: set(imports_of(name)) for name in modules()}
    state: dict[str, int] = {}
    cycles = []

    def visit(node, path):
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" → ".join([*path[path.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_modules_and_functions_are_small():
    too_big = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        rel = path.relative_to(PACKAGE.parent)
        if source.count("\n") > MAX_MODULE_LINES:
            too_big.append(f"{rel}: {source.count(chr(10))} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_big.append(f"{rel}:{node.lineno} {node.name}: {length} lines")
    assert too_big == []


def test_the_kernel_runs_the_report_layers_only():
    """What the notebook imports is the report and what is under it, never the
    runs, the batch or the CLI; what makes a report adds the renderer."""
    reached = {layer_of(m) for m in kernel_modules()}
    assert {"base", "domain", "intake", "render", "report"} <= reached
    assert reached.isdisjoint({"runs", "batch", "cli"})
    making = report_modules()
    assert {"ocoplib.runs.run", "ocoplib.render.page"} <= making
    assert {layer_of(m) for m in making}.isdisjoint({"batch", "cli"})
    names = {p.relative_to(PACKAGE).as_posix() for p in report_files()}
    assert {"base/contract.yaml", "render/templates/section1.html.j2"} <= names
    assert "batch/templates/index.html.j2" not in names


@pytest.mark.parametrize("name", ["ocoplib.report", "ocoplib.report.model"])
def test_notebooks_import_report_from_its_package(name):
    import importlib

    assert importlib.import_module(name).Report.__name__ == "Report"
