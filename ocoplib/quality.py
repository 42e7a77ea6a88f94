"""Data-quality notes: every warning of the load, shown to reviewers."""

from __future__ import annotations

from ocoplib.tables import Col, Table


def warnings_table(report) -> Table:
    rows = [
        [
            n,
            p.sheet or "",
            p.row,
            p.column or "",
            "" if p.value is None else str(p.value),
            p.expected,
        ]
        for n, p in enumerate(report.warnings, start=1)
    ]
    return Table(
        key="chat_luong_du_lieu",
        title="Ghi chú chất lượng dữ liệu: cảnh báo khi đọc sổ dữ liệu",
        columns=[
            Col("STT", "int", 5),
            Col("Sheet", "text", 12),
            Col("Dòng", "int", 6),
            Col("Cột", "text", 18),
            Col("Giá trị", "text", 24),
            Col("Nội dung", "text", 60),
        ],
        rows=rows,
        note=None if rows else "Không có cảnh báo.",
    )
