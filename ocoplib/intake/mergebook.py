"""The consolidated workbook of :mod:`ocoplib.intake.merge`, written: every
sheet of the contract with the merged rows as officers type them (list labels,
unit names, dates), and the sheet ``nguon_du_lieu`` recording where each row
came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook as XlWorkbook
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ocoplib.base.contract import Sheet, contract
from ocoplib.base.text import fold
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


@dataclass
class OtherSheet:
    """A sheet the contract does not know (an office's own notes …): its rows
    as the inputs have them, one after the other, under the union of their heads."""

    name: str
    heads: list[str] = field(default_factory=list)
    #: (values by head, action, (file, sheet, row, sha256) of the origin)
    rows: list[tuple[dict, str, tuple]] = field(default_factory=list)


def other_sheets(inputs: list[tuple[Path, str, set[str]]]) -> list[OtherSheet]:
    """The sheets of the inputs ((path, sha256, the names read by the contract),
    the province's workbook first) that the contract does not read, by name."""
    found: dict[str, OtherSheet] = {}
    for i, (path, sha, read) in enumerate(inputs):
        # The values Excel computed, and the formulas where it stored none (kept as text).
        wb = load_workbook(path, read_only=True, data_only=True)
        typed = load_workbook(path, read_only=True)
        try:
            for ws in wb.worksheets:
                if ws.title in read or contract().is_tool_sheet(ws.title):
                    continue
                sheet = found.setdefault(fold(ws.title), OtherSheet(ws.title))
                rows = map(_values, ws.iter_rows(), typed[ws.title].iter_rows())
                _take_rows(sheet, ws.title, rows, "kept" if i == 0 else "added", (str(path), sha))
        finally:
            wb.close()
            typed.close()
    return list(found.values())


def _values(cells, formulas) -> tuple:
    return tuple(
        f.value if c.value is None and isinstance(f.value, str) else c.value
        for c, f in zip(cells, formulas, strict=False)
    )


def _take_rows(sheet: OtherSheet, title: str, rows, action: str, source: tuple) -> None:
    heads: list[str] = []
    for j, head in enumerate(next(rows, None) or (), start=1):
        label = str(head).strip() if head is not None else ""
        label = label or f"({get_column_letter(j)})"
        heads.append(label if label not in heads else f"{label} ({get_column_letter(j)})")
    for r, values in enumerate(rows, start=2):
        if all(v is None for v in values):
            continue
        while len(heads) < len(values):
            heads.append(f"({get_column_letter(len(heads) + 1)})")
        cells = {h: v for h, v in zip(heads, values, strict=False) if v is not None}
        sheet.rows.append((cells, action, (source[0], title, r, source[1])))
    sheet.heads += [h for h in heads if h not in sheet.heads]


def other_rows_read_back(path: Path, others: list[OtherSheet]) -> list[str]:
    """The names of the kept sheets whose rows do not read back from ``path`` as kept."""
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        wrong = []
        for sheet in others:
            got = list(wb[sheet.name].iter_rows(min_row=2, values_only=True))
            want = [tuple(cells.get(h) for h in sheet.heads) for cells, _, _ in sheet.rows]
            if [tuple(row)[: len(sheet.heads)] for row in got] != want:
                wrong.append(sheet.name)
        return wrong
    finally:
        wb.close()


def consolidated_workbook(
    merged: dict, resolver: UnitResolver, others: list[OtherSheet] = ()
) -> XlWorkbook:
    """The workbook of the merged tables (sheet key → the merge's table of rows),
    then the sheets the contract does not know, kept as they are."""
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
    for other in others:
        prov += _other_sheet(wb, other)
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


def _other_sheet(wb, other: OtherSheet) -> list[list]:
    """Write one kept sheet; returns its rows' provenance."""
    ws = wb.create_sheet(other.name)
    for j, label in enumerate(other.heads, start=1):
        put(ws.cell(row=1, column=j), label)
        ws.cell(row=1, column=j).font = HEAD_FONT
    prov = []
    for i, (cells, action, origin) in enumerate(other.rows, start=2):
        for j, head in enumerate(other.heads, start=1):
            put(ws.cell(row=i, column=j), cells.get(head))
        prov.append([other.name, i, ACTION_VI[action], *origin])
    return prov
