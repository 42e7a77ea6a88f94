"""The consolidated workbook of :mod:`ocoplib.intake.merge`, written: every
sheet of the contract with the merged rows as officers type them (list labels,
unit names, dates), and the sheet ``nguon_du_lieu`` recording where each row
came from."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook as XlWorkbook
from openpyxl.utils import get_column_letter

from ocoplib.base.contract import Sheet, contract
from ocoplib.domain.levels import derived_level
from ocoplib.domain.units import UnitResolver
from ocoplib.intake.xlcells import HEAD_ALIGN, HEAD_FONT, TOP_ALIGN, fill, put

#: The sheet of the consolidated workbook that records where each row came from.
PROVENANCE = "nguon_du_lieu"

ACTION_VI = {
    "kept": "có sẵn trong tệp gốc",
    "added": "thêm mới",
    "changed": "bổ sung ô trống",
    "replaced": "thay thế (xung đột, lấy bản gửi)",
}
_PROV_HEAD = [
    "Trang tính",
    "Dòng",
    "Thao tác",
    "Tệp nguồn",
    "Trang tính nguồn",
    "Dòng nguồn",
    "SHA-256 của tệp nguồn",
]


def _cell_value(sheet: Sheet, key: str, values: dict, resolver: UnitResolver):
    """A typed value back into what the workbook holds: labels, unit names, dates."""
    value = values.get(key)
    col = next((c for c in sheet.columns if c.key == key), None)
    if value is None or col is None:
        return value
    if col.type == "list":
        if key == "level" and value == derived_level(
            values.get("stars"), values.get("decision_date")
        ):
            return None  # derived when blank: keep it blank
        return contract().lists[col.list].label_of(value)
    if col.type == "unit":
        day = values.get("decision_date")
        if key == "district" and values.get("commune") and isinstance(day, dt.date):
            if not resolver.by_code(value).valid_on(day):
                return None  # attributed from the commune (after 2025): keep it blank
        return _unit_name(value, values, sheet.key, resolver)
    if col.type == "bool":
        return "Có" if value else None
    return value


def _unit_name(code: str, values: dict, sheet_key: str, resolver: UnitResolver) -> str:
    """A name that reads back as the unit on the row's date (any date if none)."""
    day = values.get({"san_pham": "decision_date", "diem_ban": "opened"}.get(sheet_key, ""))
    day = day if isinstance(day, dt.date) else None
    return resolver.unique_name(resolver.by_code(code), day, day)


def consolidated_workbook(merged: dict, resolver: UnitResolver) -> XlWorkbook:
    """The workbook of the merged tables (sheet key → the merge's table of rows)."""
    wb = XlWorkbook()
    wb.remove(wb.active)
    prov = []
    for sheet in contract().sheets:
        table = merged[sheet.key]
        ws = wb.create_sheet(sheet.key)
        heads = [c.label for c in sheet.columns] + table.extras
        for j, label in enumerate(heads, start=1):
            c = ws.cell(row=1, column=j)
            put(c, label)
            c.font, c.alignment, c.fill = HEAD_FONT, HEAD_ALIGN, fill("DDEBF7")
            ws.column_dimensions[get_column_letter(j)].width = 18
        keys = [c.key for c in sheet.columns] + table.extras
        for i, row in enumerate(table.rows, start=2):
            for j, key in enumerate(keys, start=1):
                put(ws.cell(row=i, column=j), _cell_value(sheet, key, row.values, resolver))
            for action, origin in row.origins:
                prov.append([sheet.key, i, ACTION_VI[action], *_origin_cells(origin)])
        ws.freeze_panes = "A2"
    ws = wb.create_sheet(PROVENANCE)
    for j, label in enumerate(_PROV_HEAD, start=1):
        c = ws.cell(row=1, column=j)
        put(c, label)
        c.font, c.alignment, c.fill = HEAD_FONT, HEAD_ALIGN, fill("DDEBF7")
        ws.column_dimensions[get_column_letter(j)].width = (14, 7, 22, 30, 16, 10, 66)[j - 1]
    for i, values in enumerate(prov, start=2):
        for j, value in enumerate(values, start=1):
            put(ws.cell(row=i, column=j), value)
            ws.cell(row=i, column=j).alignment = TOP_ALIGN
    ws.freeze_panes = "A2"
    wb.properties.creator = "ocoplib"
    fixed = dt.datetime(2000, 1, 1)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    return wb


def _origin_cells(origin) -> list:
    return [origin.file, origin.sheet, origin.row, origin.sha256]
