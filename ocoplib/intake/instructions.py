"""The template's instructions sheet (``huong_dan``), in Vietnamese: how to
fill the workbook in, every sheet's columns with their type, rule and
example, and the values of every closed list."""

from __future__ import annotations

from openpyxl.styles import Font

from ocoplib.base.contract import Column, Sheet, contract
from ocoplib.domain.units import Unit
from ocoplib.intake.xlcells import HEAD_ALIGN, HEAD_FONT, TOP_ALIGN, fill, put

INSTRUCTIONS = "huong_dan"
REQUIRED_FILL = "F8CBAD"  # the header of a required column
OPTIONAL_FILL = "DDEBF7"
_HOW_TO = [
    "1. Mỗi trang tính (sheet) là một bảng. Dòng 1 là tiêu đề cột: không sửa, không xoá, "
    "không đổi tên trang tính, không gộp ô.",
    "2. Đưa chuột vào ô tiêu đề để đọc ghi chú của cột: kiểu dữ liệu, quy tắc, ví dụ. "
    "Cột tô màu cam là bắt buộc; cột màu xanh có thể để trống.",
    "3. Cột có danh sách chọn (mũi tên bên phải ô khi chọn ô): chọn trong danh sách.",
    "4. Ngày: nhập ngày/tháng/năm, ví dụ 20/3/2024. Số: chỉ nhập số, không kèm đơn vị.",
    "5. Có/Không: chọn Có, hoặc để trống (là Không).",
    "6. Sản phẩm được đánh giá lại (nâng hạng, hạ hạng, cấp lại khi hết hạn): thêm một "
    "dòng mới với cùng Mã sản phẩm và ngày quyết định mới; không sửa dòng cũ.",
    "7. Chủ thể mới: thêm vào trang chu_the trước, rồi chọn Mã chủ thể ở trang san_pham.",
    "8. Không nhập công thức; không để dòng tiêu đề phụ hay dòng tổng cộng.",
    "9. Nhập xong: gửi tệp cho Văn phòng Điều phối nông thôn mới tỉnh. Tệp được kiểm tra "
    "bằng lệnh ocop validate; tệp kiểm tra gửi lại có ô lỗi tô đỏ, ô cảnh báo tô vàng, "
    "mỗi ô có ghi chú cách sửa và trang kiem_tra liệt kê mọi lỗi.",
]
_HEADS = ["Cột", "Mã cột", "Kiểu", "Bắt buộc", "Quy tắc", "Ví dụ"]


def describe(sheet: Sheet, col: Column) -> dict[str, str]:
    """A column's type, rule and example in Vietnamese, as the notes show them."""
    cat = contract()
    kind = cat.types.get(col.type, col.type)
    if col.type in ("integer", "number"):
        kind += col.range_text("vi")
    if col.type == "list":
        kind += ": " + " / ".join(v.label for v in cat.lists[col.list].values)
    rules = []
    if col.help:
        rules.append(col.help)
    if col.ref:
        sheet_key, key = col.ref.split(".")
        rules.append(
            f"phải có trong cột {cat.sheet(sheet_key).column(key).label} của trang {sheet_key}"
        )
    if sheet.unique and col.key == sheet.unique[0]:
        labels = " + ".join(sheet.column(k).label for k in sheet.unique)
        rules.append(f"{labels} không được trùng giữa hai dòng")
    if col.type == "unit":
        rules.append("tên đơn vị của trang dia_ban (có thể ghi kèm loại: Huyện, TP., TX.)")
    return {
        "label": col.label,
        "key": col.key,
        "type": kind,
        "required": "Bắt buộc" if col.required else "Không bắt buộc",
        "rule": "; ".join(rules),
        "example": col.example or "",
    }


_BLANK = [
    "Sổ dữ liệu mới, chưa có dòng nào. Điền trang dia_ban trước: mỗi dòng một đơn vị hành "
    "chính của tỉnh (huyện, thị xã, thành phố; xã, phường, thị trấn, đặc khu) với mã theo "
    "danh mục đơn vị hành chính Việt Nam, loại đơn vị và thời gian hiệu lực; một xã ghi mã "
    "huyện của nó ở cột Mã đơn vị cấp trên.",
    "Từ 01/7/2025 không còn cấp huyện: các huyện, thị xã, thành phố thuộc tỉnh và các xã cũ "
    "ghi Hiệu lực đến 30/6/2025 và Đơn vị kế thừa (mã các xã, phường, đặc khu mới tiếp nhận); "
    "các xã, phường, đặc khu mới ghi Hiệu lực từ 01/7/2025 và Mã đơn vị cấp trên là huyện cũ.",
    "Ở các trang khác, dòng có ngày trước 01/7/2025 ghi huyện (và xã nếu có); dòng có ngày "
    "từ 01/7/2025 ghi xã, phường, đặc khu ở cột Xã/phường/thị trấn (cột huyện để trống).",
    "Điền xong trang dia_ban: lệnh ocop template --province … --unit … --out … tạo mẫu nhập "
    "liệu cho từng huyện, xã, có sẵn danh sách chọn đơn vị.",
]


def write_instructions(
    ws, province_name: str, chosen: Unit | None, year: int, blank: bool = False
) -> None:
    """Fill ``ws`` with the instructions for the template of ``chosen`` (None:
    the whole province) whose lists hold the units valid in ``year``; ``blank``:
    for the empty workbook of a new province, whose sheet dia_ban comes first."""
    lines = _intro_lines(province_name, chosen, year)
    if blank:
        lines[0] = (f"SỔ DỮ LIỆU CHƯƠNG TRÌNH OCOP – TỈNH {province_name.upper()}", "title")
        lines[2:3] = [(text, None) for text in _BLANK]
    row = _intro(ws, lines)
    for sheet in contract().sheets:
        row = _columns_table(ws, sheet, row)
    _lists_table(ws, row)
    for letter, width in zip("ABCDEF", (30, 20, 36, 14, 60, 28), strict=True):
        ws.column_dimensions[letter].width = width


def _intro_lines(
    province_name: str, chosen: Unit | None, year: int
) -> list[tuple[str, str | None]]:
    """(text, style) of the lines above the tables."""
    lines: list[tuple[str, str | None]] = [
        (f"MẪU NHẬP LIỆU CHƯƠNG TRÌNH OCOP – TỈNH {province_name.upper()}", "title"),
        (f"Đơn vị: {chosen.full_name}" if chosen else "Phạm vi: toàn tỉnh", "bold"),
        (f"Danh sách đơn vị hành chính: các đơn vị có hiệu lực trong năm {year}.", None),
        ("", None),
        ("CÁCH NHẬP", "bold"),
        *((text, None) for text in _HOW_TO),
        ("", None),
    ]
    if chosen is not None:
        lines.insert(
            5,
            (
                f"Trang dia_ban đã có sẵn {chosen.full_name} và các đơn vị trực thuộc; trang "
                "chu_the đã có sẵn các chủ thể của đơn vị (bổ sung chủ thể mới nếu có).",
                None,
            ),
        )
    return lines


def _intro(ws, lines: list[tuple[str, str | None]]) -> int:
    """Write the lines from row 1; returns the next row."""
    row = 1
    for text, style in lines:
        c = ws.cell(row=row, column=1)
        put(c, text or None)
        if style == "title":
            c.font = Font(bold=True, size=14)
        elif style == "bold":
            c.font = HEAD_FONT
        row += 1
    return row


def _columns_table(ws, sheet: Sheet, row: int) -> int:
    """The sheet's title, help and table of columns from ``row``; returns the next row."""
    c = ws.cell(row=row, column=1)
    put(c, f"Trang {sheet.key} – {sheet.title}")
    c.font = Font(bold=True, size=12)
    put(ws.cell(row=row + 1, column=1), sheet.help)
    row += 2
    for j, h in enumerate(_HEADS, start=1):
        c = ws.cell(row=row, column=j, value=h)
        c.font, c.fill, c.alignment = HEAD_FONT, fill(OPTIONAL_FILL), HEAD_ALIGN
    row += 1
    for col in sheet.columns:
        d = describe(sheet, col)
        values = [d["label"], d["key"], d["type"], d["required"], d["rule"], d["example"]]
        for j, value in enumerate(values, start=1):
            c = ws.cell(row=row, column=j)
            put(c, value or None)
            c.alignment = TOP_ALIGN
        if col.required:
            ws.cell(row=row, column=1).fill = fill(REQUIRED_FILL)
        row += 1
    return row + 1


def _lists_table(ws, row: int) -> None:
    """Every closed list's values, with the other spellings accepted, from ``row``."""
    c = ws.cell(row=row, column=1)
    put(c, "CÁC DANH SÁCH (chọn đúng một giá trị; cách viết khác được chấp nhận ghi ở cột bên)")
    c.font = HEAD_FONT
    row += 1
    for clist in contract().lists.values():
        for v in clist.values:
            put(ws.cell(row=row, column=1), clist.label)
            put(ws.cell(row=row, column=3), v.label)
            accept = [*v.accept, *v.prefixes]
            put(ws.cell(row=row, column=5), ", ".join(accept) or None)
            row += 1
        for old, code in clist.legacy.items():
            put(ws.cell(row=row, column=1), clist.label)
            put(ws.cell(row=row, column=3), clist.label_of(code))
            put(ws.cell(row=row, column=5), f"tên cũ (danh mục 2018): {old}")
            row += 1
