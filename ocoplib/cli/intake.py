"""District data intake: ``ocop template`` → ``ocop validate`` → ``ocop merge``
(see README, "District data intake")."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ocoplib.base.i18n import N_
from ocoplib.base.i18n import gettext as _
from ocoplib.base.problems import InputError
from ocoplib.cli.base import command, data_dir_option, fail, fail_input, option, province_workbook


@command(
    help=N_(
        "Check a workbook against the contract: every problem at once, errors "
        "then warnings, and an annotated copy to fix it in Excel; exit 2 if any error."
    )
)
@click.argument("path", type=click.Path())
@option(
    "--province",
    default=None,
    help=N_(
        "Province slug: check a district submission against the province's workbook "
        "(its units and owners count as known)."
    ),
)
@data_dir_option
@option(
    "--annotated",
    type=click.Path(),
    default=None,
    help=N_(
        "Where to write the annotated copy: a .xlsx file or a folder "
        "[default: beside PATH, named <name>.kiem-tra.xlsx, when there is an error]."
    ),
)
@option("--no-annotated", is_flag=True, help=N_("Write no annotated copy."))
@option(
    "--output-dir",
    default="outputs",
    show_default=True,
    type=click.Path(),
    help=N_(
        "Where the annotated copy of a workbook inside the data folder goes "
        "(OUTPUT_DIR/kiem-tra/…): nothing is written inside the data folder unless "
        "--annotated says so."
    ),
)
@option(
    "--force",
    is_flag=True,
    help=N_(
        "Replace an existing annotated copy (never a workbook the check reads) "
        "[default: keep it, the new copy takes the next free number]."
    ),
)
def validate(path, province, data_dir, annotated, no_annotated, output_dir, force) -> None:
    from ocoplib.base.files import OverwriteError, refuse_overwrite, same_file
    from ocoplib.intake.validate import annotated_path, console_report, write_annotated
    from ocoplib.intake.workbook import check_workbook

    for flag, value in (("--annotated", annotated), ("--output-dir", output_dir)):
        if value is not None and not value.strip():  # Path("") is the current folder
            fail(_("{flag}: expected a file or folder name, not an empty text").format(flag=flag))
    path = Path(path)
    context = None
    reads = []  # the input itself: write_annotated refuses it
    if province is not None:
        base = Path(data_dir) / province / "ocop.xlsx"
        reads.append(base)
        if not (path.exists() and base.exists() and base.resolve() == path.resolve()):
            context = province_workbook(province, data_dir)
    if annotated and not no_annotated:  # before the check: its target is a parameter
        try:
            refuse_overwrite(
                annotated_path(path, Path(annotated)), force=True, reads=reads, flag="--annotated"
            )
        except OverwriteError as exc:
            fail(str(exc))
    found = check_workbook(path, context)
    for line in console_report(found):
        click.echo(line)
    wanted = annotated is not None or found.errors  # warnings alone: no copy unless asked
    if found.opened and wanted and not no_annotated:
        where = Path(annotated) if annotated else _outside_data(path, Path(data_dir), output_dir)
        out = annotated_path(path, where)
        kept = None
        if out.exists() and not force and not same_file(out, path):  # perhaps being corrected
            kept, out = out, _free_name(out)
        try:
            write_annotated(found, out)
        except ValueError as exc:  # it would replace the workbook itself
            fail(str(exc))
        except Exception as exc:  # the check stands; only the copy failed
            fail(
                _("the annotated copy was not written: {exc}").format(exc=exc),
                2 if found.errors else 1,
            )
        click.echo("")
        if kept is not None:
            click.echo(
                _(
                    "{kept} exists and was kept (it may hold corrections); the new copy "
                    "has its own name (--force replaces the old one instead)."
                ).format(kept=kept)
            )
        click.echo(
            _("Annotated copy (faulty cells highlighted, a comment on each): {out}").format(out=out)
        )
    if found.errors:
        sys.exit(2)


def _free_name(out: Path) -> Path:
    """``x.kiem-tra.xlsx`` taken: ``x.kiem-tra-2.xlsx``, ``-3`` … the first free one."""
    n = 2
    while (found := out.with_name(f"{out.stem}-{n}{out.suffix}")).exists():
        n += 1
    return found


def _outside_data(path: Path, data_dir: Path, output_dir: str) -> Path | None:
    """The folder of the annotated copy of a workbook kept in the data folder
    (``OUTPUT_DIR/kiem-tra/<its folder in data>``): the data folder holds the
    inputs only. None (beside the input) for a file anywhere else."""
    try:
        inside = path.resolve().parent.relative_to(data_dir.resolve())
    except ValueError:
        return None
    return Path(output_dir) / "kiem-tra" / inside


@command(help=N_("Write an Excel template generated from the input contract."))
@option("--province", required=True, help=N_("Province slug (data/<province>/ocop.xlsx)."))
@option(
    "--unit",
    default=None,
    help=N_(
        "One unit's submission (a name as people write it): its units pre-filled, "
        "drop-down lists restricted to it and its communes, its owners pre-filled."
    ),
)
@option(
    "--year",
    type=int,
    default=None,
    help=N_(
        "Units valid in this year fill the drop-down lists "
        "[default: this year, else the last year with valid units]."
    ),
)
@data_dir_option
@option("--out", required=True, type=click.Path(), help=N_("The template to write (.xlsx)."))
@option(
    "--force",
    is_flag=True,
    help=N_("Replace --out if it exists (never the province's workbook)."),
)
def template(province, unit, year, data_dir, out, force) -> None:
    from ocoplib.base.files import OverwriteError, refuse_overwrite
    from ocoplib.intake.template import (
        TemplateError,
        province_name,
        template_source,
        write_template,
    )

    workbook = province_workbook(province, data_dir, read=template_source)
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        fail(_("--out {out}: expected a file name ending in .xlsx").format(out=out))
    if out.exists() and out.resolve() == workbook.path.resolve():
        fail(_("--out must not be the province's workbook"))
    try:  # a filled-in submission is never replaced silently
        refuse_overwrite(out, force=force, reads=[workbook.path])
    except OverwriteError as exc:
        fail(str(exc))
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
        fail(str(exc))
    for line in info:
        click.echo(line, err=True)
    click.echo(str(out))


@command(
    help=N_(
        "Consolidate district submissions into a NEW province workbook, with the "
        "source of every row; conflicts are listed, never overwritten silently."
    )
)
@click.argument("submissions", nargs=-1, required=True, type=click.Path())
@option("--province", required=True, help=N_("Province slug (data/<province>/ocop.xlsx)."))
@data_dir_option
@option(
    "--base",
    default=None,
    type=click.Path(),
    help=N_("The workbook to merge into [default: data/<province>/ocop.xlsx]."),
)
@option("--out", required=True, type=click.Path(), help=N_("The new consolidated workbook."))
@option(
    "--on-conflict",
    type=click.Choice(["fail", "keep", "take"]),
    default="fail",
    show_default=True,
    help=N_(
        "fail: write nothing and exit 2; keep: keep the province's row; "
        "take: take the submission's row (the last submission wins). Every resolution is listed."
    ),
)
@option("--force", is_flag=True, help=N_("Replace --out if it exists (never an input)."))
def merge(submissions, province, data_dir, base, out, on_conflict, force) -> None:
    from ocoplib.intake.merge import MergeError, merge_workbooks

    base = Path(base) if base else Path(data_dir) / province / "ocop.xlsx"
    try:
        result = merge_workbooks(
            base, [Path(s) for s in submissions], Path(out), on_conflict=on_conflict, force=force
        )
    except InputError as exc:
        fail_input(exc)
    except MergeError as exc:
        fail(str(exc))
    for line in result.summary():
        click.echo(line)
    if result.unresolved:
        click.echo(
            _(
                "{n} conflict(s): nothing was written. Fix the submissions, "
                "or run again with --on-conflict keep or --on-conflict take."
            ).format(n=len(result.unresolved)),
            err=True,
        )
        sys.exit(2)
    click.echo(str(result.out))
