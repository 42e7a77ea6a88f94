"""The console speaks Vietnamese by default and English when asked; every
message marked for the catalog has its Vietnamese text."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from factory import OWNERS, UNITS, d, product, write_workbook
from openpyxl import load_workbook
from test_hostile import BROKEN_FILES
from workbooks import DEFECTS, hostile_rows, messy_copy, write_defect, write_valid

from ocoplib.base.i18n import translate, using
from ocoplib.base.problems import InputError, Problem

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


# -- problems: every one has its Vietnamese ------------------------------------------


def _everything_wrong(path: Path) -> Path:
    """One workbook with as many kinds of problem as the checks know."""
    units = [
        *UNITS,
        {"unit_code": "010", "unit_name": "Sơn Tịnh", "unit_type": "Huyện"},
        {"unit_code": "011", "unit_name": "Sơn Tịnh", "unit_type": "Thị xã"},
        {"unit_code": "020", "unit_name": "An Hải", "unit_type": "Xã", "parent_code": "999"},
        {
            "unit_code": "021",
            "unit_name": "An Phú",
            "unit_type": "Xã",
            "parent_code": "002",
            "valid_from": d("2024-01-01"),
            "valid_to": d("2023-01-01"),
            "successor_code": "888",
        },
        {"unit_code": "022", "unit_name": "Không Loại"},
    ]
    day = d("2024-01-05")
    products = [
        product("P1", 6, day),
        product("P2", 3, "31/02/2024"),
        product("P3", 3, 45123),
        product("P4", 3, "20.3.2024"),
        product("P5", 3, day, district="Tư Nghỉa"),
        product("P6", 3, day, owner="O9", product_group="Thảo dược"),
        product("P7", 4, day, score=55, product_group="Thuc pham"),
        product("P8", 3, day, five_star_candidate="Có"),
        product("P9", 3, day, on_ecommerce="có lẽ"),
        product("P10", 3.5, day),
        product("P11", 3, day, score="cao"),
        product("P12", 3, day, district=None),
        product("P13", None, day),
        product("P14", 3, day, district="Sơn Tịnh"),
        product("P15", 3, day),
        product("P15", 3, day),
    ]
    owners = [*OWNERS, {"owner_id": "O4", "owner_name": "X", "owner_type": "Tập đoàn"}]
    target = {"year": 2024, "scope": "Tỉnh", "description": "Chỉ tiêu", "unit": "sản phẩm"}
    targets = [
        {**target, "indicator": "new_products", "target_min": 5, "target_max": 3},
        {**target, "indicator": "new_products", "target_min": 1, "actual_manual": 2, "year": 2023},
        {**target, "indicator": "lop_tap_huan", "target_min": 2},
        {**target, "indicator": "lop_hoc", "target_min": 2, "actual_manual": 1, "scope": "Ba Vì"},
        {**target, "indicator": "hoi_cho", "target_min": 2, "actual_manual": 1, "year": "hai"},
    ]
    activities = [
        {
            "year": 2024,
            "category": "Xúc tiến thương mại",
            "date": d("2024-05-02"),
            "end_date": d("2024-05-01"),
            "description": "Hội chợ",
        },
        {"year": 2024, "category": "Hội họp", "date": d("2024-05-02"), "description": "Họp"},
    ]
    outlets = [{"outlet_name": "A", "district": "Tư Nghĩa", "funding": "XHH", "opened": "hôm qua"}]
    write_workbook(
        path,
        products=products,
        owners=owners,
        units=units,
        outlets=outlets,
        targets=targets,
        activities=activities,
        extra_sheets={"ghi_chu": [["x"]], "products": [["Mã sản phẩm"]]},
    )
    wb = load_workbook(path)
    ws = wb["san_pham"]
    ws.cell(row=1, column=ws.max_column + 1, value="Người nhập")
    ws = wb["chu_the"]
    ws.cell(row=1, column=ws.max_column + 1, value="Mã chủ thể")
    wb.save(path)
    return path


def _workbook_problems(tmp_path: Path) -> list[Problem]:
    """The problems of every hostile workbook of the suite."""
    from ocoplib.intake.workbook import check_workbook

    paths = [_everything_wrong(tmp_path / "everything.xlsx"), tmp_path / "nowhere.xlsx"]
    for name, (make, _words) in BROKEN_FILES.items():
        make(tmp_path / f"{name}.xlsx")
        paths.append(tmp_path / f"{name}.xlsx")
    for defect in DEFECTS:
        paths.append(write_defect(defect, tmp_path / f"{defect.name}.xlsx"))
    paths.append(write_workbook(tmp_path / "hostile.xlsx", **hostile_rows()))
    paths.append(write_valid(tmp_path / "valid.xlsx"))
    paths.append(messy_copy(ROOT / "data/quang-ngai/ocop.xlsx", tmp_path / "messy.xlsx"))
    return [p for path in paths for p in check_workbook(path).problems]


BAD_TEXT = """---
co_quan_chu_quan: UBND TỈNH
dia_danh: Quảng Ngãi
as_of: 31/12/2024
kieu_dau_thanh: kiểu lạ
khoa_la: 1
---
## Mục không có trong mẫu
Nội dung.
"""


def _other_problems(tmp_path: Path) -> list[Problem]:
    """Problems of the report text and of a run's parameters."""
    from ocoplib.base.params import parse_params
    from ocoplib.domain.units import resolve_scope
    from ocoplib.intake.reporttext import read_report_text, require_report_text
    from ocoplib.intake.workbook import read_workbook

    found: list[Problem] = []

    def catch(call, *args, **kwargs):
        try:
            call(*args, **kwargs)
        except InputError as exc:
            found.extend(exc.problems)
        else:
            raise AssertionError(f"{call.__name__}{args} raised nothing")

    text = tmp_path / "bao_cao.md"
    text.write_text(BAD_TEXT, encoding="utf-8")
    catch(read_report_text, text, 2024)
    text.write_text("---\nas_of: [1\n---\n", encoding="utf-8")
    catch(read_report_text, text, 2024)
    good = (ROOT / "data/quang-ngai/2024/bao_cao.md").read_text(encoding="utf-8")
    text.write_text(good + "\n## Mục lạ\nx\n", encoding="utf-8")
    found += read_report_text(text, 2024).warnings
    catch(require_report_text, tmp_path / "2031" / "bao_cao.md", 2031)
    for bad in ({"year": "hai"}, {"as_of": "2024-13-01"}, {"formats": "exe"}, {"bogus": 1}):
        catch(parse_params, **bad)
    catch(parse_params, province="Hà Tĩnh", year=1990)
    units = read_workbook(ROOT / "data/quang-ngai/ocop.xlsx").units
    catch(resolve_scope, "huyện Không Có", units, "Quảng Ngãi", d("2024-12-31"))
    twins = [
        *UNITS,
        {"unit_code": "010", "unit_name": "Sơn Tịnh", "unit_type": "Huyện"},
        {"unit_code": "011", "unit_name": "Sơn Tịnh", "unit_type": "Thị xã"},
    ]
    twins = read_workbook(write_workbook(tmp_path / "twins.xlsx", units=twins)).units
    catch(resolve_scope, "Sơn Tịnh", twins, "Quảng Ngãi", d("2024-12-31"))
    return found


def _has_vietnamese(p: Problem) -> list[str]:
    """What of ``p`` has no Vietnamese: its expected text, its suggestion."""
    missing = []
    if not p.expected_vi and translate(p.expected, "vi") == p.expected:
        missing.append(f"expected {p.expected!r}")
    if p.suggestion and not p.suggestion_vi and translate(p.suggestion, "vi") == p.suggestion:
        missing.append(f"suggestion {p.suggestion!r}")
    return missing


def test_every_problem_of_the_hostile_workbooks_has_its_vietnamese(tmp_path):
    problems = _workbook_problems(tmp_path)
    # The workbooks reach most of the checks: a check added without its
    # Vietnamese fails here as soon as one of them trips it.
    kinds = {p.expected.split("(")[0].split(";")[0][:30] for p in problems}
    assert len(problems) > 60 and len(kinds) >= 30, sorted(kinds)
    assert {p.severity for p in problems} == {"error", "warning"}
    missing = {f"{p.where()}: {m}" for p in problems for m in _has_vietnamese(p)}
    assert missing == set()


def test_every_problem_of_the_text_and_parameters_has_its_vietnamese(tmp_path):
    problems = _other_problems(tmp_path)
    assert len(problems) >= 14
    missing = {f"{p.where()}: {m}" for p in problems for m in _has_vietnamese(p)}
    assert missing == set()


#: Words of an English problem line, never in its Vietnamese.
ENGLISH = re.compile(r"\b(expected|error|warning|sheet|row|column|cell|value|did you mean)\b")


def test_a_problem_reads_in_the_language_in_use(tmp_path):
    p = Problem(
        "error",
        "huyen.xlsx",
        "san_pham",
        12,
        "Số sao",
        6,
        "a whole number from 1 to 5",
        "did you mean 5?",
        5,
        "một số nguyên từ 1 đến 5",
        "có phải là 5?",
    )
    with using("vi"):
        assert str(p) == (
            "Lỗi: huyen.xlsx, trang tính san_pham, dòng 12, cột 'Số sao', ô E12: giá trị 6: "
            "cần một số nguyên từ 1 đến 5 (có phải là 5?)"
        )
        lines = str(InputError([p])).splitlines()
        assert lines[0] == "1 lỗi trong dữ liệu đầu vào:"
    with using("en"):
        assert str(p) == (
            "error: huyen.xlsx, sheet san_pham, row 12, column 'Số sao', cell E12: value 6: "
            "expected a whole number from 1 to 5 (did you mean 5?)"
        )
        assert str(InputError([p])).splitlines()[0] == "1 error(s) in the input:"
    with using("vi"):
        for q in _workbook_problems(tmp_path) + _other_problems(tmp_path):
            assert not ENGLISH.search(str(q).replace(q.file, "")), str(q)


def test_pydantic_errors_read_in_vietnamese():
    from ocoplib.base.params import parse_params

    with using("vi"), pytest.raises(InputError) as caught:
        parse_params(year="hai", as_of="2024-02-30", bogus=1)
    text = str(caught.value)
    assert "tham số 'year': giá trị 'hai': cần một số nguyên" in text
    assert "tham số 'as_of'" in text and "một ngày dạng năm-tháng-ngày" in text
    assert "tham số 'bogus'" in text and "không có mục này" in text
    assert "Input should" not in text and "Extra inputs" not in text


# -- the console -----------------------------------------------------------------------


def test_validate_reports_in_vietnamese_by_default_and_english_when_asked(tmp_path):
    path = _everything_wrong(tmp_path / "huyen.xlsx")
    vi = _run("validate", path, "--no-annotated")
    assert vi.returncode == 2, vi.stderr
    out = vi.stdout
    assert "huyen.xlsx: " in out and " lỗi, " in out and " cảnh báo" in out
    assert "Lỗi (phải sửa hết thì mới dùng được sổ dữ liệu):" in out
    assert "Cảnh báo (vẫn dùng được sổ dữ liệu; nên đọc kỹ):" in out
    assert "Lỗi: huyen.xlsx, trang tính san_pham, dòng 2, cột 'Số sao', ô E2: giá trị 6: cần" in out
    assert "có phải là 'huyện Tư Nghĩa'?" in out
    assert not ENGLISH.search(out.replace(str(path), "")), out
    en = _run("validate", path, "--no-annotated", "--lang", "en")
    assert en.returncode == 2
    assert (
        "error: huyen.xlsx, sheet san_pham, row 2, column 'Số sao', cell E2: value 6" in en.stdout
    )
    assert "expected" in en.stdout and "did you mean 'huyện Tư Nghĩa'?" in en.stdout
    assert "Lỗi:" not in en.stdout and "cần " not in en.stdout
    assert _run("validate", path, "--no-annotated", lang="en").stdout == en.stdout


def test_a_bad_parameter_is_told_in_vietnamese():
    run = _run("report", "--scope", "huyện Không Có")
    assert run.returncode == 2
    assert "tham số 'scope': giá trị 'huyện Không Có': cần 'tinh' (toàn tỉnh)" in run.stderr
    assert "1 lỗi trong dữ liệu đầu vào:" in run.stderr and "expected" not in run.stderr


# -- the batch's summary and index page -------------------------------------------------


def _outcome(tmp_path):
    """A batch of three reports, one failed, as run_batch returns it."""
    from types import SimpleNamespace

    from ocoplib.batch.runner import Outcome
    from ocoplib.batch.worker import Status

    def job(key, slug, name, run=True):
        return SimpleNamespace(
            key=key,
            params=SimpleNamespace(year=2024),
            scope=SimpleNamespace(full_name=name, slug=slug),
            folder=tmp_path / slug,
            decision=SimpleNamespace(run=run),
        )

    jobs = [job("a", "tinh", "tỉnh Quảng Ngãi"), job("b", "ly-son", "huyện Lý Sơn")]
    jobs.append(job("c", "ba-to", "huyện Ba Tơ", run=False))
    results = {
        "a": {"status": Status.DONE},
        "b": {"status": Status.FAILED, "message": "ô 3 lỗi", "notebook": "x.ipynb"},
    }
    return Outcome(jobs, results, 75.0, index=tmp_path / "index.html")


def test_the_batch_summary_is_vietnamese_by_default(tmp_path):
    from ocoplib.batch.progress import summary

    with using("vi"):
        vi = summary(_outcome(tmp_path))
    assert (
        vi[0] == "3 báo cáo: 1 đã lập, 1 không thay đổi (bỏ qua), 1 bị lỗi, trong 1 phút 15 giây."
    )
    assert vi[1] == "1 báo cáo bị lỗi:"
    assert "    notebook bị lỗi: x.ipynb" in vi
    assert "    phạm vi này chưa có kết quả lần trước" in vi
    assert vi[-1].startswith("Trang danh sách báo cáo: ")
    with using("en"):
        en = summary(_outcome(tmp_path))
    assert en[0] == "3 report(s): 1 rendered, 1 unchanged (skipped), 1 failed, in 1 min 15 s."


def test_the_index_page_is_vietnamese_by_default_and_english_when_asked(tmp_path):
    from test_index import _results, _scope

    from ocoplib.batch.index import TARGET_STATUS, render_index

    _scope(tmp_path, 2024, "tinh", _results("Quảng Ngãi", "Tỉnh", 204, 13, 130.0, "exceeded"))
    _scope(tmp_path, 2024, "tu-nghia", _results("Tư Nghĩa", "Huyện", 3, 1, 40.0, "not_met", "5"))
    with using("vi"):
        vi = render_index(tmp_path)
    with using("en"):
        en = render_index(tmp_path)
    for text in (
        '<html lang="vi">',
        "Báo cáo OCOP: danh sách các lần lập báo cáo",
        "<h2>Tỉnh Quảng Ngãi</h2>",
        "Năm 2024",
        "(2 báo cáo)",
        "Toàn tỉnh",
        "Chỉ tiêu chính",
        "Hoàn thành",
        "Vượt",
        "Chưa đạt",
        "Số liệu đến 31/10/2024",
        'data-text="Đang hiện {shown} / {total} báo cáo"',
    ):
        assert text in vi, text
    for text in (
        '<html lang="en">',
        "OCOP reports: every report made",
        "<h2>Province Quảng Ngãi</h2>",
        "Year 2024",
        "Whole province",
        "Main target",
        "Exceeded",
        "Not met",
        'data-text="Showing {shown} of {total} reports"',
    ):
        assert text in en, text
    assert "Hoàn thành" not in en and "Chỉ tiêu chính" not in en
    # The target statuses read as the report reads them (contract.yaml's words).
    from ocoplib.base.contract import contract

    assert {k: translate(v, "vi") for k, v in TARGET_STATUS.items()} == contract().statuses


# -- the notebook's notes ---------------------------------------------------------------

#: English words that Vietnamese prose never uses.
STOP_WORDS = {
    "the", "and", "of", "is", "are", "with", "from", "for", "this", "it", "by", "when",
    "that", "which", "or", "its", "only", "never", "each", "every", "here", "these",
}  # fmt: skip


def test_the_notebooks_notes_are_vietnamese():
    import nbformat

    nb = nbformat.read(ROOT / "notebooks" / "report.ipynb", as_version=4)
    notes = [c for c in nb.cells if c.cell_type == "markdown"]
    assert notes and all("note" in c.metadata.get("tags", []) for c in notes)
    for cell in notes:
        prose = re.sub(r"`[^`]*`", " ", cell.source)  # code and paths are not prose
        words = set(re.findall(r"[a-z]+", prose.lower()))
        assert words & STOP_WORDS == set(), cell.source
        assert re.search("[ăâđêôơưạảấầẩậắằẳặẹẻẽếềểệỉịọỏốồổộớờởợụủứừửựỳỵỷỹ]", prose)
        assert unicodedata.normalize("NFC", cell.source) == cell.source


#: Where the input's problems are made: the call, the position of its
#: ``expected`` and ``suggestion`` arguments, and the keyword that gives the
#: Vietnamese of each, when the call has one.
MAKERS = {
    "problem": (5, 6),
    "at": (5, 6),
    "BadCell": (0, 1),
    "Problem": (6, 7),
    "parameter_problem": (2, 3),
    "parameter_error": (2, 3),
}
_VIETNAMESE_KEYWORD = {"expected": "expected_vi", "suggestion": "suggestion_vi"}


def _without_vietnamese(call: ast.Call, name: str) -> list[str]:
    """The ``expected``/``suggestion`` arguments of a call that give only English:
    a string or an f-string, not an (English, Vietnamese) pair, a message of
    the catalog (``_()``, ``N_()``) or a value made elsewhere."""
    found = []
    keywords = {k.arg: k.value for k in call.keywords}
    for role, at in zip(("expected", "suggestion"), MAKERS[name], strict=True):
        arg = call.args[at] if len(call.args) > at else keywords.get(role)
        if arg is None or _VIETNAMESE_KEYWORD[role] in keywords:
            continue
        english = isinstance(arg, ast.JoinedStr | ast.BinOp) or (
            isinstance(arg, ast.Constant) and isinstance(arg.value, str)
        )
        if english:
            found.append(f"{role} {ast.unparse(arg)[:60]}")
    return found


def test_every_problem_made_in_the_source_has_its_vietnamese():
    """The workbooks above reach the checks they trip; this reads every place
    of base, domain and intake that makes a problem, tripped or not."""
    found = []
    calls = 0
    for layer in ("base", "domain", "intake"):
        for path in sorted((ROOT / "ocoplib" / layer).glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in MAKERS:
                    calls += 1
                    found += [
                        f"{path.relative_to(ROOT)}:{node.lineno} {what}"
                        for what in _without_vietnamese(node, name)
                    ]
    assert calls > 40
    assert found == []


def test_help_of_every_command_has_no_click_english():
    from ocoplib.cli import main

    for name in main.commands:
        out = _run(name, "--help").stdout
        assert "Cách dùng: ocop " + name in out, name
        for english in ("[required]", "[default:", "Show this message", "Options:"):
            assert english not in out, (name, english)
