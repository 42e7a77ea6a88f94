"""The ``ocop`` command: a thin layer over ocoplib (the commands and flags are in README).

Exit codes: 0 all done; 1 a run failed; 2 bad input or bad usage."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ocoplib.base.formats import FORMATS
from ocoplib.base.params import parse_params
from ocoplib.base.problems import InputError


def _fail_input(exc: InputError) -> None:
    click.echo(str(exc), err=True)
    for p in exc.problems:  # what officers read: the Vietnamese of each error, where given
        if p.is_error and p.expected_vi:
            hint = f" ({p.suggestion_vi})" if p.suggestion_vi else ""
            click.echo(f"  Lỗi: {p.where()}: cần {p.expected_vi}{hint}", err=True)
    warnings = [p for p in exc.problems if not p.is_error]
    if warnings:
        click.echo(f"{len(warnings)} warning(s):", err=True)
        for p in warnings:
            click.echo(f"  {p}", err=True)
    click.echo("Nothing was written. Fix the input above and run again.", err=True)
    sys.exit(2)


# Bad usage (an unknown flag, a missing value) exits 2 through click itself.
@click.group()
@click.version_option(package_name="ocoplib")
def main() -> None:
    """OCOP reporting workbook: render the yearly report from the workbook."""


@main.command()
@click.option("--province", default="quang-ngai", show_default=True, help="Province slug.")
@click.option("--year", type=int, default=2024, show_default=True)
@click.option(
    "--scope",
    default="tinh",
    show_default=True,
    help='"tinh" for the province, or a unit name as people write it.',
)
@click.option("--as-of", "as_of", default=None, help="Cut-off date YYYY-MM-DD.")
@click.option("--data-dir", default="data", show_default=True, type=click.Path())
@click.option("--output-dir", default="outputs", show_default=True, type=click.Path())
@click.option("--formats", default=",".join(FORMATS), show_default=True)
def report(province, year, scope, as_of, data_dir, output_dir, formats) -> None:
    """Render one report into OUTPUT_DIR/<province>/<year>/<scope>/."""
    from ocoplib.runs.run import RunError, prepare, run_report

    try:
        params = parse_params(
            province=province,
            year=year,
            scope=scope,
            as_of=as_of,
            data_dir=data_dir,
            output_dir=output_dir,
            formats=formats,
        )
        prepared = prepare(params)
    except InputError as exc:
        _fail_input(exc)
    for w in prepared.warnings:
        click.echo(f"  {w}", err=True)
    try:
        target = run_report(params, say=lambda m: click.echo(m, err=True), report=prepared)
    except RunError as exc:
        click.echo(f"error: {exc}", err=True)
        click.echo("The previous output of this scope, if any, was kept.", err=True)
        sys.exit(1)
    click.echo(str(target))


# -- intake: template → validate → merge (see README, "District data intake") --

_SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def _province_workbook(province: str, data_dir: str):
    """The province's workbook, loaded and checked; exit 2 when missing or faulty."""
    import re

    from ocoplib.intake.workbook import read_workbook

    if not re.fullmatch(_SLUG, province):
        click.echo(
            f"error: --province {province!r}: expected an ASCII slug such as quang-ngai", err=True
        )
        sys.exit(2)
    path = Path(data_dir) / province / "ocop.xlsx"
    if not path.is_file():
        click.echo(f"error: no workbook for province {province!r}: looked for {path}", err=True)
        sys.exit(2)
    try:
        return read_workbook(path)
    except InputError as exc:
        click.echo(f"The province's workbook {path} has errors; fix it first:", err=True)
        _fail_input(exc)


@main.command()
@click.argument("path", type=click.Path())
@click.option(
    "--province",
    default=None,
    help="Province slug: check a district submission against the province's workbook "
    "(its units and owners count as known).",
)
@click.option("--data-dir", default="data", show_default=True, type=click.Path())
@click.option(
    "--annotated",
    type=click.Path(),
    default=None,
    help="Where to write the annotated copy: a .xlsx file or a folder "
    "[default: beside PATH, named <name>.kiem-tra.xlsx, when there is a problem].",
)
@click.option("--no-annotated", is_flag=True, help="Write no annotated copy.")
def validate(path, province, data_dir, annotated, no_annotated) -> None:
    """Check a workbook against the contract: every problem at once, errors
    then warnings, and an annotated copy to fix it in Excel; exit 2 if any error."""
    from ocoplib.intake.validate import annotated_path, console_report, write_annotated
    from ocoplib.intake.workbook import check_workbook

    path = Path(path)
    context = None
    if province is not None:
        base = Path(data_dir) / province / "ocop.xlsx"
        if not (path.exists() and base.exists() and base.resolve() == path.resolve()):
            context = _province_workbook(province, data_dir)
    found = check_workbook(path, context)
    for line in console_report(found):
        click.echo(line)
    wanted = annotated is not None or found.errors  # warnings alone: no copy unless asked
    if found.opened and wanted and not no_annotated:
        out = annotated_path(path, Path(annotated) if annotated else None)
        try:
            write_annotated(found, out)
        except ValueError as exc:  # it would replace the workbook itself
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        except Exception as exc:  # the check stands; only the copy failed
            click.echo(f"error: the annotated copy was not written: {exc}", err=True)
            sys.exit(2 if found.errors else 1)
        click.echo("")
        click.echo(f"Annotated copy (faulty cells highlighted, a comment on each): {out}")
    if found.errors:
        sys.exit(2)


@main.command()
@click.option("--province", required=True, help="Province slug (data/<province>/ocop.xlsx).")
@click.option(
    "--unit",
    default=None,
    help="One unit's submission (a name as people write it): its units pre-filled, "
    "drop-down lists restricted to it and its communes, its owners pre-filled.",
)
@click.option(
    "--year",
    type=int,
    default=None,
    help="Units valid in this year fill the drop-down lists "
    "[default: this year, else the last year with valid units].",
)
@click.option("--data-dir", default="data", show_default=True, type=click.Path())
@click.option("--out", required=True, type=click.Path(), help="The template to write (.xlsx).")
def template(province, unit, year, data_dir, out) -> None:
    """Write an Excel template generated from the input contract."""
    from ocoplib.intake.template import TemplateError, province_name, write_template

    workbook = _province_workbook(province, data_dir)
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        click.echo(f"error: --out {out}: expected a file name ending in .xlsx", err=True)
        sys.exit(2)
    if out.exists() and out.resolve() == workbook.path.resolve():
        click.echo("error: --out must not be the province's workbook", err=True)
        sys.exit(2)
    try:
        info = write_template(
            out,
            workbook,
            province=province,
            unit=unit,
            year=year,
            province_name=province_name(Path(data_dir), province),
        )
    except TemplateError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    for line in info:
        click.echo(line, err=True)
    click.echo(str(out))


@main.command()
@click.argument("submissions", nargs=-1, required=True, type=click.Path())
@click.option("--province", required=True, help="Province slug (data/<province>/ocop.xlsx).")
@click.option("--data-dir", default="data", show_default=True, type=click.Path())
@click.option(
    "--base",
    default=None,
    type=click.Path(),
    help="The workbook to merge into [default: data/<province>/ocop.xlsx].",
)
@click.option("--out", required=True, type=click.Path(), help="The new consolidated workbook.")
@click.option(
    "--on-conflict",
    type=click.Choice(["fail", "keep", "take"]),
    default="fail",
    show_default=True,
    help="fail: write nothing and exit 2; keep: keep the province's row; "
    "take: take the submission's row (the last submission wins). Every resolution is listed.",
)
@click.option("--force", is_flag=True, help="Replace --out if it exists (never an input).")
def merge(submissions, province, data_dir, base, out, on_conflict, force) -> None:
    """Consolidate district submissions into a NEW province workbook, with the
    source of every row; conflicts are listed, never overwritten silently."""
    from ocoplib.intake.merge import MergeError, merge_workbooks

    base = Path(base) if base else Path(data_dir) / province / "ocop.xlsx"
    try:
        result = merge_workbooks(
            base, [Path(s) for s in submissions], Path(out), on_conflict=on_conflict, force=force
        )
    except InputError as exc:
        _fail_input(exc)
    except MergeError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    for line in result.summary():
        click.echo(line)
    if result.unresolved:
        click.echo(
            f"{len(result.unresolved)} conflict(s): nothing was written. Fix the submissions, "
            "or run again with --on-conflict keep or --on-conflict take.",
            err=True,
        )
        sys.exit(2)
    click.echo(str(result.out))


@main.command()
@click.option("--province", default=None, help="Province slug (default quang-ngai).")
@click.option("--years", default=None, help="2024, 2022-2024 or 2023,2024.")
@click.option(
    "--scopes",
    default=None,
    help='all (the province and every unit below it), tinh, communes, or "A;B".',
)
@click.option("--file", "batch_file", type=click.Path(), help="A YAML batch file instead.")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Default: one per core.")
@click.option("--scheduler", default=None, help="Address of a Dask distributed scheduler.")
@click.option("--force", is_flag=True, help="Render every report, changed or not.")
@click.option("--data-dir", default=None, type=click.Path())
@click.option("--output-dir", default=None, type=click.Path())
@click.option("--formats", default=None, help="Default: html,pdf,xlsx.")
@click.option(
    "--notebook", default=None, type=click.Path(), help="Default: notebooks/report.ipynb."
)
@click.option("--timeout", type=click.FloatRange(min=1), default=None, help="Seconds per report.")
@click.option(
    "--fresh-kernels", is_flag=True, help="A new kernel for every report (slower; see README)."
)
@click.option("--quiet", is_flag=True, help="Print only failures and the summary.")
@click.option("--log", "log_file", type=click.Path(), default=None, help="Also write the log here.")
def batch(
    province,
    years,
    scopes,
    batch_file,
    workers,
    scheduler,
    force,
    data_dir,
    output_dir,
    formats,
    notebook,
    timeout,
    fresh_kernels,
    quiet,
    log_file,
) -> None:
    """Render the reports of several years and units: in parallel, skipping
    what has not changed, each failing alone (exit 1 if any failed)."""
    import signal

    from ocoplib.base.problems import parameter_error
    from ocoplib.batch import plan as batches
    from ocoplib.batch.progress import Log, summary
    from ocoplib.batch.runner import run_batch

    # A terminated batch stops its workers and kernels on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        if batch_file:
            if years or scopes:
                raise parameter_error("file", batch_file, "either --file or --years/--scopes")
            spec = batches.read_batch_file(Path(batch_file))
            runs = [
                (batches.parse_years(r.years), batches.parse_scopes(r.scopes), r.as_of)
                for r in spec.runs
            ]
            province = province or spec.province
            data_dir = data_dir or spec.data_dir
            output_dir = output_dir or spec.output_dir
            formats = formats or spec.formats
            notebook = notebook or spec.notebook
            timeout = timeout or spec.timeout
        elif years is None:
            raise parameter_error("years", None, "--years (2024, 2022-2024 or 2023,2024) or --file")
        else:
            runs = [(batches.parse_years(years), batches.parse_scopes(scopes or "all"), None)]
        plan = batches.plan(
            province or "quang-ngai",
            runs,
            Path(data_dir or "data"),
            Path(output_dir or "outputs"),
            formats=formats or ",".join(FORMATS),
            notebook=notebook,
            force=force,
            timeout=timeout,
            fresh_kernels=fresh_kernels,
        )
    except InputError as exc:
        _fail_input(exc)
    log = Log(quiet=quiet, log_file=Path(log_file) if log_file else None)
    for w in plan.workbook.warnings:
        log.line(f"  {w}")
    outcome = run_batch(plan, workers=workers, scheduler=scheduler, log=log)
    for line in summary(outcome):
        click.echo(line, err=True)
    if outcome.index:
        click.echo(str(outcome.index))
    sys.exit(outcome.exit_code)


@main.command()
@click.argument("path", type=click.Path())
@click.option(
    "--root",
    default=".",
    show_default=True,
    type=click.Path(),
    help="The project folder that the recorded input paths are relative to.",
)
def verify(path, root) -> None:
    """Make the report in PATH again from its provenance and compare every file.

    Exit 0 when every file matches, 1 when one differs (with the reasons
    found: inputs, environment or code changed), 2 for bad input."""
    from pathlib import Path

    from ocoplib.runs.run import RunError
    from ocoplib.runs.verify import verify as run_verify

    try:
        verdict = run_verify(Path(path), Path(root), say=lambda m: click.echo(m, err=True))
    except InputError as exc:
        _fail_input(exc)
    except RunError as exc:
        click.echo(f"error: the report could not be made again: {exc}", err=True)
        sys.exit(1)
    for line in verdict.lines():
        click.echo(line)
    click.echo("all files match" if verdict.ok else "some files differ")
    sys.exit(0 if verdict.ok else 1)


if __name__ == "__main__":
    main()
