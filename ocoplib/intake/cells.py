"""One cell of the workbook converted to its column's type, or ``BadCell``
saying what was expected (English and Vietnamese)."""

from __future__ import annotations

import datetime as dt
import re

from ocoplib.base.contract import Column, contract
from ocoplib.base.problems import both, closest, suggest
from ocoplib.base.text import fold, nfc
from ocoplib.domain.units import UnitResolver

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_LOOSE_DMY = re.compile(r"^(\d{1,2})[.\-](\d{1,2})[.\-](\d{4})$")  # 20.3.2024, 20-3-2024
_TRUE = {fold(v) for v in ("có", "co", "x", "true", "1", "yes", "đúng")}
_FALSE = {fold(v) for v in ("không", "khong", "false", "0", "no", "sai", "-")}


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
    return nfc(str(raw))


def number(raw, col: Column) -> int | float:
    """A number within the column's range, whole for an integer column."""
    value = as_number(raw)
    if value is None:
        raise BadCell(("a number", "một số"))
    if col.type == "integer":
        if not float(value).is_integer():
            raise BadCell(
                (f"a whole number{col.range_text()}", f"một số nguyên{col.range_text('vi')}")
            )
        value = int(value)
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
        return value
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
