"""The language of what people read on the console: Vietnamese by default,
English with ``--lang en`` or ``OCOP_LANG=en``.

Messages are written in English in the code, marked with ``_()`` (or
``N_()`` where the text is translated later, as click's help strings are),
and translated through the gettext catalog ``locale/vi/LC_MESSAGES/ocop.po``.
Setup compiles it to ``ocop.mo`` with Babel; when the compiled catalog is
missing or older than the ``.po`` (an install by hand), it is compiled in
memory from the ``.po``. ``tests/test_i18n.py`` fails when a marked message
has no Vietnamese translation.

click's own messages ("Usage:", "Missing option", "[default: …]") go
through the same catalog: click reads them with ``gettext.gettext``, which
:func:`install_for_click` points at this module."""

from __future__ import annotations

import gettext as _gettext
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "ocop"
LANGUAGES = ("vi", "en")
DEFAULT = "vi"
ENV = "OCOP_LANG"

_active: str | None = None


def normalise(lang: str | None) -> str | None:
    """``vi``, ``en`` from what people type (``VI``, ``en_US.UTF-8``); None if unknown."""
    if not lang:
        return None
    code = lang.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    return code if code in LANGUAGES else None


def language() -> str:
    """The language in use: the one set, else ``OCOP_LANG``, else Vietnamese."""
    return _active or normalise(os.environ.get(ENV)) or DEFAULT


def set_language(lang: str | None) -> str:
    """Use ``lang`` from now on in this process and the processes it starts."""
    global _active
    _active = normalise(lang) or DEFAULT
    os.environ[ENV] = _active
    return _active


def reset_language() -> None:
    """Forget the language set in this process: ``OCOP_LANG`` decides again."""
    global _active
    _active = None


def _catalog_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _translations(lang: str) -> _gettext.NullTranslations:
    po = _catalog_path(lang)
    if not po.is_file():
        return _gettext.NullTranslations()
    mo = po.with_suffix(".mo")
    if mo.is_file() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as fh:
            return _gettext.GNUTranslations(fh)
    return _gettext.GNUTranslations(io.BytesIO(compile_catalog(po)))


def compile_catalog(po: Path) -> bytes:
    """The ``.mo`` bytes of a ``.po`` catalog (fuzzy entries left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def gettext(message: str) -> str:
    """``message`` in the language in use."""
    if not message:
        return message
    return _translations(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations(language()).ngettext(singular, plural, n)


def translate(message: str, lang: str) -> str:
    """``message`` in ``lang``, whatever the language in use (the Vietnamese
    of an annotated copy, which officers read in any case)."""
    if not message:
        return message
    return _translations(normalise(lang) or DEFAULT).gettext(message)


@contextmanager
def using(lang: str) -> Iterator[str]:
    """Use ``lang`` inside the block, then the language used before it."""
    global _active
    saved_active, saved_env = _active, os.environ.get(ENV)
    try:
        yield set_language(lang)
    finally:
        _active = saved_active
        if saved_env is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = saved_env


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark ``message`` for the catalog; it is translated where it is shown."""
    return message


_ = gettext


def install_for_click() -> None:
    """Let click's own messages use this catalog (click calls ``gettext``
    through the name ``_`` and ``ngettext`` in each of its modules)."""
    import importlib

    for name in (
        "core",
        "decorators",
        "exceptions",
        "formatting",
        "parser",
        "termui",
        "types",
        "utils",
    ):
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
