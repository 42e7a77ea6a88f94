"""Files: their sha256, and writing them atomically (a temporary file beside
the target, renamed into place), so that a failed write never leaves half a
file and never destroys the last good one."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
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


# -- what a run hands to its kernels, and the litter of killed runs -------------

#: The folder a run hands its checked workbook over in: ``<prefix><owner>-XXXX``
#: in the system's temporary folder, mode 0700.
PRIVATE_PREFIXES = ("ocop-run-", "ocop-batch-")
_OWNED = re.compile(r"(?P<pid>\d+)\.(?P<started>\d+)-")
_HANDED = re.compile(r"workbook-(?P<sha256>[0-9a-f]{64})\.pickle")


class HandoverError(ValueError):
    """A handed-over file that its run did not write, or that changed since."""


def owner_tag(pid: int | None = None) -> str:
    """``<pid>.<start time>`` of a process: the part of a temporary folder's
    name that tells a later run whether the process that made it still runs."""
    import psutil

    proc = psutil.Process(pid or os.getpid())
    return f"{proc.pid}.{int(proc.create_time())}"


def owner_alive(name: str) -> bool:
    """Whether the process named in ``name`` (after its prefix) still runs; a
    name without an owner counts as alive (it is left alone)."""
    import psutil

    found = _OWNED.match(name)
    if found is None:
        return True
    try:
        started = psutil.Process(int(found["pid"])).create_time()
    except (psutil.NoSuchProcess, psutil.AccessDenied, ValueError, OverflowError):
        return False
    return abs(int(started) - int(found["started"])) <= 1


def private_folder(prefix: str = "ocop-run-") -> Path:
    """A new folder only this user can enter (mode 0700) in the temporary
    folder, its name telling which process made it; stale ones (of processes
    that ended without removing theirs) are removed first."""
    root = Path(tempfile.gettempdir())
    sweep_private(root)
    folder = Path(tempfile.mkdtemp(prefix=f"{prefix}{owner_tag()}-", dir=root))
    os.chmod(folder, 0o700)
    return folder


def sweep_private(root: Path) -> list[Path]:
    """Remove this user's private run folders whose process has ended."""
    removed = []
    for prefix in PRIVATE_PREFIXES:
        for folder in root.glob(f"{prefix}*"):
            rest = folder.name[len(prefix) :]
            if _mine(folder) and _OWNED.match(rest) and not owner_alive(rest):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
    return removed


def _mine(path: Path) -> bool:
    try:
        info = path.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()


def hand_over(folder: Path, data: bytes) -> Path:
    """Write ``data`` into the private ``folder`` under a name carrying its
    sha256 (which :func:`read_handed_over` checks); the file is new, mode 0600."""
    path = Path(folder) / f"workbook-{hashlib.sha256(data).hexdigest()}.pickle"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return path


def read_handed_over(path: str | Path) -> bytes:
    """The bytes of a file that :func:`hand_over` wrote, after checking that its
    folder and the file belong to this user, that nobody else may write to or
    enter the folder, and that the bytes have the sha256 in the file's name:
    anything else raises HandoverError (and is never unpickled)."""
    path = Path(path)
    found = _HANDED.fullmatch(path.name)
    if found is None:
        raise HandoverError(
            _("{path}: not a file handed over by a run (unexpected name)").format(path=path)
        )
    folder = path.parent.lstat()
    if not _mine(path.parent) or folder.st_mode & 0o077:
        raise HandoverError(
            _("{path}: not a private folder of this user (mode 0700)").format(path=path.parent)
        )
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError as exc:
        raise HandoverError(f"{path}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
            raise HandoverError(_("{path}: not a regular file of this user").format(path=path))
        data = fh.read()
    if hashlib.sha256(data).hexdigest() != found["sha256"]:
        raise HandoverError(
            _("{path}: its content changed after the run wrote it").format(path=path)
        )
    return data


_WORK = re.compile(r"\.(?P<name>.+)\.(?P<kind>tmp|old)-(?P<owner>\d+\.\d+-.*)")


def work_prefix(name: str, kind: str = "tmp") -> str:
    """The prefix of a run's temporary folder beside the folder ``name`` it
    makes (``tmp``) or replaces (``old``): ``.<name>.<kind>-<owner>-``."""
    return f".{name}.{kind}-{owner_tag()}-"


def sweep_work(parent: Path) -> list[Path]:
    """Remove the temporary folders beside ``parent``'s folders that runs
    killed on the way left behind (their process has ended); a previous output
    that a killed run had moved aside (``old``) and not yet replaced is put back."""
    removed = []
    for folder in Path(parent).glob(".*"):
        found = _WORK.fullmatch(folder.name)
        if found is None or not _mine(folder) or owner_alive(found["owner"]):
            continue
        target = folder.parent / found["name"]
        if found["kind"] == "old" and not target.exists():
            os.rename(folder, target)
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed
