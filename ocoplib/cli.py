"""The ``ocop`` command: a thin layer over ocoplib (see shared spec cli.md).

Exit codes: 0 all done; 1 a run failed; 2 bad input or bad usage."""

from __future__ import annotations

import sys

import click

from ocoplib.params import FORMATS, parse_params
from ocoplib.problems import InputError


def _fail_input(exc: InputError) -> None:
    click.echo(str(exc), err=True)
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
    from ocoplib.run import RunError, prepare, run_report

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


@main.command()
@click.argument("path", type=click.Path())
@click.option("--province", default=None, help="Province slug (for messages only).")
def validate(path, province) -> None:
    """Check a workbook against the contract; exit 2 if any error."""
    from ocoplib.load import read_workbook

    try:
        wb = read_workbook(path)
    except InputError as exc:
        _fail_input(exc)
    for w in wb.warnings:
        click.echo(str(w))
    click.echo(f"{path}: no errors, {len(wb.warnings)} warning(s).")


if __name__ == "__main__":
    main()
