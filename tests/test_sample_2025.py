"""The sample after the 2025 reorganisation: the merged province (Quảng Ngãi
with Kon Tum) and its communes, from the same workbook as the 2024 report."""

import json
import re

import pytest
from conftest import ROOT, ocop

from ocoplib.intake.workbook import read_workbook
from ocoplib.report import Report, quality


@pytest.fixture(scope="module")
def workbook():
    return read_workbook(ROOT / "data" / "quang-ngai" / "ocop.xlsx")


def test_the_merged_province_gives_the_published_figure(workbook):
    r = Report.open(year=2025, workbook=workbook, data_dir=ROOT / "data")
    t = r.totals()
    assert t["valid_products"] == 640 and t["products"] == 640
    assert t["products_by_stars"] == {"3": 590, "4": 48, "5": 2}
    assert t["valid_products_by_former_province"] == {"Quảng Ngãi": 350, "Kon Tum": 290}


def test_the_2024_report_is_the_former_province_only(workbook):
    r = Report.open(year=2024, workbook=workbook, data_dir=ROOT / "data")
    assert r.totals()["products"] == 204
    assert len(r.facts.area.child_units) == 13  # Kon Tum's districts were not Quảng Ngãi's in 2024


def test_every_commune_report_opens(workbook):
    whole = Report.open(year=2025, workbook=workbook, data_dir=ROOT / "data")
    communes = [u for u in workbook.units if u.level == "commune" and u.valid_on(whole.as_of)]
    assert len(communes) == 96
    slugs = set()
    products = 0
    for unit in communes:
        r = Report.open(
            year=2025,
            scope=f"{unit.type_label} {unit.name}",
            workbook=workbook,
            data_dir=ROOT / "data",
        )
        assert r.scope.code == unit.code
        slugs.add(r.scope.slug)
        products += r.totals()["products"]
        assert "Lũy kế" in str(r.section_1())  # the old tone-mark style by default
    assert len(slugs) == 96  # one output folder each
    assert products <= 640  # products last rated before the change belong to no commune


def test_province_and_commune_reports_render(tmp_path):
    run = ocop("report", "--year", "2025", "--formats", "html", "--output-dir", tmp_path)
    assert run.returncode == 0, run.stderr
    folder = tmp_path / "quang-ngai" / "2025" / "tinh"
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    assert results["totals"]["valid_products"] == 640
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert "sáp nhập tỉnh từ 01/7/2025" in html  # the chart (its alt text) marks the change
    assert "Kon Tum (cũ)" in html or "(cũ)" in html
    run = ocop(
        "report",
        "--year",
        "2025",
        "--scope",
        "xã Bình Sơn",
        "--formats",
        "html",
        "--output-dir",
        tmp_path,
    )
    assert run.returncode == 0, run.stderr
    text = (tmp_path / "quang-ngai" / "2025" / "binh-son" / "report.html").read_text("utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))
    assert "huyện Bình Sơn (cũ)" in text


def test_the_communes_of_2025_add_up_to_the_province(workbook):
    """Every product is located in one commune through the crosswalk, whenever
    it was rated: the 96 communes' valid products are the province's 640."""
    province = Report.open(year=2025, workbook=workbook, data_dir=ROOT / "data")
    day = province.facts.as_of
    communes = [u for u in workbook.units if u.level == "commune" and u.valid_on(day)]
    assert len(communes) == 96
    counted: list[str] = []
    for u in communes:
        r = Report.open(year=2025, scope=u.full_name, workbook=workbook, data_dir=ROOT / "data")
        counted += list(r.facts.figures.valid["product_id"])
    assert len(counted) == len(set(counted))  # no product in two communes
    assert sorted(counted) == sorted(province.facts.figures.valid["product_id"])
    note = next(c for c in quality.checks(province.facts) if "chưa xác định" in c.title)
    assert note.result == quality.OK


def test_a_commune_counts_the_products_of_its_former_communes(workbook):
    r = Report.open(year=2025, scope="xã Bình Sơn", workbook=workbook, data_dir=ROOT / "data")
    ocop = r.facts.figures.ocop
    before = ocop[ocop["decision_date"] < "2025-07-01"]
    assert len(before) > 0  # rated before the change, located through the crosswalk
    formed_from = {u.code for u in workbook.units if "21040" in u.successors}
    rows = workbook["san_pham"].merge(
        before[["product_id", "decision_date"]], on=["product_id", "decision_date"], validate="1:1"
    )
    named = rows["commune"].where(rows["commune"].notna(), rows["district"])
    assert set(named) <= formed_from and "21040" not in set(named)  # rows name former units
    assert set(before["commune"]) == {"21040"}  # the report counts them as the commune's
    assert r.totals()["products"] == len(ocop) == r.totals()["valid_products"]
