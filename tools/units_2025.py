"""Write ``tools/units_2025.csv``: the commune-level units (xã, phường, đặc
khu) of Quảng Ngãi province as it stands from 01/07/2025, after the district
level was abolished and Kon Tum merged into Quảng Ngãi.

Source of the names and codes: the PyPI package ``vietnamadminunits``
(version 1.0.4, https://pypi.org/project/vietnamadminunits/), its SQLite
data set (table ``admin_units``: the 34-province units from 01/07/2025;
table ``admin_units_legacy``: the 63-province units before) and its
old-to-new mapping ``converter_2025.json`` (which old communes make up each
new one). The unit codes are the codes of the national list of
administrative units (General Statistics Office), which the package
carries. The names are cross-checked against the PyPI package
``vietnam-provinces`` (version 2025.10.1) when it is installed; a different
spelling there becomes an alias.

The former district of a new commune is the district (of the 13 of Quảng
Ngãi or the 10 of Kon Tum, before 01/07/2025) that most of its old
communes belonged to; an old commune split between several new ones
counts half. Ties go to the district of the old commune that shares the
new commune's name, else to the lowest district code.

This script runs once, by hand, when the sample data is prepared. The
project does not need the packages at run time: ``tools/make_sample.py``
reads the CSV. Run it in a throwaway environment::

    python3 -m venv /tmp/vnunits
    /tmp/vnunits/bin/pip install vietnamadminunits==1.0.4 vietnam-provinces==2025.10.1
    /tmp/vnunits/bin/python tools/units_2025.py

Columns of the CSV (UTF-8, NFC, comma-separated, one header row):

* ``code``: the unit code (5 digits);
* ``name``: the name without its type word (``Bình Sơn``);
* ``type``: ``Xã``, ``Phường`` or ``Đặc khu``;
* ``former_district``: the code of the former district (see above);
* ``former_province``: ``Quảng Ngãi`` or ``Kon Tum`` (of the former district);
* ``aliases``: other spellings, ``;``-separated (``Đắk`` for ``Đăk``);
* ``formed_from``: the old communes (or the whole former island district)
  that make it up, as ``Xã Nghĩa Kỳ (528)``, ``;``-separated; an old commune
  split between new ones is marked ``(một phần)``;
* ``formed_from_codes``: their codes, in the same order (the commune code
  of the national list, or the district code of a former district taken
  over whole).
"""

from __future__ import annotations

import csv
import importlib.metadata
import io
import json
import re
import sqlite3
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import vietnamadminunits

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tools" / "units_2025.csv"
DATA = Path(vietnamadminunits.__file__).parent / "data"

PROVINCE = "Quảng Ngãi"
OLD_PROVINCES = {"tinhquangngai": "Quảng Ngãi", "tinhkontum": "Kon Tum"}
NEW_KEY = "tinhquangngai"
# The district codes the sample workbook carries (sheet dia_ban).
QUANG_NGAI_DISTRICTS = {
    "522", "524", "525", "527", "528", "529", "530", "531", "532", "533", "534", "535", "536",
}  # fmt: skip
KON_TUM_DISTRICTS = {"608", "610", "611", "612", "613", "614", "615", "616", "617", "618"}
TYPES = {"Xã", "Phường", "Đặc khu"}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def variants(name: str) -> list[str]:
    """Other spellings in common use: Kon Tum writes both ``Đăk`` and ``Đắk``."""
    out = []
    if "Đăk" in name:
        out.append(name.replace("Đăk", "Đắk"))
    if "Đắk" in name:
        out.append(name.replace("Đắk", "Đăk"))
    return out


def unique_spellings(names: list[str], name: str) -> list[str]:
    """The names in order, without repeats or the unit's own name, ignoring case."""
    seen = {name.casefold()}
    out = []
    for n in names:
        if n.casefold() not in seen:
            seen.add(n.casefold())
            out.append(n)
    return out


def main() -> None:
    db = sqlite3.connect(DATA / "dataset.db")
    db.row_factory = sqlite3.Row
    new = [
        dict(r)
        for r in db.execute(
            "SELECT wardCode, ward, wardShort, wardType, wardKey FROM admin_units "
            "WHERE provinceShort = ? ORDER BY wardCode",
            (PROVINCE,),
        )
    ]
    old = {}
    districts = {}
    for r in db.execute(
        "SELECT provinceKey, districtKey, wardKey, districtCode, district, ward, wardCode "
        "FROM admin_units_legacy WHERE provinceKey IN (?, ?)",
        tuple(OLD_PROVINCES),
    ):
        old[f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"] = dict(r)
        districts[f"{r['provinceKey']}_{r['districtKey']}_"] = dict(r, ward=None)
        districts[r["districtCode"]] = dict(r)
    found = {c for c in districts if c.isdigit()}
    assert found == QUANG_NGAI_DISTRICTS | KON_TUM_DISTRICTS, sorted(found)

    mapping = json.loads((DATA / "converter_2025.json").read_text(encoding="utf-8"))
    whole = mapping["DICT_PROVINCE_WARD_NO_DIVIDED"][NEW_KEY]
    split = mapping["DICT_PROVINCE_WARD_DIVIDED"].get(NEW_KEY, {})
    parts: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for new_key, old_keys in whole.items():
        parts[new_key] += [(k, 1.0) for k in old_keys]
    for old_key, targets in split.items():
        for t in targets:
            parts[t["newWardKey"]].append((old_key, 0.5))

    # Cross-check with vietnam-provinces, when present.
    other: dict[str, str] = {}
    try:
        import vietnam_provinces as vp

        tree = json.loads(Path(vp.NESTED_DIVISIONS_JSON_PATH).read_text(encoding="utf-8"))
        province = next(p for p in tree if p["name"] == PROVINCE)
        other = {str(w["code"]): nfc(w["name"]) for w in province["wards"]}
        assert set(other) == {r["wardCode"] for r in new}, "the two packages list other codes"
    except ImportError:
        pass

    rows = []
    for r in new:
        code, full, short, kind = r["wardCode"], nfc(r["ward"]), nfc(r["wardShort"]), r["wardType"]
        assert kind in TYPES, kind
        assert full == f"{kind} {short}", full
        weight: Counter = Counter()
        formed, codes = [], []
        same_name = None
        for old_key, w in parts[r["wardKey"]]:
            unit = old.get(old_key) or districts[old_key]
            weight[unit["districtCode"]] += w
            label = nfc(unit["ward"] or unit["district"])
            if unit["ward"] and label.split(" ", 1)[-1] == short:
                same_name = unit["districtCode"]
            formed.append(f"{label} ({unit['districtCode']})" + (" (một phần)" if w < 1 else ""))
            codes.append(unit["wardCode"] if unit["ward"] else unit["districtCode"])
        assert weight, code
        top = max(weight.values())
        best = sorted(c for c, w in weight.items() if w == top)
        former = same_name if same_name in best else best[0]
        aliases = variants(short)
        if other and other[code] != full:
            aliases.append(other[code].split(" ", len(kind.split()))[-1])
        rows.append(
            {
                "code": code,
                "name": short,
                "type": kind,
                "former_district": former,
                "former_province": "Kon Tum" if former in KON_TUM_DISTRICTS else PROVINCE,
                "aliases": ";".join(unique_spellings(aliases, short)),
                "formed_from": ";".join(formed),
                "formed_from_codes": ";".join(codes),
            }
        )

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    OUT.write_text(nfc(buffer.getvalue()) + "\n", encoding="utf-8")

    kinds = Counter(r["type"] for r in rows)
    by_province = Counter(r["former_province"] for r in rows)
    version = importlib.metadata.version("vietnamadminunits")
    print(f"vietnamadminunits {version}")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(rows)} units {dict(kinds)}, {dict(by_province)}")
    multi = [r for r in rows if len(set(re.findall(r"\((\d+)\)", r["formed_from"]))) > 1]
    print(f"{len(multi)} units formed from communes of more than one former district")
    for c in sorted(found):
        print(c, districts[c]["district"], sum(r["former_district"] == c for r in rows))


if __name__ == "__main__":
    main()
