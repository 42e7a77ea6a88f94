"""The input contract, read from ``contract.yaml``: the one declaration of every
sheet, column, type and closed list that the loader, the validator, the
template writer and the docs share."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import yaml

from ocoplib.base.text import fold

COLUMN_TYPES = ("text", "integer", "number", "date", "bool", "list", "unit")
UNIT_LEVELS = ("district", "commune")
CHOICES = ("scope", "indicators")


@dataclass(frozen=True)
class ListValue:
    code: str
    label: str
    accept: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    level: str | None = None


@dataclass(frozen=True)
class ClosedList:
    key: str
    label: str
    values: tuple[ListValue, ...]
    legacy: dict[str, str] = field(default_factory=dict)

    def label_of(self, code: str) -> str:
        return next(v.label for v in self.values if v.code == code)

    @property
    def codes(self) -> list[str]:
        return [v.code for v in self.values]

    def lookup(self) -> dict[str, str]:
        """Folded spelling → code, for the code, the label and every accepted form."""
        return self._lookup

    def legacy_lookup(self) -> dict[str, str]:
        return self._legacy_lookup

    # Built once: the loader looks a value up on every row.
    @cached_property
    def _lookup(self) -> dict[str, str]:
        table: dict[str, str] = {}
        for v in self.values:
            for spelling in (v.code, v.label, *v.accept):
                table[fold(spelling)] = v.code
        return table

    @cached_property
    def _legacy_lookup(self) -> dict[str, str]:
        return {fold(name): code for name, code in self.legacy.items()}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    type: str
    required: bool = False
    required_unless: str | None = None  # not required when this other column has a value
    list: str | None = None
    min: float | None = None
    max: float | None = None
    ref: str | None = None
    help: str | None = None
    example: str | None = None
    level: str | None = None  # unit columns: the level of the units named
    choices: str | None = None  # text columns: suggested values (see CHOICES)

    def range_text(self, lang: str = "en") -> str:
        """A number column's range with a leading space (`` từ 0 đến 100``); empty if none."""
        vi = lang == "vi"
        if self.min is not None and self.max is not None:
            return (
                f" từ {self.min:g} đến {self.max:g}"
                if vi
                else f" from {self.min:g} to {self.max:g}"
            )
        if self.min is not None:
            return f" không nhỏ hơn {self.min:g}" if vi else f" of at least {self.min:g}"
        return ""


@dataclass(frozen=True)
class Sheet:
    key: str
    alias: str
    title: str
    help: str
    columns: tuple[Column, ...]
    unique: tuple[str, ...] = ()
    identity_keys: tuple[str, ...] = ()

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def identity(self) -> tuple[str, ...]:
        """The columns that make two rows the same row (for consolidation)."""
        return self.identity_keys or self.unique


@dataclass(frozen=True)
class Contract:
    sheets: tuple[Sheet, ...]
    lists: dict[str, ClosedList]
    indicators: dict[str, str]
    statuses: dict[str, str]
    province_scope_names: tuple[str, ...]
    front_matter: tuple[dict, ...]
    sections: tuple[dict, ...]
    types: dict[str, str] = field(default_factory=dict)  # column type → Vietnamese name
    tool_sheets: dict[str, str] = field(default_factory=dict)  # name → what it holds

    def sheet(self, key: str) -> Sheet:
        return next(s for s in self.sheets if s.key == key)

    def find_sheet(self, name: str) -> Sheet | None:
        """The data sheet a sheet name means (its key or alias, folded), or None."""
        folded = fold(name)
        return next((s for s in self.sheets if folded in (fold(s.key), fold(s.alias))), None)

    def is_tool_sheet(self, name: str) -> bool:
        """A sheet that the template, the validator or the merge writes beside the data."""
        return fold(name) in {fold(n) for n in self.tool_sheets}


def _parse(raw: dict) -> Contract:
    lists = {
        key: ClosedList(
            key=key,
            label=spec["label"],
            values=tuple(
                ListValue(
                    code=v["code"],
                    label=v["label"],
                    accept=tuple(v.get("accept", ())),
                    prefixes=tuple(v.get("prefixes", ())),
                    level=v.get("level"),
                )
                for v in spec["values"]
            ),
            legacy=dict(spec.get("legacy", {})),
        )
        for key, spec in raw["closed_lists"].items()
    }
    sheets = []
    for s in raw["sheets"]:
        columns = tuple(
            Column(**{**c, "example": None if c.get("example") is None else str(c["example"])})
            for c in s["columns"]
        )
        for c in columns:
            if c.type not in COLUMN_TYPES:
                raise ValueError(f"contract: column {s['key']}.{c.key} has unknown type {c.type}")
            if c.type == "list" and c.list not in lists:
                raise ValueError(f"contract: column {s['key']}.{c.key} names unknown list {c.list}")
            if c.level is not None and (c.type != "unit" or c.level not in UNIT_LEVELS):
                raise ValueError(f"contract: column {s['key']}.{c.key} has a bad level {c.level}")
            if c.choices is not None and c.choices not in CHOICES:
                raise ValueError(f"contract: column {s['key']}.{c.key} has bad choices")
        sheets.append(
            Sheet(
                key=s["key"],
                alias=s["alias"],
                title=s["title"],
                help=s["help"],
                columns=columns,
                unique=tuple(s.get("unique", ())),
                identity_keys=tuple(s.get("identity", ())),
            )
        )
    return Contract(
        sheets=tuple(sheets),
        lists=lists,
        indicators=dict(raw["indicators"]),
        statuses=dict(raw["statuses"]),
        province_scope_names=tuple(raw["province_scope_names"]),
        front_matter=tuple(raw["report_text"]["front_matter"]),
        sections=tuple(raw["report_text"]["sections"]),
        types=dict(raw.get("types", {})),
        tool_sheets=dict(raw.get("tool_sheets", {})),
    )


@cache
def contract() -> Contract:
    """The contract shipped with this version of ocoplib."""
    text = Path(__file__).with_name("contract.yaml").read_text(encoding="utf-8")
    return _parse(yaml.safe_load(text))
