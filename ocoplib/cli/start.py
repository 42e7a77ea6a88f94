"""Starting a province or a year: ``ocop init`` and ``ocop new-year`` (see
README, "Adding a province" and "Adding a year")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ocoplib.base.i18n import N_
from ocoplib.base.i18n import gettext as _
from ocoplib.base.problems import InputError
from ocoplib.cli.base import command, fail, fail_input, option

_DATA_DIR = N_("The folder of the provinces' data.")


@command(
    help=N_(
        "Start a new province: an empty workbook data/<province>/ocop.xlsx (every "
        "sheet with its headers, lists and instructions) and "
        "data/<province>/<year>/bao_cao.md with every key explained. Never writes "
        "over anything."
    )
)
@option(
    "--province",
    required=True,
    help=N_("Province slug: ASCII lower-case words joined by hyphens (ha-tinh)."),
)
@option(
    "--name", required=True, help=N_('The province\'s name as the report writes it ("Hà Tĩnh").')
)
@option("--year", type=int, default=None, help=N_("The first report's year [default: this year]."))
@option("--data-dir", default="data", show_default=True, type=click.Path(), help=_DATA_DIR)
def init(province, name, year, data_dir) -> None:
    from ocoplib.intake.start import TEXT, WORKBOOK, StartError, init_province

    year = year or dt.date.today().year
    try:
        folder = init_province(Path(data_dir), province, name, year)
    except StartError as exc:
        fail(str(exc))
    except InputError as exc:
        fail_input(exc)
    say = [
        _("Written: {workbook} and {text}").format(
            workbook=folder / WORKBOOK, text=folder / str(year) / TEXT
        ),
        _("Next steps (HUONG_DAN.md, section 7; README, “Adding a province”):"),
        _(
            "  1. fill in sheet dia_ban of {workbook}: every unit with its code, type and "
            "validity dates"
        ).format(workbook=folder / WORKBOOK),
        _(
            '  2. ocop template --province {slug} --unit "…" --out unit.xlsx: a template for '
            "each district or commune"
        ).format(slug=province),
        _(
            "  3. ocop validate FILE --province {slug} for each file sent back, then "
            "ocop merge --province {slug} FILE… --out NEW.xlsx, and NEW.xlsx in place of "
            "{workbook}"
        ).format(slug=province, workbook=folder / WORKBOOK),
        _("  4. edit {text}, then: ocop report --province {slug} --year {year}").format(
            text=folder / str(year) / TEXT, slug=province, year=year
        ),
    ]
    for line in say:
        click.echo(line, err=True)
    click.echo(str(folder))


@command(
    "new-year",
    help=N_(
        "Start a year's bao_cao.md from the latest previous year's: the cut-off date and "
        "the year moved on, every date and number of the old text marked KIỂM TRA for "
        "review. Never writes over a text."
    ),
)
@option("--province", required=True, help=N_("Province slug (data/<province>/)."))
@option("--year", type=int, required=True, help=N_("The new report's year."))
@option("--data-dir", default="data", show_default=True, type=click.Path(), help=_DATA_DIR)
def new_year(province, year, data_dir) -> None:
    from ocoplib.intake.reporttext import MARK, read_report_text
    from ocoplib.intake.start import StartError
    from ocoplib.intake.start import new_year as start_year

    try:
        target, source = start_year(Path(data_dir), province, year)
    except StartError as exc:
        fail(str(exc))
    except InputError as exc:
        click.echo(_("The previous year's text has errors; fix it first:"), err=True)
        fail_input(exc)
    marks = read_report_text(target, year).marks
    click.echo(
        _(
            "Started {target} from {source}: {n} line(s) marked {mark} to review. "
            "ocop report warns until every mark is removed."
        ).format(target=target, source=source, n=len(marks), mark=MARK),
        err=True,
    )
    click.echo(str(target))
