"""A run needs the year's report text: a missing or empty bao_cao.md stops
`ocop report` and `ocop batch` before any kernel starts, with a message in
Vietnamese naming the file and what to do, and nothing under the output folder."""

import os
import shutil
import subprocess

from conftest import OCOP, ROOT


def ocop(*args):
    """``ocop`` in the users' language: Vietnamese (OCOP_LANG left out)."""
    env = {k: v for k, v in os.environ.items() if k != "OCOP_LANG"}
    return subprocess.run(
        [*OCOP, *map(str, args)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )


def _data(tmp_path, text: str | None):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "quang-ngai", data / "quang-ngai")
    if text is not None:
        (data / "quang-ngai" / "2024" / "bao_cao.md").write_text(text, encoding="utf-8")
    return data


def test_a_missing_year_text_stops_the_report_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    run = ocop("report", "--year", "2031", "--output-dir", out)
    assert run.returncode == 2
    assert "data/quang-ngai/2031/bao_cao.md" in run.stderr
    assert "tệp nội dung báo cáo năm 2031" in run.stderr and "chưa có" in run.stderr
    assert "ocop new-year --province quang-ngai --year 2031" in run.stderr
    assert not out.exists()


def test_an_empty_text_stops_report_and_batch(tmp_path):
    data = _data(tmp_path, "  \n\n")
    out = tmp_path / "out"
    for command in (("report",), ("batch", "--years", "2024", "--scopes", "tinh")):
        run = ocop(*command, "--data-dir", data, "--output-dir", out)
        assert run.returncode == 2, command
        assert "bao_cao.md" in run.stderr and "đang trống" in run.stderr, command
        assert not out.exists() or not any(out.iterdir()), command


def test_a_batch_names_every_year_without_text(tmp_path):
    out = tmp_path / "out"
    run = ocop("batch", "--years", "2030-2031", "--output-dir", out)
    assert run.returncode == 2
    for year in (2030, 2031):
        assert f"data/quang-ngai/{year}/bao_cao.md" in run.stderr
    assert not out.exists()
