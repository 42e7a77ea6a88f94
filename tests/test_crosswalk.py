"""The 2025 crosswalk: a product rated before 01/07/2025 belongs, after it,
to the commune that took over its former commune (``successor_code``); a
split former commune is decided by the product's own address; a product that
cannot be placed is listed in the data-quality notes."""

import pytest
from factory import d, product, write_workbook

from ocoplib.intake.workbook import check_workbook
from ocoplib.report import Report, quality

END = "2025-06-30"
START = "2025-07-01"
UNITS = [
    {
        "unit_code": "524",
        "unit_name": "Bình Sơn",
        "unit_type": "Huyện",
        "valid_to": d(END),
        "successor_code": "21001;21002",
    },
    # former communes: one taken over whole, one split between two
    {
        "unit_code": "20001",
        "unit_name": "Bình Thạnh",
        "unit_type": "Xã",
        "parent_code": "524",
        "valid_to": d(END),
        "successor_code": "21001",
    },
    {
        "unit_code": "20002",
        "unit_name": "Bình Châu",
        "unit_type": "Xã",
        "parent_code": "524",
        "valid_to": d(END),
        "successor_code": "21001;21002",
    },
    {
        "unit_code": "21001",
        "unit_name": "Vạn Tường",
        "unit_type": "Xã",
        "parent_code": "524",
        "valid_from": d(START),
    },  # fmt: skip
    {
        "unit_code": "21002",
        "unit_name": "Đông Sơn",
        "unit_type": "Xã",
        "parent_code": "524",
        "valid_from": d(START),
    },  # fmt: skip
]
OWNERS = [{"owner_id": "O1", "owner_name": "HTX A", "owner_type": "HTX", "district": "Bình Sơn"}]
PRODUCTS = [
    # rated in 2024 in a former commune taken over whole by Vạn Tường
    product("P1", 3, d("2024-05-02"), district="Bình Sơn", commune="Bình Thạnh", owner="O1"),
    # rated in the split commune; its own address after the change is Đông Sơn
    product("P2", 4, d("2025-03-03"), district="Bình Sơn", commune="Bình Châu", owner="O1"),
    product("P2", 4, d("2025-09-09"), district=None, commune="Đông Sơn", owner="O1"),
    # rated in the split commune, no address since: cannot be placed
    product("P3", 3, d("2024-06-03"), district="Bình Sơn", commune="Bình Châu", owner="O1"),
]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    (root / "ql").mkdir()
    write_workbook(root / "ql" / "ocop.xlsx", products=PRODUCTS, owners=OWNERS, units=UNITS)
    return root


def report(data_dir, scope):
    return Report.open(province="ql", year=2025, scope=scope, data_dir=data_dir)


def products(r, key="ocop"):
    return sorted(getattr(r.facts.figures, key)["product_id"])


def test_a_product_of_a_former_commune_counts_in_its_successor(data_dir):
    r = report(data_dir, "xã Vạn Tường")
    assert products(r) == ["P1"]
    assert r.totals()["owners"] == 1


def test_a_split_commune_is_decided_by_the_products_address(data_dir):
    r = report(data_dir, "xã Đông Sơn")
    assert products(r) == ["P2"]
    # the rows of 2025 read on the row itself, before the change, count here too
    assert products(r, "new") == ["P2"]
    assert products(r, "four_star") == ["P2", "P2"]
    assert "P2" not in products(report(data_dir, "xã Vạn Tường"), "four_star")


def test_an_unplaced_product_is_listed(data_dir):
    province = report(data_dir, "tinh")
    communes = sum(report(data_dir, s).totals()["products"] for s in ("Vạn Tường", "Đông Sơn"))
    assert province.totals()["products"] == 3 and communes == 2
    note = next(c for c in quality.checks(province.facts) if "chưa xác định" in c.title)
    assert note.result == quality.LOOK and "P3" in note.detail and "P1" not in note.detail


def test_a_successor_code_must_name_a_unit(tmp_path):
    units = [dict(u) for u in UNITS]
    units[1]["successor_code"] = "21009"
    path = write_workbook(tmp_path / "w.xlsx", products=PRODUCTS, owners=OWNERS, units=units)
    errors = [p for p in check_workbook(path).problems if p.is_error]
    assert [(e.sheet, e.row, e.column, e.value) for e in errors] == [
        ("dia_ban", 3, "Đơn vị kế thừa", "21009")
    ]
    assert "21001" in (errors[0].suggestion or "")
