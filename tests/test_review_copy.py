"""The copy the office signs and the reviewers' copy: report.pdf, report.html
and report.docx end with the appendices a reader of the report needs;
review.html and review.pdf hold the whole report plus the data-quality notes
and the colophon, in Vietnamese."""

import re

import docx
import pytest
from pypdf import PdfReader

#: What only the reviewers' copy holds: its heading, the checks, the warnings, the colophon.
REVIEWERS_ONLY = (
    "GHI CHÚ CHO NGƯỜI THẨM ĐỊNH",
    "Kiểm tra tính nhất quán của số liệu",
    "cảnh báo khi đọc sổ dữ liệu",
    "Thông tin tái lập báo cáo",
)


def _pdf_text(path) -> str:
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(path).pages))


def _html_text(path) -> str:
    html = path.read_text(encoding="utf-8")
    html = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def copies(province):
    signed = {
        "report.pdf": _pdf_text(province / "report.pdf"),
        "report.html": _html_text(province / "report.html"),
        "report.docx": "\n".join(
            [p.text for p in docx.Document(province / "report.docx").paragraphs]
            + [
                c.text
                for t in docx.Document(province / "report.docx").tables
                for row in t.rows
                for c in row.cells
            ]
        ),
    }
    review = {
        "review.pdf": _pdf_text(province / "review.pdf"),
        "review.html": _html_text(province / "review.html"),
    }
    return signed, review


def test_the_signed_copy_ends_with_the_appendices(copies):
    signed, _ = copies
    for name, text in signed.items():
        for phrase in REVIEWERS_ONLY:
            assert phrase not in text, f"{name} holds {phrase!r}"
        assert "Nơi nhận" in text and "PHỤ LỤC VII" in text, name
        if name != "report.html":  # on paper and in Word, no screen-only link
            assert "Xem cỡ lớn" not in text, name


def test_the_reviewers_copy_is_the_report_plus_the_notes(copies):
    signed, review = copies
    for name, text in review.items():
        for phrase in REVIEWERS_ONLY:
            assert phrase in text, f"{name} lacks {phrase!r}"
        assert "Bản dành cho người thẩm định" in text
        # the whole report, then the notes
        assert text.index("Nơi nhận") < text.index("PHỤ LỤC VII")
        assert text.index("PHỤ LỤC VII") < text.index("GHI CHÚ CHO NGƯỜI THẨM ĐỊNH")


def test_the_reviewers_notes_are_in_vietnamese(copies):
    _, review = copies
    text = review["review.html"]
    notes = text[text.index("GHI CHÚ CHO NGƯỜI THẨM ĐỊNH") :]
    for english in ("Sheet", "expected", "warning", "error:", " row ", "column", "value "):
        assert english not in notes, english


def test_the_reviewers_copy_is_made_with_each_format(province):
    assert (province / "review.html").stat().st_size > (province / "report.html").stat().st_size
    assert len(PdfReader(province / "review.pdf").pages) > len(
        PdfReader(province / "report.pdf").pages
    )
