"""What to tell the user when a report asks for units its cut-off date does
not have: a unit that existed before that date or exists only after it (with
the units that took over its area, or those it was made of), and a year for
which sheet dia_ban has no unit at all. The facts come from
:mod:`ocoplib.domain.units`; this module only words them."""

from __future__ import annotations

import datetime as dt

from ocoplib.base.i18n import gettext as _
from ocoplib.base.problems import InputError, parameter_error
from ocoplib.base.vnformat import date

#: At most this many units are named as successors or predecessors.
NAMED = 8


def _names(names: list[str]) -> str:
    return ", ".join(names[:NAMED]) + (", …" if len(names) > NAMED else "")


def unit_ended(name: str, unit: str, day: dt.date, end: dt.date, after: list[str]) -> InputError:
    """``unit`` (as prose writes it) existed until ``end``, before the cut-off ``day``;
    ``after``: the units of ``day`` that took over its area."""
    expected = _(
        "a unit that exists on {day}, the report's cut-off date; {unit} existed until {end}"
    )
    if end.year == day.year:
        instead = _("or for a cut-off date up to {end}")
    else:
        instead = _("or for a year up to {year}")
    if after:
        what = _("after {end} its area belongs to {units}: ask for one of them, {instead}")
    else:
        what = _("ask for a unit that exists on {day}, {instead}")
    values = {"day": date(day), "unit": unit, "end": date(end), "units": _names(after)}
    values["instead"] = instead.format(end=date(end), year=end.year)
    return parameter_error("scope", name, expected.format(**values), what.format(**values))


def unit_not_yet(
    name: str, unit: str, day: dt.date, start: dt.date, before: list[str]
) -> InputError:
    """``unit`` exists from ``start``, after the cut-off ``day``; ``before``:
    the units of ``day`` whose area went into it."""
    expected = _(
        "a unit that exists on {day}, the report's cut-off date; {unit} exists from {start}"
    )
    if start.year == day.year:
        instead = _("or for a cut-off date from {start} on")
    else:
        instead = _("or for a year from {year} on")
    if before:
        what = _("before {start} its area belonged to {units}: ask for one of them, {instead}")
    else:
        what = _("ask for a unit that exists on {day}, {instead}")
    values = {"day": date(day), "unit": unit, "start": date(start), "units": _names(before)}
    values["instead"] = instead.format(start=date(start), year=start.year)
    return parameter_error("scope", name, expected.format(**values), what.format(**values))


def no_units(
    year: int,
    day: dt.date,
    first: dt.date | None,
    last: dt.date | None,
    columns: tuple[str, str],
) -> InputError:
    """No unit of sheet dia_ban is valid on ``day``; its units exist from
    ``first`` to ``last`` (None: without a limit on that side)."""
    expected = _(
        "a year with administrative units in sheet dia_ban: none is valid on {day}, "
        "the report's cut-off date"
    ).format(day=date(day))
    if first is not None and last is not None:
        covered = _("its units exist from {first} to {last}")
    elif first is not None:
        covered = _("its units exist from {first} on")
    else:
        covered = _("its units exist until {last}")
    what = _(
        "{covered}: choose a year (or a cut-off date) they cover, or enter the units of "
        "{year} in sheet dia_ban with their dates (columns {start}, {end})"
    ).format(
        covered=covered.format(first=date(first), last=date(last)),
        year=year,
        start=columns[0],
        end=columns[1],
    )
    return parameter_error("year", year, expected, what)
