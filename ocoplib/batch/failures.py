"""Failures kept beside the outputs: ``<year>/_failed/<slug>.json`` (scope,
cell, message) next to the failed run's notebook, until the report succeeds."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ocoplib.base.files import write_text_atomic
from ocoplib.base.formats import RESULTS
from ocoplib.runs.run import FAILED_DIR, failed_notebook

FAILURE_SCHEMA = "ocop-failure/1"


def failure_record(folder: Path) -> Path:
    return folder.parent / FAILED_DIR / f"{folder.name}.json"


def read_failure(folder: Path) -> dict | None:
    try:
        return json.loads(failure_record(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_failure(job, result: dict) -> None:
    """Keep what went wrong beside the outputs: ``<year>/_failed/<slug>.json``."""
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
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n")


def clear_failure(job) -> None:
    record = failure_record(job.folder)
    record.unlink(missing_ok=True)
    failed_notebook(job.folder).unlink(missing_ok=True)
    try:
        record.parent.rmdir()
    except OSError:
        pass
