"""Reproducible to the byte: a report made again from its provenance gives the
same files; an edited input is named as the reason when it does not."""

import shutil

from conftest import ROOT, ocop
from openpyxl import load_workbook

FILES = ("report.html", "report.pdf", "tables.xlsx", "report.docx", "results.json")


def test_a_second_run_gives_the_same_bytes(province, tmp_path):
    run = ocop("report", "--output-dir", tmp_path)
    assert run.returncode == 0, run.stderr
    again = tmp_path / "quang-ngai" / "2024" / "tinh"
    for name in FILES:
        first, second = (province / name).read_bytes(), (again / name).read_bytes()
        assert first, name
        assert first == second, f"{name} differs between two runs"


def test_verify_says_a_second_run_gives_the_same_bytes(province):
    run = ocop("verify", province)
    assert run.returncode == 0, run.stdout + run.stderr
    for name in FILES:
        assert f"{name}: same bytes" in run.stdout
    assert "report.ipynb: same content apart from timings" in run.stdout
    assert "all files match" in run.stdout


def test_verify_names_the_changed_input(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(ROOT / "data" / "quang-ngai", root / "data" / "quang-ngai")
    run = ocop(
        "report", "--data-dir", "data", "--output-dir", "out", "--formats", "html,xlsx", cwd=root
    )
    assert run.returncode == 0, run.stderr
    folder = root / "out" / "quang-ngai" / "2024" / "tinh"
    book = root / "data" / "quang-ngai" / "ocop.xlsx"
    wb = load_workbook(book)
    wb["diem_ban"]["A2"] = str(wb["diem_ban"]["A2"].value) + " (đổi tên)"
    wb.save(book)
    run = ocop("verify", folder, "--root", root, cwd=root)
    assert run.returncode == 1
    assert "input changed: data/quang-ngai/ocop.xlsx" in run.stdout
    assert "tables.xlsx: DIFFERS" in run.stdout and "report.html: DIFFERS" in run.stdout


def test_verify_refuses_a_folder_without_results(tmp_path):
    run = ocop("verify", tmp_path)
    assert run.returncode == 2
    assert "results.json" in run.stderr
