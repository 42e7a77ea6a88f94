"""Administrative units (sheet dia_ban): resolving names as people write them,
by date, and the scope of a report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ocoplib.base.contract import contract
from ocoplib.base.problems import closest
from ocoplib.base.text import fold, slugify, sort_key
from ocoplib.domain import scope_errors


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
    successors: tuple[str, ...] = ()  # for a unit that ended: the units that took it over

    @property
    def is_former_commune(self) -> bool:
        return self.level == "commune" and self.valid_to is not None

    @property
    def full_name(self) -> str:
        """The name with its type word, as prose writes it: ``huyện Tư Nghĩa``."""
        return f"{self.type_label.lower()} {self.name}"

    def valid_in(self, year: int) -> bool:
        """Valid on at least one day of ``year``."""
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return (self.valid_from is None or self.valid_from <= end) and (
            self.valid_to is None or start <= self.valid_to
        )

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
    #: For a province before a merger of provinces: the codes of its own units
    #: (rows of units of the other former province are not its own yet). None: all.
    #: For a unit: its code and those of the former units it took over on the day.
    members: frozenset | None = None
    #: For a unit: the former units it took over in part (split between several):
    #: their products are its own where their address is.
    shared: frozenset = frozenset()

    @property
    def is_province(self) -> bool:
        return self.kind == "province"

    @property
    def full_name(self) -> str:
        return f"tỉnh {self.name}" if self.unit is None else self.unit.full_name


@dataclass(frozen=True)
class ReportScope:
    """A report's scope resolved once for a run: the scope, the cut-off day,
    the province's name and the year, with the slug and title derived."""

    scope: Scope
    day: dt.date
    province_name: str
    year: int

    @property
    def slug(self) -> str:
        return self.scope.slug

    @property
    def title(self) -> str:
        return f"Báo cáo OCOP {self.province_name} {self.year} – {self.scope.full_name}"


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

    def matches(self, name: str) -> list[Unit]:
        """Every unit the spelling names, whatever the date."""
        folded = fold(name)
        found = list(self._names.get(folded, []))
        type_code, rest = self._split_prefix(folded)
        if type_code is not None:
            found += [u for u in self._names.get(rest, []) if u.type_code == type_code]
        return list({u.code: u for u in found}.values())

    def candidates(self, name: str, day: dt.date | None = None) -> list[Unit]:
        valid = [u for u in self.matches(name) if u.valid_on(day)]
        if day is None:  # without a date, a name never means a former commune
            current = [u for u in valid if not u.is_former_commune]
            valid = current or valid
        return valid

    def resolve(self, name: str, day: dt.date | None = None) -> Unit | None:
        """The one unit the name means on ``day``; None when none or several."""
        found = self.candidates(name, day)
        return found[0] if len(found) == 1 else None

    def suggestions(self, name: str, day: dt.date | None = None) -> list[str]:
        """The closest names of the units of ``day``; of the type the name
        writes in front (``huyện …``) first, when any is close."""
        folded = fold(name)
        type_code, rest = self._split_prefix(folded)
        valid = [u for u in self.units if u.valid_on(day)]
        typed = {fold(u.name): u.full_name for u in valid if u.type_code == type_code}
        pool = {fold(u.name): u.full_name for u in valid}
        return closest(rest, typed) or closest(rest, pool) or closest(folded, pool)

    def by_code(self, code: str) -> Unit:
        return next(u for u in self.units if u.code == code)

    def unique_name(
        self, unit: Unit, start: dt.date | None = None, end: dt.date | None = None
    ) -> str:
        """The shortest spelling that names ``unit`` alone on every day from
        ``start`` to ``end`` on which it is valid (without either, on any
        day, as for a row without a date): its name, its name with its type
        word, or an alias with and without the type word (the name with its
        district, where two units share name and type); the name with its
        type word where none does."""
        typed = f"{unit.type_label} {unit.name}"
        spellings = (
            unit.name,
            typed,
            *(f"{unit.type_label} {a}" for a in unit.aliases),
            *unit.aliases,
        )
        for spelling in spellings:
            others = [
                u
                for u in self.matches(spelling)
                if (start is None and end is None) or _overlap(u, unit, start, end)
            ]
            if [u.code for u in others] == [unit.code]:
                return spelling
        return typed


def _overlap(a: Unit, b: Unit, start: dt.date | None, end: dt.date | None) -> bool:
    """Whether ``a`` and ``b`` are both valid on a day from ``start`` to ``end``."""
    firsts = [d for d in (start, a.valid_from, b.valid_from) if d is not None]
    lasts = [d for d in (end, a.valid_to, b.valid_to) if d is not None]
    return not firsts or not lasts or max(firsts) <= min(lasts)


def units_from_frame(frame: pd.DataFrame) -> list[Unit]:
    types = {v.code: v for v in contract().lists["unit_type"].values}
    out = []
    for row in frame.itertuples(index=False):
        t = types[row.unit_type]
        aliases = _codes(row.aliases)
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
                successors=_codes(getattr(row, "successor_code", None)),
            )
        )
    return out


def _codes(text) -> tuple[str, ...]:
    """A ``;``-separated cell as its parts."""
    text = text if isinstance(text, str) else ""
    return tuple(a.strip() for a in text.split(";") if a.strip())


def successors_on(code: str | None, by_code: dict[str, Unit], day: dt.date) -> tuple[str, ...]:
    """The units valid on ``day`` that a unit is, or that took it over (its
    successor codes followed until units of that day): one code, several
    when it was split, none when its successors are not recorded."""
    out: list[str] = []
    todo, seen = [code], set()
    while todo:
        unit = by_code.get(todo.pop(0))
        if unit is None or unit.code in seen:
            continue
        seen.add(unit.code)
        if unit.valid_on(day):
            out.append(unit.code)
        else:
            todo += list(unit.successors)
    return tuple(dict.fromkeys(out))


def taken_over(
    unit: Unit, all_units: list[Unit], day: dt.date | None
) -> tuple[frozenset, frozenset]:
    """(every unit whose rows are ``unit``'s on ``day``: itself and the former
    units it took over; those of them it took over only in part)."""
    if day is None:
        return frozenset({unit.code}), frozenset()
    by_code = {u.code: u for u in all_units}
    members, shared = {unit.code}, set()
    for u in all_units:
        found = successors_on(u.code, by_code, day) if not u.valid_on(day) else ()
        if unit.code in found:
            members.add(u.code)
            if len(found) > 1:
                shared.add(u.code)
    return frozenset(members), frozenset(shared)


def _day(value) -> dt.date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def former_province(code: str | None, by_code: dict[str, Unit]) -> str | None:
    """The province a unit belonged to before a merger of provinces: its own
    ``former_province``, else its parent's; None when it was always this one's."""
    unit = by_code.get(code)
    while unit is not None:
        if unit.former_province:
            return unit.former_province
        unit = by_code.get(unit.parent_code)
    return None


def area_change(units: list[Unit]) -> dt.date | None:
    """When the province's area changed by a merger of provinces: the first day
    of the units that replaced those of the former provinces (None: never)."""
    if not any(u.former_province for u in units):
        return None
    starts = [u.valid_from for u in units if u.valid_from is not None]
    return min(starts) if starts else None


def own_units(units: list[Unit], day: dt.date | None) -> list[Unit]:
    """Units that are the province's on ``day``: before a merger, the units of
    the other former province are not."""
    change = area_change(units)
    if change is None or (day is not None and day >= change):
        return list(units)
    by_code = {u.code: u for u in units}
    return [u for u in units if former_province(u.code, by_code) is None]


def province_scope(
    province_name: str, units: list[Unit] | None = None, day: dt.date | None = None
) -> Scope:
    members = None
    if units is not None:
        own = own_units(units, day)
        if len(own) < len(units):
            members = frozenset(u.code for u in own)
    return Scope(
        kind="province",
        name=province_name,
        type_label="Tỉnh",
        slug="tinh",
        code="tinh",
        members=members,
    )


def unit_scope(unit: Unit, all_units: list[Unit], day: dt.date | None) -> Scope:
    """A unit's scope. Its slug is the ASCII name (``tu-nghia``); where two units
    valid on ``day`` would share it, the type word comes first (``xa-binh-son``),
    and where they still would (``Sơn Hà`` and ``Sơn Hạ``), the unit code last."""
    valid = [u for u in all_units if u.valid_on(day)]
    slug = slugify(unit.name)
    if sum(1 for u in valid if slugify(u.name) == slug) > 1:
        slug = slugify(f"{unit.type_label} {unit.name}")
        if sum(1 for u in valid if slugify(f"{u.type_label} {u.name}") == slug) > 1:
            slug = f"{slug}-{slugify(unit.code)}"
    members, shared = taken_over(unit, all_units, day)
    return Scope(
        kind=unit.level,
        name=unit.name,
        type_label=unit.type_label,
        slug=slug,
        code=unit.code,
        unit=unit,
        members=members,
        shared=shared,
    )


def child_level(units: list[Unit], day: dt.date) -> str:
    """The level just below the province on ``day``: districts while the
    province's own units include any, communes after the 2025 reorganisation."""
    own = [u for u in own_units(units, day) if u.valid_on(day)]
    return "district" if any(u.level == "district" for u in own) else "commune"


def resolve_scope(name: str, units: list[Unit], province_name: str, day: dt.date) -> Scope:
    """A scope from a name as people write it (``TP Quảng Ngãi``, ``huyện Tư
    Nghĩa``, a slug such as ``tu-nghia``, or ``tinh`` for the province), among
    the units valid on ``day``. Raises InputError with the closest names."""
    from ocoplib.base.problems import parameter_error, suggest
    from ocoplib.base.vnformat import date

    if fold(name) in {fold(n) for n in (*contract().province_scope_names, "tinh", "toàn tỉnh")}:
        return province_scope(province_name, units, day)
    resolver = UnitResolver(units)
    found = resolver.candidates(name, day)
    if not found:  # a slug, as output folders are named
        slug = slugify(name)
        found = [
            u
            for u in units
            if u.valid_on(day) and slug in (slugify(u.name), unit_scope(u, units, day).slug)
        ]
    if len(found) == 1:
        return unit_scope(found[0], units, day)
    if not found and (elsewhere := _other_dates(name, resolver, units, day)) is not None:
        raise elsewhere
    if found:
        expected = (
            "one unit; the name matches "
            + " and ".join(u.full_name for u in found)
            + "; write the type word in front",
            "một đơn vị; tên này trùng với "
            + " và ".join(u.full_name for u in found)
            + ": ghi loại đơn vị trước tên (huyện, xã, TP. …)",
        )
        raise parameter_error("scope", name, expected)
    raise parameter_error(
        "scope",
        name,
        (
            f"'tinh' or an administrative unit of sheet dia_ban valid on {date(day)}",
            f"'tinh' (toàn tỉnh) hoặc một đơn vị hành chính của trang dia_ban "
            f"có hiệu lực ngày {date(day)}",
        ),
        suggest(resolver.suggestions(name, day)),
    )


def _other_dates(name: str, resolver: UnitResolver, units: list[Unit], day: dt.date):
    """The InputError for a name of a unit that exists, but not on ``day``:
    when it existed and what to ask for instead (its successors after a
    merger, the units it was made of before); None when no unit has the name."""
    slug = slugify(name)
    found = resolver.matches(name) or [u for u in units if slugify(u.name) == slug]
    if not found:
        return None
    unit = min(found, key=lambda u: _days_away(u, day))
    by_code = {u.code: u for u in units}
    if unit.valid_to is not None and unit.valid_to < day:
        after = [by_code[c] for c in successors_on(unit.code, by_code, day)]
        names = [u.full_name for u in sorted(after, key=_by_level_and_name)]
        return scope_errors.unit_ended(name, unit.full_name, day, unit.valid_to, names)
    start = unit.valid_from or day
    before = [
        u for u in units if u.valid_on(day) and unit.code in successors_on(u.code, by_code, start)
    ]
    names = [u.full_name for u in sorted(before, key=_by_level_and_name)]
    return scope_errors.unit_not_yet(name, unit.full_name, day, start, names)


def _days_away(unit: Unit, day: dt.date) -> int:
    if unit.valid_from is not None and unit.valid_from > day:
        return (unit.valid_from - day).days
    if unit.valid_to is not None and unit.valid_to < day:
        return (day - unit.valid_to).days
    return 0


def _by_level_and_name(unit: Unit):
    return (unit.level != "district", sort_key(unit.name))


def require_units(units: list[Unit], day: dt.date, year: int) -> None:
    """A report needs the units of its day: raise InputError naming the year
    and the dates sheet dia_ban covers when no unit is valid on ``day``. A
    sheet without any unit is a province just started (``ocop init``): its
    report renders with zero figures, so that the office sees the form."""
    if not units or any(u.valid_on(day) for u in units):
        return
    firsts, lasts = [u.valid_from for u in units], [u.valid_to for u in units]
    sheet = contract().sheet("dia_ban")
    raise scope_errors.no_units(
        year,
        day,
        None if None in firsts else min(firsts, default=None),
        None if None in lasts else max(lasts, default=None),
        (sheet.column("valid_from").label, sheet.column("valid_to").label),
    )


def report_place(
    year: int, as_of: dt.date | None, meta: dict, province: str
) -> tuple[dt.date, str]:
    """(cut-off day, province name) of a report: the run's ``as_of``, else the
    report text's, else 31/12; the text's ``ten_tinh``, else the province slug."""
    day = as_of or meta.get("as_of") or dt.date(year, 12, 31)
    day = day.date() if isinstance(day, dt.datetime) else day
    return day, meta.get("ten_tinh") or province


def report_scope(
    name: str,
    units: list[Unit],
    year: int,
    meta: dict,
    province: str,
    as_of: dt.date | None = None,
) -> ReportScope:
    """Resolve a report's scope once: ``name`` as people write it (or a slug),
    on the cut-off day, in the province named by the report text's
    ``ten_tinh`` (else its slug ``province``). Raises InputError."""
    day, province_name = report_place(year, as_of, meta, province)
    require_units(units, day, year)
    return ReportScope(resolve_scope(name, units, province_name, day), day, province_name, year)
