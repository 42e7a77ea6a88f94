"""results.json: machine-readable figures, written so that two runs on the
same inputs give the same bytes (sorted keys, UTF-8, NFC)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

SCHEMA = "ocop-results/1"


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
