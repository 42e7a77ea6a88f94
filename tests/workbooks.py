"""Workbooks that intake must survive, generated for the tests:

- ``DEFECTS``: a small valid workbook broken in one way each (a star rating
  of 6, an owner that does not exist …), with the cell the error must name;
- ``messy_copy``: a workbook retyped the way district officers type it (NFD
  text, old-style tone marks, ``TP.`` prefixes, upper-case headers, text
  dates, ``x`` for yes, ``HTX``/``DN``, blank rows, an extra column);
- ``HOSTILE``: names that try to become markup, formulas or code;
- ``write_big``: a workbook of many rows, written straight as XML (fast).

Run ``python tests/workbooks.py OUT_DIR`` to write them all for a look in Excel.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from factory import OWNERS, UNITS, d, product, write_workbook
from openpyxl import load_workbook

from ocoplib.base.contract import contract

# -- a small valid workbook --------------------------------------------------------

PRODUCTS = [
    product("P1", 3, d("2024-03-05"), score=62),
    product("P2", 4, d("2024-04-10"), district="Quảng Ngãi", owner="O1", score=75),
    product("P3", 3, d("2023-06-01"), district="Đức Phổ", owner="O3", on_ecommerce="Có"),
    product("P3", 4, d("2024-05-20"), district="Đức Phổ", owner="O3", score=80),
]
OUTLETS = [
    {"outlet_name": "Điểm bán OCOP Tư Nghĩa", "district": "Tư Nghĩa", "funding": "Xã hội hóa"}
]
TARGETS = [
    {
        "year": 2024,
        "scope": "Tỉnh",
        "indicator": "new_products",
        "description": "Sản phẩm OCOP mới",
        "target_min": 2,
        "target_max": 4,
        "unit": "sản phẩm",
    },
    {
        "year": 2024,
        "scope": "Tỉnh",
        "indicator": "lop_tap_huan",
        "description": "Lớp tập huấn OCOP",
        "target_min": 2,
        "unit": "lớp",
        "actual_manual": 3,
    },
]
ACTIVITIES = [
    {
        "year": 2024,
        "category": "Xúc tiến thương mại",
        "date": d("2024-05-02"),
        "description": "Tham gia Hội chợ OCOP khu vực miền Trung",
        "participants": 12,
    }
]


def valid_rows() -> dict:
    """Fresh copies of the rows of the small valid workbook, by sheet key."""
    return {
        "products": [dict(r) for r in PRODUCTS],
        "owners": [dict(r) for r in OWNERS],
        "units": [dict(r) for r in UNITS],
        "outlets": [dict(r) for r in OUTLETS],
        "targets": [dict(r) for r in TARGETS],
        "activities": [dict(r) for r in ACTIVITIES],
    }


@dataclass(frozen=True)
class Defect:
    """One way to break the small workbook, and the place the error must name."""

    name: str
    sheet: str
    row: int | None
    column: str | None
    rows: dict  # the rows to write (write_workbook keyword arguments)


def _defects() -> list[Defect]:
    out = []

    def broken(name, sheet, row, column, change, **extra):
        rows = valid_rows()
        change(rows)
        out.append(Defect(name, sheet, row, column, {**rows, **extra}))

    broken("stars_6", "san_pham", 2, "Số sao", lambda r: r["products"][0].update(stars=6))
    broken(
        "unknown_owner",
        "san_pham",
        3,
        "Mã chủ thể",
        lambda r: r["products"][1].update(owner_id="O9"),
    )
    broken(
        "misspelt_district",
        "san_pham",
        4,
        "Huyện/thị xã/thành phố",
        lambda r: r["products"][2].update(district="Đức Phỗ"),
    )
    broken(
        "impossible_date",
        "san_pham",
        2,
        "Ngày quyết định",
        lambda r: r["products"][0].update(decision_date="31/02/2024"),
    )
    broken(
        "duplicate_evaluation",
        "san_pham",
        6,
        "Mã sản phẩm",
        lambda r: r["products"].append(dict(r["products"][0])),
    )
    broken(
        "missing_column",
        "san_pham",
        1,
        "Số sao",
        lambda r: None,
        drop_columns={"san_pham": ["stars"]},
    )
    broken("missing_sheet", "diem_ban", None, None, lambda r: None, drop_sheets=("diem_ban",))
    broken(
        "target_upside_down",
        "chi_tieu",
        2,
        "Chỉ tiêu tối đa",
        lambda r: r["targets"][0].update(target_min=5, target_max=3),
    )
    broken(
        "manual_on_computed",
        "chi_tieu",
        2,
        "Kết quả (nhập tay)",
        lambda r: r["targets"][0].update(actual_manual=3),
    )
    broken(
        "stars_above_score_band",
        "san_pham",
        3,
        "Số sao",
        lambda r: r["products"][1].update(stars=5, score=75),
    )
    return out


DEFECTS = _defects()


def write_defect(defect: Defect, path: Path) -> Path:
    return write_workbook(path, **defect.rows)


def write_valid(path: Path, **changes) -> Path:
    return write_workbook(path, **{**valid_rows(), **changes})


# -- typed messily -----------------------------------------------------------------

_OLD_STYLE = {}
for _tone in ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323"):
    for _pair in ("oa", "oe", "uy"):
        # The new style marks the first vowel (hòa, thủy), the old style the second (hoà, thuỷ).
        first = unicodedata.normalize("NFC", _pair[0] + _tone + _pair[1])
        second = unicodedata.normalize("NFC", _pair[0] + _pair[1] + _tone)
        _OLD_STYLE[first] = second
        _OLD_STYLE[first.upper()] = second.upper()


def old_style(text: str) -> str:
    """Move tone marks the old way at the end of a word: hòa → hoà, thủy → thuỷ."""
    words = []
    for word in text.split(" "):
        for new, old in _OLD_STYLE.items():
            if word.lower().endswith(new.lower()):
                word = word[: -len(new)] + (old if word[-2:] == new else old.upper())
                break
        words.append(word)
    return " ".join(words)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


_PREFIX = {"city": "TP. ", "town": "TX ", "district": "Huyện ", "commune": "xã ", "ward": "P. "}
_ABBREVIATION = {
    "Doanh nghiệp": "DN",
    "Hợp tác xã": "HTX",
    "Cơ sở sản xuất/hộ kinh doanh": "hộ kinh doanh",
}


def messy_copy(src: Path, dst: Path, seed: int = 7) -> Path:
    """Retype ``src`` as officers do; it must read back to the same frames."""
    rnd = random.Random(seed)
    cat = contract()
    types = {}
    wb = load_workbook(src)
    units = wb["dia_ban"]
    head = [c.value for c in units[1]]
    for row in units.iter_rows(min_row=2, values_only=True):
        rec = dict(zip(head, row, strict=False))
        kind = next(v for v in cat.lists["unit_type"].values if v.label == rec["Loại"])
        # a name may be a district until 2025 and a commune after: key by level too;
        # where communes of one name differ in type (a former ward, a new commune),
        # the name alone does not tell the type word: write none
        key = (rec["Tên đơn vị"], kind.level)
        types[key] = kind.code if types.get(key, kind.code) == kind.code else None
    for ws in list(wb.worksheets):
        sheet = cat.find_sheet(ws.title)
        if sheet is None:
            continue
        by_label = {c.label: c for c in sheet.columns}
        cols = [by_label.get(c.value) for c in ws[1]]
        for c in ws[1]:
            c.value = nfd(str(c.value).upper()) if c.value else c.value
        for row in ws.iter_rows(min_row=2):
            for cell, col in zip(row, cols, strict=False):
                cell.value = _messy(cell.value, col, sheet.key, types, rnd)
        if sheet.key == "san_pham":
            extra = ws.max_column + 1
            ws.cell(row=1, column=extra, value="Người nhập")
            for r in range(2, ws.max_row + 1):
                ws.cell(row=r, column=extra, value="cán bộ huyện")
        for at in sorted(rnd.sample(range(3, ws.max_row + 2), k=min(3, ws.max_row)), reverse=True):
            ws.insert_rows(at)
            if at % 2:
                ws.cell(row=at, column=1, value="   ")
    # Excel compares sheet names ignoring case: rename through a temporary name.
    for n, ws in enumerate(wb.worksheets):
        ws.title = f"tmp{n}-{ws.title}"
    for ws in wb.worksheets:
        title = ws.title.split("-", 1)[1]
        sheet = cat.find_sheet(title)
        if sheet is not None:
            title = title.upper() if sheet.key != "chu_the" else sheet.alias.capitalize()
        ws.title = title
    wb.save(dst)
    return dst


def _messy(value, col, sheet_key, types, rnd):
    if value is None or col is None:
        return value
    if col.type == "date" and isinstance(value, dt.datetime | dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        return rnd.choice([f"{day:%d/%m/%Y}", f"{day.day}/{day.month}/{day.year}", day.isoformat()])
    if col.type == "bool" and isinstance(value, str):
        return {
            "Có": rnd.choice(["x", "X", "có", "TRUE", 1]),
            "Không": rnd.choice([None, "0", "FALSE"]),
        }.get(value, value)
    if col.type == "unit" and isinstance(value, str):
        prefix = _PREFIX.get(types.get((value, col.level)), "")
        value = old_style(value)
        value = rnd.choice([prefix + value, (prefix + value).upper(), value.lower()])
        return "  " + nfd(value) + " "
    if col.type == "list" and isinstance(value, str):
        value = _ABBREVIATION.get(value, value) if sheet_key == "chu_the" else value
        value = old_style(value)
        return nfd(rnd.choice([value, value.upper(), value.lower()]))
    if col.type == "integer" and isinstance(value, int) and rnd.random() < 0.3:
        return f" {value} "
    if isinstance(value, str):
        return nfd(value) + rnd.choice(["", " ", "  "])
    return value


# -- hostile names -----------------------------------------------------------------

HOSTILE = {
    "script": '<script>alert("ocop")</script>',
    "formula": '=HYPERLINK("http://example.invalid","bấm vào")',
    "plus": "+1+2",
    "minus": "-3-4",
    "at": "@SUM(1,2)",
    "quotes": "Tỏi \"Lý Sơn\" 'đặc biệt' </td><td>",
    "jinja": "{{ 7 * 7 }} {% raw %}",
    "img": "<img src=x onerror=alert(1)>",
}


def hostile_rows() -> dict:
    """The small valid workbook with every text a report shows made hostile."""
    rows = valid_rows()
    names = list(HOSTILE.values())
    rows["products"] = [
        product(f"H{i}", 3, d("2024-03-05") + dt.timedelta(days=i), product_name=name)
        for i, name in enumerate(names, start=1)
    ] + rows["products"]
    rows["owners"][1]["owner_name"] = HOSTILE["quotes"]
    rows["owners"][0]["owner_name"] = HOSTILE["formula"]
    rows["outlets"][0]["outlet_name"] = HOSTILE["script"]
    rows["targets"][1]["description"] = HOSTILE["img"]
    rows["activities"][0]["description"] = HOSTILE["script"] + " " + HOSTILE["quotes"]
    return rows


# -- many rows ---------------------------------------------------------------------


def write_big(path: Path, n: int) -> Path:
    """A valid workbook with ``n`` evaluation rows, written as XML directly
    (openpyxl would take longer to write it than the loader to read it)."""
    cat = contract()
    data = {
        "dia_ban": [[r.get(c.key) for c in cat.sheet("dia_ban").columns] for r in UNITS],
        "chu_the": [[r.get(c.key) for c in cat.sheet("chu_the").columns] for r in OWNERS],
    }
    keys = [c.key for c in cat.sheet("san_pham").columns]

    def products():
        for i in range(n):
            day = dt.date(2020, 1, 1) + dt.timedelta(days=i % 1500)
            row = product(
                f"P{i:06d}",
                3 + i % 3,
                f"{day:%d/%m/%Y}",
                score=(60, 75, 92)[i % 3],
                on_ecommerce="x" if i % 2 else None,
                decision_no=f"{i % 900}/QĐ-UBND",
            )
            yield [row.get(k) for k in keys]

    sheets = [(s.key, [c.label for c in s.columns]) for s in cat.sheets]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES(len(sheets)))
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK([s for s, _ in sheets]))
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS(len(sheets)))
        for i, (key, head) in enumerate(sheets, start=1):
            rows = products() if key == "san_pham" else iter(data.get(key, []))
            with z.open(f"xl/worksheets/sheet{i}.xml", "w") as fh:
                fh.write(b'<?xml version="1.0" encoding="UTF-8"?>')
                fh.write(
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                )
                fh.write(_row(1, head))
                for r, values in enumerate(rows, start=2):
                    fh.write(_row(r, values))
                fh.write(b"</sheetData></worksheet>")
    return path


def _row(r: int, values) -> bytes:
    cells = []
    for v in values:
        if v is None:
            cells.append("<c/>")
        elif isinstance(v, int | float):
            cells.append(f"<c><v>{v}</v></c>")
        else:
            cells.append(f'<c t="inlineStr"><is><t>{escape(str(v))}</t></is></c>')
    return f'<row r="{r}">{"".join(cells)}</row>'.encode()


_MAIN = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="' + _MAIN + '/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)


def _CONTENT_TYPES(n: int) -> str:  # noqa: N802
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, n + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        + sheets
        + "</Types>"
    )


def _WORKBOOK(names: list[str]) -> str:  # noqa: N802
    sheets = "".join(
        f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main" xmlns:r="{_MAIN}"><sheets>{sheets}</sheets></workbook>'
    )


def _WORKBOOK_RELS(n: int) -> str:  # noqa: N802
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_MAIN}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, n + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/relationships">{rels}</Relationships>'
    )


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "broken-workbooks")
    out.mkdir(parents=True, exist_ok=True)
    for defect in DEFECTS:
        print(write_defect(defect, out / f"{defect.name}.xlsx"))
    print(write_workbook(out / "hostile.xlsx", **hostile_rows()))
    sample = Path(__file__).resolve().parent.parent / "data" / "quang-ngai" / "ocop.xlsx"
    print(messy_copy(sample, out / "messy-sample.xlsx"))
    print(write_big(out / "big.xlsx", 100_000))
