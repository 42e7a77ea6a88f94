"""Rendering: the Jinja environment of the report's templates (with the
Vietnamese number and date filters), the executed notebook to one
self-contained HTML page, and that page to an A4 PDF."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from markupsafe import Markup

from ocoplib import vnformat

if TYPE_CHECKING:  # nbformat is slow to import; a kernel should not pay for it
    from nbformat import NotebookNode

TEMPLATES = Path(__file__).with_name("templates")
#: Cells with these tags are notes for analysts: kept in the notebook, not in the report.
HIDDEN_TAGS = ("note", "parameters", "injected-parameters")


class Html(Markup):
    """An HTML fragment that a notebook shows as rendered HTML."""

    def _repr_html_(self) -> str:
        return str(self)


@pass_context
def _count(context, value) -> str:
    """Counts in prose; a template's ``leading_zero`` (from bao_cao.md) turns
    the leading zero of small counts off."""
    return vnformat.count(value, context.get("leading_zero"))


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(
        count=_count,
        number=vnformat.number,
        percent=vnformat.percent,
        vndate=vnformat.date,
        date_range=vnformat.date_range,
        join_vn=vnformat.join,
        capfirst=vnformat.capitalize_first,
        lowerfirst=vnformat.lower_first,
        lines=balanced_lines,
    )
    return env


def balanced_lines(text: str, width: int) -> list[str]:
    """Break ``text`` on spaces into as few lines of at most ``width``
    characters as it needs, about even, upper lines a little longer, the way a
    typist sets a letterhead or a title (``VĂN PHÒNG ĐIỀU PHỐI`` / ``NÔNG
    THÔN MỚI``)."""
    words = str(text or "").split()
    if not words:
        return []
    n = min(max(1, -(-len(" ".join(words)) // width)), len(words))
    slack = width // 4  # how much longer an upper line may be than the ones below

    @cache
    def best(start: int, lines: int) -> tuple[float, tuple[int, ...]]:
        # (cost, cut positions) for words[start:] set in ``lines`` lines
        if lines == 1:
            return len(" ".join(words[start:])), ()
        found = (float("inf"), ())
        for cut in range(start + 1, len(words) - lines + 2):
            head = len(" ".join(words[start:cut]))
            if head > width and cut > start + 1:
                break
            rest, cuts = best(cut, lines - 1)
            cost = max(head - slack, rest)
            if cost < found[0]:
                found = (cost, (cut, *cuts))
        return found

    cuts = (0, *best(0, n)[1], len(words))
    return [" ".join(words[a:b]) for a, b in zip(cuts, cuts[1:], strict=False)]


def render(template: str, **context) -> Html:
    return Html(environment().get_template(template).render(**context))


def notebook_body(nb: NotebookNode) -> str:
    """The report part of an executed notebook: outputs and report markdown,
    no code, no prompts, no analysts' notes."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    remover = TagRemovePreprocessor(remove_cell_tags=set(HIDDEN_TAGS), enabled=True)
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


def page(body: str, title: str, lang: str = "vi") -> str:
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
        )
    )


def write_pdf(html: str, path: Path) -> None:
    """Render the page with its print styles to an A4 PDF with embedded fonts."""
    from weasyprint import HTML

    HTML(string=html, base_url=str(path.parent)).write_pdf(path, uncompressed_pdf=False)
