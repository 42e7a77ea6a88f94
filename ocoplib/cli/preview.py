"""``ocop preview``: the report's official HTML on 127.0.0.1, rendered again
whenever its text, its workbook, a template or a notebook changes."""

from __future__ import annotations

from pathlib import Path

import click

from ocoplib.base.i18n import N_
from ocoplib.base.i18n import gettext as _
from ocoplib.base.params import parse_params
from ocoplib.base.problems import InputError
from ocoplib.cli.base import check_slug, command, data_dir_option, fail, fail_input, option


@command(
    help=N_(
        "Render the report's official HTML and serve it on 127.0.0.1; render it again "
        "whenever bao_cao.md, the workbook, a template or a notebook changes, and the open "
        "page reloads itself. A failed render shows its error on the page, over the last "
        "good one. Ctrl-C stops."
    )
)
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
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help=N_("The port on 127.0.0.1; 0 picks a free one."),
)
def preview(province, year, scope, as_of, data_dir, port) -> None:
    from ocoplib.runs.preview import run_preview
    from ocoplib.runs.previewpage import PortError

    check_slug(province)
    try:
        params = parse_params(
            province=province, year=year, scope=scope, as_of=as_of, data_dir=data_dir
        )
    except InputError as exc:
        fail_input(exc)
    workbook = params.workbook_path
    if not workbook.is_file():
        fail(
            _("no workbook for province {province!r}: looked for {path}").format(
                province=province, path=workbook
            )
        )

    def show_url(url: str, folder: Path) -> None:
        click.echo(_("Preview of the report: {url}").format(url=url))
        click.echo(
            _("(Ctrl-C stops; renders go to {folder}, removed then)").format(folder=folder),
            err=True,
        )

    try:
        run_preview(params, port, say=lambda m: click.echo(m, err=True), show_url=show_url)
    except InputError as exc:
        fail_input(exc)
    except PortError as exc:
        fail(exc.message)
