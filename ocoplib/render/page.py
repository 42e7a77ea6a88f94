"""The executed notebook to one self-contained HTML page, and that page to an
A4 PDF."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from ocoplib.render.templating import environment, render

if TYPE_CHECKING:  # nbformat is slow to import; a kernel should not pay for it
    from nbformat import NotebookNode

#: Cells with these tags are notes for analysts: kept in the notebook, not in the report.
HIDDEN_TAGS = ("note", "parameters", "injected-parameters")
#: Cells with this tag reach the reviewers' copy only (data-quality notes, provenance).
REVIEW_TAG = "review"


def notebook_body(nb: NotebookNode, review: bool = False) -> str:
    """The report part of an executed notebook: outputs and report markdown,
    no code, no prompts, no analysts' notes; cells tagged ``review`` only in
    the reviewers' copy (``review=True``)."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    hidden = set(HIDDEN_TAGS) | (set() if review else {REVIEW_TAG})
    remover = TagRemovePreprocessor(remove_cell_tags=hidden, enabled=True)
    exporter = HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        anchor_link_text="",
    )
    exporter.register_preprocessor(remover, enabled=True)
    body, _ = exporter.from_notebook_node(nb)
    return body


def toc(body: str) -> list[dict]:
    """The table of contents of a report body: every ``<section id=…>`` with
    a heading, in order; its ``data-toc`` attribute, else its first heading,
    gives the entry's text."""
    from lxml import html as lxml_html

    if not body.strip():
        return []
    root = lxml_html.fragment_fromstring(body, create_parent="div")
    entries = []
    for section in root.iter("section"):
        ident = section.get("id")
        if not ident:
            continue
        text = section.get("data-toc")
        if not text:
            heading = next(iter(section.iter("h1", "h2")), None)
            text = heading.text_content() if heading is not None else ""
        text = " ".join(text.split())
        if text:
            entries.append({"id": ident, "text": text})
    return entries


def page(body: str, title: str, lang: str = "vi", review: bool = False) -> str:
    """One self-contained HTML page: inline CSS, images as data URIs, no
    scripts, a table of contents for screen readers of the report."""
    css = environment().loader.get_source(environment(), "report.css")[0]
    return str(
        render(
            "page.html.j2",
            body=Markup(body),
            title=title,
            css=Markup(css),
            lang=lang,
            toc=toc(body),
            review=review,
        )
    )


def write_pdf(html: str, path: Path) -> None:
    """Render the page with its print styles to an A4 PDF with embedded fonts."""
    from weasyprint import HTML

    HTML(string=html, base_url=str(path.parent)).write_pdf(path, uncompressed_pdf=False)
