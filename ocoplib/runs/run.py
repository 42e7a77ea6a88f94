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
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from ocoplib.base.formats import BY_KEY, NOTEBOOK
from ocoplib.base.params import ReportParams
from ocoplib.base.problems import OcopError, parameter_error
from ocoplib.intake.workbook import Workbook
from ocoplib.runs.kernel import KERNEL, WarmKernel, warm_engine

if TYPE_CHECKING:
    from ocoplib.report import Report

#: Beside the scope folders of a year: failed notebooks and what went wrong.
FAILED_DIR = "_failed"


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
    Papermill counts them) when a cell was running."""

    def __init__(
        self, scope: str, message: str, cell: int | None = None, kind: Failure = Failure.CELL
    ):
        super().__init__(message)
        self.scope = scope
        self.cell = cell
        self.kind = Failure(kind)

    def __str__(self) -> str:
        return f"scope {self.scope}: {self.message}"

    def fields(self) -> dict:
        return {"kind": self.kind, "cell": self.cell, "message": self.message}


def notebooks_dir() -> Path:
    """The project's notebooks: beside the package in a checkout, else ./notebooks."""
    here = Path(__file__).resolve().parents[2] / "notebooks"
    return here if (here / NOTEBOOK).exists() else Path.cwd() / "notebooks"


def output_folder(params: ReportParams, slug: str) -> Path:
    """``<output-dir>/<province>/<year>/<scope-slug>``, never outside the output dir."""
    root = params.output_dir.resolve()
    target = (root / params.province / str(params.year) / slug).resolve()
    if root not in target.parents or slug.startswith(("_", ".")):
        raise parameter_error("scope", slug, "a scope whose folder stays inside the output folder")
    return target


def check_notebook_parameters(values: dict) -> None:
    """Refuse values that Papermill could not inject as plain literals."""
    for key, value in values.items():
        if isinstance(value, str) and any(ch in value for ch in '"\\\n\r'):
            raise parameter_error(key, value, "a value without quotes, backslashes or line breaks")


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


def pickle_bytes(workbook: Workbook) -> bytes:
    return pickle.dumps(workbook, protocol=pickle.HIGHEST_PROTOCOL)


@contextmanager
def handed_over(workbook: Workbook) -> Iterator[Path]:
    """The checked workbook as the file a kernel reads (the notebook parameter
    ``workbook``, see :func:`ocoplib.intake.workbook.read_workbook_file`), so
    that no kernel reads and checks the xlsx again; removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="ocop-workbook-") as tmp:
        path = Path(tmp) / "workbook.pickle"
        path.write_bytes(pickle_bytes(workbook))
        yield path


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
            **engine,
        )
    except (PapermillExecutionError, CellTimeoutError, DeadKernelError) as exc:
        if kernel is not None:
            kernel.discard()  # a failed report's kernel serves no other
        raise _run_error(exc, slug, out, timeout) from exc
    except BaseException:
        if kernel is not None:
            kernel.discard()
        raise
    return nbformat.read(out, as_version=4)


def _run_error(exc: Exception, slug: str, out: Path, timeout: float | None) -> RunError:
    """What Papermill and nbclient raise, as a RunError naming the cell."""
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        return RunError(
            slug,
            f"cell {exc.cell_index} (execution {exc.exec_count}) raised {exc.ename}: {exc.evalue}",
            cell=exc.cell_index,
        )
    cell = _last_started_cell(out)
    if isinstance(exc, CellTimeoutError):
        return RunError(
            slug,
            f"cell {cell} did not finish within {timeout:g} s",
            cell=cell,
            kind=Failure.TIMEOUT,
        )
    return RunError(
        slug, f"the kernel died while cell {cell} was running", cell=cell, kind=Failure.KERNEL
    )


def _last_started_cell(path: Path) -> int | None:
    """The cell that was running when the kernel died: the last one Papermill started."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return None
    started = [
        i
        for i, c in enumerate(cells)
        if c.get("metadata", {}).get("papermill", {}).get("start_time")
    ]
    return started[-1] if started else None


def run_report(
    params: ReportParams, say: Callable[[str], None] = print, report: Report | None = None
) -> Path:
    """Render one report; returns its output folder."""
    report = report or prepare(params)
    with handed_over(report.workbook) as workbook_file:
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
    ``<year>/_failed/<slug>.ipynb`` instead of deleting it; ``kernel`` is a
    warm kernel to run the notebook in."""
    started = time.monotonic()
    target = output_folder(params, slug)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{slug}.tmp-", dir=target.parent))
    try:
        say(f"[{slug}] executing the notebook")
        nb = execute(params, slug, work, notebook, workbook_file, timeout, kernel)
        try:
            _render_copies(nb, title, work, params.formats, say=lambda m: say(f"[{slug}] {m}"))
        except Exception as exc:
            raise RunError(slug, f"the renderer failed: {exc}", kind=Failure.RENDERER) from exc
        if record is not None:
            data = record(time.monotonic() - started)
            (work / "run.json").write_text(
                json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n",
                encoding="utf-8",
            )
        _swap_into_place(work, target)
    except BaseException:
        if keep_failed:
            _keep_failed_notebook(work, target)
        shutil.rmtree(work, ignore_errors=True)
        raise
    say(f"[{slug}] written to {target}")
    return target


def _render_copies(nb, title: str, work: Path, formats, say: Callable[[str], None]) -> None:
    """The HTML and PDF of the copy to be signed and of the reviewers' copy."""
    from ocoplib.render.page import notebook_body, page, write_pdf

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
            say(f"rendering {name}")
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
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
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
