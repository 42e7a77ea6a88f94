"""The input contract, read from ``contract.yaml``: the one declaration of every
sheet, column, type and closed list that the loader, the validator, the
template writer and the docs share."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from ocoplib.text import fold

COLUMN_TYPES = ("text", "integer", "number", "date", "bool", "list", "unit")


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
        table: dict[str, str] = {}
        for v in self.values:
            for spelling in (v.code, v.label, *v.accept):
                table[fold(spelling)] = v.code
        return table

    def legacy_lookup(self) -> dict[str, str]:
        return {fold(name): code for name, code in self.legacy.items()}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    type: str
    required: bool = False
    list: str | None = None
    min: float | None = None
    max: float | None = None
    ref: str | None = None
    help: str | None = None
    example: str | None = None


@dataclass(frozen=True)
class Sheet:
    key: str
    alias: str
    title: str
    help: str
    columns: tuple[Column, ...]
    unique: tuple[str, ...] = ()

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class Contract:
    sheets: tuple[Sheet, ...]
    lists: dict[str, ClosedList]
    indicators: dict[str, str]
    statuses: dict[str, str]
    province_scope_names: tuple[str, ...]
    front_matter: tuple[dict, ...]
    sections: tuple[dict, ...]

    def sheet(self, key: str) -> Sheet:
        return next(s for s in self.sheets if s.key == key)


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
        columns = tuple(Column(**c) for c in s["columns"])
        for c in columns:
            if c.type not in COLUMN_TYPES:
                raise ValueError(f"contract: column {s['key']}.{c.key} has unknown type {c.type}")
            if c.type == "list" and c.list not in lists:
                raise ValueError(f"contract: column {s['key']}.{c.key} names unknown list {c.list}")
        sheets.append(
            Sheet(
                key=s["key"],
                alias=s["alias"],
                title=s["title"],
                help=s["help"],
                columns=columns,
                unique=tuple(s.get("unique", ())),
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
    )


@cache
def contract() -> Contract:
    """The contract shipped with this version of ocoplib."""
    text = Path(__file__).with_name("contract.yaml").read_text(encoding="utf-8")
    return _parse(yaml.safe_load(text))
