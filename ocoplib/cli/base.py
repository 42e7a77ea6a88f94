"""What every ``ocop`` command shares: help and messages in the language in
use (help strings are catalog entries translated when shown, so that
``--lang`` and ``OCOP_LANG`` apply to ``--help``), the ``--lang`` flag on
every command, and the way bad input ends a command (exit 2, nothing written)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from ocoplib.base.i18n import LANGUAGES, N_, set_language
from ocoplib.base.i18n import gettext as _
from ocoplib.base.problems import InputError


def _set_lang(ctx, param, value):
    if value is not None:
        set_language(value)
    return value


LANG_HELP = N_("Language of the messages: vi (default) or en; also OCOP_LANG.")


def lang_option() -> click.Option:
    return Option(
        ["--lang"],
        type=click.Choice(LANGUAGES, case_sensitive=False),
        default=None,
        is_eager=True,
        expose_value=False,
        callback=_set_lang,
        help=LANG_HELP,
    )


class Option(click.Option):
    """An option whose help is translated when it is shown."""

    def get_help_record(self, ctx):
        saved = self.help
        self.help = _(saved) if saved else saved
        try:
            return super().get_help_record(ctx)
        finally:
            self.help = saved


#: click's usage placeholders, shown translated.
_USAGE = (N_("[OPTIONS]"), N_("COMMAND [ARGS]..."))
#: click translates "[required]" in help with a text it does not mark itself.
_CLICK_UNMARKED = (N_("required"),)


class _Translated:
    """Translate a command's help and short help when shown; add ``--lang``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not any(p.name == "lang" for p in self.params):
            self.params.insert(0, lang_option())

    def parse_args(self, ctx, args):
        # --lang applies to everything the command prints, --help and click's
        # own errors included, wherever it stands on the command line.
        for i, arg in enumerate(args):
            if arg == "--":
                break
            if arg == "--lang" and i + 1 < len(args):
                set_language(args[i + 1])
            elif arg.startswith("--lang="):
                set_language(arg.partition("=")[2])
        return super().parse_args(ctx, args)

    def collect_usage_pieces(self, ctx):
        return [_(p) if p in _USAGE else p for p in super().collect_usage_pieces(ctx)]

    def format_help_text(self, ctx, formatter):
        saved = self.help
        self.help = _(saved) if saved else saved
        try:
            super().format_help_text(ctx, formatter)
        finally:
            self.help = saved

    def get_short_help_str(self, limit: int = 45) -> str:
        saved_help, saved_short = self.help, self.short_help
        self.help = _(saved_help) if saved_help else saved_help
        self.short_help = _(saved_short) if saved_short else saved_short
        try:
            return super().get_short_help_str(limit)
        finally:
            self.help, self.short_help = saved_help, saved_short

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _("Show this message and exit.")
        return option


class Command(_Translated, click.Command):
    pass


class Group(_Translated, click.Group):
    command_class = Command


def command(name: str | None = None, **kwargs):
    """``click.command`` with translated help and ``--lang``."""
    return click.command(name, cls=Command, **kwargs)


def option(*names, **kwargs):
    """``click.option`` with translated help."""
    return click.option(*names, cls=Option, **kwargs)


#: The data folder, as every command that reads it takes it.
data_dir_option = click.option(
    "--data-dir",
    cls=Option,
    default="data",
    show_default=True,
    type=click.Path(),
    help=N_("The folder of the provinces' data."),
)


def echo_error(message: str) -> None:
    click.echo(_("error: {message}").format(message=message), err=True)


def fail(message: str, code: int = 2):
    """End the command: the message on stderr, exit ``code`` (2: bad input)."""
    echo_error(message)
    sys.exit(code)


def fail_input(exc: InputError) -> None:
    """Bad input: every error, then the warnings, then what to do; exit 2."""
    errors = [p for p in exc.problems if p.is_error]
    warnings = [p for p in exc.problems if not p.is_error]
    click.echo(_("{n} error(s) in the input:").format(n=len(errors)), err=True)
    for p in errors:
        click.echo(f"  {p}", err=True)
    if warnings:
        click.echo(_("{n} warning(s):").format(n=len(warnings)), err=True)
        for p in warnings:
            click.echo(f"  {p}", err=True)
    click.echo(_("Nothing was written. Fix the input above and run again."), err=True)
    sys.exit(2)


SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def check_slug(province: str) -> None:
    if not re.fullmatch(SLUG, province):
        fail(
            _("--province {province!r}: expected an ASCII slug such as quang-ngai").format(
                province=province
            )
        )


def province_workbook(province: str, data_dir: str, read=None):
    """The province's workbook, loaded and checked (by ``read``, default
    ``read_workbook``); exit 2 when missing or faulty."""
    from ocoplib.intake.workbook import read_workbook

    check_slug(province)
    path = Path(data_dir) / province / "ocop.xlsx"
    if not path.is_file():
        fail(
            _("no workbook for province {province!r}: looked for {path}").format(
                province=province, path=path
            )
        )
    try:
        return (read or read_workbook)(path)
    except InputError as exc:
        click.echo(
            _("The province's workbook {path} has errors; fix it first:").format(path=path),
            err=True,
        )
        fail_input(exc)
