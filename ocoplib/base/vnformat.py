"""Vietnamese number, date and list forms for administrative prose.

Numbers: ``.`` groups thousands, ``,`` is the decimal mark (Babel's ``vi``
locale); percentages as ``18,57 %``; dates in one of :data:`DATE_STYLES`
(the seed's ``20/3/2024``, ``07/11/2024``, ``24/02/2023`` by default); small
counts with a leading zero (``03 địa phương``) when :data:`LEADING_ZERO` is on;
ranges ``04 - 06`` that never break across lines (:func:`number_range`);
:func:`typeset` sets text typed by people (dates, ranges) the same way.
"""

from __future__ import annotations

import datetime as dt
import re

from babel.numbers import format_decimal

#: Counts below ten take a leading zero in prose (``04 sản phẩm``), as the seed does.
LEADING_ZERO = True
LOCALE = "vi_VN"
#: Date forms a report can use (``bao_cao.md``: ``dinh_dang_ngay``). ``dd/m/yyyy``
#: is Decree 30's and the seed's: days below 10 and months 1–2 take a leading zero.
DATE_STYLES = ("dd/m/yyyy", "dd/mm/yyyy", "d/m/yyyy")
DEFAULT_DATE_STYLE = "dd/m/yyyy"
#: Between the ends of a range: no line break on either side of the hyphen
#: (no-break spaces, and a word joiner after the hyphen, where lines may break).
RANGE_DASH = "\u00a0-\u2060\u00a0"
_FULL_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)(?![\d/])")
_DAY_MONTH = re.compile(r"(?<=ngày )(\d{1,2})/(\d{1,2})(?![\d/])")
# A typed range: a hyphen with spaces around it, or an en dash (``4–6``).
_TYPED_RANGE = re.compile(r"(?<=\d)(?:[ \u00a0]+-[ \u00a0\u2060]+|[ \u00a0]*–[ \u00a0]*)(?=\d)")


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


def percent(value, decimals: int = 2) -> str:
    """``18.57`` → ``18,57 %``."""
    if value is None:
        return ""
    return f"{number(value, decimals)} %"


def _day_month(day: int, month: int, style: str | None) -> str:
    style = style or DEFAULT_DATE_STYLE
    if style not in DATE_STYLES:
        raise ValueError(f"unknown date style {style!r}; choose from {', '.join(DATE_STYLES)}")
    d = str(day) if style == "d/m/yyyy" else f"{day:02d}"
    if style == "dd/mm/yyyy" or (style == "dd/m/yyyy" and month <= 2):
        return f"{d}/{month:02d}"
    return f"{d}/{month}"


def date(day: dt.date | None, style: str | None = None) -> str:
    """A date in ``style`` (one of :data:`DATE_STYLES`; None: the default):
    ``20/3/2024``, ``20/03/2024`` or ``5/3/2024``."""
    if day is None:
        return ""
    return f"{_day_month(day.day, day.month, style)}/{day.year}"


def date_range(start: dt.date, end: dt.date | None, style: str | None = None) -> str:
    """``13/5 đến ngày 04/6/2024``-style span, or one date."""
    if end is None or end == start:
        return date(start, style)
    if start.year == end.year:
        return f"{_day_month(start.day, start.month, style)} đến ngày {date(end, style)}"
    return f"{date(start, style)} đến ngày {date(end, style)}"


def number_range(low, high=None, leading_zero: bool | None = None) -> str:
    """A range of counts as prose, tables and charts set it: ``04 - 06``,
    never broken across lines; one count when ``high`` is None or equal."""
    if high is None or high == low:
        return count(low, leading_zero)
    return f"{count(low, leading_zero)}{RANGE_DASH}{count(high, leading_zero)}"


def typeset(text: str, date_style: str | None = None) -> str:
    """Text typed by people (bao_cao.md, the workbook's sentences) set as the
    generated text is: its dates (``20/03/2024``, ``ngày 13/5``) in
    ``date_style``, its ranges (``04 - 06``, ``2024 - 2025``) unbreakable."""

    def full(m: re.Match) -> str:
        try:
            day = dt.date(int(m[3]), int(m[2]), int(m[1]))
        except ValueError:
            return m[0]
        return date(day, date_style)

    def day_month(m: re.Match) -> str:
        day, month = int(m[1]), int(m[2])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return m[0]
        return _day_month(day, month, date_style)

    text = _FULL_DATE.sub(full, text)
    text = _DAY_MONTH.sub(day_month, text)
    return _TYPED_RANGE.sub(RANGE_DASH, text)


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
