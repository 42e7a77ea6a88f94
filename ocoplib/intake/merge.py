"""Consolidating district submissions into the province's workbook, as a new
file: every row keeps a record of where it came from (file, sheet, row and
the file's sha256), nothing is overwritten silently, and the inputs are
only read.

Two rows are the same row when their identity columns agree (the contract's
``unique`` or ``identity``: a product and its decision date, an owner id, a
unit code …). A submitted row is then

- *added* when no row has its identity,
- *unchanged* when the row is already there with the same facts,
- *changed* when it only fills cells the existing row leaves blank,
- a *conflict* when a fact differs, or when it moves a product to another
  unit; a conflict stops the merge unless the caller says how to resolve
  it (keep the existing row, or take the submitted one).
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import Workbook as XlWorkbook
from openpyxl.utils import get_column_letter

from ocoplib.base.contract import Sheet, contract
from ocoplib.base.files import sha256_of
from ocoplib.base.problems import InputError, OcopError, Problem
from ocoplib.base.text import fold
from ocoplib.domain.levels import derived_level
from ocoplib.domain.units import UnitResolver, units_from_frame
from ocoplib.intake.workbook import Check, Workbook, check_workbook
from ocoplib.intake.xlcells import HEAD_ALIGN, HEAD_FONT, TOP_ALIGN, fill, put, save_atomic

#: The sheet of the consolidated workbook that records where each row came from.
PROVENANCE = "nguon_du_lieu"
ACTIONS = ("added", "changed", "unchanged", "conflict")
ACTION_VI = {
    "kept": "có sẵn trong tệp gốc",
    "added": "thêm mới",
    "changed": "bổ sung ô trống",
    "replaced": "thay thế (xung đột, lấy bản gửi)",
}
_PROV_HEAD = [
    "Trang tính",
    "Dòng",
    "Thao tác",
    "Tệp nguồn",
    "Trang tính nguồn",
    "Dòng nguồn",
    "SHA-256 của tệp nguồn",
]


class MergeError(OcopError):
    """The merge cannot run as asked (an output that is an input, …)."""


@dataclass(frozen=True)
class Origin:
    file: str
    sheet: str
    row: int
    sha256: str

    def __str__(self) -> str:
        return f"{self.file}, sheet {self.sheet}, row {self.row}"


@dataclass
class _Row:
    values: dict
    origins: list[tuple[str, Origin]]  # (action, origin), the first is where the row began


@dataclass
class Event:
    """What happened to one submitted row."""

    kind: str  # added, changed, unchanged, conflict
    sheet: str
    what: str  # the row's identity in words
    source: Origin
    against: Origin | None = None
    detail: str = ""
    resolution: str | None = None  # for a conflict: None (unresolved), "kept", "taken"

    def __str__(self) -> str:
        text = f"{self.sheet}: {self.what}: {self.source}"
        if self.against is not None:
            text += f" against {self.against}"
        if self.detail:
            text += f": {self.detail}"
        if self.resolution == "kept":
            text += " → kept the existing row"
        elif self.resolution == "taken":
            text += " → took the submitted row"
        return text


@dataclass
class MergeResult:
    out: Path | None
    events: list[Event] = field(default_factory=list)
    inputs: list[tuple[Path, str]] = field(default_factory=list)  # (path, sha256)

    @property
    def unresolved(self) -> list[Event]:
        return [e for e in self.events if e.kind == "conflict" and e.resolution is None]

    def counts(self) -> dict[str, Counter]:
        out: dict[str, Counter] = {s.key: Counter() for s in contract().sheets}
        for e in self.events:
            out[e.sheet][e.kind] += 1
        return out

    def summary(self) -> list[str]:
        lines = ["Inputs (read only):"]
        lines += [f"  {p}  sha256 {sha}" for p, sha in self.inputs]
        lines.append("")
        lines.append(f"{'sheet':<12}" + "".join(f"{a:>11}" for a in ACTIONS))
        for sheet, c in self.counts().items():
            lines.append(f"{sheet:<12}" + "".join(f"{c[a]:>11}" for a in ACTIONS))
        for kind, title in (("conflict", "Conflicts"), ("changed", "Changed (blank cells filled)")):
            found = [e for e in self.events if e.kind == kind]
            if found:
                lines.append("")
                lines.append(f"{title}:")
                lines += [f"  {e}" for e in found]
        return lines


def merge_workbooks(
    base: Path,
    submissions: list[Path],
    out: Path,
    on_conflict: str = "fail",
    force: bool = False,
) -> MergeResult:
    """Merge ``submissions`` into ``base`` and write the result to ``out``
    (a new file), unless a conflict is left unresolved (``on_conflict`` is
    ``fail``, ``keep`` or ``take``). Raises InputError when an input has errors."""
    if on_conflict not in ("fail", "keep", "take"):
        raise MergeError(f"unknown conflict rule {on_conflict!r}: fail, keep or take")
    base, out = Path(base), Path(out)
    inputs = [base, *map(Path, submissions)]
    _check_paths(inputs, out, force)
    hashes = [sha256_of(p) for p in inputs]
    for i, sha in enumerate(hashes):
        if sha in hashes[:i]:
            same = inputs[hashes.index(sha)]
            raise MergeError(f"{inputs[i]} is the same file as {same} (same sha256)")
    base_check = check_workbook(base)
    if base_check.errors:
        raise InputError(base_check.problems)
    context = _as_workbook(base_check, hashes[0])
    checks, problems = [], []
    for path in inputs[1:]:
        found = check_workbook(path, context)
        problems += found.errors
        checks.append(found)
    if problems:
        raise InputError(problems)

    result = MergeResult(out=None, inputs=list(zip(inputs, hashes, strict=True)))
    names = {u.code: u.name for found in (base_check, *checks) for u in reversed(found.units)}
    merged = {s.key: _Table.start(s, base_check, hashes[0], names) for s in contract().sheets}
    for found, sha in zip(checks, hashes[1:], strict=True):
        for sheet in contract().sheets:
            merged[sheet.key].take(found, sha, on_conflict, result.events)
    if result.unresolved:
        return result
    frames = {key: table.frame() for key, table in merged.items()}
    wb = _workbook(merged, UnitResolver(units_from_frame(frames["dia_ban"])))
    # Written beside the target and read back before it takes the target's name.
    work = out.with_name(f".{out.stem}.merging.xlsx")
    try:
        save_atomic(wb, work)
        _verify(work, frames)
        os.replace(work, out)
    finally:
        work.unlink(missing_ok=True)
    result.out = out
    return result


def _check_paths(inputs: list[Path], out: Path, force: bool) -> None:
    for path in inputs:
        if not path.is_file():
            raise MergeError(f"no such workbook: {path}")
    if out.suffix.lower() != ".xlsx":
        raise MergeError(f"--out {out}: expected a file name ending in .xlsx")
    if any(out.resolve() == p.resolve() for p in inputs):
        raise MergeError(f"--out {out} is one of the inputs; inputs are never written")
    if out.exists() and not force:
        raise MergeError(f"{out} exists; choose a new file (or --force to replace it)")


def _as_workbook(found: Check, sha: str) -> Workbook:
    return Workbook(found.path, sha, found.frames, found.units, found.warnings)


# -- one sheet ------------------------------------------------------------------


def _plain(value):
    """A cell's value for comparison: None for blanks, dates as dates."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


class _Table:
    """The consolidated rows of one sheet, in order, with their origins."""

    def __init__(self, sheet: Sheet, names: dict[str, str]):
        self.sheet = sheet
        self.names = names  # unit code → name, for messages
        self.rows: list[_Row] = []
        self.index: dict[tuple, int] = {}
        self.extras: list[str] = []
        self.fact_keys = [c.key for c in sheet.columns if c.key not in sheet.identity]
        if sheet.key == "chi_tieu":
            self.fact_keys = [k for k in self.fact_keys if k != "scope"]

    @classmethod
    def start(cls, sheet: Sheet, base: Check, sha: str, names: dict[str, str]) -> _Table:
        table = cls(sheet, names)
        for values, origin in table._rows_of(base, sha):
            table.index.setdefault(table.identity(values), len(table.rows))
            table.rows.append(_Row(values, [("kept", origin)]))
        return table

    def _rows_of(self, found: Check, sha: str):
        frame = found.frames[self.sheet.key]
        name = found.sheet_names.get(self.sheet.key, self.sheet.key)
        for extra in found.extra_columns(self.sheet.key):
            if extra not in self.extras:
                self.extras.append(extra)
        for record in frame.to_dict("records"):
            values = {k: _plain(v) for k, v in record.items()}
            origin = Origin(str(found.path), name, int(values.pop("excel_row")), sha)
            yield values, origin

    def identity(self, values: dict) -> tuple:
        key = []
        for k in self.sheet.identity:
            if k == "scope" and "scope_code" in values:
                k = "scope_code"
            v = values.get(k)
            key.append(fold(v) if isinstance(v, str) else v)
        return tuple(key)

    def describe(self, values: dict) -> str:
        parts = []
        for k in self.sheet.identity:
            v = values.get(k)
            parts.append(f"{self.sheet.column(k).label} {self.show(k, v)}")
        return ", ".join(parts)

    def take(self, found: Check, sha: str, on_conflict: str, events: list[Event]) -> None:
        for values, origin in self._rows_of(found, sha):
            key = self.identity(values)
            what = self.describe(values)
            at = self.index.get(key)
            if at is None:
                moved = self._moved(values)
                if moved is None:
                    self._add(key, values, origin)
                    events.append(Event("added", self.sheet.key, what, origin))
                    continue
                event = Event("conflict", self.sheet.key, what, origin, *moved)
                events.append(event)
                if on_conflict == "take":
                    event.resolution = "taken"
                    self._add(key, values, origin)
                elif on_conflict == "keep":
                    event.resolution = "kept"
                continue
            row = self.rows[at]
            against = row.origins[-1][1]
            differ, fills = self._compare(row.values, values)
            if differ:
                detail = "; ".join(
                    f"{self.sheet.column(k).label} {self.show(k, values[k])} here, "
                    f"{self.show(k, row.values[k])} there"
                    for k in differ
                )
                event = Event("conflict", self.sheet.key, what, origin, against, detail)
                events.append(event)
                if on_conflict == "take":
                    event.resolution = "taken"
                    row.values = {**row.values, **values}
                    row.origins.append(("replaced", origin))
                elif on_conflict == "keep":
                    event.resolution = "kept"
            elif fills:
                detail = "filled " + ", ".join(
                    f"{self.sheet.column(k).label} = {self.show(k, values[k])}" for k in fills
                )
                events.append(Event("changed", self.sheet.key, what, origin, against, detail))
                for k in fills:
                    row.values[k] = values[k]
                row.origins.append(("changed", origin))
            else:
                events.append(Event("unchanged", self.sheet.key, what, origin, against))

    def _add(self, key: tuple, values: dict, origin: Origin) -> None:
        self.index[key] = len(self.rows)
        self.rows.append(_Row(values, [("added", origin)]))

    def _compare(self, old: dict, new: dict) -> tuple[list[str], list[str]]:
        """(columns whose facts differ, blank cells the new row fills)."""
        differ, fills = [], []
        for k in self.fact_keys:
            a, b = old.get(k), new.get(k)
            if a == b or b is None:
                continue
            if k == "level" and _derived(old) and _derived(new):
                continue  # follows the stars, which are compared themselves
            if a is None:
                fills.append(k)
            else:
                differ.append(k)
        return differ, fills

    def _moved(self, values: dict) -> tuple[Origin, str] | None:
        """A new evaluation that puts a product in another unit than its latest row."""
        if self.sheet.key != "san_pham":
            return None
        same = [r for r in self.rows if r.values.get("product_id") == values.get("product_id")]
        if not same:
            return None
        latest = max(same, key=lambda r: r.values.get("decision_date") or dt.date.min)
        for k in ("district", "commune"):
            a, b = latest.values.get(k), values.get(k)
            if a is not None and b is not None and a != b:
                label = self.sheet.column(k).label
                moves = f"{self.show(k, a)} to {self.show(k, b)}"
                return latest.origins[-1][1], f"the product moves to another unit: {label} {moves}"
        return None

    def show(self, key: str, value) -> str:
        """A value as people know it: list labels, unit names."""
        col = next((c for c in self.sheet.columns if c.key == key), None)
        if value is not None and col is not None:
            if col.type == "list":
                value = contract().lists[col.list].label_of(value)
            elif col.type == "unit":
                value = self.names.get(value, value)
        return _show(value)

    def frame(self) -> pd.DataFrame:
        columns = ["excel_row", *[c.key for c in self.sheet.columns]]
        extra = [k for r in self.rows for k in r.values if k not in columns]
        columns += list(dict.fromkeys(extra))
        records = [{**r.values, "excel_row": i} for i, r in enumerate(self.rows, start=2)]
        return pd.DataFrame.from_records(records, columns=columns).astype(object)


def _derived(values: dict) -> bool:
    return values.get("level") == derived_level(values.get("stars"), values.get("decision_date"))


def _show(value) -> str:
    if value is None:
        return "(blank)"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return f"{value:g}"
    return repr(value) if isinstance(value, str) else str(value)


# -- writing ---------------------------------------------------------------------


def _cell_value(sheet: Sheet, key: str, values: dict, resolver: UnitResolver):
    """A typed value back into what the workbook holds: labels, unit names, dates."""
    value = values.get(key)
    col = next((c for c in sheet.columns if c.key == key), None)
    if value is None or col is None:
        return value
    if col.type == "list":
        if key == "level" and value == derived_level(
            values.get("stars"), values.get("decision_date")
        ):
            return None  # derived when blank: keep it blank
        return contract().lists[col.list].label_of(value)
    if col.type == "unit":
        day = values.get("decision_date")
        if key == "district" and values.get("commune") and isinstance(day, dt.date):
            if not resolver.by_code(value).valid_on(day):
                return None  # attributed from the commune (after 2025): keep it blank
        return _unit_name(value, values, sheet.key, resolver)
    if col.type == "bool":
        return "Có" if value else None
    return value


def _unit_name(code: str, values: dict, sheet_key: str, resolver: UnitResolver) -> str:
    """A name that reads back as the unit on the row's date (any date if none)."""
    day = values.get({"san_pham": "decision_date", "diem_ban": "opened"}.get(sheet_key, ""))
    day = day if isinstance(day, dt.date) else None
    return resolver.unique_name(resolver.by_code(code), day, day)


def _workbook(merged: dict[str, _Table], resolver: UnitResolver) -> XlWorkbook:
    wb = XlWorkbook()
    wb.remove(wb.active)
    prov = []
    for sheet in contract().sheets:
        table = merged[sheet.key]
        ws = wb.create_sheet(sheet.key)
        heads = [c.label for c in sheet.columns] + table.extras
        for j, label in enumerate(heads, start=1):
            c = ws.cell(row=1, column=j)
            put(c, label)
            c.font, c.alignment, c.fill = HEAD_FONT, HEAD_ALIGN, fill("DDEBF7")
            ws.column_dimensions[get_column_letter(j)].width = 18
        keys = [c.key for c in sheet.columns] + table.extras
        for i, row in enumerate(table.rows, start=2):
            for j, key in enumerate(keys, start=1):
                put(ws.cell(row=i, column=j), _cell_value(sheet, key, row.values, resolver))
            for action, origin in row.origins:
                prov.append([sheet.key, i, ACTION_VI[action], *_origin_cells(origin)])
        ws.freeze_panes = "A2"
    ws = wb.create_sheet(PROVENANCE)
    for j, label in enumerate(_PROV_HEAD, start=1):
        c = ws.cell(row=1, column=j)
        put(c, label)
        c.font, c.alignment, c.fill = HEAD_FONT, HEAD_ALIGN, fill("DDEBF7")
        ws.column_dimensions[get_column_letter(j)].width = (14, 7, 22, 30, 16, 10, 66)[j - 1]
    for i, values in enumerate(prov, start=2):
        for j, value in enumerate(values, start=1):
            put(ws.cell(row=i, column=j), value)
            ws.cell(row=i, column=j).alignment = TOP_ALIGN
    ws.freeze_panes = "A2"
    wb.properties.creator = "ocoplib"
    fixed = dt.datetime(2000, 1, 1)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    return wb


def _origin_cells(origin: Origin) -> list:
    return [origin.file, origin.sheet, origin.row, origin.sha256]


def _verify(out: Path, frames: dict[str, pd.DataFrame]) -> None:
    """The written workbook must read back to exactly the merged rows."""
    found = check_workbook(out)
    problems: list[Problem] = list(found.errors)
    for key, want in frames.items():
        got = found.frames[key].drop(columns=["excel_row"])
        want = want.drop(columns=["excel_row"])
        cols = [c for c in want.columns if c in got.columns]
        a = [{k: _plain(v) for k, v in r.items()} for r in got[cols].to_dict("records")]
        b = [{k: _plain(v) for k, v in r.items()} for r in want[cols].to_dict("records")]
        if a != b:
            first = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), None)
            problems.append(
                Problem(
                    "error",
                    out.name,
                    key,
                    None if first is None else first + 2,
                    None,
                    None,
                    "the consolidated rows to read back as merged",
                )
            )
    if problems:
        raise MergeError(
            "the consolidated workbook did not read back as merged; nothing was kept:\n"
            + "\n".join(f"  {p}" for p in problems)
        )
