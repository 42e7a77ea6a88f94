"""``outputs/index.html``: the reviewers' landing page.

Every report under the output folder, grouped by province and year: its
status, key figures, links to its files, when and from which data it was
made, and the failures of the last batch with their messages. One
self-contained page (inline CSS and script, no network), sortable and
filterable, in the language in use (Vietnamese unless ``--lang en``: the
template's texts go through the catalog with Jinja's i18n extension); every
text from the data is escaped by Jinja.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ocoplib.base import formats, vnformat
from ocoplib.base.contract import contract
from ocoplib.base.files import write_text_atomic
from ocoplib.base.formats import RESULTS
from ocoplib.base.i18n import N_, language, ngettext
from ocoplib.base.i18n import gettext as _
from ocoplib.base.text import sort_key
from ocoplib.runs.run import FAILED_DIR

INDEX = "index.html"
TEMPLATES = Path(__file__).with_name("templates")
#: The plan indicator shown as "the main target" when a report has it.
MAIN_INDICATOR = "new_products"


class State(StrEnum):
    """A report's state on the index."""

    OK = "ok"
    FAILED = "failed"
    FAILED_KEPT = "failed_kept"  # the last run failed; the previous output is kept


STATUS = {
    State.OK: N_("Done"),
    State.FAILED: N_("Failed"),
    State.FAILED_KEPT: N_("Failed, previous output kept"),
}
#: A target's status as the index shows it; the Vietnamese is the contract's
#: (``statuses`` of contract.yaml, the report's words; tests/test_i18n.py checks it).
TARGET_STATUS = {
    "exceeded": N_("Exceeded"),
    "met": N_("Met"),
    "expected_met": N_("Expected to be met"),
    "not_met": N_("Not met"),
}


@dataclass
class Entry:
    """One scope of one year: its last good output and its last failure."""

    province: str
    year: int
    slug: str
    name: str = ""
    type_label: str = ""
    province_name: str = ""
    results: dict | None = None
    record: dict | None = None
    failure: dict | None = None
    made_at: str | None = None
    links: list[tuple[str, str]] = field(default_factory=list)

    @property
    def status(self) -> State:
        if self.failure is None:
            return State.OK
        return State.FAILED_KEPT if self.results is not None else State.FAILED

    @property
    def label(self) -> str:
        if self.slug == "tinh":
            return _("Whole province")
        return f"{self.type_label} {self.name}".strip() or self.slug

    @property
    def parent(self) -> str:
        """A commune's former district (after the 2025 reorganisation), for grouping."""
        return ((self.results or {}).get("scope") or {}).get("parent") or ""

    def totals(self, key: str):
        return (self.results or {}).get("totals", {}).get(key)

    @property
    def main(self) -> dict | None:
        indicators = (self.results or {}).get("indicators") or []
        chosen = next((i for i in indicators if i.get("code") == MAIN_INDICATOR), None)
        return chosen or (indicators[0] if indicators else None)

    @property
    def data(self) -> dict:
        """When and from which data the output was made."""
        source = (self.record or {}).get("inputs") or (
            (self.results or {}).get("provenance", {}).get("inputs") or []
        )
        files = [
            {"name": Path(i.get("path", "")).name, "sha": (i.get("sha256") or "")[:12]}
            for i in source
        ]
        as_of = (self.results or {}).get("as_of")
        return {"files": files, "as_of": _day(as_of), "made_by": self.made_by}

    @property
    def made_by(self) -> str:
        return "ocop batch" if self.record else "ocop report"


def _day(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return vnformat.date(dt.date.fromisoformat(iso[:10]))
    except ValueError:
        return iso


def _json(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _folders(path: Path):
    """Sub-folders that hold outputs: no hidden work folders, no ``_failed``."""
    if not path.is_dir():
        return []
    return sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def collect(output_dir: Path) -> list[Entry]:
    """Every scope folder and failure record under ``output_dir``."""
    entries: dict[tuple[str, int, str], Entry] = {}
    for province in _folders(output_dir):
        for year_dir in _folders(province):
            if not year_dir.name.isdigit():
                continue
            year = int(year_dir.name)
            for folder in _folders(year_dir):
                results = _json(folder / RESULTS)
                if results is None:
                    continue
                entry = Entry(province.name, year, folder.name, results=results)
                entry.record = _json(folder / "run.json")
                made = (entry.record or {}).get("made_at")
                if made is None:
                    stamp = (folder / RESULTS).stat().st_mtime
                    made = dt.datetime.fromtimestamp(stamp).astimezone().isoformat("T", "seconds")
                entry.made_at = made
                base = f"{quote(province.name)}/{year}/{quote(folder.name)}/"
                entry.links = _links(folder, base)
                scope = results.get("scope") or {}
                entry.name, entry.type_label = scope.get("name", ""), scope.get("type", "")
                entry.province_name = results.get("province", "")
                entries[(province.name, year, folder.name)] = entry
            for record in sorted((year_dir / FAILED_DIR).glob("*.json")):
                failure = _json(record)
                if failure is None:
                    continue
                key = (province.name, year, record.stem)
                entry = entries.get(key) or Entry(province.name, year, record.stem)
                scope = failure.get("scope") or {}
                entry.name = entry.name or scope.get("name", "")
                entry.type_label = entry.type_label or scope.get("type", "")
                entry.failure = failure
                if failure.get("notebook"):
                    failure["link"] = (
                        f"{quote(province.name)}/{year}/{FAILED_DIR}/{quote(failure['notebook'])}"
                    )
                entries[key] = entry
    return list(entries.values())


def groups(entries: list[Entry]) -> list[dict]:
    """Provinces, then years (latest first), then the province before its units."""
    out: dict[str, dict] = {}
    for e in entries:
        g = out.setdefault(e.province, {"slug": e.province, "name": "", "years": {}})
        g["name"] = g["name"] or e.province_name
        g["years"].setdefault(e.year, []).append(e)
    for g in out.values():
        g["name"] = g["name"] or g["slug"]
        g["years"] = [
            {
                "year": year,
                "entries": sorted(
                    rows,
                    key=lambda e: (
                        e.slug != "tinh",
                        sort_key(e.parent),  # communes grouped by their former district
                        sort_key(e.name or e.slug),
                    ),
                ),
            }
            for year, rows in sorted(g["years"].items(), reverse=True)
        ]
    return sorted(out.values(), key=lambda g: sort_key(g["name"]))


def environment() -> Environment:
    """The index's Jinja environment: autoescaped, its texts through the catalog."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # {% trans %} blocks are one line in the catalog (tools/catalog.py extracts them so).
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(gettext=_, ngettext=ngettext, newstyle=True)
    env.filters.update(count=vnformat.count, number=vnformat.number, vndate=_day)
    return env


def render_index(output_dir: Path) -> str:
    entries = collect(output_dir)
    counts = {key: sum(1 for e in entries if e.status == key) for key in STATUS}
    statuses = {key: _(label) for key, label in STATUS.items()}
    targets = {key: _(label) for key, label in TARGET_STATUS.items()}
    return (
        environment()
        .get_template("index.html.j2")
        .render(
            lang=language(),
            groups=groups(entries),
            total=len(entries),
            counts=counts,
            statuses=statuses,
            target_status={**contract().statuses, **targets},
            made_at=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        )
    )


def _links(folder: Path, base: str) -> list[tuple[str, str]]:
    """The report's files, then the reviewers' copies (``HTML thẩm định``)."""
    made = formats.present(folder)
    links = [(fmt.label, base + fmt.file) for fmt in made]
    links += [
        (_("{label} for review").format(label=fmt.label), base + fmt.review)
        for fmt in made
        if fmt.review and (folder / fmt.review).is_file()
    ]
    return links


def write_index(output_dir: Path) -> Path:
    """Write ``<output_dir>/index.html`` atomically; returns its path."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    return write_text_atomic(output_dir / INDEX, render_index(output_dir))
