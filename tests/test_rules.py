"""The figure rules of the contract, on tiny inline workbooks."""

import datetime as dt

import pytest
from factory import d, product, write_workbook

from ocoplib.domain.rules import compute, expiry_dates
from ocoplib.domain.units import Unit, province_scope, unit_scope
from ocoplib.intake.workbook import read_workbook

PROVINCE = province_scope("Thử")


def figures(tmp_path, products, year=2024, as_of="2024-12-31", scope=None, **kw):
    wb = read_workbook(write_workbook(tmp_path / "w.xlsx", products=products, **kw))
    if scope is not None:
        unit = next(u for u in wb.units if u.name == scope)
        the_scope = unit_scope(unit, wb.units, d(as_of))
    else:
        the_scope = PROVINCE
    return compute(wb.frames, year, d(as_of), the_scope)


def test_current_rating_is_the_latest_row_on_or_before_the_cut_off(tmp_path):
    rows = [product("P1", 3, d("2022-05-01")), product("P1", 4, d("2024-11-15"))]
    before = figures(tmp_path, rows, as_of="2024-10-31")
    assert before.catalogue()["products"] == 1
    assert list(before.ocop["stars"]) == [3]
    after = figures(tmp_path, rows, as_of="2024-12-31")
    assert list(after.ocop["stars"]) == [4]


def test_downgrade_below_three_stars_and_revocation_leave_ocop(tmp_path):
    rows = [
        product("P1", 3, d("2021-05-01")),
        product("P1", 2, d("2024-05-01")),
        product("P2", 4, d("2022-05-01")),
        product("P2", 4, d("2024-06-01"), revoked="Có"),
        product("P3", 4, d("2022-05-01")),
        product("P3", 3, d("2024-06-01")),
    ]
    f = figures(tmp_path, rows)
    assert list(f.ocop["product_id"]) == ["P3"]
    assert list(f.ocop["stars"]) == [3]


def test_new_products_are_counted_on_their_first_ocop_row(tmp_path):
    rows = [
        product("P1", 2, d("2023-05-01")),
        product("P1", 3, d("2024-02-01")),  # new in 2024
        product("P2", 3, d("2023-05-01")),
        product("P2", 4, d("2024-02-01")),  # upgrade
        product("P3", 3, d("2024-11-20")),
    ]  # after the cut-off
    f = figures(tmp_path, rows, as_of="2024-10-31")
    assert list(f.new["product_id"]) == ["P1"]
    assert f.catalogue()["new_4star"] == 1  # the upgrade is a 4-star certificate of the year


def test_five_star_candidates_of_the_year(tmp_path):
    rows = [
        product("P1", 4, d("2023-05-01"), five_star_candidate="x"),
        product("P2", 4, d("2024-05-01"), five_star_candidate="Có"),
        product("P3", 3, d("2024-05-01"), five_star_candidate="Có"),
    ]  # ignored: not 4 stars
    assert figures(tmp_path, rows).catalogue()["five_star_candidates"] == 1


def test_certificates_last_36_months(tmp_path):
    rows = [product("P1", 3, d("2021-12-31")), product("P2", 3, d("2022-01-01"))]
    f = figures(tmp_path, rows, as_of="2024-12-31")
    assert list(f.valid["product_id"]) == ["P2"]  # P1 expired on 31/12/2024
    f = figures(tmp_path, rows, as_of="2024-12-30")
    assert sorted(f.valid["product_id"]) == ["P1", "P2"]


def test_expiry_of_a_leap_day_certificate(tmp_path):
    import pandas as pd

    frame = pd.DataFrame({"decision_date": [pd.Timestamp("2024-02-29")]})
    assert expiry_dates(frame).iloc[0] == pd.Timestamp("2027-02-28")


def test_owners_by_type_count_owners_and_their_ocop_products(tmp_path):
    rows = [
        product("P1", 3, d("2022-05-01"), owner="O1", district="Quảng Ngãi"),
        product("P2", 4, d("2022-05-01"), owner="O1", district="Quảng Ngãi"),
        product("P3", 3, d("2022-05-01"), owner="O2"),
        product("P4", 2, d("2022-05-01"), owner="O3", district="Đức Phổ"),
    ]
    f = figures(tmp_path, rows)
    assert f.owners_by_type() == {
        "enterprise": {"owners": 1, "products": 2},
        "cooperative": {"owners": 1, "products": 1},
        "cooperative_group": {"owners": 0, "products": 0},
        "household": {"owners": 0, "products": 0},
    }


def test_ecommerce_reads_the_current_row(tmp_path):
    rows = [
        product("P1", 3, d("2022-05-01"), on_ecommerce="x"),
        product("P1", 4, d("2023-05-01")),
        product("P2", 3, d("2022-05-01")),
        product("P2", 3, d("2023-05-01"), on_ecommerce="x"),
    ]
    assert list(figures(tmp_path, rows).ecommerce["product_id"]) == ["P2"]


def test_sales_points_by_opening_date(tmp_path):
    outlets = [
        {
            "outlet_name": "A",
            "district": "Tư Nghĩa",
            "funding": "Nhà nước hỗ trợ",
            "opened": d("2023-01-01"),
        },
        {"outlet_name": "B", "district": "Tư Nghĩa", "funding": "Xã hội hóa"},
        {
            "outlet_name": "C",
            "district": "Quảng Ngãi",
            "funding": "Xã hội hóa",
            "opened": d("2024-12-01"),
        },
    ]
    f = figures(tmp_path, [], as_of="2024-10-31", outlets=outlets)
    assert sorted(f.outlets["outlet_name"]) == ["A", "B"]
    f = figures(tmp_path, [], as_of="2024-10-31", outlets=outlets, scope="Quảng Ngãi")
    assert f.outlets.empty


def test_district_scope_reads_the_unit_on_the_row_that_the_figure_uses(tmp_path):
    rows = [
        product("P1", 3, d("2022-05-01"), district="Tư Nghĩa"),
        product("P1", 3, d("2024-05-01"), district="Quảng Ngãi"),  # moved: stock in QN
        product("P2", 3, d("2024-03-01"), district="Tư Nghĩa"),
    ]
    f = figures(tmp_path, rows, scope="Tư Nghĩa")
    assert list(f.ocop["product_id"]) == ["P2"]
    assert list(f.new["product_id"]) == ["P2"]
    f = figures(tmp_path, rows, scope="Quảng Ngãi")
    assert list(f.ocop["product_id"]) == ["P1"]
    assert f.new.empty  # P1 was new in 2022, in Tư Nghĩa


@pytest.mark.parametrize("name,slug", [("Bình Sơn", "binh-son")])
def test_scope_slug_takes_the_type_word_only_for_twins(name, slug):
    a = Unit("1", name, "district", "Huyện", "district", None, (), None, dt.date(2025, 6, 30))
    b = Unit("2", name, "commune", "Xã", "commune", None, (), dt.date(2025, 7, 1), None)
    assert unit_scope(a, [a, b], dt.date(2024, 1, 1)).slug == slug
    both = Unit("3", name, "commune", "Xã", "commune", None, (), None, None)
    assert unit_scope(both, [a, both], dt.date(2024, 1, 1)).slug == "xa-" + slug


def test_commune_scope_reads_the_commune_column(tmp_path):
    units = [
        {"unit_code": "002", "unit_name": "Tư Nghĩa", "unit_type": "Huyện"},
        {"unit_code": "00101", "unit_name": "Nghĩa Kỳ", "unit_type": "Xã", "parent_code": "002"},
        {"unit_code": "00102", "unit_name": "La Hà", "unit_type": "Thị trấn", "parent_code": "002"},
    ]
    owners = [
        {"owner_id": "O2", "owner_name": "HTX B", "owner_type": "HTX", "district": "Tư Nghĩa"}
    ]
    rows = [
        product("P1", 3, d("2024-01-05"), commune="Nghĩa Kỳ"),
        product("P2", 4, d("2024-01-05"), commune="TT La Hà"),
        product("P3", 3, d("2024-01-05")),
    ]
    f = figures(tmp_path, rows, units=units, owners=owners, scope="Nghĩa Kỳ")
    assert f.scope.kind == "commune"
    assert list(f.ocop["product_id"]) == ["P1"]
    assert f.by_unit("commune")["products"].to_dict() == {"00101": 1}
    f = figures(tmp_path, rows, units=units, owners=owners, scope="Tư Nghĩa")
    assert len(f.ocop) == 3


def test_products_by_group_use_the_current_row(tmp_path):
    from ocoplib.domain.rules import count_by

    rows = [
        product("P1", 3, d("2020-01-05"), product_group="Thảo dược"),
        product("P1", 3, d("2023-01-05"), product_group="Đồ uống"),
        product("P2", 3, d("2021-01-05"), product_group="Vải và may mặc"),
    ]
    f = figures(tmp_path, rows)
    assert count_by(f.ocop, "product_group", ["beverage", "handicraft", "herbal"]) == {
        "beverage": 1,
        "handicraft": 1,
        "herbal": 0,
    }
