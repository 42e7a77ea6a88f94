"""The committed notebooks stay clean when JupyterLab saves them.

JupyterLab's server calls a contents manager's ``pre_save_hook`` with the
model it is about to write. :func:`clean_saves` makes one for the
repository's ``notebooks/`` folder (``jupyter/jupyter_server_config.py``
installs it; ``ocop lab`` starts Lab with that configuration): a notebook
saved under that folder is written without outputs or execution counts, with
the notebook's metadata exactly as it is on disk (Lab rewrites the kernelspec,
``language_info`` and widget state when it opens a notebook), and each cell's
metadata as committed except what the analyst changes (tags, and any key
that is not the view or run state Lab and Papermill record). The hook only
changes what is written: the open document in the browser keeps its outputs,
and the save's reply carries no content. Notebooks elsewhere are saved as Lab
would save them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

#: Cell metadata that records how a cell was last run or shown, not what the
#: analyst meant: Lab's collapse state and timings, the classic notebook's,
#: Papermill's. A save keeps the committed value of these (or none).
VOLATILE_CELL_KEYS = frozenset(
    {"collapsed", "scrolled", "jupyter", "execution", "ExecuteTime", "papermill", "trusted"}
)


def _on_disk(path: Path) -> dict | None:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def _cell_metadata(new: dict, old: dict | None) -> dict:
    """The cell's metadata as saved: the analyst's keys from Lab, the
    volatile ones as committed."""
    kept = {k: v for k, v in new.items() if k not in VOLATILE_CELL_KEYS}
    if old is not None:
        kept |= {k: v for k, v in old.items() if k in VOLATILE_CELL_KEYS}
    return kept


def cleaned(content: dict, committed: dict | None) -> dict:
    """The notebook ``content`` as it is written to the repository: no
    outputs, no execution counts, the metadata of ``committed`` (the file
    on disk; ``None`` for a new notebook, which keeps its own metadata
    less the widget state)."""
    old_cells = {
        c.get("id"): c
        for c in (committed or {}).get("cells", [])
        if isinstance(c, dict) and c.get("id")
    }
    cells = []
    for cell in content.get("cells", []):
        cell = dict(cell)
        old = old_cells.get(cell.get("id"))
        cell["metadata"] = _cell_metadata(cell.get("metadata") or {}, (old or {}).get("metadata"))
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        cells.append(cell)
    if committed is not None and isinstance(committed.get("metadata"), dict):
        metadata = committed["metadata"]
    else:
        metadata = {k: v for k, v in (content.get("metadata") or {}).items() if k != "widgets"}
    return {**content, "cells": cells, "metadata": metadata}


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def clean_saves(folder: Path):
    """A ``pre_save_hook`` that cleans the notebooks saved under ``folder``
    (see the module's docstring) and leaves every other file alone."""
    folder = Path(folder).resolve()

    def clean_notebook_save(model: dict, path: str, contents_manager: Any, **kwargs) -> None:
        if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
            return
        target = (Path(contents_manager.root_dir) / path.strip("/")).resolve()
        if not _inside(target, folder):
            return
        model["content"] = cleaned(model["content"], _on_disk(target))

    return clean_notebook_save
