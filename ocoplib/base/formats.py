"""The output formats of a report and the files they leave in its folder,
declared once for the parameters, the runs, the batch, verify and the index.

HTML and PDF come in two copies: ``report.*``, what the office signs, and
``review.*``, the reviewers' copy (the report plus the data-quality notes and
how it was made)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    key: str  # as ``--formats`` names it
    file: str  # the file it leaves in the report's folder
    label: str  # as the reviewers' index links it
    by_kernel: bool  # written by the notebook's kernel (else by the runner from the notebook)
    review: str | None = None  # the reviewers' copy beside it, if the format has one


#: Every format, in the order files are made and listed.
ALL = (
    Format("html", "report.html", "HTML", by_kernel=False, review="review.html"),
    Format("pdf", "report.pdf", "PDF", by_kernel=False, review="review.pdf"),
    Format("xlsx", "tables.xlsx", "XLSX", by_kernel=True),
    Format("docx", "report.docx", "DOCX", by_kernel=True),
)
BY_KEY = {f.key: f for f in ALL}
#: The ``--formats`` keys, in order.
FORMATS = tuple(f.key for f in ALL)
NOTEBOOK = "report.ipynb"
RESULTS = "results.json"
#: Files every run writes, whatever the formats.
ALWAYS = (NOTEBOOK, RESULTS)


def files_of(formats) -> list[str]:
    """The files a run with these formats leaves in its folder."""
    chosen = [BY_KEY[k] for k in formats if k in BY_KEY]
    return [*ALWAYS, *(f.file for f in chosen), *(f.review for f in chosen if f.review)]


def present(folder) -> list[Format]:
    """The formats whose files are in ``folder``."""
    return [f for f in ALL if (folder / f.file).is_file()]
