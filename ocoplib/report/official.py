"""The official copies from a notebook (:meth:`ocoplib.report.Report.render_official`):
``ocop report`` run for the notebook's current parameters, and links to what
it wrote. A kernel never imports the runner (ARCHITECTURE.md), so the
command runs as a program of its own, on the same Python and the same ocoplib."""

from __future__ import annotations

import html
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import ocoplib
from ocoplib.base.formats import BY_KEY
from ocoplib.base.i18n import gettext as _
from ocoplib.base.params import ReportParams, parse_params

#: What the command is called by, shown to the analyst (it runs as ``python -c``).
_MAIN = "from ocoplib.cli import main; main(prog_name='ocop')"
#: Set in the environment of the command it starts: a notebook executed by
#: that command must not start another (the cell is tagged ``skip-execution``;
#: this is the guard when the tag is lost).
GUARD = "OCOP_OFFICIAL_RUN"


@dataclass(frozen=True)
class Official:
    """What :func:`render_official` did: the command, its exit code (None
    when it did not run to its end), the folder and files it wrote, its
    error output when it failed; shown in a notebook as links to the files."""

    command: tuple[str, ...]
    returncode: int | None
    folder: Path | None
    files: dict[str, Path] = field(default_factory=dict)
    message: str = ""
    #: Where relative links start: the kernel's folder, the notebook's in JupyterLab.
    base: Path = field(default_factory=Path.cwd)

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.message

    def links(self) -> dict[str, str]:
        """Each file's link relative to ``base`` (JupyterLab opens it in a tab)."""
        return {
            name: Path(os.path.relpath(path, self.base)).as_posix()
            for name, path in self.files.items()
        }

    def _repr_html_(self) -> str:
        if not self.ok:
            return (
                '<div style="border-left:4px solid #b3261e;padding:.4em .8em">'
                f"<p><strong>{html.escape(self._failure())}</strong></p>"
                f"<pre>{html.escape(self.message)}</pre></div>"
            )
        items = "".join(
            f'<li><a href="{html.escape(href)}">{html.escape(name)}</a> '
            f"({html.escape(_whose(name))}): <code>{html.escape(str(self.files[name]))}</code></li>"
            for name, href in self.links().items()
        )
        head = _("The official copies are in {folder}:").format(folder=self.folder)
        return f"<p>{html.escape(head)}</p><ul>{items}</ul>"

    def __repr__(self) -> str:
        if not self.ok:
            return f"{self._failure()}\n{self.message}"
        lines = [_("The official copies are in {folder}:").format(folder=self.folder)]
        lines += [f"  {path} ({_whose(name)})" for name, path in self.files.items()]
        return "\n".join(lines)

    def _failure(self) -> str:
        if self.returncode is None:
            return _("ocop report did not run to its end:")
        if self.returncode == 0:
            return _("ocop report did not write every file asked for:")
        return _("ocop report failed (exit code {code}); nothing was changed:").format(
            code=self.returncode
        )


def _whose(name: str) -> str:
    reviewers = {f.review for f in BY_KEY.values()}
    return _("the reviewers' copy") if name in reviewers else _("the copy to be signed")


def command_line(params: ReportParams, formats: tuple[str, ...], output_dir: Path) -> list[str]:
    """The ``ocop report`` arguments of ``params`` (paths made absolute)."""
    args = [
        "report",
        "--province",
        params.province,
        "--year",
        str(params.year),
        "--scope",
        params.scope,
        "--data-dir",
        str(params.data_dir.resolve()),
        "--output-dir",
        str(output_dir.resolve()),
        "--formats",
        ",".join(formats),
    ]
    if params.as_of is not None:
        args += ["--as-of", params.as_of.isoformat()]
    return args


def render_official(
    params: ReportParams,
    formats: tuple[str, ...] = ("html", "pdf"),
    output_dir: str | Path | None = None,
    timeout: float | None = 1800,
) -> Official:
    """Run ``ocop report`` for ``params`` (see :meth:`Report.render_official`)."""
    formats = parse_params(formats=formats).formats  # known formats, in their order
    out = (
        Path(output_dir) if output_dir is not None else params.data_dir.resolve().parent / "outputs"
    )
    args = command_line(params, tuple(formats), out)
    shown = ("ocop", *args)
    if os.environ.get(GUARD):
        return Official(
            shown, None, None, message=_("skipped: this notebook is being rendered by ocop")
        )
    package_root = str(Path(ocoplib.__file__).resolve().parents[1])
    env = {
        **os.environ,
        GUARD: "1",
        "PYTHONPATH": os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p),
    }
    print(
        _("Rendering the official copies ({formats}): {command}").format(
            formats=", ".join(formats), command=" ".join(shown)
        ),
        flush=True,
    )
    try:
        run = subprocess.run(
            [sys.executable, "-c", _MAIN, *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=params.data_dir.resolve().parent,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return Official(
            shown, None, None, message=_("stopped after {seconds} s").format(seconds=timeout)
        )
    if run.returncode != 0:
        return Official(shown, run.returncode, None, message=run.stderr.strip())
    folder = Path(run.stdout.strip().splitlines()[-1])
    # The copy to be signed first, then the reviewers' copy, format by format.
    names = [BY_KEY[k].file for k in formats] + [BY_KEY[k].review for k in formats]
    files = {name: folder / name for name in names if name and (folder / name).is_file()}
    missing = [BY_KEY[k].file for k in formats if BY_KEY[k].file not in files]
    message = _("missing in {folder}: {files}").format(folder=folder, files=", ".join(missing))
    return Official(shown, 0, folder, files, message if missing else "")
