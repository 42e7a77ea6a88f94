"""What a file handed in as the workbook is, judged by its first bytes."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

#: The most that the parts of a workbook may unpack to together (a sheet of
#: 200.000 products unpacks to about 140 MB); a larger file is refused before
#: it is read, so that a file of a few MB cannot take gigabytes of memory.
MAX_UNPACKED = 512 * 2**20

#: What a file that is not an .xlsx workbook looks like (English, Vietnamese).
FILE_KINDS = {
    "empty": ("empty (0 bytes)", "tệp rỗng (0 byte)"),
    "damaged": (
        "a damaged .xlsx: its content is cut short or broken",
        "tệp .xlsx bị hỏng: nội dung bị cắt cụt hoặc lỗi",
    ),
    "encrypted": (
        "protected by a password (Excel encrypts such a workbook)",
        "tệp có đặt mật khẩu (Excel mã hoá tệp này)",
    ),
    "xls": (
        "an old Excel 97-2003 .xls file (or another Office 97 document)",
        "tệp Excel 97-2003 (.xls) cũ hoặc tài liệu Office 97 khác",
    ),
    "pdf": ("a PDF document", "tài liệu PDF"),
    "html": ("an HTML or XML page", "trang HTML hoặc XML"),
    "text": ("a text or CSV file", "tệp văn bản hoặc CSV"),
    "other": ("not an .xlsx workbook", "không phải tệp .xlsx"),
}


def file_kind(path: Path) -> str:
    """``zip`` for a file that can be an .xlsx workbook, else a key of FILE_KINDS."""
    with open(path, "rb") as fh:
        head = fh.read(1 << 20)
    if not head:
        return "empty"
    if head.startswith(b"PK"):
        return "zip" if zipfile.is_zipfile(path) else "damaged"
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE compound file
        return "encrypted" if "EncryptionInfo".encode("utf-16-le") in head else "xls"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.lstrip()[:1] == b"<":
        return "html"
    try:
        head[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return "other"
    return "text"


def unpacked(path: Path) -> tuple[int, str, int]:
    """(total bytes the workbook's parts unpack to, its largest part, that part's bytes)."""
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
    biggest = max(infos, key=lambda i: i.file_size, default=None)
    total = sum(i.file_size for i in infos)
    return total, biggest.filename if biggest else "", biggest.file_size if biggest else 0


@dataclass
class Marks:
    """What a sheet's XML holds that its values do not show: formulas without
    a calculated value ((row, column) → formula text) and merged ranges."""

    uncached: dict[tuple[int, int], str] = field(default_factory=dict)
    merged: list[str] = field(default_factory=list)


_MARK = re.compile(rb"<(?:\w+:)?(?:f|mergeCell)[\s/>]")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def sheet_marks(open_part) -> Marks:
    """The marks of one sheet; ``open_part()`` opens its XML. A first quick
    pass looks for a formula or a merged range at all, the second reads them."""
    with open_part() as fh:
        tail, found = b"", False
        while chunk := fh.read(1 << 20):
            if _MARK.search(tail + chunk):
                found = True
                break
            tail = chunk[-64:]
    marks = Marks()
    if not found:
        return marks
    with open_part() as fh:
        for _, elem in ET.iterparse(fh, events=("end",)):
            tag = _local(elem.tag)
            if tag == "c":
                _cell_mark(elem, marks)
                elem.clear()
            elif tag == "mergeCell" and elem.get("ref"):
                marks.merged.append(elem.get("ref"))
    return marks


def _cell_mark(elem, marks: Marks) -> None:
    children = {_local(child.tag): child for child in elem}
    if "f" not in children or elem.get("r") is None:
        return
    value = children.get("v")
    if value is None or not (value.text or "").strip():
        formula = (children["f"].text or "").strip()
        marks.uncached[coordinate_to_tuple(elem.get("r"))] = f"={formula}" if formula else ""


def merged_rows(ref: str) -> tuple[int, int, int, int]:
    """(first column, first row, last column, last row) of a range such as ``A3:B5``."""
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return min_col, min_row, max_col, max_row
