"""Hostile and careless report texts (``bao_cao.md``): front-matter values of
the wrong type or out of range, yes/no written in words, files in another
encoding, control characters. Each one: exit 2 before any kernel starts,
the message naming the file, the line, the key, the value and what was
expected; nothing written. The front matter is checked against the
declaration of ``base/contract.yaml`` (types, ranges)."""

import codecs
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from ocoplib.base.contract import contract
from ocoplib.base.problems import InputError
from ocoplib.cli import main
from ocoplib.intake.reporttext import read_report_text, unit_text

TEXT = ROOT / "data" / "quang-ngai" / "2024" / "bao_cao.md"
GOOD = TEXT.read_text(encoding="utf-8")


def edited(old: str, new: str) -> str:
    assert GOOD.count(old) == 1, old
    return GOOD.replace(old, new)


def recipients(value: str) -> str:
    """The sample text with its ``noi_nhan`` list replaced by ``value``."""
    text, n = re.subn(r"noi_nhan:\n(  - .*\n)+", f"noi_nhan: {value}\n", GOOD)
    assert n == 1
    return text


def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.startswith(start))


SIGNER = "nguoi_ky: Nguyễn Thanh Hiên"
#: case → (the text, the key, the value as the message shows it, what it expects)
CASES = {
    "noi_nhan a number": (recipients("5"), "noi_nhan", "5", "a list"),
    "noi_nhan one string": (recipients("UBND tỉnh (b/c);"), "noi_nhan", "UBND tỉnh", "a list"),
    "noi_nhan an item not a text": (
        edited("  - Chánh VP ĐP NTM tỉnh;", "  - 2024"),
        "noi_nhan",
        "2024",
        "a text",
    ),
    "ten_tinh a number": (
        edited("ten_tinh: Quảng Ngãi", "ten_tinh: 123"),
        "ten_tinh",
        "123",
        "a text",
    ),
    "as_of a number": (
        edited("as_of: 2024-10-31", "as_of: 20241031"),
        "as_of",
        "20241031",
        "a date",
    ),
    "as_of 30 February": (
        edited("as_of: 2024-10-31", "as_of: 2024-02-30"),
        "as_of",
        "2024-02-30",
        "a date that exists",
    ),
    "as_of with a time": (
        edited("as_of: 2024-10-31", "as_of: 2024-10-31 10:00:00"),
        "as_of",
        "2024-10-31 10:00:00",
        "a date",
    ),
    "thang in words": (
        edited("thang: 11", 'thang: "mười"'),
        "thang",
        "mười",
        "a whole number from 1 to 12",
    ),
    "thang 13": (edited("thang: 11", "thang: 13"), "thang", "13", "a whole number from 1 to 12"),
    "thang true": (
        edited("thang: 11", "thang: yes"),
        "thang",
        "yes",
        "a whole number from 1 to 12",
    ),
    "ngay 40": (edited("ngay: null", "ngay: 40"), "ngay", "40", "a whole number from 1 to 31"),
    "ngay 31 November": (
        edited("ngay: null", "ngay: 31"),
        "ngay",
        "31",
        "a day of month 11/2024: from 1 to 30",
    ),
    "nam 24": (edited("nam: 2024", "nam: 24"), "nam", "24", "a whole number from 2000 to 2100"),
    "so_0_o_dau a word": (
        edited("kieu_dau_thanh: cũ", "kieu_dau_thanh: cũ\nso_0_o_dau: hơi hơi"),
        "so_0_o_dau",
        "hơi hơi",
        "có or không",
    ),
    "so_0_o_dau a number": (
        edited("kieu_dau_thanh: cũ", "kieu_dau_thanh: cũ\nso_0_o_dau: 0"),
        "so_0_o_dau",
        "0",
        "có or không",
    ),
    "dinh_dang_ngay a number": (
        edited("dinh_dang_ngay: dd/m/yyyy", "dinh_dang_ngay: 1"),
        "dinh_dang_ngay",
        "1",
        "one of: dd/m/yyyy",
    ),
    "a key given twice": (
        edited("thang: 11", "thang: 11\nthang: 10"),
        "thang",
        "10",
        "each key once",
    ),
    "a control character in the signer's name": (
        edited(SIGNER, "nguoi_ky: Nguyễn\x07 Thanh Hiên"),
        "nguoi_ky",
        "U+0007",
        "a text without control characters",
    ),
    "an escaped control character in the signer's name": (
        edited(SIGNER, 'nguoi_ky: "Nguyễn\\x1b Thanh Hiên"'),
        "nguoi_ky",
        "Nguyễn\\x1b Thanh",
        "a text without control characters",
    ),
}
#: The line each case's message names: where its key (or its list item) is.
WHERE = {
    "noi_nhan an item not a text": "  - 2024",
    "a key given twice": "thang: 10",
}


def province(tmp_path: Path, text: str | bytes) -> Path:
    """``<tmp>/data/quang-ngai``: the sample workbook and ``text`` as bao_cao.md."""
    root = tmp_path / "data" / "quang-ngai"
    (root / "2024").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "quang-ngai" / "ocop.xlsx", root)
    target = root / "2024" / "bao_cao.md"
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8", newline="\n")
    return tmp_path / "data"


@pytest.fixture
def no_kernel(monkeypatch):
    """Any notebook execution fails the test: the input is refused before one."""

    def refuse(*args, **kwargs):
        raise AssertionError("a kernel was started for a faulty report text")

    monkeypatch.setattr("papermill.execute_notebook", refuse)


def refused(tmp_path: Path, text, *command) -> str:
    """Run ``ocop report`` (or ``command``) on ``text``: exit 2, nothing written;
    returns what it printed."""
    data = province(tmp_path, text)
    before = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    out = tmp_path / "out"
    args = command or ("report",)
    run = CliRunner().invoke(
        main, [*args, "--data-dir", str(data), "--output-dir", str(out)], catch_exceptions=False
    )
    assert run.exit_code == 2, run.output
    assert "Traceback" not in run.output
    assert not out.exists()
    assert {p: p.read_bytes() for p in data.rglob("*") if p.is_file()} == before
    return run.output


@pytest.mark.parametrize("case", CASES)
def test_a_front_matter_value_of_the_wrong_type_is_refused_before_any_kernel(
    case, tmp_path, no_kernel
):
    text, key, value, expected = CASES[case]
    output = refused(tmp_path, text)
    line = line_of(text, WHERE.get(case, f"{key}:"))
    errors = [m for m in output.splitlines() if m.strip().startswith("error:")]
    assert len(errors) == 1, output
    assert "2024/bao_cao.md" in errors[0]
    assert f"row {line}, column '{key}'" in errors[0], errors[0]
    assert value in errors[0] and f"expected {expected}" in errors[0], errors[0]


def test_the_batch_refuses_it_too(tmp_path, no_kernel):
    text, key, value, expected = CASES["thang in words"]
    output = refused(tmp_path, text, "batch", "--years", "2024")
    assert f"column '{key}': value '{value}': expected {expected}" in output


@pytest.mark.parametrize(
    "written, meant",
    [
        ("không", False),
        ("Không", False),
        ("no", False),
        ("false", False),
        ("có", True),
        ("yes", True),
        ("true", True),
        ('"khong"', False),
    ],
)
def test_so_0_o_dau_reads_yes_and_no_in_both_languages(written, meant, tmp_path):
    text = edited("kieu_dau_thanh: cũ", f"kieu_dau_thanh: cũ\nso_0_o_dau: {written}")
    path = tmp_path / "bao_cao.md"
    path.write_text(text, encoding="utf-8")
    assert read_report_text(path, 2024).meta["so_0_o_dau"] is meant


def test_values_come_typed_from_the_declaration(tmp_path):
    path = tmp_path / "bao_cao.md"
    path.write_text(edited("ngay: null", 'ngay: "05"'), encoding="utf-8")
    meta = read_report_text(path, 2024).meta
    assert meta["ngay"] == 5 and meta["thang"] == 11 and str(meta["as_of"]) == "2024-10-31"
    # Every key of the contract declares a type the checker knows.
    kinds = {i["key"]: i.get("type", "text") for i in contract().front_matter}
    assert set(kinds.values()) == {"text", "integer", "date", "list", "bool", "choice"}
    assert kinds["noi_nhan"] == "list" and kinds["so_0_o_dau"] == "bool"


def test_a_unit_text_is_checked_against_the_same_declaration(tmp_path):
    path = tmp_path / "bao_cao.md"
    path.write_text(GOOD, encoding="utf-8")
    own = tmp_path / "binh-son.md"
    own.write_text("---\nthang: 13\n---\n## Mở đầu\nx\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        unit_text(read_report_text(path, 2024), own, 2024)
    [p] = caught.value.problems
    assert (p.file, p.row, p.column, p.value) == (str(own), 2, "thang", "13")


# -- the file's encoding and its characters ------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_text_in_utf16_is_refused_naming_the_encoding(encoding, tmp_path, no_kernel):
    output = refused(tmp_path, GOOD.encode(encoding))
    assert "expected a text file in UTF-8; this one is in UTF-16" in output
    assert "save it with the encoding UTF-8" in output


def test_a_text_in_windows_1258_is_refused_naming_the_encoding_and_line(tmp_path, no_kernel):
    raw = GOOD.encode("cp1258", errors="replace")
    output = refused(tmp_path, raw)
    first = next(n for n, line in enumerate(raw.split(b"\n"), 1) if not line.isascii())
    assert f"row {first}" in output
    assert "this one is in Windows-1258 (or another legacy Vietnamese encoding)" in output


def test_a_byte_order_mark_is_accepted_silently(tmp_path):
    path = tmp_path / "bao_cao.md"
    path.write_bytes(codecs.BOM_UTF8 + GOOD.encode("utf-8"))
    text = read_report_text(path, 2024)
    plain = tmp_path / "plain.md"
    plain.write_text(GOOD, encoding="utf-8")
    same = read_report_text(plain, 2024)
    assert text.meta == same.meta and text.sections == same.sections
    assert [w.expected for w in text.warnings] == [w.expected for w in same.warnings]


def test_a_control_character_in_the_body_is_refused_naming_its_line(tmp_path, no_kernel):
    text = edited("## Thuận lợi\n", "## Thuận lợi\nMột ý\x1b[31m đỏ.\n")
    output = refused(tmp_path, text)
    line = line_of(text, "Một ý")
    assert f"phần nội dung, row {line}" in output
    assert "value 'Một ýU+001B[31m đỏ.'" in output
    assert "expected a text without control characters (found: U+001B)" in output


def test_a_form_feed_is_refused_on_the_line_it_is_on(tmp_path):
    # \x0c ends a line for str.splitlines: the line number counts newlines only.
    text = edited("## Thuận lợi\n", "## Thuận lợi\nMột\x0c ý.\n")
    path = tmp_path / "bao_cao.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_report_text(path, 2024)
    [p] = caught.value.problems
    assert p.row == line_of(text, "Một") and "U+000C" in p.expected


def test_init_documents_each_key_from_the_declaration_the_checker_reads(tmp_path):
    run = CliRunner().invoke(
        main,
        [
            "init",
            "--province",
            "ha-tinh",
            "--name",
            "Hà Tĩnh",
            "--year",
            "2024",
            "--data-dir",
            str(tmp_path),
        ],
        catch_exceptions=False,
    )
    assert run.exit_code == 0, run.output
    head = (tmp_path / "ha-tinh" / "2024" / "bao_cao.md").read_text(encoding="utf-8")
    lines = head.splitlines()
    for item in contract().front_matter:
        comment = lines[line_of(head, f"{item['key']}:") - 2]
        if item.get("type") == "integer":
            assert f"số nguyên từ {item['min']} đến {item['max']}" in comment, comment
    assert lines[line_of(head, "so_0_o_dau:") - 2].endswith("ghi: có hoặc không")
    assert lines[line_of(head, "noi_nhan:") - 2].endswith("mỗi mục một dòng bắt đầu bằng '  - '")
    assert lines[line_of(head, "as_of:") - 2].endswith("một ngày có thật")


def new_year(data: Path):
    return CliRunner().invoke(
        main,
        ["new-year", "--province", "quang-ngai", "--year", "2025", "--data-dir", str(data)],
        catch_exceptions=False,
    )


def test_new_year_starts_from_a_text_with_a_byte_order_mark(tmp_path):
    data = province(tmp_path, codecs.BOM_UTF8 + GOOD.encode("utf-8"))
    run = new_year(data)
    assert run.exit_code == 0, run.output
    new = read_report_text(data / "quang-ngai" / "2025" / "bao_cao.md", 2025)
    assert new.meta["nguoi_ky"] == "Nguyễn Thanh Hiên" and new.meta["nam"] == 2025


def test_new_year_refuses_a_previous_text_in_utf16_naming_it(tmp_path):
    data = province(tmp_path, GOOD.encode("utf-16"))
    run = new_year(data)
    assert run.exit_code == 2, run.output
    assert "2024/bao_cao.md" in run.output and "this one is in UTF-16" in run.output
    assert not (data / "quang-ngai" / "2025").exists()


def test_an_empty_quoted_value_of_a_typed_key_reads_as_empty(tmp_path):
    path = tmp_path / "bao_cao.md"
    path.write_text(edited("thang: 11", 'thang: ""'), encoding="utf-8")
    assert read_report_text(path, 2024).meta["thang"] is None


def test_a_quoted_date_is_read_as_the_date(tmp_path):
    path = tmp_path / "bao_cao.md"
    path.write_text(edited("as_of: 2024-10-31", 'as_of: "2024-10-31"'), encoding="utf-8")
    assert read_report_text(path, 2024).meta["as_of"] == dt.date(2024, 10, 31)
    path.write_text(edited("as_of: 2024-10-31", 'as_of: "2024-02-30"'), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_report_text(path, 2024)
    assert [(p.column, p.value) for p in caught.value.problems] == [("as_of", "2024-02-30")]
