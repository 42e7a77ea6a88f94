"""Problems found in the input: where (file, sheet, row, column), what value,
what was expected, and a suggestion when one exists; and the base class of
every error that ocop reports.

A problem reads in the language in use (``str(problem)``): its Vietnamese
``expected_vi``/``suggestion_vi`` when it carries them, else the catalog's
Vietnamese of its English text (a message marked ``N_()`` where it is made)."""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass
from enum import StrEnum

from openpyxl.utils import get_column_letter

from ocoplib.base.i18n import N_, language, translate
from ocoplib.base.i18n import gettext as _


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


SEVERITY_VI = {Severity.ERROR: "Lỗi", Severity.WARNING: "Cảnh báo"}
#: How a problem's line starts on the console.
SEVERITY_LABEL = {Severity.ERROR: N_("error"), Severity.WARNING: N_("warning")}
#: The file of a run's parameters (flags, notebook parameters).
PARAMETERS = "parameters"


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

    def expected_in(self, lang: str) -> str:
        """What was expected, in ``lang`` (``vi`` or ``en``)."""
        if lang == "en":
            return self.expected
        return self.expected_vi or translate(self.expected, lang)

    def suggestion_in(self, lang: str) -> str | None:
        if lang == "en" or not self.suggestion:
            return self.suggestion
        return self.suggestion_vi or translate(self.suggestion, lang)

    def where(self, lang: str | None = None) -> str:
        """The place, in ``lang`` (default: the language in use): file, sheet,
        row, column, cell."""
        lang = lang or language()

        def t(message: str) -> str:
            return translate(message, lang)

        if self.file == PARAMETERS:
            parts = [t(N_("parameter '{name}'")).format(name=self.column)] if self.column else []
            return ", ".join(parts) or t(N_("parameters"))
        parts = [self.file]
        if self.sheet:
            # The place in a text (its front matter, its body) is said as it is.
            plain = self.file.endswith(".md")
            parts.append(self.sheet if plain else t(N_("sheet {sheet}")).format(sheet=self.sheet))
        if self.row:
            parts.append(t(N_("row {row}")).format(row=self.row))
        if self.column and self.file.endswith((".yaml", ".yml")):
            parts.append(t(N_("key '{key}'")).format(key=self.column))
        elif self.column:
            parts.append(t(N_("column '{column}'")).format(column=self.column))
        if self.cell:
            parts.append(t(N_("cell {cell}")).format(cell=self.cell))
        return ", ".join(parts)

    def text(self, lang: str | None = None) -> str:
        """The problem in one line, in ``lang`` (default: the language in use)."""
        lang = lang or language()
        label = translate(SEVERITY_LABEL[Severity(self.severity)], lang)
        text = f"{label}: {self.where(lang)}"
        if self.value not in (None, ""):
            text += translate(N_(": value {value!r}"), lang).format(value=self.value)
        text += translate(N_(": expected {expected}"), lang).format(expected=self.expected_in(lang))
        suggestion = self.suggestion_in(lang)
        if suggestion:
            text += f" ({suggestion})"
        return text

    def __str__(self) -> str:
        return self.text()

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
        lines = [_("{n} error(s) in the input:").format(n=len(errors))]
        lines += [f"  {p}" for p in errors]
        super().__init__("\n".join(lines))

    def fields(self) -> dict:
        return {**super().fields(), "problems": [p.to_dict() for p in self.problems]}


#: pydantic's messages of the common errors in Vietnamese, by error type;
#: the fields are those of the error's ``ctx``.
PYDANTIC_VI = {
    "missing": "một giá trị: mục này là bắt buộc",
    "extra_forbidden": "không có mục này: xoá nó, hoặc sửa lại tên cho đúng",
    "int_parsing": "một số nguyên",
    "int_from_float": "một số nguyên",
    "int_type": "một số nguyên",
    "float_parsing": "một số",
    "float_type": "một số",
    "bool_parsing": "đúng hoặc sai (true/false)",
    "date_parsing": "một ngày dạng năm-tháng-ngày (ví dụ 2024-10-31)",
    "date_from_datetime_parsing": "một ngày dạng năm-tháng-ngày (ví dụ 2024-10-31)",
    "date_type": "một ngày dạng năm-tháng-ngày (ví dụ 2024-10-31)",
    "string_type": "một đoạn chữ",
    "string_too_short": "ít nhất {min_length} ký tự",
    "string_too_long": "nhiều nhất {max_length} ký tự",
    "string_pattern_mismatch": "chữ thường không dấu, số và dấu gạch nối (ví dụ quang-ngai)",
    "greater_than": "một số lớn hơn {gt}",
    "greater_than_equal": "một số không nhỏ hơn {ge}",
    "less_than": "một số nhỏ hơn {lt}",
    "less_than_equal": "một số không lớn hơn {le}",
    "too_short": "ít nhất {min_length} mục",
    "list_type": "một danh sách",
    "dict_type": "các cặp khoá: giá trị",
    "model_type": "các cặp khoá: giá trị",
    "unknown_format": "các định dạng trong danh sách: {choices} (không có {unknown})",
    "no_format": "ít nhất một định dạng trong danh sách: {choices}",
    "empty_folder": "tên một thư mục, không được để trống",
    "output_in_data": "một thư mục nằm ngoài thư mục dữ liệu {data}",
    "as_of_outside_year": "một ngày trong năm {year} (từ 01/01/{year} đến 31/12/{year})",
}


def _vietnamese(err: dict) -> str | None:
    text = PYDANTIC_VI.get(err.get("type", ""))
    if text is None:
        return None
    try:
        return text.format(**(err.get("ctx") or {}))
    except (KeyError, IndexError):
        return None


def validation_error(exc, file: str = PARAMETERS) -> InputError:
    """A pydantic ``ValidationError`` as an InputError naming every bad field,
    with the Vietnamese of the common errors."""
    return InputError(
        [
            Problem(
                Severity.ERROR,
                file,
                None,
                None,
                ".".join(str(p) for p in err["loc"]) or None,
                err.get("input") if err.get("type") != "missing" else None,
                err["msg"],
                expected_vi=_vietnamese(err),
            )
            for err in exc.errors()
        ]
    )


def parameter_problem(name: str, value, expected, suggestion=None) -> Problem:
    """A problem with a run's parameter (a flag, a notebook parameter);
    ``expected`` and ``suggestion`` are a text or an (English, Vietnamese) pair."""
    (expected, expected_vi), (suggestion, suggestion_vi) = both(expected), both(suggestion)
    return Problem(
        Severity.ERROR,
        PARAMETERS,
        None,
        None,
        name,
        value,
        expected,
        suggestion,
        expected_vi=expected_vi,
        suggestion_vi=suggestion_vi,
    )


def parameter_error(name: str, value, expected, suggestion=None) -> InputError:
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
