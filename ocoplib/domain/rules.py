"""The rules that turn workbook rows into figures, for a report of year Y,
scope S and cut-off date D: those of the section "Rules that turn rows into
figures" of the input specification (input-workbook.md); contract.yaml
declares the sheets, columns and lists they read, not the rules.

Every function takes tidy frames from :mod:`ocoplib.intake.workbook` and returns frames
or numbers; none reads files or keeps state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ocoplib.base.contract import contract
from ocoplib.domain.units import Scope, Unit, successors_on

VALIDITY_MONTHS = 36
OCOP_MIN_STARS = 3


def _ts(day: dt.date) -> pd.Timestamp:
    return pd.Timestamp(day)


def in_scope(frame: pd.DataFrame, scope: Scope, column: str | None = None) -> pd.Series:
    """Rows of ``frame`` whose unit is the scope's: ``district`` for a district
    scope, every row for the province. For a commune scope, the row's commune
    (else its district) through the crosswalk: the commune itself, a former
    unit it took over, or one it took over in part where the row's
    ``address`` (see :func:`with_address`) is the commune."""
    if scope.is_province:
        if scope.members is None:
            return pd.Series(True, index=frame.index)
        return frame[column or "district"].isin(scope.members)
    if scope.kind != "commune":
        return frame[column or "district"] == scope.code
    units = row_units(frame, column)
    members = scope.members or frozenset({scope.code})
    inside = units.isin(members - scope.shared)
    if scope.shared and "address" in frame:
        inside |= units.isin(scope.shared) & (frame["address"] == scope.code)
    return inside


def row_units(frame: pd.DataFrame, column: str | None = None) -> pd.Series:
    """The unit a row names: ``column``, else its commune, else its district."""
    if column is not None:
        return frame[column]
    return frame["commune"].where(frame["commune"].notna(), frame["district"])


def with_address(products: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The rows with the product's own address (column ``address``): the
    commune its latest row on or before D names (sheet san_pham has no address
    column). It decides the place of a product of a former unit that was split."""
    named = evaluations(products, as_of)
    named = named[named["commune"].notna()].sort_values("decision_date", kind="stable")
    latest = named.groupby("product_id")["commune"].last()
    return products.assign(address=products["product_id"].map(latest))


def placed(
    rows: pd.DataFrame, units: list[Unit], day: dt.date, column: str | None = None
) -> pd.Series:
    """The unit valid on ``day`` that each row belongs to, through the
    successors of its unit (``column``, else its commune, else its district;
    the product's address deciding between several); None where it cannot
    be placed."""
    by_code = {u.code: u for u in units}
    addresses = rows["address"] if "address" in rows else pd.Series(None, index=rows.index)

    def one(code, address):
        found = successors_on(code, by_code, day)
        if len(found) == 1:
            return found[0]
        return address if address in found else None

    return pd.Series(
        [one(c, a) for c, a in zip(row_units(rows, column), addresses, strict=True)],
        index=rows.index,
        dtype=object,
    )


def evaluations(products: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Evaluation rows that exist for the report: decided on or before D."""
    return products[products["decision_date"] <= _ts(as_of)]


def current_ratings(products: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Each product's latest evaluation on or before D."""
    rows = evaluations(products, as_of).sort_values(["product_id", "decision_date"], kind="stable")
    return rows.groupby("product_id", sort=False).tail(1)


def ocop_products(products: pd.DataFrame, as_of: dt.date, scope: Scope) -> pd.DataFrame:
    """OCOP products at D: current rating of 3 stars or more, not revoked."""
    cur = current_ratings(products, as_of)
    cur = cur[(cur["stars"] >= OCOP_MIN_STARS) & ~cur["revoked"]]
    return cur[in_scope(cur, scope)]


def expiry_dates(rows: pd.DataFrame) -> pd.Series:
    """The day a certificate expires: decision date + 36 months."""
    return rows["decision_date"].map(lambda d: d + pd.DateOffset(months=VALIDITY_MONTHS))


def valid_products(ocop: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """OCOP products whose certificate has not expired at D (D < decision + 36 months)."""
    if ocop.empty:
        return ocop
    return ocop[_ts(as_of) < expiry_dates(ocop)]


def new_products(products: pd.DataFrame, year: int, as_of: dt.date, scope: Scope) -> pd.DataFrame:
    """Products whose first evaluation with 3 stars or more is dated in Y (up to D);
    the scope is read on that first row."""
    rows = evaluations(products, as_of)
    rows = rows[rows["stars"] >= OCOP_MIN_STARS].sort_values(
        ["product_id", "decision_date"], kind="stable"
    )
    first = rows.groupby("product_id", sort=False).head(1)
    first = first[first["decision_date"].dt.year == year]
    return first[in_scope(first, scope)]


def rows_of_year(products: pd.DataFrame, year: int, as_of: dt.date, scope: Scope) -> pd.DataFrame:
    rows = evaluations(products, as_of)
    rows = rows[rows["decision_date"].dt.year == year]
    return rows[in_scope(rows, scope)]


def four_star_certificates(products, year, as_of, scope) -> pd.DataFrame:
    """Evaluation rows with 4 stars dated in Y: new products and upgrades alike."""
    rows = rows_of_year(products, year, as_of, scope)
    return rows[rows["stars"] == 4]


def five_star_candidates(products, year, as_of, scope) -> pd.DataFrame:
    rows = rows_of_year(products, year, as_of, scope)
    return rows[rows["five_star_candidate"]]


def sales_points(outlets: pd.DataFrame, as_of: dt.date, scope: Scope) -> pd.DataFrame:
    """Outlets in scope opened on or before D; a blank opening date counts."""
    opened = outlets["opened"].isna() | (outlets["opened"] <= _ts(as_of))
    return outlets[opened & in_scope(outlets, scope, column="district")]


def with_owners(ocop: pd.DataFrame, owners: pd.DataFrame) -> pd.DataFrame:
    """OCOP product rows with their owner's name and type (many rows to one owner)."""
    return ocop.merge(
        owners[["owner_id", "owner_name", "owner_type", "district"]].rename(
            columns={"district": "owner_district"}
        ),
        on="owner_id",
        how="left",
        validate="m:1",
    )


def count_by(frame: pd.DataFrame, column: str, codes: list) -> dict:
    """Counts per code, every code present (0 where none)."""
    counts = frame[column].value_counts()
    return {code: int(counts.get(code, 0)) for code in codes}


@dataclass(frozen=True)
class Figures:
    """Every figure of one report, with the rows behind them for tables."""

    year: int
    as_of: dt.date
    scope: Scope
    ocop: pd.DataFrame  # current rating rows of OCOP products, with owner columns
    valid: pd.DataFrame
    new: pd.DataFrame
    four_star: pd.DataFrame
    candidates: pd.DataFrame
    outlets: pd.DataFrame

    @property
    def ecommerce(self) -> pd.DataFrame:
        return self.ocop[self.ocop["on_ecommerce"]]

    def owners_by_type(self) -> dict:
        codes = contract().lists["owner_type"].codes
        grouped = self.ocop.groupby("owner_type")
        owners = grouped["owner_id"].nunique()
        products = grouped["product_id"].nunique()
        return {
            c: {"owners": int(owners.get(c, 0)), "products": int(products.get(c, 0))} for c in codes
        }

    def by_unit(self, column: str = "district") -> pd.DataFrame:
        """The catalogue per unit code, each figure read on the same row as for a
        unit scope (current rating, first OCOP row, the certificate row …)."""

        def counts(frame: pd.DataFrame, col: str = column) -> pd.Series:
            return frame[col].value_counts()

        table = pd.DataFrame(
            {
                "new_products": counts(self.new),
                "new_4star": counts(self.four_star),
                "five_star_candidates": counts(self.candidates),
                "products": counts(self.ocop),
                "valid_products": counts(self.valid),
                "owners": self.ocop.groupby(column)["owner_id"].nunique(),
                "ecommerce_products": counts(self.ecommerce),
                "sales_points": counts(self.outlets, "district"),
            }
        )
        return table.fillna(0).astype(int)

    def catalogue(self) -> dict[str, int]:
        """The computed indicators of the catalogue, by code."""
        return {
            "new_products": len(self.new),
            "new_4star": len(self.four_star),
            "five_star_candidates": len(self.candidates),
            "products": len(self.ocop),
            "valid_products": len(self.valid),
            "owners": int(self.ocop["owner_id"].nunique()),
            "ecommerce_products": len(self.ecommerce),
            "sales_points": len(self.outlets),
        }


def compute(frames: dict[str, pd.DataFrame], year: int, as_of: dt.date, scope: Scope) -> Figures:
    products = with_address(frames["san_pham"], as_of)
    ocop = placed_in(with_owners(ocop_products(products, as_of, scope), frames["chu_the"]), scope)
    return Figures(
        year=year,
        as_of=as_of,
        scope=scope,
        ocop=ocop,
        valid=valid_products(ocop, as_of),
        new=placed_in(new_products(products, year, as_of, scope), scope),
        four_star=placed_in(four_star_certificates(products, year, as_of, scope), scope),
        candidates=placed_in(five_star_candidates(products, year, as_of, scope), scope),
        outlets=placed_in(sales_points(frames["diem_ban"], as_of, scope), scope),
    )


def placed_in(rows: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """A commune report's rows, each in the commune on the report day: rows of
    the former units it took over name their own commune of the time (or only
    their district), and the report's tables count them as the commune's."""
    if scope.kind != "commune" or "commune" not in rows:
        return rows
    return rows.assign(commune=scope.code)
