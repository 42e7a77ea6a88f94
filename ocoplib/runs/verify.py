"""``ocop verify PATH``: make a rendered report again from the provenance in
its results.json and say whether every file matches, and if not, which and why
(inputs changed, environment changed, code changed)."""

from __future__ import annotations

import json
import platform
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ocoplib.base import formats
from ocoplib.base.files import sha256_of
from ocoplib.base.formats import NOTEBOOK, RESULTS, files_of
from ocoplib.base.params import parse_params
from ocoplib.base.problems import InputError, Problem
from ocoplib.report.provenance import KEY_PACKAGES, _version, git_state, ocoplib_version
from ocoplib.report.results import read_json
from ocoplib.runs.run import run_report

#: Papermill's and nbclient's records of when cells ran: they differ every run.
TIMING_KEYS = ("papermill", "execution")


@dataclass
class Verdict:
    folder: Path
    matching: list[str] = field(default_factory=list)
    differing: list[str] = field(default_factory=list)
    causes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differing

    def lines(self) -> list[str]:
        out = [
            f"{name}: {'same content apart from timings' if name == NOTEBOOK else 'same bytes'}"
            for name in self.matching
        ]
        out += [f"{name}: DIFFERS" for name in self.differing]
        if self.differing:
            out += ["why:"] + [
                f"  - {c}"
                for c in self.causes
                or [
                    "no recorded input, "
                    "environment or code change explains it (a non-deterministic output)"
                ]
            ]
        elif self.causes:
            out += ["note (the files match all the same):"] + [f"  - {c}" for c in self.causes]
        return out


def _record(folder: Path) -> dict:
    path = folder / RESULTS
    if not path.exists():
        raise InputError(
            [
                Problem(
                    "error",
                    str(folder),
                    None,
                    None,
                    None,
                    None,
                    "an output folder of `ocop report` holding results.json",
                )
            ]
        )
    return read_json(path)


def changes(provenance: dict, root: Path) -> list[str]:
    """What differs now from the record: inputs, environment, code."""
    out = []
    for item in provenance.get("inputs", []):
        path = root / item["path"]
        if not path.exists():
            out.append(f"input changed: {item['path']} is missing")
        elif sha256_of(path) != item["sha256"]:
            out.append(
                f"input changed: {item['path']} (sha256 {item['sha256'][:12]}… is now "
                f"{sha256_of(path)[:12]}…)"
            )
    if provenance.get("python") != platform.python_version():
        out.append(
            f"environment changed: Python {provenance.get('python')} → {platform.python_version()}"
        )
    recorded = provenance.get("packages", {})
    for name in KEY_PACKAGES:
        if recorded.get(name) != _version(name):
            out.append(f"environment changed: {name} {recorded.get(name)} → {_version(name)}")
    if provenance.get("ocoplib_version") != ocoplib_version():
        out.append(
            f"code changed: ocoplib {provenance.get('ocoplib_version')} → {ocoplib_version()}"
        )
    commit, dirty = git_state()
    if provenance.get("git_commit") and commit and provenance["git_commit"] != commit:
        out.append(f"code changed: git commit {provenance['git_commit'][:12]} → {commit[:12]}")
    if provenance.get("git_dirty") is False and dirty:
        out.append("code changed: the checkout has uncommitted changes")
    return out


def _notebook_core(path: Path) -> dict:
    """The executed notebook without timing records and run-specific paths."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for key in TIMING_KEYS:
        nb.get("metadata", {}).pop(key, None)
    for cell in nb.get("cells", []):
        for key in TIMING_KEYS:
            cell.get("metadata", {}).pop(key, None)
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell.pop("id", None)
            source = "".join(cell.get("source", []))
            cell["source"] = [
                line
                for line in source.splitlines()
                if not line.startswith(("output_dir", "workbook"))
            ]
    return nb


def same(a: Path, b: Path) -> bool:
    if a.name == NOTEBOOK:
        return _notebook_core(a) == _notebook_core(b)
    return a.read_bytes() == b.read_bytes()


def verify(folder: Path, root: Path | None = None, say: Callable[[str], None] = print) -> Verdict:
    """Re-run the report recorded in ``folder`` (paths relative to ``root``,
    the project folder, by default the current one) and compare every file."""
    folder = Path(folder)
    root = Path(root or Path.cwd())
    record = _record(folder)
    provenance = record["provenance"]
    p = provenance["parameters"]
    first = Path(provenance["inputs"][0]["path"])  # data/<province>/ocop.xlsx
    made = [f.key for f in formats.present(folder)]
    verdict = Verdict(folder=folder, causes=changes(provenance, root))
    with tempfile.TemporaryDirectory(prefix="ocop-verify-") as tmp:
        params = parse_params(
            province=p["province"],
            year=p["year"],
            scope=p["scope"],
            as_of=p["as_of"],
            data_dir=root / first.parents[1],
            output_dir=Path(tmp),
            formats=",".join(made),
        )
        say(f"making {folder} again in {tmp}")
        again = run_report(params, say=say)
        names = files_of(made)
        for name in names:
            if (
                (folder / name).exists()
                and (again / name).exists()
                and same(folder / name, again / name)
            ):
                verdict.matching.append(name)
            else:
                verdict.differing.append(name)
    return verdict
