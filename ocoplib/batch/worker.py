"""One report in a worker process (or a Dask task): run it with the
worker's warm kernel and return what happened as plain values; a failure is
returned, never raised."""

from __future__ import annotations

import atexit
import hashlib
import threading
import time
from enum import StrEnum
from pathlib import Path

from ocoplib.base.i18n import gettext as _
from ocoplib.base.params import ReportParams
from ocoplib.batch import cache
from ocoplib.batch.plan import Job, Plan
from ocoplib.runs.kernel import WarmKernel
from ocoplib.runs.run import (
    Failure,
    RunError,
    failed_notebook,
    handed_over,
    output_folder,
    render_report,
)


class Status(StrEnum):
    DONE = "done"
    FAILED = "failed"


def failure(task: dict, message: str, kind: Failure, seconds: float = 0.0) -> dict:
    """The result of a report that failed outside its own process."""
    return {
        "key": task["key"],
        "status": Status.FAILED,
        "kind": kind,
        "cell": None,
        "message": message,
        "notebook": None,
        "seconds": round(seconds, 1),
    }


def task_of(job: Job, plan_: Plan, workbook_file: Path | None, digest: str | None) -> dict:
    """What a worker needs to run one report: plain values only."""
    inputs = [
        cache.input_entry(plan_.workbook.path),
        cache.input_entry(job.text_path),
        cache.input_entry(job.params.unit_text_path(job.scope.slug)),
    ]
    return {
        "key": job.key,
        "params": job.params.model_dump(mode="json"),
        "slug": job.scope.slug,
        "title": job.target.title,
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
    if getattr(_local, "kernel", None) is None:
        _local.kernel = WarmKernel()
        atexit.register(_local.kernel.discard)
    return _local.kernel


def run_job(task: dict, workbook: bytes | None = None) -> dict:
    """Run one report; a failure is returned, never raised. ``workbook`` is the
    batch's checked workbook as sent to a Dask worker: it is handed to the
    kernel through a private folder of this task's own, removed afterwards."""
    started = time.monotonic()
    result = {"key": task["key"], "cell": None, "notebook": None, "message": None, "kind": None}
    try:
        if workbook is None:
            _run(task, result, Path(task["workbook_file"]))
        else:
            if hashlib.sha256(workbook).hexdigest() != task["workbook_digest"]:
                raise ValueError(_("the workbook received is not the one the batch sent"))
            with handed_over(workbook, prefix="ocop-batch-") as workbook_file:
                _run(task, result, workbook_file)
    except Exception as exc:  # a kernel that never started, a full disk …
        result.update(
            status=Status.FAILED, kind=Failure.ERROR, message=f"{type(exc).__name__}: {exc}"
        )
    result["seconds"] = round(time.monotonic() - started, 1)
    return result


def _run(task: dict, result: dict, workbook_file: Path) -> None:
    params = ReportParams(**task["params"])
    target = output_folder(params, task["slug"])
    failed_notebook(target).unlink(missing_ok=True)
    try:
        render_report(
            params,
            task["slug"],
            task["title"],
            say=lambda _: None,
            notebook=Path(task["notebook"]),
            workbook_file=workbook_file,
            timeout=task["timeout"],
            record=lambda seconds: cache.make_record(
                task["fingerprint"], task["inputs"], task["parameters"], seconds
            ),
            keep_failed=True,
            kernel=None if task.get("fresh_kernel") else warm_kernel(),
        )
        result["status"] = Status.DONE
    except RunError as exc:
        kept = failed_notebook(target)
        result.update(
            status=Status.FAILED,
            kind=exc.kind,
            cell=exc.cell,
            message=exc.message,
            notebook=str(kept) if kept.is_file() else None,
        )
