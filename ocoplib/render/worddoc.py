"""The report as a Word document (``report.docx``), the file an office edits
before signing. It has the same content as the HTML and PDF because it is
built from the same HTML fragments that the notebook shows, and the official
form of :mod:`ocoplib.render.docxstyle` (Decree 30/2020/NĐ-CP); the fragments
are written by :mod:`ocoplib.render.docxhtml`. The file is byte-for-byte the
same for the same input (fixed properties and zip entry times)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from docx import Document
from lxml import html as lxml_html

from ocoplib.base.determinism import build_time, save_zip
from ocoplib.render.docxhtml import Fmt, Writer
from ocoplib.render.docxstyle import add_styles, page_setup, set_properties


def write_docx(
    fragments: list[str],
    path: str | Path,
    title: str = "",
    author: str = "",
    day: dt.date | None = None,
) -> None:
    """Write the Word document of the HTML ``fragments`` (in order) to ``path``;
    ``day`` fixes its dates. A fragment whose tables an earlier one already
    showed is left out."""
    kept, seen = [], set()
    for html in fragments:
        ids = set(re.findall(r'<table[^>]* id="([^"]+)"', html))
        if ids and ids <= seen:
            continue  # a table the text already showed (section 1 may embed the plan table)
        seen |= ids
        kept.append(html)
    save(build(kept, title=title, author=author, day=day), path, build_time(day))


def build(fragments: list[str], title: str = "", author: str = "", day: dt.date | None = None):
    """A Word document from HTML fragments of the report, in order."""
    doc = Document()
    add_styles(doc)
    page_setup(doc.sections[0], landscape=False, first=True)
    writer = Writer(doc)
    for fragment in fragments:
        if fragment.strip():
            root = lxml_html.fragment_fromstring(fragment, create_parent="div")
            writer.children(root, Fmt())
    set_properties(doc, title, author, day)
    return doc


def save(doc, path: str | Path, when: dt.datetime | None = None) -> None:
    """Save with fixed zip entry times, so that equal documents are equal files."""
    save_zip(doc, Path(path), when or build_time())
