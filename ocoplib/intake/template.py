"""The Excel template that district and commune officers fill in, generated
from the one declaration of the input contract (``contract.yaml``): every
sheet with its Vietnamese headers, a note on each header (type, rule,
example), drop-down lists for every closed list and for the units valid in
the year, date and number validation, frozen header rows and an
instructions sheet in Vietnamese. A template for one unit (``--unit``)
pre-fills that unit's administrative units and owners and restricts the
unit lists to it and its communes.

Filled in as its notes say, the template loads without errors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook as XlWorkbook
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from ocoplib.base.contract import Column, Sheet, contract
from ocoplib.base.files import sha256_of
from ocoplib.base.i18n import gettext as _
from ocoplib.base.problems import InputError, OcopError, did_you_mean
from ocoplib.base.text import slugify, vn_sorted
from ocoplib.domain.units import Unit, UnitResolver, own_units
from ocoplib.intake.instructions import (
    INSTRUCTIONS,
    OPTIONAL_FILL,
    REQUIRED_FILL,
    describe,
    write_instructions,
)
from ocoplib.intake.workbook import Workbook, check_workbook
from ocoplib.intake.xlcells import (
    DATE_FORMAT,
    HEAD_ALIGN,
    HEAD_FONT,
    fill,
    note,
    put,
    save_atomic,
)

LISTS = "danh_muc"
#: Rows of each sheet that carry the drop-down lists and the validation (all of Excel's).
LAST_ROW = 1_048_576
YES_NO = ("Có", "Không")
_NUMBER_FORMATS = {"text": "@", "date": DATE_FORMAT, "integer": "0", "list": "@", "unit": "@"}
_FIRST_DAY, _LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


class TemplateError(OcopError):
    """The template cannot be made as asked (an unknown unit, no unit in the year)."""


@dataclass
class _Choices:
    """What the drop-down lists hold."""

    year: int
    district_units: list[Unit]
    commune_units: list[Unit]
    scope_names: list[str]
    names: dict[str, str]  # unit code → the name the lists show


def write_template(
    out: Path,
    workbook: Workbook,
    province: str,
    unit: str | None = None,
    year: int | None = None,
    province_name: str | None = None,
    today: dt.date | None = None,
) -> list[str]:
    """Write the template to ``out`` (atomically); returns notes for the user.

    Without ``year``, the lists hold the units valid in the year of ``today``
    (default: the real date), else in the last year that has valid units."""
    notes: list[str] = []
    year = _year(workbook.units, year, notes, today or dt.date.today())
    # the province's own units in the year (before a merger, not the other province's)
    own = own_units(workbook.units, dt.date(year, 12, 31))
    valid = [u for u in own if u.valid_in(year)]
    chosen = _chosen_unit(workbook, unit, valid, year) if unit else None
    if chosen is None:
        listed, units_sheet = valid, _parents(valid, workbook.units) + valid
    else:
        listed = [chosen, *_descendants(chosen, valid)]
        units_sheet = _ancestors(chosen, workbook.units) + listed
    names = _list_names(valid, workbook.units, year)
    choices = _Choices(
        year=year,
        district_units=[u for u in listed if u.level == "district"],
        commune_units=[u for u in listed if u.level == "commune"],
        scope_names=([] if chosen else list(contract().province_scope_names[:1]))
        + [names[u.code] for u in listed],
        names=names,
    )
    owners = []
    if chosen is not None:
        codes = {u.code for u in listed}
        owners = [r for r in _records(workbook["chu_the"]) if r["district"] in codes]
    prefill = {
        "dia_ban": [_unit_row(u) for u in units_sheet],
        "chu_the": [_owner_row(r, names) for r in owners],
    }
    _write(out, province_name or province, chosen, choices, prefill)
    return notes


def write_blank(out: Path, province_name: str, year: int) -> None:
    """The workbook of a new province (``ocop init``): every sheet of the
    contract with its headers, notes and validation, and the instructions,
    but no row; sheet dia_ban is filled in first, then ``ocop template``
    makes the units' templates with their lists."""
    choices = _Choices(year, [], [], list(contract().province_scope_names[:1]), {})
    _write(out, province_name, None, choices, {}, blank=True)


def _write(
    out: Path,
    title: str,
    chosen: Unit | None,
    choices: _Choices,
    prefill: dict[str, list[dict]],
    blank: bool = False,
) -> None:
    wb = XlWorkbook()
    wb.remove(wb.active)
    write_instructions(wb.create_sheet(INSTRUCTIONS), title, chosen, choices.year, blank)
    ranges = _lists_sheet(wb, choices)
    for sheet in contract().sheets:
        _data_sheet(wb, sheet, ranges, prefill.get(sheet.key, []))
    wb.active = 0
    wb.properties.title = ("Sổ dữ liệu OCOP" if blank else "Mẫu nhập liệu OCOP") + (
        f" – {title}" + (f" – {chosen.full_name}" if chosen else "")
    )
    wb.properties.creator = "ocoplib"
    fixed = dt.datetime(2000, 1, 1)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    save_atomic(wb, Path(out))


def template_source(path: Path) -> Workbook:
    """The province's workbook as a template needs it: sheet dia_ban read and
    checked, any other sheet absent or without rows read as empty (a new
    province fills dia_ban first). Raises InputError listing every error."""
    found = check_workbook(path)
    empty = {key for key, frame in found.frames.items() if key != "dia_ban" and frame.empty}
    skipped = empty | {found.sheet_names[key] for key in empty if key in found.sheet_names}
    problems = [p for p in found.problems if p.sheet not in skipped]
    if any(p.is_error for p in problems):
        raise InputError(problems)
    return Workbook(
        path=found.path,
        sha256=sha256_of(found.path),
        frames=found.frames,
        units=found.units,
        warnings=problems,
    )


def province_name(data_dir: Path, province: str) -> str | None:
    """The province's name from its latest report text (``ten_tinh`` or ``dia_danh``)."""
    from ocoplib.intake.reporttext import read_report_text

    years = sorted(p.parent for p in Path(data_dir, province).glob("*/bao_cao.md"))
    for folder in reversed(years):
        if folder.name.isdigit():
            try:
                meta = read_report_text(folder / "bao_cao.md", int(folder.name)).meta
            except InputError:
                continue
            name = meta.get("ten_tinh") or meta.get("dia_danh")
            if name:
                return str(name)
    return None


# -- which units -----------------------------------------------------------------


def _year(units: list[Unit], year: int | None, notes: list[str], today: dt.date) -> int:
    if not units:
        raise TemplateError(
            _(
                "sheet dia_ban of the province's workbook lists no unit: fill it in first "
                "(every unit with its code, type and validity dates), then make the template"
            )
        )
    if year is not None:
        if not any(u.valid_in(year) for u in units):
            raise TemplateError(_("no unit of sheet dia_ban is valid in {year}").format(year=year))
        return year
    this_year = today.year
    if any(u.valid_in(this_year) for u in units):
        return this_year
    last = max(u.valid_to.year for u in units if u.valid_to is not None)
    notes.append(
        _(
            "note: no unit of sheet dia_ban is valid in {this_year}; the lists hold the units "
            "valid in {last} (choose another year with --year)"
        ).format(this_year=this_year, last=last)
    )
    return last


def _chosen_unit(workbook: Workbook, name: str, valid: list[Unit], year: int) -> Unit:
    resolver = UnitResolver(valid)
    found = resolver.candidates(name)
    if not found and name.isascii():  # typed without diacritics: tu-nghia, Tu Nghia
        found = [u for u in valid if slugify(name) in (slugify(u.name), slugify(u.full_name))]
    if len(found) == 1:
        return found[0]
    if found:
        raise TemplateError(
            _("--unit {name!r} matches {units}; write the type word in front").format(
                name=name, units=", ".join(u.full_name for u in found)
            )
        )
    hint = did_you_mean(resolver.suggestions(name))
    raise TemplateError(
        _("--unit {name!r}: no unit of that name is valid in {year}").format(name=name, year=year)
        + (f" ({hint})" if hint else "")
    )


def _descendants(unit: Unit, units: list[Unit]) -> list[Unit]:
    out, todo = [], [unit.code]
    while todo:
        code = todo.pop(0)
        children = vn_sorted([u for u in units if u.parent_code == code], key=lambda u: u.name)
        out += children
        todo += [u.code for u in children]
    return out


def _ancestors(unit: Unit, units: list[Unit]) -> list[Unit]:
    by_code = {u.code: u for u in units}
    out, code = [], unit.parent_code
    while code in by_code and by_code[code] not in out:
        out.insert(0, by_code[code])
        code = by_code[code].parent_code
    return out


def _parents(units: list[Unit], everyone: list[Unit]) -> list[Unit]:
    """The units that ``units`` name as parent and that are not among them (the
    former district of a new commune), so that sheet dia_ban lacks no unit it
    refers to."""
    have = {u.code for u in units}
    wanted = {a.code for u in units for a in _ancestors(u, everyone)} - have
    return [u for u in everyone if u.code in wanted]


def _list_names(units: list[Unit], everyone: list[Unit], year: int) -> dict[str, str]:
    """The name a list shows for each unit, one that reads back as that unit
    alone: for a district, on any day (owners carry no date that would tell a
    former district from a new commune); for a commune, on the days of the year
    it is valid (products carry their date). The bare name, with its type word,
    or the alias that names its district (two former communes of one name)."""
    resolver = UnitResolver(everyone)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return {
        u.code: resolver.unique_name(u)
        if u.level == "district"
        else resolver.unique_name(u, start, end)
        for u in units
    }


def _records(frame) -> list[dict]:
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def _unit_row(u: Unit) -> dict:
    return {
        "unit_code": u.code,
        "unit_name": u.name,
        "unit_type": u.type_label,
        "parent_code": u.parent_code,
        "aliases": "; ".join(u.aliases) or None,
        "valid_from": u.valid_from,
        "valid_to": u.valid_to,
    }


def _owner_row(r: dict, names: dict[str, str]) -> dict:
    labels = contract().lists["owner_type"]
    return {
        "owner_id": r["owner_id"],
        "owner_name": r["owner_name"],
        "owner_type": labels.label_of(r["owner_type"]) if r["owner_type"] else None,
        "district": names.get(r["district"], r["district"]),
        "address": r["address"],
    }


# -- the sheets ------------------------------------------------------------------


def _lists_sheet(wb: XlWorkbook, choices: _Choices) -> dict[str, str]:
    """The hidden sheet of drop-down values; returns list name → defined name."""
    cat = contract()
    columns: list[tuple[str, str, list[str]]] = [
        (key, clist.label, [v.label for v in clist.values]) for key, clist in cat.lists.items()
    ]
    columns += [
        (
            "unit_district",
            "Huyện/thị xã/thành phố",
            list(dict.fromkeys(choices.names[u.code] for u in choices.district_units)),
        ),
        (
            "unit_commune",
            "Xã/phường/thị trấn",
            # a former and a new commune may bear one name: the row's date tells which
            list(dict.fromkeys(choices.names[u.code] for u in choices.commune_units)),
        ),
        ("scope", "Phạm vi", choices.scope_names),
        ("indicators", "Mã chỉ tiêu", list(cat.indicators)),
        ("yes_no", "Có/Không", list(YES_NO)),
    ]
    ws = wb.create_sheet(LISTS)
    ws.sheet_state = "hidden"
    ranges = {}
    for j, (key, label, values) in enumerate(columns, start=1):
        letter = get_column_letter(j)
        put(ws.cell(row=1, column=j), label)
        ws.cell(row=1, column=j).font = HEAD_FONT
        for i, value in enumerate(values, start=2):
            put(ws.cell(row=i, column=j), value)
        ws.column_dimensions[letter].width = 30
        if values:
            name = f"ds_{key}"
            ref = f"{quote_sheetname(LISTS)}!${letter}$2:${letter}${len(values) + 1}"
            wb.defined_names[name] = DefinedName(name, attr_text=ref)
            ranges[key] = name
    owner_col = get_column_letter(
        [c.key for c in cat.sheet("chu_the").columns].index("owner_id") + 1
    )
    wb.defined_names["ds_owner_id"] = DefinedName(
        "ds_owner_id", attr_text=f"chu_the!${owner_col}$2:${owner_col}$10000"
    )
    ranges["owner_id"] = "ds_owner_id"
    return ranges


def _list_key(col: Column) -> str | None:
    if col.type == "list":
        return col.list
    if col.type == "unit":
        return "unit_commune" if col.level == "commune" else "unit_district"
    if col.type == "bool":
        return "yes_no"
    if col.choices is not None:
        return col.choices
    if col.ref == "chu_the.owner_id":
        return "owner_id"
    return None


def _header_note(sheet: Sheet, col: Column) -> str:
    d = describe(sheet, col)
    lines = [f"{d['label']} (mã cột: {d['key']})", f"Kiểu: {d['type']}", d["required"]]
    if d["rule"]:
        lines.append(f"Quy tắc: {d['rule']}")
    if d["example"]:
        lines.append(f"Ví dụ: {d['example']}")
    return "\n".join(lines)


def _validation(sheet: Sheet, col: Column, ranges: dict[str, str]) -> DataValidation:
    d = describe(sheet, col)
    prompt = f"{d['type']}. {d['required']}." + (f" Ví dụ: {d['example']}" if d["example"] else "")
    key = _list_key(col)
    dv: DataValidation
    if key is not None and key in ranges:
        # Indicator codes and owners: suggestions; another value is allowed after a notice.
        style = "information" if key == "indicators" else "warning" if key == "owner_id" else "stop"
        dv = DataValidation(type="list", formula1=f"={ranges[key]}", errorStyle=style)
        dv.error = "Chọn một giá trị trong danh sách (bấm vào mũi tên bên phải ô)."
    elif col.type == "date":
        dv = DataValidation(
            type="date",
            operator="between",
            formula1=str(int(to_excel(_FIRST_DAY))),
            formula2=str(int(to_excel(_LAST_DAY))),
        )
        dv.error = "Nhập một ngày dạng ngày/tháng/năm, ví dụ 20/3/2024."
    elif col.type in ("integer", "number"):
        low = col.min if col.min is not None else -1e12
        high = col.max if col.max is not None else 1e12
        dv = DataValidation(
            type="whole" if col.type == "integer" else "decimal",
            operator="between",
            formula1=f"{low:g}",
            formula2=f"{high:g}",
        )
        dv.error = f"Nhập {'số nguyên' if col.type == 'integer' else 'số'}{col.range_text('vi')}."
    else:
        dv = DataValidation(allow_blank=True)
    dv.allow_blank = True
    dv.showErrorMessage = dv.type is not None
    dv.errorTitle = "Giá trị không hợp lệ"
    dv.showInputMessage = True
    dv.promptTitle = col.label[:32]
    dv.prompt = prompt[:255]
    return dv


def _data_sheet(wb: XlWorkbook, sheet: Sheet, ranges: dict[str, str], rows: list[dict]) -> None:
    ws = wb.create_sheet(sheet.key)
    for j, col in enumerate(sheet.columns, start=1):
        letter = get_column_letter(j)
        head = ws.cell(row=1, column=j)
        put(head, col.label)
        head.font, head.alignment = HEAD_FONT, HEAD_ALIGN
        head.fill = fill(REQUIRED_FILL if col.required else OPTIONAL_FILL)
        note(head, _header_note(sheet, col))
        width = max(len(col.label), len(col.example or ""), 18 if col.type == "unit" else 8)
        ws.column_dimensions[letter].width = min(40, width + 4)
        if col.type in _NUMBER_FORMATS:
            ws.column_dimensions[letter].number_format = _NUMBER_FORMATS[col.type]
        dv = _validation(sheet, col, ranges)
        dv.add(f"{letter}2:{letter}{LAST_ROW}")
        ws.add_data_validation(dv)
    for i, row in enumerate(rows, start=2):
        for j, col in enumerate(sheet.columns, start=1):
            put(ws.cell(row=i, column=j), row.get(col.key))
    ws.row_dimensions[1].height = 45
    ws.freeze_panes = "A2"
