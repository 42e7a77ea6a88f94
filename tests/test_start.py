"""Starting a province or a year: `ocop init` writes an empty workbook of every
sheet and a documented bao_cao.md, and the new province's report renders at
once with zero figures; `ocop new-year` starts a year's text from the
previous one with every date and number marked for review, and the report
says so while a mark is left; `ocop template` works from a workbook that
has only its dia_ban."""

import datetime as dt
import os
import re
import shutil
import subprocess

import openpyxl
import pytest
import yaml
from conftest import OCOP, ROOT, ocop
from pypdf import PdfReader

from ocoplib.base.contract import contract
from ocoplib.intake import start
from ocoplib.intake.reporttext import MARK, read_report_text, split_front_matter
from ocoplib.intake.workbook import check_workbook, read_workbook

SAMPLE = ROOT / "data" / "quang-ngai"


def _vi(*args):
    """The command in Vietnamese, the users' default (no OCOP_LANG)."""
    env = {k: v for k, v in os.environ.items() if k != "OCOP_LANG"}
    return subprocess.run(
        [*OCOP, *map(str, args)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """`ocop init --province ha-tinh --name "Hà Tĩnh" --year 2024` in a tmp data folder."""
    data = tmp_path_factory.mktemp("init") / "data"
    run = ocop(
        "init", "--province", "ha-tinh", "--name", "Hà Tĩnh", "--year", 2024, "--data-dir", data
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == str(data / "ha-tinh")
    return data


# -- ocop init ------------------------------------------------------------------------


def test_init_writes_every_sheet_of_the_contract_empty_with_headers_and_lists(fresh):
    wb = openpyxl.load_workbook(fresh / "ha-tinh" / "ocop.xlsx")
    for sheet in contract().sheets:
        ws = wb[sheet.key]
        assert [c.value for c in ws[1]] == [c.label for c in sheet.columns]
        assert ws.max_row == 1  # headers only: the officer fills the rows in
        assert ws.freeze_panes == "A2"
        assert len(ws.data_validations.dataValidation) == len(sheet.columns)
    groups = {
        dv.formula1 for dv in wb["san_pham"].data_validations.dataValidation if dv.type == "list"
    }
    assert "=ds_product_group" in groups and "=ds_owner_id" in groups
    guide = "\n".join(str(c.value) for row in wb["huong_dan"].iter_rows() for c in row if c.value)
    assert "SỔ DỮ LIỆU CHƯƠNG TRÌNH OCOP – TỈNH HÀ TĨNH" in guide
    assert "Điền trang dia_ban trước" in guide and "01/7/2025" in guide
    assert "ocop template" in guide
    for sheet in contract().sheets:  # every column explained
        assert all(c.label in guide for c in sheet.columns)
    # The empty workbook loads without an error and holds no row.
    workbook = read_workbook(fresh / "ha-tinh" / "ocop.xlsx")
    assert all(frame.empty for frame in workbook.frames.values()) and workbook.units == []


def test_init_writes_a_text_with_every_key_explained_and_every_section(fresh):
    path = fresh / "ha-tinh" / "2024" / "bao_cao.md"
    text = path.read_text(encoding="utf-8")
    head, body, _ = split_front_matter(text)
    meta = yaml.safe_load(head)
    lines = head.splitlines()
    for item in contract().front_matter:
        assert item["key"] in meta, item["key"]
        at = next(i for i, line in enumerate(lines) if line.startswith(f"{item['key']}:"))
        assert lines[at - 1].startswith(f"# {item['help']}"), item["key"]  # its comment above
    assert meta["ten_tinh"] == "Hà Tĩnh" and meta["co_quan_chu_quan"] == "UBND TỈNH HÀ TĨNH"
    assert meta["nam"] == 2024 and meta["as_of"] == dt.date(2024, 12, 31)
    # What the officer must fill in is marked beside its value.
    assert re.search(rf"^nguoi_ky: .*# {MARK}: ", head, re.M)
    report_text = read_report_text(path, 2024)
    assert [s.key for s in report_text.sections] == [s["key"] for s in contract().sections]
    for section in report_text.sections:  # each with what to write there
        assert section.markdown.startswith(f"[{MARK}: ") and len(section.markdown) > 40
    assert len(report_text.marks) == 16


def test_the_new_province_report_renders_at_once_with_zero_figures(fresh, tmp_path):
    out = tmp_path / "out"
    run = ocop(
        "report", "--province", "ha-tinh", "--year", 2024, "--data-dir", fresh, "--output-dir", out
    )
    assert run.returncode == 0, run.stderr
    folder = out / "ha-tinh" / "2024" / "tinh"
    assert run.stdout.strip() == str(folder)
    assert MARK in run.stderr  # the text's placeholders are still to be written
    first = PdfReader(folder / "report.pdf").pages[0].extract_text()
    head = first.split("BÁO CÁO")[0]  # the letterhead
    assert "UBND TỈNH HÀ TĨNH" in head and "Hà Tĩnh, ngày" in head
    assert "toàn tỉnh Hà Tĩnh chưa có sản phẩm nào đạt" in " ".join(first.split())
    review = " ".join(
        p.extract_text() for p in PdfReader(folder / "review.pdf").pages
    )  # the reviewers' notes say it too
    assert "Dấu KIỂM TRA còn lại trong bao_cao.md Cần xem lại" in " ".join(review.split())
    for name in ("report.html", "review.html"):
        page = (folder / name).read_text(encoding="utf-8")
        assert "0/0" not in page and "nan" not in re.sub(r"<[^>]+>", " ", page).split()
    plan = openpyxl.load_workbook(folder / "tables.xlsx")["ke_hoach"]
    assert plan.cell(row=5, column=1).value == (
        "Năm 2024, tỉnh Hà Tĩnh chưa được giao chỉ tiêu kế hoạch OCOP."
    )


def test_init_refuses_an_existing_province_a_bad_slug_or_an_empty_name(fresh, tmp_path):
    before = sorted(p.relative_to(fresh) for p in fresh.rglob("*"))
    text = (fresh / "ha-tinh" / "2024" / "bao_cao.md").read_bytes()
    run = _vi("init", "--province", "ha-tinh", "--name", "Hà Tĩnh", "--data-dir", fresh)
    assert run.returncode == 2
    assert "đã có" in run.stderr and "ocop new-year --province ha-tinh" in run.stderr
    assert (fresh / "ha-tinh" / "2024" / "bao_cao.md").read_bytes() == text
    assert sorted(p.relative_to(fresh) for p in fresh.rglob("*")) == before
    empty = tmp_path / "none"
    for slug in ("Hà Tĩnh", "ha_tinh", "-ha-tinh", "HaTinh"):
        run = _vi("init", "--province", slug, "--name", "Hà Tĩnh", "--data-dir", empty)
        assert run.returncode == 2, slug
        assert "ha-tinh" in run.stderr and "chữ thường không dấu" in run.stderr, slug
    run = _vi("init", "--province", "ha-tinh", "--name", "  ", "--data-dir", empty)
    assert run.returncode == 2 and "--name" in run.stderr and "trống" in run.stderr
    assert not empty.exists()


def test_a_template_of_the_new_province_asks_for_its_units_first(fresh, tmp_path):
    out = tmp_path / "mau.xlsx"
    run = _vi("template", "--province", "ha-tinh", "--data-dir", fresh, "--out", out)
    assert run.returncode == 2 and "trang tính dia_ban" in run.stderr and "hãy điền" in run.stderr
    assert not out.exists()


def test_a_failed_init_leaves_nothing_half_made(tmp_path, monkeypatch):
    def broken(out, name, year):
        out.write_bytes(b"half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(start, "write_blank", broken)
    with pytest.raises(OSError):
        start.init_province(tmp_path, "ha-tinh", "Hà Tĩnh", 2024)
    assert list(tmp_path.iterdir()) == []


# -- ocop new-year --------------------------------------------------------------------


@pytest.fixture
def sample_2024(tmp_path):
    """The sample with its 2024 text only."""
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data / "quang-ngai", ignore=shutil.ignore_patterns("2025"))
    return data


def test_new_year_moves_the_text_on_and_marks_what_came_from_the_old_year(sample_2024):
    run = ocop("new-year", "--province", "quang-ngai", "--year", 2025, "--data-dir", sample_2024)
    assert run.returncode == 0, run.stderr
    path = sample_2024 / "quang-ngai" / "2025" / "bao_cao.md"
    assert run.stdout.strip() == str(path)
    old = read_report_text(sample_2024 / "quang-ngai" / "2024" / "bao_cao.md", 2024)
    new = read_report_text(path, 2025)
    assert new.meta["as_of"] == dt.date(2025, 10, 31) and new.meta["nam"] == 2025
    assert new.meta["trich_yeu"] == old.meta["trich_yeu"].replace("năm 2024", "năm 2025")
    assert new.meta["nguoi_ky"] == old.meta["nguoi_ky"]
    assert new.meta["noi_nhan"] == old.meta["noi_nhan"]
    head = split_front_matter(path.read_text(encoding="utf-8"))[0]
    for key in ("as_of", "nam", "trich_yeu", "thang"):
        assert re.search(rf"^{key}: .*# {MARK}: ", head, re.M), key
    assert not re.search(rf"^nguoi_ky: .*{MARK}", head, re.M)
    # In the body: the sections as they were; every line with a date or a number marked.
    assert [s.title for s in new.sections] == [s.title for s in old.sections]
    opening = new.section("mo_dau").markdown
    assert f"[{MARK}: số, ngày từ báo cáo năm 2024: 5164/SNNPTNT-PQT, 07/11/2024, 2024]" in opening
    for section_new, section_old in zip(new.sections, old.sections, strict=True):
        for line_new, line_old in zip(
            section_new.markdown.splitlines(), section_old.markdown.splitlines(), strict=True
        ):
            dated = re.search(r"\d", re.sub(r"\d+ sao|^\s*(#+|-|\d+\.)\s", "", line_old))
            assert (f"[{MARK}:" in line_new) == bool(dated), line_old
            assert line_new.startswith(line_old)  # the analyst's words unchanged
    assert len(new.marks) == 4 + 5  # four front-matter values, five lines of the body
    assert f"{len(new.marks)} line(s) marked {MARK}" in run.stderr


def test_new_year_refuses_an_existing_text_and_a_year_without_a_previous_one(sample_2024):
    first = ocop("new-year", "--province", "quang-ngai", "--year", 2026, "--data-dir", sample_2024)
    assert first.returncode == 0, first.stderr
    made = (sample_2024 / "quang-ngai" / "2026" / "bao_cao.md").read_bytes()
    again = _vi("new-year", "--province", "quang-ngai", "--year", 2026, "--data-dir", sample_2024)
    assert again.returncode == 2 and "đã có" in again.stderr
    assert (sample_2024 / "quang-ngai" / "2026" / "bao_cao.md").read_bytes() == made
    early = _vi("new-year", "--province", "quang-ngai", "--year", 2023, "--data-dir", sample_2024)
    assert early.returncode == 2 and "2023" in early.stderr
    assert not (sample_2024 / "quang-ngai" / "2023").exists()
    nobody = _vi("new-year", "--province", "ha-tinh", "--year", 2025, "--data-dir", sample_2024)
    assert nobody.returncode == 2 and "ocop init --province ha-tinh" in nobody.stderr


def test_the_report_of_a_new_year_warns_while_marks_are_left(sample_2024, tmp_path):
    assert (
        ocop(
            "new-year", "--province", "quang-ngai", "--year", 2025, "--data-dir", sample_2024
        ).returncode
        == 0
    )
    out = tmp_path / "out"
    run = ocop(
        "report",
        "--year",
        2025,
        "--formats",
        "html",
        "--data-dir",
        sample_2024,
        "--output-dir",
        out,
    )
    assert run.returncode == 0, run.stderr
    assert "review mark(s) KIỂM TRA left in" in run.stderr and "as_of" in run.stderr
    review = (out / "quang-ngai" / "2025" / "tinh" / "review.html").read_text(encoding="utf-8")
    words = " ".join(re.sub(r"<[^>]+>", " ", review).split())
    assert "Dấu KIỂM TRA còn lại trong bao_cao.md Cần xem lại Còn 9 chỗ" in words
    report = (out / "quang-ngai" / "2025" / "tinh" / "report.html").read_text(encoding="utf-8")
    assert f"[{MARK}: số, ngày từ báo cáo năm 2024" in report  # not publishable unnoticed
    # Cleared, the text has no mark left.
    path = sample_2024 / "quang-ngai" / "2025" / "bao_cao.md"
    text = path.read_text(encoding="utf-8")
    text = re.sub(rf"\s*# {MARK}: .*$", "", text, flags=re.M)
    path.write_text(re.sub(rf" \[{MARK}: [^\]]*\]", "", text), encoding="utf-8")
    assert read_report_text(path, 2025).marks == []


def test_next_text_moves_dates_and_clears_the_old_issue_number():
    old = (
        "---\nco_quan_chu_quan: UBND TỈNH X\nco_quan_ban_hanh: SỞ Y\ndia_danh: X\n"
        "trich_yeu: Báo cáo năm 2024, giai đoạn 2021 - 2025\nchuc_vu: GIÁM ĐỐC\n"
        "nguoi_ky: A\nas_of: 2024-02-29\nngay: 15\nso_ky_hieu: 123/BC-SNN\n"
        "noi_nhan:\n  - Lưu VT\n  - Sở Z (Công văn 12/SZ)\n---\n\n"
        "## Mở đầu\n\n1. Có 12 lớp tập huấn.\n- Nâng 3 sao lên 4 sao.\n"
    )
    text = start.next_text(old, 2024, 2025)
    meta = yaml.safe_load(split_front_matter(text)[0])
    assert meta["as_of"] == dt.date(2025, 2, 28) and meta["ngay"] is None
    assert meta["so_ky_hieu"] == "/BC-SNN"
    assert meta["trich_yeu"] == "Báo cáo năm 2025, giai đoạn 2021 - 2025"
    assert re.search(rf"^trich_yeu: .*# {MARK}: .*xem lại 2021, 2025", text, re.M)
    assert re.search(rf"^  - Sở Z \(Công văn 12/SZ\)  # {MARK}: .*12/SZ", text, re.M)
    assert re.search(r"^  - Lưu VT$", text, re.M)
    assert f"1. Có 12 lớp tập huấn. [{MARK}: số, ngày từ báo cáo năm 2024: 12]" in text
    assert "- Nâng 3 sao lên 4 sao.\n" in text  # stars are no figure of the year


# -- ocop template from a workbook with only dia_ban -----------------------------------

_UNITS = [
    ("436", "Cẩm Xuyên", "Huyện", None, None, None, "30/6/2025", "18001"),
    ("437", "Thạch Hà", "Huyện", None, None, None, "30/6/2025", "18002"),
    ("18001", "Cẩm Xuyên", "Xã", "436", None, "1/7/2025", None, None),
    ("18002", "Thạch Hà", "Xã", "437", None, "1/7/2025", None, None),
]


def _listed(wb, label: str) -> list:
    """The values of one drop-down list of a template (its hidden sheet danh_muc)."""
    rows = list(wb["danh_muc"].iter_rows(values_only=True))
    at = rows[0].index(label)
    return [r[at] for r in rows[1:] if r[at]]


@pytest.mark.parametrize("others", ["absent", "headers", "blank"])
def test_template_works_from_a_workbook_with_only_dia_ban(tmp_path, others):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet in contract().sheets:
        if sheet.key != "dia_ban" and others == "absent":
            continue
        ws = wb.create_sheet(sheet.key)
        if sheet.key == "dia_ban" or others == "headers":
            ws.append([c.label for c in sheet.columns])
    for row in _UNITS:
        wb["dia_ban"].append(row)
    (tmp_path / "ha-tinh").mkdir()
    wb.save(tmp_path / "ha-tinh" / "ocop.xlsx")
    # A district and a commune share a name: a district is listed with its type word.
    for year, unit in ((2024, None), (2025, "xã Thạch Hà")):
        out = tmp_path / f"mau-{year}.xlsx"
        args = ["--unit", unit] if unit else []
        run = ocop(
            "template", "--province", "ha-tinh", "--year", year, *args,
            "--data-dir", tmp_path, "--out", out,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        assert check_workbook(out).errors == []  # it reads back as a workbook
        made = openpyxl.load_workbook(out)
        districts = _listed(made, "Huyện/thị xã/thành phố")
        communes = _listed(made, "Xã/phường/thị trấn")
        if year == 2024:
            assert districts == ["Huyện Cẩm Xuyên", "Huyện Thạch Hà"] and communes == []
        else:  # one commune's template: its unit and its former district pre-filled
            assert districts == [] and communes == ["Thạch Hà"]  # the row's date tells
            codes = [r[0] for r in made["dia_ban"].iter_rows(min_row=2, values_only=True)]
            assert codes == ["437", "18002"]
