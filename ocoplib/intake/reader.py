"""Reading the OCOP workbook by the contract: the file opened, its sheets and
columns found by name or label, every cell converted to its column's type and
every sheet typed as a frame, with each problem recorded where it sits.

Input files are only read, never written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from ocoplib.base.contract import Column, Sheet, contract
from ocoplib.base.problems import closest, suggest
from ocoplib.base.text import fold, identifier_key, nfc
from ocoplib.domain.units import Unit, UnitResolver, units_from_frame
from ocoplib.intake import checks
from ocoplib.intake.cells import (
    CONVERT,
    EXCEL_ERRORS,
    IDENTIFIERS,
    BadCell,
    list_code,
    unit_code,
)
from ocoplib.intake.recorder import Recorder
from ocoplib.intake.sniff import (
    FILE_KINDS,
    MAX_UNPACKED,
    Marks,
    file_kind,
    merged_rows,
    sheet_marks,
    unpacked,
)

# Sheets read first: units are needed to match names, owners to check references.
ORDER = ["dia_ban", "chu_the", "san_pham", "diem_ban", "chi_tieu", "hoat_dong"]
_RESAVE = ("open it in Excel and save it again as .xlsx", "mở bằng Excel rồi lưu lại dạng .xlsx")


class Reader:
    """Reads one workbook; ``context_units`` and ``context_owners`` are those of
    the province's workbook when the file is one district's submission."""

    def __init__(
        self,
        path: Path,
        context_units: list[Unit] | None = None,
        context_owners: set[str] | None = None,
    ):
        self.path = path
        self.context_units = context_units
        self.context_owners = context_owners
        self.sheet_names: dict[str, str] = {}
        self.columns: dict[str, dict[str, int]] = {}
        self.record = Recorder(path.name, self.columns)
        self.units: list[Unit] = []
        self.resolver: UnitResolver | None = None
        self.owner_ids: set[str] | None = None  # None: sheet chu_the could not be read
        self.failed: set[tuple[str, int, str]] = set()  # (sheet, row, column) not converted
        self.opened = False
        # identifier_key → the spelling first read: one spelling per identifier.
        self.ids: dict[str, str] = {}
        for known in [u.code for u in context_units or ()] + sorted(context_owners or ()):
            self.ids.setdefault(identifier_key(known), known)
        self.marks = Marks()  # of the sheet being read

    def _context(self) -> checks.Context:
        known = {u.code for u in self.context_units} if self.context_units is not None else set()
        return checks.Context(
            self.record, self.units, self.resolver, self.owner_ids, self.failed, known
        )

    # -- the file --------------------------------------------------------
    def _open(self):
        """The workbook opened read-only, or None with the reason as an error."""
        if not self.path.is_file():
            self.record.problem(
                "error",
                expected=("the workbook file to exist", "tệp sổ dữ liệu có tồn tại"),
                suggestion=(f"looked for {self.path}", f"đã tìm {self.path}"),
            )
            return None
        kind = file_kind(self.path)
        if kind != "zip":
            self.record.problem(
                "error",
                expected=(
                    f"an Excel .xlsx workbook; this file is {FILE_KINDS[kind][0]}",
                    f"một tệp Excel .xlsx; tệp này là {FILE_KINDS[kind][1]}",
                ),
                suggestion=(
                    "open it in Excel and save it as .xlsx (Excel Workbook), without a password",
                    "mở bằng Excel, lưu lại dạng .xlsx (Excel Workbook), không đặt mật khẩu",
                ),
            )
            return None
        if not self._small_enough():
            return None
        # A file object, so that openpyxl does not judge the file by its extension;
        # read() closes it.
        fh = open(self.path, "rb")  # noqa: SIM115
        try:
            wb = load_workbook(fh, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            fh.close()
            self.record.problem(
                "error",
                expected=(
                    f"a readable .xlsx workbook; this one is damaged ({type(exc).__name__}: {exc})",
                    "một tệp .xlsx đọc được; tệp này bị hỏng",
                ),
                suggestion=_RESAVE,
            )
            return None
        self._fh = fh
        self.opened = True
        return wb

    def _small_enough(self) -> bool:
        """Refuse a workbook whose parts unpack to more than MAX_UNPACKED."""
        try:
            total, part, size = unpacked(self.path)
        except Exception:  # noqa: BLE001 - openpyxl tells what is damaged
            return True
        if total <= MAX_UNPACKED:
            return True
        self.record.too_big(total, part, size)
        return False

    def read(self) -> dict[str, pd.DataFrame]:
        """Every sheet of the contract as a frame (empty where it could not be read)."""
        wb = self._open()
        if wb is None:
            return {key: empty_frame(contract().sheet(key)) for key in ORDER}
        try:
            return self._read(wb)
        except Exception as exc:  # a sheet's XML broken beyond what openpyxl opened
            self.record.problem(
                "error",
                expected=(
                    f"a readable .xlsx workbook; reading it failed ({type(exc).__name__}: {exc})",
                    "một tệp .xlsx đọc được; không đọc được tệp này",
                ),
                suggestion=_RESAVE,
            )
            return {key: empty_frame(contract().sheet(key)) for key in ORDER}
        finally:
            wb.close()
            self._fh.close()

    def _read(self, wb) -> dict[str, pd.DataFrame]:
        cat = contract()
        by_name = {fold(name): name for name in wb.sheetnames}
        frames: dict[str, pd.DataFrame] = {}
        for key in ORDER:
            sheet = cat.sheet(key)
            actual = by_name.get(fold(sheet.key)) or by_name.get(fold(sheet.alias))
            if actual is None:
                self.record.problem(
                    "error",
                    sheet=sheet.key,
                    expected=(
                        f"a sheet named '{sheet.key}' (or '{sheet.alias}')",
                        f"trang tính tên '{sheet.key}' (hoặc '{sheet.alias}')",
                    ),
                    suggestion=suggest(closest(fold(sheet.key), by_name)),
                )
                frames[key] = empty_frame(sheet)
            else:
                self.sheet_names[key] = actual
                ws = wb[actual]
                # Read what the sheet holds, not what its (sometimes wrong) dimension claims.
                ws.reset_dimensions()
                self.marks = sheet_marks(ws._get_source)
                frames[key] = self._sheet(sheet, actual, ws.iter_rows(values_only=True))
            if key == "dia_ban":
                self._learn_units(frames[key], actual)
            elif key == "chu_the":
                self._learn_owners(frames[key], actual)
        self._other_sheets(wb.sheetnames)
        return frames

    def _learn_units(self, frame: pd.DataFrame, actual: str | None) -> None:
        """The units that names of the later sheets may mean."""
        self.units = units_from_frame(_valid_units(frame))
        if self.context_units is not None:
            own = {u.code for u in self.units}
            self.units += [u for u in self.context_units if u.code not in own]
        if actual is not None or self.units:
            self.resolver = UnitResolver(self.units)
        if actual is not None:
            checks.units(self._context(), actual, frame)

    def _learn_owners(self, frame: pd.DataFrame, actual: str | None) -> None:
        """The owner ids that products may name."""
        if actual is not None:
            self.owner_ids = set(frame["owner_id"].dropna())
        if self.context_owners is not None:
            self.owner_ids = (self.owner_ids or set()) | self.context_owners

    def _other_sheets(self, names: list[str]) -> None:
        """Warn of the sheets that are not read."""
        cat = contract()
        for name in names:
            sheet = cat.find_sheet(name)
            if sheet is None and not cat.is_tool_sheet(name):
                self.record.problem(
                    "warning",
                    sheet=name,
                    expected=(
                        "a sheet of the contract; this one is kept but not read",
                        "một trang tính của mẫu; trang này được giữ nhưng không đọc",
                    ),
                )
            elif sheet is not None and self.sheet_names.get(sheet.key) != name:
                self.record.problem(
                    "warning",
                    sheet=name,
                    expected=(
                        f"one sheet for '{sheet.key}'; this one is not read, "
                        f"sheet '{self.sheet_names.get(sheet.key)}' is",
                        f"chỉ một trang tính cho '{sheet.key}'; trang này không được đọc, "
                        f"trang '{self.sheet_names.get(sheet.key)}' được đọc",
                    ),
                )

    # -- one sheet -------------------------------------------------------
    def _header(self, sheet: Sheet, name: str, header) -> tuple[dict, dict]:
        """(file column index → contract column, file column index → extra label)."""
        lookup = {}
        for c in sheet.columns:
            lookup[fold(c.key)] = c
            lookup[fold(c.label)] = c
        columns: dict[int, Column] = {}
        extra: dict[int, str] = {}
        for i, cell in enumerate(header):
            if cell is None or str(cell).strip() == "":
                continue
            label = nfc(str(cell))
            col = lookup.get(fold(label))
            if col is None:
                if label in extra.values() or label in {c.key for c in sheet.columns}:
                    label = f"{label} ({i + 1})"
                extra[i] = label
                self.record.problem(
                    "warning",
                    sheet=name,
                    row=1,
                    column=label,
                    expected=(
                        "a column of the contract; this one is kept but not read",
                        "một cột của mẫu; cột này được giữ nhưng không đọc",
                    ),
                    col_index=i + 1,
                )
            elif col in columns.values():
                self.record.problem(
                    "error",
                    sheet=name,
                    row=1,
                    column=label,
                    expected=(
                        f"column '{col.label}' only once",
                        f"cột '{col.label}' chỉ một lần",
                    ),
                    col_index=i + 1,
                )
            else:
                columns[i] = col
        self._required_columns(sheet, name, set(columns.values()), extra)
        return columns, extra

    def _required_columns(self, sheet: Sheet, name: str, found: set, extra: dict) -> None:
        for c in sheet.columns:
            if c.required and c not in found:
                self.record.problem(
                    "error",
                    sheet=name,
                    row=1,
                    column=c.label,
                    expected=(
                        f"a required column '{c.label}' ({c.key})",
                        f"cột bắt buộc '{c.label}': thêm cột này vào dòng tiêu đề",
                    ),
                    suggestion=suggest(
                        closest(fold(c.label), {fold(x): x for x in extra.values()})
                    ),
                )

    def _sheet(self, sheet: Sheet, name: str, rows) -> pd.DataFrame:
        rows = iter(rows)
        header = next(rows, None) or ()
        columns, extra = self._header(sheet, name, header)
        positions = {col.key: i + 1 for i, col in columns.items()}
        positions.update({label: i + 1 for i, label in extra.items()})
        self.columns[sheet.key] = positions
        self._merged(name, columns, extra)
        # Dates first, so that a row's date is known before its unit names.
        ordered = sorted(
            columns.items(),
            key=lambda item: (item[1].type != "date", sheet.columns.index(item[1])),
        )
        records = []
        for excel_row, values in enumerate(rows, start=2):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            width = len(values)
            record = {"excel_row": excel_row}
            for i, col in ordered:
                raw = values[i] if i < width else None
                record[col.key] = self._cell(sheet, name, excel_row, col, raw, record, i + 1)
            for i, label in extra.items():
                raw = values[i] if i < width else None
                record[label] = nfc(raw) if isinstance(raw, str) else raw
            records.append(record)
        frame = pd.DataFrame.from_records(records) if records else empty_frame(sheet)
        for c in sheet.columns:
            if c.key not in frame:
                frame[c.key] = None
        for label in extra.values():
            if label not in frame:
                frame[label] = None
        frame = typed(sheet, frame)
        checks.check_rows(self._context(), sheet, name, frame)
        return frame

    def _merged(self, name: str, columns: dict, extra: dict) -> None:
        """A merged range over data rows: only its first cell holds a value."""
        for ref in self.marks.merged:
            min_col, min_row, _, max_row = merged_rows(ref)
            if max_row < 2:
                continue  # the header row may be merged
            col = columns.get(min_col - 1)
            label = col.label if col else extra.get(min_col - 1)
            self.record.merged(name, max(min_row, 2), label, ref, min_col)

    def _cell(self, sheet: Sheet, name: str, row: int, col: Column, raw, record, col_index=None):
        if isinstance(raw, str):
            raw = nfc(raw)
            if raw == "":
                raw = None
        if raw is None and (row, col_index) in self.marks.uncached:
            return self._uncalculated(sheet, name, row, col, col_index)
        if isinstance(raw, str) and raw.upper() in EXCEL_ERRORS:
            self.record.excel_error(name, row, col.label, raw, col_index)
            self.failed.add((sheet.key, row, col.key))
            return False if col.type == "bool" else None
        if raw is None:
            if col.required and not col.required_unless:
                self.record.problem(
                    "error",
                    name,
                    row,
                    col.label,
                    None,
                    (
                        f"a value ({col.label} is required)",
                        f"một giá trị ({col.label} là bắt buộc)",
                    ),
                    col_index=col_index,
                )
            return False if col.type == "bool" else None
        try:
            return self._convert(sheet, name, row, col, raw, record, col_index)
        except BadCell as bad:
            self.record.problem(
                "error", name, row, col.label, raw, bad.expected, bad.suggestion, col_index
            )
            self.failed.add((sheet.key, row, col.key))
            return None

    def _uncalculated(self, sheet: Sheet, name: str, row: int, col: Column, col_index):
        """A formula cell that Excel never calculated: there is no value to read."""
        formula = self.marks.uncached[(row, col_index)]
        self.record.uncalculated(name, row, col.label, formula, col_index)
        self.failed.add((sheet.key, row, col.key))
        return False if col.type == "bool" else None

    def _same_id(self, name: str, row: int, col: Column, value: str, raw, col_index) -> str:
        """One spelling per identifier: the first read, whatever the case,
        dashes, spaces or invisible characters of the later ones."""
        parts = value.split(";") if col.key == "successor_code" else [value]
        out = ";".join(
            self.ids.setdefault(identifier_key(p.strip()), p.strip()) if p.strip() else p
            for p in parts
        )
        typed = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw)
        if out != nfc(typed):
            self.record.respelled(name, row, col.label, nfc(typed), out, col_index)
        return out

    def _convert(self, sheet: Sheet, name: str, row: int, col: Column, raw, record, col_index):
        if col.type == "list":
            code, older = list_code(raw, col)
            if older is not None:
                self.record.problem(
                    "warning", name, row, col.label, raw, older, col_index=col_index
                )
            return code
        if col.type == "unit":
            if self.resolver is None:  # dia_ban itself failed
                return nfc(str(raw))
            return unit_code(raw, self.resolver, _row_day(sheet.key, record))
        value = CONVERT[col.type](raw, col)
        if col.key in IDENTIFIERS:
            return self._same_id(name, row, col, value, raw, col_index)
        return value


def typed(sheet: Sheet, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame's contract columns with the dtypes of their types."""
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


def empty_frame(sheet: Sheet) -> pd.DataFrame:
    """The frame of a sheet without rows."""
    return pd.DataFrame(
        {
            "excel_row": pd.Series(dtype="int64"),
            **{c.key: pd.Series(dtype=object) for c in sheet.columns},
        }
    )


def _valid_units(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of dia_ban complete enough to be units (the others are reported)."""
    if frame.empty:
        return frame
    return frame[frame[["unit_code", "unit_name", "unit_type"]].notna().all(axis=1)]


def _row_day(sheet_key: str, record: dict) -> dt.date | None:
    """The date that decides which units a row's names may mean."""
    value = {"san_pham": "decision_date", "diem_ban": "opened"}.get(sheet_key)
    day = record.get(value) if value else None
    return day if isinstance(day, dt.date) else None
