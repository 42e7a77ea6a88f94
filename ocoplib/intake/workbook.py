"""Reading the OCOP workbook by the contract: sheets and columns found by
label or key, cells converted to their types, closed lists and unit names
matched, and every problem collected with its place in the file.

Input files are only read, never written.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from ocoplib.base.contract import Column, Sheet, contract
from ocoplib.base.files import sha256_of
from ocoplib.base.problems import InputError, Problem, both, closest, split, suggest
from ocoplib.base.text import fold, nfc
from ocoplib.domain.levels import band_of, bands_text, derived_level
from ocoplib.domain.units import Unit, UnitResolver, units_from_frame

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_LOOSE_DMY = re.compile(r"^(\d{1,2})[.\-](\d{1,2})[.\-](\d{4})$")  # 20.3.2024, 20-3-2024
_TRUE = {fold(v) for v in ("có", "co", "x", "true", "1", "yes", "đúng")}
_FALSE = {fold(v) for v in ("không", "khong", "false", "0", "no", "sai", "-")}
# Sheets read first: units are needed to match names, owners to check references.
_ORDER = ["dia_ban", "chu_the", "san_pham", "diem_ban", "chi_tieu", "hoat_dong"]


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


@dataclass
class Check:
    """Everything reading a workbook found, errors or not: the frames (partial
    where a sheet failed), the units, every problem, and where each sheet and
    column sits in the file."""

    path: Path
    frames: dict[str, pd.DataFrame]
    units: list[Unit]
    problems: list[Problem]
    sheet_names: dict[str, str]  # contract key → the sheet's name in the file
    columns: dict[str, dict[str, int]]  # contract key → {column key or extra label: 1-based}
    opened: bool = True  # False: the file is not a readable workbook

    @property
    def errors(self) -> list[Problem]:
        return split(self.problems)[0]

    @property
    def warnings(self) -> list[Problem]:
        return split(self.problems)[1]

    def extra_columns(self, sheet_key: str) -> list[str]:
        """Columns of a sheet that are not in the contract, as headed in the file."""
        keys = {c.key for c in contract().sheet(sheet_key).columns}
        return [k for k in self.columns.get(sheet_key, {}) if k not in keys]


def check_workbook(path: str | Path, context: Workbook | None = None) -> Check:
    """Read the workbook by the contract and collect every problem, raising nothing.

    ``context`` is the province's workbook when ``path`` is one district's
    submission: its units and owners count as known, so that a submission
    may name units and owners that only the province's workbook lists.
    """
    path = Path(path)
    reader = _Reader(path, context)
    frames = reader.read()
    return Check(
        path,
        frames,
        reader.units,
        reader.problems,
        reader.sheet_names,
        reader.columns,
        reader.opened,
    )


def read_workbook(path: str | Path, context: Workbook | None = None) -> Workbook:
    """Load and check the workbook; raise InputError listing every error."""
    found = check_workbook(path, context)
    if found.errors:
        raise InputError(found.problems)
    return Workbook(
        path=found.path,
        sha256=sha256_of(found.path),
        frames=found.frames,
        units=found.units,
        warnings=found.warnings,
    )


class _Reader:
    def __init__(self, path: Path, context: Workbook | None = None):
        self.path = path
        self.file = path.name
        self.context = context
        self.problems: list[Problem] = []
        self.units: list[Unit] = []
        self.resolver: UnitResolver | None = None
        self.owner_ids: set[str] | None = None  # None: sheet chu_the could not be read
        self.sheet_names: dict[str, str] = {}
        self.columns: dict[str, dict[str, int]] = {}
        self.failed: set[tuple[str, int, str]] = set()  # (sheet, row, column) not converted
        self.opened = False

    # -- reporting -------------------------------------------------------
    def problem(
        self,
        severity,
        sheet=None,
        row=None,
        column=None,
        value=None,
        expected="",
        suggestion=None,
        col_index=None,
    ):
        """Record a problem; ``expected`` and ``suggestion`` are a text or an
        (English, Vietnamese) pair."""
        (expected, expected_vi), (suggestion, suggestion_vi) = both(expected), both(suggestion)
        self.problems.append(
            Problem(
                severity,
                self.file,
                sheet,
                row,
                column,
                value,
                expected,
                suggestion,
                col_index,
                expected_vi,
                suggestion_vi,
            )
        )

    def at(self, sheet: Sheet, name: str, row: int, key: str, value, expected, suggestion=None):
        """An error in the cell of column ``key`` on ``row``."""
        self.problem(
            "error",
            name,
            row,
            sheet.column(key).label,
            value,
            expected,
            suggestion,
            self.columns.get(sheet.key, {}).get(key),
        )

    # -- the file --------------------------------------------------------
    def _open(self):
        """The workbook opened read-only, or None with the reason as an error."""
        if not self.path.is_file():
            self.problem(
                "error",
                expected=("the workbook file to exist", "tệp sổ dữ liệu có tồn tại"),
                suggestion=(f"looked for {self.path}", f"đã tìm {self.path}"),
            )
            return None
        kind = file_kind(self.path)
        if kind != "zip":
            self.problem(
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
        # A file object, so that openpyxl does not judge the file by its extension;
        # read() closes it.
        fh = open(self.path, "rb")  # noqa: SIM115
        try:
            wb = load_workbook(fh, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            fh.close()
            self.problem(
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

    def read(self) -> dict[str, pd.DataFrame]:
        wb = self._open()
        if wb is None:
            return {key: _empty(contract().sheet(key)) for key in _ORDER}
        try:
            return self._read(wb)
        except Exception as exc:  # a sheet's XML broken beyond what openpyxl opened
            self.problem(
                "error",
                expected=(
                    f"a readable .xlsx workbook; reading it failed ({type(exc).__name__}: {exc})",
                    "một tệp .xlsx đọc được; không đọc được tệp này",
                ),
                suggestion=_RESAVE,
            )
            return {key: _empty(contract().sheet(key)) for key in _ORDER}
        finally:
            wb.close()
            self._fh.close()

    def _read(self, wb) -> dict[str, pd.DataFrame]:
        cat = contract()
        by_name = {fold(name): name for name in wb.sheetnames}
        frames: dict[str, pd.DataFrame] = {}
        for key in _ORDER:
            sheet = cat.sheet(key)
            actual = by_name.get(fold(sheet.key)) or by_name.get(fold(sheet.alias))
            if actual is None:
                self.problem(
                    "error",
                    sheet=sheet.key,
                    expected=(
                        f"a sheet named '{sheet.key}' (or '{sheet.alias}')",
                        f"trang tính tên '{sheet.key}' (hoặc '{sheet.alias}')",
                    ),
                    suggestion=suggest(closest(fold(sheet.key), by_name)),
                )
                frames[key] = _empty(sheet)
            else:
                self.sheet_names[key] = actual
                ws = wb[actual]
                # Read what the sheet holds, not what its (sometimes wrong) dimension claims.
                ws.reset_dimensions()
                frames[key] = self._sheet(sheet, actual, ws.iter_rows(values_only=True))
            if key == "dia_ban":
                self.units = units_from_frame(_valid_units(frames[key]))
                if self.context is not None:
                    own = {u.code for u in self.units}
                    self.units += [u for u in self.context.units if u.code not in own]
                if actual is not None or self.units:
                    self.resolver = UnitResolver(self.units)
                if actual is not None:
                    self._check_units(frames[key], actual)
            elif key == "chu_the":
                if actual is not None:
                    self.owner_ids = set(frames[key]["owner_id"].dropna())
                if self.context is not None:
                    known = set(self.context["chu_the"]["owner_id"].dropna())
                    self.owner_ids = (self.owner_ids or set()) | known
        for name in wb.sheetnames:
            sheet = cat.find_sheet(name)
            if sheet is None and not cat.is_tool_sheet(name):
                self.problem(
                    "warning",
                    sheet=name,
                    expected=(
                        "a sheet of the contract; this one is kept but not read",
                        "một trang tính của mẫu; trang này được giữ nhưng không đọc",
                    ),
                )
            elif sheet is not None and self.sheet_names.get(sheet.key) != name:
                self.problem(
                    "warning",
                    sheet=name,
                    expected=(
                        f"one sheet for '{sheet.key}'; this one is not read, "
                        f"sheet '{self.sheet_names.get(sheet.key)}' is",
                        f"một trang tính cho '{sheet.key}'; trang này không được đọc, "
                        f"trang '{self.sheet_names.get(sheet.key)}' được đọc",
                    ),
                )
        return frames

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
                self.problem(
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
                self.problem(
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
        found = set(columns.values())
        for c in sheet.columns:
            if c.required and c not in found:
                self.problem(
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
        return columns, extra

    def _sheet(self, sheet: Sheet, name: str, rows) -> pd.DataFrame:
        rows = iter(rows)
        header = next(rows, None) or ()
        columns, extra = self._header(sheet, name, header)
        positions = {col.key: i + 1 for i, col in columns.items()}
        positions.update({label: i + 1 for i, label in extra.items()})
        self.columns[sheet.key] = positions
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
        frame = pd.DataFrame.from_records(records) if records else _empty(sheet)
        for c in sheet.columns:
            if c.key not in frame:
                frame[c.key] = None
        for label in extra.values():
            if label not in frame:
                frame[label] = None
        frame = self._typed(sheet, frame)
        self._check_rows(sheet, name, frame)
        return frame

    def _cell(self, sheet: Sheet, name: str, row: int, col: Column, raw, record, col_index=None):
        if isinstance(raw, str):
            raw = nfc(raw)
            if raw == "":
                raw = None
        if raw is None:
            if col.required and not col.required_unless:
                self.problem(
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
        self._col_index = col_index  # for a warning a converter reports
        try:
            return _CONVERT[col.type](self, sheet, name, row, col, raw, record)
        except _Bad as bad:
            self.problem(
                "error", name, row, col.label, raw, bad.expected, bad.suggestion, col_index
            )
            self.failed.add((sheet.key, row, col.key))
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
            raise _Bad(("a number", "một số"))
        if col.type == "integer":
            if not float(value).is_integer():
                raise _Bad((f"a whole number{_range(col)}", f"một số nguyên{_range_vi(col)}"))
            value = int(value)
        if (col.min is not None and value < col.min) or (col.max is not None and value > col.max):
            whole = col.type == "integer"
            raise _Bad(
                (
                    f"a {'whole ' if whole else ''}number{_range(col)}",
                    f"một số{' nguyên' if whole else ''}{_range_vi(col)}",
                )
            )
        return value

    def _date(self, sheet, name, row, col, raw, record):
        value = parse_date(raw)
        if value is None:
            hint = None
            if isinstance(raw, int | float) and not isinstance(raw, bool) and 1 < raw < 2958466:
                serial = dt.date(1899, 12, 30) + dt.timedelta(days=int(raw))
                hint = (
                    f"as an Excel date this number is {serial:%d/%m/%Y}: format it as a date",
                    f"số này là ngày {serial:%d/%m/%Y}: định dạng ô là ngày",
                )
            elif isinstance(raw, str) and (m := _LOOSE_DMY.match(raw.strip())):
                day = "/".join(m.groups())
                hint = (f"write it as dd/mm/yyyy, e.g. {day}", f"ghi dạng ngày/tháng/năm: {day}")
            raise _Bad(
                (
                    "a real date: an Excel date, dd/mm/yyyy or yyyy-mm-dd",
                    "một ngày có thật, dạng ngày/tháng/năm (ví dụ 20/3/2024)",
                ),
                hint,
            )
        return value

    def _bool(self, sheet, name, row, col, raw, record):
        if isinstance(raw, bool):
            return raw
        key = fold(str(int(raw) if isinstance(raw, float) and raw.is_integer() else raw))
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
        raise _Bad(
            (
                "yes or no: Có/Không, x/blank, TRUE/FALSE or 1/0",
                "Có hoặc Không (x là Có, để trống là Không)",
            )
        )

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
                (
                    f"a value of the current list ({clist.label}); this name of the "
                    f"older list is read as '{clist.label_of(legacy)}'",
                    f"một giá trị của danh mục hiện hành ({clist.label}); tên cũ này được "
                    f"hiểu là '{clist.label_of(legacy)}'",
                ),
                col_index=self._col_index,
            )
            return legacy
        labels = {fold(v.label): v.label for v in clist.values}
        labels.update({fold(a): v.label for v in clist.values for a in v.accept})
        values = " / ".join(v.label for v in clist.values)
        raise _Bad(
            ("one of: " + values, "một trong: " + values),
            suggest(closest(key, labels)),
        )

    def _unit(self, sheet, name, row, col, raw, record):
        if self.resolver is None:  # dia_ban itself failed
            return nfc(str(raw))
        day = _row_day(sheet.key, record)
        found = self.resolver.candidates(str(raw), day)
        if len(found) == 1:
            return found[0].code
        if not found:
            when = f" valid on {day:%d/%m/%Y}" if day else ""
            when_vi = f" có hiệu lực ngày {day:%d/%m/%Y}" if day else ""
            raise _Bad(
                (
                    "an administrative unit of sheet dia_ban" + when,
                    "một đơn vị hành chính của trang dia_ban" + when_vi,
                ),
                suggest(self.resolver.suggestions(str(raw), day)),
            )
        names = [f"{u.full_name} ({u.code})" for u in found]
        raise _Bad(
            (
                "one unit, but the name matches " + " and ".join(names),
                "một đơn vị, nhưng tên này trùng " + " và ".join(names),
            ),
            (
                "write the type word in front of the name",
                "ghi loại đơn vị trước tên (Huyện, Xã, TP. …)",
            ),
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
        complete = frame[keys].notna().all(axis=1)
        rows = frame[complete]
        first = rows.groupby(keys, sort=False, dropna=True)["excel_row"].transform("min")
        dup = rows[rows["excel_row"] != first]
        labels = " + ".join(sheet.column(k).label for k in keys)
        for r, first_row in zip(dup.itertuples(index=False), first[dup.index], strict=True):
            value = getattr(r, keys[0])
            self.at(
                sheet,
                name,
                r.excel_row,
                keys[0],
                value,
                (
                    f"a unique {labels}; row {first_row} has the same",
                    f"{labels} không trùng; dòng {first_row} đã có",
                ),
                (
                    "change one of the two rows, or delete the repeated one",
                    "sửa một trong hai dòng, hoặc xoá dòng lặp",
                ),
            )

    def _check_rows(self, sheet: Sheet, name: str, frame: pd.DataFrame):
        self._duplicates(sheet, name, frame)
        check = _ROW_CHECKS.get(sheet.key)
        if check is not None and not frame.empty:
            check(self, sheet, name, frame)
        if sheet.key == "chi_tieu" and "scope_code" not in frame:
            frame["scope_code"] = pd.Series(dtype=object)

    def _check_products(self, sheet, name, frame):
        owners = self.owner_ids
        self._attribute_to_districts(sheet, name, frame)
        for r in frame.itertuples(index=False):
            if r.owner_id is not None and owners is not None and r.owner_id not in owners:
                self.at(
                    sheet,
                    name,
                    r.excel_row,
                    "owner_id",
                    r.owner_id,
                    ("an owner id of sheet chu_the", "một mã chủ thể của trang chu_the"),
                    suggest(closest(r.owner_id, {o: o for o in owners}))
                    or ("add the owner to sheet chu_the first", "thêm chủ thể vào trang chu_the"),
                )
            if pd.notna(r.score) and pd.notna(r.stars):
                band = band_of(r.score)
                if r.stars > band:
                    self.at(
                        sheet,
                        name,
                        r.excel_row,
                        "stars",
                        int(r.stars),
                        (
                            f"at most {band} stars for a score of {r.score:g} "
                            f"(bands: {bands_text()})",
                            f"nhiều nhất {band} sao với {r.score:g} điểm ({bands_text('vi')})",
                        ),
                        (
                            "check the stars and the score against the decision",
                            "đối chiếu số sao và điểm với quyết định",
                        ),
                    )
            if r.five_star_candidate and pd.notna(r.stars) and r.stars != 4:
                self.problem(
                    "warning",
                    name,
                    r.excel_row,
                    sheet.column("five_star_candidate").label,
                    "Có",
                    (
                        "a five-star candidate to be a 4-star product; the mark is ignored",
                        "sản phẩm tiềm năng 5 sao là sản phẩm 4 sao; đánh dấu này bị bỏ qua",
                    ),
                    col_index=self.columns[sheet.key].get("five_star_candidate"),
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

    def _attribute_to_districts(self, sheet, name, frame) -> None:
        """A row names its district, or (from 01/07/2025, when districts are no
        more) only its commune: it is then attributed to the commune's former
        district (``parent_code``), so that series across the change add up."""
        units = {u.code: u for u in self.units}
        parents = {u.code: u.parent_code for u in self.units}
        # A commune typed in the district column (after 01/07/2025) moves to its column.
        moved = (
            frame["district"]
            .map(lambda code: code in units and units[code].level == "commune")
            .astype(bool)
            & frame["commune"].isna()
        )
        frame.loc[moved, "commune"] = frame.loc[moved, "district"]
        frame.loc[moved, "district"] = None
        missing = frame["district"].isna()
        for r in frame[missing & frame["commune"].isna()].itertuples(index=False):
            if {(sheet.key, r.excel_row, "district"), (sheet.key, r.excel_row, "commune")} & (
                self.failed
            ):
                continue  # already reported as a value that is not a unit
            self.at(
                sheet,
                name,
                r.excel_row,
                "district",
                None,
                (
                    "a district, or from 01/07/2025 a commune in the next column",
                    "một huyện, hoặc từ 01/7/2025 một xã ở cột bên cạnh",
                ),
            )
        frame.loc[missing, "district"] = frame.loc[missing, "commune"].map(
            lambda code: parents.get(code) or code if code is not None else None
        )

    def _check_targets(self, sheet, name, frame):
        cat = contract()
        provinces = {fold(n) for n in cat.province_scope_names}
        scope_codes = []
        for r in frame.itertuples(index=False):
            if pd.notna(r.target_max) and pd.notna(r.target_min) and r.target_max < r.target_min:
                self.at(
                    sheet,
                    name,
                    r.excel_row,
                    "target_max",
                    r.target_max,
                    (
                        f"a maximum not below the minimum ({r.target_min:g})",
                        f"chỉ tiêu tối đa không nhỏ hơn tối thiểu ({r.target_min:g})",
                    ),
                    (
                        "swap the two values, or leave the maximum blank",
                        "đổi chỗ hai giá trị, hoặc để trống chỉ tiêu tối đa",
                    ),
                )
            computed = r.indicator in cat.indicators
            if computed and pd.notna(r.actual_manual):
                self.at(
                    sheet,
                    name,
                    r.excel_row,
                    "actual_manual",
                    r.actual_manual,
                    (
                        f"no manual result: '{r.indicator}' is computed from the workbook",
                        f"không nhập kết quả: '{r.indicator}' được tính tự động từ sổ dữ liệu",
                    ),
                    ("leave this cell blank", "để trống ô này"),
                )
            if not computed and r.indicator is not None and pd.isna(r.actual_manual):
                self.at(
                    sheet,
                    name,
                    r.excel_row,
                    "actual_manual",
                    None,
                    (
                        f"a manual result: '{r.indicator}' is not in the indicator "
                        "catalogue (" + ", ".join(cat.indicators) + ")",
                        f"kết quả nhập tay: '{r.indicator}' không thuộc danh mục chỉ tiêu "
                        "tính tự động (" + ", ".join(cat.indicators) + ")",
                    ),
                    suggest(closest(r.indicator, {k: k for k in cat.indicators})),
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
        self.at(
            sheet,
            name,
            r.excel_row,
            "scope",
            r.scope,
            (
                "'Tỉnh' or one administrative unit of sheet dia_ban valid in " + str(r.year),
                f"'Tỉnh' hoặc một đơn vị của trang dia_ban có hiệu lực năm {r.year}",
            ),
            suggest(self.resolver.suggestions(r.scope, day)),
        )
        return None

    def _check_activities(self, sheet, name, frame):
        for r in frame.itertuples(index=False):
            if pd.notna(r.end_date) and pd.notna(r.date) and r.end_date < r.date:
                self.at(
                    sheet,
                    name,
                    r.excel_row,
                    "end_date",
                    f"{r.end_date:%d/%m/%Y}",
                    (
                        f"an end date on or after the start ({r.date:%d/%m/%Y})",
                        f"ngày kết thúc không trước ngày bắt đầu ({r.date:%d/%m/%Y})",
                    ),
                )

    def _check_units(self, frame: pd.DataFrame, name: str):
        sheet = contract().sheet("dia_ban")
        codes = set(frame["unit_code"].dropna())
        if self.context is not None:
            codes |= {u.code for u in self.context.units}
        for r in frame.itertuples(index=False):
            if r.parent_code is not None and r.parent_code not in codes:
                self.at(
                    sheet,
                    name,
                    r.excel_row,
                    "parent_code",
                    r.parent_code,
                    ("a unit code of this sheet", "một mã đơn vị của trang này"),
                    suggest(closest(r.parent_code, {c: c for c in codes})),
                )
            if pd.notna(r.valid_from) and pd.notna(r.valid_to) and r.valid_to < r.valid_from:
                self.at(
                    sheet,
                    name,
                    r.excel_row,
                    "valid_to",
                    f"{r.valid_to:%d/%m/%Y}",
                    ("a date on or after 'Hiệu lực từ'", "một ngày không trước 'Hiệu lực từ'"),
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
    """A cell that cannot be read; texts are (English, Vietnamese) pairs."""

    def __init__(self, expected, suggestion=None):
        super().__init__(both(expected)[0])
        self.expected = expected
        self.suggestion = suggestion


#: What a file that is not an .xlsx workbook looks like (English, Vietnamese).
FILE_KINDS = {
    "empty": ("empty (0 bytes)", "tệp rỗng (0 byte)"),
    "damaged": (
        "a damaged .xlsx: its content is cut short or broken",
        "tệp .xlsx bị hỏng: nội dung bị cắt cụt hoặc lỗi",
    ),
    "encrypted": (
        "protected by a password (Excel encrypts such a workbook)",
        "tệp có đặt mật khẩu (Excel mã hoá tệp này)",
    ),
    "xls": (
        "an old Excel 97-2003 .xls file (or another Office 97 document)",
        "tệp Excel 97-2003 (.xls) cũ hoặc tài liệu Office 97 khác",
    ),
    "pdf": ("a PDF document", "tài liệu PDF"),
    "html": ("an HTML or XML page", "trang HTML hoặc XML"),
    "text": ("a text or CSV file", "tệp văn bản hoặc CSV"),
    "other": ("not an .xlsx workbook", "không phải tệp .xlsx"),
}


def file_kind(path: Path) -> str:
    """``zip`` for a file that can be an .xlsx workbook, else a key of FILE_KINDS."""
    with open(path, "rb") as fh:
        head = fh.read(1 << 20)
    if not head:
        return "empty"
    if head.startswith(b"PK"):
        return "zip" if zipfile.is_zipfile(path) else "damaged"
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE compound file
        return "encrypted" if "EncryptionInfo".encode("utf-16-le") in head else "xls"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.lstrip()[:1] == b"<":
        return "html"
    try:
        head[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return "other"
    return "text"


def _valid_units(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of dia_ban complete enough to be units (the others are reported)."""
    if frame.empty:
        return frame
    return frame[frame[["unit_code", "unit_name", "unit_type"]].notna().all(axis=1)]


def _empty(sheet: Sheet) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "excel_row": pd.Series(dtype="int64"),
            **{c.key: pd.Series(dtype=object) for c in sheet.columns},
        }
    )


_RESAVE = ("open it in Excel and save it again as .xlsx", "mở bằng Excel rồi lưu lại dạng .xlsx")


def _range_vi(col: Column) -> str:
    if col.min is not None and col.max is not None:
        return f" từ {col.min:g} đến {col.max:g}"
    if col.min is not None:
        return f" không nhỏ hơn {col.min:g}"
    return ""


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


def read_workbook_file(path: str | Path) -> Workbook:
    """The workbook that ``ocop batch`` loaded and checked once for all its
    reports (a pickle it wrote itself, see :mod:`ocoplib.batch.cache`)."""
    import pickle

    with open(path, "rb") as fh:
        workbook = pickle.load(fh)
    if not isinstance(workbook, Workbook):
        raise TypeError(f"{path} does not hold a loaded workbook")
    return workbook
