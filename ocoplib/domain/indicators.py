"""Plan versus outcome: every target of ``chi_tieu`` for the report's year and
scope set against what the workbook says happened."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum

import pandas as pd

from ocoplib.base.contract import contract
from ocoplib.domain.rules import Figures


class Status(StrEnum):
    """How an indicator stands against its target (labels: contract.yaml ``statuses``)."""

    EXCEEDED = "exceeded"
    MET = "met"
    EXPECTED_MET = "expected_met"
    NOT_MET = "not_met"


@dataclass(frozen=True)
class Indicator:
    code: str
    description: str
    unit: str
    target_min: float
    target_max: float | None
    actual: float
    expected: float | None
    pct_of_target: float | None
    status: Status
    basis: str | None
    computed: bool
    note: str | None = None

    @property
    def status_label(self) -> str:
        return contract().statuses[self.status]

    def to_json(self) -> dict:
        d = asdict(self)
        d.pop("computed")
        d.pop("note")
        for key in ("target_min", "target_max", "actual", "expected"):
            d[key] = _number(d[key])
        return d


def _number(value):
    """JSON number: an int where the value is whole."""
    if value is None or pd.isna(value):
        return None
    return int(value) if float(value).is_integer() else float(value)


def status(
    actual: float, target_min: float, target_max: float | None, expected: float | None
) -> Status:
    """Above the maximum, at least the minimum, expected to reach it, or not."""
    if target_max is not None and actual > target_max:
        return Status.EXCEEDED
    if actual >= target_min:
        return Status.MET
    if expected is not None and expected >= target_min:
        return Status.EXPECTED_MET
    return Status.NOT_MET


def pct_of_target(actual: float, target_min: float) -> float | None:
    if not target_min:
        return None
    return round(actual / target_min * 100, 2)


def indicators(targets: pd.DataFrame, figures: Figures) -> list[Indicator]:
    """The indicators with a target row for the figures' year and scope, in sheet order."""
    rows = targets[
        (targets["year"] == figures.year) & (targets["scope_code"] == figures.scope.code)
    ]
    computed = figures.catalogue()
    out = []
    for r in rows.sort_values("excel_row").itertuples(index=False):
        is_computed = r.indicator in computed
        actual = computed[r.indicator] if is_computed else float(r.actual_manual)
        tmax = None if pd.isna(r.target_max) else float(r.target_max)
        expected = None if pd.isna(r.expected) else float(r.expected)
        out.append(
            Indicator(
                code=r.indicator,
                description=r.description,
                unit=r.unit,
                target_min=float(r.target_min),
                target_max=tmax,
                actual=actual,
                expected=expected,
                pct_of_target=pct_of_target(actual, float(r.target_min)),
                status=status(actual, float(r.target_min), tmax, expected),
                basis=r.basis,
                computed=is_computed,
                note=r.note,
            )
        )
    return out
