"""The problems found in one workbook, each with its place in the file."""

from __future__ import annotations

from ocoplib.base.contract import Sheet
from ocoplib.base.problems import Problem, both


class Recorder:
    """Collects the problems of one file in the order found."""

    def __init__(self, file: str, columns: dict[str, dict[str, int]]):
        self.file = file
        self.problems: list[Problem] = []
        self.columns = columns  # contract key → {column key or extra label: 1-based}

    def problem(
        self,
        severity,
        sheet=None,
        row=None,
        column=None,
        value=None,
        expected="",
        suggestion=None,
        col_index=None,
    ):
        """Record a problem; ``expected`` and ``suggestion`` are a text or an
        (English, Vietnamese) pair."""
        (expected, expected_vi), (suggestion, suggestion_vi) = both(expected), both(suggestion)
        self.problems.append(
            Problem(
                severity,
                self.file,
                sheet,
                row,
                column,
                value,
                expected,
                suggestion,
                col_index,
                expected_vi,
                suggestion_vi,
            )
        )

    def at(self, sheet: Sheet, name: str, row: int, key: str, value, expected, suggestion=None):
        """An error in the cell of column ``key`` on ``row``."""
        self.problem(
            "error",
            name,
            row,
            sheet.column(key).label,
            value,
            expected,
            suggestion,
            self.columns.get(sheet.key, {}).get(key),
        )

    # -- what the cells' values do not show ---------------------------------
    def too_big(self, total: int, part: str, size: int) -> None:
        """The workbook unpacks to more than the bound (see sniff.MAX_UNPACKED)."""
        from ocoplib.intake.sniff import MAX_UNPACKED

        mb, limit, part_mb = total // 2**20, MAX_UNPACKED // 2**20, size // 2**20
        self.problem(
            "error",
            expected=(
                f"a workbook that unpacks to at most {limit} MB; this one unpacks to "
                f"{mb} MB ({part}: {part_mb} MB)",
                f"một sổ dữ liệu giải nén tối đa {limit} MB; tệp này giải nén ra "
                f"{mb} MB ({part}: {part_mb} MB)",
            ),
            suggestion=(
                "open it in Excel, delete what is not OCOP data, and save it again",
                "mở bằng Excel, xoá những gì không phải dữ liệu OCOP, rồi lưu lại",
            ),
        )

    def merged(self, name: str, row: int, column, ref: str, col_index: int) -> None:
        """A merged range over data rows."""
        self.problem(
            "error",
            name,
            row,
            column,
            ref,
            (
                f"no merged cells over the data rows; {ref} is merged, so only "
                "its first cell holds a value and the others read as blank",
                f"các dòng dữ liệu không có ô gộp; vùng {ref} bị gộp nên chỉ ô đầu "
                "có giá trị, các ô còn lại bị đọc là trống",
            ),
            (
                "unmerge the cells and type the value in every row",
                "bỏ gộp ô và nhập giá trị vào từng dòng",
            ),
            col_index,
        )

    def excel_error(self, name: str, row: int, column: str, raw: str, col_index) -> None:
        """An Excel error value (#N/A, #REF! …) where a value belongs."""
        self.problem(
            "error",
            name,
            row,
            column,
            raw,
            (
                f"a value, not the Excel error {raw} (the formula behind it failed)",
                f"một giá trị, không phải lỗi Excel {raw} (công thức của ô bị lỗi)",
            ),
            (
                "correct the formula, or type the value itself",
                "sửa công thức, hoặc nhập trực tiếp giá trị",
            ),
            col_index,
        )

    def uncalculated(self, name: str, row: int, column: str, formula: str, col_index) -> None:
        """A formula that Excel never calculated: there is no value to read."""
        self.problem(
            "error",
            name,
            row,
            column,
            formula or None,
            (
                "a value; the cell holds a formula without a calculated value",
                "một giá trị; ô chứa công thức chưa được tính ra giá trị",
            ),
            (
                "open the workbook in Excel or LibreOffice, let it recalculate and save "
                "it; or type the value itself",
                "mở sổ bằng Excel hoặc LibreOffice để tính lại công thức rồi lưu; "
                "hoặc nhập trực tiếp giá trị",
            ),
            col_index,
        )

    def respelled(self, name: str, row: int, column: str, value: str, out: str, col_index):
        """An identifier read with the spelling first met."""
        self.problem(
            "warning",
            name,
            row,
            column,
            value,
            (
                f"one spelling per code; read as '{out}', the spelling first met "
                "(codes are compared ignoring case, dashes and invisible characters)",
                f"mỗi mã một cách viết; đọc là '{out}', cách viết gặp trước "
                "(mã được so sánh không phân biệt hoa thường, gạch nối, ký tự ẩn)",
            ),
            col_index=col_index,
        )
