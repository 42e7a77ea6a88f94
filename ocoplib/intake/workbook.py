"""The OCOP workbook read by the contract (see :mod:`ocoplib.intake.reader`):
its sheets as tidy frames, its units, and every problem with its place in
the file.

Input files are only read, never written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ocoplib.base.contract import contract
from ocoplib.base.files import read_handed_over, sha256_of
from ocoplib.base.problems import InputError, Problem, split
from ocoplib.domain.units import Unit, UnitResolver
from ocoplib.intake.reader import Reader


@dataclass
class Workbook:
    """The workbook's sheets as tidy frames (column keys of the contract,
    closed lists as codes, units as unit codes) with what was noticed."""

    path: Path
    sha256: str
    frames: dict[str, pd.DataFrame]
    units: list[Unit]
    warnings: list[Problem] = field(default_factory=list)

    @property
    def resolver(self) -> UnitResolver:
        return UnitResolver(self.units)

    def __getitem__(self, sheet_key: str) -> pd.DataFrame:
        return self.frames[sheet_key]


@dataclass
class Check:
    """Everything reading a workbook found, errors or not: the frames (partial
    where a sheet failed), the units, every problem, and where each sheet and
    column sits in the file."""

    path: Path
    frames: dict[str, pd.DataFrame]
    units: list[Unit]
    problems: list[Problem]
    sheet_names: dict[str, str]  # contract key → the sheet's name in the file
    columns: dict[str, dict[str, int]]  # contract key → {column key or extra label: 1-based}
    opened: bool = True  # False: the file is not a readable workbook

    @property
    def errors(self) -> list[Problem]:
        return split(self.problems)[0]

    @property
    def warnings(self) -> list[Problem]:
        return split(self.problems)[1]

    def extra_columns(self, sheet_key: str) -> list[str]:
        """Columns of a sheet that are not in the contract, as headed in the file."""
        keys = {c.key for c in contract().sheet(sheet_key).columns}
        return [k for k in self.columns.get(sheet_key, {}) if k not in keys]


def check_workbook(path: str | Path, context: Workbook | None = None) -> Check:
    """Read the workbook by the contract and collect every problem, raising nothing.

    ``context`` is the province's workbook when ``path`` is one district's
    submission: its units and owners count as known, so that a submission
    may name units and owners that only the province's workbook lists.
    """
    path = Path(path)
    if context is None:
        reader = Reader(path)
    else:
        reader = Reader(path, context.units, set(context["chu_the"]["owner_id"].dropna()))
    frames = reader.read()
    return Check(
        path,
        frames,
        reader.units,
        reader.record.problems,
        reader.sheet_names,
        reader.columns,
        reader.opened,
    )


def read_workbook(path: str | Path, context: Workbook | None = None) -> Workbook:
    """Load and check the workbook; raise InputError listing every error."""
    found = check_workbook(path, context)
    if found.errors:
        raise InputError(found.problems)
    return Workbook(
        path=found.path,
        sha256=sha256_of(found.path),
        frames=found.frames,
        units=found.units,
        warnings=found.warnings,
    )


def read_workbook_file(path: str | Path) -> Workbook:
    """The workbook that ``ocop batch`` loaded and checked once for all its
    reports (a pickle it wrote itself into a private folder, checked by
    :func:`ocoplib.base.files.read_handed_over` before it is unpickled)."""
    import pickle

    workbook = pickle.loads(read_handed_over(path))
    if not isinstance(workbook, Workbook):
        raise TypeError(f"{path} does not hold a loaded workbook")
    return workbook
