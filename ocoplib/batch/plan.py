"""``ocop batch``: the reports of several years and units in one command.

The batch reads and checks the workbook once, resolves every scope, and
decides for each report whether it must run (see :mod:`ocoplib.batch.cache`); bad
input stops everything before anything is written. The reports then run in
parallel (:mod:`ocoplib.batch.pool`), each failing alone; the batch writes what went
wrong under ``<year>/_failed/``, refreshes ``outputs/index.html`` and
exits 1 if any report failed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ocoplib.base.formats import FORMATS, NOTEBOOK, files_of
from ocoplib.base.i18n import gettext as _
from ocoplib.base.params import ReportParams, parse_params
from ocoplib.base.problems import (
    InputError,
    Problem,
    parameter_error,
    parameter_problem,
    validation_error,
)
from ocoplib.base.text import sort_key
from ocoplib.batch import cache
from ocoplib.batch.failures import read_failure
from ocoplib.domain.units import (
    ReportScope,
    Scope,
    child_level,
    own_units,
    province_scope,
    report_place,
    require_units,
    resolve_scope,
    unit_scope,
)
from ocoplib.intake.reporttext import read_report_text, require_report_text
from ocoplib.intake.workbook import Workbook, read_workbook
from ocoplib.runs.run import check_notebook_parameters, notebooks_dir, output_folder

#: The names of scope sets in ``--scopes``.
KEYWORDS = {"all", "tinh", "districts", "communes"}
#: Seconds one report may run before it is stopped and counted as failed.
DEFAULT_TIMEOUT = 1800


# -- what to run ------------------------------------------------------------------
def parse_years(text: str | int | list) -> list[int]:
    """``2024``, ``2022-2024`` or ``2023,2024`` (also a YAML list) → years in order."""
    if isinstance(text, int):
        return [text]
    if isinstance(text, list):
        return sorted({y for item in text for y in parse_years(item)})
    years: set[int] = set()
    for part in str(text).replace(";", ",").split(","):
        part = part.strip()
        if m := re.fullmatch(r"(\d{4})\s*-\s*(\d{4})", part):
            first, last = int(m[1]), int(m[2])
            if first > last:
                raise parameter_error(
                    "years", text, _("a range from the earlier year to the later")
                )
            years.update(range(first, last + 1))
        elif re.fullmatch(r"\d{4}", part):
            years.add(int(part))
        else:
            raise parameter_error("years", text, _("years such as 2024, 2022-2024 or 2023,2024"))
    if not years:
        raise parameter_error("years", text, _("at least one year"))
    return sorted(years)


def parse_scopes(text: str | list) -> list[str]:
    """``all``, ``tinh``, ``districts``, ``communes`` or unit names, separated by ``;``."""
    items = text if isinstance(text, list) else str(text).split(";")
    out = [str(i).strip() for i in items if str(i).strip()]
    if not out:
        raise parameter_error("scopes", text, _("all, tinh, communes or unit names separated by ;"))
    return out


def resolve_scopes(items: list[str], workbook: Workbook, province_name: str, day: dt.date):
    """The scopes the items name on ``day``, province first, each once."""
    scopes: dict[str, Scope] = {}
    problems: list[Problem] = []
    for item in items:
        key = item.casefold()
        if key in KEYWORDS:
            if key in ("all", "tinh"):
                scopes.setdefault("tinh", province_scope(province_name, workbook.units, day))
            below = child_level(workbook.units, day)
            level = {"all": below, "districts": "district", "communes": "commune"}
            if key in level:
                own = own_units(workbook.units, day)  # not another province's before a merger
                units = [u for u in own if u.level == level[key] and u.valid_on(day)]
                for u in sorted(units, key=lambda u: sort_key(u.name)):
                    scope = unit_scope(u, workbook.units, day)
                    scopes.setdefault(scope.slug, scope)
            continue
        try:
            scope = resolve_scope(item, workbook.units, province_name, day)
        except InputError as exc:
            problems += exc.problems
            continue
        scopes.setdefault(scope.slug, scope)
    if problems:
        raise InputError(problems)
    return list(scopes.values())


class RunSpec(BaseModel):
    """One entry of a batch file: years and scopes, optionally a cut-off date."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    years: str | int | list[str | int]
    scopes: str | list[str] = "all"
    as_of: dt.date | None = None

    @field_validator("years", mode="before")
    @classmethod
    def _years(cls, value):
        parse_years(value if not isinstance(value, tuple) else list(value))
        return value


class BatchFile(BaseModel):
    """A YAML batch file: the parameter sets of one notebook (see README)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    province: str = "quang-ngai"
    data_dir: Path | None = None
    output_dir: Path | None = None
    formats: list[str] | str | None = None
    notebook: Path | None = None
    timeout: float | None = Field(None, gt=0)
    runs: list[RunSpec] = Field(min_length=1)


def read_batch_file(path: Path) -> BatchFile:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        expected = _("a readable YAML batch file ({reason})").format(reason=exc.strerror)
        raise parameter_error("file", str(path), expected) from None
    except yaml.YAMLError as exc:
        expected = _("valid YAML ({reason})").format(reason=exc)
        raise parameter_error("file", str(path), expected) from None
    if isinstance(data, dict):
        for run in data.get("runs") or []:
            if isinstance(run, dict) and "year" in run and "years" not in run:
                run["years"] = run.pop("year")
            if isinstance(run, dict) and "scope" in run and "scopes" not in run:
                run["scopes"] = run.pop("scope")
    try:
        return BatchFile.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, Path(path).name) from None


@dataclass
class Job:
    """One report of the batch, resolved and fingerprinted."""

    params: ReportParams
    target: ReportScope
    text_path: Path
    fingerprint: dict[str, str]
    decision: cache.Decision
    parameters: dict = field(default_factory=dict)
    failed: dict | None = None

    @property
    def scope(self) -> Scope:
        return self.target.scope

    @property
    def key(self) -> str:
        return f"{self.params.province}/{self.params.year}/{self.scope.slug}"

    @property
    def label(self) -> str:
        return f"{self.params.year} {self.scope.slug}"

    @property
    def folder(self) -> Path:
        return output_folder(self.params, self.scope.slug)


@dataclass
class Plan:
    workbook: Workbook
    jobs: list[Job]
    notebook: Path
    timeout: float
    fresh_kernels: bool = False


def plan(
    province: str,
    runs: list[tuple[list[int], list[str], dt.date | None]],
    data_dir: Path,
    output_dir: Path,
    formats=FORMATS,
    notebook: Path | None = None,
    force: bool = False,
    timeout: float | None = None,
    fresh_kernels: bool = False,
) -> Plan:
    """Check everything and decide what runs; raises InputError before any write."""
    # Absolute paths: the kernels run in the notebook's folder, Dask workers anywhere.
    base = parse_params(
        province=province,
        data_dir=Path(data_dir).resolve(),
        output_dir=Path(output_dir).resolve(),
        formats=formats,
    )
    notebook = Path(notebook or notebooks_dir() / NOTEBOOK).resolve()
    if not notebook.is_file():
        raise parameter_error("notebook", str(notebook), _("an existing notebook file"))
    workbook = read_workbook(base.workbook_path)
    jobs = _jobs(base, runs, workbook, notebook)
    for job in jobs:
        job.failed = read_failure(job.folder)
        job.decision = cache.decide(
            job.folder,
            job.fingerprint,
            files_of(job.params.formats),
            force=force,
            failed=job.failed,
        )
    return Plan(workbook, jobs, notebook, timeout or DEFAULT_TIMEOUT, fresh_kernels)


def _jobs(base: ReportParams, runs, workbook: Workbook, notebook: Path) -> list[Job]:
    """Every report the runs name, each once; InputError lists every bad year or scope."""
    index = cache.DataIndex(workbook)
    jobs: dict[str, Job] = {}
    problems: list[Problem] = []
    for years, items, as_of in runs:
        for year in years:
            params = parse_params(
                **base.model_copy(update={"year": year, "as_of": as_of}).model_dump()
            )
            try:
                require_report_text(params.text_path, year)
            except InputError as exc:
                problems += exc.problems
                continue
            text = read_report_text(params.text_path, year)
            day, province_name = report_place(year, as_of, text.meta, params.province)
            try:
                require_units(workbook.units, day, year)
                scopes = resolve_scopes(items, workbook, province_name, day)
            except InputError as exc:
                problems += exc.problems
                continue
            for scope in scopes:
                job = _job(params, ReportScope(scope, day, province_name, year), notebook, index)
                previous = jobs.setdefault(job.key, job)
                if previous.parameters != job.parameters:
                    problems.append(
                        parameter_problem(
                            "as_of",
                            f"{year} {scope.slug}",
                            _(
                                "one cut-off date per year and scope: the batch lists this "
                                "report twice with different dates"
                            ),
                        )
                    )
    if problems:
        raise InputError(problems)
    return list(jobs.values())


def _job(params: ReportParams, target: ReportScope, notebook: Path, index) -> Job:
    job_params = params.model_copy(update={"scope": target.slug})
    check_notebook_parameters(job_params.notebook_parameters(target.slug, None))
    parameters = {
        "province": params.province,
        "year": target.year,
        "scope": target.slug,
        "as_of": target.day.isoformat(),
        "formats": list(params.formats),
    }
    return Job(
        params=job_params,
        target=target,
        text_path=params.text_path,
        fingerprint=cache.fingerprint(
            parameters,
            notebook,
            index.scope_parts(target.scope, target.year),
            params.text_path,
            params.unit_text_path(target.slug),
        ),
        decision=cache.Decision(False, ""),
        parameters=parameters,
    )
