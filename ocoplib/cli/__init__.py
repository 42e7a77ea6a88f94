"""The ``ocop`` command: a thin layer over ocoplib, one module per group of
commands (the commands and flags are in README and ``spec/cli.md``).

Exit codes: 0 all done; 1 a run failed; 2 bad input or bad usage (an unknown
flag or a missing value exits 2 through click itself)."""

from __future__ import annotations

import click

from ocoplib.base.i18n import N_, install_for_click
from ocoplib.cli.base import Group, Option
from ocoplib.cli.batch import batch
from ocoplib.cli.intake import merge, template, validate
from ocoplib.cli.lab import lab
from ocoplib.cli.preview import preview
from ocoplib.cli.render import report, verify
from ocoplib.cli.start import init, new_year

install_for_click()


@click.group(
    cls=Group,
    help=N_("OCOP reporting workbook: render the yearly report from the workbook."),
)
@click.version_option(package_name="ocoplib", cls=Option, help=N_("Show the version and exit."))
def main() -> None:
    pass


for _command in (report, batch, validate, template, merge, verify, init, new_year, lab, preview):
    main.add_command(_command)
