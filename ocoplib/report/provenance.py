"""Where a report came from: code version, git commit, parameters, input
files with their sha256, Python and key package versions."""

from __future__ import annotations

import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from ocoplib.base.files import sha256_of

if TYPE_CHECKING:
    from ocoplib.report.facts import Facts

KEY_PACKAGES = (
    "babel",
    "jinja2",
    "matplotlib",
    "nbconvert",
    "openpyxl",
    "pandas",
    "papermill",
    "weasyprint",
)


def ocoplib_version() -> str:
    try:
        return metadata.version("ocoplib")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def git_state(where: Path | None = None) -> tuple[str | None, bool | None]:
    """(commit, dirty) of the checkout holding the package, or (None, None)."""
    where = where or Path(__file__).resolve().parent
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=where,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=where,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
        return commit, bool(status.strip())
    except (OSError, subprocess.SubprocessError):
        return None, None


def _relative(path: Path, data_dir: Path) -> str:
    """The input's path as the project writes it: ``data/quang-ngai/ocop.xlsx``."""
    try:
        return str(Path(data_dir.name) / path.resolve().relative_to(data_dir.resolve()))
    except ValueError:
        return str(path)


def provenance(facts: Facts) -> dict:
    params = facts.params
    inputs = [facts.workbook.path]
    if facts.text.path is not None:
        inputs.append(facts.text.path)
    commit, dirty = git_state()
    return {
        "ocoplib_version": ocoplib_version(),
        "git_commit": commit,
        "git_dirty": dirty,
        "parameters": {
            "province": params.province,
            "year": params.year,
            "scope": facts.scope.slug,
            # as given to the run (None: the as_of of bao_cao.md); results.json
            # carries the date in effect at its top level
            "as_of": params.as_of.isoformat() if params.as_of else None,
        },
        "inputs": [{"path": _relative(p, params.data_dir), "sha256": sha256_of(p)} for p in inputs],
        "python": platform.python_version(),
        "packages": {name: _version(name) for name in KEY_PACKAGES},
    }


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None
