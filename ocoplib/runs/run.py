"""Running one report: check everything first, execute the notebook with
Papermill into a temporary folder, render HTML and PDF, then move the folder
into place. A failed run leaves no half-written folder and keeps the last
good output of the same scope; the batch also keeps the failed notebook
under ``<year>/_failed/`` for inspection."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ocoplib.base.files import hand_over, private_folder, sweep_work, work_prefix
from ocoplib.base.formats import BY_KEY, NOTEBOOK
from ocoplib.base.i18n import gettext as _
from ocoplib.base.params import ReportParams
from ocoplib.base.problems import parameter_error
from ocoplib.intake.workbook import Workbook
from ocoplib.runs.errors import Failure, RunError, run_error
from ocoplib.runs.kernel import KERNEL, WarmKernel, kernel_config, warm_engine

if TYPE_CHECKING:
    from ocoplib.report import Report

#: Beside the scope folders of a year: failed notebooks and what went wrong.
FAILED_DIR = "_failed"


def notebooks_dir() -> Path:
    """The project's notebooks: beside the package in a checkout, else ./notebooks."""
    here = Path(__file__).resolve().parents[2] / "notebooks"
    return here if (here / NOTEBOOK).exists() else Path.cwd() / "notebooks"


def output_folder(params: ReportParams, slug: str) -> Path:
    """``<output-dir>/<province>/<year>/<scope-slug>``, never outside the output dir."""
    root = params.output_dir.resolve()
    target = (root / params.province / str(params.year) / slug).resolve()
    if root not in target.parents or slug.startswith(("_", ".")):
        raise parameter_error(
            "scope", slug, _("a scope whose folder stays inside the output folder")
        )
    check_output_place(params.output_dir)
    return target


def check_output_place(output_dir: Path) -> None:
    """Refuse an output folder that is not a folder (``/dev/null``, a file) or
    that cannot be written to, before anything starts."""
    root = Path(output_dir).resolve()
    near = next(p for p in (root, *root.parents) if os.path.exists(p))
    if not near.is_dir():
        expected = _("a folder to write the reports into ({path} is not a folder)")
    elif not os.access(near, os.W_OK | os.X_OK):
        expected = _("a folder to write the reports into ({path} cannot be written to)")
    else:
        return
    raise parameter_error("output_dir", str(output_dir), expected.format(path=near))


def check_notebook_parameters(values: dict) -> None:
    """Refuse values that Papermill could not inject as plain literals."""
    for key, value in values.items():
        if isinstance(value, str) and any(ch in value for ch in '"\\\n\r'):
            raise parameter_error(
                key, value, _("a value without quotes, backslashes or line breaks")
            )


def prepare(params: ReportParams) -> Report:
    """Load and check the input, resolve the scope: every InputError is raised
    here, before any kernel starts and before anything is written."""
    from ocoplib.intake.reporttext import require_report_text
    from ocoplib.report import Report

    require_report_text(params.text_path, params.year)
    report = Report.open(
        province=params.province,
        year=params.year,
        scope=params.scope,
        as_of=params.as_of,
        # Absolute, as the kernel gets it: the workbook's recorded path is the same in both.
        data_dir=params.data_dir.resolve(),
    )
    check_notebook_parameters(params.notebook_parameters(report.target.slug, None))
    return report


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def pickle_bytes(workbook: Workbook) -> bytes:
    return pickle.dumps(workbook, protocol=pickle.HIGHEST_PROTOCOL)


@contextmanager
def handed_over(workbook: Workbook | bytes, prefix: str = "ocop-run-") -> Iterator[Path]:
    """The checked workbook as the file a kernel reads (the notebook parameter
    ``workbook``, see :func:`ocoplib.intake.workbook.read_workbook_file`), so
    that no kernel reads and checks the xlsx again. The file is new, in a
    folder of the run's own (mode 0700, its process in its name: a later run
    removes it if this one is killed), named after its sha256, which the kernel
    checks before reading it; the folder is removed afterwards."""
    data = workbook if isinstance(workbook, bytes) else pickle_bytes(workbook)
    folder = private_folder(prefix)
    try:
        yield hand_over(folder, data)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def stopped_cleanly() -> Iterator[None]:
    """SIGTERM as Ctrl-C (KeyboardInterrupt) while a run is on, so that a
    stopped run removes its temporary folders and its kernel like a failed one
    (only in the main thread, where signals are handled)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt(_("stopped (SIGTERM)"))

    before = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def execute(
    params: ReportParams,
    slug: str,
    folder: Path,
    notebook: Path | None = None,
    workbook_file: Path | None = None,
    timeout: float | None = None,
    kernel: WarmKernel | None = None,
):
    """Execute the notebook into ``folder`` (in ``kernel`` when given, else in
    a kernel of its own); a failure raises RunError."""
    try:
        return _execute(params, slug, folder, notebook, workbook_file, timeout, kernel)
    except RunError:
        raise
    except Exception:
        if kernel is None:
            raise
        # The warm kernel could not serve (it did not start or answer in time):
        # the report gets a kernel of its own.
        return _execute(params, slug, folder, notebook, workbook_file, timeout, None)


def _execute(params, slug, folder, notebook, workbook_file, timeout, kernel):
    import nbformat
    import papermill as pm
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    source = Path(notebook or notebooks_dir() / NOTEBOOK)
    out = folder / NOTEBOOK
    parameters = params.notebook_parameters(slug, folder, workbook_file)
    engine = {}
    if kernel is not None:
        engine = {"engine_name": warm_engine(), "km": kernel.manager(source.parent.resolve())}
    replies: list[dict] = []  # the kernel's replies to the cells that raised
    try:
        pm.execute_notebook(
            str(source),
            str(out),
            parameters=parameters,
            kernel_name=KERNEL,
            cwd=str(source.parent),
            progress_bar=False,
            log_output=False,
            report_mode=False,
            execution_timeout=timeout,
            config=kernel_config(),
            on_cell_error=lambda cell, cell_index, execute_reply: replies.append(
                {**execute_reply["content"], "cell": cell_index, "tags": _tags(cell)}
            ),
            **engine,
        )
    except (PapermillExecutionError, CellTimeoutError, DeadKernelError) as exc:
        if kernel is not None:
            kernel.discard()  # a failed report's kernel serves no other
        raise run_error(exc, slug, out, timeout, replies) from exc
    except BaseException:
        if kernel is not None:
            kernel.discard()
        raise
    return nbformat.read(out, as_version=4)


def run_report(
    params: ReportParams, say: Callable[[str], None] = print, report: Report | None = None
) -> Path:
    """Render one report; returns its output folder."""
    report = report or prepare(params)
    with stopped_cleanly(), handed_over(report.workbook) as workbook_file:
        return render_report(
            params, report.target.slug, report.target.title, say=say, workbook_file=workbook_file
        )


def render_report(
    params: ReportParams,
    slug: str,
    title: str,
    say: Callable[[str], None] = print,
    *,
    notebook: Path | None = None,
    workbook_file: Path | None = None,
    timeout: float | None = None,
    record: Callable[[float], dict] | None = None,
    keep_failed: bool = False,
    kernel: WarmKernel | None = None,
) -> Path:
    """Execute and render one report whose input was already checked.

    ``record`` gives the run's ``run.json`` (from the seconds it took);
    ``keep_failed`` moves the notebook of a failed run to
    ``<year>/_failed/<slug>.ipynb`` instead of deleting it (else a failed run
    leaves no folder it made, not even an empty year); ``kernel`` is a warm
    kernel to run the notebook in. ``say`` hears one line per step."""
    started = time.monotonic()
    target = output_folder(params, slug)
    made, work = _work_folder(target, slug)
    try:
        say(_notebook_step(notebook, params.formats))
        nb = execute(params, slug, work, notebook, workbook_file, timeout, kernel)
        try:
            _render_copies(nb, title, work, params.formats, say=say)
        except Exception as exc:
            message = _("the renderer failed: {error}").format(error=f"{type(exc).__name__}: {exc}")
            raise RunError(slug, message, kind=Failure.RENDERER) from exc
        if record is not None:
            data = record(time.monotonic() - started)
            (work / "run.json").write_text(
                json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n",
                encoding="utf-8",
            )
        _swap_into_place(work, target)
    except OSError as exc:  # a full disk, a folder made read-only meanwhile …
        _discard(work, target, made, keep_failed)
        raise _write_error(slug, target, exc) from exc
    except BaseException:
        _discard(work, target, made, keep_failed)
        raise
    say(_("Written to {folder}").format(folder=target))
    return target


def _work_folder(target: Path, slug: str) -> tuple[list[Path], Path]:
    """The folders to make for ``target`` (to remove again if the run fails)
    and the run's temporary folder beside it; the temporary folders that killed
    runs left there are removed first."""
    made = [d for d in (target.parent, *target.parent.parents) if not d.exists()]
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        sweep_work(target.parent)
        return made, Path(tempfile.mkdtemp(prefix=work_prefix(slug), dir=target.parent))
    except OSError as exc:
        _remove_empty(made)
        raise _write_error(slug, target, exc) from exc


def _write_error(slug: str, target: Path, exc: OSError) -> RunError:
    message = _("could not write the report into {folder}: {error}").format(
        folder=target, error=exc.strerror or exc
    )
    return RunError(slug, message, kind=Failure.ERROR)


def _discard(work: Path, target: Path, made: list[Path], keep_failed: bool) -> None:
    """What a failed or stopped run leaves: nothing of its own, but in a batch
    the failed notebook under ``_failed``."""
    if keep_failed:
        try:
            _keep_failed_notebook(work, target)
        except OSError:
            pass
    shutil.rmtree(work, ignore_errors=True)
    if not keep_failed:  # a batch's workers share the year folder: it stays
        _remove_empty(made)


def _notebook_step(notebook: Path | None, formats) -> str:
    """The line that says the notebook runs, and which files it writes itself."""
    name = Path(notebook or notebooks_dir() / NOTEBOOK)
    files = ", ".join(BY_KEY[k].file for k in formats if BY_KEY[k].by_kernel)
    if files:
        return _("Running the notebook {notebook} (figures, {files})").format(
            notebook=name, files=files
        )
    return _("Running the notebook {notebook} (figures)").format(notebook=name)


def _remove_empty(folders: list[Path]) -> None:
    """Remove the folders a failed run made, innermost first, while empty."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


def _render_copies(nb, title: str, work: Path, formats, say: Callable[[str], None]) -> None:
    """The HTML and PDF of the copy to be signed and of the reviewers' copy."""
    from ocoplib.render.page import notebook_body, page, write_pdf

    if "html" in formats:
        fmt = BY_KEY["html"]
        say(_("Writing {files}").format(files=f"{fmt.file}, {fmt.review}"))
    for review in (False, True):
        html = page(
            notebook_body(nb, review=review),
            title=f"{title} (bản dành cho người thẩm định)" if review else title,
            review=review,
        )
        if "html" in formats:
            fmt = BY_KEY["html"]
            (work / (fmt.review if review else fmt.file)).write_text(html, encoding="utf-8")
        if "pdf" in formats:
            fmt = BY_KEY["pdf"]
            name = fmt.review if review else fmt.file
            say(_("Writing {files}").format(files=name))
            write_pdf(html, work / name)


def failed_notebook(target: Path) -> Path:
    """Where the notebook of a failed run of the scope folder ``target`` is kept."""
    return target.parent / FAILED_DIR / f"{target.name}.ipynb"


def _keep_failed_notebook(work: Path, target: Path) -> None:
    executed = work / NOTEBOOK
    if not executed.is_file():
        return
    keep = failed_notebook(target)
    keep.parent.mkdir(exist_ok=True)
    os.replace(executed, keep)


def _swap_into_place(work: Path, target: Path) -> None:
    """Replace ``target`` by ``work``; the old folder is removed only once the
    new one is in place."""
    os.chmod(work, 0o755)
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=work_prefix(target.name, "old"), dir=target.parent))
        os.rmdir(old)
        os.rename(target, old)
    try:
        os.rename(work, target)
    except OSError:
        if old is not None:
            os.rename(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
