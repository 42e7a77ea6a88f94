"""`ocop validate`: every problem in one pass, errors apart from warnings, an
annotated copy to fix the file in Excel (never the original), exit 2 on
errors; and the suite of broken workbooks, each refused by `validate` and
by `report` with the sheet, row and column named and nothing written."""

import hashlib
import shutil

import pytest
from click.testing import CliRunner
from conftest import ROOT
from factory import d, product, write_workbook
from openpyxl import load_workbook
from workbooks import DEFECTS, write_defect, write_valid

from ocoplib.cli import main
from ocoplib.intake.validate import SUMMARY, annotated_path
from ocoplib.intake.workbook import check_workbook

PROVINCE = "tinh-thu"


def ocop(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def many_problems(tmp_path):
    rows = [
        product("P1", 6, d("2024-01-05")),
        product("P2", 3, "31/02/2024"),
        product("P3", 3, d("2024-01-05"), district="Tư Nghỉa"),
        product("P4", 3, d("2024-01-05"), owner="O9", product_group="Thảo dược"),
        product("P5", 4, d("2024-01-05"), score=55, product_group="Thuc pham"),
    ]
    return write_workbook(tmp_path / "huyen.xlsx", products=rows)


def test_every_problem_in_one_pass_errors_then_warnings(many_problems, tmp_path):
    found = check_workbook(many_problems)
    where = {(p.severity, p.sheet, p.row, p.column) for p in found.problems}
    assert where >= {
        ("error", "san_pham", 2, "Số sao"),
        ("error", "san_pham", 3, "Ngày quyết định"),
        ("error", "san_pham", 4, "Huyện/thị xã/thành phố"),
        ("error", "san_pham", 5, "Mã chủ thể"),
        ("warning", "san_pham", 5, "Nhóm sản phẩm"),
        ("error", "san_pham", 6, "Số sao"),
        ("error", "san_pham", 6, "Nhóm sản phẩm"),
    }
    by_cell = {p.cell: p for p in found.problems}
    assert by_cell["K4"].suggestion == "did you mean 'huyện Tư Nghĩa'?"
    assert "'Thực phẩm'" in by_cell["D6"].suggestion  # the closest list value
    assert by_cell["E2"].value == 6 and "1 to 5" in by_cell["E2"].expected
    run = ocop("validate", many_problems, "--annotated", tmp_path / "out")
    assert run.exit_code == 2
    out = run.output
    assert out.index("Errors") < out.index("Warnings")
    errors, warnings = out.split("Warnings")
    assert errors.count("error: huyen.xlsx, sheet san_pham, row") == 6
    assert "row 5, column 'Nhóm sản phẩm', cell D5" in warnings
    assert "value 'Tư Nghỉa'" in errors and "did you mean 'huyện Tư Nghĩa'?" in errors


def test_annotated_copy_highlights_and_comments_every_faulty_cell(many_problems, tmp_path):
    before = digest(many_problems)
    run = ocop("validate", many_problems)
    assert run.exit_code == 2
    copy = annotated_path(many_problems)
    assert copy == tmp_path / "huyen.kiem-tra.xlsx" and copy.exists()
    assert str(copy) in run.output
    assert digest(many_problems) == before  # the original is never written

    wb = load_workbook(copy)
    assert wb.sheetnames[0] == SUMMARY and wb.active.title == SUMMARY
    ws = wb["san_pham"]
    for ref in ("E2", "J3", "K4", "C5", "E6", "D6"):
        cell = ws[ref]
        assert cell.fill.fgColor.rgb.endswith("FFC7CE"), ref
        assert cell.comment is not None and cell.comment.text.startswith("Lỗi"), ref
    assert ws["D5"].fill.fgColor.rgb.endswith("FFEB9C")  # a warning is yellow
    assert "Thảo dược" in ws["D5"].comment.text
    assert "có phải là 'huyện Tư Nghĩa'?" in ws["K4"].comment.text
    assert ws["E2"].comment.text == "Lỗi: giá trị '6'; cần một số nguyên từ 1 đến 5."
    assert ws["A2"].comment is None and ws["A2"].fill.fill_type is None
    listed = list(wb[SUMMARY].iter_rows(min_row=4, values_only=True))
    assert len(listed) == len(check_workbook(many_problems).problems)
    assert [r[1] for r in listed] == sorted((r[1] for r in listed), key=lambda s: s != "Lỗi")
    assert wb[SUMMARY]["D4"].hyperlink.location == "'san_pham'!E2"

    # The copy is still the workbook: it reads with the same problems, the
    # summary sheet is skipped, and annotating it again leaves no stale marks.
    again = check_workbook(copy)
    assert [(p.sheet, p.cell) for p in again.problems] == [
        (p.sheet, p.cell) for p in check_workbook(many_problems).problems
    ]
    fixed = load_workbook(copy)
    fixed["san_pham"]["E2"] = 3
    fixed.save(tmp_path / "fixed.xlsx")
    run = ocop("validate", tmp_path / "fixed.xlsx", "--annotated", tmp_path / "fixed-2.xlsx")
    assert run.exit_code == 2
    marks = load_workbook(tmp_path / "fixed-2.xlsx")["san_pham"]
    assert marks["E2"].comment is None and marks["E2"].fill.fill_type is None
    assert marks["E6"].comment is not None


def test_annotated_copy_never_replaces_the_input(many_problems):
    before = digest(many_problems)
    run = ocop("validate", many_problems, "--annotated", many_problems)
    assert run.exit_code == 2
    assert "must not replace" in run.output
    assert digest(many_problems) == before


def test_missing_column_is_marked_where_it_belongs(tmp_path):
    path = write_valid(tmp_path / "cot.xlsx", drop_columns={"san_pham": ["stars"]})
    out = tmp_path / "cot-kt.xlsx"
    assert ocop("validate", path, "--annotated", out).exit_code == 2
    ws = load_workbook(out)["san_pham"]
    spare = ws.cell(row=1, column=15)  # the first free header cell
    assert spare.value is None and "Số sao" in spare.comment.text


def test_clean_workbook_exits_0_and_writes_no_copy_unless_asked(tmp_path):
    path = write_valid(tmp_path / "ok.xlsx")
    run = ocop("validate", path)
    assert run.exit_code == 0, run.output
    assert "0 error(s), 0 warning(s)" in run.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ok.xlsx"]
    assert ocop("validate", path, "--annotated", tmp_path).exit_code == 0
    summary = load_workbook(tmp_path / "ok.kiem-tra.xlsx")[SUMMARY]
    assert summary["A2"].value == "Không có lỗi, không có cảnh báo."


def test_warnings_only_exit_0(tmp_path):
    path = write_valid(
        tmp_path / "w.xlsx", products=[product("P1", 3, d("2024-01-05"), product_group="Thảo dược")]
    )
    run = ocop("validate", path, "--no-annotated")
    assert run.exit_code == 0
    assert "1 warning(s)" in run.output and "Errors" not in run.output


def test_submission_checked_against_the_province(tmp_path):
    """A district's file may name owners and units only the province lists."""
    data = tmp_path / "data"
    (data / PROVINCE).mkdir(parents=True)
    write_valid(data / PROVINCE / "ocop.xlsx")
    sub = write_workbook(
        tmp_path / "tu-nghia.xlsx",
        products=[product("P9", 3, d("2024-08-01"), owner="O1")],
        owners=[],
        units=[],
    )
    alone = ocop("validate", sub, "--no-annotated")
    assert alone.exit_code == 2
    with_province = ocop("validate", sub, "--province", PROVINCE, "--data-dir", data)
    assert with_province.exit_code == 0, with_province.output
    assert ocop("validate", sub, "--province", "nowhere", "--data-dir", data).exit_code == 2


# -- the broken workbooks: one defect each --------------------------------------------


@pytest.fixture(scope="module")
def report_text():
    return ROOT / "data" / "quang-ngai" / "2024" / "bao_cao.md"


def test_the_small_workbook_is_valid(tmp_path):
    assert check_workbook(write_valid(tmp_path / "ok.xlsx")).problems == []


@pytest.mark.parametrize("defect", DEFECTS, ids=[x.name for x in DEFECTS])
def test_each_defect_is_refused_by_validate_and_report(defect, tmp_path, report_text):
    data = tmp_path / "data"
    (data / PROVINCE / "2024").mkdir(parents=True)
    shutil.copy(report_text, data / PROVINCE / "2024" / "bao_cao.md")
    workbook = write_defect(defect, data / PROVINCE / "ocop.xlsx")
    before = digest(workbook)
    named = f"sheet {defect.sheet}"
    if defect.row:
        named += f", row {defect.row}, column '{defect.column}'"

    check = ocop("validate", workbook, "--annotated", tmp_path / "annotated.xlsx")
    assert check.exit_code == 2
    errors = check.output.split("Warnings")[0]
    assert named in errors, errors

    out = tmp_path / "out"
    out.mkdir()
    run = ocop(
        "report",
        "--province",
        PROVINCE,
        "--year",
        2024,
        "--data-dir",
        data,
        "--output-dir",
        out,
        "--formats",
        "html,xlsx",
    )
    assert run.exit_code == 2, run.output
    assert named in run.output
    assert "Nothing was written" in run.output
    assert list(out.rglob("*")) == []
    assert digest(workbook) == before


def test_warnings_alone_write_no_annotated_copy(tmp_path):
    book = tmp_path / "ocop.xlsx"
    shutil.copy(ROOT / "data" / "quang-ngai" / "ocop.xlsx", book)
    run = ocop("validate", book)
    assert run.exit_code == 0 and "warning" in run.output.lower()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ocop.xlsx"]


def test_a_faulty_workbook_of_the_data_folder_gets_its_copy_outside_it(tmp_path):
    """The data folder holds the inputs only: the annotated copy of a workbook
    kept there goes to OUTPUT_DIR/kiem-tra/<its folder>, unless --annotated
    names another place."""
    data, out = tmp_path / "data", tmp_path / "out"
    book = data / "quang-ngai" / "ocop.xlsx"
    book.parent.mkdir(parents=True)
    shutil.copy(ROOT / "data" / "quang-ngai" / "ocop.xlsx", book)
    wb = load_workbook(book)
    wb["san_pham"]["E2"] = 9  # stars: 1 to 5
    wb.save(book)
    before = digest(book)
    run = ocop("validate", book, "--data-dir", data, "--output-dir", out)
    assert run.exit_code == 2
    copy = out / "kiem-tra" / "quang-ngai" / "ocop.kiem-tra.xlsx"
    assert str(copy) in run.output
    assert SUMMARY in load_workbook(copy).sheetnames
    assert sorted(p.name for p in data.rglob("*")) == ["ocop.xlsx", "quang-ngai"]
    assert digest(book) == before
    asked = tmp_path / "beside.xlsx"
    assert ocop("validate", book, "--data-dir", data, "--annotated", asked).exit_code == 2
    assert asked.is_file()
