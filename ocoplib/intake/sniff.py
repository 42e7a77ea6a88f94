"""What a file handed in as the workbook is, judged by its first bytes."""

from __future__ import annotations

import zipfile
from pathlib import Path

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
