"""`ocop template`: the Excel template is generated from the contract, guides
the officer cell by cell, and loads without errors once filled in."""

import dataclasses
import datetime as dt
import shutil

import pytest
from click.testing import CliRunner
from conftest import ROOT
from openpyxl import load_workbook

from ocoplib.base.contract import contract
from ocoplib.cli import main
from ocoplib.domain.units import UnitResolver
from ocoplib.intake.template import INSTRUCTIONS, LISTS, write_template
from ocoplib.intake.workbook import check_workbook, read_workbook

SAMPLE = ROOT / "data" / "quang-ngai"


def ocop(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    shutil.copytree(SAMPLE, root / "quang-ngai")
    return root


@pytest.fixture(scope="module")
def province_template(data, tmp_path_factory):
    out = tmp_path_factory.mktemp("tpl") / "mau.xlsx"
    run = ocop(
        "template", "--province", "quang-ngai", "--year", 2024, "--data-dir", data, "--out", out
    )
    assert run.exit_code == 0, run.output
    return out


@pytest.fixture(scope="module")
def district_template(data, tmp_path_factory):
    out = tmp_path_factory.mktemp("tpl") / "tu-nghia.xlsx"
    run = ocop(
        "template",
        "--province",
        "quang-ngai",
        "--unit",
        "huyện TƯ NGHĨA",
        "--year",
        2024,
        "--data-dir",
        data,
        "--out",
        out,
    )
    assert run.exit_code == 0, run.output
    return out


def _validations(ws):
    """Column letter → the data validation of that column."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            out[rng.coord.split(":")[0].rstrip("0123456789")] = dv
    return out


def _list_values(wb, dv):
    name = dv.formula1.lstrip("=")
    if name.startswith('"'):
        return name.strip('"').split(",")
    sheet, ref = wb.defined_names[name].attr_text.split("!")
    ws = wb[sheet.strip("'")]
    return [c.value for row in ws[ref.replace("$", "")] for c in row]


def test_every_sheet_with_headers_notes_validation_and_frozen_header(province_template):
    wb = load_workbook(province_template)
    cat = contract()
    assert wb.sheetnames == [INSTRUCTIONS, LISTS] + [s.key for s in cat.sheets]
    assert wb[LISTS].sheet_state == "hidden"
    for sheet in cat.sheets:
        ws = wb[sheet.key]
        assert [c.value for c in ws[1]] == [c.label for c in sheet.columns]
        assert ws.freeze_panes == "A2"
        checks = _validations(ws)
        for j, col in enumerate(sheet.columns, start=1):
            head = ws.cell(row=1, column=j)
            text = head.comment.text
            assert col.key in text and "Kiểu:" in text, (sheet.key, col.key)
            assert ("Bắt buộc" if col.required else "Không bắt buộc") in text
            if col.example:
                assert f"Ví dụ: {col.example}" in text
            dv = checks[head.column_letter]
            assert dv.prompt and dv.promptTitle
            if col.type == "list":
                labels = [v.label for v in cat.lists[col.list].values]
                assert dv.type == "list" and _list_values(wb, dv) == labels
            elif col.type == "date":
                assert dv.type == "date"
            elif col.type in ("integer", "number"):
                assert dv.type == ("whole" if col.type == "integer" else "decimal")
                if col.max is not None:
                    assert float(dv.formula2) == col.max
            elif col.type == "bool":
                assert _list_values(wb, dv) == ["Có", "Không"]


def test_unit_lists_hold_the_units_valid_in_the_year(province_template):
    wb = load_workbook(province_template)
    dv = _validations(wb["san_pham"])["K"]
    names = _list_values(wb, dv)
    # a name that is also a commune's after 2025 carries its type word
    assert len(names) == 13 and "Huyện Tư Nghĩa" in names and "Quảng Ngãi" in names
    scope = _validations(wb["chi_tieu"])["B"]
    assert _list_values(wb, scope)[0] == "Tỉnh"
    # the communes of 2024 (the former communes, valid until 30/06/2025): a product
    # rated in 2024 carries its commune, which the 2025 crosswalk needs
    communes = _list_values(wb, _validations(wb["san_pham"])["L"])
    sample = read_workbook(SAMPLE / "ocop.xlsx")
    own = {u.code for u in sample.units if u.level == "district" and not u.former_province}
    former = [u for u in sample.units if u.is_former_commune and u.parent_code in own]
    assert len(communes) == len(former) == 170 and len(set(communes)) == 170
    # two former wards of one name: the list names each with its district
    assert {"Phường Nguyễn Nghiêm (Quảng Ngãi)", "Phường Nguyễn Nghiêm (Đức Phổ)"} <= set(communes)
    assert "Phường Trần Hưng Đạo (Quảng Ngãi)" in communes  # Kon Tum's has the name too
    loaded = read_workbook(province_template)
    assert len(loaded["dia_ban"]) == 13 + 170
    # every listed name reads back as one unit on a day of 2024, in the template
    # and in the province's workbook (where Kon Tum's units are too)
    day = dt.date(2024, 6, 1)
    for units in (loaded.units, sample.units):
        resolver = UnitResolver(units)
        found = {resolver.resolve(n, day) for n in communes}
        assert None not in found and len(found) == 170


def test_instructions_in_vietnamese(province_template):
    ws = load_workbook(province_template)[INSTRUCTIONS]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "MẪU NHẬP LIỆU CHƯƠNG TRÌNH OCOP – TỈNH QUẢNG NGÃI" in text
    assert "CÁCH NHẬP" in text and "ngày/tháng/năm" in text
    for sheet in contract().sheets:
        assert f"Trang {sheet.key} – {sheet.title}" in text
    assert "tên cũ (danh mục 2018): Thảo dược" in text


def test_district_template_prefills_and_restricts(district_template):
    wb = load_workbook(district_template)
    assert "huyện Tư Nghĩa" in wb[INSTRUCTIONS]["A2"].value
    for sheet, letter in (("san_pham", "K"), ("chu_the", "D"), ("diem_ban", "B")):
        assert _list_values(wb, _validations(wb[sheet])[letter]) == ["Huyện Tư Nghĩa"], sheet
    loaded = read_workbook(district_template)
    sample_units = read_workbook(SAMPLE / "ocop.xlsx").units
    communes = [u for u in sample_units if u.parent_code == "528" and u.valid_in(2024)]
    assert len(communes) == 13  # the former communes of the district, valid in 2024
    codes = list(loaded["dia_ban"]["unit_code"])
    assert codes[0] == "528" and sorted(codes[1:]) == sorted(u.code for u in communes)
    listed = _list_values(wb, _validations(wb["san_pham"])["L"])
    assert sorted(listed) == sorted(u.name for u in communes)
    owners = loaded["chu_the"]
    assert len(owners) > 0 and set(owners["district"]) == {"528"}
    sample = read_workbook(SAMPLE / "ocop.xlsx")["chu_the"]
    assert set(owners["owner_id"]) == set(sample[sample["district"] == "528"]["owner_id"])


def _fill(template, out, rows):
    """Type rows into the template as an officer would, values from its lists."""
    wb = load_workbook(template)
    for sheet_key, records in rows.items():
        ws = wb[sheet_key]
        keys = [c.key for c in contract().sheet(sheet_key).columns]
        start = ws.max_row + 1 if ws.max_row > 1 and ws["A2"].value else 2
        for i, record in enumerate(records, start=start):
            for key, value in record.items():
                ws.cell(row=i, column=keys.index(key) + 1, value=value)
    wb.save(out)
    return out


def test_a_filled_template_loads_without_errors(district_template, tmp_path):
    owner = read_workbook(district_template)["chu_the"]["owner_id"].iloc[0]
    filled = _fill(
        district_template,
        tmp_path / "filled.xlsx",
        {
            "chu_the": [
                {
                    "owner_id": "CT-900",
                    "owner_name": "Hợp tác xã Nông nghiệp Nghĩa Kỳ",
                    "owner_type": "Hợp tác xã",
                    "district": "Tư Nghĩa",
                }
            ],
            "san_pham": [
                {
                    "product_id": "QNG-0900",
                    "product_name": "Mạch nha Nghĩa Kỳ",
                    "owner_id": "CT-900",
                    "product_group": "Thực phẩm",
                    "stars": 3,
                    "score": 61.5,
                    "decision_no": "1378/QĐ-UBND",
                    "decision_date": dt.datetime(2024, 9, 20),
                    "district": "Tư Nghĩa",
                    "on_ecommerce": "Có",
                },
                {
                    "product_id": "QNG-0901",
                    "product_name": "Tỏi đen",
                    "owner_id": owner,
                    "product_group": "Dược liệu và sản phẩm từ dược liệu",
                    "stars": 4,
                    "score": 72,
                    "five_star_candidate": "Có",
                    "level": "Tỉnh",
                    "decision_date": dt.datetime(2024, 9, 20),
                    "district": "Tư Nghĩa",
                    "revoked": "Không",
                },
            ],
            "diem_ban": [
                {
                    "outlet_name": "Điểm bán Nghĩa Kỳ",
                    "district": "Tư Nghĩa",
                    "funding": "Nhà nước hỗ trợ",
                    "opened": dt.datetime(2024, 6, 1),
                }
            ],
            "chi_tieu": [
                {
                    "year": 2024,
                    "scope": "Tư Nghĩa",
                    "indicator": "new_products",
                    "description": "Sản phẩm OCOP mới",
                    "target_min": 3,
                    "unit": "sản phẩm",
                }
            ],
            "hoat_dong": [
                {
                    "year": 2024,
                    "category": "Đào tạo, tập huấn",
                    "date": dt.datetime(2024, 7, 1),
                    "end_date": dt.datetime(2024, 7, 3),
                    "description": "Tập huấn Chu trình OCOP cho chủ thể",
                    "participants": 40,
                }
            ],
        },
    )
    found = check_workbook(filled)
    assert found.problems == []
    products = found.frames["san_pham"].set_index("product_id")
    assert products.loc["QNG-0900", "district"] == "528"
    assert products.loc["QNG-0900", "on_ecommerce"]
    assert products.loc["QNG-0901", "product_group"] == "herbal"
    assert products.loc["QNG-0901", "five_star_candidate"]
    assert found.frames["chi_tieu"].loc[0, "scope_code"] == "528"


def test_bad_requests_exit_2(data, tmp_path):
    unknown = ocop(
        "template", "--province", "quang-ngai", "--unit", "Tư Nghỉa", "--year", 2024,
        "--data-dir", data, "--out", tmp_path / "x.xlsx",
    )  # fmt: skip
    assert unknown.exit_code == 2 and "did you mean 'huyện Tư Nghĩa'" in unknown.output
    assert (
        ocop(
            "template", "--province", "quang-ngai", "--data-dir", data, "--out", tmp_path / "x.csv"
        ).exit_code
        == 2
    )
    assert (
        ocop(
            "template", "--province", "nowhere", "--data-dir", data, "--out", tmp_path / "x.xlsx"
        ).exit_code
        == 2
    )
    assert not (tmp_path / "x.xlsx").exists()


def test_default_year_from_the_cli(data, tmp_path):
    run = ocop(
        "template", "--province", "quang-ngai", "--data-dir", data, "--out", tmp_path / "t.xlsx"
    )
    assert run.exit_code == 0, run.output
    assert load_workbook(tmp_path / "t.xlsx").sheetnames[:2] == [INSTRUCTIONS, LISTS]


def _listed(path):
    """Drop-down values of the hidden lists sheet, by the list's header."""
    ws = load_workbook(path)[LISTS]
    columns = zip(*ws.iter_rows(values_only=True), strict=True)
    return {col[0]: [v for v in col[1:] if v is not None] for col in columns}


@pytest.mark.parametrize(
    ("today", "districts", "communes"),
    # 2024: the districts and their communes; 2025, the year of the change: the
    # former units (rows before 01/07/2025, Kon Tum's included) and the new communes
    # (44 names are borne by a former and a new commune: listed once); 2026: the
    # new communes only
    [
        (dt.date(2024, 5, 1), 13, 170),
        (dt.date(2025, 8, 1), 23, 272 + 96 - 44),
        (dt.date(2026, 3, 1), 0, 96),
    ],
)
def test_default_year_is_this_year_when_units_are_valid(tmp_path, today, districts, communes):
    workbook = read_workbook(SAMPLE / "ocop.xlsx")
    out, same = tmp_path / "default.xlsx", tmp_path / "year.xlsx"
    assert write_template(out, workbook, "quang-ngai", today=today) == []
    write_template(same, workbook, "quang-ngai", year=today.year)
    assert out.read_bytes() == same.read_bytes()
    listed = _listed(out)
    assert len(listed["Huyện/thị xã/thành phố"]) == districts
    # a former and a new commune of one name are listed once: the row's date tells which
    assert len(listed["Xã/phường/thị trấn"]) == communes
    # the template reads back: sheet dia_ban holds the units its rows refer to
    # (from 2025, the former district of each new commune)
    units = read_workbook(out).units
    codes = {u.code for u in units}
    assert {u.parent_code for u in units} - {None} <= codes
    assert all(u.valid_in(today.year) for u in units if u.level == "commune")


def test_default_year_after_the_last_units_is_their_last_year(tmp_path):
    sample = read_workbook(SAMPLE / "ocop.xlsx")
    districts = dataclasses.replace(
        sample, units=[u for u in sample.units if u.valid_to is not None]
    )
    out = tmp_path / "t.xlsx"
    notes = write_template(out, districts, "quang-ngai", today=dt.date(2027, 1, 15))
    assert notes == [
        "note: no unit of sheet dia_ban is valid in 2027; the lists hold the units "
        "valid in 2025 (choose another year with --year)"
    ]
    ws = load_workbook(out)[INSTRUCTIONS]
    assert ws["A3"].value == "Danh sách đơn vị hành chính: các đơn vị có hiệu lực trong năm 2025."
    listed = _listed(out)
    assert "Tư Nghĩa" in listed["Huyện/thị xã/thành phố"]
    # the former communes, valid until 30/06/2025, with them
    former = [u for u in districts.units if u.level == "commune"]
    assert len(listed["Xã/phường/thị trấn"]) == len(former) == 272
