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
from ocoplib.cli.base import command, data_dir_option, echo_error, fail_input, option


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
@data_dir_option
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
@option("--verbose", is_flag=True, help=N_("List every data warning, not only their number."))
def report(province, year, scope, as_of, data_dir, output_dir, formats, verbose) -> None:
    from ocoplib.runs.run import RunError, output_folder, prepare, run_report

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
        _say(
            _("Checking the input: {workbook} and {text}").format(
                workbook=params.workbook_path, text=params.text_path
            )
        )
        prepared = prepare(params)
        target = output_folder(params, prepared.target.slug)
    except InputError as exc:
        fail_input(exc)
    place = warnings_place(target, params.formats)
    data_warnings(prepared.warnings, place, verbose, _say, text=params.text_path)
    try:
        target = run_report(params, say=_say, report=prepared)
    except RunError as exc:
        echo_error(str(exc))
        click.echo(_("The previous output of this scope, if any, was kept."), err=True)
        sys.exit(1)
    click.echo(str(target))


def _say(line: str) -> None:
    """Progress and warnings go to stderr; stdout has the output folder only."""
    click.echo(line, err=True)


def warnings_place(folder: Path, formats) -> str:
    """Where a report lists the data warnings, in the first file it makes of:
    the reviewers' HTML or PDF (a table of the reviewers' notes), the tables
    workbook (a sheet), results.json."""
    from ocoplib.base.formats import BY_KEY, RESULTS
    from ocoplib.report.quality import WARNINGS_KEY, WARNINGS_TITLE

    for key in ("html", "pdf"):
        if key in formats:
            return _('the table "{table}" in the reviewers\' notes of {file}').format(
                table=WARNINGS_TITLE, file=folder / BY_KEY[key].review
            )
    if "xlsx" in formats:
        return _("the sheet {sheet} of {file}").format(
            sheet=WARNINGS_KEY, file=folder / BY_KEY["xlsx"].file
        )
    return _('"warnings" in {file}').format(file=folder / RESULTS)


def _mark_line(mark) -> str:
    """A review mark in one short line: where, and what it asks."""
    where = _("line {row}").format(row=mark.row)
    if mark.column:
        where += f", {mark.column}"
    text = " ".join(str(mark.value or "").split())
    return f"{where}: {text[:97] + '…' if len(text) > 98 else text}"


def data_warnings(warnings, place: str, verbose: bool, say, text: Path | None = None) -> None:
    """The review marks left in the report text, every one (the analyst acts
    on each); then the data warnings: one line saying how many and where the
    report lists them, or (``verbose``) every one of them."""
    from ocoplib.intake.reporttext import is_review_mark

    marks = [w for w in warnings if is_review_mark(w)]
    if marks:
        say(
            _(
                "{n} review mark(s) KIỂM TRA left in {file} "
                "(check each line, then delete its mark):"
            ).format(n=len(marks), file=text or marks[0].file)
        )
        for w in marks:
            say("  " + _mark_line(w))
    warnings = [w for w in warnings if not is_review_mark(w)]
    if not warnings:
        return
    if not verbose:
        say(
            _("{n} data warning(s): see {place}; --verbose lists them").format(
                n=len(warnings), place=place
            )
        )
        return
    say(_("{n} data warning(s), also listed in {place}:").format(n=len(warnings), place=place))
    for w in warnings:
        say(f"  {w}")


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
