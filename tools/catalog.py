"""The gettext catalog of the console's messages (see ocoplib/base/i18n.py).

    python tools/catalog.py update   # extract from ocoplib and click, update the .po
    python tools/catalog.py compile  # write the .mo beside the .po (setup runs this)
    python tools/catalog.py check    # exit 1 listing messages without a Vietnamese text

Messages are the English texts marked ``_()``/``N_()`` in ocoplib (its
Python files and the batch's index template, as ``babel.cfg`` maps them) and
click's own (``Usage:``, ``Missing option``…), which click shows in the
same language through ocoplib.base.i18n.install_for_click."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "ocoplib"
PO = PACKAGE / "base" / "locale" / "vi" / "LC_MESSAGES" / "ocop.po"
MAPPING = ROOT / "babel.cfg"
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
HEADER = (
    "# The Vietnamese of every message ocop prints: the English texts marked _() or N_()\n"
    "# in ocoplib, and click's own. `python tools/catalog.py update` adds new ones;\n"
    "# `python tools/catalog.py check` (and tests/test_i18n.py) lists any left empty."
)
#: The catalog's dates stay put, so that an update changes only what changed.
FIXED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
_FIELD = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)s")


def _mapping() -> tuple[list, dict]:
    """(method map, options map) of babel.cfg: which files, read how."""
    with MAPPING.open(encoding="utf-8") as fh:
        return parse_mapping_cfg(fh, filename=str(MAPPING))


def _extract(folder: Path, keywords, mapping=None) -> dict:
    method_map, options_map = mapping or ([("**.py", "python")], {})
    found: dict = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        folder, method_map=method_map, options_map=options_map, keywords=keywords
    ):
        key = message if isinstance(message, str) else tuple(message)
        found.setdefault(key, filename)
    return found


def messages() -> dict:
    """Every message to translate → where it was first found."""
    ours = {k: f"ocoplib/{v}" for k, v in _extract(PACKAGE, KEYWORDS, _mapping()).items()}
    theirs = _extract(Path(click.__file__).parent, {"_": None, "ngettext": (1, 2)})
    return {**{k: "click" for k in theirs}, **ours}


def read() -> Catalog:
    with PO.open("rb") as fh:
        return read_po(fh, locale="vi", domain="ocop")


def update() -> None:
    old = read() if PO.is_file() else Catalog(locale="vi", domain="ocop")
    new = Catalog(
        locale="vi",
        domain="ocop",
        project="ocoplib",
        header_comment=HEADER,
        creation_date=FIXED,
        revision_date=FIXED,
        last_translator="ocoplib",
        language_team="Tiếng Việt",
        fuzzy=False,
    )
    for msgid, source in sorted(messages().items(), key=lambda kv: (kv[1], str(kv[0]))):
        key = msgid if isinstance(msgid, str) else msgid[0]
        previous = old.get(key)
        string = (
            previous.string
            if previous is not None
            else ("", "")
            if isinstance(msgid, tuple)
            else ""
        )
        new.add(msgid, string, auto_comments=[source])
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as fh:
        write_po(fh, new, width=100, omit_header=False, sort_output=False, no_location=True)


def compile_() -> None:
    sys.path.insert(0, str(ROOT))
    from ocoplib.base.i18n import compile_catalog

    PO.with_suffix(".mo").write_bytes(compile_catalog(PO))


def problems() -> list[str]:
    """Messages without a Vietnamese text, and texts whose fields differ from the message's."""
    catalog = read()
    found = []
    for msgid, source in messages().items():
        key = msgid if isinstance(msgid, str) else msgid[0]
        entry = catalog.get(key)
        strings = (
            []
            if entry is None
            else (list(entry.string) if isinstance(entry.string, tuple) else [entry.string])
        )
        if entry is None or entry.fuzzy or not all(strings):
            found.append(f"{source}: no Vietnamese for {key!r}")
            continue
        # Vietnamese has one plural form: it is the English plural's text.
        fields = sorted(_FIELD.findall(msgid if isinstance(msgid, str) else msgid[1]))
        for s in strings:
            if sorted(_FIELD.findall(s)) != fields:
                found.append(f"{source}: fields of {s!r} differ from {key!r}")
    return found


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "check"
    if what == "update":
        update()
    elif what == "compile":
        compile_()
    else:
        missing = problems()
        print("\n".join(missing) or "every message has its Vietnamese text")
        sys.exit(1 if missing else 0)
