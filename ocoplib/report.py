"""One report: its parameters, the loaded workbook and text, the figures, and
the parts that the notebook shows in order. The notebook stays thin: it
calls these methods; the package does the work."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from ocoplib import figures as charts
from ocoplib import vnformat
from ocoplib.contract import contract
from ocoplib.indicators import Indicator, indicators
from ocoplib.load import Workbook, read_workbook
from ocoplib.params import ReportParams, parse_params
from ocoplib.problems import InputError, Problem, did_you_mean
from ocoplib.render import Html, render
from ocoplib.reporttext import ReportText, read_report_text
from ocoplib.rules import Figures, compute, count_by
from ocoplib.tables import Col, Table, write_xlsx
from ocoplib.text import fold, slugify, sort_key, vn_sorted
from ocoplib.units import Scope, province_scope, unit_scope

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
LETTERS = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k"]


def resolve_scope(name: str, workbook: Workbook, province_name: str, day: dt.date) -> Scope:
    """A scope from a name as people write it (``TP Quảng Ngãi``, ``huyện Tư
    Nghĩa``, a slug such as ``tu-nghia``, or ``tinh`` for the province)."""
    folded = fold(name)
    if folded in {fold(n) for n in (*contract().province_scope_names, "tinh", "toàn tỉnh")}:
        return province_scope(province_name)
    resolver = workbook.resolver
    found = resolver.candidates(name, day)
    if not found:
        found = [
            u
            for u in workbook.units
            if u.valid_on(day)
            and slugify(name) in (slugify(u.name), slugify(f"{u.type_label} {u.name}"))
        ]
    if len(found) == 1:
        return unit_scope(found[0], workbook.units, day)
    if found:
        expected = (
            "one unit; the name matches "
            + " and ".join(u.full_name for u in found)
            + "; write the type word in front"
        )
        raise InputError([Problem("error", "parameters", None, None, "scope", name, expected)])
    raise InputError(
        [
            Problem(
                "error",
                "parameters",
                None,
                None,
                "scope",
                name,
                f"'tinh' or an administrative unit of sheet dia_ban valid on {vnformat.date(day)}",
                did_you_mean(resolver.suggestions(name, day)),
            )
        ]
    )


@dataclass
class Report:
    params: ReportParams
    workbook: Workbook
    text: ReportText
    scope: Scope
    as_of: dt.date
    figures: Figures

    # -- opening -----------------------------------------------------------
    @classmethod
    def open(
        cls,
        province: str = "quang-ngai",
        year: int = 2024,
        scope: str = "tinh",
        as_of: str | dt.date | None = None,
        data_dir: str | Path = "data",
        workbook: Workbook | None = None,
    ) -> Report:
        """Load, check and compute. Raises InputError with every problem found."""
        params = parse_params(
            province=province, year=year, scope=scope, as_of=as_of, data_dir=Path(data_dir)
        )
        text = read_report_text(params.text_path, params.year)
        workbook = workbook or read_workbook(params.workbook_path)
        day = params.as_of or text.meta.get("as_of") or dt.date(params.year, 12, 31)
        if isinstance(day, dt.datetime):
            day = day.date()
        province_name = text.meta.get("ten_tinh") or params.province
        the_scope = resolve_scope(params.scope, workbook, province_name, day)
        figures = compute(workbook.frames, params.year, day, the_scope)
        return cls(params, workbook, text, the_scope, day, figures)

    # -- facts -------------------------------------------------------------
    @property
    def province_name(self) -> str:
        return self.text.meta.get("ten_tinh") or self.params.province

    @property
    def meta(self) -> dict:
        return self.text.meta

    @cached_property
    def indicators(self) -> list[Indicator]:
        return indicators(self.workbook["chi_tieu"], self.figures)

    @property
    def warnings(self) -> list[Problem]:
        return self.workbook.warnings + self.text.warnings

    def unit_name(self, code: str, prose: bool = False) -> str:
        """A unit's canonical name; in prose lists, the type word except for huyện."""
        unit = next(u for u in self.workbook.units if u.code == code)
        if prose and unit.type_code != "district":
            return unit.full_name
        return unit.name

    def unit_label(self, code: str) -> str:
        """A unit as a table cell shows it: ``Thành phố Quảng Ngãi``, ``Tư Nghĩa``."""
        return vnformat.capitalize_first(self.unit_name(code, prose=True))

    def totals(self) -> dict:
        f = self.figures
        lists = contract().lists
        stars = count_by(f.ocop, "stars", [3, 4, 5])
        outlets = count_by(f.outlets, "funding", lists["funding"].codes)
        new_by_unit = f.new["district" if self.scope.kind != "commune" else "commune"]
        return {
            "products": len(f.ocop),
            "products_by_stars": {str(k): v for k, v in stars.items()},
            "valid_products": len(f.valid),
            "new_products": len(f.new),
            "new_products_by_unit": {
                self.unit_name(code): int(n) for code, n in new_by_unit.value_counts().items()
            },
            "new_4star": len(f.four_star),
            "five_star_candidates": len(f.candidates),
            "owners": int(f.ocop["owner_id"].nunique()),
            "owners_by_type": f.owners_by_type(),
            "products_by_group": count_by(f.ocop, "product_group", lists["product_group"].codes),
            "ecommerce_products": len(f.ecommerce),
            "sales_points": {"total": len(f.outlets), **outlets},
        }

    # -- the parts the notebook shows ----------------------------------------
    def front_page(self) -> Html:
        m = self.meta
        opening = self.text.section("mo_dau")
        place = vnformat.place_date(
            m.get("dia_danh", self.province_name), m.get("nam"), m.get("thang"), m.get("ngay")
        )
        scope_line = None if self.scope.is_province else f"trên địa bàn {self.scope.full_name}"
        return render(
            "front.html.j2",
            meta=m,
            place_date=place,
            scope_line=scope_line,
            opening=Html(opening.html()) if opening else None,
        )

    def _activity_text(self, row) -> str:
        """The row's sentence; its document number and date are added in
        brackets when the sentence does not already name the document."""
        text = row.description.rstrip().rstrip(".;")
        if row.document_no and fold(row.document_no) not in fold(text):
            text += f" (văn bản số {row.document_no} ngày {vnformat.date(row.date.date())})"
        return text + "."

    def _activities(self, direction: bool) -> list[dict]:
        acts = self.workbook["hoat_dong"]
        acts = acts[acts["year"] == self.params.year]
        acts = acts[(acts["category"] == "direction") == direction]
        acts = acts.sort_values(["date", "excel_row"], kind="stable")
        return [{"text": self._activity_text(r)} for r in acts.itertuples(index=False)]

    def section_1(self) -> Html:
        f, totals = self.figures, self.totals()
        new_units = vn_sorted(totals["new_products_by_unit"].items(), key=lambda kv: kv[0])
        key_col = "district" if self.scope.kind != "commune" else "commune"
        codes_by_name = {self.unit_name(c): c for c in f.new[key_col].unique()}
        units = [(self.unit_name(codes_by_name[name], prose=True), n) for name, n in new_units]
        type_words = vn_sorted(
            {u.type_label.lower() for u in self.workbook.units if u.code in set(f.new[key_col])}
        )
        stars_new = count_by(f.new, "stars", [3, 4, 5])
        stars_text = vnformat.join([f"{k} sao" for k, v in stars_new.items() if v]) or "3 sao"
        if sum(1 for v in stars_new.values() if v) > 1:
            stars_text = (
                "("
                + vnformat.join(
                    [f"{vnformat.count(v)} sản phẩm {k} sao" for k, v in stars_new.items() if v]
                )
                + ")"
            )
        present = [int(s) for s, n in totals["products_by_stars"].items() if n]
        star_span = (
            f"{min(present)}-{max(present)}"
            if len(present) > 1
            else (str(present[0]) if present else "")
        )
        owner_list = contract().lists["owner_type"]
        by_basis: dict[str, list] = {}
        for i in self.indicators:
            by_basis.setdefault(i.basis or "", []).append(i)
        return render(
            "section1.html.j2",
            year=self.params.year,
            as_of=self.as_of,
            scope_is_province=self.scope.is_province,
            scope_name=self.scope.full_name,
            where=("toàn tỉnh " + self.province_name)
            if self.scope.is_province
            else self.scope.full_name,
            direction=self._activities(True),
            activities=self._activities(False),
            targets_by_basis=list(by_basis.items()),
            indicators=self.indicators,
            new={
                "total": len(f.new),
                "units": units,
                "unit_parts": [f"{name} ({vnformat.count(n)} sản phẩm)" for name, n in units],
                "type_words": ", ".join(type_words),
                "stars_text": stars_text,
            },
            totals=totals,
            star_span=star_span,
            star_parts=[
                (s, n) for s, n in sorted(totals["products_by_stars"].items(), reverse=True) if n
            ],
            owner_parts=[
                (owner_list.label_of(code), v["owners"], v["products"])
                for code, v in totals["owners_by_type"].items()
                if v["owners"]
            ],
            outlets=totals["sales_points"],
        )

    def review(self) -> Html:
        """Parts 2–4 from bao_cao.md, with their numbering."""
        heads = [
            (
                "review",
                2,
                "Những mặt được; hạn chế, tồn tại và nguyên nhân; bài học kinh nghiệm.",
                True,
            ),
            (
                "outlook",
                3,
                f"Phương hướng nhiệm vụ, giải pháp trọng tâm năm {self.params.year + 1}",
                False,
            ),
            ("proposals", 4, "Đề xuất, kiến nghị", False),
        ]
        parts = []
        for part, number, title, lettered in heads:
            present = self.text.part(part)
            wanted = [s for s in contract().sections if s["part"] == part]
            items = []
            for spec in wanted:
                s = self.text.section(spec["key"])
                items.append(
                    {"title": spec["title"], "html": Html(s.html()) if s and s.markdown else None}
                )
            items += [{"title": s.title, "html": Html(s.html())} for s in present if s.key is None]
            for i, item in enumerate(items):
                item["letter"] = LETTERS[i]
            parts.append(
                {"number": number, "title": title, "sections": items, "lettered": lettered}
            )
        return render("review.html.j2", parts=parts)

    def signature(self) -> Html:
        m = self.meta
        recipients = [_recipient(r) for r in (m.get("noi_nhan") or ["Lưu: VT."])]
        closing = (
            f"{vnformat.capitalize_first(m.get('co_quan_ban_hanh', '').lower())} kính báo cáo./."
        )
        return render(
            "signature.html.j2", meta=m, recipients=recipients, closing_line=closing.strip()
        )

    # -- tables and charts -----------------------------------------------------
    def plan_table(self) -> Table:
        rows, classes = [], []
        for n, i in enumerate(self.indicators, start=1):
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
            title=f"Kết quả thực hiện chỉ tiêu kế hoạch năm {self.params.year}",
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

    def _unit_rows(self) -> list[tuple[str, dict]]:
        f = self.figures
        col = "commune" if self.scope.kind == "commune" else "district"
        rows = []
        for code, group in f.ocop.groupby(col):
            counts = {s: int((group["stars"] == s).sum()) for s in (3, 4, 5)}
            rows.append(
                (code, counts, len(f.valid[f.valid[col] == code]), int(group["on_ecommerce"].sum()))
            )
        rows = vn_sorted(rows, key=lambda r: self.unit_name(r[0]))
        return [(self.unit_label(r[0]), *r[1:]) for r in rows]

    def units_table(self) -> Table:
        data = self._unit_rows()
        rows = [
            [n, name, c[3], c[4], c[5], sum(c.values()), valid, ecom]
            for n, (name, c, valid, ecom) in enumerate(data, start=1)
        ]
        total = ["", "Tổng cộng"] + [sum(r[i] for r in rows) for i in range(2, 8)]
        return Table(
            key="theo_don_vi",
            title=f"Sản phẩm OCOP theo đơn vị và hạng sao (đến ngày {vnformat.date(self.as_of)})",
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

    def new_table(self) -> Table:
        f = self.figures
        owners = self.workbook["chu_the"].set_index("owner_id")["owner_name"]
        col = "commune" if self.scope.kind == "commune" else "district"
        new = sorted(
            f.new.itertuples(index=False),
            key=lambda r: (
                r.decision_date,
                sort_key(self.unit_name(getattr(r, col))),
                sort_key(r.product_name),
            ),
        )
        rows = [
            [
                n,
                r.product_name,
                owners.get(r.owner_id, r.owner_id),
                self.unit_name(getattr(r, col), prose=True),
                int(r.stars),
                None if pd.isna(r.score) else float(r.score),
                r.decision_no,
                r.decision_date.date(),
            ]
            for n, r in enumerate(new, start=1)
        ]
        return Table(
            key="san_pham_moi",
            title=f"Sản phẩm OCOP được công nhận mới năm {self.params.year}",
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

    def owners_table(self) -> Table:
        lists = contract().lists["owner_type"]
        data = self.totals()["owners_by_type"]
        rows = [
            [n, lists.label_of(code), v["owners"], v["products"]]
            for n, (code, v) in enumerate(data.items(), start=1)
        ]
        total = ["", "Tổng cộng", self.totals()["owners"], sum(r[3] for r in rows)]
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

    def outlets_table(self) -> Table:
        o = self.figures.outlets
        funding = contract().lists["funding"]
        data = vn_sorted(
            list(o.itertuples(index=False)),
            key=lambda r: f"{self.unit_name(r.district)} {r.outlet_name}",
        )
        rows = [
            [
                n,
                r.outlet_name,
                self.unit_name(r.district, prose=True),
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

    def warnings_table(self) -> Table:
        rows = [
            [
                n,
                p.sheet or "",
                p.row,
                p.column or "",
                "" if p.value is None else str(p.value),
                p.expected,
            ]
            for n, p in enumerate(self.warnings, start=1)
        ]
        return Table(
            key="chat_luong_du_lieu",
            title="Ghi chú chất lượng dữ liệu: cảnh báo khi đọc sổ dữ liệu",
            columns=[
                Col("STT", "int", 5),
                Col("Sheet", "text", 12),
                Col("Dòng", "int", 6),
                Col("Cột", "text", 18),
                Col("Giá trị", "text", 24),
                Col("Nội dung", "text", 60),
            ],
            rows=rows,
            note=None if rows else "Không có cảnh báo.",
        )

    def tables(self) -> list[Table]:
        return [
            self.plan_table(),
            self.units_table(),
            self.new_table(),
            self.owners_table(),
            self.outlets_table(),
            self.warnings_table(),
        ]

    def chart_stars_by_unit(self) -> charts.Chart:
        rows = [(name, counts) for name, counts, _, _ in self._unit_rows()]
        return charts.stars_by_unit(
            rows, f"Sản phẩm OCOP theo đơn vị và hạng sao, đến {vnformat.date(self.as_of)}"
        )

    def chart_new_by_year(self) -> charts.Chart:
        products = self.workbook["san_pham"]
        rows = products[
            (products["decision_date"] <= pd.Timestamp(self.as_of)) & (products["stars"] >= 3)
        ]
        first = rows.sort_values("decision_date").groupby("product_id").head(1)
        col = "commune" if self.scope.kind == "commune" else "district"
        if not self.scope.is_province:
            first = first[first[col] == self.scope.code]
        counts = first["decision_date"].dt.year.value_counts().to_dict()
        counts = {
            int(y): int(counts.get(y, 0))
            for y in range(min(counts, default=self.params.year), self.params.year + 1)
        }
        return charts.new_products_by_year(
            counts,
            f"Sản phẩm OCOP được công nhận lần đầu theo năm (năm {self.params.year} "
            f"tính đến {vnformat.date(self.as_of)})",
        )

    def chart_owners(self) -> charts.Chart:
        lists = contract().lists["owner_type"]
        rows = [
            (lists.label_of(c), v["owners"], v["products"])
            for c, v in self.totals()["owners_by_type"].items()
        ]
        return charts.owners_by_type(rows, "Chủ thể và sản phẩm OCOP theo loại hình")

    # -- appendices -------------------------------------------------------------
    def appendices(self) -> Html:
        plan = self.plan_table()
        parts = [
            ("Kết quả thực hiện chỉ tiêu kế hoạch", [plan.html()]),
            (
                "Sản phẩm OCOP theo đơn vị và hạng sao",
                [self.units_table().html(), _chart_html(self.chart_stars_by_unit())],
            ),
            (
                f"Sản phẩm OCOP được công nhận mới năm {self.params.year}",
                [self.new_table().html(), _chart_html(self.chart_new_by_year())],
            ),
            (
                "Chủ thể sản phẩm OCOP theo loại hình",
                [self.owners_table().html(), _chart_html(self.chart_owners())],
            ),
            ("Điểm giới thiệu và bán sản phẩm OCOP", [self.outlets_table().html()]),
            ("Ghi chú chất lượng dữ liệu", [self.warnings_table().html()]),
        ]
        out = [
            render(
                "appendix.html.j2",
                number=ROMAN[i],
                title=title,
                items=items,
                report_title=self.meta.get("so_ky_hieu") or "",
                as_of=self.as_of,
            )
            for i, (title, items) in enumerate(parts)
        ]
        return Html("\n".join(out))

    # -- machine-readable results -------------------------------------------------
    def results(self) -> dict:
        from ocoplib.provenance import provenance

        scope = {
            "code": self.scope.code,
            "slug": self.scope.slug,
            "name": self.scope.name,
            "type": self.scope.type_label,
        }
        return {
            "schema": "ocop-results/1",
            "province": self.province_name,
            "year": self.params.year,
            "as_of": self.as_of.isoformat(),
            "scope": scope,
            "indicators": [i.to_json() for i in self.indicators],
            "totals": self.totals(),
            "warnings": [str(p) for p in self.warnings],
            "provenance": provenance(self),
        }

    def save(self, output_dir: str | Path | None) -> None:
        """Write results.json and tables.xlsx into ``output_dir`` (nothing when None)."""
        if output_dir is None:
            return
        from ocoplib.results import write_json

        out = Path(output_dir)
        out.mkdir(parents=True, exist_ok=True)
        write_json(self.results(), out / "results.json")
        write_xlsx(
            self.tables(),
            out / "tables.xlsx",
            title=f"OCOP {self.province_name} {self.params.year} – {self.scope.name}",
        )


def _recipient(entry) -> str:
    """One line of ``Nơi nhận``; YAML reads ``- Lưu: VT, NTM.`` as a mapping."""
    if isinstance(entry, dict):
        entry = "; ".join(f"{k}: {v}" for k, v in entry.items())
    text = str(entry).strip()
    return text if text.startswith("- ") else f"- {text}"


def _chart_html(chart: charts.Chart) -> Html:
    html = chart.html()
    chart.close()
    return html
