"""JupyterLab for this repository: `ocop lab` (and `make lab`) start Lab with
this folder first on JUPYTER_CONFIG_PATH, ahead of the user's own ~/.jupyter
(which is not needed). Anything given on the command line
(`ocop lab --port=8899 …`) overrides what is set here.

- Lab is rooted at the repository and opens notebooks/report.ipynb, so that
  the analyst's text (data/<province>/<year>/bao_cao.md) and the wording
  templates (ocoplib/render/templates/) open beside the notebook.
- A notebook saved under notebooks/ is written without outputs or execution
  counts and keeps its committed metadata (ocoplib.runs.notebooks); the open
  notebook keeps its outputs in the browser.
- Lab's terminal runs the user's shell without a login profile, which would
  reset PATH: `ocop lab` puts the environment's bin folder first on it.
- A quiet console: warnings and errors only (`--log-level=INFO` for more),
  kernels over local sockets (no "running over TCP without encryption"), no
  news feed or update check from the network (labconfig/page_config.json
  turns off the news prompt)."""

import os
import warnings
from pathlib import Path

from ocoplib.runs.notebooks import clean_saves

ROOT = Path(__file__).resolve().parent.parent

c = get_config()  # noqa: F821 - defined by Jupyter when it reads this file

c.ServerApp.root_dir = str(ROOT)
c.LabApp.default_url = "/lab/tree/notebooks/report.ipynb"

c.ContentsManager.pre_save_hook = clean_saves(ROOT / "notebooks")
# The server hands its configuration to each extension and back, which sets
# the hook again; only that repeat is silenced (a user's own hook replaced by
# this one is still reported).
warnings.filterwarnings(
    "ignore", message=r"Overriding existing pre_save_hook \(clean_notebook_save\)"
)

c.Application.log_level = "WARN"
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
# jupyter_server asks for a ping timeout of three intervals, which tornado
# refuses with a warning on every start and uses one interval instead: say so.
c.ServerApp.tornado_settings = {"ws_ping_timeout": 30000}

if os.name != "nt":
    c.ServerApp.terminado_settings = {"shell_command": [os.environ.get("SHELL") or "/bin/sh"]}
    # Kernels listen on sockets in Jupyter's runtime folder, not on TCP.
    c.KernelManager.transport = "ipc"
