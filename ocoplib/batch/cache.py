"""What a report depends on, as fingerprints, and the decision to skip it.

A batch re-renders a report only when something it reads has changed: the
notebook, its parameters, the rows of the workbook that belong to its scope
(plus the rows every report reads: ``dia_ban``, the year's ``hoat_dong``, the
year's ``bao_cao.md`` and the load warnings that every report lists), the
ocoplib source or the installed environment. Each rendered folder keeps the
fingerprint it was made from in ``run.json``; the decision compares the two
part by part, so that the log can say what changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

import pandas as pd

from ocoplib.base import layout
from ocoplib.base.files import sha256_of
from ocoplib.base.i18n import N_
from ocoplib.base.i18n import gettext as _
from ocoplib.domain.units import Scope
from ocoplib.intake.textmarkup import IMAGE_SUFFIXES
from ocoplib.intake.workbook import Workbook

RECORD = "run.json"
RECORD_SCHEMA = "ocop-run/1"
#: What each fingerprint part means, for the log.
PARTS = {
    "parameters": N_("the parameters"),
    "notebook": N_("the notebook"),
    "ocoplib": N_("the ocoplib source"),
    "environment": N_("the installed environment (requirements.lock, packages)"),
    "san_pham": N_("rows of sheet san_pham for this scope"),
    "chu_the": N_("rows of sheet chu_the for this scope"),
    "diem_ban": N_("rows of sheet diem_ban for this scope"),
    "chi_tieu": N_("rows of sheet chi_tieu for this scope and year"),
    "dia_ban": N_("sheet dia_ban"),
    "hoat_dong": N_("rows of sheet hoat_dong for the year"),
    "warnings": N_("the load warnings of the workbook"),
    "bao_cao": N_("the year's bao_cao.md"),
    "unit_text": N_("the unit's own text (<unit-slug>.md beside bao_cao.md)"),
    "images": N_("the images of the year's folder (the report text may show them)"),
}


def _digest(*chunks: bytes | str) -> str:
    h = hashlib.sha256()
    for chunk in chunks:
        data = chunk.encode("utf-8") if isinstance(chunk, str) else chunk
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


# -- code and environment -----------------------------------------------------
@cache
def source_fingerprint(notebook: Path) -> str:
    """The package files that make a report: the modules the notebook's
    kernel imports and those that render its HTML and PDF, followed through
    the package, and the data files of their folders (contract, templates,
    style); see :mod:`ocoplib.base.layout`."""
    parts = []
    for path in layout.report_files([notebook]):
        parts += [path.relative_to(layout.PACKAGE).as_posix(), path.read_bytes()]
    return _digest(*parts)


def notebook_fingerprint(path: Path) -> str:
    """What of the notebook reaches a report: the code and the markdown that is
    not an analyst's note, with their tags. Outputs, execution counts, notes
    and the notebook's metadata do not count."""
    try:
        cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return file_fingerprint(path)
    parts = []
    for cell in cells:
        tags = sorted(cell.get("metadata", {}).get("tags", []))
        if cell.get("cell_type") == "markdown" and "note" in tags:
            continue
        source = cell.get("source", "")
        parts += [cell.get("cell_type", ""), ",".join(tags), "".join(source)]
    return _digest(*parts)


def _lock_file() -> Path | None:
    lock = layout.PACKAGE.parent / "requirements.lock"
    return lock if lock.is_file() else None


@cache
def environment_fingerprint() -> str:
    """requirements.lock (in a checkout) and the versions actually installed."""
    lock = _lock_file()
    installed = sorted(
        f"{(d.metadata['Name'] or '').lower()}=={d.version}" for d in metadata.distributions()
    )
    return _digest(lock.read_bytes() if lock else b"", "\n".join(installed))


def file_fingerprint(path: Path | None) -> str:
    return _digest(path.read_bytes()) if path is not None and path.is_file() else _digest("")


def images_fingerprint(text_path: Path | None) -> str:
    """The images of the report text's folder, which the text may embed
    (:mod:`ocoplib.intake.textmarkup`): their paths and contents."""
    if text_path is None or not text_path.parent.is_dir():
        return _digest("")
    folder = text_path.parent
    chunks = []
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() in IMAGE_SUFFIXES and path.is_file():
            st = path.stat()
            chunks += [
                path.relative_to(folder).as_posix(),
                _image_digest(path, st.st_mtime_ns, st.st_size),
            ]
    return _digest(*chunks)


@cache
def _image_digest(path: Path, mtime_ns: int, size: int) -> str:
    return file_fingerprint(path)  # once per batch for each version of an image


# -- data -------------------------------------------------------------------
class DataIndex:
    """Row fingerprints of a loaded workbook, computed once per batch, so that
    the fingerprint of one scope's rows costs a selection, not a re-hash."""

    def __init__(self, workbook: Workbook):
        self.workbook = workbook
        self.rows = {key: _row_hashes(frame) for key, frame in workbook.frames.items()}
        self.warnings = _digest("\n".join(str(p) for p in workbook.warnings))

    def _part(self, sheet: str, mask: pd.Series | None = None) -> str:
        frame = self.workbook.frames[sheet]
        hashes = (
            self.rows[sheet]
            if mask is None
            else self.rows[sheet][mask.to_numpy(dtype=bool, na_value=False)]
        )
        return _digest(",".join(frame.columns), hashes.tobytes())

    def scope_parts(self, scope: Scope, year: int) -> dict[str, str]:
        """The data parts of one report: its scope's rows and the shared inputs."""
        f = self.workbook.frames
        products, owners = f["san_pham"], f["chu_the"]
        outlets, targets = f["diem_ban"], f["chi_tieu"]
        if scope.is_province:
            masks = {"san_pham": None, "chu_the": None, "diem_ban": None}
        else:
            # A commune's report also shows its former district's figures.
            parent = scope.unit.parent_code if scope.unit is not None else None
            codes = {scope.code} | ({parent} if scope.kind == "commune" and parent else set())
            mine = products["district"].isin(codes) | products["commune"].isin(codes)
            # Every row of a product that was ever in the unit: its history
            # decides its current rating and whether it is new.
            in_products = products["product_id"].isin(set(products.loc[mine, "product_id"]))
            owner_ids = set(products.loc[in_products, "owner_id"])
            masks = {
                "san_pham": in_products,
                "chu_the": owners["owner_id"].isin(owner_ids) | owners["district"].isin(codes),
                "diem_ban": outlets["district"].isin(codes),
            }
        parts = {sheet: self._part(sheet, mask) for sheet, mask in masks.items()}
        parts["chi_tieu"] = self._part(
            "chi_tieu",
            (targets["year"] == year).fillna(False) & (targets["scope_code"] == scope.code),
        )
        parts["dia_ban"] = self._part("dia_ban")
        acts = f["hoat_dong"]
        parts["hoat_dong"] = self._part("hoat_dong", (acts["year"] == year).fillna(False))
        parts["warnings"] = self.warnings
        return parts


def _row_hashes(frame: pd.DataFrame):
    """One 64-bit hash per row, over every column but the Excel row number, so
    that rows inserted elsewhere in the sheet change nothing here."""
    data = frame.drop(columns=["excel_row"], errors="ignore")
    if data.empty:
        return pd.Series([], dtype="uint64").to_numpy()
    data = data.astype(object).where(data.notna(), None).astype(str)
    return pd.util.hash_pandas_object(data, index=False).to_numpy()


# -- the decision -------------------------------------------------------------
@dataclass(frozen=True)
class Decision:
    run: bool
    reason: str


def fingerprint(
    parameters: dict,
    notebook: Path,
    data: dict[str, str],
    text_path: Path | None,
    unit_text_path: Path | None = None,
) -> dict[str, str]:
    """Every part that decides whether a report must be rendered again."""
    return {
        "parameters": _digest(json.dumps(parameters, sort_keys=True, default=str)),
        "notebook": notebook_fingerprint(notebook),
        "ocoplib": source_fingerprint(Path(notebook)),
        "environment": environment_fingerprint(),
        **data,
        "bao_cao": file_fingerprint(text_path),
        "unit_text": file_fingerprint(unit_text_path),
        "images": images_fingerprint(text_path),
    }


def read_record(folder: Path) -> dict | None:
    try:
        record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and record.get("schema") == RECORD_SCHEMA else None


def decide(
    folder: Path,
    current: dict[str, str],
    files: list[str],
    force: bool = False,
    failed: dict | None = None,
) -> Decision:
    """Run or skip one report, with the reason in words."""
    if force:
        return Decision(True, _("forced (--force)"))
    if failed is not None:
        return Decision(True, _("the last run failed"))
    if not folder.is_dir():
        return Decision(True, _("no earlier output"))
    record = read_record(folder)
    if record is None:
        why = _("the earlier output has no {record} (not made by ocop batch)")
        return Decision(True, why.format(record=RECORD))
    missing = [name for name in files if not (folder / name).is_file()]
    if missing:
        why = _("missing from the earlier output: {files}")
        return Decision(True, why.format(files=", ".join(missing)))
    before = record.get("fingerprint") or {}
    changed = [_(PARTS[k]) if k in PARTS else k for k in current if before.get(k) != current[k]]
    if changed:
        return Decision(True, _("changed: {parts}").format(parts="; ".join(changed)))
    since = record.get("made_at", "?")
    return Decision(False, _("unchanged since {made_at}").format(made_at=since))


def make_record(
    fingerprint: dict[str, str], inputs: list[dict], parameters: dict, seconds: float
) -> dict:
    return {
        "schema": RECORD_SCHEMA,
        "made_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "seconds": round(seconds, 1),
        "parameters": parameters,
        "inputs": inputs,
        "fingerprint": fingerprint,
    }


def input_entry(path: Path | None) -> dict | None:
    if path is None or not path.is_file():
        return None
    return {"path": str(path), "sha256": sha256_of(path)}
