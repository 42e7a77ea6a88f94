"""The batch's log: plain lines for CI, a progress line on a terminal, and
the closing summary with every failure."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from ocoplib.base.formats import RESULTS
from ocoplib.base.i18n import gettext as _
from ocoplib.base.problems import parameter_error

#: The first line of every log ``--log`` starts: a file without it is not
#: one of them, and is never appended to (a report text, a workbook …).
LOG_MARKER = "# ocop batch log"


def check_log_file(path: Path) -> None:
    """Raise InputError unless ``path`` is a new file or a log a batch began."""
    path = Path(path)
    if path.is_dir() or not str(path).strip():
        raise parameter_error("log", str(path), _("a file name"))
    if not path.exists():
        if not path.parent.is_dir():
            raise parameter_error("log", str(path), _("a file in an existing folder"))
        return
    if not path.is_file():  # a device or a pipe: never opened, never read
        raise parameter_error("log", str(path), _("a file name"))
    try:
        with open(path, "rb") as fh:
            first = fh.readline(len(LOG_MARKER) + 2)
    except OSError as exc:
        raise parameter_error("log", str(path), str(exc)) from None
    if first.rstrip(b"\r\n") != LOG_MARKER.encode():
        raise parameter_error(
            "log",
            str(path),
            _("a new file, or a log an earlier batch wrote"),
            _("this file was not written by ocop batch and is kept; choose another name"),
        )


class Log:
    """Plain lines for CI (``--log`` copies them to a file); on a terminal, a
    progress line below them with done / running / failed / skipped and the
    time left. ``quiet`` keeps only failures and the summary."""

    def __init__(self, quiet: bool = False, log_file: Path | None = None, stream=None):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.live = not quiet and self.stream.isatty()
        self.path = Path(log_file).resolve() if log_file else None
        self.file = None
        if log_file:
            check_log_file(log_file)  # only a log a batch began is appended to
            self.file = open(log_file, "a", encoding="utf-8")  # noqa: SIM115
            if self.file.tell() == 0:
                self.file.write(LOG_MARKER + "\n")
        self.status = ""

    def line(self, text: str, important: bool = False) -> None:
        stamped = f"{dt.datetime.now():%H:%M:%S} {text}"
        if self.file:
            self.file.write(stamped + "\n")
            self.file.flush()
        if self.quiet and not important:
            return
        if self.live and self.status:
            self.stream.write("\r\033[K")
        self.stream.write(stamped + "\n")
        if self.live and self.status:
            self.stream.write(self.status)
        self.stream.flush()

    def progress(self, text: str) -> None:
        if not self.live:
            return
        self.status = text
        self.stream.write("\r\033[K" + text)
        self.stream.flush()

    def close(self) -> None:
        if self.live and self.status:
            self.stream.write("\r\033[K")
            self.stream.flush()
        self.status = ""
        if self.file:
            self.file.close()


def duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return _("{s} s").format(s=seconds)
    return _("{m} min {s:02d} s").format(m=seconds // 60, s=seconds % 60)


def summary(outcome) -> list[str]:
    """The closing lines: counts, then every failure with scope, cell and message."""
    lines = [
        _(
            "{n} report(s): {done} rendered, {skipped} unchanged (skipped), "
            "{failed} failed, in {time}."
        ).format(
            n=len(outcome.jobs),
            done=len(outcome.done),
            skipped=len(outcome.skipped),
            failed=len(outcome.failed),
            time=duration(outcome.seconds),
        )
    ]
    if outcome.failed:
        lines.append(_("{n} report(s) failed:").format(n=len(outcome.failed)))
        for job in outcome.failed:
            r = outcome.results[job.key]
            lines.append(
                f"  {job.params.year} {job.scope.full_name} [{job.scope.slug}]: {r['message']}"
            )
            if r.get("notebook"):
                lines.append("    " + _("failed notebook: {path}").format(path=r["notebook"]))
            kept = (job.folder / RESULTS).is_file()
            lines.append(
                "    "
                + (
                    _("the previous output of this scope was kept")
                    if kept
                    else _("this scope has no earlier output")
                )
            )
    if outcome.index:
        lines.append(_("Index: {path}").format(path=outcome.index))
    return lines
