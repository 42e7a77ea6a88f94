"""Normalisation per the contract: the same facts typed differently read the
same, and the sample typed messily gives exactly the figures of the clean one."""

import datetime as dt
import unicodedata

import pandas as pd
import pytest
from conftest import ROOT
from factory import OWNERS, d, product, write_workbook
from openpyxl import load_workbook
from workbooks import messy_copy, old_style

from ocoplib.domain.rules import compute
from ocoplib.domain.units import province_scope, unit_scope
from ocoplib.intake.workbook import check_workbook, read_workbook

SAMPLE = ROOT / "data" / "quang-ngai" / "ocop.xlsx"
UNITS = [
    {"unit_code": "101", "unit_name": "Hòa Vang", "unit_type": "Huyện"},
    {"unit_code": "102", "unit_name": "Thủy Nguyên", "unit_type": "Thành phố"},
    {"unit_code": "103", "unit_name": "Đức Phổ", "unit_type": "Thị xã", "aliases": "Huyện Đức Phổ"},
    {"unit_code": "104", "unit_name": "Hòa Tiến", "unit_type": "Xã", "parent_code": "101"},
]
OWNERS_HERE = [
    {"owner_id": "O1", "owner_name": "A", "owner_type": "DN", "district": "hoà vang"},
    {"owner_id": "O2", "owner_name": "B", "owner_type": "htx", "district": "THUỶ NGUYÊN"},
    {
        "owner_id": "O3",
        "owner_name": "C",
        "owner_type": "Cơ sở sản xuất",
        "district": "TX. Đức Phổ",
    },
]


def test_old_style_helper():
    assert old_style("Xã hội hóa") == "Xã hội hoá"
    assert old_style("Thủy Nguyên") == "Thuỷ Nguyên"
    assert old_style("HÒA VANG") == "HOÀ VANG"


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Hòa Vang", "101"),
        ("hoà vang", "101"),
        ("HUYỆN HOÀ VANG", "101"),
        ("H. Hòa Vang", "101"),
        (unicodedata.normalize("NFD", "Huyện Hoà Vang"), "101"),
        ("  Hòa   Vang ", "101"),
        ("Thuỷ Nguyên", "102"),
        ("TP. Thủy Nguyên", "102"),
        ("TP Thuỷ Nguyên", "102"),
        ("tp.thuỷ nguyên", "102"),
        ("Thành phố THỦY NGUYÊN", "102"),
        ("TX Đức Phổ", "103"),
        ("TX. Đức Phổ", "103"),
        ("Thị xã Đức Phổ", "103"),
        ("Huyện Đức Phổ", "103"),  # an alias
    ],
)
def test_unit_names_as_people_write_them(tmp_path, written, code):
    rows = [product("P1", 3, d("2024-02-01"), district=written, owner="O1", commune="xã Hoà Tiến")]
    wb = read_workbook(
        write_workbook(tmp_path / "u.xlsx", products=rows, units=UNITS, owners=OWNERS_HERE)
    )
    assert wb["san_pham"].loc[0, "district"] == code
    assert wb["san_pham"].loc[0, "commune"] == "104"
    assert list(wb["chu_the"]["district"]) == ["101", "102", "103"]
    assert list(wb["chu_the"]["owner_type"]) == ["enterprise", "cooperative", "household"]


def test_list_values_dates_and_yes_no_variants(tmp_path):
    rows = [
        product("P1", " 3 ", "5/1/2024", on_ecommerce="x", revoked="", product_group="THỰC PHẨM"),
        product("P2", 4, "2024-02-03", on_ecommerce="Có", five_star_candidate="TRUE", level="tỉnh"),
        product("P3", "4", dt.datetime(2024, 3, 7), on_ecommerce=1, revoked="không", level="TW"),
        product("P4", 3, "07/03/2024", on_ecommerce="FALSE", product_group="Vải và may mặc"),
        product("P5", 3, "07/03/2024", on_ecommerce=0, product_group="dược liệu"),
    ]
    outlets = [
        {
            "outlet_name": "A",
            "district": "tư nghĩa",
            "funding": "Xã hội hoá",
            "opened": "01/06/2024",
        }
    ]
    wb = read_workbook(write_workbook(tmp_path / "t.xlsx", products=rows, outlets=outlets))
    f = wb["san_pham"].set_index("product_id")
    assert list(f["stars"]) == [3, 4, 4, 3, 3]
    assert [x.date() for x in f["decision_date"]] == [
        d("2024-01-05"), d("2024-02-03"), d("2024-03-07"), d("2024-03-07"), d("2024-03-07"),
    ]  # fmt: skip
    assert list(f["on_ecommerce"]) == [True, True, True, False, False]
    assert list(f["revoked"]) == [False] * 5
    assert f.loc["P2", "five_star_candidate"] and f.loc["P2", "level"] == "province"
    assert f.loc["P3", "level"] == "central"
    assert list(f["product_group"]) == ["food", "food", "food", "handicraft", "herbal"]
    legacy = [w for w in wb.warnings if w.value == "Vải và may mặc"]
    assert (
        len(legacy) == 1
        and legacy[0].cell == "D5"
        and "Hàng thủ công mỹ nghệ" in legacy[0].expected
    )
    assert wb["diem_ban"].loc[0, "funding"] == "socialized"


def test_bad_values_get_the_closest_suggestion(tmp_path):
    rows = [
        product("P1", 3, "2024/01/05", product_group="Thuc pham"),
        product("P2", 3, "20.3.2024"),
    ]
    found = check_workbook(write_workbook(tmp_path / "b.xlsx", products=rows))
    by_cell = {p.cell: p for p in found.errors}
    assert by_cell["D2"].suggestion == "did you mean 'Thực phẩm'?"
    assert by_cell["J3"].suggestion == "write it as dd/mm/yyyy, e.g. 20/3/2024"


def test_sheet_names_headers_blank_rows_and_extra_columns(tmp_path):
    path = write_workbook(tmp_path / "x.xlsx", products=[product("P1", 3, d("2024-01-05"))])
    wb = load_workbook(path)
    wb["san_pham"].title = "Products"
    wb["chu_the"].title = "CHỦ_THỂ"  # not a contract name: reported, with the missing sheet
    ws = wb["Products"]
    for c in ws[1]:
        c.value = unicodedata.normalize("NFD", c.value.upper())
    ws.insert_rows(2, 2)
    ws.cell(row=3, column=1, value="   ")
    ws.cell(row=1, column=16, value="Người nhập")
    ws.cell(row=4, column=16, value="cán bộ xã")
    wb.save(path)
    found = check_workbook(path)
    assert [(p.severity, p.sheet) for p in found.errors] == [("error", "chu_the")]
    assert "CHỦ_THỂ" in {p.sheet for p in found.warnings}
    frame = found.frames["san_pham"]
    assert list(frame["excel_row"]) == [4]
    assert frame.loc[0, "Người nhập"] == "cán bộ xã"
    extra = next(p for p in found.warnings if p.column == "Người nhập")
    assert extra.cell == "P1" and "kept" in extra.expected


def test_dates_by_unit_validity(tmp_path):
    """A name that meant two units at different times resolves by the row's date."""
    units = [
        {
            "unit_code": "1",
            "unit_name": "Bình Sơn",
            "unit_type": "Huyện",
            "valid_to": d("2025-06-30"),
        },
        {
            "unit_code": "2",
            "unit_name": "Bình Sơn",
            "unit_type": "Xã",
            "valid_from": d("2025-07-01"),
        },
    ]
    owners = [dict(OWNERS[0], district="Bình Sơn")]
    rows = [
        product("P1", 3, d("2024-02-01"), district="Bình Sơn", owner="O1"),
        product("P2", 3, d("2025-08-01"), district="Bình Sơn", owner="O1"),
    ]
    found = check_workbook(
        write_workbook(tmp_path / "b.xlsx", products=rows, units=units, owners=owners)
    )
    # the owner row has no date: both units match, and the error says how to choose
    assert [(p.sheet, p.row) for p in found.errors] == [("chu_the", 2)]
    assert "type word" in found.errors[0].suggestion
    assert list(found.frames["san_pham"]["district"]) == ["1", "2"]


def _comparable(frame: pd.DataFrame, extras) -> pd.DataFrame:
    return frame.drop(columns=["excel_row", *extras]).reset_index(drop=True)


def test_the_sample_typed_messily_gives_the_same_figures(tmp_path):
    messy = messy_copy(SAMPLE, tmp_path / "messy.xlsx")
    raw = load_workbook(messy)
    assert raw.sheetnames[0].isupper() and "Owners" in raw.sheetnames
    header = [c.value for c in raw["SAN_PHAM"][1]]
    assert header[0] == unicodedata.normalize("NFD", "MÃ SẢN PHẨM")
    cells = [c.value for row in raw["SAN_PHAM"].iter_rows(min_row=2) for c in row]
    assert any(isinstance(v, str) and v.strip().startswith("TP.") for v in cells)
    assert any(v in ("x", "X") for v in cells)
    assert any(isinstance(v, str) and "/" in v and v.count("/") == 2 for v in cells)
    owner_types = {row[2] for row in raw["Owners"].iter_rows(min_row=2, values_only=True) if row[2]}
    assert {"HTX", "DN"} <= {unicodedata.normalize("NFC", t).upper() for t in owner_types}
    funding = {row[2] for row in raw["DIEM_BAN"].iter_rows(min_row=2, values_only=True) if row[2]}
    assert any("hoá" in unicodedata.normalize("NFC", f).lower() for f in funding)

    clean, typed = check_workbook(SAMPLE), check_workbook(messy)
    assert typed.errors == []
    assert {w.column for w in typed.warnings if w.row == 1} == {"Người nhập"}
    for key in clean.frames:
        pd.testing.assert_frame_equal(
            _comparable(clean.frames[key], []),
            _comparable(typed.frames[key], typed.extra_columns(key)),
            obj=key,
        )
    day = dt.date(2024, 10, 31)
    units = read_workbook(SAMPLE).units
    for scope in [province_scope("Quảng Ngãi", units, day), unit_scope(units[4], units, day)]:
        a = compute(clean.frames, 2024, day, scope)
        b = compute(typed.frames, 2024, day, scope)
        assert a.catalogue() == b.catalogue()
        assert a.owners_by_type() == b.owners_by_type()
    assert (
        compute(typed.frames, 2024, day, province_scope("Quảng Ngãi", units, day)).catalogue()[
            "products"
        ]
        == 204
    )
