"""Administrative units (sheet dia_ban): resolving names as people write them,
by date, and the scope of a report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ocoplib.contract import contract
from ocoplib.problems import closest
from ocoplib.text import fold, slugify


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    type_code: str
    type_label: str
    level: str  # "district" or "commune"
    parent_code: str | None
    aliases: tuple[str, ...]
    valid_from: dt.date | None
    valid_to: dt.date | None
    former_province: str | None = None  # the province before a merger of provinces

    @property
    def full_name(self) -> str:
        """The name with its type word, as prose writes it: ``huyện Tư Nghĩa``."""
        return f"{self.type_label.lower()} {self.name}"

    def valid_on(self, day: dt.date | None) -> bool:
        if day is None:
            return True
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class Scope:
    """What a report covers: the whole province or one unit."""

    kind: str  # "province", "district" or "commune"
    name: str
    type_label: str
    slug: str
    code: str
    unit: Unit | None = None

    @property
    def is_province(self) -> bool:
        return self.kind == "province"

    @property
    def full_name(self) -> str:
        return f"tỉnh {self.name}" if self.unit is None else self.unit.full_name


class UnitResolver:
    """Matches names to units: bare name, name with its type word or an
    abbreviation (``TP. Quảng Ngãi``), or an alias; case- and
    tone-placement-insensitive; restricted to units valid on a date."""

    def __init__(self, units: list[Unit]):
        self.units = units
        types = contract().lists["unit_type"].values
        # (folded prefix, type code), longest first so "thành phố" beats "tp".
        self._prefixes = sorted(
            ((fold(p), t.code) for t in types for p in (t.label, *t.prefixes)),
            key=lambda pair: -len(pair[0]),
        )
        self._names: dict[str, list[Unit]] = {}
        for u in units:
            for spelling in {u.name, *u.aliases}:
                self._names.setdefault(fold(spelling), []).append(u)
        self._display = {fold(u.name): u.name for u in units}

    def _split_prefix(self, folded: str) -> tuple[str | None, str]:
        for prefix, type_code in self._prefixes:
            if folded.startswith(prefix):
                rest = folded[len(prefix) :].lstrip(" .")
                if rest and (prefix.endswith(".") or folded[len(prefix)] in " ."):
                    return type_code, rest
        return None, folded

    def candidates(self, name: str, day: dt.date | None = None) -> list[Unit]:
        folded = fold(name)
        found = list(self._names.get(folded, []))
        type_code, rest = self._split_prefix(folded)
        if type_code is not None:
            found += [u for u in self._names.get(rest, []) if u.type_code == type_code]
        unique = {u.code: u for u in found}
        return [u for u in unique.values() if u.valid_on(day)]

    def resolve(self, name: str, day: dt.date | None = None) -> Unit | None:
        """The one unit the name means on ``day``; None when none or several."""
        found = self.candidates(name, day)
        return found[0] if len(found) == 1 else None

    def suggestions(self, name: str, day: dt.date | None = None) -> list[str]:
        folded = fold(name)
        _, rest = self._split_prefix(folded)
        pool = {fold(u.name): u.full_name for u in self.units if u.valid_on(day)}
        return closest(rest, pool) or closest(folded, pool)

    def by_code(self, code: str) -> Unit:
        return next(u for u in self.units if u.code == code)


def units_from_frame(frame: pd.DataFrame) -> list[Unit]:
    types = {v.code: v for v in contract().lists["unit_type"].values}
    out = []
    for row in frame.itertuples(index=False):
        t = types[row.unit_type]
        text = row.aliases if isinstance(row.aliases, str) else ""
        aliases = tuple(a.strip() for a in text.split(";") if a.strip())
        out.append(
            Unit(
                code=row.unit_code,
                name=row.unit_name,
                type_code=t.code,
                type_label=t.label,
                level=t.level or "district",
                parent_code=row.parent_code if isinstance(row.parent_code, str) else None,
                aliases=aliases,
                valid_from=_day(row.valid_from),
                valid_to=_day(row.valid_to),
                former_province=getattr(row, "former_province", None) or None,
            )
        )
    return out


def _day(value) -> dt.date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def province_scope(province_name: str) -> Scope:
    return Scope(kind="province", name=province_name, type_label="Tỉnh", slug="tinh", code="tinh")


def unit_scope(unit: Unit, all_units: list[Unit], day: dt.date | None) -> Scope:
    """A unit's scope; its slug takes the type word where two units valid on
    ``day`` share the name (``xa-binh-son``)."""
    twins = [u for u in all_units if fold(u.name) == fold(unit.name) and u.valid_on(day)]
    slug = slugify(unit.name) if len(twins) <= 1 else slugify(f"{unit.type_label} {unit.name}")
    return Scope(
        kind=unit.level,
        name=unit.name,
        type_label=unit.type_label,
        slug=slug,
        code=unit.code,
        unit=unit,
    )
