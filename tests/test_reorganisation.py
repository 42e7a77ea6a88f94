"""One data set across the 2025 reorganisation: districts until 30/06/2025,
communes from 01/07/2025, a merger of provinces, and rules dated by decision."""

import datetime as dt
import re

import pytest
from factory import d, product, write_workbook

from ocoplib.domain.levels import derived_level
from ocoplib.intake.workbook import check_workbook, read_workbook
from ocoplib.report import Report, appendices, narrative

END = "2025-06-30"
START = "2025-07-01"
UNITS = [
    {"unit_code": "524", "unit_name": "Bình Sơn", "unit_type": "Huyện", "valid_to": d(END)},
    {"unit_code": "528", "unit_name": "Tư Nghĩa", "unit_type": "Huyện", "valid_to": d(END)},
    {
        "unit_code": "612",
        "unit_name": "Đắk Tô",
        "unit_type": "Huyện",
        "valid_to": d(END),
        "former_province": "Kon Tum",
    },
    # a former district's name lives on as a commune
    {
        "unit_code": "21001",
        "unit_name": "Bình Sơn",
        "unit_type": "Xã",
        "parent_code": "524",
        "valid_from": d(START),
    },
    {
        "unit_code": "21002",
        "unit_name": "Nghĩa Giang",
        "unit_type": "Xã",
        "parent_code": "528",
        "valid_from": d(START),
    },
    {
        "unit_code": "23001",
        "unit_name": "Đắk Tô",
        "unit_type": "Xã",
        "parent_code": "612",
        "valid_from": d(START),
    },
    # renamed at the reorganisation: the old name stays an alias of the new commune
    {
        "unit_code": "21003",
        "unit_name": "Trương Quang Trọng",
        "unit_type": "Phường",
        "parent_code": "528",
        "valid_from": d(START),
        "aliases": "Tịnh Ấn Tây",
    },
]
OWNERS = [
    {
        "owner_id": "O1",
        "owner_name": "HTX Bình Sơn",
        "owner_type": "HTX",
        "district": "huyện Bình Sơn",
    },
    {
        "owner_id": "O2",
        "owner_name": "Hộ Tư Nghĩa",
        "owner_type": "Hộ kinh doanh",
        "district": "Tư Nghĩa",
    },
    {"owner_id": "O3", "owner_name": "Công ty Sâm", "owner_type": "DN", "district": "huyện Đắk Tô"},
]
PRODUCTS = [
    product("P1", 3, d("2024-05-01"), district="Bình Sơn", owner="O1"),
    product("P2", 3, d("2025-06-30"), district="Bình Sơn", owner="O1"),  # last day of districts
    product("P3", 4, d("2025-07-01"), district=None, commune="xã Bình Sơn", owner="O1"),
    product(
        "P4", 3, d("2025-08-01"), district="Nghĩa Giang", owner="O2"
    ),  # typed in the wrong column
    product("P5", 5, d("2023-03-01"), district="Đắk Tô", owner="O3"),
    product("P6", 3, d("2025-09-09"), district=None, commune="Tịnh Ấn Tây", owner="O2"),
]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    (root / "ql").mkdir()
    write_workbook(root / "ql" / "ocop.xlsx", products=PRODUCTS, owners=OWNERS, units=UNITS)
    return root


def test_rows_on_each_side_of_the_change(data_dir):
    wb = read_workbook(data_dir / "ql" / "ocop.xlsx")
    rows = wb["san_pham"].set_index("product_id")
    assert (rows.at["P1", "district"], rows.at["P1", "commune"]) == ("524", None)
    assert (rows.at["P2", "district"], rows.at["P2", "commune"]) == ("524", None)
    # from 01/07/2025 a row names a commune and is attributed to its former district
    assert (rows.at["P3", "district"], rows.at["P3", "commune"]) == ("524", "21001")
    assert (rows.at["P4", "district"], rows.at["P4", "commune"]) == ("528", "21002")
    assert (rows.at["P6", "district"], rows.at["P6", "commune"]) == ("528", "21003")


def test_a_district_named_after_the_change_is_an_error(tmp_path):
    rows = [
        product("P9", 3, d("2025-07-01"), district="huyện Bình Sơn", owner="O1"),
        product("P8", 3, d("2025-07-02"), district=None, owner="O1"),
    ]
    path = write_workbook(tmp_path / "w.xlsx", products=rows, owners=OWNERS, units=UNITS)
    errors = [p for p in check_workbook(path).problems if p.is_error]
    assert {(e.row, e.column) for e in errors} == {
        (2, "Huyện/thị xã/thành phố"),
        (3, "Huyện/thị xã/thành phố"),
    }
    assert "xã Bình Sơn" in (errors[0].suggestion or "")


def test_same_name_resolves_by_date(data_dir):
    before = Report.open(province="ql", year=2024, scope="Bình Sơn", data_dir=data_dir)
    assert before.scope.kind == "district" and before.scope.code == "524"
    after = Report.open(province="ql", year=2025, scope="Bình Sơn", data_dir=data_dir)
    assert after.scope.kind == "commune" and after.scope.code == "21001"
    assert before.scope.slug == after.scope.slug == "binh-son"  # never valid on the same day


def test_a_2024_district_report_still_gives_the_2024_figures(data_dir):
    r = Report.open(province="ql", year=2024, scope="huyện Bình Sơn", data_dir=data_dir)
    assert r.totals()["products"] == 1 and r.totals()["new_products"] == 1


def test_a_2025_commune_report_shows_its_former_district(data_dir):
    r = Report.open(province="ql", year=2025, scope="xã Bình Sơn", data_dir=data_dir)
    t = r.totals()
    assert (t["products"], t["new_products"], t["new_4star"]) == (1, 1, 1)  # P3
    day, former = narrative.former_district(r.facts)
    assert day == dt.date(2025, 6, 30)
    assert former["name"] == "huyện Bình Sơn" and former["products"] == 2  # P1 P2
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(r.section_1())))
    assert "tính đến ngày 30/6/2025, huyện Bình Sơn (cũ)" in text
    assert "có 02 sản phẩm đạt OCOP" in text


def test_the_merged_province_counts_by_former_province(data_dir):
    r = Report.open(province="ql", year=2025, data_dir=data_dir)
    t = r.totals()
    assert t["products"] == 6
    assert t["products_by_former_province"] == {"ql": 5, "Kon Tum": 1}
    assert r.facts.area.change == dt.date(2025, 7, 1)
    chart = appendices.chart_new_by_year(r.facts)
    assert "Sáp nhập tỉnh" in chart.alt or "sáp nhập tỉnh" in chart.alt


def test_certifying_level_by_date():
    assert derived_level(3, dt.date(2025, 7, 5)) == "district"
    assert derived_level(3, dt.date(2025, 7, 6)) == "province"
    assert derived_level(4, dt.date(2024, 1, 1)) == "province"
    assert derived_level(5, dt.date(2024, 1, 1)) == "central"
    assert derived_level(2, dt.date(2024, 1, 1)) is None
