"""Hostile and careless command lines (issue 14, items 3 and 8): parameters
checked before anything starts, and no command writing over an input or a
file it did not create itself."""

import hashlib
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from ocoplib.cli import main

DATA = ROOT / "data"


def ocop(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, env=env)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


# -- item 8: every parameter checked before anything starts -------------------------


@pytest.mark.parametrize(
    "args, name, value, expected",
    [
        (["--as-of", "0001-01-01"], "as_of", "0001-01-01", "a day of 2024"),
        (["--as-of", "2023-05-01"], "as_of", "2023-05-01", "a day of 2024"),
        (["--year", "2025", "--as-of", "2024-12-31"], "as_of", "2024-12-31", "a day of 2025"),
        (["--formats", ""], "formats", "", "at least one format"),
        (["--formats", " , ,"], "formats", " , ,", "at least one format"),
        (["--data-dir", ""], "data_dir", "", "a folder name"),
    ],
)
def test_report_parameters_are_refused_before_anything_starts(
    tmp_path, monkeypatch, args, name, value, expected
):
    monkeypatch.chdir(tmp_path)  # an empty folder flag must not mean this one
    out = tmp_path / "out"
    run = ocop("report", "--data-dir", DATA, "--output-dir", out, *args)
    assert run.exit_code == 2, run.output
    assert f"parameter '{name}'" in run.output
    if value.strip():  # an empty value is not shown
        assert f"value {value}" in run.output or f"value '{value}'" in run.output
    assert expected in run.output
    assert "Nothing was written" in run.output
    assert tree(tmp_path) == []


def test_an_empty_output_dir_is_refused_and_nothing_written_here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = ocop("report", "--data-dir", DATA, "--output-dir", "")
    assert run.exit_code == 2, run.output
    assert "parameter 'output_dir'" in run.output and "a folder name" in run.output
    assert tree(tmp_path) == []


def test_the_parameter_messages_read_in_vietnamese(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "OCOP_LANG"}
    env["OCOP_LANG"] = "vi"
    run = ocop("report", "--data-dir", DATA, "--as-of", "0001-01-01", "--formats", "", env=env)
    assert run.exit_code == 2, run.output
    assert "một ngày trong năm 2024 (từ 01/01/2024 đến 31/12/2024)" in run.output
    assert "ít nhất một định dạng trong danh sách: html" in run.output
