"""The computed report as a plain value (:class:`Facts`): its parameters, the
loaded workbook and text, the scope, the figures, the indicators, the totals
and the units as the report's day sees them (:class:`Area`). Built once by
:func:`compute_facts`; every part of the report is a function of it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from ocoplib.base import vnformat
from ocoplib.base.contract import contract
from ocoplib.base.params import ReportParams
from ocoplib.base.problems import Problem
from ocoplib.domain.indicators import Indicator, indicators
from ocoplib.domain.rules import Figures, compute, count_by, new_products
from ocoplib.domain.units import ReportScope, Scope, Unit, own_units
from ocoplib.domain.units import area_change as units_area_change
from ocoplib.domain.units import former_province as units_former_province
from ocoplib.intake.reporttext import ReportText
from ocoplib.intake.workbook import Workbook


@dataclass(frozen=True)
class Area:
    """The workbook's units seen from one report: its scope on its day."""

    units: tuple[Unit, ...]
    scope: Scope
    day: dt.date
    province_name: str

    @cached_property
    def _by_code(self) -> dict[str, Unit]:
        return {u.code: u for u in self.units}

    def unit(self, code: str) -> Unit:
        return self._by_code[code]

    def get(self, code: str | None) -> Unit | None:
        return self._by_code.get(code)

    def name(self, code: str, prose: bool = False) -> str:
        """A unit's canonical name; in prose lists, the type word except for huyện."""
        unit = self.unit(code)
        if prose and unit.type_code != "district":
            return unit.full_name
        return unit.name

    def label(self, code: str) -> str:
        """A unit as a table cell shows it, with its type word: ``Thành phố
        Quảng Ngãi``, ``Huyện Tư Nghĩa``; a unit no longer in existence on the
        day is marked ``(cũ)``."""
        unit = self.unit(code)
        label = vnformat.capitalize_first(unit.full_name)
        return label if unit.valid_on(self.day) else f"{label} (cũ)"

    def former_province(self, code: str | None) -> str:
        """The province a unit belonged to before a merger of provinces."""
        return units_former_province(code, self._by_code) or self.province_name

    @property
    def column(self) -> str:
        """The row column that places a product in the scope's kind of unit."""
        return "commune" if self.scope.kind == "commune" else "district"

    @property
    def change(self) -> dt.date | None:
        """When the province's area changed by a merger of provinces (or None)."""
        return units_area_change(list(self.units))

    @property
    def merged(self) -> bool:
        """Whether the report's day falls after a merger of provinces: only
        then do its figures cover, and may its parts name, the other former
        province."""
        return self.change is not None and self.day >= self.change

    @property
    def description(self) -> str:
        """The report's area as a caption names it: ``tỉnh Quảng Ngãi``, ``xã
        Bình Sơn``; after a merger of provinces, ``tỉnh Quảng Ngãi, gồm cả địa
        bàn tỉnh Kon Tum cũ``."""
        if self.scope.unit is not None:
            return self.scope.full_name
        if not self.merged:
            return f"tỉnh {self.province_name}"
        others = sorted({u.former_province for u in self.units if u.former_province})
        former = vnformat.join([f"tỉnh {name}" for name in others])
        return f"tỉnh {self.province_name}, gồm cả địa bàn {former} cũ"

    @property
    def child_units(self) -> list[Unit]:
        """The units a province report breaks its figures down by: its own
        district-level units that existed by the day (after the 2025
        reorganisation, the former districts, to which commune rows are
        attributed); for a unit report, the units under it."""
        if self.scope.is_province:
            return [
                u
                for u in own_units(list(self.units), self.day)
                if u.level == "district" and (u.valid_from is None or u.valid_from <= self.day)
            ]
        return [u for u in self.units if u.parent_code == self.scope.code and u.valid_on(self.day)]


@dataclass(frozen=True)
class Facts:
    """Everything the parts of one report read; nothing here renders."""

    params: ReportParams
    workbook: Workbook
    text: ReportText
    target: ReportScope
    figures: Figures
    indicators: list[Indicator]
    area: Area
    totals: dict

    @property
    def scope(self) -> Scope:
        return self.target.scope

    @property
    def as_of(self) -> dt.date:
        return self.target.day

    @property
    def province_name(self) -> str:
        return self.target.province_name

    @property
    def meta(self) -> dict:
        return self.text.meta

    @property
    def warnings(self) -> list[Problem]:
        return self.workbook.warnings + self.text.warnings

    @cached_property
    def new_by_year(self) -> dict[int, pd.DataFrame]:
        """The products certified for the first time in each year up to the
        report's, by the rule of ``totals["new_products"]``, on the report's
        area (its scope on its cut-off day) for every year; from the first
        year the area has one."""
        products = self.workbook["san_pham"]
        year = self.params.year
        dates = products.loc[products["stars"] >= 3, "decision_date"].dropna()
        start = min(int(dates.dt.year.min()), year) if len(dates) else year
        rows = {
            y: new_products(products, y, self.as_of, self.scope) for y in range(start, year + 1)
        }
        first = next((y for y, r in rows.items() if len(r)), year)
        return {y: r for y, r in rows.items() if y >= first}


def compute_facts(
    params: ReportParams, workbook: Workbook, text: ReportText, target: ReportScope
) -> Facts:
    """The figures, indicators and totals of the report for ``target``."""
    figures = compute(workbook.frames, params.year, target.day, target.scope)
    area = Area(tuple(workbook.units), target.scope, target.day, target.province_name)
    return Facts(
        params=params,
        workbook=workbook,
        text=text,
        target=target,
        figures=figures,
        indicators=indicators(workbook["chi_tieu"], figures),
        area=area,
        totals=totals(figures, area),
    )


def totals(f: Figures, area: Area) -> dict:
    """The ``totals`` of results.json: the catalogue and its breakdowns."""
    lists = contract().lists
    catalogue = f.catalogue()
    stars = count_by(f.ocop, "stars", [3, 4, 5])
    outlets = count_by(f.outlets, "funding", lists["funding"].codes)
    # by canonical name, as results.json keys them: a former and a new unit of
    # the same name add up instead of one hiding the other
    new_by_unit = f.new[area.column].map(area.name).value_counts()

    def by_former_province(rows) -> dict[str, int]:
        counts = rows["district"].map(area.former_province).value_counts()
        return {name: int(n) for name, n in counts.items()}

    out = {
        **catalogue,
        "products_by_stars": {str(k): v for k, v in stars.items()},
        "new_products_by_unit": {name: int(n) for name, n in new_by_unit.items()},
        "owners_by_type": f.owners_by_type(),
        "products_by_group": count_by(f.ocop, "product_group", lists["product_group"].codes),
        "sales_points": {"total": catalogue["sales_points"], **outlets},
    }
    if area.merged:  # before the merger, the area is one province: nothing to split
        out["products_by_former_province"] = by_former_province(f.ocop)
        out["valid_products_by_former_province"] = by_former_province(f.valid)
    return out
