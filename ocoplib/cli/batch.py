"""``ocop batch``: the reports of several years and units in one command."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ocoplib.base.formats import FORMATS
from ocoplib.base.i18n import N_
from ocoplib.base.i18n import gettext as _
from ocoplib.base.problems import InputError
from ocoplib.cli.base import command, fail_input, option
from ocoplib.cli.render import data_warnings, warnings_place


@command(
    help=N_(
        "Render the reports of several years and units: in parallel, skipping "
        "what has not changed, each failing alone (exit 1 if any failed)."
    )
)
@option("--province", default=None, help=N_("Province slug (default quang-ngai)."))
@option("--years", default=None, help=N_("2024, 2022-2024 or 2023,2024."))
@option(
    "--scopes",
    default=None,
    help=N_('all (the province and every unit below it), tinh, communes, or "A;B".'),
)
@option("--file", "batch_file", type=click.Path(), help=N_("A YAML batch file instead."))
@option("--workers", type=click.IntRange(min=1), default=None, help=N_("Default: one per core."))
@option("--scheduler", default=None, help=N_("Address of a Dask distributed scheduler."))
@option("--force", is_flag=True, help=N_("Render every report, changed or not."))
@option(
    "--data-dir", default=None, type=click.Path(), help=N_("The folder of the provinces' data.")
)
@option("--output-dir", default=None, type=click.Path(), help=N_("Where reports are written."))
@option("--formats", default=None, help=N_("Default: every format (html,pdf,xlsx,docx)."))
@option("--notebook", default=None, type=click.Path(), help=N_("Default: notebooks/report.ipynb."))
@option("--timeout", type=click.FloatRange(min=1), default=None, help=N_("Seconds per report."))
@option(
    "--fresh-kernels", is_flag=True, help=N_("A new kernel for every report (slower; see README).")
)
@option("--quiet", is_flag=True, help=N_("Print only failures and the summary."))
@option("--verbose", is_flag=True, help=N_("List every data warning, not only their number."))
@option("--log", "log_file", type=click.Path(), default=None, help=N_("Also write the log here."))
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
    verbose,
    log_file,
) -> None:
    import signal

    from ocoplib.base.params import parse_params
    from ocoplib.base.problems import parameter_error
    from ocoplib.batch import plan as batches
    from ocoplib.batch.progress import Log, check_log_file, summary
    from ocoplib.batch.runner import run_batch

    # A terminated batch stops its workers and kernels on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        if log_file is not None:  # before anything starts: never appended to a non-log
            check_log_file(Path(log_file))
        # An empty flag is refused, not read as its default (or the current folder).
        parse_params(data_dir=data_dir, output_dir=output_dir, formats=formats)
        if batch_file:
            if years or scopes:
                raise parameter_error("file", batch_file, _("either --file or --years/--scopes"))
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
            raise parameter_error(
                "years", None, _("--years (2024, 2022-2024 or 2023,2024) or --file")
            )
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
        fail_input(exc)
    log = Log(quiet=quiet, log_file=Path(log_file) if log_file else None)
    if plan.jobs:
        data_warnings(plan.workbook.warnings, _warnings_place(plan), verbose, log.line)
    outcome = run_batch(plan, workers=workers, scheduler=scheduler, log=log)
    for line in summary(outcome):
        click.echo(line, err=True)
    if outcome.index:
        click.echo(str(outcome.index))
    sys.exit(outcome.exit_code)


def _warnings_place(plan) -> str:
    """Where the batch's reports list the data warnings: the one report's
    file, or the same file in the folder of each report."""
    first = plan.jobs[0]
    folder = first.folder
    if len(plan.jobs) > 1:
        folder = folder.parents[1] / _("<year>") / _("<scope>")
    return warnings_place(folder, first.params.formats)
