"""Checking a workbook for the people who fix it: every problem on the
console, errors before warnings, and an annotated copy of the workbook in
which each faulty cell is highlighted and carries a comment, so that an
officer can fix the file in Excel. The workbook itself is never written."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink

from ocoplib.base.i18n import gettext as _
from ocoplib.base.problems import SEVERITY_VI, Problem, split
from ocoplib.intake.workbook import Check
from ocoplib.intake.xlcells import (
    AUTHOR,
    HEAD_ALIGN,
    HEAD_FONT,
    TOP_ALIGN,
    fill,
    note,
    put,
    save_atomic,
)

#: The annotated copy's name beside the input: ``ocop.xlsx`` → ``ocop.kiem-tra.xlsx``.
SUFFIX = ".kiem-tra.xlsx"
#: The sheet of the annotated copy that lists every problem (the loader skips it).
SUMMARY = "kiem_tra"
FILLS = {"error": "FFC7CE", "warning": "FFEB9C"}
_HEAD = ["STT", "Mức độ", "Trang tính", "Ô", "Dòng", "Cột", "Giá trị", "Yêu cầu", "Gợi ý"]
_WIDTHS = [6, 10, 14, 8, 7, 24, 26, 60, 36]


def annotated_path(path: Path, where: Path | None = None) -> Path:
    """Where the annotated copy goes: ``where`` when it names a file, inside
    ``where`` when it is a folder, else beside the input."""
    name = Path(path).stem + SUFFIX
    if where is None:
        return Path(path).with_name(name)
    where = Path(where)
    if where.is_dir() or where.suffix.lower() != ".xlsx":
        return where / name
    return where


def in_order(problems: list[Problem]) -> list[Problem]:
    """Errors first, then warnings; each by sheet (as first met), row and column."""
    sheets: dict = {}
    for p in problems:
        sheets.setdefault(p.sheet, len(sheets))
    return sorted(
        problems,
        key=lambda p: (not p.is_error, sheets[p.sheet], p.row or 0, p.col_index or 0),
    )


def console_report(check: Check) -> list[str]:
    """Every problem, errors first, then warnings, one per line, in reading order."""
    errors, warnings = split(in_order(check.problems))
    lines = [
        _("{path}: {errors} error(s), {warnings} warning(s)").format(
            path=check.path, errors=len(errors), warnings=len(warnings)
        )
    ]
    if errors:
        lines.append("")
        lines.append(_("Errors (the workbook cannot be used until they are fixed):"))
        lines += [f"  {n}. {p}" for n, p in enumerate(errors, start=1)]
    if warnings:
        lines.append("")
        lines.append(_("Warnings (the workbook can be used; read them):"))
        lines += [f"  {n}. {p}" for n, p in enumerate(warnings, start=1)]
    return lines


def write_annotated(check: Check, out: Path) -> Path:
    """Write a copy of the checked workbook with every faulty cell highlighted
    and commented, and a first sheet listing every problem. Never the input."""
    out = Path(out)
    if out.resolve() == check.path.resolve():
        raise ValueError(
            _("the annotated copy must not replace the workbook itself ({out})").format(out=out)
        )
    wb = load_workbook(check.path)  # the whole workbook, formats and formulas as they are
    _clear_previous(wb)
    placed = _annotate(wb, check.problems)
    _summary(wb, check, placed)
    return save_atomic(wb, out)


# -- inside the copy ---------------------------------------------------------


def _clear_previous(wb) -> None:
    """A copy made from an earlier annotated copy: drop the old marks first."""
    if SUMMARY not in wb.sheetnames:
        return
    old = wb[SUMMARY]
    for sheet, ref in old.iter_rows(min_row=4, min_col=3, max_col=4, values_only=True):
        if sheet in wb.sheetnames and isinstance(ref, str) and ref:
            try:
                cell = wb[sheet][ref]
            except (ValueError, KeyError):
                continue
            if cell.comment is not None and cell.comment.author == AUTHOR:
                cell.comment = None
                cell.fill = PatternFill(fill_type=None)
    del wb[SUMMARY]


def _target(ws, p: Problem, spare: dict) -> tuple[int, int]:
    """The cell a problem belongs to; a missing column gets the next free header cell."""
    if p.col_index:
        return p.row or 1, p.col_index
    if p.row == 1 and p.column:
        key = (ws.title, p.column)
        if key not in spare:
            spare[key] = ws.max_column + 1 + sum(1 for k in spare if k[0] == ws.title)
        return 1, spare[key]
    return p.row or 1, 1


def _annotate(wb, problems: list[Problem]) -> dict[int, str]:
    """Fill and comment the cells; returns problem index → cell reference."""
    by_cell: dict[tuple[str, int, int], list[Problem]] = defaultdict(list)
    placed: dict[int, str] = {}
    spare: dict = {}
    for n, p in enumerate(problems):
        if not p.sheet or p.sheet not in wb.sheetnames:
            continue
        row, col = _target(wb[p.sheet], p, spare)
        by_cell[(p.sheet, row, col)].append(p)
        placed[n] = f"{get_column_letter(col)}{row}"
    for (sheet, row, col), found in by_cell.items():
        cell = wb[sheet].cell(row=row, column=col)
        worst = "error" if any(p.is_error for p in found) else "warning"
        cell.fill = fill(FILLS[worst])
        text = "\n".join(_comment_line(p) for p in found)
        if cell.comment is not None and cell.comment.author != AUTHOR:
            text += "\n---\n" + cell.comment.text
        note(cell, text)
    return placed


def _comment_line(p: Problem) -> str:
    """One problem as its cell's comment says it, in Vietnamese where the loader has it."""
    text = f"{SEVERITY_VI[p.severity]}: "
    if p.value not in (None, ""):
        text += f"giá trị '{p.value!s}'; "
    text += f"cần {p.expected_in('vi')}."
    if p.suggestion:
        text += f" Gợi ý: {p.suggestion_in('vi')}"
    return text


def _summary(wb, check: Check, placed: dict[int, str]) -> None:
    errors, warnings = split(check.problems)
    ws = wb.create_sheet(SUMMARY, 0)
    wb.active = 0
    for other in wb.worksheets[1:]:
        other.sheet_view.tabSelected = False
    put(
        ws.cell(row=1, column=1),
        f"Kết quả kiểm tra tệp {check.path.name}: {len(errors)} lỗi, {len(warnings)} cảnh báo",
    )
    ws.cell(row=1, column=1).font = HEAD_FONT
    put(
        ws.cell(row=2, column=1),
        "Ô có lỗi tô màu đỏ, ô có cảnh báo tô màu vàng; đưa chuột vào ô để đọc ghi chú. "
        "Sửa lỗi trong tệp gốc (hoặc trong bản này) rồi kiểm tra lại."
        if check.problems
        else "Không có lỗi, không có cảnh báo.",
    )
    for j, (label, width) in enumerate(zip(_HEAD, _WIDTHS, strict=True), start=1):
        c = ws.cell(row=3, column=j, value=label)
        c.font, c.alignment, c.fill = HEAD_FONT, HEAD_ALIGN, fill("DDEBF7")
        ws.column_dimensions[get_column_letter(j)].width = width
    position = {id(p): n for n, p in enumerate(check.problems)}
    order = [position[id(p)] for p in in_order(check.problems)]
    for i, n in enumerate(order, start=4):
        p = check.problems[n]
        ref = placed.get(n)
        values = [
            i - 3,
            SEVERITY_VI[p.severity],
            p.sheet,
            ref,
            p.row,
            p.column,
            None if p.value is None else str(p.value),
            p.expected_in("vi"),
            p.suggestion_in("vi"),
        ]
        for j, value in enumerate(values, start=1):
            c = ws.cell(row=i, column=j)
            put(c, value)
            c.alignment = TOP_ALIGN
        ws.cell(row=i, column=2).fill = fill(FILLS[p.severity])
        if ref:
            link = ws.cell(row=i, column=4)
            link.hyperlink = Hyperlink(
                ref=link.coordinate, location=f"{quote_sheetname(p.sheet)}!{ref}"
            )
            link.style = "Hyperlink"
    ws.freeze_panes = "A4"
