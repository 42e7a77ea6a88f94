"""Problems found in the input: where (file, sheet, row, column), what value,
what was expected, and a suggestion when one exists; and the base class of
every error that ocop reports."""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass
from enum import StrEnum

from openpyxl.utils import get_column_letter


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


SEVERITY_VI = {Severity.ERROR: "Lỗi", Severity.WARNING: "Cảnh báo"}


class OcopError(Exception):
    """Every error that ocop reports to its user: a message and structured
    fields (``fields()``) for programs, the log and the failure records."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def fields(self) -> dict:
        return {"kind": type(self).__name__, "message": self.message}


@dataclass(frozen=True)
class Problem:
    severity: Severity  # a plain "error" or "warning" is accepted as well
    file: str
    sheet: str | None  # the sheet name as written in the file
    row: int | None  # the row number as Excel shows it
    column: str | None  # the column label of the contract (or the header as written)
    value: object
    expected: str
    suggestion: str | None = None
    col_index: int | None = None  # 1-based column of the cell in the file, when known
    # The same in Vietnamese, for the officers who fix the file (annotated copy).
    expected_vi: str | None = None
    suggestion_vi: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR

    @property
    def cell(self) -> str | None:
        """The cell reference Excel shows (``E12``), when row and column are known."""
        if self.row and self.col_index:
            return f"{get_column_letter(self.col_index)}{self.row}"
        return None

    def where(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        if self.cell:
            parts.append(f"cell {self.cell}")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.severity}: {self.where()}"
        if self.value not in (None, ""):
            text += f": value {self.value!r}"
        text += f": expected {self.expected}"
        if self.suggestion:
            text += f" ({self.suggestion})"
        return text

    def to_dict(self) -> dict:
        d = asdict(self)
        d["value"] = None if self.value is None else str(self.value)
        return d


def split(problems: list[Problem]) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings), each in the order found."""
    return [p for p in problems if p.is_error], [p for p in problems if not p.is_error]


class InputError(OcopError):
    """Bad input: one or more errors, reported together."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        errors = [p for p in self.problems if p.is_error]
        lines = [f"{len(errors)} error(s) in the input:"] + [f"  {p}" for p in errors]
        super().__init__("\n".join(lines))

    def fields(self) -> dict:
        return {**super().fields(), "problems": [p.to_dict() for p in self.problems]}


def validation_error(exc, file: str = "parameters") -> InputError:
    """A pydantic ``ValidationError`` as an InputError naming every bad field."""
    return InputError(
        [
            Problem(
                Severity.ERROR,
                file,
                None,
                None,
                ".".join(str(p) for p in err["loc"]),
                err.get("input"),
                err["msg"],
            )
            for err in exc.errors()
        ]
    )


def parameter_problem(name: str, value, expected: str, suggestion: str | None = None) -> Problem:
    """A problem with a run's parameter (a flag, a notebook parameter)."""
    return Problem(Severity.ERROR, "parameters", None, None, name, value, expected, suggestion)


def parameter_error(name: str, value, expected: str, suggestion: str | None = None) -> InputError:
    return InputError([parameter_problem(name, value, expected, suggestion)])


def closest(value: str, candidates: dict[str, str], n: int = 3) -> list[str]:
    """The display names whose keys are closest to ``value`` (a folded key)."""
    keys = difflib.get_close_matches(value, list(candidates), n=n, cutoff=0.5)
    seen: list[str] = []
    for k in keys:
        if candidates[k] not in seen:
            seen.append(candidates[k])
    return seen


def did_you_mean(names: list[str]) -> str | None:
    if not names:
        return None
    return "did you mean " + " or ".join(f"'{n}'" for n in names) + "?"


def suggest(names: list[str]) -> tuple[str, str] | None:
    """``did you mean …?`` in English and in Vietnamese, or None."""
    if not names:
        return None
    return did_you_mean(names), "có phải là " + " hoặc ".join(f"'{n}'" for n in names) + "?"


def both(text) -> tuple[str | None, str | None]:
    """(English, Vietnamese) from a message given as one text or as a pair."""
    if text is None or isinstance(text, str):
        return text, None
    return text[0], text[1]
