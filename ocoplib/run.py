"""Running one report: check everything first, execute the notebook with
Papermill into a temporary folder, render HTML and PDF, then move the folder
into place. A failed run leaves no half-written folder and keeps the last
good output of the same scope."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import nbformat

from ocoplib.load import read_workbook
from ocoplib.params import ReportParams
from ocoplib.problems import InputError, Problem
from ocoplib.render import notebook_body, page, write_pdf
from ocoplib.report import Report

NOTEBOOK = "report.ipynb"
#: The file each output format writes; a format not asked for leaves no file.
FILES = {"html": "report.html", "pdf": "report.pdf", "xlsx": "tables.xlsx", "docx": "report.docx"}
KERNEL = "python3"


class RunError(Exception):
    """A run failed after its input was accepted: a cell raised, a renderer failed."""


def notebooks_dir() -> Path:
    """The project's notebooks: beside the package in a checkout, else ./notebooks."""
    here = Path(__file__).resolve().parent.parent / "notebooks"
    return here if (here / NOTEBOOK).exists() else Path.cwd() / "notebooks"


def output_folder(params: ReportParams, slug: str) -> Path:
    """``<output-dir>/<province>/<year>/<scope-slug>``, never outside the output dir."""
    root = params.output_dir.resolve()
    target = (root / params.province / str(params.year) / slug).resolve()
    if root not in target.parents:
        raise InputError(
            [
                Problem(
                    "error",
                    "parameters",
                    None,
                    None,
                    "scope",
                    slug,
                    "a scope whose folder stays inside the output folder",
                )
            ]
        )
    return target


def prepare(params: ReportParams) -> Report:
    """Load and check the input, resolve the scope: every InputError is raised
    here, before any kernel starts and before anything is written."""
    workbook = read_workbook(params.workbook_path)
    report = Report.open(
        province=params.province,
        year=params.year,
        scope=params.scope,
        as_of=params.as_of,
        data_dir=params.data_dir,
        workbook=workbook,
    )
    for key, value in params.notebook_parameters(report.scope.slug, None).items():
        if isinstance(value, str) and any(ch in value for ch in '"\\\n\r'):
            raise InputError(
                [
                    Problem(
                        "error",
                        "parameters",
                        None,
                        None,
                        key,
                        value,
                        "a value without quotes, backslashes or line breaks",
                    )
                ]
            )
    return report


def execute(params: ReportParams, report: Report, folder: Path) -> nbformat.NotebookNode:
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    source = notebooks_dir() / NOTEBOOK
    out = folder / NOTEBOOK
    try:
        pm.execute_notebook(
            str(source),
            str(out),
            parameters=params.notebook_parameters(report.scope.slug, folder),
            kernel_name=KERNEL,
            cwd=str(source.parent),
            progress_bar=False,
            log_output=False,
            report_mode=False,
        )
    except PapermillExecutionError as exc:
        raise RunError(
            f"scope {report.scope.slug}: cell {exc.cell_index} "
            f"(execution {exc.exec_count}) raised {exc.ename}: {exc.evalue}"
        ) from exc
    return nbformat.read(out, as_version=4)


def run_report(
    params: ReportParams, say: Callable[[str], None] = print, report: Report | None = None
) -> Path:
    """Render one report; returns its output folder."""
    report = report or prepare(params)
    target = output_folder(params, report.scope.slug)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{report.scope.slug}.tmp-", dir=target.parent))
    try:
        say(f"[{report.scope.slug}] executing the notebook")
        nb = execute(params, report, work)
        html = page(
            notebook_body(nb),
            title=f"Báo cáo OCOP {report.province_name} {params.year} – {report.scope.full_name}",
        )
        if "html" in params.formats:
            (work / "report.html").write_text(html, encoding="utf-8")
        if "pdf" in params.formats:
            say(f"[{report.scope.slug}] rendering the PDF")
            try:
                write_pdf(html, work / "report.pdf")
            except Exception as exc:
                raise RunError(
                    f"scope {report.scope.slug}: the PDF renderer failed: {exc}"
                ) from exc
        for fmt, name in FILES.items():
            if fmt not in params.formats:
                (work / name).unlink(missing_ok=True)
        _swap_into_place(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    say(f"[{report.scope.slug}] written to {target}")
    return target


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
