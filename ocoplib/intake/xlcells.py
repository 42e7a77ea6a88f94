"""Writing cells of the workbooks that intake produces (the template, the
annotated copy, the consolidated workbook): text from the data stays text,
never a formula, and headers share one look."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill

from ocoplib.base.determinism import build_time, save_zip
from ocoplib.base.files import write_atomic

#: Text starting with one of these would be read by Excel as a formula.
FORMULA_START = ("=", "+", "-", "@")
DATE_FORMAT = "DD/MM/YYYY"
HEAD_FONT = Font(bold=True)
HEAD_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
TOP_ALIGN = Alignment(wrap_text=True, vertical="top")
AUTHOR = "ocop"


def fill(rgb: str) -> PatternFill:
    return PatternFill("solid", fgColor=rgb)


def put(cell, value) -> None:
    """Write a value: dates as Excel dates, text always as text (a product named
    ``=HYPERLINK(…)`` is shown as written, and stays text when edited)."""
    if value is None:
        cell.value = None
        return
    if isinstance(value, dt.datetime | dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
        return
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True  # Excel keeps it text when the cell is edited
        return
    cell.value = value


def note(cell, text: str, width: int = 320) -> None:
    """A comment on a cell, sized so that its text shows without scrolling."""
    comment = Comment(text, AUTHOR)
    lines = sum(1 + len(line) // 45 for line in text.splitlines())
    comment.width = width
    comment.height = min(600, 22 + 16 * lines)
    cell.comment = comment


def save_atomic(wb, out: Path) -> Path:
    """Save beside ``out`` and rename into place: no half-written workbook."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(out, lambda tmp: save_zip(wb, tmp, build_time()))
