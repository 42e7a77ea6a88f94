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
