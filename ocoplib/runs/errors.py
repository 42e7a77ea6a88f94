"""How a run failed, said so that the user can act: the cell (its number in
the executed notebook, its first line and tags), the exception it raised and
its message, or the timeout, or the kernel that stopped."""

from __future__ import annotations

import json
import re
from enum import StrEnum
from pathlib import Path

from ocoplib.base.i18n import gettext as _
from ocoplib.base.problems import OcopError


class Failure(StrEnum):
    """How a run failed."""

    CELL = "cell"  # a cell raised
    KERNEL = "kernel"  # the kernel (or the worker process) died
    TIMEOUT = "timeout"  # over its time
    RENDERER = "renderer"  # HTML or PDF could not be made
    ERROR = "error"  # anything else: a kernel that never started, a full disk …


class RunError(OcopError):
    """A run failed after its input was accepted: a cell raised, the kernel
    died or timed out, a renderer failed. ``cell`` is the notebook cell (as
    Papermill counts them, in the executed notebook) when a cell was running,
    ``source`` its first line; ``exception`` and ``detail`` are the name and
    the message of what it raised. ``message`` says all of it in one line."""

    def __init__(
        self,
        scope: str,
        message: str,
        cell: int | None = None,
        kind: Failure = Failure.CELL,
        *,
        source: str | None = None,
        exception: str | None = None,
        detail: str | None = None,
    ):
        super().__init__(message)
        self.scope = scope
        self.cell = cell
        self.kind = Failure(kind)
        self.source = source
        self.exception = exception
        self.detail = detail

    def __str__(self) -> str:
        return _("scope {scope}: {message}").format(scope=self.scope, message=self.message)

    def fields(self) -> dict:
        return {
            "kind": self.kind,
            "cell": self.cell,
            "message": self.message,
            "source": self.source,
            "exception": self.exception,
            "detail": self.detail,
        }


def run_error(
    exc: Exception, slug: str, out: Path, timeout: float | None, replies: list[dict]
) -> RunError:
    """What Papermill and nbclient raise, as a RunError naming the cell and
    saying what it raised. Papermill reads the error from the cell's outputs,
    which are missing when IPython could not format the traceback (it then
    reports ``CellExecutionError`` and no message); the kernel's reply to the
    cell still has the exception's name and message, so that comes first."""
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        reply = next((r for r in reversed(replies) if r.get("cell") == exc.cell_index), {})
        name = reply.get("ename") or exc.ename
        detail = error_detail(
            name, reply.get("evalue") or exc.evalue, reply.get("traceback") or exc.traceback
        )
        source = first_line(exc.source)
        # Papermill has added its own cells to ``out`` by now: the tags come from the reply.
        cell = describe_cell(exc.cell_index, source, reply.get("tags", []))
        message = _("{cell} raised {exception}: {detail}").format(
            cell=cell, exception=name, detail=detail
        )
        return RunError(slug, message, exc.cell_index, source=source, exception=name, detail=detail)
    index = _last_started_cell(out)
    running = _cell(out, index)
    text = running.get("source", "")
    source = first_line("".join(text) if isinstance(text, list) else text)
    cell = describe_cell(index, source, running.get("metadata", {}).get("tags", []))
    if isinstance(exc, CellTimeoutError):
        message = _("{cell} did not finish within {seconds} s").format(
            cell=cell, seconds=f"{timeout:g}"
        )
        return RunError(slug, message, index, Failure.TIMEOUT, source=source)
    if index is None:
        message = _("the kernel stopped before any cell ran")
    else:
        message = _("the kernel stopped while {cell} was running").format(cell=cell)
    return RunError(slug, message, index, Failure.KERNEL, source=source)


_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_ARROW = re.compile(r"^\s*-*>\s*\d*\s?")


def error_detail(name: str, message: str | None, traceback: list[str] | None) -> str:
    """What a cell's exception says: its message on one line; for an exception
    without one (``raise ValueError()``), the line of code that raised it and
    where, from the traceback without its colour codes."""
    if message and message.strip():
        return " ".join(message.split())
    frames = [_ANSI.sub("", chunk).strip("\n") for chunk in traceback or []]
    for frame in reversed(frames):
        lines = [line for line in frame.splitlines() if line.strip()]
        raised = [line for line in lines if line.lstrip().startswith("---->")]
        if raised:
            code = _ARROW.sub("", raised[-1]).strip()
            return f"{code} ({lines[0].strip()})" if lines[0] != raised[-1] else code
    lines = [
        line.strip()
        for frame in frames
        for line in frame.splitlines()
        if line.strip() and line.strip().rstrip(":").strip() != name
    ]
    return lines[-1] if lines else _("no message; see the cell's output in the notebook")


def first_line(source: str | None, width: int = 60) -> str:
    """A cell's first line of code (not a comment), cut at ``width``."""
    lines = [line.strip() for line in (source or "").splitlines() if line.strip()]
    code = [line for line in lines if not line.startswith("#")]
    line = (code or lines or [""])[0]
    return line if len(line) <= width else line[: width - 1] + "…"


def describe_cell(index: int | None, source: str, tags: list[str]) -> str:
    """``cell 3 ("report.front_page()", tag note)``, as messages name a cell."""
    if index is None:
        return _("an unknown cell")
    shown = [t for t in tags if t != "injected-parameters"]
    if shown:
        return _('cell {index} ("{source}", tag {tags})').format(
            index=index, source=source, tags=", ".join(shown)
        )
    return _('cell {index} ("{source}")').format(index=index, source=source)


def _cells(path: Path) -> list[dict]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return []


def _cell(path: Path, index: int | None) -> dict:
    cells = _cells(path)
    return cells[index] if index is not None and 0 <= index < len(cells) else {}


def _last_started_cell(path: Path) -> int | None:
    """The cell that was running when the kernel died: the last one Papermill started."""
    started = [
        i
        for i, c in enumerate(_cells(path))
        if c.get("metadata", {}).get("papermill", {}).get("start_time")
    ]
    return started[-1] if started else None
