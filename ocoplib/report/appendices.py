"""The report's appendices (Phụ lục I, II, …): tables (also written to
tables.xlsx) with the figures that illustrate them. Each appendix starts a
new page, has its own title and its own page numbering; wide tables sit on
landscape pages. The same list of appendices feeds the HTML/PDF and the
Word document."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ocoplib.base import vnformat
from ocoplib.base.contract import contract
from ocoplib.base.text import sort_key, vn_sorted
from ocoplib.render import charts
from ocoplib.render.tables import Col, Table
from ocoplib.render.templating import Html, render
from ocoplib.report import quality
from ocoplib.report.facts import Facts

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@dataclass
class Appendix:
    """One appendix: its title, its tables and figures in reading order, and
    whether its pages are landscape (for tables too wide for portrait)."""

    title: str
    items: list = field(default_factory=list)  # Table or charts.Chart
    landscape: bool = False


# -- tables ------------------------------------------------------------------


def _target_text(i, leading_zero: bool | None = None) -> str:
    """A target as a table cell: ``≥ 70``, ``04 - 06``, as the text sets it."""
    if i.target_max is None:
        return "≥\u00a0" + vnformat.count(i.target_min, leading_zero)
    return vnformat.number_range(i.target_min, i.target_max, leading_zero)


def plan_table(facts: Facts) -> Table:
    """The plan versus the outcome, shown once, in section 1c. Without
    targets for the scope it has no rows and shows nothing: the text of 1c
    says so."""
    rows, classes = [], []
    leading_zero = facts.meta.get("so_0_o_dau")
    for n, i in enumerate(facts.indicators, start=1):
        rows.append(
            [
                n,
                vnformat.typeset(i.description, facts.meta.get("dinh_dang_ngay")),
                i.unit,
                _target_text(i, leading_zero),
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
        title=f"Kết quả thực hiện chỉ tiêu kế hoạch năm {facts.params.year}",
        columns=[
            Col("STT", "int", 5),
            Col("Chỉ tiêu", "text", 40),
            Col("Đơn vị tính", "text", 10),
            Col("Kế hoạch", "text", 10),
            Col("Thực hiện", "num", 10),
            Col("Dự kiến cả năm", "num", 10),
            Col("Tỷ lệ so với KH (%)", "pct", 10),
            Col("Đánh giá", "text", 12, css="status"),
            Col("Căn cứ", "text", 40),
        ],
        rows=rows,
        row_classes=classes,
        empty_note=f"Năm {facts.params.year}, {facts.scope.full_name} chưa được giao chỉ tiêu "
        "kế hoạch OCOP.",
    )


def _none_yet(facts: Facts, what: str, in_year: bool = False) -> str:
    """The sentence that stands for an empty table: ``Đến ngày 31/10/2025, trên
    địa bàn xã Bình Sơn chưa có điểm giới thiệu và bán sản phẩm OCOP.``"""
    day = vnformat.date(facts.as_of)
    when = f"Từ đầu năm {facts.params.year} đến ngày {day}" if in_year else f"Đến ngày {day}"
    return f"{when}, trên địa bàn {facts.scope.full_name} chưa có {what}."


def _unit_rows(facts: Facts) -> list[tuple[str, dict, int, int]]:
    """(unit label, {stars: count}, valid, on e-commerce) per unit with OCOP
    products, in Vietnamese alphabetical order of the units' names."""
    f = facts.figures
    col = facts.area.column
    rows = []
    for code, group in f.ocop.groupby(col):
        counts = {s: int((group["stars"] == s).sum()) for s in (3, 4, 5)}
        rows.append(
            (code, counts, len(f.valid[f.valid[col] == code]), int(group["on_ecommerce"].sum()))
        )
    rows = vn_sorted(rows, key=lambda r: facts.area.name(r[0]))
    return [(facts.area.label(r[0]), *r[1:]) for r in rows]


def _other_units(facts: Facts) -> list[str]:
    """For a province report: its units (of the level its tables list) that
    have no OCOP product, as table cells name them, in Vietnamese order."""
    if not facts.scope.is_province:
        return []
    listed = set(facts.figures.ocop[facts.area.column])
    others = [u for u in facts.area.child_units if u.code not in listed]
    return [facts.area.label(u.code) for u in vn_sorted(others, key=lambda u: u.name)]


def _rest_line(facts: Facts, width: int) -> tuple[list, str | None]:
    """The line ``Các đơn vị còn lại`` (units without OCOP products) of a
    units table with ``width`` columns, and the note that names them."""
    others = _other_units(facts)
    if not others or facts.figures.ocop.empty:
        return [], None
    label = f"Các đơn vị còn lại ({vnformat.count(len(others))} đơn vị)"
    note = f"Các đơn vị còn lại chưa có sản phẩm OCOP: {vnformat.join(others)}."
    return [["", label] + [0] * (width - 2)], note


def units_table(facts: Facts) -> Table:
    data = _unit_rows(facts)
    rows = [
        [n, name, c[3], c[4], c[5], sum(c.values()), valid, ecom]
        for n, (name, c, valid, ecom) in enumerate(data, start=1)
    ]
    total = ["", "Tổng cộng"] + [sum(r[i] for r in rows) for i in range(2, 8)]
    rest, rest_note = _rest_line(facts, 8)
    note = "Còn hiệu lực: giấy chứng nhận chưa quá 36 tháng kể từ ngày quyết định."
    return Table(
        key="theo_don_vi",
        title=f"Sản phẩm OCOP theo đơn vị và hạng sao (đến ngày {vnformat.date(facts.as_of)})",
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
        rows=rows + rest,
        total=total if rows else None,
        note=(" ".join(filter(None, [note, rest_note])))
        if rows
        else _none_yet(facts, "sản phẩm OCOP"),
    )


def new_table(facts: Facts) -> Table:
    f = facts.figures
    owners = facts.workbook["chu_the"].set_index("owner_id")["owner_name"]
    col = facts.area.column
    new = sorted(
        f.new.itertuples(index=False),
        key=lambda r: (
            r.decision_date,
            sort_key(facts.area.name(getattr(r, col))),
            sort_key(r.product_name),
        ),
    )
    rows = [
        [
            n,
            r.product_name,
            owners.get(r.owner_id, r.owner_id),
            facts.area.label(getattr(r, col)),
            int(r.stars),
            None if pd.isna(r.score) else float(r.score),
            r.decision_no,
            r.decision_date.date(),
        ]
        for n, r in enumerate(new, start=1)
    ]
    return Table(
        key="san_pham_moi",
        title=f"Sản phẩm OCOP được công nhận mới năm {facts.params.year}",
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
        note=None if rows else _none_yet(facts, "sản phẩm được công nhận đạt OCOP mới", True),
    )


def owners_table(facts: Facts) -> Table:
    lists = contract().lists["owner_type"]
    data = facts.totals["owners_by_type"] if facts.totals["owners"] else {}
    rows = [
        [n, lists.label_of(code), v["owners"], v["products"]]
        for n, (code, v) in enumerate(data.items(), start=1)
    ]
    total = ["", "Tổng cộng", facts.totals["owners"], sum(r[3] for r in rows)]
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
        total=total if rows else None,
        note=None if rows else _none_yet(facts, "chủ thể có sản phẩm OCOP"),
    )


def ecommerce_table(facts: Facts) -> Table:
    data = _unit_rows(facts)
    rows = [
        [n, name, sum(c.values()), ecom, 100 * ecom / sum(c.values()) if sum(c.values()) else None]
        for n, (name, c, _, ecom) in enumerate(data, start=1)
    ]
    products, on = sum(r[2] for r in rows), sum(r[3] for r in rows)
    total = ["", "Tổng cộng", products, on, 100 * on / products if products else None]
    rest, rest_note = _rest_line(facts, 4)
    note = "Tỷ lệ tính trên tổng số sản phẩm OCOP của đơn vị tại thời điểm báo cáo."
    return Table(
        key="thuong_mai_dien_tu",
        title=f"Sản phẩm OCOP trên sàn thương mại điện tử theo đơn vị "
        f"(đến ngày {vnformat.date(facts.as_of)})",
        columns=[
            Col("STT", "int", 5),
            Col("Đơn vị", "text", 30),
            Col("Sản phẩm OCOP", "int", 12),
            Col("Trên sàn TMĐT", "int", 12),
            Col("Tỷ lệ (%)", "pct", 12),
        ],
        rows=rows + [r + [None] for r in rest],
        total=total if rows else None,
        note=(" ".join(filter(None, [note, rest_note])))
        if rows
        else _none_yet(facts, "sản phẩm OCOP"),
    )


def outlets_table(facts: Facts) -> Table:
    o = facts.figures.outlets
    funding = contract().lists["funding"]
    data = vn_sorted(
        list(o.itertuples(index=False)),
        key=lambda r: f"{facts.area.name(r.district)} {r.outlet_name}",
    )
    rows = [
        [
            n,
            r.outlet_name,
            facts.area.label(r.district),
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
        note=None if rows else _none_yet(facts, "điểm giới thiệu và bán sản phẩm OCOP"),
    )


def tables(facts: Facts) -> list[Table]:
    """Every table of the report (tables.xlsx): the plan table of section 1c,
    then those of the appendices in order."""
    return [plan_table(facts)] + [
        item for a in parts(facts) for item in a.items if isinstance(item, Table)
    ]


# -- figures -----------------------------------------------------------------


def chart_achievement(facts: Facts) -> charts.Chart:
    return charts.achievement(
        facts.indicators,
        f"Kết quả thực hiện so với chỉ tiêu tối thiểu của kế hoạch năm {facts.params.year}",
    )


def chart_stars_by_unit(facts: Facts) -> charts.Chart:
    rows = [(name, counts) for name, counts, _, _ in _unit_rows(facts)]
    return charts.stars_by_unit(
        rows, f"Sản phẩm OCOP theo đơn vị và hạng sao, đến ngày {vnformat.date(facts.as_of)}"
    )


def chart_new_by_year(facts: Facts) -> charts.Chart:
    rows = facts.new_by_year
    counts = {y: len(r) for y, r in rows.items()}
    area = facts.area
    stacks = None
    if facts.scope.is_province and area.merged:  # the merged area, by former province
        origin = {y: r["district"].map(area.former_province) for y, r in rows.items()}
        names = sorted({n for o in origin.values() for n in o}, key=sort_key)
        stacks = {n: {y: int((o == n).sum()) for y, o in origin.items()} for n in names}
    change = area.change if facts.scope.is_province and area.merged else None
    year_end = pd.Timestamp(facts.params.year, 12, 31).date()
    partial = vnformat.date(facts.as_of) if facts.as_of < year_end else None
    return charts.new_products_by_year(
        counts,
        f"Sản phẩm OCOP được công nhận lần đầu theo năm, trên địa bàn {area.description}",
        partial=partial,
        stacks=stacks,
        change=(change.year, f"Sáp nhập tỉnh từ {vnformat.date(change)}") if change else None,
        where=area.description,
    )


def chart_owners(facts: Facts) -> charts.Chart:
    lists = contract().lists["owner_type"]
    rows = [
        (lists.label_of(c), v["owners"], v["products"])
        for c, v in facts.totals["owners_by_type"].items()
    ]
    return charts.owners_by_type(rows, "Chủ thể và sản phẩm OCOP theo loại hình")


def chart_ecommerce(facts: Facts) -> charts.Chart:
    rows = [(name, ecom, sum(c.values())) for name, c, _, ecom in _unit_rows(facts)]
    return charts.ecommerce_share(
        rows,
        f"Tỷ lệ sản phẩm OCOP trên sàn TMĐT theo đơn vị, đến ngày {vnformat.date(facts.as_of)}",
    )


# -- the appendices ------------------------------------------------------------


def parts(facts: Facts, with_charts: bool = False) -> list[Appendix]:
    """The appendices in order. Charts are drawn only when ``with_charts``
    (tables.xlsx needs the tables alone) and only when they show something
    (data; by unit, more than one unit): a table without rows shows one
    sentence instead, and without targets there is no Phụ lục I (the plan
    table itself is in section 1c, not repeated)."""

    def chart(make, drawn: bool = True):
        return [make(facts)] if with_charts and drawn else []

    year = facts.params.year
    has_products = bool(facts.totals["products"])
    several = len(_unit_rows(facts)) > 1  # a chart of one unit's bar says nothing more
    history = with_charts and any(len(r) for r in facts.new_by_year.values())
    achievement = [Appendix(f"Mức độ đạt chỉ tiêu kế hoạch năm {year}", chart(chart_achievement))]
    return [
        *(achievement if facts.indicators else []),
        Appendix(
            "Sản phẩm OCOP theo đơn vị và hạng sao",
            [units_table(facts), *chart(chart_stars_by_unit, several)],
        ),
        Appendix(
            f"Danh sách sản phẩm OCOP được công nhận mới năm {year}",
            [new_table(facts), *chart(chart_new_by_year, history)],
            landscape=bool(facts.totals["new_products"]),
        ),
        Appendix(
            "Chủ thể sản phẩm OCOP theo loại hình",
            [owners_table(facts), *chart(chart_owners, has_products)],
        ),
        Appendix(
            "Thương mại điện tử và điểm giới thiệu, bán sản phẩm OCOP",
            [
                ecommerce_table(facts),
                *chart(chart_ecommerce, several),
                outlets_table(facts),
            ],
        ),
        Appendix(
            "Sản phẩm OCOP có giấy chứng nhận hết hạn trong 12 tháng tới",
            [quality.expiring_table(facts)],
            landscape=True,
        ),
        *(
            [
                Appendix(
                    "Sản phẩm OCOP có giấy chứng nhận đã hết hiệu lực",
                    [quality.lapsed_table(facts)],
                    landscape=True,
                )
            ]
            if facts.totals["valid_products"] < facts.totals["products"]
            else []
        ),
    ]


def attachment_line(facts: Facts) -> str:
    """``Kèm theo Báo cáo số …/BC-… ngày … tháng … năm … của …``."""
    m = facts.meta
    day = vnformat.place_date("", m.get("nam") or facts.params.year, m.get("thang"), m.get("ngay"))
    number = m.get("so_ky_hieu") or ""
    issuer = m.get("ten_co_quan") or vnformat.capitalize_first(
        str(m.get("co_quan_ban_hanh", "")).lower()
    )
    line = f"Kèm theo Báo cáo số{chr(0xA0) * 6}{number} {day.lstrip(', ')}"
    return f"{line} của {issuer}" if issuer else line


def appendices(facts: Facts) -> Html:
    """Every appendix as HTML; figures numbered ``Biểu đồ 1``, ``2``, … in order."""
    out, figure_no = [], 0
    for i, appendix in enumerate(parts(facts, with_charts=True)):
        items = []
        for item in appendix.items:
            if isinstance(item, charts.Chart):
                figure_no += 1
                items.append(item.html(number=figure_no))
                item.close()
            elif isinstance(item, Html):
                items.append(item)
            else:
                tables_here = sum(isinstance(x, Table) for x in appendix.items)
                anchor = f"phu-luc-{ROMAN[i].lower()}-{item.key.replace('_', '-')}"
                items.append(item.html(caption=tables_here > 1, anchor=anchor))
        out.append(
            render(
                "appendix.html.j2",
                number=ROMAN[i],
                title=appendix.title,
                items=items,
                landscape=appendix.landscape,
                attachment=attachment_line(facts),
                as_of=facts.as_of,
            )
        )
    return Html("\n".join(out))
