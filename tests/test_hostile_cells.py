"""Cells that read as something they are not: identifiers that differ only in
case, dashes or invisible characters, formulas without a value, merged
ranges, Excel error values, impossible numbers and dates, texts too long or
holding characters the report cannot show, and a workbook that unpacks to
far more than its size."""

from __future__ import annotations

import datetime as dt
import time
import zipfile

import pytest
from factory import product
from openpyxl import load_workbook
from workbooks import valid_rows, write_valid

from ocoplib.intake.sniff import MAX_UNPACKED
from ocoplib.intake.workbook import check_workbook


def _errors(path):
    return [p for p in check_workbook(path).problems if p.is_error]


def _edit(path, sheet, edit):
    """Change the written workbook with openpyxl (formulas, merges, error values)."""
    wb = load_workbook(path)
    edit(wb[sheet])
    wb.save(path)
    return path


def _patch(path, part, old: str, new: str):
    """Replace text in one part of the file: what openpyxl would not write
    (an infinite number, a text longer than a cell holds)."""
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    assert old.encode() in parts[part]
    parts[part] = parts[part].replace(old.encode(), new.encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


# -- identifiers ------------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling",
    ["p1", "ｐ１", "P1\u200b", "\ufeffP1", " P1\u00a0"],
)
def test_a_product_id_spelled_differently_is_the_same_product(tmp_path, spelling):
    rows = valid_rows()
    rows["products"].append(product(spelling, 4, "01/09/2024", score=75))
    found = check_workbook(write_valid(tmp_path / "w.xlsx", products=rows["products"]))
    assert [p for p in found.problems if p.is_error] == []
    ids = found.frames["san_pham"]["product_id"].tolist()
    assert ids == ["P1", "P2", "P3", "P3", "P1"]  # 3 products, not 4
    if spelling.strip(" \u00a0") != "P1":
        (warn,) = [p for p in found.warnings if p.column == "Mã sản phẩm"]
        assert (warn.row, warn.cell, warn.value) == (6, "A6", spelling.strip(" \u00a0"))
        assert "'P1'" in warn.expected


@pytest.mark.parametrize("dash", ["\u2010", "\u2011", "\u2013", "\u2212", "\uff0d"])
def test_unicode_dashes_in_an_owner_id_match_the_owner(tmp_path, dash):
    rows = valid_rows()
    rows["owners"][0]["owner_id"] = "CT-001"
    rows["products"][1]["owner_id"] = f"ct{dash}001"
    found = check_workbook(write_valid(tmp_path / "w.xlsx", **rows))
    assert [p for p in found.problems if p.is_error] == []
    assert found.frames["san_pham"]["owner_id"].tolist()[1] == "CT-001"


def test_two_owners_colliding_after_normalisation_are_refused(tmp_path):
    rows = valid_rows()
    rows["owners"].append({**rows["owners"][1], "owner_id": "o\u200b2"})
    (err,) = _errors(write_valid(tmp_path / "w.xlsx", **rows))
    assert (err.sheet, err.row, err.column, err.cell) == ("chu_the", 5, "Mã chủ thể", "A5")
    assert "row 3 has the same" in err.expected


def test_unit_codes_keep_their_spelling_and_parents_match(tmp_path):
    rows = valid_rows()
    rows["units"].append(
        {"unit_code": "21025-cu", "unit_name": "An Hải", "unit_type": "Xã", "parent_code": "００２"}
    )
    found = check_workbook(write_valid(tmp_path / "w.xlsx", **rows))
    assert [p for p in found.problems if p.is_error] == []
    units = found.frames["dia_ban"]
    assert units["unit_code"].tolist()[-1] == "21025-cu"
    assert units["parent_code"].tolist()[-1] == "002"


# -- formulas, merges, error values -------------------------------------------------


def test_a_formula_without_value_in_an_optional_column_is_an_error(tmp_path):
    path = write_valid(tmp_path / "w.xlsx")
    _edit(path, "san_pham", lambda ws: ws.__setitem__("M4", '=IF(E4>3,"Có","")'))
    (err,) = _errors(path)
    assert (err.sheet, err.row, err.column, err.cell) == ("san_pham", 4, "Trên sàn TMĐT", "M4")
    assert err.value == '=IF(E4>3,"Có","")'
    assert "formula without a calculated value" in err.expected


def test_a_formula_without_value_in_a_required_column_names_the_formula(tmp_path):
    path = write_valid(tmp_path / "w.xlsx")
    _edit(path, "chu_the", lambda ws: ws.__setitem__("B3", '=CONCAT("HTX ","B")'))
    (err,) = _errors(path)
    assert (err.sheet, err.cell, err.value) == ("chu_the", "B3", '=CONCAT("HTX ","B")')
    assert "formula" in err.expected and "required" not in err.expected


def test_merged_cells_over_data_rows_are_an_error(tmp_path):
    rows = valid_rows()
    for r in rows["products"]:
        r["on_ecommerce"] = "Có"
    path = write_valid(tmp_path / "w.xlsx", products=rows["products"])
    _edit(path, "san_pham", lambda ws: ws.merge_cells("M3:M5"))
    (err,) = _errors(path)
    assert (err.sheet, err.row, err.column, err.cell, err.value) == (
        "san_pham",
        3,
        "Trên sàn TMĐT",
        "M3",
        "M3:M5",
    )


def test_a_merged_header_is_allowed(tmp_path):
    path = write_valid(tmp_path / "w.xlsx")
    _edit(path, "diem_ban", lambda ws: (ws.insert_cols(5), ws.merge_cells("E1:F1")))
    assert _errors(path) == []


@pytest.mark.parametrize("value", ["#N/A", "#REF!", "#VALUE!", "#DIV/0!"])
def test_an_excel_error_value_is_not_a_name(tmp_path, value):
    path = write_valid(tmp_path / "w.xlsx")

    def put(ws):
        ws["B2"] = value
        ws["B2"].data_type = "e"
        ws["B4"] = value  # typed as text: the same error
        ws["B4"].data_type = "s"
        ws["F4"] = value  # in a number column
        ws["F4"].data_type = "e"

    _edit(path, "san_pham", put)
    errs = _errors(path)
    assert [(e.sheet, e.cell, e.value) for e in errs] == [
        ("san_pham", "B2", value),
        ("san_pham", "B4", value),
        ("san_pham", "F4", value),
    ]
    assert all(f"Excel error {value}" in e.expected for e in errs)


# -- numbers, dates, texts -----------------------------------------------------------


@pytest.mark.parametrize("value", ["1e999", "-1e999", "inf", "nan", "NaN"])
def test_an_infinite_or_nan_number_is_an_error(tmp_path, value):
    rows = valid_rows()
    rows["targets"][0]["target_min"] = value
    (err,) = _errors(write_valid(tmp_path / "w.xlsx", targets=rows["targets"]))
    assert (err.sheet, err.row, err.column, err.value) == (
        "chi_tieu",
        2,
        "Chỉ tiêu tối thiểu",
        value,
    )
    assert "finite" in err.expected or "1e" not in value


def test_an_infinite_number_cell_is_an_error(tmp_path):
    rows = valid_rows()
    rows["products"][0]["score"] = 62
    path = write_valid(tmp_path / "w.xlsx", products=rows["products"])
    _patch(path, "xl/worksheets/sheet1.xml", "<v>62</v>", "<v>1E+999</v>")
    (err,) = _errors(path)
    assert (err.cell, err.column) == ("F2", "Điểm")
    assert "finite" in err.expected


def test_a_date_outside_pandas_range_does_not_hide_other_errors(tmp_path):
    rows = valid_rows()
    rows["products"][0]["decision_date"] = "28/05/1024"
    rows["products"][1]["stars"] = 9
    rows["activities"][0]["date"] = "01/01/3024"
    rows["activities"][0]["end_date"] = dt.date(9999, 12, 31)  # a date cell
    errs = _errors(write_valid(tmp_path / "w.xlsx", **rows))
    assert [(e.sheet, e.row, e.column) for e in errs] == [
        ("san_pham", 2, "Ngày quyết định"),
        ("san_pham", 3, "Số sao"),
        ("hoat_dong", 2, "Ngày"),
        ("hoat_dong", 2, "Đến ngày"),
    ]
    assert "from 01/01/1900 to 31/12/2100" in errs[0].expected
    assert all("damaged" not in e.expected for e in errs)


@pytest.mark.parametrize("value", ["1e300", 10**20, "123456789012345678"])
def test_a_whole_number_too_large_for_the_frames_does_not_hide_other_errors(tmp_path, value):
    rows = valid_rows()
    rows["activities"][0]["participants"] = value
    rows["products"][1]["stars"] = 9
    errs = _errors(write_valid(tmp_path / "w.xlsx", **rows))
    assert [(e.sheet, e.cell, e.column) for e in errs] == [
        ("san_pham", "E3", "Số sao"),
        ("hoat_dong", "J2", "Số chủ thể tham gia"),
    ]
    assert "at most 15 digits" in errs[1].expected


def test_a_serial_number_typed_as_text_in_a_date_cell_is_explained(tmp_path):
    rows = valid_rows()
    rows["products"][0]["decision_date"] = "45383"
    (err,) = _errors(write_valid(tmp_path / "w.xlsx", products=rows["products"]))
    assert err.cell == "J2" and "01/04/2024" in err.suggestion


def test_a_text_longer_than_an_excel_cell_is_an_error(tmp_path):
    rows = valid_rows()
    rows["products"][2]["product_name"] = "LONG-NAME"
    path = write_valid(tmp_path / "w.xlsx", products=rows["products"])
    _patch(path, "xl/worksheets/sheet1.xml", "LONG-NAME", "Tỏi " * 10_000)  # 40.000 characters
    (err,) = _errors(path)
    assert (err.sheet, err.cell, err.column) == ("san_pham", "B4", "Tên sản phẩm")
    assert "at most 32,767 characters; this one has 39,999" in err.expected


@pytest.mark.parametrize(
    "char", ["\U0001f34a", "\U0001f600", "\x9f", "\ue000", "\U00020000"], ids=repr
)
def test_a_character_the_report_cannot_show_is_refused(tmp_path, char):
    rows = valid_rows()
    rows["owners"][2]["owner_name"] = f"Hộ kinh doanh C {char}"
    (err,) = _errors(write_valid(tmp_path / "w.xlsx", owners=rows["owners"]))
    assert (err.sheet, err.cell, err.column) == ("chu_the", "B4", "Tên chủ thể")
    assert f"U+{ord(char):04X}" in err.expected


def test_vietnamese_and_common_punctuation_are_kept(tmp_path):
    rows = valid_rows()
    rows["owners"][2]["owner_name"] = "Hộ kinh doanh “Ông Tư” – Đức Phổ (№ 1) …"
    found = check_workbook(write_valid(tmp_path / "w.xlsx", owners=rows["owners"]))
    assert [p for p in found.problems if p.is_error] == []
    assert found.frames["chu_the"]["owner_name"].tolist()[2].startswith("Hộ kinh doanh “Ông")


# -- a workbook that unpacks to far more than its size ------------------------------


def test_a_workbook_unpacking_beyond_the_bound_is_refused_before_reading(tmp_path):
    path = write_valid(tmp_path / "w.xlsx")
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info, src.read(info))
        with z.open("xl/extra.xml", "w", force_zip64=True) as fh:
            chunk = b" " * (1 << 20)
            for _ in range(MAX_UNPACKED // len(chunk) + 8):
                fh.write(chunk)
    assert bomb.stat().st_size < 5 * 2**20
    start = time.monotonic()
    (err,) = _errors(bomb)
    assert time.monotonic() - start < 5
    assert "unpacks to at most 512 MB; this one unpacks to 520 MB" in err.expected
    assert "xl/extra.xml: 520 MB" in err.expected


# -- dates read as typed but implausible: a data-quality note -------------------------


def test_implausible_dates_are_noted_in_the_data_quality_checks(tmp_path):
    from ocoplib.report import Report, quality

    rows = valid_rows()
    rows["products"][0]["decision_date"] = dt.date(1900, 1, 1)  # an Excel serial 1
    rows["products"][3]["decision_date"] = dt.date(2099, 5, 20)
    rows["activities"][0]["date"] = dt.date(1900, 1, 2)
    (tmp_path / "p").mkdir()
    write_valid(tmp_path / "p" / "ocop.xlsx", **rows)
    r = Report.open(province="p", year=2024, scope="tinh", data_dir=tmp_path)
    (note,) = [c for c in quality.checks(r.facts) if c.title.startswith("Ngày bất thường")]
    assert note.result == quality.LOOK
    assert "3 ngày trước năm 2013 hoặc sau năm 2025" in note.detail
    assert "trang san_pham dòng 2: ngày quyết định 01/01/1900" in note.detail
    assert "trang san_pham dòng 5: ngày quyết định 20/5/2099" in note.detail
    assert "trang hoat_dong dòng 2: ngày hoạt động 02/01/1900" in note.detail


def test_plausible_dates_add_no_note(tmp_path):
    from ocoplib.report import Report, quality

    (tmp_path / "p").mkdir()
    write_valid(tmp_path / "p" / "ocop.xlsx")
    r = Report.open(province="p", year=2024, scope="tinh", data_dir=tmp_path)
    assert not [c for c in quality.checks(r.facts) if c.title.startswith("Ngày bất thường")]
