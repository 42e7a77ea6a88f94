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
from ocoplib.base.i18n import gettext as _
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
        same_notebook, same_bytes = _("same content apart from timings"), _("same bytes")
        out = [
            f"{name}: {same_notebook if name == NOTEBOOK else same_bytes}" for name in self.matching
        ]
        out += [_("{name}: DIFFERS").format(name=name) for name in self.differing]
        unexplained = _(
            "no recorded input, environment or code change explains it (a non-deterministic output)"
        )
        if self.differing:
            out += [_("why:")] + [f"  - {c}" for c in self.causes or [unexplained]]
        elif self.causes:
            out += [_("note (the files match all the same):")]
            out += [f"  - {c}" for c in self.causes]
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
                    expected_vi="một thư mục kết quả của `ocop report` có tệp results.json",
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
            out.append(_("input changed: {path} is missing").format(path=item["path"]))
        elif sha256_of(path) != item["sha256"]:
            out.append(
                _("input changed: {path} (sha256 {before}… is now {now}…)").format(
                    path=item["path"], before=item["sha256"][:12], now=sha256_of(path)[:12]
                )
            )
    env = _("environment changed: {name} {before} → {now}")
    if provenance.get("python") != platform.python_version():
        out.append(
            env.format(
                name="Python", before=provenance.get("python"), now=platform.python_version()
            )
        )
    recorded = provenance.get("packages", {})
    for name in KEY_PACKAGES:
        if recorded.get(name) != _version(name):
            out.append(env.format(name=name, before=recorded.get(name), now=_version(name)))
    code = _("code changed: {what} {before} → {now}")
    if provenance.get("ocoplib_version") != ocoplib_version():
        before = provenance.get("ocoplib_version")
        out.append(code.format(what="ocoplib", before=before, now=ocoplib_version()))
    commit, dirty = git_state()
    if provenance.get("git_commit") and commit and provenance["git_commit"] != commit:
        before, now = provenance["git_commit"][:12], commit[:12]
        out.append(code.format(what="git commit", before=before, now=now))
    if provenance.get("git_dirty") is False and dirty:
        out.append(_("code changed: the checkout has uncommitted changes"))
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
        say(_("making {folder} again in {tmp}").format(folder=folder, tmp=tmp))
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
