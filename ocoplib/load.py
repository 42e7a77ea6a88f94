"""Reading the OCOP workbook by the contract: sheets and columns found by
label or key, cells converted to their types, closed lists and unit names
matched, and every problem collected with its place in the file.

Input files are only read, never written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from ocoplib.contract import Column, Sheet, contract
from ocoplib.problems import InputError, Problem, closest, did_you_mean
from ocoplib.text import fold, nfc
from ocoplib.units import Unit, UnitResolver, units_from_frame

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TRUE = {fold(v) for v in ("có", "co", "x", "true", "1", "yes", "đúng")}
_FALSE = {fold(v) for v in ("không", "khong", "false", "0", "no", "sai", "-")}
# Sheets read first: units are needed to match names, owners to check references.
_ORDER = ["dia_ban", "chu_the", "san_pham", "diem_ban", "chi_tieu", "hoat_dong"]
# Before this date a district People's Committee certified 3-star products.
DECISION_1489_DATE = dt.date(2025, 7, 6)
SCORE_BANDS = {5: 90, 4: 70, 3: 50, 2: 30, 1: 0}


@dataclass
class Workbook:
    """The workbook's sheets as tidy frames (column keys of the contract,
    closed lists as codes, units as unit codes) with what was noticed."""

    path: Path
    sha256: str
    frames: dict[str, pd.DataFrame]
    units: list[Unit]
    warnings: list[Problem] = field(default_factory=list)

    @property
    def resolver(self) -> UnitResolver:
        return UnitResolver(self.units)

    def __getitem__(self, sheet_key: str) -> pd.DataFrame:
        return self.frames[sheet_key]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_workbook(path: str | Path) -> Workbook:
    """Load and check the workbook; raise InputError listing every error."""
    path = Path(path)
    reader = _Reader(path)
    frames = reader.read()
    errors = [p for p in reader.problems if p.is_error]
    if errors:
        raise InputError(reader.problems)
    return Workbook(
        path=path,
        sha256=sha256_of(path),
        frames=frames,
        units=reader.units,
        warnings=[p for p in reader.problems if not p.is_error],
    )


class _Reader:
    def __init__(self, path: Path):
        self.path = path
        self.file = path.name
        self.problems: list[Problem] = []
        self.units: list[Unit] = []
        self.resolver: UnitResolver | None = None
        self.owner_ids: set[str] = set()

    # -- reporting -------------------------------------------------------
    def problem(
        self, severity, sheet=None, row=None, column=None, value=None, expected="", suggestion=None
    ):
        self.problems.append(
            Problem(severity, self.file, sheet, row, column, value, expected, suggestion)
        )

    # -- the file --------------------------------------------------------
    def _open(self):
        if not self.path.exists():
            self.problem(
                "error", expected="the workbook file to exist", suggestion=f"looked for {self.path}"
            )
            return None
        if not zipfile.is_zipfile(self.path):
            with open(self.path, "rb") as fh:
                head = fh.read(8)
            why = (
                "a password-protected or legacy .xls file"
                if head.startswith(b"\xd0\xcf\x11\xe0")
                else "not an .xlsx file"
            )
            self.problem(
                "error",
                expected=f"an Excel .xlsx workbook; this file is {why}",
                suggestion="open it in Excel and save it as .xlsx without a password",
            )
            return None
        try:
            return load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            self.problem(
                "error",
                expected=f"a readable .xlsx workbook ({exc})",
                suggestion="open it in Excel and save it again",
            )
            return None

    def read(self) -> dict[str, pd.DataFrame]:
        wb = self._open()
        if wb is None:
            return {}
        try:
            by_name = {fold(name): name for name in wb.sheetnames}
            frames: dict[str, pd.DataFrame] = {}
            for key in _ORDER:
                sheet = contract().sheet(key)
                actual = by_name.get(fold(sheet.key)) or by_name.get(fold(sheet.alias))
                if actual is None:
                    self.problem(
                        "error",
                        sheet=sheet.key,
                        expected=f"a sheet named '{sheet.key}' (or '{sheet.alias}')",
                        suggestion=did_you_mean(closest(fold(sheet.key), by_name)),
                    )
                    frames[key] = _empty(sheet)
                    continue
                frames[key] = self._sheet(sheet, actual, wb[actual].iter_rows(values_only=True))
                if key == "dia_ban":
                    self.units = units_from_frame(frames[key])
                    self.resolver = UnitResolver(self.units)
                    self._check_units(frames[key], actual)
                elif key == "chu_the":
                    self.owner_ids = set(frames[key]["owner_id"].dropna())
            known = {fold(k) for k in _ORDER} | {fold(contract().sheet(k).alias) for k in _ORDER}
            for name in wb.sheetnames:
                if fold(name) not in known:
                    self.problem(
                        "warning",
                        sheet=name,
                        expected="a sheet of the contract; this one is kept but not read",
                    )
            return frames
        finally:
            wb.close()

    # -- one sheet -------------------------------------------------------
    def _sheet(self, sheet: Sheet, name: str, rows) -> pd.DataFrame:
        rows = iter(rows)
        header = next(rows, None) or ()
        lookup = {}
        for c in sheet.columns:
            lookup[fold(c.key)] = c
            lookup[fold(c.label)] = c
        columns: dict[int, Column] = {}
        extra: dict[int, str] = {}
        for i, cell in enumerate(header):
            if cell is None or str(cell).strip() == "":
                continue
            col = lookup.get(fold(str(cell)))
            if col is None:
                extra[i] = nfc(str(cell))
                self.problem(
                    "warning",
                    sheet=name,
                    row=1,
                    column=nfc(str(cell)),
                    expected="a column of the contract; this one is kept but not read",
                )
            elif col in columns.values():
                self.problem(
                    "error",
                    sheet=name,
                    row=1,
                    column=nfc(str(cell)),
                    expected=f"column '{col.label}' only once",
                )
            else:
                columns[i] = col
        found = set(columns.values())
        for c in sheet.columns:
            if c.required and c not in found:
                self.problem(
                    "error",
                    sheet=name,
                    row=1,
                    column=c.label,
                    expected=f"a required column '{c.label}' ({c.key})",
                )
        # Contract order, so that a row's date is known before its unit names.
        ordered = sorted(columns.items(), key=lambda item: sheet.columns.index(item[1]))
        records = []
        for excel_row, values in enumerate(rows, start=2):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            record = {"excel_row": excel_row}
            for i, col in ordered:
                raw = values[i] if i < len(values) else None
                record[col.key] = self._cell(sheet, name, excel_row, col, raw, record)
            for i, label in extra.items():
                raw = values[i] if i < len(values) else None
                record[label] = nfc(str(raw)) if isinstance(raw, str) else raw
            records.append(record)
        frame = pd.DataFrame.from_records(records) if records else _empty(sheet)
        for c in sheet.columns:
            if c.key not in frame:
                frame[c.key] = None
        frame = self._typed(sheet, frame)
        self._check_rows(sheet, name, frame)
        return frame

    def _cell(self, sheet: Sheet, name: str, row: int, col: Column, raw, record):
        if isinstance(raw, str):
            raw = nfc(raw)
            if raw == "":
                raw = None
        if raw is None:
            if col.required:
                self.problem(
                    "error", name, row, col.label, None, f"a value ({col.key} is required)"
                )
            return False if col.type == "bool" else None
        try:
            return _CONVERT[col.type](self, sheet, name, row, col, raw, record)
        except _Bad as bad:
            self.problem("error", name, row, col.label, raw, bad.expected, bad.suggestion)
            return None

    # -- converters ------------------------------------------------------
    def _text(self, sheet, name, row, col, raw, record):
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if isinstance(raw, dt.datetime):
            raw = raw.date().isoformat()
        return nfc(str(raw))

    def _number(self, sheet, name, row, col, raw, record):
        value = _as_number(raw)
        if value is None:
            raise _Bad("a number")
        if col.type == "integer":
            if not float(value).is_integer():
                raise _Bad(f"a whole number{_range(col)}")
            value = int(value)
        if (col.min is not None and value < col.min) or (col.max is not None and value > col.max):
            raise _Bad(f"a {'whole ' if col.type == 'integer' else ''}number{_range(col)}")
        return value

    def _date(self, sheet, name, row, col, raw, record):
        value = parse_date(raw)
        if value is None:
            raise _Bad("a date: an Excel date, dd/mm/yyyy or yyyy-mm-dd")
        return value

    def _bool(self, sheet, name, row, col, raw, record):
        if isinstance(raw, bool):
            return raw
        key = fold(str(int(raw) if isinstance(raw, float) and raw.is_integer() else raw))
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
        raise _Bad("yes or no: Có/Không, x/blank, TRUE/FALSE or 1/0")

    def _list(self, sheet, name, row, col, raw, record):
        clist = contract().lists[col.list]
        key = fold(str(raw))
        code = clist.lookup().get(key)
        if code is not None:
            return code
        legacy = clist.legacy_lookup().get(key)
        if legacy is not None:
            self.problem(
                "warning",
                name,
                row,
                col.label,
                raw,
                f"a value of the current list ({clist.label}); this name of the "
                f"older list is read as '{clist.label_of(legacy)}'",
            )
            return legacy
        labels = {fold(v.label): v.label for v in clist.values}
        labels.update({fold(a): v.label for v in clist.values for a in v.accept})
        raise _Bad(
            "one of: " + " / ".join(v.label for v in clist.values),
            did_you_mean(closest(key, labels)),
        )

    def _unit(self, sheet, name, row, col, raw, record):
        if self.resolver is None:  # dia_ban itself failed
            return nfc(str(raw))
        day = _row_day(sheet.key, record)
        found = self.resolver.candidates(str(raw), day)
        if len(found) == 1:
            return found[0].code
        if not found:
            raise _Bad(
                "an administrative unit of sheet dia_ban"
                + (f" valid on {day:%d/%m/%Y}" if day else ""),
                did_you_mean(self.resolver.suggestions(str(raw), day)),
            )
        raise _Bad(
            "one unit, but the name matches "
            + " and ".join(f"{u.full_name} ({u.code})" for u in found),
            "write the type word in front of the name",
        )

    # -- frames and row rules ---------------------------------------------
    def _typed(self, sheet: Sheet, frame: pd.DataFrame) -> pd.DataFrame:
        for c in sheet.columns:
            if c.type == "date":
                frame[c.key] = pd.to_datetime(frame[c.key]).astype("datetime64[ns]")
            elif c.type == "integer":
                frame[c.key] = pd.array(frame[c.key].tolist(), dtype="Int64")
            elif c.type == "number":
                frame[c.key] = pd.to_numeric(frame[c.key]).astype("float64")
            elif c.type == "bool":
                frame[c.key] = frame[c.key].fillna(False).astype(bool)
            else:
                frame[c.key] = frame[c.key].astype(object).where(frame[c.key].notna(), None)
        return frame

    def _duplicates(self, sheet: Sheet, name: str, frame: pd.DataFrame):
        if not sheet.unique or frame.empty:
            return
        keys = list(sheet.unique)
        dup = frame[frame.duplicated(keys, keep="first") & frame[keys].notna().all(axis=1)]
        for r in dup.itertuples(index=False):
            first = frame[(frame[keys] == pd.Series(r._asdict())[keys]).all(axis=1)][
                "excel_row"
            ].min()
            labels = " + ".join(sheet.column(k).label for k in keys)
            self.problem(
                "error",
                name,
                r.excel_row,
                sheet.column(keys[0]).label,
                getattr(r, keys[0]),
                f"a unique {labels}; row {first} has the same",
            )

    def _check_rows(self, sheet: Sheet, name: str, frame: pd.DataFrame):
        self._duplicates(sheet, name, frame)
        check = _ROW_CHECKS.get(sheet.key)
        if check is not None and not frame.empty:
            check(self, sheet, name, frame)

    def _check_products(self, sheet, name, frame):
        label = sheet.column
        for r in frame.itertuples(index=False):
            if r.owner_id is not None and self.owner_ids and r.owner_id not in self.owner_ids:
                self.problem(
                    "error",
                    name,
                    r.excel_row,
                    label("owner_id").label,
                    r.owner_id,
                    "an owner id of sheet chu_the",
                    did_you_mean(closest(r.owner_id, {o: o for o in self.owner_ids})),
                )
            if pd.notna(r.score) and pd.notna(r.stars):
                band = max(s for s, low in SCORE_BANDS.items() if r.score >= low)
                if r.stars > band:
                    self.problem(
                        "error",
                        name,
                        r.excel_row,
                        label("stars").label,
                        int(r.stars),
                        f"at most {band} stars for a score of {r.score:g} "
                        f"(bands: 5★ 90–100, 4★ 70–89, 3★ 50–69, 2★ 30–49, 1★ < 30)",
                    )
            if r.five_star_candidate and pd.notna(r.stars) and r.stars != 4:
                self.problem(
                    "warning",
                    name,
                    r.excel_row,
                    label("five_star_candidate").label,
                    "Có",
                    "a five-star candidate to be a 4-star product; the mark is ignored",
                )
        four = (frame["stars"] == 4).fillna(False).astype(bool)
        frame["five_star_candidate"] = frame["five_star_candidate"] & four
        frame["level"] = pd.Series(
            [
                lvl if lvl is not None else derived_level(stars, day)
                for lvl, stars, day in zip(
                    frame["level"], frame["stars"], frame["decision_date"], strict=True
                )
            ],
            index=frame.index,
            dtype=object,
        )

    def _check_targets(self, sheet, name, frame):
        cat = contract()
        provinces = {fold(n) for n in cat.province_scope_names}
        scope_codes = []
        for r in frame.itertuples(index=False):
            if pd.notna(r.target_max) and pd.notna(r.target_min) and r.target_max < r.target_min:
                self.problem(
                    "error",
                    name,
                    r.excel_row,
                    sheet.column("target_max").label,
                    r.target_max,
                    f"a maximum not below the minimum ({r.target_min:g})",
                )
            computed = r.indicator in cat.indicators
            if computed and pd.notna(r.actual_manual):
                self.problem(
                    "error",
                    name,
                    r.excel_row,
                    sheet.column("actual_manual").label,
                    r.actual_manual,
                    f"no manual result: '{r.indicator}' is computed from the workbook",
                )
            if not computed and r.indicator is not None and pd.isna(r.actual_manual):
                self.problem(
                    "error",
                    name,
                    r.excel_row,
                    sheet.column("actual_manual").label,
                    None,
                    f"a manual result: '{r.indicator}' is not in the indicator "
                    "catalogue (" + ", ".join(cat.indicators) + ")",
                    did_you_mean(closest(r.indicator, {k: k for k in cat.indicators})),
                )
            scope_codes.append(self._scope_code(name, sheet, r, provinces))
        frame["scope_code"] = scope_codes

    def _scope_code(self, name, sheet, r, provinces):
        if r.scope is None:
            return None
        if fold(r.scope) in provinces:
            return "tinh"
        if self.resolver is None or pd.isna(r.year):
            return None
        day = dt.date(int(r.year), 12, 31)
        found = [u for u in self.resolver.candidates(r.scope) if _overlaps_year(u, int(r.year))]
        if len(found) == 1:
            return found[0].code
        self.problem(
            "error",
            name,
            r.excel_row,
            sheet.column("scope").label,
            r.scope,
            "'Tỉnh' or one administrative unit of sheet dia_ban valid in " + str(r.year),
            did_you_mean(self.resolver.suggestions(r.scope, day)),
        )
        return None

    def _check_activities(self, sheet, name, frame):
        for r in frame.itertuples(index=False):
            if pd.notna(r.end_date) and pd.notna(r.date) and r.end_date < r.date:
                self.problem(
                    "error",
                    name,
                    r.excel_row,
                    sheet.column("end_date").label,
                    f"{r.end_date:%d/%m/%Y}",
                    f"an end date on or after the start ({r.date:%d/%m/%Y})",
                )

    def _check_units(self, frame: pd.DataFrame, name: str):
        sheet = contract().sheet("dia_ban")
        codes = set(frame["unit_code"].dropna())
        for r in frame.itertuples(index=False):
            if r.parent_code is not None and r.parent_code not in codes:
                self.problem(
                    "error",
                    name,
                    r.excel_row,
                    sheet.column("parent_code").label,
                    r.parent_code,
                    "a unit code of this sheet",
                )
            if pd.notna(r.valid_from) and pd.notna(r.valid_to) and r.valid_to < r.valid_from:
                self.problem(
                    "error",
                    name,
                    r.excel_row,
                    sheet.column("valid_to").label,
                    f"{r.valid_to:%d/%m/%Y}",
                    "a date on or after 'Hiệu lực từ'",
                )


_CONVERT = {
    "text": _Reader._text,
    "integer": _Reader._number,
    "number": _Reader._number,
    "date": _Reader._date,
    "bool": _Reader._bool,
    "list": _Reader._list,
    "unit": _Reader._unit,
}
_ROW_CHECKS = {
    "san_pham": _Reader._check_products,
    "chi_tieu": _Reader._check_targets,
    "hoat_dong": _Reader._check_activities,
}


class _Bad(Exception):
    def __init__(self, expected: str, suggestion: str | None = None):
        super().__init__(expected)
        self.expected = expected
        self.suggestion = suggestion


def _empty(sheet: Sheet) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "excel_row": pd.Series(dtype="int64"),
            **{c.key: pd.Series(dtype=object) for c in sheet.columns},
        }
    )


def _range(col: Column) -> str:
    if col.min is not None and col.max is not None:
        return f" from {col.min:g} to {col.max:g}"
    if col.min is not None:
        return f" of at least {col.min:g}"
    return ""


def _as_number(raw) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return raw
    text = str(raw).strip().replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text):  # 1.234,5
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d+,\d+", text):  # 18,5
        text = text.replace(",", ".")
    try:
        return float(text) if ("." in text or "e" in text.lower()) else int(text)
    except ValueError:
        return None


def parse_date(raw) -> dt.date | None:
    """An Excel date cell, ``dd/mm/yyyy``, ``d/m/yyyy`` or ``yyyy-mm-dd``; else None."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    try:
        if m := _DMY.match(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if m := _ISO.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    return None


def derived_level(stars, day) -> str | None:
    """The certifying level when the row leaves it blank (Decision 148, then 1489)."""
    if pd.isna(stars) or pd.isna(day):
        return None
    stars = int(stars)
    if stars < 3:
        return None
    if stars == 5:
        return "central"
    if pd.Timestamp(day).date() >= DECISION_1489_DATE:
        return "province"
    return "district" if stars == 3 else "province"


def _row_day(sheet_key: str, record: dict) -> dt.date | None:
    """The date that decides which units a row's names may mean."""
    value = {"san_pham": "decision_date", "diem_ban": "opened"}.get(sheet_key)
    day = record.get(value) if value else None
    return day if isinstance(day, dt.date) else None


def _overlaps_year(unit: Unit, year: int) -> bool:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (unit.valid_from is None or unit.valid_from <= end) and (
        unit.valid_to is None or start <= unit.valid_to
    )
