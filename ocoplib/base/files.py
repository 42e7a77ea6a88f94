"""Files: their sha256, and writing them atomically (a temporary file beside
the target, renamed into place), so that a failed write never leaves half a
file and never destroys the last good one."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from ocoplib.base.i18n import gettext as _
from ocoplib.base.problems import OcopError


class OverwriteError(OcopError):
    """A command asked to write over an input, or over a file it did not make."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_atomic(path: Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp)`` on a temporary path beside ``path``, then rename it
    into place; on any failure the temporary file is removed and ``path`` is
    left as it was."""
    path = Path(path)
    suffix = path.suffix or ".tmp"
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=suffix)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def write_text_atomic(path: Path, text: str) -> Path:
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> Path:
    return write_atomic(path, lambda tmp: tmp.write_bytes(data))


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same file (links and ``..`` followed)."""
    a, b = Path(a), Path(b)
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def refuse_overwrite(
    out: Path, *, force: bool, reads: Iterable[Path] = (), flag: str = "--out"
) -> None:
    """Raise OverwriteError unless ``out`` may be written: never a file the
    command reads (not even with ``force``), an existing file only with ``force``."""
    out = Path(out)
    for path in reads:
        if path is not None and (same_file(out, path) or out.resolve() == Path(path).resolve()):
            raise OverwriteError(
                _("{flag} {out} is a file this command reads; it is never written").format(
                    flag=flag, out=out
                )
            )
    if out.is_dir():
        raise OverwriteError(_("{flag} {out} is a folder; name a file").format(flag=flag, out=out))
    if out.exists() and not force:
        raise OverwriteError(
            _(
                "{out} exists and was kept; choose a new file name (or --force to replace it)"
            ).format(out=out)
        )
