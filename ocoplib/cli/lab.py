"""``ocop lab``: JupyterLab from the repository, with the project's own
Jupyter configuration (``jupyter/``) and clean saves of ``notebooks/``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

from ocoplib.base.i18n import N_
from ocoplib.base.i18n import gettext as _
from ocoplib.cli.base import command, fail

NOTEBOOK = Path("notebooks") / "report.ipynb"
CONFIG = Path("jupyter") / "jupyter_server_config.py"


def repository_root(cwd: Path | None = None) -> Path | None:
    """The repository to open: the working folder or the nearest folder
    above it that holds ``notebooks/report.ipynb``, else the checkout this
    package was installed from; ``None`` when neither has it."""
    cwd = Path.cwd() if cwd is None else Path(cwd)
    for folder in (cwd, *cwd.parents, Path(__file__).resolve().parents[2]):
        if (folder / NOTEBOOK).is_file():
            return folder.resolve()
    return None


def lab_command(root: Path, args: tuple[str, ...] = ()) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of JupyterLab for ``root``: the
    repository's ``jupyter/`` folder first on ``JUPYTER_CONFIG_PATH`` and
    this environment's bin folder first on ``PATH`` (for Lab's terminal);
    ``args`` go to JupyterLab as given."""
    env = dict(os.environ)
    config = str(root / CONFIG.parent)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        p for p in (config, env.get("JUPYTER_CONFIG_PATH")) if p
    )
    bin_dir = os.path.dirname(sys.executable)
    env["PATH"] = os.pathsep.join(p for p in (bin_dir, env.get("PATH")) if p)
    env["PWD"] = str(root)  # Lab runs in root; its terminals start there
    return [sys.executable, "-m", "jupyterlab", *args], env


@command(
    help=N_(
        "Start JupyterLab on the repository and open notebooks/report.ipynb.\n\n"
        "Saving a notebook under notebooks/ writes it without outputs and keeps its "
        "committed metadata; the open notebook keeps its outputs. Further arguments go "
        "to JupyterLab, e.g. ocop lab --no-browser --port=8899."
    ),
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
)
@click.argument("jupyterlab_args", nargs=-1, type=click.UNPROCESSED)
def lab(jupyterlab_args) -> None:
    root = repository_root()
    if root is None:
        fail(
            _(
                "no notebooks/report.ipynb here or above {cwd}: run ocop lab in the "
                "project folder (the one that holds notebooks/ and data/), or "
                "cd into it first"
            ).format(cwd=Path.cwd())
        )
    if not (root / CONFIG).is_file():
        fail(
            _(
                "{path} is missing: this checkout has no Jupyter configuration; "
                "update it (git pull) and run again"
            ).format(path=root / CONFIG)
        )
    args = tuple(jupyterlab_args)
    # Lab refuses to run as root without a flag; in a container that is who runs it.
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in args:
        args += ("--allow-root",)
    argv, env = lab_command(root, args)
    click.echo(
        _(
            "JupyterLab on {root}, opening {notebook}. Saving a notebook under notebooks/ "
            "leaves its outputs out of the file. Ctrl+C twice to stop."
        ).format(root=root, notebook=NOTEBOOK.as_posix()),
        err=True,
    )
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "nt":  # no exec: wait for Lab and pass its exit code on
        sys.exit(subprocess.call(argv, cwd=root, env=env))
    os.chdir(root)
    os.execve(argv[0], argv, env)
