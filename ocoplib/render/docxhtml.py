"""HTML fragments of the report written into a Word document. The writer
knows the small HTML vocabulary of ``ocoplib/render/templates`` and of
Markdown (sections, headings, paragraphs, lists, emphasis, tables, figures);
classes such as ``issuing-body`` or ``motto`` choose the Word formatting. Each
appendix is a section of its own, landscape where its tables are wide; table
header rows repeat on each page."""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass, replace

from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ocoplib.render.docxstyle import A4, ALIGN, MARGINS, page_setup
from ocoplib.render.docxwidth import at_least, unbreakable_mm

#: The widest a figure is set, in mm (as in the PDF).
FIGURE_MM = 150


@dataclass(frozen=True)
class Fmt:
    """How the text of one block is set (inherited by the blocks inside)."""

    style: str = "Normal"
    align: str | None = None
    bold: bool = False
    italic: bool = False
    underline: bool = False
    size: float | None = None
    indent: bool = True  # first-line indent of the body
    width_mm: float = A4[0] - MARGINS["left"] - MARGINS["right"]
    space_before: float | None = None


#: Word formatting of the classes of the templates (letterhead, title, signature …).
CLASS_FMT: dict[str, dict] = {
    "parent-body": {"size": 12.5},
    "issuing-body": {"size": 12.5, "bold": True},
    "number": {"space_before": 6},
    "nation": {"size": 12.5, "bold": True},
    "motto": {"bold": True, "underline": True},
    "place-date": {"italic": True, "space_before": 6},
    "summary": {"style": "Summary", "indent": False, "align": None},
    "noi-nhan": {"size": 12, "bold": True, "italic": True, "align": "left"},
    "recipient": {"size": 11, "align": "left"},
    "authority": {"bold": True},
    "position": {"bold": True},
    "signer-name": {"bold": True},
    "appendix-subtitle": {"style": "Appendix Subtitle", "indent": False, "align": None},
    "appendix-meta": {"style": "Appendix Meta", "indent": False, "align": None},
    "table-note": {"style": "Table Note", "indent": False, "align": None},
    "missing": {"italic": True},
    "closing-line": {},
}
#: Layout tables (letterhead, signature): share of the width and alignment per cell class.
CELL_LAYOUT = {
    "lh-left": (0.41, "center"),
    "lh-right": (0.59, "center"),
    "recipients": (0.48, "left"),
    "signer": (0.52, "center"),
}
#: Rules (short horizontal lines) by class: share of the width they span.
RULES = {"short": 0.36, "title-rule": 0.30, "appendix-rule": 0.25}
NUMERIC = {"int", "num", "pct"}


BLOCKS = {
    "p", "div", "section", "header", "footer", "main", "article", "nav", "h1", "h2", "h3",
    "h4", "h5", "h6", "ul", "ol", "li", "table", "figure", "img", "hr", "blockquote", "pre",
}  # fmt: skip
SKIP = {"style", "script", "head", "title", "meta", "colgroup", "col"}


def _classes(el) -> list[str]:
    return (el.get("class") or "").split()


def _is_block(el) -> bool:
    return isinstance(el.tag, str) and el.tag in BLOCKS


class Writer:
    def __init__(self, doc):
        self.doc = doc
        self.container = doc  # where paragraphs and tables go (the body or a cell)
        self.in_appendix = False

    # blocks ------------------------------------------------------------------
    def children(self, el, fmt: Fmt) -> None:
        """The blocks inside ``el``; loose text and inline elements between
        them become one paragraph each."""
        group: list = []  # strings and inline elements awaiting a paragraph

        def flush():
            if any(isinstance(g, str) and g.strip() or not isinstance(g, str) for g in group):
                p = self.new_paragraph(fmt)
                for g in group:
                    if isinstance(g, str):
                        self.run(p, _collapse(g), fmt)
                    else:
                        self.inline(p, g, fmt)
                        if g.tail:
                            self.run(p, _collapse(g.tail), fmt)
                _trim(p)
            group.clear()

        if el.text:
            group.append(el.text)
        for child in el:
            if not isinstance(child.tag, str) or child.tag in SKIP:
                if child.tail:
                    group.append(child.tail)
            elif _is_block(child):
                flush()
                self.block(child, fmt)
                if child.tail:
                    group.append(child.tail)
            else:
                group.append(child)  # its tail is written with it
        flush()

    def block(self, el, fmt: Fmt) -> None:
        tag, classes = el.tag, _classes(el)
        fmt = self.class_fmt(classes, fmt)
        if tag == "section" and "appendix" in classes:
            self.appendix(el, "landscape" in classes, fmt)
        elif tag == "table":
            if "data" in classes:
                self.data_table(el, fmt)
            else:
                self.layout_table(el, fmt)
        elif tag == "figure":
            self.figure(el, fmt)
        elif tag == "img":
            self.picture(el, fmt, natural=True)
        elif tag == "h1":
            self.paragraph_of([el], replace(fmt, style="Title", indent=False), inline_root=True)
        elif tag == "h2":
            style = "Appendix Title" if "appendix-title" in classes else "Heading 1"
            self.paragraph_of([el], replace(fmt, style=style), inline_root=True)
        elif tag in ("h3", "h4", "h5", "h6"):
            self.paragraph_of([el], replace(fmt, style="Heading 2"), inline_root=True)
        elif tag in ("ul", "ol"):
            self.list(el, fmt, ordered=tag == "ol")
        elif tag == "hr" or (tag == "div" and "rule" in classes):
            self.rule(classes, fmt)
        elif tag == "div" and "sign-space" in classes:
            for _ in range(4):
                self.paragraph_text("", fmt)
        elif tag == "p" and any(c.tag == "img" for c in el):
            self.children(el, fmt)  # a paragraph with images: its text and each picture
        elif tag in ("p", "pre", "li") or not any(_is_block(c) for c in el):
            self.paragraph_of([el], fmt, inline_root=True)
        else:
            self.children(el, fmt)

    def class_fmt(self, classes: list[str], fmt: Fmt) -> Fmt:
        for c in classes:
            if c in CLASS_FMT:
                fmt = replace(fmt, **CLASS_FMT[c])
        return fmt

    def appendix(self, el, landscape: bool, fmt: Fmt) -> None:
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        page_setup(section, landscape)
        width = (A4[1] if landscape else A4[0]) - MARGINS["left"] - MARGINS["right"]
        self.in_appendix = True
        self.children(el, replace(fmt, width_mm=width))

    def list(self, el, fmt: Fmt, ordered: bool) -> None:
        start = int(el.get("start") or 1)
        for n, item in enumerate((c for c in el if c.tag == "li"), start=start):
            prefix = f"{n}. " if ordered else "- "
            if any(_is_block(c) and c.tag not in ("ul", "ol") for c in item):
                self.children(item, fmt)
                continue
            nested = [c for c in item if c.tag in ("ul", "ol")]
            self.paragraph_of([item], fmt, inline_root=True, prefix=prefix, skip=nested)
            for sub in nested:
                self.list(sub, fmt, ordered=sub.tag == "ol")

    def rule(self, classes: list[str], fmt: Fmt) -> None:
        share = next((RULES[c] for c in classes if c in RULES), 0.3)
        p = self.container.add_paragraph(style="Rule")
        side = Mm(fmt.width_mm * (1 - share) / 2)
        p.paragraph_format.left_indent = side
        p.paragraph_format.right_indent = side
        borders = OxmlElement("w:pBdr")
        top = OxmlElement("w:top")
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"),
                           ("w:color", "000000")):  # fmt: skip
            top.set(qn(key), value)
        borders.append(top)
        p._p.get_or_add_pPr().append(borders)

    # paragraphs --------------------------------------------------------------
    def new_paragraph(self, fmt: Fmt):
        p = self.container.add_paragraph(style=fmt.style)
        pf = p.paragraph_format
        if fmt.align:
            pf.alignment = ALIGN[fmt.align]
        if fmt.style == "Normal" and not fmt.indent:
            pf.first_line_indent = Mm(0)
        if fmt.space_before is not None:
            pf.space_before = Pt(fmt.space_before)
        return p

    def paragraph_text(self, text: str, fmt: Fmt) -> None:
        p = self.new_paragraph(fmt)
        if text.strip():
            self.run(p, _collapse(text).strip(), fmt)

    def paragraph_of(self, els, fmt, inline_root=False, prefix="", skip=()) -> None:
        p = self.new_paragraph(fmt)
        if prefix:
            self.run(p, prefix, fmt)
        for el in els:
            if inline_root:
                self.inline_children(p, el, fmt, skip=skip)
            else:
                self.inline(p, el, fmt)
        _trim(p)

    def inline_children(self, p, el, fmt: Fmt, skip=()) -> None:
        if el.text:
            self.run(p, _collapse(el.text), fmt)
        for child in el:
            if child in skip:
                continue
            self.inline(p, child, fmt)
            if child.tail:
                self.run(p, _collapse(child.tail), fmt)

    def inline(self, p, el, fmt: Fmt) -> None:
        if not isinstance(el.tag, str) or el.tag in SKIP:
            return
        tag = el.tag
        if tag == "br":
            p.add_run().add_break(WD_BREAK.LINE)
            return
        if tag == "img":  # an image within a line of text (in emphasis, a link)
            self.picture(el, fmt, p, natural=True)
            return
        if tag in ("strong", "b"):
            fmt = replace(fmt, bold=True)
        elif tag in ("em", "i", "cite"):
            fmt = replace(fmt, italic=True)
        elif tag == "u":
            fmt = replace(fmt, underline=True)
        fmt = self.class_fmt(_classes(el), fmt)
        self.inline_children(p, el, fmt)

    def run(self, p, text: str, fmt: Fmt):
        if not text:
            return None
        r = p.add_run(text)
        if fmt.bold:
            r.bold = True
        if fmt.italic:
            r.italic = True
        if fmt.underline:
            r.underline = True
        if fmt.size:
            r.font.size = Pt(fmt.size)
        return r

    # tables ------------------------------------------------------------------
    def layout_table(self, el, fmt: Fmt) -> None:
        """Letterhead and signature: columns side by side, no borders."""
        rows = [tr for tr in el.iter("tr")]
        if not rows:
            return
        cells = [[td for td in tr if td.tag in ("td", "th")] for tr in rows]
        ncols = max(len(r) for r in cells)
        table = self.container.add_table(rows=len(rows), cols=ncols)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        shares = [
            next((CELL_LAYOUT[c][0] for c in _classes(td) if c in CELL_LAYOUT), 1 / ncols)
            for td in cells[0]
        ]
        for j, share in enumerate(shares):
            table.columns[j].width = Mm(fmt.width_mm * share)
        outer = self.container
        for i, row in enumerate(cells):
            for j, td in enumerate(row):
                share, align = next(
                    (CELL_LAYOUT[c] for c in _classes(td) if c in CELL_LAYOUT), (1 / ncols, "left")
                )
                cell = table.cell(i, j)
                cell.width = Mm(fmt.width_mm * share)
                self.container = cell
                inner = replace(
                    fmt,
                    style="Letterhead",
                    align=align,
                    indent=False,
                    width_mm=fmt.width_mm * share,
                )
                self.block_into_cell(cell, td, inner)
        self.container = outer
        self.container.add_paragraph(style="Rule")

    def block_into_cell(self, cell, td, fmt: Fmt) -> None:
        first = cell.paragraphs[0]
        before = len(cell.paragraphs)
        self.children(td, fmt)
        if len(cell.paragraphs) > before:  # drop the empty paragraph a new cell starts with
            first._p.getparent().remove(first._p)

    def data_table(self, el, fmt: Fmt) -> None:
        caption = el.find("caption")
        if caption is not None:
            self.paragraph_of([caption], replace(fmt, style="Table Caption"), inline_root=True)
        head = [tr for sec in el.findall("thead") for tr in sec.findall("tr")]
        body = [tr for sec in el.findall("tbody") for tr in sec.findall("tr")]
        body += [tr for tr in el.findall("tr")]
        foot = [tr for sec in el.findall("tfoot") for tr in sec.findall("tr")]
        rows = head + body + foot
        if not rows:
            return
        grid = [[c for c in tr if c.tag in ("td", "th")] for tr in rows]
        ncols = max(len(r) for r in grid)
        widths = self.column_widths(el, grid, ncols, fmt.width_mm)
        table = self.container.add_table(rows=len(rows), cols=ncols)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for j, width in enumerate(widths):
            table.columns[j].width = Mm(width)
        outer = self.container
        for i, cells in enumerate(grid):
            row = table.rows[i]
            is_head, is_foot = i < len(head), i >= len(head) + len(body)
            _row_props(row, header=is_head)
            for j in range(ncols):
                cell = row.cells[j]
                cell.width = Mm(widths[j])
                if j >= len(cells):
                    continue
                td = cells[j]
                kinds = set(_classes(td))
                align = "center" if is_head or "date" in kinds else "left"
                if not is_head and kinds & NUMERIC:
                    align = "right"
                bold = is_head or is_foot or bool(kinds & {"status"})
                inner = replace(
                    fmt, style="Table Text", align=align, indent=False, bold=bold, size=None
                )
                self.container = cell
                p = cell.paragraphs[0]
                p.style = self.doc.styles["Table Text"]
                p.paragraph_format.alignment = ALIGN[align]
                self.inline_children(p, td, inner)
                _trim(p)
                if is_head:
                    _shade(cell, "EEF2F6")
        self.container = outer

    def column_widths(self, el, grid, ncols: int, total_mm: float) -> list[float]:
        shares = []
        for col in el.iter("col"):
            m = re.search(r"width:\s*([\d.]+)%", col.get("style") or "")
            if m:
                shares.append(float(m[1]))
        if len(shares) != ncols:
            # no colgroup: share by the longest text of each column (headers count by word)
            shares = [4.0] * ncols
            for cells in grid:
                for j, c in enumerate(cells):
                    text = _collapse(c.text_content()).strip()
                    longest = max((len(w) for w in text.split()), default=0)
                    shares[j] = max(shares[j], min(len(text), 40) * 0.6, longest)
        total = sum(shares) or 1
        widths = [total_mm * s / total for s in shares]
        # no column narrower than what must not break: its numbers, dates and
        # document numbers; then, where the page allows, its headers' words
        must = [unbreakable_mm(grid[1:], j) for j in range(ncols)]
        nice = [max(must[j], unbreakable_mm(grid[:1], j, bold=True)) for j in range(ncols)]
        for floor in (nice, must):
            if sum(floor) <= total_mm:
                return at_least(widths, floor)
        return [total_mm * f / sum(must) for f in must]

    # figures -----------------------------------------------------------------
    def figure(self, el, fmt: Fmt) -> None:
        for img in el.iter("img"):
            self.picture(img, fmt)
        caption = el.find("figcaption")
        if caption is not None:
            self.paragraph_of([caption], replace(fmt, style="Caption", indent=False), True)

    def picture(self, img, fmt: Fmt, p=None, natural: bool = False) -> None:
        """An embedded image, in a paragraph of its own or in ``p``; a chart
        spans the figure width, an image of the text (``natural``) keeps its
        own size, at most the width of the page (as the HTML shows it)."""
        src = img.get("src") or ""
        m = re.match(r"data:image/(png|jpeg|gif);base64,(.*)", src, flags=re.S)
        if not m:
            return  # only embedded images: the report references nothing outside
        data = io.BytesIO(base64.b64decode(m[2]))
        if p is None:
            p = self.container.add_paragraph(style="Figure")
        width = Mm(min(FIGURE_MM, fmt.width_mm))
        shape = p.add_run().add_picture(data, width=None if natural else width)
        if shape.width > width:
            shape.height, shape.width = int(shape.height * width / shape.width), width
        alt = img.get("alt") or ""
        shape._inline.docPr.set("descr", alt)
        shape._inline.docPr.set("title", alt[:80])


# -- small XML helpers ------------------------------------------------------------------


def _collapse(text: str) -> str:
    """HTML white space: runs of spaces and line breaks become one space."""
    return re.sub(r"[ \t\r\n]+", " ", text)


def _trim(p) -> None:
    """No space at the start or end of a paragraph (HTML ignores them too)."""
    runs = [r for r in p.runs if r.text]
    if runs:
        runs[0].text = runs[0].text.lstrip(" ")
        runs[-1].text = runs[-1].text.rstrip(" ")


def _row_props(row, header: bool) -> None:
    trpr = row._tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    trpr.append(cant)
    if header:
        repeat = OxmlElement("w:tblHeader")
        trpr.append(repeat)


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)
