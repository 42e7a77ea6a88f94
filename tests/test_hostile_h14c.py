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


@pytest.mark.parametrize("where", ["data", "data/quang-ngai/2024"])
def test_reports_never_go_into_the_data_folder(data, tmp_path, monkeypatch, where):
    monkeypatch.chdir(tmp_path)
    before = tree(data)
    run = ocop("report", "--data-dir", "data", "--output-dir", where, "--formats", "html")
    assert run.exit_code == 2, run.output
    assert "parameter 'output_dir'" in run.output
    assert "a folder outside the data folder data" in run.output
    assert tree(data) == before


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
    # --lang too: an earlier in-process command may have set the language.
    run = ocop(
        "report", "--lang", "vi", "--data-dir", DATA, "--as-of", "0001-01-01", "--formats", "",
        env=env,
    )  # fmt: skip
    assert run.exit_code == 2, run.output
    assert "một ngày trong năm 2024 (từ 01/01/2024 đến 31/12/2024)" in run.output
    assert "ít nhất một định dạng trong danh sách: html" in run.output


# -- item 3: no command writes over an input or a file it did not create -------------


@pytest.fixture
def data(tmp_path):
    """A copy of the sample's data folder (the workbook and its texts)."""
    import shutil

    root = tmp_path / "data"
    shutil.copytree(DATA / "quang-ngai", root / "quang-ngai")
    return root


def test_template_out_never_replaces_a_filled_in_submission(data, tmp_path):
    filled = tmp_path / "tu-nghia.xlsx"
    import shutil

    shutil.copy(data / "quang-ngai" / "ocop.xlsx", filled)  # an officer's 1.000 rows
    before = digest(filled)
    run = ocop("template", "--province", "quang-ngai", "--data-dir", data, "--out", filled)
    assert run.exit_code == 2, run.output
    assert f"{filled} exists and was kept" in run.output and "--force" in run.output
    assert digest(filled) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "tu-nghia.xlsx"]
    forced = ocop(
        "template", "--province", "quang-ngai", "--data-dir", data, "--out", filled, "--force"
    )
    assert forced.exit_code == 0, forced.output
    assert digest(filled) != before


def test_template_force_never_replaces_the_province_workbook(data):
    book = data / "quang-ngai" / "ocop.xlsx"
    before = digest(book)
    for where in (book, data / "quang-ngai" / ".." / "quang-ngai" / "ocop.xlsx"):
        run = ocop(
            "template", "--province", "quang-ngai", "--data-dir", data, "--out", where, "--force"
        )
        assert run.exit_code == 2, run.output
        assert "province's workbook" in run.output or "reads; it is never written" in run.output
    assert digest(book) == before


def test_validate_annotated_never_replaces_the_province_workbook(data, tmp_path):
    from workbooks import write_valid

    book = data / "quang-ngai" / "ocop.xlsx"
    sub = write_valid(tmp_path / "huyen.xlsx")
    before = {p: digest(p) for p in (book, sub)}
    for where in (book, data / "quang-ngai" / ".." / "quang-ngai" / "ocop.xlsx", sub):
        run = ocop(
            "validate", sub, "--province", "quang-ngai", "--data-dir", data, "--annotated", where
        )
        assert run.exit_code == 2, run.output
        assert "reads; it is never written" in run.output or "must not replace" in run.output
        assert {p: digest(p) for p in (book, sub)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "huyen.xlsx"]


def test_validate_again_keeps_the_annotated_copy_an_officer_is_correcting(tmp_path):
    from openpyxl import load_workbook
    from workbooks import DEFECTS, write_defect

    sub = write_defect(DEFECTS[0], tmp_path / "huyen.xlsx")
    first = ocop("validate", sub)
    assert first.exit_code == 2
    copy = tmp_path / "huyen.kiem-tra.xlsx"
    wb = load_workbook(copy)  # the officer corrects a cell in the copy and saves it
    wb[wb.sheetnames[-1]]["A1"] = "đã sửa"
    wb.save(copy)
    corrected = digest(copy)

    again = ocop("validate", sub)
    assert again.exit_code == 2
    assert digest(copy) == corrected
    second = tmp_path / "huyen.kiem-tra-2.xlsx"
    assert f"{copy} exists and was kept" in again.output
    assert f"Annotated copy (faulty cells highlighted, a comment on each): {second}" in again.output
    assert second.is_file()

    third = ocop("validate", sub)
    assert str(tmp_path / "huyen.kiem-tra-3.xlsx") in third.output
    forced = ocop("validate", sub, "--force")
    assert forced.exit_code == 2
    assert digest(copy) != corrected  # replaced, as asked
    assert f"Annotated copy (faulty cells highlighted, a comment on each): {copy}" in forced.output


@pytest.mark.parametrize("target", ["2024/bao_cao.md", "ocop.xlsx", "../notes.txt", "2024"])
def test_batch_log_never_appends_to_a_file_it_did_not_start(data, tmp_path, target):
    (data / "notes.txt").write_text("Ghi chú của phòng\n", encoding="utf-8")
    log = data / "quang-ngai" / target
    before = {p: digest(p) for p in data.rglob("*") if p.is_file()}
    out = tmp_path / "out"
    run = ocop(
        "batch", "--years", "2024", "--scopes", "tinh", "--data-dir", data,
        "--output-dir", out, "--formats", "html", "--log", log,
    )  # fmt: skip
    assert run.exit_code == 2, run.output
    assert "parameter 'log'" in run.output and str(log) in run.output
    assert "Nothing was written" in run.output
    assert {p: digest(p) for p in data.rglob("*") if p.is_file()} == before
    assert not out.exists()


def test_batch_log_starts_with_its_marker_and_only_such_a_log_is_appended_to(tmp_path):
    from ocoplib.base.problems import InputError
    from ocoplib.batch.progress import LOG_MARKER, Log, check_log_file

    path = tmp_path / "batch.log"
    for text in ("một", "hai"):
        log = Log(quiet=True, log_file=path, stream=open(os.devnull, "w"))  # noqa: SIM115
        log.line(text)
        log.close()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == LOG_MARKER and len(lines) == 3
    assert lines[1].endswith(" một") and lines[2].endswith(" hai")
    other = tmp_path / "bao_cao.md"
    other.write_text("---\nnam: 2024\n---\n", encoding="utf-8")
    with pytest.raises(InputError, match="not written by ocop batch"):
        Log(log_file=other)
    with pytest.raises(InputError, match="a file name"):
        check_log_file(Path(os.devnull))
    with pytest.raises(InputError, match="an existing folder"):
        check_log_file(tmp_path / "no" / "such" / "batch.log")
    assert other.read_text(encoding="utf-8") == "---\nnam: 2024\n---\n"


# -- item 3: the consolidated workbook keeps every sheet and column of its inputs ----


def _add_column(path: Path, sheet: str, head: str, values: list) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb[sheet]
    col = ws.max_column + 1
    ws.cell(row=1, column=col, value=head)
    for i, value in enumerate(values, start=2):
        ws.cell(row=i, column=col, value=value)
    wb.save(path)


def _rows_per_sheet(path: Path) -> dict[str, int]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    counts = {
        ws.title: sum(1 for r in ws.iter_rows(min_row=2, values_only=True) if any(r))
        for ws in wb.worksheets
    }
    wb.close()
    return counts


def test_merge_keeps_every_sheet_and_column_of_its_inputs_with_their_provenance(tmp_path):
    import datetime as dt

    from factory import OWNERS, UNITS, d, product, write_workbook
    from openpyxl import load_workbook
    from workbooks import write_valid

    from ocoplib.intake.merge import PROVENANCE

    base = write_valid(
        tmp_path / "ocop.xlsx",
        extra_sheets={
            "ghi_chu": [
                ["Ngày", "Nội dung"],
                [dt.datetime(2024, 3, 1), "Họp rà soát hồ sơ"],
                [None, None],
                [dt.datetime(2024, 4, 2), "=không phải công thức"],  # a formula, no value
            ]
        },
    )
    _add_column(base, "san_pham", "Ghi chú nội bộ", ["đã kiểm tra"])
    sub = write_workbook(
        tmp_path / "tu-nghia.xlsx",
        products=[product("P10", 3, d("2024-08-01"), score=58)],
        owners=OWNERS[1:2],
        units=UNITS[1:2],
        extra_sheets={
            "GHI_CHU": [
                ["Ngày", "Người ghi", "Nội dung"],
                [dt.datetime(2024, 8, 5), "Lan", "Nộp bổ sung"],
            ],
            "ke_hoach_rieng": [["Việc", "Hạn"], ["Tập huấn", "30/09/2024"], ["Hội chợ", 2024]],
        },
    )  # fmt: skip
    _add_column(sub, "san_pham", "Người nhập", ["Lan"])
    inputs = {p: _rows_per_sheet(p) for p in (base, sub)}
    hashes = {p: digest(p) for p in (base, sub)}
    out = tmp_path / "merged.xlsx"
    run = ocop("merge", "--province", "x", "--base", base, sub, "--out", out)
    assert run.exit_code == 0, run.output
    assert "Sheets the contract does not read, kept as they are:" in run.output
    assert "ghi_chu: 3 row(s)" in run.output and "ke_hoach_rieng: 2 row(s)" in run.output
    assert {p: digest(p) for p in (base, sub)} == hashes

    got = _rows_per_sheet(out)
    assert got["ghi_chu"] == inputs[base]["ghi_chu"] + inputs[sub]["GHI_CHU"] == 3
    assert got["ke_hoach_rieng"] == inputs[sub]["ke_hoach_rieng"] == 2
    for key in ("dia_ban", "chu_the", "san_pham", "diem_ban", "chi_tieu", "hoat_dong"):
        added = 1 if key == "san_pham" else 0  # P10; the unit and the owner are already there
        assert got[key] == inputs[base][key] + added, key

    wb = load_workbook(out)
    notes = [list(r) for r in wb["ghi_chu"].iter_rows(values_only=True)]
    assert notes == [
        ["Ngày", "Nội dung", "Người ghi"],
        [dt.datetime(2024, 3, 1), "Họp rà soát hồ sơ", None],
        [dt.datetime(2024, 4, 2), "=không phải công thức", None],
        [dt.datetime(2024, 8, 5), "Nộp bổ sung", "Lan"],
    ]
    assert wb["ghi_chu"]["B3"].data_type == "s"  # a formula without a value: kept as its text
    heads = [c.value for c in wb["san_pham"][1]]
    assert "Ghi chú nội bộ" in heads and "Người nhập" in heads
    prov = [list(r) for r in wb[PROVENANCE].iter_rows(min_row=2, values_only=True)]
    kept = [r for r in prov if r[0] in ("ghi_chu", "ke_hoach_rieng")]
    assert [r[:3] + r[4:6] for r in kept] == [
        ["ghi_chu", 2, "có sẵn trong tệp gốc", "ghi_chu", 2],
        ["ghi_chu", 3, "có sẵn trong tệp gốc", "ghi_chu", 4],
        ["ghi_chu", 4, "thêm mới", "GHI_CHU", 2],
        ["ke_hoach_rieng", 2, "thêm mới", "ke_hoach_rieng", 2],
        ["ke_hoach_rieng", 3, "thêm mới", "ke_hoach_rieng", 3],
    ]
    assert [r[3] for r in kept] == [str(base)] * 2 + [str(sub)] * 3
    assert [r[6] for r in kept] == [hashes[base]] * 2 + [hashes[sub]] * 3


@pytest.mark.parametrize(
    "args, name",
    [
        (["--output-dir", ""], "output_dir"),
        (["--formats", ""], "formats"),
        (["--data-dir", " "], "data_dir"),
    ],
)
def test_batch_refuses_empty_parameters_instead_of_a_default(tmp_path, monkeypatch, args, name):
    monkeypatch.chdir(tmp_path)
    base = ["batch", "--years", "2024", "--scopes", "tinh", "--data-dir", DATA, "--output-dir"]
    run = ocop(*base, tmp_path / "out", *args)
    assert run.exit_code == 2, run.output
    assert f"parameter '{name}'" in run.output and "Nothing was written" in run.output
    assert tree(tmp_path) == []


@pytest.mark.parametrize("flag", ["--annotated", "--output-dir"])
def test_validate_refuses_an_empty_folder_flag(tmp_path, monkeypatch, flag):
    from workbooks import DEFECTS, write_defect

    sub = write_defect(DEFECTS[0], tmp_path / "huyen.xlsx")
    monkeypatch.chdir(tmp_path)
    run = ocop("validate", sub.name, flag, "")
    assert run.exit_code == 2, run.output
    assert f"{flag}: expected a file or folder name, not an empty text" in run.output
    assert tree(tmp_path) == ["huyen.xlsx"]


def test_merge_keeps_a_second_sheet_of_a_contract_sheet_that_is_not_read(tmp_path):
    from factory import OWNERS, UNITS, d, product, write_workbook
    from workbooks import write_valid

    from ocoplib.intake.workbook import check_workbook

    # "products" is the alias of san_pham: beside san_pham it is not read, and is kept.
    old = [["Mã sản phẩm", "Tên sản phẩm"], ["CU-01", "Bản cũ"], ["CU-02", "Bản cũ 2"]]
    base = write_valid(tmp_path / "ocop.xlsx", extra_sheets={"products": old})
    sub = write_workbook(
        tmp_path / "s.xlsx",
        products=[product("P10", 3, d("2024-08-01"), score=58)],
        owners=OWNERS[1:2],
        units=UNITS[1:2],
    )
    out = tmp_path / "m.xlsx"
    run = ocop("merge", "--province", "x", "--base", base, sub, "--out", out)
    assert run.exit_code == 0, run.output
    assert _rows_per_sheet(out)["products"] == 2
    merged = check_workbook(out)
    assert merged.sheet_names["san_pham"] == "san_pham"
    ids = set(merged.frames["san_pham"]["product_id"])
    assert "P10" in ids and not ids & {"CU-01", "CU-02"}
