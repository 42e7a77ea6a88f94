"""``ocop report`` and ``ocop verify``: one report, made or made again."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ocoplib.base.formats import FORMATS
from ocoplib.base.i18n import N_
from ocoplib.base.i18n import gettext as _
from ocoplib.base.params import parse_params
from ocoplib.base.problems import InputError
from ocoplib.cli.base import command, echo_error, fail_input, option


@command(help=N_("Render one report into OUTPUT_DIR/<province>/<year>/<scope>/."))
@option("--province", default="quang-ngai", show_default=True, help=N_("Province slug."))
@option("--year", type=int, default=2024, show_default=True, help=N_("The report's year."))
@option(
    "--scope",
    default="tinh",
    show_default=True,
    help=N_('"tinh" for the province, or a unit name as people write it.'),
)
@option("--as-of", "as_of", default=None, help=N_("Cut-off date YYYY-MM-DD."))
@option(
    "--data-dir",
    default="data",
    show_default=True,
    type=click.Path(),
    help=N_("The folder of the provinces' data."),
)
@option(
    "--output-dir",
    default="outputs",
    show_default=True,
    type=click.Path(),
    help=N_("Where reports are written."),
)
@option(
    "--formats",
    default=",".join(FORMATS),
    show_default=True,
    help=N_("The formats to render, separated by commas."),
)
def report(province, year, scope, as_of, data_dir, output_dir, formats) -> None:
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
        fail_input(exc)
    for w in prepared.warnings:
        click.echo(f"  {w}", err=True)
    try:
        target = run_report(params, say=lambda m: click.echo(m, err=True), report=prepared)
    except RunError as exc:
        echo_error(str(exc))
        click.echo(_("The previous output of this scope, if any, was kept."), err=True)
        sys.exit(1)
    click.echo(str(target))


@command(
    help=N_(
        "Make the report in PATH again from its provenance and compare every file.\n\n"
        "Exit 0 when every file matches, 1 when one differs (with the reasons "
        "found: inputs, environment or code changed), 2 for bad input."
    )
)
@click.argument("path", type=click.Path())
@option(
    "--root",
    default=".",
    show_default=True,
    type=click.Path(),
    help=N_("The project folder that the recorded input paths are relative to."),
)
def verify(path, root) -> None:
    from ocoplib.runs.run import RunError
    from ocoplib.runs.verify import verify as run_verify

    try:
        verdict = run_verify(Path(path), Path(root), say=lambda m: click.echo(m, err=True))
    except InputError as exc:
        fail_input(exc)
    except RunError as exc:
        echo_error(_("the report could not be made again: {exc}").format(exc=exc))
        sys.exit(1)
    for line in verdict.lines():
        click.echo(line)
    click.echo(_("all files match") if verdict.ok else _("some files differ"))
    sys.exit(0 if verdict.ok else 1)
