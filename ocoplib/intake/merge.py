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

from ocoplib.base.contract import Sheet, contract
from ocoplib.base.files import sha256_of
from ocoplib.base.i18n import N_
from ocoplib.base.i18n import gettext as _
from ocoplib.base.problems import InputError, OcopError, Problem
from ocoplib.base.text import fold
from ocoplib.domain.levels import derived_level
from ocoplib.domain.units import UnitResolver, units_from_frame
from ocoplib.intake.mergebook import PROVENANCE as PROVENANCE  # the sheet of row origins
from ocoplib.intake.mergebook import (
    OtherSheet,
    consolidated_workbook,
    other_rows_read_back,
    other_sheets,
)
from ocoplib.intake.workbook import Check, Workbook, check_workbook
from ocoplib.intake.xlcells import save_atomic

ACTIONS = ("added", "changed", "unchanged", "conflict")
#: The summary's column heads (the English is the action's name).
ACTION_HEAD = {
    "added": N_("added"),
    "changed": N_("changed"),
    "unchanged": N_("unchanged"),
    "conflict": N_("conflict"),
}


class MergeError(OcopError):
    """The merge cannot run as asked (an output that is an input, …)."""


@dataclass(frozen=True)
class Origin:
    file: str
    sheet: str
    row: int
    sha256: str

    def __str__(self) -> str:
        return _("{file}, sheet {sheet}, row {row}").format(
            file=self.file, sheet=self.sheet, row=self.row
        )


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
            text += _(" against {origin}").format(origin=self.against)
        if self.detail:
            text += f": {self.detail}"
        if self.resolution == "kept":
            text += _(" → kept the existing row")
        elif self.resolution == "taken":
            text += _(" → took the submitted row")
        return text


@dataclass
class MergeResult:
    out: Path | None
    events: list[Event] = field(default_factory=list)
    inputs: list[tuple[Path, str]] = field(default_factory=list)  # (path, sha256)
    others: list[OtherSheet] = field(default_factory=list)  # sheets kept as they are

    @property
    def unresolved(self) -> list[Event]:
        return [e for e in self.events if e.kind == "conflict" and e.resolution is None]

    def counts(self) -> dict[str, Counter]:
        out: dict[str, Counter] = {s.key: Counter() for s in contract().sheets}
        for e in self.events:
            out[e.sheet][e.kind] += 1
        return out

    def summary(self) -> list[str]:
        lines = [_("Inputs (read only):")]
        lines += [f"  {p}  sha256 {sha}" for p, sha in self.inputs]
        heads = [_(ACTION_HEAD[a]) for a in ACTIONS]
        width = max(11, *(len(h) + 2 for h in heads))
        sheet = _("sheet")
        lines += ["", f"{sheet:<12}" + "".join(f"{h:>{width}}" for h in heads)]
        for sheet, c in self.counts().items():
            lines.append(f"{sheet:<12}" + "".join(f"{c[a]:>{width}}" for a in ACTIONS))
        for kind, title in (
            ("conflict", _("Conflicts:")),
            ("changed", _("Changed (blank cells filled):")),
        ):
            found = [e for e in self.events if e.kind == kind]
            if found:
                lines += ["", title] + [f"  {e}" for e in found]
        if self.others:
            lines += ["", _("Sheets the contract does not read, kept as they are:")]
            lines += [
                "  " + _("{sheet}: {n} row(s)").format(sheet=o.name, n=len(o.rows))
                for o in self.others
            ]
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
        raise MergeError(
            _("unknown conflict rule {rule!r}: fail, keep or take").format(rule=on_conflict)
        )
    base, out = Path(base), Path(out)
    inputs = [base, *map(Path, submissions)]
    _check_paths(inputs, out, force)
    hashes = [sha256_of(p) for p in inputs]
    for i, sha in enumerate(hashes):
        if sha in hashes[:i]:
            same = inputs[hashes.index(sha)]
            raise MergeError(
                _("{path} is the same file as {same} (same sha256)").format(
                    path=inputs[i], same=same
                )
            )
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
    found_all = (base_check, *checks)
    result.others = other_sheets(
        [
            (f.path, sha, set(f.sheet_names.values()))
            for f, sha in zip(found_all, hashes, strict=True)
        ]
    )
    resolver = UnitResolver(units_from_frame(frames["dia_ban"]))
    wb = consolidated_workbook(merged, resolver, result.others)
    # Written beside the target and read back before it takes the target's name.
    work = out.with_name(f".{out.stem}.merging.xlsx")
    try:
        save_atomic(wb, work)
        _verify(work, frames, result.others)
        os.replace(work, out)
    finally:
        work.unlink(missing_ok=True)
    result.out = out
    return result


def _check_paths(inputs: list[Path], out: Path, force: bool) -> None:
    for path in inputs:
        if not path.is_file():
            raise MergeError(_("no such workbook: {path}").format(path=path))
    if out.suffix.lower() != ".xlsx":
        raise MergeError(_("--out {out}: expected a file name ending in .xlsx").format(out=out))
    if any(out.resolve() == p.resolve() for p in inputs):
        raise MergeError(
            _("--out {out} is one of the inputs; inputs are never written").format(out=out)
        )
    if out.exists() and not force:
        raise MergeError(
            _("{out} exists; choose a new file (or --force to replace it)").format(out=out)
        )


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
                    _("{column} {here} here, {there} there").format(
                        column=self.sheet.column(k).label,
                        here=self.show(k, values[k]),
                        there=self.show(k, row.values[k]),
                    )
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
                detail = _("filled {cells}").format(
                    cells=", ".join(
                        f"{self.sheet.column(k).label} = {self.show(k, values[k])}" for k in fills
                    )
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
                moves = _("the product moves to another unit: {column} {old} to {new}").format(
                    column=self.sheet.column(k).label, old=self.show(k, a), new=self.show(k, b)
                )
                return latest.origins[-1][1], moves
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
        return _("(blank)")
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return f"{value:g}"
    return repr(value) if isinstance(value, str) else str(value)


def _verify(out: Path, frames: dict[str, pd.DataFrame], others: list[OtherSheet]) -> None:
    """The written workbook must read back to exactly the merged rows."""
    found = check_workbook(out)
    problems: list[Problem] = list(found.errors)
    for name in other_rows_read_back(out, others):
        problems.append(
            Problem(
                "error",
                out.name,
                name,
                None,
                None,
                None,
                "the sheet's rows to read back as kept",
                expected_vi="các dòng của trang tính đọc lại đúng như khi giữ lại",
            )
        )
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
                    expected_vi="các dòng đã hợp nhất đọc lại đúng như khi hợp nhất",
                )
            )
    if problems:
        raise MergeError(
            _("the consolidated workbook did not read back as merged; nothing was kept:")
            + "".join(f"\n  {p}" for p in problems)
        )
