"""The executed notebook to one self-contained HTML page, and that page to an
A4 PDF."""

from __future__ import annotations

import re
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


#: Elements a page of the report never has (they run code or load what is outside).
_FOREIGN = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "link", "meta",
    "base", "form", "noscript", "audio", "video", "source", "track", "portal",
}  # fmt: skip
#: Attributes holding an address a browser or WeasyPrint would load.
_ADDRESSES = {
    "src", "srcset", "href", "xlink:href", "action", "formaction", "poster", "background",
    "data", "ping", "lowsrc", "dynsrc", "longdesc", "manifest", "codebase", "cite",
}  # fmt: skip
_CSS_URL = re.compile(r"@import[^;]*;?|url\(\s*(?!['\"]?data:)[^)]*\)", re.I)
_SUSPECT = re.compile(
    r"<(script|iframe|object|embed|link|base|form)|\son\w+\s*=|url\(|@import"
    r"|(src|href|srcset)\s*=\s*['\"]?+(?!data:image/|#)",
    re.I,
)


def self_contained(body: str) -> str:
    """``body`` without script, event attribute, ``javascript:`` link or any
    reference a browser would load: ``src`` only as ``data:image/…``, ``href``
    only on links to a web page or an anchor, CSS ``url()`` only of ``data:``.
    A body that has none of them (every report's) is returned as it is."""
    if not _SUSPECT.search(body):
        return body
    from lxml import html as lxml_html

    root = lxml_html.fragment_fromstring(body, create_parent="div")
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        if el.tag.lower() in _FOREIGN:
            el.drop_tree()
            continue
        if el.tag.lower() == "style" and el.text:
            el.text = _CSS_URL.sub("", el.text)
        for name, value in list(el.attrib.items()):
            if _refused(el.tag.lower(), name.lower(), value):
                del el.attrib[name]
            elif name.lower() == "style":
                el.set(name, _CSS_URL.sub("", value))
    inner = "".join(lxml_html.tostring(c, encoding="unicode") for c in root)
    return (root.text or "") + inner


def _refused(tag: str, name: str, value: str) -> bool:
    """Whether the attribute ``name="value"`` of ``tag`` runs code or loads something."""
    address = value.strip().lower()
    if name.startswith("on"):
        return True
    if name not in _ADDRESSES:
        return False
    if tag == "a" and name == "href":
        return not address.startswith(("http://", "https://", "mailto:", "#"))
    return not (address.startswith("data:image/") and name in ("src", "xlink:href"))


def page(body: str, title: str, lang: str = "vi", review: bool = False) -> str:
    """One self-contained HTML page: inline CSS, images as data URIs, no
    scripts (:func:`self_contained`), a table of contents for screen readers
    of the report."""
    body = self_contained(body)
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


def write_pdf(html: str, path: Path) -> list[str]:
    """Render the page with its print styles to an A4 PDF with embedded fonts.
    The page is self-contained: WeasyPrint reads ``data:`` URIs only, never a
    file or a network address (see :func:`offline_fetcher`); returns what it
    refused to fetch (nothing, for a page of the report)."""
    from weasyprint import HTML

    fetcher = offline_fetcher()
    HTML(string=html, url_fetcher=fetcher).write_pdf(path, uncompressed_pdf=False)
    return fetcher.refused


def offline_fetcher():
    """WeasyPrint's URL fetcher for the report: ``data:`` URIs only; every
    other address (``file:``, ``http:``, a relative path) is refused unread
    and kept in the fetcher's ``refused`` list."""
    from weasyprint.urls import URLFetcher

    class OfflineFetcher(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols={"data"}, allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            if not url.lower().startswith("data:"):
                self.refused.append(url)
                raise ValueError(f"the report is self-contained; not fetched: {url}")
            return super().fetch(url, headers)

    return OfflineFetcher()
