"""report.docx: the same content in the official form, read back with
python-docx (letterhead, title, Nơi nhận, A4 with Decree 30 margins, page
numbers, tables, figures), byte-stable, and opened by LibreOffice when it
is installed."""

import ast
import re
import shutil
import subprocess
import unicodedata

import nbformat
import pytest
from conftest import ROOT
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from ocoplib.render import docxhtml, worddoc
from ocoplib.render.tables import Col, Table
from ocoplib.report import Report, parts


@pytest.fixture(scope="module")
def sample_docx(tmp_path_factory):
    report = Report.open(data_dir=ROOT / "data")
    path = tmp_path_factory.mktemp("docx") / "report.docx"
    parts.write_docx(report.facts, path)
    return path


@pytest.fixture(scope="module")
def doc(sample_docx):
    return Document(sample_docx)


def _mm(length) -> float:
    return round(length / Mm(1), 1)


def _text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def test_parts_follow_the_notebook():
    nb = nbformat.read(ROOT / "notebooks/report.ipynb", as_version=4)
    calls = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "report"
                and node.func.attr not in ("save", "render_official")
            ):
                calls.append(node.func.attr)
    assert tuple(calls) == tuple(name for name, _ in parts.PARTS + parts.REVIEW_PARTS)
    reviewers = {name for name, _ in parts.REVIEW_PARTS}
    for cell in nb.cells:
        shown = {c for c in calls if f"report.{c}()" in cell.source}
        if shown & reviewers:
            assert "review" in cell.metadata.get("tags", []), cell.source


def test_a4_pages_with_decree_30_margins(doc):
    from ocoplib.report import Report, appendices

    # the text, then one section per appendix
    assert len(doc.sections) == 1 + len(appendices.parts(Report.open(data_dir=ROOT / "data").facts))
    for section in doc.sections:
        size = sorted((_mm(section.page_width), _mm(section.page_height)))
        assert size == [210.0, 297.0]
        assert 20 <= _mm(section.top_margin) <= 25
        assert 20 <= _mm(section.bottom_margin) <= 25
        assert 30 <= _mm(section.left_margin) <= 35
        assert 15 <= _mm(section.right_margin) <= 20
    assert _mm(doc.sections[0].page_width) == 210.0  # the text is portrait
    assert any(_mm(s.page_width) == 297.0 for s in doc.sections[1:])  # wide tables: landscape


def test_page_numbers_at_top_centre_except_first_pages(doc):
    first = doc.sections[0]
    header = first.header
    assert not header.is_linked_to_previous
    xml = header._element.xml
    assert "PAGE" in "".join(t.text or "" for t in header._element.iter(qn("w:instrText")))
    assert "w:fldChar" in xml
    style_align = header.paragraphs[0].style.paragraph_format.alignment
    assert (header.paragraphs[0].alignment or style_align) == 1  # centred
    assert first.first_page_header.paragraphs[0].text == ""
    assert not list(first.first_page_header._element.iter(qn("w:instrText")))
    for section in doc.sections:
        assert section.different_first_page_header_footer
        start = section._sectPr.find(qn("w:pgNumType"))
        assert start is not None and start.get(qn("w:start")) == "1"
    for section in doc.sections[1:]:
        assert section.header.is_linked_to_previous  # the same numbered header
        assert section.start_type == 2  # WD_SECTION.NEW_PAGE


def test_letterhead_table(doc):
    letterhead = doc.tables[0]
    left, right = letterhead.rows[0].cells
    left_text = " ".join(p.text for p in left.paragraphs)
    right_text = [p.text for p in right.paragraphs]
    assert "BCĐ CÁC CHƯƠNG TRÌNH" in left_text and "VĂN PHÒNG ĐIỀU PHỐI" in left_text
    assert re.search(r"Số:\s+/BC-VPĐP", left_text)
    assert right_text[0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert right_text[1] == "Độc lập - Tự do - Hạnh phúc"
    assert re.fullmatch(r"Quảng Ngãi, ngày\s+tháng 11 năm 2024", right_text[2])
    issuer = next(p for p in left.paragraphs if "VĂN PHÒNG" in p.text)
    assert all(r.bold for r in issuer.runs if r.text.strip())
    parent = next(p for p in left.paragraphs if "BCĐ" in p.text)
    assert not any(r.bold for r in parent.runs)
    motto = right.paragraphs[1]
    assert all(r.underline and r.bold for r in motto.runs if r.text.strip())
    assert all(r.italic for r in right.paragraphs[2].runs if r.text.strip())
    border = qn("w:pPr") + "/" + qn("w:pBdr")
    rules = [p for p in left.paragraphs if p._p.find(border) is not None]
    assert len(rules) == 1 and rules[0].paragraph_format.left_indent > 0  # a short rule
    for cell in (left, right):
        borders = cell._tc.find(".//" + qn("w:tcBorders"))
        assert borders is None  # no grid lines around the letterhead


def test_title_summary_and_body_form(doc):
    title = next(p for p in doc.paragraphs if p.text == "BÁO CÁO")
    assert title.style.name == "Title" and title.style.font.bold
    assert title.style.paragraph_format.alignment == 1
    summary = next(p for p in doc.paragraphs if p.style.name == "Summary")
    assert summary.text.replace("\n", " ").startswith("Kết quả thực hiện Kế hoạch hành động")
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 13
    assert normal.paragraph_format.alignment == 3  # justified
    assert _mm(normal.paragraph_format.first_line_indent) == 10.0
    assert normal.paragraph_format.space_after.pt >= 6
    body = [p for p in doc.paragraphs if p.text.startswith("Thực hiện Công văn số 5164")]
    assert body and body[0].style.name == "Normal"


def test_same_content_as_the_report(doc):
    text = _text(doc)
    assert text == unicodedata.normalize("NFC", text)
    for phrase in (
        "1. Đánh giá việc tổ chức thực hiện",
        "a) Thuận lợi",
        "b) Khó khăn, vướng mắc và tồn tại",
        "c) Bài học kinh nghiệm",
        "Một là,",
        "Bốn là,",
        "g) Hoạt động xúc tiến thương mại",
        "4. Đề xuất, kiến nghị",
        "PHỤ LỤC I",
        "PHỤ LỤC VII",
    ):
        assert phrase in text, phrase
    order = [text.index(p) for p in ("a) Thuận lợi", "Một là,", "3. Phương hướng", "PHỤ LỤC I")]
    assert order == sorted(order)
    cells = " ".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "Tư Nghĩa (04 sản phẩm)" in text or "Tư Nghĩa (04 sản phẩm)" in cells


def test_signature_block_and_recipients(doc):
    signature = next(t for t in doc.tables if "Nơi nhận:" in t.rows[0].cells[0].text)
    left, right = signature.rows[0].cells
    lines = [p.text for p in left.paragraphs if p.text]
    assert lines[0] == "Nơi nhận:"
    noi_nhan = left.paragraphs[0]
    assert all(r.bold and r.italic for r in noi_nhan.runs if r.text)
    assert all(line.startswith("- ") for line in lines[1:])
    assert all(line.endswith(";") for line in lines[1:-1])
    assert lines[-1].startswith("- Lưu: VT") and lines[-1].endswith(".")
    signer = [p.text for p in right.paragraphs if p.text]
    assert signer == ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Nguyễn Thanh Hiên"]
    name = next(p for p in right.paragraphs if p.text == "Nguyễn Thanh Hiên")
    assert all(r.bold for r in name.runs)


def _data_tables(doc):
    return [t for t in doc.tables if t.style is not None and t.style.name == "Table Grid"]


def test_tables_with_repeating_header_rows(doc):
    tables = _data_tables(doc)
    assert len(tables) >= 9
    for table in tables:
        first = table.rows[0]._tr
        assert first.find(qn("w:trPr") + "/" + qn("w:tblHeader")) is not None
    plan = next(t for t in tables if t.rows[0].cells[1].text == "Chỉ tiêu")
    status = [row.cells[7].text for row in plan.rows[1:]]
    assert status == ["Chưa đạt", "Chưa đạt", "Dự kiến đạt"]
    units = next(t for t in tables if t.rows[0].cells[1].text == "Đơn vị" and len(t.columns) == 8)
    total = [c.text for c in units.rows[-1].cells]
    assert total[1:6] == ["Tổng cộng", "187", "17", "0", "204"]
    right = units.rows[1].cells[2].paragraphs[0]
    assert (right.alignment or right.style.paragraph_format.alignment) == 2  # numbers right


def test_figures_are_embedded_with_alt_text(doc):
    pictures = doc.inline_shapes
    assert len(pictures) >= 5
    for shape in pictures:
        alt = shape._inline.docPr.get("descr")
        assert alt and alt.startswith("Biểu đồ")
        assert shape.width <= Mm(docxhtml.FIGURE_MM) + 1
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert [c.split(".")[0] for c in captions] == [f"Biểu đồ {n}" for n in range(1, 6)]


def test_formula_like_cells_stay_text(tmp_path):
    values = ["=SUM(A1:A3)", "+84 255 3822", "-5", "@ocop", "=1+1"]
    table = Table(
        key="t",
        title="Bảng thử",
        columns=[Col("STT", "int", 5), Col("Giá trị", "text", 30)],
        rows=[[n, v] for n, v in enumerate(values, start=1)],
    )
    doc = worddoc.build([str(table.html())])
    path = tmp_path / "t.docx"
    worddoc.save(doc, path)
    back = Document(path)
    cells = [row.cells[1].text for row in back.tables[0].rows[1:]]
    assert cells == values
    xml = back.tables[0]._tbl.xml
    assert "instrText" not in xml and "fldSimple" not in xml


def test_the_file_is_byte_stable(sample_docx, tmp_path):
    again = tmp_path / "again.docx"
    parts.write_docx(Report.open(data_dir=ROOT / "data").facts, again)
    assert again.read_bytes() == sample_docx.read_bytes()
    props = Document(again).core_properties
    assert props.created.year == 2024 and props.title.startswith("Báo cáo OCOP Quảng Ngãi")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_it(sample_docx, tmp_path):
    from pypdf import PdfReader

    run = subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), sample_docx],
        capture_output=True,
        text=True,
        timeout=300,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 0, run.stderr
    reader = PdfReader(tmp_path / "report.pdf")
    box = reader.pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4) == 210
    text = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in reader.pages))
    for phrase in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Nơi nhận",
                   "Thành phố Quảng Ngãi", "Nguyễn Thanh Hiên", "PHỤ LỤC VII"):  # fmt: skip
        assert phrase in text, phrase
    first = reader.pages[0].extract_text()
    assert not re.match(r"\s*1\s", first)  # no number on page 1
    assert reader.pages[1].extract_text().lstrip().startswith("2")


def test_columns_fit_numbers_dates_and_document_numbers(tmp_path):
    """No number, date or document number breaks across lines: each column is
    at least as wide as its longest such token (today's ``18,5⏎7 %``,
    ``21/07/202⏎3``, ``2315/QĐ-⏎UBND``), the long text column gives way."""
    import datetime as dt

    from ocoplib.render import docxwidth

    rows = [
        [1, "Sản phẩm " * 12, "2315/QĐ-UBND", dt.date(2023, 7, 21), 18.57, 1234],
        [2, "Trà xanh", "69/KH-UBND", dt.date(2024, 4, 3), 100, 13],
    ]
    table = Table(
        key="t",
        title="Bảng thử",
        columns=[
            Col("STT", "int", 3),
            Col("Tên sản phẩm", "text", 85),
            Col("Số quyết định", "text", 3),
            Col("Ngày", "date", 3),
            Col("Tỷ lệ", "pct", 3),
            Col("Số", "int", 3),
        ],
        rows=rows,
    )
    doc = worddoc.build([str(table.html())])
    path = tmp_path / "t.docx"
    worddoc.save(doc, path)
    widths = [c.width / Mm(1) for c in Document(path).tables[0].rows[1].cells]
    for j, token in ((2, "2315/QĐ-UBND"), (3, "21/7/2023"), (4, "18,57 %"), (5, "1.234")):
        assert widths[j] >= docxwidth.text_mm(token) + 3.8, (token, widths[j])
    assert widths[1] > 2 * widths[2]  # the text column keeps most of the width
    assert abs(sum(widths) - (210 - 30 - 15)) < 1  # the page's text width, no more
