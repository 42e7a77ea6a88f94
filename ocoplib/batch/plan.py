"""``ocop batch``: the reports of several years and units in one command.

The batch reads and checks the workbook once, resolves every scope, and
decides for each report whether it must run (see :mod:`ocoplib.batch.cache`); bad
input stops everything before anything is written. The reports then run in
parallel (:mod:`ocoplib.batch.pool`), each failing alone; the batch writes what went
wrong under ``<year>/_failed/``, refreshes ``outputs/index.html`` and
exits 1 if any report failed.
"""

from __future__ import annotations

import atexit
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ocoplib.base.formats import FORMATS, RESULTS, files_of
from ocoplib.base.params import ReportParams, parse_params
from ocoplib.base.problems import InputError, Problem, parameter_error, parameter_problem
from ocoplib.base.text import sort_key
from ocoplib.batch import cache
from ocoplib.domain.units import (
    Scope,
    child_level,
    own_units,
    province_scope,
    resolve_scope,
    unit_scope,
)
from ocoplib.intake.reporttext import read_report_text
from ocoplib.intake.workbook import Workbook, read_workbook
from ocoplib.runs.run import (
    FAILED_DIR,
    RunError,
    check_notebook_parameters,
    failed_notebook,
    notebooks_dir,
    output_folder,
    render_report,
)

#: From this date the level below the province is the commune (Resolution 202/2025/QH15).
KEYWORDS = {"all", "tinh", "districts", "communes"}
FAILURE_SCHEMA = "ocop-failure/1"
#: Seconds one report may run before it is stopped and counted as failed.
DEFAULT_TIMEOUT = 1800


def _usage(field_name: str, value, expected: str) -> InputError:
    return parameter_error(field_name, value, expected)


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
                raise _usage("years", text, "a range from the earlier year to the later")
            years.update(range(first, last + 1))
        elif re.fullmatch(r"\d{4}", part):
            years.add(int(part))
        else:
            raise _usage("years", text, "years such as 2024, 2022-2024 or 2023,2024")
    if not years:
        raise _usage("years", text, "at least one year")
    return sorted(years)


def parse_scopes(text: str | list) -> list[str]:
    """``all``, ``tinh``, ``districts``, ``communes`` or unit names, separated by ``;``."""
    items = text if isinstance(text, list) else str(text).split(";")
    out = [str(i).strip() for i in items if str(i).strip()]
    if not out:
        raise _usage("scopes", text, "all, tinh, communes or unit names separated by ;")
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
        raise _usage("file", str(path), f"a readable YAML batch file ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise _usage("file", str(path), f"valid YAML ({exc})") from None
    if isinstance(data, dict):
        for run in data.get("runs") or []:
            if isinstance(run, dict) and "year" in run and "years" not in run:
                run["years"] = run.pop("year")
            if isinstance(run, dict) and "scope" in run and "scopes" not in run:
                run["scopes"] = run.pop("scope")
    try:
        return BatchFile.model_validate(data)
    except ValidationError as exc:
        raise InputError(
            [
                Problem(
                    "error",
                    Path(path).name,
                    None,
                    None,
                    ".".join(str(p) for p in err["loc"]),
                    err.get("input"),
                    err["msg"],
                )
                for err in exc.errors()
            ]
        ) from None


@dataclass
class Job:
    """One report of the batch, resolved and fingerprinted."""

    params: ReportParams
    scope: Scope
    title: str
    text_path: Path
    fingerprint: dict[str, str]
    decision: cache.Decision
    parameters: dict = field(default_factory=dict)
    failed: dict | None = None

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
    notebook = Path(notebook or notebooks_dir() / "report.ipynb").resolve()
    if not notebook.is_file():
        raise _usage("notebook", str(notebook), "an existing notebook file")
    workbook = read_workbook(base.workbook_path)
    index = cache.DataIndex(workbook)
    jobs: dict[str, Job] = {}
    problems: list[Problem] = []
    for years, items, as_of in runs:
        for year in years:
            params = base.model_copy(update={"year": year, "as_of": as_of})
            params = parse_params(**params.model_dump())
            text = read_report_text(params.text_path, year)
            day = as_of or text.meta.get("as_of") or dt.date(year, 12, 31)
            if isinstance(day, dt.datetime):
                day = day.date()
            province_name = text.meta.get("ten_tinh") or province
            try:
                scopes = resolve_scopes(items, workbook, province_name, day)
            except InputError as exc:
                problems += exc.problems
                continue
            for scope in scopes:
                job_params = params.model_copy(update={"scope": scope.slug})
                check_notebook_parameters(job_params.notebook_parameters(scope.slug, None))
                parameters = {
                    "province": province,
                    "year": year,
                    "scope": scope.slug,
                    "as_of": day.isoformat(),
                    "formats": list(params.formats),
                }
                job = Job(
                    params=job_params,
                    scope=scope,
                    title=f"Báo cáo OCOP {province_name} {year} – {scope.full_name}",
                    text_path=params.text_path,
                    fingerprint=cache.fingerprint(
                        parameters, notebook, index.scope_parts(scope, year), params.text_path
                    ),
                    decision=cache.Decision(False, ""),
                    parameters=parameters,
                )
                previous = jobs.get(job.key)
                if previous is not None and previous.parameters != parameters:
                    problems.append(
                        parameter_problem(
                            "as_of",
                            f"{year} {scope.slug}",
                            "one cut-off date per year and scope: the batch lists this "
                            "report twice with different dates",
                        )
                    )
                jobs.setdefault(job.key, job)
    if problems:
        raise InputError(problems)
    for job in jobs.values():
        job.failed = read_failure(job.folder)
        job.decision = cache.decide(
            job.folder,
            job.fingerprint,
            files_of(job.params.formats),
            force=force,
            failed=job.failed,
        )
    return Plan(workbook, list(jobs.values()), notebook, timeout or DEFAULT_TIMEOUT, fresh_kernels)


# -- one report, in a worker ------------------------------------------------------
def task_of(job: Job, plan_: Plan, workbook_file: Path | None, digest: str) -> dict:
    """What a worker needs to run one report: plain values only."""
    inputs = [cache.input_entry(plan_.workbook.path), cache.input_entry(job.text_path)]
    return {
        "key": job.key,
        "params": job.params.model_dump(mode="json"),
        "slug": job.scope.slug,
        "title": job.title,
        "notebook": str(plan_.notebook),
        "workbook_file": str(workbook_file) if workbook_file else None,
        "workbook_digest": digest,
        "timeout": plan_.timeout,
        "fingerprint": job.fingerprint,
        "inputs": [i for i in inputs if i],
        "parameters": job.parameters,
        "fresh_kernel": plan_.fresh_kernels,
    }


_local = threading.local()


def warm_kernel():
    """This worker's (thread's) warm kernel, shut down when the process ends."""
    from ocoplib.runs.run import WarmKernel

    if getattr(_local, "kernel", None) is None:
        _local.kernel = WarmKernel()
        atexit.register(_local.kernel.discard)
    return _local.kernel


def run_job(task: dict, workbook: bytes | None = None) -> dict:
    """Run one report; a failure is returned, never raised."""
    from ocoplib.batch.pool import local_workbook_file

    started = time.monotonic()
    result = {"key": task["key"], "cell": None, "notebook": None, "message": None, "kind": None}
    try:
        params = ReportParams(**task["params"])
        workbook_file = task["workbook_file"]
        if workbook is not None:
            workbook_file = local_workbook_file(workbook, task["workbook_digest"])
        target = output_folder(params, task["slug"])
        failed_notebook(target).unlink(missing_ok=True)
        render_report(
            params,
            task["slug"],
            task["title"],
            say=lambda _: None,
            notebook=Path(task["notebook"]),
            workbook_file=Path(workbook_file),
            timeout=task["timeout"],
            record=lambda seconds: cache.make_record(
                task["fingerprint"], task["inputs"], task["parameters"], seconds
            ),
            keep_failed=True,
            kernel=None if task.get("fresh_kernel") else warm_kernel(),
        )
        result["status"] = "done"
    except RunError as exc:
        kept = failed_notebook(output_folder(params, task["slug"]))
        result.update(
            status="failed",
            kind=exc.kind,
            cell=exc.cell,
            message=exc.message,
            notebook=str(kept) if kept.is_file() else None,
        )
    except Exception as exc:  # a kernel that never started, a full disk …
        result.update(status="failed", kind="error", message=f"{type(exc).__name__}: {exc}")
    result["seconds"] = round(time.monotonic() - started, 1)
    return result


# -- failures kept beside the outputs ---------------------------------------------
def failure_record(folder: Path) -> Path:
    return folder.parent / FAILED_DIR / f"{folder.name}.json"


def read_failure(folder: Path) -> dict | None:
    try:
        return json.loads(failure_record(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_failure(job: Job, result: dict) -> None:
    path = failure_record(job.folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    notebook = result.get("notebook")
    data = {
        "schema": FAILURE_SCHEMA,
        "province": job.params.province,
        "year": job.params.year,
        "scope": {
            "code": job.scope.code,
            "slug": job.scope.slug,
            "name": job.scope.name,
            "type": job.scope.type_label,
        },
        "kind": result.get("kind"),
        "cell": result.get("cell"),
        "message": result.get("message"),
        "notebook": Path(notebook).name if notebook else None,
        "failed_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "seconds": result.get("seconds"),
        "parameters": job.parameters,
        "kept_previous": (job.folder / RESULTS).is_file(),
    }
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n", "utf-8")
    os.replace(tmp, path)


def clear_failure(job: Job) -> None:
    record = failure_record(job.folder)
    record.unlink(missing_ok=True)
    failed_notebook(job.folder).unlink(missing_ok=True)
    try:
        record.parent.rmdir()
    except OSError:
        pass


@dataclass
class Outcome:
    """What a batch did: every job with its result."""

    jobs: list[Job]
    results: dict[str, dict]
    seconds: float
    index: Path | None = None

    @property
    def failed(self) -> list[Job]:
        return [j for j in self.jobs if self.results.get(j.key, {}).get("status") == "failed"]

    @property
    def done(self) -> list[Job]:
        return [j for j in self.jobs if self.results.get(j.key, {}).get("status") == "done"]

    @property
    def skipped(self) -> list[Job]:
        return [j for j in self.jobs if not j.decision.run]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def run_batch(
    plan_: Plan,
    workers: int | None = None,
    scheduler: str | None = None,
    log=None,
) -> Outcome:
    """Run what the plan decided, then write the failures and the index."""
    from ocoplib.batch.index import write_index
    from ocoplib.batch.pool import DaskPool, LocalPool
    from ocoplib.batch.progress import Log, duration

    log = log or Log()
    begin = time.monotonic()
    by_key = {j.key: j for j in plan_.jobs}
    results: dict[str, dict] = {}
    for job in plan_.jobs:
        verb = "run" if job.decision.run else "skip"
        log.line(f"[{job.label}] {verb}: {job.decision.reason}")
    todo = [j for j in plan_.jobs if j.decision.run]
    # The biggest report first: the province's has every unit's rows.
    todo.sort(key=lambda j: (not j.scope.is_province, j.params.year))
    running: dict[str, float] = {}
    durations: list[float] = []
    width = max(1, workers or os.cpu_count() or 1)

    def tick() -> None:
        done = sum(1 for r in results.values() if r["status"] == "done")
        failed = len(results) - done
        left = len(todo) - len(results) - len(running)
        text = (
            f"done {done} · running {len(running)} · failed {failed} · "
            f"skipped {len(plan_.jobs) - len(todo)} · waiting {left}"
        )
        if durations and (left or running):
            mean = sum(durations) / len(durations)
            now = time.monotonic()
            busy = sum(max(0.0, mean - (now - t)) for t in running.values())
            text += f" · about {duration((left * mean + busy) / width)} left"
        log.progress(text)

    def started(task: dict) -> None:
        running[task["key"]] = time.monotonic()
        tick()

    def finished(task: dict, result: dict) -> None:
        running.pop(task["key"], None)
        job = by_key[task["key"]]
        results[job.key] = result
        durations.append(result.get("seconds") or 0.0)
        if result["status"] == "done":
            clear_failure(job)
            log.line(f"[{job.label}] done in {duration(result['seconds'])}")
        else:
            write_failure(job, result)
            log.line(f"[{job.label}] FAILED: {result['message']}", important=True)
        tick()

    tmp = Path(tempfile.mkdtemp(prefix="ocop-batch-"))
    try:
        if todo:
            data = pickle_bytes(plan_.workbook)
            digest = hashlib.sha256(data).hexdigest()
            if scheduler:
                tasks = [task_of(j, plan_, None, digest) for j in todo]
                log.line(f"sending {len(tasks)} report(s) to the Dask scheduler {scheduler}")
                DaskPool(scheduler, plan_.timeout).run(tasks, data, started, finished, tick)
            else:
                workbook_file = tmp / "workbook.pickle"
                workbook_file.write_bytes(data)
                tasks = [task_of(j, plan_, workbook_file, digest) for j in todo]
                pool = LocalPool(width, plan_.timeout, stderr=log.path)
                pool.run(tasks, started, finished, tick)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        log.close()
    outcome = Outcome(plan_.jobs, results, time.monotonic() - begin)
    outcome.index = write_index(plan_.jobs[0].params.output_dir) if plan_.jobs else None
    return outcome


def pickle_bytes(workbook: Workbook) -> bytes:
    import pickle

    return pickle.dumps(workbook, protocol=pickle.HIGHEST_PROTOCOL)
