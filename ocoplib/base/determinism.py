"""Byte-for-byte reproducible files: one build time for a run, and zip
containers (xlsx, docx) rewritten with fixed entry times and order.

The build time is ``SOURCE_DATE_EPOCH`` when it is set (the convention of
reproducible builds), else midnight UTC of the report's cut-off date: it comes
from the data, never from the clock."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"
#: Zip cannot store dates before 1980.
_ZIP_FLOOR = dt.datetime(1980, 1, 1)


def build_time(as_of: dt.date | None = None) -> dt.datetime:
    """The time stamped into outputs (naive, UTC)."""
    epoch = os.environ.get(EPOCH_VARIABLE, "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)
    day = as_of or dt.date(2000, 1, 1)
    return dt.datetime(day.year, day.month, day.day)


def normalised_zip(data: bytes, when: dt.datetime) -> bytes:
    """A zip container (xlsx, docx) with every entry dated ``when``, in its
    original order, so that equal content gives equal bytes."""
    stamp = max(when, _ZIP_FLOOR).timetuple()[:6]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def save_zip(document, path: Path, when: dt.datetime) -> None:
    """Save an openpyxl Workbook or python-docx Document reproducibly."""
    raw = io.BytesIO()
    if hasattr(document, "worksheets"):
        # openpyxl's save() stamps the current time as "modified"; its writer does not.
        from openpyxl.writer.excel import ExcelWriter

        ExcelWriter(document, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    else:
        document.save(raw)
    Path(path).write_bytes(normalised_zip(raw.getvalue(), when))
