"""A run's parameters: one frozen, validated object. An unknown or mistyped
parameter is an error before any kernel starts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from ocoplib.base.formats import FORMATS
from ocoplib.base.problems import validation_error

DEFAULT_PROVINCE = "quang-ngai"
DEFAULT_YEAR = 2024


class ReportParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    province: str = Field(DEFAULT_PROVINCE, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    year: int = Field(DEFAULT_YEAR, ge=2000, le=2100)
    scope: str = Field("tinh", min_length=1, max_length=200)
    as_of: dt.date | None = None
    data_dir: Path = Path("data")
    output_dir: Path = Path("outputs")
    formats: tuple[str, ...] = FORMATS

    @field_validator("formats", mode="before")
    @classmethod
    def _formats(cls, value):
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        value = tuple(value)
        unknown = [v for v in value if v not in FORMATS]
        if unknown:
            # A type of its own, so that the problem reads in Vietnamese too.
            raise PydanticCustomError(
                "unknown_format",
                "unknown format(s) {unknown}; choose from {choices}",
                {"unknown": ", ".join(unknown), "choices": ", ".join(FORMATS)},
            )
        if not value:
            raise PydanticCustomError(
                "no_format", "at least one format of {choices}", {"choices": ", ".join(FORMATS)}
            )
        return tuple(f for f in FORMATS if f in value)

    @field_validator("data_dir", "output_dir", mode="before")
    @classmethod
    def _folder(cls, value):
        # Path("") is the current folder: an empty flag must not write there.
        if isinstance(value, str | Path) and not str(value).strip():
            raise PydanticCustomError("empty_folder", "a folder name, not an empty text")
        return value

    @field_validator("output_dir")
    @classmethod
    def _outside_data(cls, value: Path, info: ValidationInfo):
        """Reports never go into the data folder, beside the inputs."""
        data = info.data.get("data_dir")
        if data is not None and Path(value).resolve().is_relative_to(Path(data).resolve()):
            raise PydanticCustomError(
                "output_in_data", "a folder outside the data folder {data}", {"data": str(data)}
            )
        return value

    @field_validator("as_of")
    @classmethod
    def _as_of(cls, value: dt.date | None, info: ValidationInfo):
        """A report of a year is made on a day of that year."""
        year = info.data.get("year")
        if value is not None and year is not None and value.year != year:
            raise PydanticCustomError(
                "as_of_outside_year",
                "a day of {year} (from 01/01/{year} to 31/12/{year})",
                {"year": year},
            )
        return value

    @property
    def workbook_path(self) -> Path:
        return self.data_dir / self.province / "ocop.xlsx"

    @property
    def text_path(self) -> Path:
        return self.data_dir / self.province / str(self.year) / "bao_cao.md"

    def unit_text_path(self, slug: str) -> Path | None:
        """A unit report's own text beside bao_cao.md (None for the province)."""
        return None if slug == "tinh" else self.text_path.with_name(f"{slug}.md")

    def notebook_parameters(
        self, scope_slug: str, output_dir: Path | None, workbook_file: Path | None = None
    ) -> dict:
        """What papermill injects: plain JSON values only, so that nothing in a
        parameter can become code in the notebook. ``workbook_file`` is the
        checked workbook the run hands to the kernel (None: the kernel reads it)."""
        return {
            "province": self.province,
            "year": self.year,
            "scope": scope_slug,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "data_dir": str(self.data_dir.resolve()),
            "output_dir": str(output_dir.resolve()) if output_dir else None,
            "formats": list(self.formats),
            "workbook": str(Path(workbook_file).resolve()) if workbook_file else None,
        }


def parse_params(**values) -> ReportParams:
    """Build parameters or raise InputError naming every bad one."""
    try:
        return ReportParams(**{k: v for k, v in values.items() if v is not None})
    except ValidationError as exc:
        raise validation_error(exc) from None
