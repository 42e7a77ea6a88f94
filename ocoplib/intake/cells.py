"""One cell of the workbook converted to its column's type, or ``BadCell``
saying what was expected (English and Vietnamese)."""

from __future__ import annotations

import datetime as dt
import math
import re

from ocoplib.base.contract import Column, contract
from ocoplib.base.problems import both, closest, suggest
from ocoplib.base.text import fold, identifier, nfc
from ocoplib.domain.units import UnitResolver

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_LOOSE_DMY = re.compile(r"^(\d{1,2})[.\-](\d{1,2})[.\-](\d{4})$")  # 20.3.2024, 20-3-2024
_TRUE = {fold(v) for v in ("có", "co", "x", "true", "1", "yes", "đúng")}
_FALSE = {fold(v) for v in ("không", "khong", "false", "0", "no", "sai", "-")}
#: What Excel shows in a cell whose formula failed.
EXCEL_ERRORS = frozenset(
    ("#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#SPILL!", "#CALC!")
    + ("#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!")
)
#: The most characters an Excel cell holds (a longer text cannot be written back).
MAX_TEXT = 32_767
#: Dates a workbook may hold: before 1900 Excel has no dates, after 2100 none is meant.
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
#: Columns holding identifiers: compared ignoring case, Unicode dashes and
#: spaces and invisible characters (see :func:`ocoplib.base.text.identifier`).
IDENTIFIERS = frozenset(("product_id", "owner_id", "unit_code", "parent_code", "successor_code"))
# Control characters (tab, line feed and carriage return excepted), private-use
# and unassigned code points, and anything beyond the Basic Multilingual Plane
# (emoji): the report's fonts cannot show them and the PDF's text loses them.
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufff0-\ufffd\U00010000-\U0010ffff]"
)


class BadCell(Exception):
    """A cell that cannot be read; texts are (English, Vietnamese) pairs."""

    def __init__(self, expected, suggestion=None):
        super().__init__(both(expected)[0])
        self.expected = expected
        self.suggestion = suggestion


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


def as_number(raw) -> float | None:
    """A number cell, or a text written as a number (``18,5``, ``1.234,5``); else None."""
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


def text(raw, col: Column) -> str:
    """The cell as text: a whole number without ``.0``, a date as ``yyyy-mm-dd``."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, dt.datetime):
        raw = raw.date().isoformat()
    value = nfc(str(raw))
    if len(value) > MAX_TEXT:
        raise BadCell(
            (
                f"a text of at most {MAX_TEXT:,} characters; this one has {len(value):,}",
                f"nội dung tối đa {MAX_TEXT:,} ký tự; ô này có {len(value):,}".replace(",", "."),
            ),
            ("shorten the text", "rút gọn nội dung"),
        )
    if bad := _UNPRINTABLE.search(value):
        raise BadCell(
            (
                f"text without the character U+{ord(bad[0]):04X} (emoji, control or private "
                "characters cannot be shown in the report)",
                f"nội dung không chứa ký tự U+{ord(bad[0]):04X} (biểu tượng cảm xúc, "
                "ký tự điều khiển hoặc ký tự riêng không hiển thị được trong báo cáo)",
            ),
            ("delete that character", "xoá ký tự đó"),
        )
    return identifier(value) if col.key in IDENTIFIERS else value


def number(raw, col: Column) -> int | float:
    """A number within the column's range, whole for an integer column."""
    value = as_number(raw)
    if value is None:
        raise BadCell(("a number", "một số"))
    if not math.isfinite(value):
        raise BadCell(
            ("a finite number, not infinity or NaN", "một số hữu hạn (không phải vô cực hay NaN)")
        )
    if col.type == "integer":
        if not float(value).is_integer():
            raise BadCell(
                (f"a whole number{col.range_text()}", f"một số nguyên{col.range_text('vi')}")
            )
        value = int(value)
        if abs(value) >= 10**15:  # beyond what the frames hold exactly
            raise BadCell(("a whole number of at most 15 digits", "một số nguyên tối đa 15 chữ số"))
    if (col.min is not None and value < col.min) or (col.max is not None and value > col.max):
        whole = col.type == "integer"
        raise BadCell(
            (
                f"a {'whole ' if whole else ''}number{col.range_text()}",
                f"một số{' nguyên' if whole else ''}{col.range_text('vi')}",
            )
        )
    return value


def date(raw, col: Column) -> dt.date:
    """A date, else BadCell with a hint for a serial number or a dd.mm.yyyy text."""
    value = parse_date(raw)
    if value is not None:
        if not FIRST_DAY <= value <= LAST_DAY:
            raise BadCell(
                (
                    f"a date from {FIRST_DAY:%d/%m/%Y} to {LAST_DAY:%d/%m/%Y}",
                    f"một ngày từ {FIRST_DAY:%d/%m/%Y} đến {LAST_DAY:%d/%m/%Y}",
                ),
                ("check the year", "kiểm tra lại năm"),
            )
        return value
    hint = None
    if isinstance(raw, str) and re.fullmatch(r"\d{1,7}", raw.strip()):
        raw = int(raw.strip())  # an Excel serial number kept as text
    if isinstance(raw, int | float) and not isinstance(raw, bool) and 1 < raw < 2958466:
        serial = dt.date(1899, 12, 30) + dt.timedelta(days=int(raw))
        hint = (
            f"as an Excel date this number is {serial:%d/%m/%Y}: format it as a date",
            f"số này là ngày {serial:%d/%m/%Y}: định dạng ô là ngày",
        )
    elif isinstance(raw, str) and (m := _LOOSE_DMY.match(raw.strip())):
        day = "/".join(m.groups())
        hint = (f"write it as dd/mm/yyyy, e.g. {day}", f"ghi dạng ngày/tháng/năm: {day}")
    raise BadCell(
        (
            "a real date: an Excel date, dd/mm/yyyy or yyyy-mm-dd",
            "một ngày có thật, dạng ngày/tháng/năm (ví dụ 20/3/2024)",
        ),
        hint,
    )


def boolean(raw, col: Column) -> bool:
    """Yes or no, from the words and marks officers type."""
    if isinstance(raw, bool):
        return raw
    key = fold(str(int(raw) if isinstance(raw, float) and raw.is_integer() else raw))
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise BadCell(
        (
            "yes or no: Có/Không, x/blank, TRUE/FALSE or 1/0",
            "Có hoặc Không (x là Có, để trống là Không)",
        )
    )


#: Converters of the column types that need nothing but the cell.
CONVERT = {"text": text, "integer": number, "number": number, "date": date, "bool": boolean}


def list_code(raw, col: Column) -> tuple[str, tuple[str, str] | None]:
    """The code of a closed list's value, with a warning (English, Vietnamese)
    when the value is a name of the older list."""
    clist = contract().lists[col.list]
    key = fold(str(raw))
    code = clist.lookup().get(key)
    if code is not None:
        return code, None
    legacy = clist.legacy_lookup().get(key)
    if legacy is not None:
        return legacy, (
            f"a value of the current list ({clist.label}); this name of the "
            f"older list is read as '{clist.label_of(legacy)}'",
            f"một giá trị của danh mục hiện hành ({clist.label}); tên cũ này được "
            f"hiểu là '{clist.label_of(legacy)}'",
        )
    labels = {fold(v.label): v.label for v in clist.values}
    labels.update({fold(a): v.label for v in clist.values for a in v.accept})
    values = " / ".join(v.label for v in clist.values)
    raise BadCell(
        ("one of: " + values, "một trong: " + values),
        suggest(closest(key, labels)),
    )


def unit_code(raw, resolver: UnitResolver, day: dt.date | None) -> str:
    """The code of the one unit the name means on ``day`` (any day if None)."""
    found = resolver.candidates(str(raw), day)
    if len(found) == 1:
        return found[0].code
    if not found:
        when = f" valid on {day:%d/%m/%Y}" if day else ""
        when_vi = f" có hiệu lực ngày {day:%d/%m/%Y}" if day else ""
        raise BadCell(
            (
                "an administrative unit of sheet dia_ban" + when,
                "một đơn vị hành chính của trang dia_ban" + when_vi,
            ),
            suggest(resolver.suggestions(str(raw), day)),
        )
    names = [f"{u.full_name} ({u.code})" for u in found]
    raise BadCell(
        (
            "one unit, but the name matches " + " and ".join(names),
            "một đơn vị, nhưng tên này trùng " + " và ".join(names),
        ),
        (
            "write the type word in front of the name",
            "ghi loại đơn vị trước tên (Huyện, Xã, TP. …)",
        ),
    )
