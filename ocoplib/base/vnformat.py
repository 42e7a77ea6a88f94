"""Vietnamese number, date and list forms for administrative prose.

Numbers: ``.`` groups thousands, ``,`` is the decimal mark (Babel's ``vi``
locale); percentages as ``18,57 %``; dates ``dd/mm/yyyy``; small counts with a
leading zero (``03 địa phương``) when :data:`LEADING_ZERO` is on.
"""

from __future__ import annotations

import datetime as dt
import re

from babel.numbers import format_decimal

#: Counts below ten take a leading zero in prose (``04 sản phẩm``), as the seed does.
LEADING_ZERO = True
LOCALE = "vi_VN"


def number(value, decimals: int = 2) -> str:
    """``15590`` → ``15.590``; ``18.571`` → ``18,57`` (at most ``decimals``)."""
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def count(value, leading_zero: bool | None = None) -> str:
    """A count in prose: ``4`` → ``04`` (when leading zeros are on), ``13`` → ``13``."""
    lz = LEADING_ZERO if leading_zero is None else leading_zero
    if not float(value).is_integer():
        return number(value)
    n = int(value)
    if lz and 0 < n < 10:
        return f"{n:02d}"
    return number(n, 0)


#: Between the ends of a range (``04 - 06``): a hyphen with non-breaking
#: spaces, so that a range is never broken across lines.
RANGE_DASH = "\u00a0-\u00a0"
_RANGE = re.compile(r"(\d)(?:\s+-\s+|\s*–\s*)(\d)")


def count_range(low, high, leading_zero: bool | None = None) -> str:
    """A range of counts as text, tables and charts set it: ``04 - 06``
    (non-breaking spaces around the dash); one count when both ends agree."""
    if high is None or high == low:
        return count(low, leading_zero)
    return f"{count(low, leading_zero)}{RANGE_DASH}{count(high, leading_zero)}"


def tie_ranges(text: str) -> str:
    """Typed text with its ranges set as :func:`count_range` sets them:
    ``từ 03 - 05 sao`` keeps ``03 - 05`` on one line."""
    return _RANGE.sub(lambda m: f"{m[1]}{RANGE_DASH}{m[2]}", text)


def percent(value, decimals: int = 2) -> str:
    """``18.57`` → ``18,57 %``."""
    if value is None:
        return ""
    return f"{number(value, decimals)} %"


def date(day: dt.date | None) -> str:
    """``dd/mm/yyyy``."""
    if day is None:
        return ""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def date_range(start: dt.date, end: dt.date | None) -> str:
    """``13/05 đến ngày 04/06/2024``-style span, or one date."""
    if end is None or end == start:
        return date(start)
    if start.year == end.year:
        return f"{start.day:02d}/{start.month:02d} đến ngày {date(end)}"
    return f"{date(start)} đến ngày {date(end)}"


def place_date(place: str, year: int, month: int | None = None, day: int | None = None) -> str:
    """The place-and-date line: ``Quảng Ngãi, ngày 05 tháng 01 năm 2025``.
    Days below 10 and months 1–2 take a leading zero; a missing day or month
    leaves room to write it by hand."""
    gap = "\u00a0" * 6
    d = f"{day:02d}" if day else gap
    if month:
        m = f"{month:02d}" if month <= 2 else str(month)
    else:
        m = gap
    return f"{place}, ngày {d} tháng {m} năm {year}"


def join(items: list[str], last: str = "và") -> str:
    """``a, b và c``."""
    items = [str(i) for i in items]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def capitalize_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def lower_first(text: str) -> str:
    """Lower-case the first letter only, so that ``OCOP`` and ``UBND`` survive."""
    return text[:1].lower() + text[1:] if text else text
