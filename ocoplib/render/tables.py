"""The report's tables: one definition each, shown in the HTML/PDF and
written to ``tables.xlsx`` (one sheet a table, formatted)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ocoplib.base import vnformat
from ocoplib.base.determinism import build_time, save_zip
from ocoplib.intake.xlcells import put
from ocoplib.render.templating import Html, render

# Excel number formats for each kind; Excel shows them in the reader's locale.
_XLSX_FORMATS = {"int": "#,##0", "num": "#,##0.##", "pct": "0.00", "date": "DD/MM/YYYY"}


@dataclass(frozen=True)
class Col:
    label: str
    kind: str = "text"  # text, int, num, pct or date: how a value is shown and stored
    width: int = 14
    css: str = ""  # an extra class for the column's cells (e.g. "status")


@dataclass
class Table:
    key: str  # the sheet name in tables.xlsx (at most 31 characters)
    title: str
    columns: list[Col]
    rows: list[list]
    total: list | None = None  # a closing total row
    note: str | None = None
    row_classes: list[str] = field(default_factory=list)
    #: tables.xlsx only: the sentence in place of rows, where the report's text
    #: says elsewhere that there are none (so that the page does not say it twice).
    empty_note: str | None = None

    def cell_text(self, value, kind: str) -> str:
        if value is None or value == "":
            return ""
        if kind == "int":
            return vnformat.number(value, 0)
        if kind == "num":
            return vnformat.number(value, 2)
        if kind == "pct":
            return vnformat.percent(value)
        if kind == "date":
            return vnformat.date(value)
        return str(value)

    def html(self, caption: bool = True, anchor: str | None = None) -> Html:
        """The table as HTML; ``caption=False`` where a heading above already
        names it; ``anchor`` is its id (default ``table-<key>``)."""
        return render(
            "table.html.j2", table=self, caption=caption, anchor=anchor or f"table-{self.key}"
        )

    def _repr_html_(self) -> str:
        return str(self.html())


def write_xlsx(
    tables: list[Table], path: Path, title: str, when: dt.datetime | None = None
) -> None:
    """Every table on its own sheet: title row, bold header, frozen panes,
    widths, number formats; text that looks like a formula stays text."""
    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    for table in tables:
        ws = wb.create_sheet(table.key[:31])
        ws.cell(row=1, column=1, value=table.title).font = Font(bold=True, size=12)
        for j, col in enumerate(table.columns, start=1):
            c = ws.cell(row=3, column=j, value=col.label)
            c.font = Font(bold=True)
            c.fill = head_fill
            c.border = border
            c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            ws.column_dimensions[get_column_letter(j)].width = col.width
        body = list(table.rows) + ([table.total] if table.total else [])
        for i, row in enumerate(body, start=4):
            for j, (value, col) in enumerate(zip(row, table.columns, strict=True), start=1):
                c = ws.cell(row=i, column=j)
                _set(c, value, col.kind)
                c.border = border
                c.alignment = Alignment(wrap_text=col.kind == "text", vertical="top")
                if table.total and i == 3 + len(body):
                    c.font = Font(bold=True)
        note = table.note or (None if body else table.empty_note)
        if note:
            ws.cell(row=5 + len(body), column=1, value=note).font = Font(italic=True)
        ws.freeze_panes = "A4"
    when = when or build_time()
    wb.properties.title = title
    wb.properties.creator = "ocoplib"
    wb.properties.created = when
    wb.properties.modified = when
    save_zip(wb, path, when)


def _set(cell, value, kind: str) -> None:
    if value is None or value == "":
        return
    if kind in _XLSX_FORMATS and not isinstance(value, str):
        cell.value = value
        cell.number_format = _XLSX_FORMATS[kind]
        return
    put(cell, str(value))  # text stays text, even a name that looks like a formula
