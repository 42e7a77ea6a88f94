"""The console speaks Vietnamese by default and English when asked; every
message marked for the catalog has its Vietnamese text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
OCOP = str(Path(sys.executable).with_name("ocop"))

import catalog  # noqa: E402


def _run(*args, lang: str | None = None):
    env = {k: v for k, v in os.environ.items() if k != "OCOP_LANG"}
    if lang:
        env["OCOP_LANG"] = lang
    return subprocess.run(
        [OCOP, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_every_message_has_its_vietnamese_text():
    assert catalog.problems() == []


def test_a_message_without_vietnamese_is_found(tmp_path, monkeypatch):
    # The check reads the marked messages from the source: a new one without
    # a translation in the catalog is reported.
    real = catalog.messages

    def with_new():
        return {**real(), "A message nobody translated": "ocoplib/new.py"}

    monkeypatch.setattr(catalog, "messages", with_new)
    assert catalog.problems() == ["ocoplib/new.py: no Vietnamese for 'A message nobody translated'"]


def test_the_catalog_is_up_to_date_with_the_source():
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog.read() if m.id}
    found = {k if isinstance(k, str) else k[0] for k in catalog.messages()}
    assert found - known == set(), "run `make catalog`"


@pytest.mark.parametrize("args", [["--help"], ["report", "--help"], ["batch", "--help"]])
def test_help_is_vietnamese_by_default_and_english_when_asked(args):
    vi = _run(*args)
    assert vi.returncode == 0, vi.stderr
    assert "Cách dùng: ocop" in vi.stdout and "Tùy chọn:" in vi.stdout
    assert "Usage:" not in vi.stdout and "Show this message" not in vi.stdout
    en = _run("--lang", "en", *args) if args == ["--help"] else _run(*args, "--lang", "en")
    assert en.returncode == 0, en.stderr
    assert "Usage: ocop" in en.stdout and "Show this message and exit." in en.stdout
    assert "Cách dùng" not in en.stdout
    env = _run(*args, lang="en")
    assert env.stdout == en.stdout


def test_the_top_help_lists_the_commands_in_vietnamese():
    out = _run("--help").stdout
    assert "Lập một báo cáo" in out and "Lệnh:" in out


def test_click_errors_are_vietnamese():
    run = _run("report", "--bogus")
    assert run.returncode == 2
    assert "Lỗi: Không có tùy chọn '--bogus'." in run.stderr
    assert "ocop report --help" in run.stderr
    run = _run("report", "--year", "hai")
    assert run.returncode == 2
    assert "không phải" in run.stderr and "is not a valid" not in run.stderr


def test_a_bad_slug_is_told_in_vietnamese_or_english():
    vi = _run("template", "--province", "Hà Tĩnh", "--out", "x.xlsx")
    assert vi.returncode == 2
    assert "cần mã tỉnh viết thường không dấu" in vi.stderr
    en = _run("template", "--province", "Hà Tĩnh", "--out", "x.xlsx", lang="en")
    assert "expected an ASCII slug" in en.stderr


def test_an_unknown_language_falls_back_to_vietnamese():
    from ocoplib.base import i18n

    assert i18n.normalise("EN_us.UTF-8") == "en"
    assert i18n.normalise("fr") is None
    run = _run("--help", lang="fr")
    assert "Cách dùng" in run.stdout
