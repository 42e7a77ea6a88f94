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


def _not_verifiable(path: Path, key: str | None, value, expected: str, expected_vi: str):
    return InputError(
        [Problem("error", str(path), None, None, key, value, expected, expected_vi=expected_vi)]
    )


def _record(folder: Path) -> dict:
    """results.json of ``folder``, refused (exit 2, naming what is wrong) when
    it is missing, not JSON, or without the provenance a run is made from."""
    path = folder / RESULTS
    if not path.is_file():
        raise _not_verifiable(
            folder,
            None,
            None,
            "an output folder of `ocop report` holding results.json",
            "một thư mục kết quả của `ocop report` có tệp results.json",
        )
    try:
        record = read_json(path)
    except (UnicodeDecodeError, ValueError) as exc:
        raise _not_verifiable(
            path,
            None,
            str(exc)[:200],
            "the results.json that `ocop report` wrote (this file is not JSON)",
            "tệp results.json do `ocop report` ghi (tệp này không phải JSON)",
        ) from None
    key, value = _shape_fault(record)
    if key is not None:
        raise _not_verifiable(
            path,
            key,
            value,
            "a provenance with the run's parameters (province, year, scope, as_of) "
            "and its inputs (each a path and a sha256), the first the workbook",
            "phần provenance có các tham số của lần chạy (province, year, scope, as_of) "
            "và danh sách đầu vào (mỗi mục có path và sha256), mục đầu là sổ dữ liệu",
        )
    return record


def _shape_fault(record) -> tuple[str | None, object]:
    """The first key of ``record`` that ``verify`` cannot use, and its value."""
    provenance = record.get("provenance") if isinstance(record, dict) else None
    if not isinstance(provenance, dict):
        return "provenance", _short(provenance)
    p = provenance.get("parameters")
    if not isinstance(p, dict):
        return "provenance.parameters", _short(p)
    for name, kinds in (("province", str), ("year", int), ("scope", str), ("as_of", str | None)):
        value = p.get(name)
        if not isinstance(value, kinds) or isinstance(value, bool):
            return f"provenance.parameters.{name}", _short(value)
    for name, kinds in (("packages", dict | None), ("git_commit", str | None)):
        if not isinstance(provenance.get(name), kinds):
            return f"provenance.{name}", _short(provenance.get(name))
    inputs = provenance.get("inputs")
    if not isinstance(inputs, list) or not inputs:
        return "provenance.inputs", _short(inputs)
    for i, item in enumerate(inputs):
        if not (
            isinstance(item, dict)
            and isinstance(item.get("path"), str)
            and isinstance(item.get("sha256"), str)
        ):
            return f"provenance.inputs[{i}]", _short(item)
    if len(Path(inputs[0]["path"]).parts) < 2:
        return "provenance.inputs[0].path", inputs[0]["path"]
    return None, None


def _short(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:79] + "…"


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
            as_of=p.get("as_of"),
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
