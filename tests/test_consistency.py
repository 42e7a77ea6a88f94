"""Every report of every scope and year reads back consistent: the data of
its charts (read from the matplotlib figures), the rows and totals of its
tables, results() and its text agree, a report counts exactly its area on
its cut-off day (a report from before the 2025 merger never names Kon Tum
or the merger), and the units' reports add up to the province's. For the
sample (2019 to 2025: the province and every district before 01/07/2025,
the province and every commune after) and for the second province of
tests/other_province.py. In-process (Report.open on a workbook read once),
figures built but not drawn, and closed."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT
from other_province import SLUG, build

from ocoplib.base import vnformat
from ocoplib.base.contract import contract
from ocoplib.base.text import sort_key
from ocoplib.batch.plan import resolve_scopes
from ocoplib.domain.rules import placed
from ocoplib.intake.workbook import read_workbook
from ocoplib.render.charts import Chart
from ocoplib.render.tables import Table
from ocoplib.report import Report, appendices

SAMPLE_YEARS = range(2019, 2026)
OTHER_YEARS = range(2019, 2024)
TYPE_WORDS = tuple(v.label for v in contract().lists["unit_type"].values)
REST = "Các đơn vị còn lại"
#: Words of the merger that a report from before it must not use.
MERGER_WORDS = ("Kon Tum", "sáp nhập", "Sáp nhập", "hợp nhất", "Hợp nhất")


@pytest.fixture(scope="module")
def sample():
    return ROOT / "data", "quang-ngai", read_workbook(ROOT / "data" / "quang-ngai" / "ocop.xlsx")


@pytest.fixture(scope="module")
def other(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    build(root)
    return root, SLUG, read_workbook(root / SLUG / "ocop.xlsx")


# -- reading a chart back ------------------------------------------------------


def _categories(axis) -> dict[int, str]:
    """Tick position → label of a categorical axis, without drawing."""
    locs = axis.get_majorticklocs()
    names = axis.get_major_formatter().format_ticks(locs)
    return {round(loc): name.replace("\n", " ") for loc, name in zip(locs, names, strict=True)}


def bars(chart: Chart) -> dict[str, dict[str, float]]:
    """{series label: {category: length}} from the bar patches of the chart."""
    ax = chart.figure.axes[0]
    out: dict[str, dict[str, float]] = {}
    for container in ax.containers:
        horizontal = container.orientation == "horizontal"
        names = _categories(ax.yaxis if horizontal else ax.xaxis)
        series = out.setdefault(container.get_label(), {})
        for patch in container.patches:
            if horizontal:
                at, size = patch.get_y() + patch.get_height() / 2, patch.get_width()
            else:
                at, size = patch.get_x() + patch.get_width() / 2, patch.get_height()
            name = names[round(at)]
            series[name] = series.get(name, 0) + float(size)
    return out


def stacked_totals(chart: Chart) -> dict[str, float]:
    out: Counter = Counter()
    for series in bars(chart).values():
        out.update(series)
    return dict(out)


def texts(chart: Chart) -> list[str]:
    return [t.get_text() for t in chart.figure.axes[0].texts]


# -- one report ----------------------------------------------------------------


def plain(html) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(html))).replace("\u00a0", " ")


def open_report(data_dir, province, workbook, year, scope) -> Report:
    return Report.open(
        province=province, year=year, scope=scope, data_dir=data_dir, workbook=workbook
    )


def check_report(r: Report) -> dict:
    """Check one report's parts against each other; return its totals."""
    facts, totals, results = r.facts, r.totals(), r.results()
    assert results["totals"] == json.loads(json.dumps(totals, ensure_ascii=False))
    read_back = json.dumps(results["totals"], ensure_ascii=False)
    items = [(a.title, item) for a in appendices.parts(facts, with_charts=True) for item in a.items]
    tables = {item.key: item for _, item in items if isinstance(item, Table)}
    shown = {item.key: item for _, item in items if isinstance(item, Chart)}
    try:
        _check_units(r, tables["theo_don_vi"], tables["thuong_mai_dien_tu"], shown)
        _check_new(r, tables["san_pham_moi"], shown.get("new_products_by_year"))
        _check_owners(r, tables["chu_the"], shown.get("owners_by_type"))
        assert len(tables["diem_ban"].rows) == totals["sales_points"]["total"]
        _check_plan(r, results, shown.get("achievement"), [title for title, _ in items])
        words = [read_back, *(title for title, _ in items)]
        _check_words(r, list(tables.values()), list(shown.values()), words)
        for chart in shown.values():
            assert not chart.alt.startswith("Biểu đồ trống"), (chart.key, chart.alt)
    finally:
        for chart in shown.values():
            chart.close()
    return totals


def _unit_cells(table: Table) -> list[str]:
    return [row[1] for row in table.rows]


def _check_unit_names(r: Report, table: Table, column: int) -> None:
    """Unit names with their type word; units of the report's area only."""
    area = r.facts.area
    labels = {area.label(u.code): u for u in area.units}
    for row in table.rows:
        name = row[column]
        if name.startswith(REST):
            continue
        assert name.startswith(TYPE_WORDS), (table.key, name)
        unit = labels[name]
        if not area.merged:
            assert area.former_province(unit.code) == r.province_name, (table.key, name)


def _check_units(r: Report, units: Table, ecommerce: Table, shown: dict) -> None:
    t = r.totals()
    listed = [row for row in units.rows if not row[1].startswith(REST)]
    _check_unit_names(r, units, 1)
    area = r.facts.area
    labels = {area.label(u.code): u.name for u in area.units}
    names = [labels[row[1]] for row in listed]
    assert names == sorted(names, key=sort_key)  # Vietnamese order of the names
    if not t["products"]:
        assert not units.rows and units.total is None and "chưa có" in units.note
        assert "stars_by_unit" not in shown and "ecommerce_share" not in shown
        return
    assert units.total[2:] == [
        t["products_by_stars"]["3"],
        t["products_by_stars"]["4"],
        t["products_by_stars"]["5"],
        t["products"],
        t["valid_products"],
        t["ecommerce_products"],
    ]
    assert [sum(row[k] for row in units.rows) for k in range(2, 8)] == units.total[2:]
    assert all(row[5] == row[2] + row[3] + row[4] for row in units.rows)
    # e-commerce: the same units, the same totals
    assert [row[1] for row in ecommerce.rows] == [row[1] for row in units.rows]
    assert ecommerce.total[2:4] == [t["products"], t["ecommerce_products"]]
    if len(listed) < 2:  # one unit's bar would repeat its row
        assert "stars_by_unit" not in shown and "ecommerce_share" not in shown
        return
    stars = shown["stars_by_unit"]
    drawn = stacked_totals(stars)
    assert drawn == {row[1]: row[5] for row in listed}
    for s in (3, 4, 5):
        got = sum(bars(stars).get(f"{s} sao", {}).values())
        assert got == t["products_by_stars"][str(s)]
    assert f"tổng cộng {vnformat.number(t['products'], 0)} sản phẩm" in stars.alt
    share = shown["ecommerce_share"]
    assert sorted(texts(share)) == sorted(f"{row[3]}/{row[2]}" for row in ecommerce.rows if row[2])
    for row in ecommerce.rows:
        if row[2]:
            assert bars(share)["Trên sàn TMĐT"][row[1]] == pytest.approx(100 * row[3] / row[2])


def _check_new(r: Report, table: Table, chart: Chart | None) -> None:
    t = r.totals()
    assert len(table.rows) == t["new_products"]
    by_unit = t["new_products_by_unit"]
    assert sum(by_unit.values()) == len(table.rows)
    shown = Counter(row[3] for row in table.rows)
    if len(shown) == len(by_unit):  # a former and a new unit may share a name
        assert sorted(shown.values()) == sorted(by_unit.values())
    _check_unit_names(r, table, 3)
    if chart is None:
        assert t["new_products"] == 0
        return
    year = str(r.params.year)
    heights = stacked_totals(chart)
    assert heights[year] == t["new_products"]
    assert list(heights) == sorted(heights) and list(heights)[-1] == year
    assert texts(chart)[: len(heights)] == [vnformat.number(v, 0) for v in heights.values()]
    assert f"năm {year}: {vnformat.number(t['new_products'], 0)}" in chart.alt
    assert r.facts.area.description in chart.caption  # the area every year counts
    if r.facts.scope.is_province and r.facts.area.merged:
        split = t["products_by_former_province"]
        assert set(bars(chart)) >= set(split)  # one series per former province


def _check_owners(r: Report, table: Table, chart: Chart | None) -> None:
    t = r.totals()
    if not t["owners"]:
        assert not table.rows and chart is None
        return
    assert table.total[2] == t["owners"]
    assert table.total[3] == t["products"] == sum(row[3] for row in table.rows)
    drawn = bars(chart)
    assert drawn["Chủ thể"] == {row[1]: row[2] for row in table.rows}
    assert drawn["Sản phẩm"] == {row[1]: row[3] for row in table.rows}


def _check_plan(r: Report, results: dict, chart: Chart | None, titles: list[str]) -> None:
    plan = appendices.plan_table(r.facts)
    indicators = r.facts.indicators
    results = {i["code"]: i for i in results["indicators"]}
    assert len(plan.rows) == len(indicators) == len(results)
    if not indicators:
        assert chart is None and str(plan.html()).strip() == ""  # no empty table
        assert not any("chỉ tiêu" in title for title in titles)
        return
    for row, i in zip(plan.rows, indicators, strict=True):
        assert row[4] == i.actual == results[i.code]["actual"]
        assert " - " not in row[1] + row[3]  # a range keeps its ends together
    if "new_products" in results:
        assert results["new_products"]["actual"] == r.totals()["new_products"]
    drawn = bars(chart)["Thực hiện"]
    for i in indicators:
        expected = 100 * i.actual / i.target_min if i.target_min else 0
        assert drawn[vnformat.typeset(i.description)] == pytest.approx(expected)


def _check_words(r: Report, tables: list[Table], shown: list[Chart], words: list[str]) -> None:
    """What a reader reads: a report before the merger names neither Kon Tum
    nor the merger; the text states the counts of the tables."""
    t = r.totals()
    front = [r.front_page()] if r.params.text_path.exists() else []  # the text's title
    body = plain("".join(str(x) for x in (*front, r.section_1(), r.plan_table().html())))
    read = [body, *words, *(plain(table.html()) for table in tables)]
    read += [c.caption for c in shown] + [c.alt for c in shown]
    if not r.facts.area.merged:
        for text in read:
            for word in MERGER_WORDS:
                assert word not in text, (r.scope.slug, word, text[:200])
    if t["products"]:
        assert vnformat.count(t["products"]) in body
    if t["new_products"]:
        assert vnformat.count(t["new_products"]) in body


# -- every scope of every year ---------------------------------------------------


def check_year(data_dir: Path, province: str, workbook, year: int) -> None:
    whole = open_report(data_dir, province, workbook, year, "tinh")
    totals = check_report(whole)
    scopes = resolve_scopes(["all"], workbook, whole.province_name, whole.as_of)
    units = [s for s in scopes if not s.is_province]
    assert units
    parts = {}
    for s in units:
        r = open_report(data_dir, province, workbook, year, f"{s.type_label} {s.name}")
        assert r.scope.code == s.code
        parts[s.code] = check_report(r)
    keys = ("products", "valid_products", "new_products", "ecommerce_products")
    summed = {k: sum(p[k] for p in parts.values()) for k in keys}
    summed["sales_points"] = sum(p["sales_points"]["total"] for p in parts.values())
    totals = {**{k: totals[k] for k in keys}, "sales_points": totals["sales_points"]["total"]}
    ocop = whole.figures.ocop
    if units[0].kind == "district":
        unplaced = ocop[~ocop["district"].isin(parts)]
    else:  # a row of a former unit is in the commune that took it over
        unplaced = ocop[placed(ocop, list(whole.facts.area.units), whole.as_of).isna()]
    if units[0].kind == "district":
        assert unplaced.empty
        assert summed == totals
        # the province's units table is the districts' reports, row by row
        rows = {row[1]: row[5] for row in appendices.units_table(whole.facts).rows}
        for s in units:
            label = whole.facts.area.label(s.code)
            assert rows.get(label, 0) == parts[s.code]["products"], label
    else:  # communes: the difference is the products placed in no commune, one by one
        assert summed["products"] == totals["products"] - len(unplaced)
        change = whole.facts.area.change
        assert (unplaced["decision_date"].dt.date < change).all()  # rated before the change


@pytest.mark.parametrize("year", SAMPLE_YEARS)
def test_every_report_of_the_sample_is_consistent(sample, year):
    check_year(*sample, year)


@pytest.mark.parametrize("year", OTHER_YEARS)
def test_every_report_of_the_second_province_is_consistent(other, year):
    check_year(*other, year)


def test_the_2024_province_chart_counts_its_own_area(sample):
    """The defect this file was written for: Kon Tum's products in the 2024 chart."""
    r = open_report(*sample, 2024, "tinh")
    chart = appendices.chart_new_by_year(r.facts)
    try:
        assert stacked_totals(chart)["2024"] == r.totals()["new_products"] == 13
        assert set(bars(chart)) == {""} or len(bars(chart)) == 1  # one series: no split
        assert "Kon Tum" not in chart.caption + chart.alt
        html = str(r.appendices())
        assert "Kon Tum" not in html and "Sáp nhập" not in html
    finally:
        chart.close()


def test_a_commune_without_targets_has_no_plan_appendix(sample):
    r = open_report(*sample, 2025, "xã Bình Sơn")
    assert not r.indicators
    html = str(r.appendices())
    assert "chỉ tiêu kế hoạch" not in html.lower()
    assert 'id="phu-luc-i"' in html and "PHỤ LỤC I<" in html  # renumbered from I
    assert "<table" not in str(r.plan_table().html())
    assert "Biểu đồ trống" not in html
