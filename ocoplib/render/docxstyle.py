"""The Word document's page and styles in the official form (Decree
30/2020/NĐ-CP): A4, margins top/bottom 20 mm, left 30 mm, right 15 mm; Times
New Roman 13 pt; page numbers as a PAGE field centred in the header, none on
a first page; each section numbered from 1; fixed document properties."""

from __future__ import annotations

import datetime as dt

from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ocoplib.base.determinism import build_time

FONT = "Times New Roman"
BODY_PT = 13
#: Decree 30 margins (mm): top, bottom, left, right; header distance.
MARGINS = {"top": 20, "bottom": 20, "left": 30, "right": 15}
HEADER_MM = 10
A4 = (210, 297)
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def _set_font(rpr_owner, name: str = FONT) -> None:
    """Set the font for every script on a style or run; drop theme fonts."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme"):
            del fonts.attrib[attr]
    for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(key), name)


def _style(doc, name: str, base: str | None = "Normal"):
    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if base:
            style.base_style = styles[base]
    style.hidden = False
    style.quick_style = True
    return style


def _para_format(style, align=None, indent=None, before=0, after=6, keep=False, spacing=1.1):
    pf = style.paragraph_format
    if align is not None:
        pf.alignment = ALIGN[align]
    pf.first_line_indent = Mm(10) if indent else Mm(0)
    pf.left_indent = Mm(0)
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.line_spacing = spacing
    pf.keep_with_next = keep


def _char_format(style, size=BODY_PT, bold=False, italic=False):
    font = style.font
    _set_font(style.element)
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    font.color.rgb = RGBColor(0, 0, 0)


def add_styles(doc) -> None:
    normal = doc.styles["Normal"]
    _char_format(normal)
    _para_format(normal, "justify", indent=True)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    normal.element.get_or_add_rPr().append(lang)
    widow = normal.paragraph_format
    widow.widow_control = True

    specs = [
        # name, base, (align, indent, before, after, keep), (size, bold, italic)
        ("Heading 1", "Normal", ("justify", True, 6, 6, True), (BODY_PT, True, False)),
        ("Heading 2", "Normal", ("justify", True, 0, 6, True), (BODY_PT, False, True)),
        ("Heading 3", "Normal", ("justify", True, 0, 6, True), (BODY_PT, False, True)),
        ("Title", "Normal", ("center", False, 12, 0, True), (14, True, False)),
        ("Summary", "Normal", ("center", False, 0, 0, True), (14, True, False)),
        ("Letterhead", "Normal", ("center", False, 0, 0, False), (BODY_PT, False, False)),
        ("Appendix Title", "Heading 1", ("center", False, 0, 0, True), (BODY_PT, True, False)),
        ("Appendix Subtitle", "Normal", ("center", False, 0, 0, True), (BODY_PT, True, False)),
        ("Appendix Meta", "Normal", ("center", False, 0, 0, True), (12, False, True)),
        ("Table Caption", "Normal", ("center", False, 6, 3, True), (11, True, False)),
        ("Table Text", "Normal", ("left", False, 1, 1, False), (11, False, False)),
        ("Table Note", "Normal", ("left", False, 2, 6, False), (10.5, False, True)),
        ("Figure", "Normal", ("center", False, 6, 0, True), (BODY_PT, False, False)),
        ("Caption", "Normal", ("center", False, 3, 8, False), (11.5, False, True)),
        ("Rule", "Normal", ("center", False, 3, 6, True), (2, False, False)),
    ]
    for name, base, (align, indent, before, after, keep), (size, bold, italic) in specs:
        style = _style(doc, name, base)
        if name.startswith("Heading") or name == "Title":
            _drop_borders(style)
        spacing = 1.0 if name in ("Letterhead", "Table Text", "Rule") else 1.1
        _para_format(style, align, indent, before, after, keep, spacing)
        _char_format(style, size, bold, italic)
    for level, name in (
        (0, "Heading 1"),
        (1, "Heading 2"),
        (2, "Heading 3"),
        (0, "Appendix Title"),
    ):
        _outline(doc.styles[name], level)
    for name in ("Header", "Footer"):
        style = doc.styles[name]
        _char_format(style)
        _para_format(style, "center", False, 0, 0)


def _drop_borders(style) -> None:
    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def _outline(style, level: int) -> None:
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:outlineLvl")):
        ppr.remove(old)
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level))
    ppr.append(outline)


def page_setup(section, landscape: bool, first: bool = False) -> None:
    width, height = (A4[1], A4[0]) if landscape else A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.top_margin = Mm(MARGINS["top"])
    section.bottom_margin = Mm(MARGINS["bottom"])
    section.left_margin = Mm(MARGINS["left"])
    section.right_margin = Mm(MARGINS["right"])
    section.header_distance = Mm(HEADER_MM)
    section.footer_distance = Mm(HEADER_MM)
    section.different_first_page_header_footer = True  # no number on a first page
    _restart_numbering(section)
    if first:
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        paragraph.style = section.part.document.styles["Header"]
        _page_field(paragraph)
        blank = section.first_page_header
        blank.is_linked_to_previous = False
        blank.paragraphs[0].text = ""


def _restart_numbering(section) -> None:
    sect = section._sectPr
    for old in sect.findall(qn("w:pgNumType")):
        sect.remove(old)
    number = OxmlElement("w:pgNumType")
    number.set(qn("w:start"), "1")
    after = (
        "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
        "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings",
    )  # fmt: skip
    following = next((c for c in sect if c.tag in {qn(t) for t in after}), None)
    if following is None:
        sect.append(number)
    else:
        following.addprevious(number)


def _page_field(paragraph) -> None:
    """A PAGE field: Word and LibreOffice show the page's number."""
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"),
                       ("end", None)):  # fmt: skip
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text


def set_properties(doc, title: str, author: str, day: dt.date | None) -> None:
    fixed = build_time(day)
    props = doc.core_properties
    props.title = title
    props.subject = "Báo cáo OCOP"
    props.author = author
    props.last_modified_by = author
    props.created = fixed
    props.modified = fixed
    props.revision = 1
    props.comments = ""
    props.keywords = "OCOP"
