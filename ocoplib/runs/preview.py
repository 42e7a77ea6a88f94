"""``ocop preview``: the report's official HTML, rendered again whenever one
of its inputs changes, served on 127.0.0.1 to a page that reloads itself.

One warm kernel renders the report (``html`` only, through
:func:`ocoplib.runs.run.render_report`, as ``ocop report`` does) into a
private temporary folder, removed when the preview stops; the main thread
polls the files the report is made from every half second (the workbook, the
year's folder with ``bao_cao.md`` and the units' own texts, the wording
templates, the notebooks); a failed render keeps the last good one on the
page under a banner that says what to fix (:mod:`ocoplib.runs.previewpage`).

Python code is not watched: the checks run in this process, which keeps the
code it started with (restart the preview after changing ``ocoplib``)."""

from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ocoplib.base.formats import NOTEBOOK
from ocoplib.base.i18n import gettext as _
from ocoplib.base.i18n import language
from ocoplib.base.params import ReportParams
from ocoplib.base.problems import InputError
from ocoplib.base.vnformat import number
from ocoplib.render.charts import STYLE
from ocoplib.render.templating import TEMPLATES
from ocoplib.runs.kernel import WarmKernel
from ocoplib.runs.previewpage import Shown, banner, explain, serve, url_of
from ocoplib.runs.run import RunError, handed_over, notebooks_dir, prepare, render_report

if TYPE_CHECKING:
    from ocoplib.report import Report

#: How often the inputs are looked at, and how long they must stay still
#: before a render starts (an editor or Excel may save in several steps).
POLL_SECONDS = 0.5
SETTLE_SECONDS = 0.3
#: How long Ctrl-C waits for a render in progress to end.
STOP_SECONDS = 10
#: Files no render depends on: hidden files, editors' backups and locks, Excel's ``~$`` owner files.
_IGNORED = re.compile(r"^(\.|~\$|#)|(~|\.swp|\.swx|\.tmp|\.bak)$")


def watched(params: ReportParams) -> list[Path]:
    """What a report is made from that people edit while it runs: the
    province's workbook, the year's folder (bao_cao.md, the units' own texts,
    anything they refer to), the wording templates and chart style, the notebooks."""
    return [
        params.workbook_path,
        params.text_path.parent,
        TEMPLATES,
        Path(STYLE),
        notebooks_dir(),
    ]


def snapshot(roots: list[Path]) -> dict[Path, tuple[int, int]]:
    """Every file under ``roots`` (files or folders) with its mtime and size."""
    seen: dict[Path, tuple[int, int]] = {}

    def add(path: Path) -> None:
        try:
            st = path.stat()
        except OSError:  # removed while we looked
            return
        seen[path] = (st.st_mtime_ns, st.st_size)

    for root in roots:
        if root.is_file():
            add(root)
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not _IGNORED.search(d) and d != "__pycache__")
            for name in sorted(files):
                if not _IGNORED.search(name):
                    add(Path(folder) / name)
    return seen


def changed(before: dict, after: dict) -> list[Path]:
    """The files added, removed or changed from one snapshot to the next."""
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


class Preview:
    """The renders of one report and what they leave on the page."""

    def __init__(self, params: ReportParams, folder: Path, say: Callable[[str], None]):
        self.params = params.model_copy(update={"formats": ("html",), "output_dir": folder})
        self.say = say
        self.kernel = WarmKernel()
        self.shown = Shown()
        self.stopping = False

    def render(self, first: Report | InputError | None = None) -> None:
        """Render once; the page shows the new report, or the error over the last good one."""
        started = time.monotonic()
        self.shown.busy(True)
        try:
            if isinstance(first, InputError):
                raise first
            report = first or prepare(self.params)
            with handed_over(report.workbook) as workbook_file:
                folder = render_report(
                    self.params,
                    report.target.slug,
                    report.target.title,
                    say=lambda _m: None,
                    workbook_file=workbook_file,
                    kernel=self.kernel,
                )
        except (InputError, RunError) as exc:
            self._failed(exc)
        except Exception as exc:  # noqa: BLE001 - shown on the page, the preview goes on
            self.kernel.discard()
            self._failed(exc)
        else:
            self.shown.publish(folder)
            seconds = time.monotonic() - started
            shown = number(seconds, 1) if language() == "vi" else f"{seconds:.1f}"
            self.say(_("Rendered in {seconds} s; the page reloads itself.").format(seconds=shown))
        finally:
            self.shown.busy(False)

    def _failed(self, exc: BaseException) -> None:
        if self.stopping:  # the render that stopping the kernel broke off
            return
        title, lines, hint = explain(exc, self.params.text_path.parent, self.notebook)
        kept = self.shown.state()["ready"]
        self.shown.fail(banner(title, lines, hint, kept))
        self.say(title)
        for line in lines:
            self.say(f"  {line}")
        if kept:
            self.say(_("The page keeps the last good render, under the error."))

    @property
    def notebook(self) -> Path:
        return notebooks_dir() / NOTEBOOK


class Renderer(threading.Thread):
    """Renders in a thread of its own, one render at a time, whenever asked:
    a change during a render brings one more render after it."""

    def __init__(self, preview: Preview):
        super().__init__(name="ocop-preview-render", daemon=True)
        self.preview = preview
        self.wake = threading.Event()
        self.stopping = False
        self._first: Report | InputError | None = None

    def request(self, first: Report | InputError | None = None) -> None:
        self._first = first
        self.wake.set()

    def run(self) -> None:
        while True:
            self.wake.wait()
            if self.stopping:
                return
            self.wake.clear()
            first, self._first = self._first, None
            self.preview.render(first)

    def stop(self) -> None:
        self.stopping = True
        self.wake.set()


def first_check(params: ReportParams) -> Report | InputError:
    """Check the input once before serving: a bad parameter (an unknown
    scope …) raises, as ``ocop report`` would; a faulty file is shown on the
    page, which waits for it to be fixed."""
    try:
        return prepare(params)
    except InputError as exc:
        if any(p.is_error and p.file == "parameters" for p in exc.problems):
            raise
        return exc


def run_preview(params: ReportParams, port: int, say: Callable[[str], None], show_url) -> None:
    """Serve the preview of ``params``'s report until Ctrl-C (or SIGTERM):
    the kernel is shut down and the private folder removed. Raises InputError
    for a bad parameter and PortError when the port is taken; ``show_url``
    gets the page's address once it is served."""
    folder = Path(tempfile.mkdtemp(prefix="ocop-preview-"))
    renderer = server = None
    preview = Preview(params, folder, say)
    with _stopped_by_signals():
        try:
            roots = watched(preview.params)
            before = snapshot(roots)  # before the first check: no change goes unseen
            first = first_check(preview.params)
            server = serve(preview.shown, port)
            renderer = Renderer(preview)
            renderer.start()
            renderer.request(first)
            show_url(url_of(server), folder)
            watch(roots, before, renderer, say)
        except KeyboardInterrupt:
            pass
        finally:
            _stop(server, renderer, preview, folder)
    say(_("Preview stopped."))


def watch(roots: list[Path], before: dict, renderer: Renderer, say: Callable[[str], None]) -> None:
    """Poll ``roots`` for ever; ask for a render when files changed from
    ``before`` (a snapshot) and stay still."""
    while True:
        time.sleep(POLL_SECONDS)
        now = snapshot(roots)
        if now == before:
            continue
        for _i in range(20):  # until the files stay still (at most a few seconds)
            time.sleep(SETTLE_SECONDS)
            settled = snapshot(roots)
            if settled == now:
                break
            now = settled
        names = [_name(p) for p in changed(before, now)]
        before = now
        more = len(names) - 3
        listed = ", ".join(names[:3]) + (_(" and {n} more").format(n=more) if more > 0 else "")
        say(_("Changed: {files}; rendering again…").format(files=listed))
        renderer.request()


def _name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """Ctrl-C and SIGTERM stop the preview (in the main thread only), even
    when it was started with SIGINT ignored (in the background of a shell)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    saved = {s: signal.signal(s, interrupt) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)


def _stop(server, renderer: Renderer | None, preview: Preview, folder: Path) -> None:
    """Stop serving, stop the kernel (a render in progress ends with it, or is
    left to the process's end: a kernel whose parent is gone stops itself),
    remove the private folder."""
    if server is not None:
        server.shutdown()
        server.server_close()
    preview.stopping = True
    # The render that the kernel's end breaks off says so through Papermill's log: not news.
    logging.getLogger("papermill").disabled = True
    if renderer is not None:
        renderer.stop()
        deadline = time.monotonic() + STOP_SECONDS
        while renderer.is_alive() and time.monotonic() < deadline:
            preview.kernel.discard()  # again: the render may have started one since
            renderer.join(timeout=0.5)
    preview.kernel.discard()
    shutil.rmtree(folder, ignore_errors=True)
