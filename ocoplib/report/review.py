"""The reviewers' part of the report: the data-quality notes (every check and
every warning of the load) and the colophon (how the report was made). It
reaches ``review.html`` and ``review.pdf`` only; the copy the office signs
(``report.pdf``, ``report.docx``) ends with its appendices."""

from __future__ import annotations

from ocoplib.render.tables import Table
from ocoplib.render.templating import Html, render
from ocoplib.report import narrative, quality
from ocoplib.report.facts import Facts


def review_tables(facts: Facts) -> list[Table]:
    """The tables of the reviewers' part (also sheets of tables.xlsx)."""
    return [quality.checks_table(facts), quality.warnings_table(facts)]


def reviewer_notes(facts: Facts) -> Html:
    """The reviewers' part as HTML: the checks, the warnings, then the colophon."""
    items = [
        table.html(caption=True, anchor=f"ghi-chu-{table.key.replace('_', '-')}")
        for table in review_tables(facts)
    ]
    items.append(narrative.colophon(facts))
    return render("review-notes.html.j2", items=items, as_of=facts.as_of)
