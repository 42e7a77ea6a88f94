"""The official form of the rendered sample (Decree 30/2020/NĐ-CP): page 1
laid out like the seed, page numbers, appendices on their own pages with their
own numbering, landscape where tables are wide, one embedded serif with every
Vietnamese glyph; the HTML for reviewers (contents, phone, paper, no code)."""

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT
from pypdf import PdfReader

MM = 72 / 25.4
A4_W, A4_H = 210, 297
LEFT, RIGHT, TOP, BOTTOM = 30, 15, 20, 20


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("form")
    ocop = str(Path(sys.executable).with_name("ocop"))
    run = subprocess.run(
        [ocop, "report", "--output-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    return out / "quang-ngai" / "2024" / "tinh"


@pytest.fixture(scope="module")
def pdf(folder):
    return PdfReader(folder / "report.pdf")


@pytest.fixture(scope="module")
def html(folder):
    return (folder / "report.html").read_text(encoding="utf-8")


def _lines(page):
    """(x mm from the left, y mm from the bottom, font size pt, text) of each text run."""
    out = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            out.append((x / MM, y / MM, round(size * scale, 1), " ".join(text.split())))

    page.extract_text(visitor_text=visit)
    return out


def _size(page):
    return round(float(page.mediabox.width) / MM), round(float(page.mediabox.height) / MM)


def _number_at_top(page):
    """The page number printed in the top margin, or None."""
    width, height = _size(page)
    for x, y, _, text in _lines(page):
        if y > height - TOP and re.fullmatch(r"\d+", text):
            return int(text), x
    return None


def _starts(pdf):
    """Index of the first page of each appendix, with its heading."""
    out = []
    for i, page in enumerate(pdf.pages):
        m = re.search(r"PHỤ LỤC ([IVX]+)\b", page.extract_text()[:200])
        if m:
            out.append((i, m[1]))
    return out


def test_every_page_is_a4_and_text_stays_inside_the_decree_30_margins(pdf):
    for page in pdf.pages:
        width, height = _size(page)
        assert sorted((width, height)) == [A4_W, A4_H]
        for x, y, _, text in _lines(page):
            if re.fullmatch(r"\d+", text) and y > height - TOP:
                continue  # the page number, in the top margin
            assert x >= LEFT - 0.5, (text, x)
            assert x <= width - RIGHT, (text, x)
            assert BOTTOM - 1 <= y <= height - TOP, (text, y)


def test_page_one_has_no_number_and_later_pages_are_numbered_at_top_centre(pdf):
    assert _number_at_top(pdf.pages[0]) is None
    first_appendix = _starts(pdf)[0][0]
    for i in range(1, first_appendix):
        number, x = _number_at_top(pdf.pages[i])
        assert number == i + 1
        centre = (LEFT + A4_W - RIGHT) / 2
        assert abs(x + 1 - centre) < 3, x  # the digit starts about 1 mm left of the centre


def test_each_appendix_starts_a_page_titled_and_numbered_on_its_own(pdf):
    starts = _starts(pdf)
    assert [roman for _, roman in starts] == ["I", "II", "III", "IV", "V", "VI", "VII"]
    ends = [i for i, _ in starts[1:]] + [len(pdf.pages)]
    for (start, roman), end in zip(starts, ends, strict=True):
        top = _lines(pdf.pages[start])
        assert top[0][3].startswith(f"PHỤ LỤC {roman}")
        assert _number_at_top(pdf.pages[start]) is None
        for k, i in enumerate(range(start + 1, end), start=2):
            assert _number_at_top(pdf.pages[i])[0] == k
    landscape = {roman for i, roman in starts if _size(pdf.pages[i])[0] == A4_H}
    # Phụ lục I is the achievement chart alone (the plan table is in 1c): portrait
    assert "III" in landscape and not {"I", "II"} & landscape


def test_table_header_rows_repeat_across_pages(pdf):
    starts = dict((roman, i) for i, roman in _starts(pdf))
    # the list of expiring products runs over more than one page
    first, following = starts["VI"], starts["VII"]
    assert following - first >= 2
    for i in range(first, following):
        assert "Tên sản phẩm" in pdf.pages[i].extract_text()


def test_page_one_reads_like_the_seed_in_the_official_form(pdf):
    lines = _lines(pdf.pages[0])
    text = [t for *_, t in lines]
    at = {t: (x, y, size) for x, y, size, t in lines}
    # the two-column letterhead: left column left of the right one, same height
    left = at["BCĐ CÁC CHƯƠNG TRÌNH"]
    right = at["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert left[0] < 60 < right[0] and abs(left[1] - right[1]) < 2
    assert "VĂN PHÒNG ĐIỀU PHỐI" in text and "NÔNG THÔN MỚI" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    number = next(t for t in text if t.startswith("Số:"))
    assert re.fullmatch(r"Số:\s+/BC-VPĐP", number)
    assert any(re.fullmatch(r"Quảng Ngãi, ngày\s+tháng 11 năm 2024", t) for t in text)
    # title and summary centred under the letterhead
    title = at["BÁO CÁO"]
    assert title[2] == 14 and abs(title[0] + 11 - (LEFT + A4_W - RIGHT) / 2) < 4
    assert title[1] < left[1] - 20
    summary = at["Kết quả thực hiện Kế hoạch hành động đảm bảo chất lượng,"]
    assert summary[2] == 14 and summary[1] < title[1]
    # body: 13 pt, justified from the left margin, 1 cm first-line indent, ≥ 6 pt apart
    body = [(x, y, s, t) for x, y, s, t in lines if y < summary[1] - 10]
    assert Counter(s for _, _, s, _ in body[3:]).most_common(1)[0][0] == 13
    starts = [round(x - LEFT) for x, *_ in body]
    assert {0, 10} <= set(starts)
    pitch = min(a[1] - b[1] for a, b in zip(body, body[1:], strict=False) if a[1] > b[1])
    gaps = [
        a[1] - b[1]
        for a, b in zip(body, body[1:], strict=False)
        if round(b[0] - LEFT) == 10 and b[3].startswith("Căn cứ")
    ]
    assert gaps and gaps[0] >= pitch + 6 / MM * 0.95


def test_pdf_has_one_embedded_serif_family_for_all_text(pdf):
    families = set()
    for page in pdf.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            name = str(font.get_object()["/BaseFont"]).split("+")[-1]
            families.add(re.sub(r"-(Bold|Italic|BoldItalic|Bold-Italic)$", "", name))
    # a second family would mean glyphs (ế, ở, ữ …) taken from a fallback font
    assert len(families) == 1, families
    assert re.search(r"Serif|Times|Tinos", families.pop())


def test_lessons_and_outlook_keep_their_numbering_and_place(pdf):
    text = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in pdf.pages))
    order = [
        "1. Đánh giá việc tổ chức thực hiện",
        "2. Những mặt được; hạn chế, tồn tại và nguyên nhân; bài học kinh nghiệm.",
        "a) Thuận lợi",
        "b) Khó khăn, vướng mắc và tồn tại",
        "c) Bài học kinh nghiệm",
        "Một là,",
        "Hai là,",
        "Ba là,",
        "Bốn là,",
        "3. Phương hướng",
        "a) Công tác chỉ đạo điều hành",
        "đ) Phát triển tổ chức kinh tế",
        "g) Hoạt động xúc tiến thương mại",
        "4. Đề xuất, kiến nghị",
        "a) Các sở, ban ngành, đơn vị liên quan",
        "b) UBND các huyện, thị xã, thành phố",
        "kính báo cáo./.",
        "Nơi nhận:",
        "PHỤ LỤC I",
    ]
    places = [text.index(phrase) for phrase in order]
    assert places == sorted(places)


def test_html_has_a_table_of_contents_to_every_part(html):
    nav = re.search(r'<nav class="toc"[^>]*>(.*?)</nav>', html, flags=re.S)
    assert nav, "no table of contents"
    targets = re.findall(r'href="#([^"]+)"', nav[1])
    assert targets[:4] == ["phan-1", "phan-2", "phan-3", "phan-4"]
    assert [t for t in targets if t.startswith("phu-luc-")] == [
        f"phu-luc-{r}" for r in ("i", "ii", "iii", "iv", "v", "vi", "vii")
    ]
    for target in targets:
        assert html.count(f'id="{target}"') == 1
    assert "Phụ lục III. Danh sách sản phẩm OCOP được công nhận mới năm 2024" in nav[1]


def test_html_reads_on_a_phone_and_on_paper(html):
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    css = re.search(r"<style>(.*?)</style>", html, flags=re.S)[1]
    assert re.search(r"\.table-wrap \{[^}]*overflow-x: auto", css)
    assert re.search(r"@page \{\s*size: A4 portrait;\s*margin: 20mm 15mm 20mm 30mm;", css)
    assert "@media print" in css and "nav.toc { display: none; }" in css
    tables = html.count('<table class="data')
    wrapped = len(re.findall(r'<div class="table-wrap">\s*<table class="data', html))
    assert tables >= 9 and wrapped == tables
    assert "<pre" not in html and "<script" not in html
    assert not re.search(r'class="[^"]*(jp-InputArea|input_area|jp-CodeCell)', html)


def test_html_fits_a_phone_screen(html):
    """Laid out by WeasyPrint as a 390 px wide screen: no text leaves the
    screen except inside a table's own scrolling box. (WeasyPrint applies
    every width-dependent rule at once, so this also checks that the desktop
    rules cannot push the page wider.)"""
    from weasyprint import CSS, HTML
    from weasyprint.formatting_structure import boxes

    phone = CSS(
        string="".join(
            f"@page {name} {{ size: 390px 30000px !important; margin: 0 !important }}"
            for name in ("", "appendix", "appendix-landscape")
        )
    )
    doc = HTML(string=html, media_type="screen").render(stylesheets=[phone])
    over = []

    def walk(box, in_wrap=False):
        classes = (box.element.get("class") or "").split() if box.element is not None else []
        in_wrap = in_wrap or "table-wrap" in classes
        if isinstance(box, boxes.TextBox) and not in_wrap:
            if box.position_x + box.width > 390.5:
                over.append(box.text)
        for child in getattr(box, "children", []):
            walk(child, in_wrap)

    for page in doc.pages:
        walk(page._page_box)
    assert not over, over[:5]


def test_every_figure_has_a_numbered_caption_and_meaningful_alt(html):
    figures = re.findall(r"<figure class=\"chart\".*?</figure>", html, flags=re.S)
    assert len(figures) == 5
    for n, fig in enumerate(figures, start=1):
        alt = re.search(r'alt="([^"]+)"', fig)[1]
        assert alt.startswith("Biểu đồ") and re.search(r"\d", alt)
        assert f"Biểu đồ {n}. " in fig
    keys = [re.search(r'id="bieu-do-([^"]+)"', f)[1] for f in figures]
    assert keys == [
        "achievement",
        "stars-by-unit",
        "new-products-by-year",
        "owners-by-type",
        "ecommerce-share",
    ]


def test_docx_is_written_and_only_when_asked(folder, tmp_path):
    from docx import Document

    doc = Document(folder / "report.docx")
    assert "BÁO CÁO" in [p.text.strip() for p in doc.paragraphs]
    assert len(doc.tables) >= 10
    ocop = str(Path(sys.executable).with_name("ocop"))
    run = subprocess.run(
        [ocop, "report", "--formats", "docx", "--output-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    alone = tmp_path / "quang-ngai/2024/tinh"
    names = sorted(p.name for p in alone.iterdir())
    assert names == ["report.docx", "report.ipynb", "results.json"]
    assert (alone / "report.docx").read_bytes() == (folder / "report.docx").read_bytes()
