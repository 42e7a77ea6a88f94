"""The loader reads the workbook by the contract and reports every problem
with file, sheet, row, column, value and what was expected."""

import unicodedata

import pytest
from factory import OWNERS, UNITS, d, product, write_workbook
from openpyxl import Workbook

from ocoplib.base.problems import InputError
from ocoplib.intake.workbook import read_workbook


def _errors(path):
    with pytest.raises(InputError) as info:
        read_workbook(path)
    return [p for p in info.value.problems if p.is_error]


def test_columns_match_by_label_key_case_and_nfd(tmp_path):
    path = write_workbook(tmp_path / "a.xlsx", products=[product("P1", 3, d("2024-01-05"))])
    wb = Workbook()
    wb.remove(wb.active)
    from openpyxl import load_workbook

    src = load_workbook(path)
    for ws in src.worksheets:
        out = wb.create_sheet(ws.title.upper() if ws.title == "san_pham" else ws.title)
        for i, row in enumerate(ws.iter_rows(values_only=True)):
            if i == 0 and ws.title == "san_pham":
                row = [unicodedata.normalize("NFD", str(c)).upper() for c in row]
            out.append(list(row))
    wb.save(tmp_path / "b.xlsx")
    frame = read_workbook(tmp_path / "b.xlsx")["san_pham"]
    assert frame.loc[0, "product_id"] == "P1"
    keys = write_workbook(
        tmp_path / "c.xlsx", products=[product("P1", 3, d("2024-01-05"))], use_labels=False
    )
    assert read_workbook(keys)["san_pham"].loc[0, "stars"] == 3


def test_units_match_with_type_words_aliases_and_tone_placement(tmp_path):
    rows = [
        product("P1", 3, d("2024-01-05"), district="TP. Quảng Ngãi"),
        product("P2", 3, d("2024-01-05"), district="huyện TƯ NGHĨA"),
        product("P3", 3, d("2024-01-05"), district="Huyện Đức Phổ"),  # an alias
        product("P4", 3, d("2024-01-05"), district="TX Đức Phổ"),
        product("P5", 3, d("2024-01-05"), district="Thành phố Quảng Ngãi"),
    ]
    frame = read_workbook(write_workbook(tmp_path / "u.xlsx", products=rows))["san_pham"]
    assert list(frame["district"]) == ["001", "002", "003", "003", "001"]


def test_types_dates_bools_and_lists(tmp_path):
    rows = [
        product("P1", 3, "05/01/2024", on_ecommerce="x", revoked="Không"),
        product("P2", "4", "2024-02-03", on_ecommerce="TRUE", product_group="Thảo dược"),
        product("P3", 3, "7/3/2024", on_ecommerce=1, owner="O1"),
    ]
    wb = read_workbook(write_workbook(tmp_path / "t.xlsx", products=rows))
    frame = wb["san_pham"]
    assert [x.date() for x in frame["decision_date"]] == [
        d("2024-01-05"),
        d("2024-02-03"),
        d("2024-03-07"),
    ]
    assert list(frame["on_ecommerce"]) == [True, True, True]
    assert list(frame["revoked"]) == [False, False, False]
    assert frame.loc[1, "product_group"] == "herbal"
    assert any("Thảo dược" in str(w) for w in wb.warnings)
    owners = wb["chu_the"].set_index("owner_id")["owner_type"]
    assert owners.to_dict() == {"O1": "enterprise", "O2": "cooperative", "O3": "household"}


def test_every_error_is_reported_with_its_place(tmp_path):
    rows = [
        product("P1", 6, d("2024-01-05")),
        product("P2", 3, "31/02/2024"),
        product("P3", 3, d("2024-01-05"), district="Tư Nghỉa"),
        product("P4", 3, d("2024-01-05"), owner="O9"),
        product("P5", 4, d("2024-01-05"), score=55),
    ]
    errors = _errors(write_workbook(tmp_path / "bad.xlsx", products=rows))
    where = {(e.sheet, e.row, e.column) for e in errors}
    assert ("san_pham", 2, "Số sao") in where
    assert ("san_pham", 3, "Ngày quyết định") in where
    assert ("san_pham", 4, "Huyện/thị xã/thành phố") in where
    assert ("san_pham", 5, "Mã chủ thể") in where
    assert ("san_pham", 6, "Số sao") in where
    misspelt = next(e for e in errors if e.row == 4)
    assert misspelt.value == "Tư Nghỉa" and "Tư Nghĩa" in misspelt.suggestion
    assert all(e.file == "bad.xlsx" for e in errors)


def test_missing_sheet_and_column_and_duplicates(tmp_path):
    errors = _errors(write_workbook(tmp_path / "m.xlsx", drop_sheets=("diem_ban",)))
    assert any(e.sheet == "diem_ban" and "sheet" in e.expected for e in errors)
    rows = [product("P1", 3, d("2024-01-05")), product("P1", 4, d("2024-01-05"))]
    errors = _errors(write_workbook(tmp_path / "dup.xlsx", products=rows))
    assert any(e.row == 3 and "row 2" in e.expected for e in errors)


def test_targets_rules(tmp_path):
    targets = [
        {
            "year": 2024,
            "scope": "Tỉnh",
            "indicator": "new_4star",
            "description": "x",
            "target_min": 6,
            "target_max": 4,
            "unit": "sản phẩm",
        },
        {
            "year": 2024,
            "scope": "Tỉnh",
            "indicator": "new_products",
            "description": "x",
            "target_min": 6,
            "unit": "sản phẩm",
            "actual_manual": 3,
        },
        {
            "year": 2024,
            "scope": "Tư Nghia",
            "indicator": "lop_tap_huan",
            "description": "x",
            "target_min": 2,
            "unit": "lớp",
        },
    ]
    errors = _errors(write_workbook(tmp_path / "t.xlsx", targets=targets))
    assert {(e.row, e.column) for e in errors} >= {
        (2, "Chỉ tiêu tối đa"),
        (3, "Kết quả (nhập tay)"),
        (4, "Kết quả (nhập tay)"),
    }


def test_extra_columns_and_blank_rows_are_kept_quietly(tmp_path):
    path = write_workbook(tmp_path / "x.xlsx", products=[product("P1", 3, d("2024-01-05"))])
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["san_pham"]
    ws.cell(row=1, column=20, value="Ghi chú riêng")
    ws.cell(row=2, column=20, value="abc")
    ws.append([None] * 5)
    ws.append([" "] * 3)
    wb.save(path)
    loaded = read_workbook(path)
    assert len(loaded["san_pham"]) == 1
    assert loaded["san_pham"].loc[0, "Ghi chú riêng"] == "abc"
    assert any(w.column == "Ghi chú riêng" for w in loaded.warnings)


def test_not_an_xlsx_file(tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("hello", encoding="utf-8")
    errors = _errors(path)
    assert "xlsx" in errors[0].expected


def test_fixtures_are_valid(tmp_path):
    wb = read_workbook(write_workbook(tmp_path / "ok.xlsx"))
    assert len(wb["dia_ban"]) == len(UNITS) and len(wb["chu_the"]) == len(OWNERS)
