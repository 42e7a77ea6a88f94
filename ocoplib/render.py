"""Rendering: the Jinja environment of the report's templates (with the
Vietnamese number and date filters), the executed notebook to one
self-contained HTML page, and that page to an A4 PDF."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import nbformat
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ocoplib import vnformat

TEMPLATES = Path(__file__).with_name("templates")
#: Cells with these tags are notes for analysts: kept in the notebook, not in the report.
HIDDEN_TAGS = ("note", "parameters", "injected-parameters")


class Html(Markup):
    """An HTML fragment that a notebook shows as rendered HTML."""

    def _repr_html_(self) -> str:
        return str(self)


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
        count=vnformat.count,
        number=vnformat.number,
        percent=vnformat.percent,
        vndate=vnformat.date,
        date_range=vnformat.date_range,
        join_vn=vnformat.join,
        capfirst=vnformat.capitalize_first,
        lowerfirst=vnformat.lower_first,
    )
    return env


def render(template: str, **context) -> Html:
    return Html(environment().get_template(template).render(**context))


def notebook_body(nb: nbformat.NotebookNode) -> str:
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


def page(body: str, title: str, lang: str = "vi") -> str:
    """One self-contained HTML page: inline CSS, images as data URIs, no scripts."""
    css = environment().loader.get_source(environment(), "report.css")[0]
    return str(render("page.html.j2", body=Markup(body), title=title, css=Markup(css), lang=lang))


def write_pdf(html: str, path: Path) -> None:
    """Render the page with its print styles to an A4 PDF with embedded fonts."""
    from weasyprint import HTML

    HTML(string=html, base_url=str(path.parent)).write_pdf(path, uncompressed_pdf=False)
