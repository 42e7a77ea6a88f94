"""The report's appendices: tables (also written to tables.xlsx) with the
figures that illustrate them, each appendix on its own page."""

from __future__ import annotations

import pandas as pd

from ocoplib import figures as charts
from ocoplib import vnformat
from ocoplib.contract import contract
from ocoplib.quality import warnings_table
from ocoplib.render import Html, render
from ocoplib.tables import Col, Table
from ocoplib.text import sort_key, vn_sorted

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def plan_table(report) -> Table:
    rows, classes = [], []
    for n, i in enumerate(report.indicators, start=1):
        target = (
            vnformat.number(i.target_min, 2)
            if i.target_max is None
            else f"{vnformat.number(i.target_min, 2)} - {vnformat.number(i.target_max, 2)}"
        )
        if i.target_max is None:
            target = "≥ " + target
        rows.append(
            [
                n,
                i.description,
                i.unit,
                target,
                i.actual,
                i.expected,
                i.pct_of_target,
                i.status_label,
                i.basis,
            ]
        )
        classes.append(f"status-{i.status}")
    return Table(
        key="ke_hoach",
        title=f"Kết quả thực hiện chỉ tiêu kế hoạch năm {report.params.year}",
        columns=[
            Col("STT", "int", 5),
            Col("Chỉ tiêu", "text", 40),
            Col("Đơn vị tính", "text", 10),
            Col("Kế hoạch", "text", 10),
            Col("Thực hiện", "num", 10),
            Col("Dự kiến cả năm", "num", 10),
            Col("Tỷ lệ so với KH (%)", "pct", 10),
            Col("Đánh giá", "text", 12),
            Col("Căn cứ", "text", 40),
        ],
        rows=rows,
        row_classes=classes,
        note=None if rows else "Không có chỉ tiêu kế hoạch cho phạm vi và năm báo cáo.",
    )


def _unit_rows(report) -> list[tuple[str, dict]]:
    f = report.figures
    col = "commune" if report.scope.kind == "commune" else "district"
    rows = []
    for code, group in f.ocop.groupby(col):
        counts = {s: int((group["stars"] == s).sum()) for s in (3, 4, 5)}
        rows.append(
            (code, counts, len(f.valid[f.valid[col] == code]), int(group["on_ecommerce"].sum()))
        )
    rows = vn_sorted(rows, key=lambda r: report.unit_name(r[0]))
    return [(report.unit_label(r[0]), *r[1:]) for r in rows]


def units_table(report) -> Table:
    data = _unit_rows(report)
    rows = [
        [n, name, c[3], c[4], c[5], sum(c.values()), valid, ecom]
        for n, (name, c, valid, ecom) in enumerate(data, start=1)
    ]
    total = ["", "Tổng cộng"] + [sum(r[i] for r in rows) for i in range(2, 8)]
    return Table(
        key="theo_don_vi",
        title=f"Sản phẩm OCOP theo đơn vị và hạng sao (đến ngày {vnformat.date(report.as_of)})",
        columns=[
            Col("STT", "int", 5),
            Col("Đơn vị", "text", 26),
            Col("3 sao", "int", 8),
            Col("4 sao", "int", 8),
            Col("5 sao", "int", 8),
            Col("Tổng số", "int", 9),
            Col("Còn hiệu lực", "int", 10),
            Col("Trên sàn TMĐT", "int", 10),
        ],
        rows=rows,
        total=total,
        note="Còn hiệu lực: giấy chứng nhận chưa quá 36 tháng kể từ ngày quyết định.",
    )


def new_table(report) -> Table:
    f = report.figures
    owners = report.workbook["chu_the"].set_index("owner_id")["owner_name"]
    col = "commune" if report.scope.kind == "commune" else "district"
    new = sorted(
        f.new.itertuples(index=False),
        key=lambda r: (
            r.decision_date,
            sort_key(report.unit_name(getattr(r, col))),
            sort_key(r.product_name),
        ),
    )
    rows = [
        [
            n,
            r.product_name,
            owners.get(r.owner_id, r.owner_id),
            report.unit_name(getattr(r, col), prose=True),
            int(r.stars),
            None if pd.isna(r.score) else float(r.score),
            r.decision_no,
            r.decision_date.date(),
        ]
        for n, r in enumerate(new, start=1)
    ]
    return Table(
        key="san_pham_moi",
        title=f"Sản phẩm OCOP được công nhận mới năm {report.params.year}",
        columns=[
            Col("STT", "int", 5),
            Col("Tên sản phẩm", "text", 34),
            Col("Chủ thể", "text", 34),
            Col("Đơn vị", "text", 20),
            Col("Số sao", "int", 7),
            Col("Điểm", "num", 7),
            Col("Số quyết định", "text", 16),
            Col("Ngày quyết định", "date", 12),
        ],
        rows=rows,
        note=None if rows else "Chưa có sản phẩm được công nhận mới trong năm.",
    )


def owners_table(report) -> Table:
    lists = contract().lists["owner_type"]
    data = report.totals()["owners_by_type"]
    rows = [
        [n, lists.label_of(code), v["owners"], v["products"]]
        for n, (code, v) in enumerate(data.items(), start=1)
    ]
    total = ["", "Tổng cộng", report.totals()["owners"], sum(r[3] for r in rows)]
    return Table(
        key="chu_the",
        title="Chủ thể và sản phẩm OCOP theo loại hình",
        columns=[
            Col("STT", "int", 5),
            Col("Loại hình chủ thể", "text", 34),
            Col("Số chủ thể", "int", 10),
            Col("Số sản phẩm", "int", 10),
        ],
        rows=rows,
        total=total,
    )


def outlets_table(report) -> Table:
    o = report.figures.outlets
    funding = contract().lists["funding"]
    data = vn_sorted(
        list(o.itertuples(index=False)),
        key=lambda r: f"{report.unit_name(r.district)} {r.outlet_name}",
    )
    rows = [
        [
            n,
            r.outlet_name,
            report.unit_name(r.district, prose=True),
            funding.label_of(r.funding),
            None if pd.isna(r.opened) else r.opened.date(),
        ]
        for n, r in enumerate(data, start=1)
    ]
    return Table(
        key="diem_ban",
        title="Điểm giới thiệu và bán sản phẩm OCOP",
        columns=[
            Col("STT", "int", 5),
            Col("Tên điểm bán", "text", 44),
            Col("Đơn vị", "text", 22),
            Col("Hình thức", "text", 16),
            Col("Ngày khai trương", "date", 12),
        ],
        rows=rows,
    )


def tables(report) -> list[Table]:
    return [
        plan_table(report),
        units_table(report),
        new_table(report),
        owners_table(report),
        outlets_table(report),
        warnings_table(report),
    ]


def chart_stars_by_unit(report) -> charts.Chart:
    rows = [(name, counts) for name, counts, _, _ in _unit_rows(report)]
    return charts.stars_by_unit(
        rows, f"Sản phẩm OCOP theo đơn vị và hạng sao, đến {vnformat.date(report.as_of)}"
    )


def chart_new_by_year(report) -> charts.Chart:
    products = report.workbook["san_pham"]
    rows = products[
        (products["decision_date"] <= pd.Timestamp(report.as_of)) & (products["stars"] >= 3)
    ]
    first = rows.sort_values("decision_date").groupby("product_id").head(1)
    col = "commune" if report.scope.kind == "commune" else "district"
    if not report.scope.is_province:
        first = first[first[col] == report.scope.code]
    counts = first["decision_date"].dt.year.value_counts().to_dict()
    counts = {
        int(y): int(counts.get(y, 0))
        for y in range(min(counts, default=report.params.year), report.params.year + 1)
    }
    return charts.new_products_by_year(
        counts,
        f"Sản phẩm OCOP được công nhận lần đầu theo năm (năm {report.params.year} "
        f"tính đến {vnformat.date(report.as_of)})",
    )


def chart_owners(report) -> charts.Chart:
    lists = contract().lists["owner_type"]
    rows = [
        (lists.label_of(c), v["owners"], v["products"])
        for c, v in report.totals()["owners_by_type"].items()
    ]
    return charts.owners_by_type(rows, "Chủ thể và sản phẩm OCOP theo loại hình")


def appendices(report) -> Html:
    plan = plan_table(report)
    parts = [
        ("Kết quả thực hiện chỉ tiêu kế hoạch", [plan.html()]),
        (
            "Sản phẩm OCOP theo đơn vị và hạng sao",
            [units_table(report).html(), _chart_html(chart_stars_by_unit(report))],
        ),
        (
            f"Sản phẩm OCOP được công nhận mới năm {report.params.year}",
            [new_table(report).html(), _chart_html(chart_new_by_year(report))],
        ),
        (
            "Chủ thể sản phẩm OCOP theo loại hình",
            [owners_table(report).html(), _chart_html(chart_owners(report))],
        ),
        ("Điểm giới thiệu và bán sản phẩm OCOP", [outlets_table(report).html()]),
        ("Ghi chú chất lượng dữ liệu", [warnings_table(report).html()]),
    ]
    out = [
        render(
            "appendix.html.j2",
            number=ROMAN[i],
            title=title,
            items=items,
            report_title=report.meta.get("so_ky_hieu") or "",
            as_of=report.as_of,
        )
        for i, (title, items) in enumerate(parts)
    ]
    return Html("\n".join(out))


def _chart_html(chart: charts.Chart) -> Html:
    html = chart.html()
    chart.close()
    return html
