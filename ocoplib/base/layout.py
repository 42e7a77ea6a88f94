"""The package's layers, declared once (see ARCHITECTURE.md), and its import
graph read from the source. The architecture tests check the graph against
the layers; the batch's cache fingerprints the files that a report's kernel
runs, found by following the imports of the notebooks."""

from __future__ import annotations

import ast
import json
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
#: Bottom to top: a module imports from its own layer and the layers below.
LAYERS = ("base", "domain", "intake", "render", "report", "runs", "batch", "cli")
#: The module that turns an executed notebook into the report's HTML and PDF,
#: outside the kernel: what it runs makes the report as much as the kernel does.
RENDERER = "ocoplib.runs.run"


def layer_of(module: str) -> str | None:
    """The layer of ``ocoplib.<layer>[.…]``; the package itself is base."""
    parts = module.split(".")
    if parts[0] != "ocoplib":
        return None
    if len(parts) == 1:
        return "base"
    return parts[1] if parts[1] in LAYERS else None


def _path(module: str) -> Path | None:
    parts = module.split(".")[1:]
    if not parts:
        return PACKAGE / "__init__.py"
    rel = Path(*parts)
    for candidate in (PACKAGE / rel / "__init__.py", PACKAGE / rel.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


@cache
def modules() -> tuple[str, ...]:
    """Every module of the package, by dotted name."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
        names.append(".".join(parts))
    return tuple(names)


def _imported(tree: ast.AST, here: str) -> set[str]:
    known = set(modules())
    found = set()
    for node in ast.walk(tree):  # imports inside functions count too
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # ``from ocoplib.x import y`` imports the module ocoplib.x.y when
            # there is one, else names of ocoplib.x.
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in known else node.module)
    return {name for name in found & known if name != here}


@cache
def imports_of(module: str) -> tuple[str, ...]:
    """The package's modules that ``module`` imports, anywhere in its source
    (``from ocoplib.x import y`` counts ``ocoplib.x`` and, when ``y`` is a
    module, ``ocoplib.x.y``)."""
    path = _path(module)
    if path is None:
        return ()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return tuple(sorted(_imported(tree, module)))


def _closure(roots: set[str]) -> set[str]:
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen or name not in modules():
            continue
        seen.add(name)
        # Importing a submodule runs its parents' __init__ first.
        parts = name.split(".")
        todo += [".".join(parts[:i]) for i in range(1, len(parts))]
        todo += imports_of(name)
    return seen


def notebook_imports(notebook: Path) -> set[str]:
    """The package's modules that a notebook's code cells import."""
    cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
    found: set[str] = set()
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", []))
        try:
            tree = ast.parse(source)
        except SyntaxError:  # IPython magics: nothing this reader can follow
            continue
        found |= _imported(tree, "")
    return found


def kernel_modules(notebooks: list[Path] | None = None) -> set[str]:
    """The modules a report's kernel runs: what the notebooks import, and
    everything that imports in turn."""
    if notebooks is None:
        notebooks = sorted((PACKAGE.parent / "notebooks").glob("*.ipynb"))
    roots: set[str] = set()
    for notebook in notebooks:
        roots |= notebook_imports(notebook)
    return _closure(roots or {"ocoplib.report"})


def report_modules(notebooks: list[Path] | None = None) -> set[str]:
    """The modules that make a report: the kernel's and the renderer's."""
    return kernel_modules(notebooks) | _closure({RENDERER})


_NOT_DATA = (".py", ".pyc", ".mo")


def report_files(notebooks: list[Path] | None = None) -> list[Path]:
    """The files that make a report: the source of every module of
    :func:`report_modules` and the data files (contract, templates, styles)
    of their folders."""
    files = {_path(m) for m in report_modules(notebooks)} - {None}
    folders = {p.parent for p in files if p.parent != PACKAGE}
    for folder in folders:
        files |= {
            p
            for p in folder.rglob("*")
            # A compiled catalog (.mo) is made from its .po, which counts.
            if p.is_file() and p.suffix not in _NOT_DATA and "__pycache__" not in p.parts
        }
    return sorted(files)
