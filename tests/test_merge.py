"""`ocop merge`: district submissions consolidated into a NEW province
workbook; conflicts found and never overwritten silently; the source of
every row recorded; the inputs never modified."""

import datetime as dt
import hashlib
import shutil

import pytest
from click.testing import CliRunner
from conftest import ROOT
from factory import OWNERS, UNITS, d, product, write_workbook
from openpyxl import load_workbook
from workbooks import write_valid

from ocoplib.cli import main
from ocoplib.domain.rules import compute
from ocoplib.domain.units import province_scope
from ocoplib.intake.merge import PROVENANCE, merge_workbooks
from ocoplib.intake.workbook import check_workbook, read_workbook


def ocop(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def files(tmp_path):
    base = write_valid(tmp_path / "ocop.xlsx")
    tu_nghia = write_workbook(
        tmp_path / "tu-nghia.xlsx",
        products=[
            product("P1", 3, d("2024-03-05"), score=62),  # the same as the province's
            product("P10", 3, d("2024-08-01"), score=58),  # new
            product("P11", 3, d("2024-08-02"), owner="O4"),  # new, with a new owner
        ],
        owners=[
            *OWNERS[1:2],
            {
                "owner_id": "O4",
                "owner_name": "Tổ hợp tác D",
                "owner_type": "THT",
                "district": "Tư Nghĩa",
            },
        ],
        units=UNITS[1:2],
    )
    duc_pho = write_workbook(
        tmp_path / "duc-pho.xlsx",
        products=[
            product("P3", 4, d("2024-05-20"), district="Đức Phổ", owner="O3", score=80,
                    decision_no="15/QĐ-UBND"),  # fills a blank cell
            product("P2", 4, d("2024-04-10"), district="Quảng Ngãi", owner="O1", score=79),
            product("P3", 4, d("2024-09-01"), district="Tư Nghĩa", owner="O3"),  # moved
        ],
        units=UNITS,
    )  # fmt: skip
    return base, tu_nghia, duc_pho


def test_conflicts_stop_the_merge_and_nothing_is_written(files, tmp_path):
    hashes = {p: digest(p) for p in files}
    out = tmp_path / "merged.xlsx"
    run = ocop("merge", "--province", "x", "--base", files[0], files[1], files[2], "--out", out)
    assert run.exit_code == 2
    assert not out.exists()
    text = run.output
    assert "san_pham" in text and "conflict" in text
    assert "Điểm 79 here, 75 there" in text  # P2: same product and date, another score
    assert (
        "the product moves to another unit: Huyện/thị xã/thành phố 'Đức Phổ' to 'Tư Nghĩa'" in text
    )
    assert "filled Số quyết định = '15/QĐ-UBND'" in text
    assert "nothing was written" in text
    assert {p: digest(p) for p in files} == hashes


def test_merge_records_where_every_row_came_from(files, tmp_path):
    base, tu_nghia, duc_pho = files
    hashes = {p: digest(p) for p in files}
    out = tmp_path / "merged.xlsx"
    result = merge_workbooks(base, [tu_nghia, duc_pho], out, on_conflict="keep")
    assert result.out == out
    counts = result.counts()
    assert (counts["san_pham"]["added"], counts["san_pham"]["unchanged"]) == (2, 1)
    assert (counts["san_pham"]["changed"], counts["san_pham"]["conflict"]) == (1, 2)
    assert counts["chu_the"]["added"] == 1
    assert {p: digest(p) for p in files} == hashes  # inputs never modified

    merged = check_workbook(out)
    assert merged.problems == []  # the provenance sheet is known, no warning
    products = merged.frames["san_pham"]
    assert sorted(products["product_id"]) == ["P1", "P10", "P11", "P2", "P3", "P3"]
    p2 = products[products["product_id"] == "P2"].iloc[0]
    assert p2["score"] == 75  # kept: the province's row
    p3 = products[(products["product_id"] == "P3") & (products["stars"] == 4)].iloc[0]
    assert p3["decision_no"] == "15/QĐ-UBND"
    assert "O4" in set(merged.frames["chu_the"]["owner_id"])

    prov = list(load_workbook(out)[PROVENANCE].iter_rows(min_row=2, values_only=True))
    data_rows = {(s, r) for s, r, *_ in prov}
    for key, frame in merged.frames.items():
        assert {(key, int(r)) for r in frame["excel_row"]} <= data_rows, key
    added = [r for r in prov if r[2] == "thêm mới" and r[0] == "san_pham"]
    assert {(r[3], r[5], r[6]) for r in added} == {
        (str(tu_nghia), 3, hashes[tu_nghia]),
        (str(tu_nghia), 4, hashes[tu_nghia]),
    }
    filled = [r for r in prov if r[2] == "bổ sung ô trống"]
    assert [(r[3], r[4], r[5], r[6]) for r in filled] == [
        (str(duc_pho), "san_pham", 2, hashes[duc_pho])
    ]
    assert all(len(r[6]) == 64 for r in prov)


def test_take_resolution_uses_the_submitted_rows(files, tmp_path):
    base, tu_nghia, duc_pho = files
    out = tmp_path / "merged.xlsx"
    run = ocop(
        "merge", "--province", "x", "--base", base, tu_nghia, duc_pho, "--out", out,
        "--on-conflict", "take",
    )  # fmt: skip
    assert run.exit_code == 0, run.output
    assert "took the submitted row" in run.output
    products = read_workbook(out)["san_pham"]
    assert products[products["product_id"] == "P2"]["score"].iloc[0] == 79
    moved = products[(products["product_id"] == "P3")].sort_values("decision_date")
    assert list(moved["district"]) == ["003", "003", "002"]


def test_the_output_is_always_a_new_file(files, tmp_path):
    base, tu_nghia, _ = files
    before = digest(base)
    same = ocop("merge", "--province", "x", "--base", base, tu_nghia, "--out", base)
    assert same.exit_code == 2 and "inputs are never written" in same.output
    out = tmp_path / "merged.xlsx"
    assert ocop("merge", "--province", "x", "--base", base, tu_nghia, "--out", out).exit_code == 0
    again = ocop("merge", "--province", "x", "--base", base, tu_nghia, "--out", out)
    assert again.exit_code == 2 and "exists" in again.output
    forced = ocop("merge", "--province", "x", "--base", base, tu_nghia, "--out", out, "--force")
    assert forced.exit_code == 0
    twice = ocop(
        "merge", "--province", "x", "--base", base, tu_nghia, tu_nghia, "--out", tmp_path / "b.xlsx"
    )
    assert twice.exit_code == 2 and "same file" in twice.output
    assert digest(base) == before


def test_a_submission_with_errors_is_refused(files, tmp_path):
    base = files[0]
    bad = write_workbook(tmp_path / "bad.xlsx", products=[product("P9", 6, d("2024-08-01"))])
    run = ocop("merge", "--province", "x", "--base", base, bad, "--out", tmp_path / "m.xlsx")
    assert run.exit_code == 2
    assert "bad.xlsx, sheet san_pham, row 2, column 'Số sao'" in run.output
    assert not (tmp_path / "m.xlsx").exists()


def test_template_validate_merge_on_the_sample(tmp_path):
    """The whole intake path: a district fills its template, the province
    checks it and merges it; the figures count the new product once."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "quang-ngai", data / "quang-ngai")
    tpl = tmp_path / "tu-nghia.xlsx"
    made = ocop(
        "template", "--province", "quang-ngai", "--unit", "Tư Nghĩa", "--year", 2024,
        "--data-dir", data, "--out", tpl,
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    wb = load_workbook(tpl)
    owner = wb["chu_the"]["A2"].value
    wb["san_pham"].append(
        ["QNG-0999", "Bánh tráng Tư Nghĩa", owner, "Thực phẩm", 3, 60, None, None,
         "2001/QĐ-UBND", dt.datetime(2024, 9, 30), "Tư Nghĩa"]
    )  # fmt: skip
    wb.save(tpl)
    checked = ocop("validate", tpl, "--province", "quang-ngai", "--data-dir", data)
    assert checked.exit_code == 0, checked.output

    sample = data / "quang-ngai" / "ocop.xlsx"
    before = digest(sample)
    out = tmp_path / "ocop-2024-merged.xlsx"
    run = ocop("merge", "--province", "quang-ngai", "--data-dir", data, tpl, "--out", out)
    assert run.exit_code == 0, run.output
    assert digest(sample) == before
    lines = {
        line.split()[0]: line.split()[1:] for line in run.output.splitlines() if line[:1].isalpha()
    }
    assert lines["san_pham"] == ["1", "0", "0", "0"]

    def figures(path):
        wb = read_workbook(path)
        return compute(
            wb.frames, 2024, dt.date(2024, 10, 31), province_scope("Quảng Ngãi")
        ).catalogue()

    old, new = figures(sample), figures(out)
    assert new["new_products"] == old["new_products"] + 1
    assert new["products"] == old["products"] + 1
    assert {
        k: v for k, v in new.items() if k not in ("new_products", "products", "valid_products")
    } == {k: v for k, v in old.items() if k not in ("new_products", "products", "valid_products")}
