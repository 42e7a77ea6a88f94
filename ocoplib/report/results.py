"""results.json: machine-readable figures, written so that two runs on the
same inputs give the same bytes (sorted keys, UTF-8, NFC)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from ocoplib.report.provenance import provenance

if TYPE_CHECKING:
    from ocoplib.report.facts import Facts

SCHEMA = "ocop-results/1"


def results(facts: Facts) -> dict:
    """The content of results.json for the report."""
    scope = facts.scope
    fields = {"code": scope.code, "slug": scope.slug, "name": scope.name, "type": scope.type_label}
    parent = facts.area.get(scope.unit.parent_code if scope.unit else None)
    if parent is not None:
        fields["parent"] = parent.full_name + ("" if parent.valid_on(facts.as_of) else " (cũ)")
    return {
        "schema": SCHEMA,
        "province": facts.province_name,
        "year": facts.params.year,
        "as_of": facts.as_of.isoformat(),
        "scope": fields,
        "indicators": [i.to_json() for i in facts.indicators],
        "totals": facts.totals,
        # In Vietnamese whatever the console's language: the file is the same every run.
        "warnings": [p.text("vi") for p in facts.warnings],
        "provenance": provenance(facts),
    }


def _nfc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_nfc(v) for v in value]
    return value


def dumps(results: dict) -> str:
    return json.dumps(_nfc(results), ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def write_json(results: dict, path: Path) -> None:
    Path(path).write_text(dumps(results), encoding="utf-8")


def read_json(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))
