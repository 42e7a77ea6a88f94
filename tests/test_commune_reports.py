"""Every 2025 commune report of the sample as a reviewer reads it: the
commune named once on page 1, never said to have certified products, no empty
table, and its sales points adding up to the province's with the rest listed."""

import re

import pytest
from conftest import ROOT

from ocoplib.domain.rules import placed
from ocoplib.domain.units import own_units
from ocoplib.intake.workbook import read_workbook
from ocoplib.render.tables import Table
from ocoplib.report import Report, appendices, quality


def _text(html) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(html)))


@pytest.fixture(scope="module")
def reports():
    workbook = read_workbook(ROOT / "data" / "quang-ngai" / "ocop.xlsx")
    province = Report.open(year=2025, workbook=workbook, data_dir=ROOT / "data")
    communes = [
        u
        for u in own_units(workbook.units, province.as_of)
        if u.level == "commune" and u.valid_on(province.as_of)
    ]
    assert len(communes) == 96
    opened = [
        Report.open(year=2025, scope=u.full_name, workbook=workbook, data_dir=ROOT / "data")
        for u in communes
    ]
    return province, opened


def test_each_commune_is_named_once_and_never_said_to_certify(reports):
    _, communes = reports
    for r in communes:
        name = r.scope.full_name
        front = _text(r.front_page())
        assert front.count(f"trên địa bàn {name}") == 1, name
        assert "đã tổ chức đánh giá, phân hạng và công nhận" not in _text(r.section_1()), name


def test_no_commune_report_shows_an_empty_table(reports):
    _, communes = reports
    for r in communes:
        for appendix in appendices.parts(r.facts):
            for item in appendix.items:
                if isinstance(item, Table) and not item.rows:  # one sentence, no grid
                    html = str(item.html())
                    assert "<table" not in html and item.note, (r.scope.full_name, item.key)
                    assert item.note in _text(html)


def test_sales_points_add_up_or_the_rest_is_listed(reports):
    province, communes = reports
    total = province.totals()["sales_points"]["total"]
    counted = sum(r.totals()["sales_points"]["total"] for r in communes)
    outlets = province.figures.outlets
    lost = outlets[
        placed(outlets, list(province.facts.area.units), province.as_of, "district").isna()
    ]
    assert counted + len(lost) == total
    note = next(c for c in quality.checks(province.facts) if c.title.startswith("Điểm giới thiệu"))
    assert (note.result == quality.OK) == lost.empty
    for name in lost["outlet_name"]:
        assert name in note.detail
