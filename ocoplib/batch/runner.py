"""Running a planned batch: the reports in parallel (:mod:`ocoplib.batch.pool`),
each failing alone, with a progress line; then the failures are kept beside
the outputs and ``outputs/index.html`` is written."""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from ocoplib.base.i18n import gettext as _
from ocoplib.batch.failures import clear_failure, write_failure
from ocoplib.batch.index import write_index
from ocoplib.batch.plan import Job, Plan
from ocoplib.batch.pool import DaskPool, LocalPool
from ocoplib.batch.progress import Log, duration
from ocoplib.batch.worker import Status, task_of
from ocoplib.runs.run import handed_over, pickle_bytes, stopped_cleanly


@dataclass
class Outcome:
    """What a batch did: every job with its result."""

    jobs: list[Job]
    results: dict[str, dict]
    seconds: float
    index: Path | None = None

    @property
    def failed(self) -> list[Job]:
        return [j for j in self.jobs if self.results.get(j.key, {}).get("status") == Status.FAILED]

    @property
    def done(self) -> list[Job]:
        return [j for j in self.jobs if self.results.get(j.key, {}).get("status") == Status.DONE]

    @property
    def skipped(self) -> list[Job]:
        return [j for j in self.jobs if not j.decision.run]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def _progress(done: int, running: int, failed: int, skipped: int, waiting: int) -> str:
    return _(
        "done {done} · running {running} · failed {failed} · skipped {skipped} · waiting {waiting}"
    ).format(done=done, running=running, failed=failed, skipped=skipped, waiting=waiting)


def run_batch(
    plan_: Plan,
    workers: int | None = None,
    scheduler: str | None = None,
    log=None,
) -> Outcome:
    """Run what the plan decided, then write the failures and the index."""

    log = log or Log()
    begin = time.monotonic()
    by_key = {j.key: j for j in plan_.jobs}
    results: dict[str, dict] = {}
    for job in plan_.jobs:
        verb = _("run") if job.decision.run else _("skip")
        log.line(f"[{job.label}] {verb}: {job.decision.reason}")
    todo = [j for j in plan_.jobs if j.decision.run]
    # The biggest report first: the province's has every unit's rows.
    todo.sort(key=lambda j: (not j.scope.is_province, j.params.year))
    running: dict[str, float] = {}
    durations: list[float] = []
    width = max(1, workers or os.cpu_count() or 1)

    def tick() -> None:
        done = sum(1 for r in results.values() if r["status"] == Status.DONE)
        failed = len(results) - done
        left = len(todo) - len(results) - len(running)
        text = _progress(done, len(running), failed, len(plan_.jobs) - len(todo), left)
        if durations and (left or running):
            mean = sum(durations) / len(durations)
            now = time.monotonic()
            busy = sum(max(0.0, mean - (now - t)) for t in running.values())
            text += _(" · about {time} left").format(time=duration((left * mean + busy) / width))
        log.progress(text)

    def started(task: dict) -> None:
        running[task["key"]] = time.monotonic()
        tick()

    def finished(task: dict, result: dict) -> None:
        running.pop(task["key"], None)
        job = by_key[task["key"]]
        results[job.key] = result
        durations.append(result.get("seconds") or 0.0)
        if result["status"] == Status.DONE:
            clear_failure(job)
            took = duration(result["seconds"])
            log.line(f"[{job.label}] " + _("done in {time}").format(time=took))
        else:
            write_failure(job, result)
            failed = _("FAILED: {message}").format(message=result["message"])
            log.line(f"[{job.label}] {failed}", important=True)
        tick()

    try:
        if todo and scheduler:
            data = pickle_bytes(plan_.workbook)
            tasks = [task_of(j, plan_, None, hashlib.sha256(data).hexdigest()) for j in todo]
            log.line(
                _("sending {n} report(s) to the Dask scheduler {address}").format(
                    n=len(tasks), address=scheduler
                )
            )
            DaskPool(scheduler, plan_.timeout).run(tasks, data, started, finished, tick)
        elif todo:
            with stopped_cleanly(), handed_over(plan_.workbook, "ocop-batch-") as workbook_file:
                tasks = [task_of(j, plan_, workbook_file, None) for j in todo]
                pool = LocalPool(width, plan_.timeout, stderr=log.path)
                pool.run(tasks, started, finished, tick)
    finally:
        log.close()
    outcome = Outcome(plan_.jobs, results, time.monotonic() - begin)
    outcome.index = write_index(plan_.jobs[0].params.output_dir) if plan_.jobs else None
    return outcome
