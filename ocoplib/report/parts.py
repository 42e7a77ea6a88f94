"""The parts of the report in the order the notebook shows them, declared
once: the notebook's methods of :class:`~ocoplib.report.model.Report` and the
Word document (``report.docx``) both come from :data:`PARTS` (the copy the
office signs); :data:`REVIEW_PARTS` follow them in the reviewers' copy only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ocoplib.render import worddoc
from ocoplib.render.tables import Table
from ocoplib.render.templating import Html
from ocoplib.report import appendices, narrative, review
from ocoplib.report.facts import Facts

PARTS: tuple[tuple[str, Callable[[Facts], Html | Table]], ...] = (
    ("front_page", narrative.front_page),
    ("section_1", narrative.section_1),
    ("plan_table", appendices.plan_table),
    ("review", narrative.review),
    ("signature", narrative.signature),
    ("appendices", appendices.appendices),
)
#: In the notebook in cells tagged ``review``: in review.html and review.pdf only.
REVIEW_PARTS: tuple[tuple[str, Callable[[Facts], Html | Table]], ...] = (
    ("reviewer_notes", review.reviewer_notes),
)


def fragments(facts: Facts) -> list[str]:
    """Every part as an HTML fragment, in order."""
    out = []
    for _, make in PARTS:
        part = make(facts)
        out.append(str(part.html() if isinstance(part, Table) else part))
    return out


def write_docx(facts: Facts, path: str | Path) -> None:
    """Write ``report.docx`` from the parts."""
    m = facts.meta
    worddoc.write_docx(
        fragments(facts),
        path,
        title=facts.target.title,
        author=str(m.get("ten_co_quan") or m.get("co_quan_ban_hanh") or ""),
        day=facts.as_of,
    )
