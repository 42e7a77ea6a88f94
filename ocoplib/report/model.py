"""One report: its parameters, the loaded workbook and text, the figures, and
the parts that the notebook shows in order. The notebook stays thin: it
calls these methods; the package does the work."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ocoplib.base import vnformat
from ocoplib.base.contract import contract
from ocoplib.base.determinism import build_time
from ocoplib.base.formats import BY_KEY, FORMATS, RESULTS
from ocoplib.base.params import ReportParams, parse_params
from ocoplib.base.problems import Problem
from ocoplib.domain.indicators import Indicator, indicators
from ocoplib.domain.rules import Figures, compute, count_by
from ocoplib.domain.units import (
    ReportScope,
    Scope,
    own_units,
    province_scope,
    report_scope,
    unit_scope,
)
from ocoplib.domain.units import area_change as units_area_change
from ocoplib.domain.units import former_province as units_former_province
from ocoplib.intake.reporttext import ReportText, read_report_text
from ocoplib.intake.workbook import Workbook, read_workbook
from ocoplib.render.tables import Table, write_xlsx
from ocoplib.render.templating import Html
from ocoplib.report import appendices, narrative


@dataclass
class Report:
    params: ReportParams
    workbook: Workbook
    text: ReportText
    target: ReportScope
    figures: Figures

    @property
    def scope(self) -> Scope:
        return self.target.scope

    @property
    def as_of(self) -> dt.date:
        return self.target.day

    # -- opening -----------------------------------------------------------
    @classmethod
    def open(
        cls,
        province: str = "quang-ngai",
        year: int = 2024,
        scope: str = "tinh",
        as_of: str | dt.date | None = None,
        data_dir: str | Path = "data",
        workbook: Workbook | str | Path | None = None,
    ) -> Report:
        """Load, check and compute. Raises InputError with every problem found.

        ``workbook`` is a workbook already loaded and checked, or the path of
        the one that ``ocop batch`` loaded once for all its reports (a file it
        wrote itself); None reads ``data_dir/<province>/ocop.xlsx``."""
        params = parse_params(
            province=province, year=year, scope=scope, as_of=as_of, data_dir=Path(data_dir)
        )
        text = read_report_text(params.text_path, params.year)
        if isinstance(workbook, str | Path):
            from ocoplib.intake.workbook import read_workbook_file

            workbook = read_workbook_file(workbook)
        workbook = workbook or read_workbook(params.workbook_path)
        target = report_scope(
            params.scope, workbook.units, params.year, text.meta, params.province, params.as_of
        )
        figures = compute(workbook.frames, params.year, target.day, target.scope)
        return cls(params, workbook, text, target, figures)

    # -- facts -------------------------------------------------------------
    @property
    def province_name(self) -> str:
        return self.target.province_name

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
        unit = self.unit(code)
        if prose and unit.type_code != "district":
            return unit.full_name
        return unit.name

    @property
    def unit_column(self) -> str:
        """The row column that places a product in the scope's kind of unit."""
        return "commune" if self.scope.kind == "commune" else "district"

    @property
    def child_level(self) -> str:
        """The level of units below this scope: districts before the 2025
        reorganisation, communes after (and below a district)."""
        if not self.scope.is_province:
            return "commune"
        levels = {u.level for u in self.workbook.units if u.valid_on(self.as_of)}
        return "district" if "district" in levels else "commune"

    def unit(self, code: str):
        return self._units[code]

    def former_province(self, code: str | None) -> str:
        """The province a unit belonged to before a merger of provinces."""
        return units_former_province(code, self._units) or self.province_name

    @cached_property
    def _units(self) -> dict:
        return {u.code: u for u in self.workbook.units}

    @property
    def area_change(self) -> dt.date | None:
        """When the province's area changed by a merger of provinces (or None)."""
        return units_area_change(self.workbook.units)

    @property
    def child_units(self) -> list:
        """The units a province report breaks its figures down by: its own
        district-level units that existed by the cut-off (after the 2025
        reorganisation, the former districts, to which commune rows are
        attributed); for a unit report, the units under it."""
        if self.scope.is_province:
            return [
                u
                for u in own_units(self.workbook.units, self.as_of)
                if u.level == "district" and (u.valid_from is None or u.valid_from <= self.as_of)
            ]
        return [
            u
            for u in self.workbook.units
            if u.parent_code == self.scope.code and u.valid_on(self.as_of)
        ]

    def former_district(self) -> tuple[dt.date, dict] | None:
        """For a commune report: the day before the reorganisation and the
        figures its former district had then."""
        unit = self.scope.unit
        if unit is None or unit.level != "commune" or not unit.parent_code:
            return None
        parent = self._units.get(unit.parent_code)
        if parent is None or parent.valid_to is None:
            return None
        day = min(parent.valid_to, self.as_of)
        scope = unit_scope(parent, self.workbook.units, day)
        figures = compute(self.workbook.frames, day.year, day, scope)
        return day, {
            "name": parent.full_name,
            **figures.catalogue(),
            "by_stars": count_by(figures.ocop, "stars", [3, 4, 5]),
        }

    def province_totals(self) -> dict:
        """The province's catalogue at the same date, for comparisons in a unit report."""
        whole = compute(
            self.workbook.frames,
            self.params.year,
            self.as_of,
            province_scope(self.province_name, self.workbook.units, self.as_of),
        )
        return whole.catalogue()

    def _by_former_province(self, rows) -> dict[str, int]:
        counts = rows["district"].map(self.former_province).value_counts()
        return {name: int(n) for name, n in counts.items()}

    def unit_label(self, code: str) -> str:
        """A unit as a table cell shows it: ``Thành phố Quảng Ngãi``, ``Tư Nghĩa``;
        a unit no longer in existence at the cut-off is marked ``(cũ)``."""
        label = vnformat.capitalize_first(self.unit_name(code, prose=True))
        return label if self.unit(code).valid_on(self.as_of) else f"{label} (cũ)"

    def totals(self) -> dict:
        f = self.figures
        lists = contract().lists
        stars = count_by(f.ocop, "stars", [3, 4, 5])
        outlets = count_by(f.outlets, "funding", lists["funding"].codes)
        new_by_unit = f.new[self.unit_column]
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
            "products_by_former_province": self._by_former_province(f.ocop),
            "valid_products_by_former_province": self._by_former_province(f.valid),
        }

    # -- the parts the notebook shows (see narrative.py and appendices.py) ------
    def front_page(self) -> Html:
        return narrative.front_page(self)

    def section_1(self) -> Html:
        return narrative.section_1(self)

    def review(self) -> Html:
        return narrative.review(self)

    def signature(self) -> Html:
        return narrative.signature(self)

    def plan_table(self) -> Table:
        return appendices.plan_table(self)

    def tables(self) -> list[Table]:
        return appendices.tables(self)

    def appendices(self) -> Html:
        return appendices.appendices(self)

    # -- machine-readable results -------------------------------------------------
    def results(self) -> dict:
        from ocoplib.report.provenance import provenance

        scope = {
            "code": self.scope.code,
            "slug": self.scope.slug,
            "name": self.scope.name,
            "type": self.scope.type_label,
        }
        parent = self.scope.unit.parent_code if self.scope.unit else None
        if parent in self._units:
            scope["parent"] = self._units[parent].full_name + (
                "" if self._units[parent].valid_on(self.as_of) else " (cũ)"
            )
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

    def save(self, output_dir: str | Path | None, formats=FORMATS) -> None:
        """Write results.json and the formats the kernel makes (``tables.xlsx``,
        ``report.docx``) that ``formats`` asks for into ``output_dir``
        (nothing when None)."""
        if output_dir is None:
            return
        from ocoplib.render.worddoc import write_docx
        from ocoplib.report.results import write_json

        out = Path(output_dir)
        out.mkdir(parents=True, exist_ok=True)
        write_json(self.results(), out / RESULTS)
        formats = FORMATS if formats is None else formats
        if "xlsx" in formats:
            write_xlsx(
                self.tables(),
                out / BY_KEY["xlsx"].file,
                title=f"OCOP {self.province_name} {self.params.year} – {self.scope.name}",
                when=build_time(self.as_of),
            )
        if "docx" in formats:
            write_docx(self, out / BY_KEY["docx"].file)
