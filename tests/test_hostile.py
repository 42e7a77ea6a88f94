"""Hostile and broken input, everywhere data reaches an output: files that
are not workbooks, a workbook of 100.000 rows, unit names that try to steer
output paths, parameters that try to become code, and names that try to
become markup or formulas in every format of the report."""

import ast
import html.parser
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from factory import UNITS, d, product, write_workbook
from openpyxl import load_workbook
from workbooks import HOSTILE, hostile_rows, write_big, write_valid

from ocoplib.base.params import FORMATS, parse_params
from ocoplib.base.problems import InputError
from ocoplib.cli import main
from ocoplib.intake.workbook import check_workbook
from ocoplib.runs.run import output_folder, prepare

OCOP = str(Path(sys.executable).with_name("ocop"))
TEXT = ROOT / "data" / "quang-ngai" / "2024" / "bao_cao.md"


def ocop(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def data_dir(tmp_path, workbook_writer, province="tinh-thu"):
    """``<tmp>/data/<province>/ocop.xlsx`` and the 2024 report text."""
    root = tmp_path / "data"
    (root / province / "2024").mkdir(parents=True)
    shutil.copy(TEXT, root / province / "2024" / "bao_cao.md")
    workbook_writer(root / province / "ocop.xlsx")
    return root


# -- files that are not workbooks ----------------------------------------------------


def _password_protected(path):
    # An encrypted Office file is an OLE compound file holding an EncryptionInfo stream.
    head = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504)
    path.write_bytes(head + "EncryptionInfo".encode("utf-16-le") + bytes(512))


def _truncated(path):
    write_valid(path)
    path.write_bytes(path.read_bytes()[:700])


def _docx_renamed(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")


def _csv(path):
    path.write_text("Mã sản phẩm,Tên sản phẩm\nP1,Tỏi\n", encoding="utf-8")


BROKEN_FILES = {
    "password": (_password_protected, "protected by a password"),
    "legacy_xls": (
        lambda p: p.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(1024)),
        ".xls",
    ),
    "truncated": (_truncated, "damaged"),
    "not_a_workbook_zip": (_docx_renamed, "damaged"),
    "csv": (_csv, "a text or CSV file"),
    "empty": (lambda p: p.write_bytes(b""), "empty"),
    "html": (lambda p: p.write_text("<html><table></table></html>"), "HTML"),
}


@pytest.mark.parametrize("kind", list(BROKEN_FILES))
def test_a_file_that_is_not_a_workbook_gets_a_clear_error(kind, tmp_path):
    make, words = BROKEN_FILES[kind]
    path = tmp_path / "ocop.xlsx"
    make(path)
    found = check_workbook(path)
    assert len(found.errors) == 1, found.problems
    error = found.errors[0]
    assert words in error.expected and "save it" in error.suggestion
    run = ocop("validate", path)
    assert run.exit_code == 2 and words in run.output
    assert not (tmp_path / "ocop.kiem-tra.xlsx").exists()  # nothing to annotate


@pytest.mark.parametrize("kind", ["password", "truncated"])
def test_report_refuses_a_broken_file(kind, tmp_path):
    root = data_dir(tmp_path, BROKEN_FILES[kind][0])
    out = tmp_path / "out"
    run = ocop("report", "--province", "tinh-thu", "--data-dir", root, "--output-dir", out)
    assert run.exit_code == 2 and BROKEN_FILES[kind][1] in run.output
    assert not out.exists() or list(out.rglob("*")) == []


def test_a_wrong_sheet_dimension_does_not_hide_cells(tmp_path):
    """Some programs write a dimension of A1 whatever the sheet holds."""
    good = write_valid(tmp_path / "good.xlsx")
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', data)
            dst.writestr(item, data)
    want, got = check_workbook(good), check_workbook(bad)
    assert got.problems == []
    for key, frame in want.frames.items():
        assert frame.equals(got.frames[key]), key


def test_missing_file(tmp_path):
    run = ocop("validate", tmp_path / "nowhere.xlsx")
    assert run.exit_code == 2 and "to exist" in run.output


# -- many rows -----------------------------------------------------------------------

_MEASURE = """
import resource, sys
from ocoplib.intake.workbook import read_workbook
wb = read_workbook(sys.argv[1])
print(len(wb["san_pham"]), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def test_a_workbook_of_100000_rows_loads_within_bounded_memory(tmp_path):
    path = write_big(tmp_path / "big.xlsx", 100_000)
    run = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stderr
    rows, peak_kib = map(int, run.stdout.split())
    assert rows == 100_000
    # Python, pandas and openpyxl take about 120 MiB; the rows about 100 MiB more.
    assert peak_kib < 1024 * 1024, f"peak RSS {peak_kib / 1024:.0f} MiB"


# -- output paths and notebook parameters -------------------------------------------


def test_unit_names_cannot_steer_output_paths(tmp_path):
    evil = "../../../tmp/evil"
    units = [*UNITS, {"unit_code": "009", "unit_name": evil, "unit_type": "Huyện"}]

    def writer(path):
        write_workbook(
            path, products=[product("P1", 3, d("2024-03-01"), district=evil)], units=units
        )

    root = data_dir(tmp_path, writer)
    out = tmp_path / "out"
    params = parse_params(province="tinh-thu", scope=evil, data_dir=root, output_dir=out)
    report = prepare(params)
    assert report.scope.code == "009"
    folder = output_folder(params, report.scope.slug)
    assert report.scope.slug == "tmp-evil"
    assert folder.parent == (out / "tinh-thu" / "2024").resolve()
    with pytest.raises(InputError):
        output_folder(params, "../../../escape")
    with pytest.raises(InputError):
        output_folder(params, "/etc")


@pytest.mark.parametrize(
    "value",
    [
        'x"; import os; os.system("touch PWNED"); "',
        "x'; __import__('os').system('touch PWNED') #",
        'x\\"\n__import__("os").system("touch PWNED")\n"',
    ],
)
def test_parameters_cannot_inject_code(value, tmp_path):
    """Papermill writes parameters as Python literals; whatever the text, it
    comes back as the same string and nothing else."""
    from papermill.translators import PythonTranslator

    code = PythonTranslator.codify({"scope": value, "data_dir": value})
    tree = ast.parse(code)
    assert all(isinstance(node, ast.Assign) for node in tree.body)
    assert [ast.literal_eval(node.value) for node in tree.body] == [value, value]

    root = data_dir(tmp_path, write_valid)
    out = tmp_path / "out"
    run = ocop(
        "report",
        "--province",
        "tinh-thu",
        "--scope",
        value,
        "--data-dir",
        root,
        "--output-dir",
        out,
    )
    assert run.exit_code == 2
    quoted = tmp_path / 'da"ta'
    shutil.copytree(root, quoted)
    run = ocop("report", "--province", "tinh-thu", "--data-dir", quoted, "--output-dir", out)
    assert run.exit_code == 2 and "without quotes" in run.output
    assert not out.exists() or list(out.rglob("*")) == []
    assert not list(tmp_path.rglob("PWNED")) and not Path("PWNED").exists()


def _formulas(path):
    with zipfile.ZipFile(path) as z:
        return [
            name
            for name in z.namelist()
            if name.startswith("xl/worksheets/") and b"<f>" in z.read(name)
        ]


def test_intake_outputs_keep_formula_like_text_as_text(tmp_path):
    """The annotated copy, the consolidated workbook and the template hold
    formula-like names as text, never as formulas."""
    root = data_dir(tmp_path, lambda p: write_workbook(p, **hostile_rows()))
    base = root / "tinh-thu" / "ocop.xlsx"
    assert _formulas(base) == []
    rows = hostile_rows()
    rows["products"][0]["stars"] = 6
    bad = write_workbook(tmp_path / "bad.xlsx", **rows)
    assert ocop("validate", bad, "--annotated", tmp_path / "kt.xlsx").exit_code == 2
    sub = write_workbook(
        tmp_path / "sub.xlsx",
        products=[product("H99", 3, d("2024-06-01"), product_name=HOSTILE["formula"])],
        owners=[],
        units=[],
    )
    merged = tmp_path / "merged.xlsx"
    run = ocop("merge", "--province", "tinh-thu", "--data-dir", root, sub, "--out", merged)
    assert run.exit_code == 0, run.output
    tpl = tmp_path / "tpl.xlsx"
    run = ocop(
        "template", "--province", "tinh-thu", "--data-dir", root, "--unit", "Quảng Ngãi",
        "--year", 2024, "--out", tpl,
    )  # fmt: skip
    assert run.exit_code == 0, run.output
    for path in (tmp_path / "kt.xlsx", merged, tpl):
        assert _formulas(path) == [], path
    names = {
        c.value: c
        for ws in load_workbook(merged).worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    }
    for key in ("formula", "plus", "minus", "at"):
        assert names[HOSTILE[key]].data_type == "s" and names[HOSTILE[key]].quotePrefix
    owner = load_workbook(tpl)["chu_the"]["B2"]
    assert owner.value == HOSTILE["formula"] and owner.data_type == "s"


# -- hostile names in every format --------------------------------------------------


class _Text(html.parser.HTMLParser):
    """The text a browser shows, and the elements and attributes it builds."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.tags, self.handlers = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    root = data_dir(tmp, lambda p: write_workbook(p, **hostile_rows()))
    out = tmp / "out"
    formats = ["html", "xlsx", "pdf"] + (["docx"] if "docx" in FORMATS else [])
    run = subprocess.run(
        [OCOP, "report", "--province", "tinh-thu", "--data-dir", str(root),
         "--output-dir", str(out), "--formats", ",".join(formats)],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    return Path(run.stdout.strip())


def test_html_shows_hostile_names_as_text(hostile_report):
    page = (hostile_report / "report.html").read_text(encoding="utf-8")
    parsed = _Text()
    parsed.feed(page)
    shown = " ".join(" ".join(parsed.text).split())
    assert "script" not in parsed.tags
    assert parsed.handlers == []
    assert all(
        src.startswith("data:image/") for src in re.findall(r'<img[^>]* src="([^"]*)"', page)
    )
    for name in HOSTILE.values():
        assert " ".join(name.split()) in shown, name  # shown exactly as typed
    assert "&lt;script&gt;" in page and '<script>alert("ocop")' not in page


def test_tables_xlsx_holds_formula_like_names_as_text(hostile_report):
    path = hostile_report / "tables.xlsx"
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in z.read(name).decode("utf-8"), name
    cells = [c for ws in load_workbook(path).worksheets for row in ws.iter_rows() for c in row]
    texts = {c.value: c for c in cells if isinstance(c.value, str)}
    for key in ("formula", "plus", "minus", "at", "script"):
        assert HOSTILE[key] in texts, key
        assert texts[HOSTILE[key]].data_type == "s"


def test_pdf_shows_hostile_names_as_text(hostile_report):
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(hostile_report / "report.pdf").pages)
    flat = "".join(text.split())
    for token in ('<script>alert("ocop")</script>', '=HYPERLINK("', "@SUM(1,2)", "<imgsrc=x"):
        assert token in flat, token


@pytest.mark.skipif("docx" not in FORMATS, reason="the Word writer is not part of this version")
def test_docx_holds_hostile_names_as_text(hostile_report):
    with zipfile.ZipFile(hostile_report / "report.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "&lt;script&gt;" in xml and "<script" not in xml
    assert "instrText" not in xml or "example.invalid" not in xml.split("instrText")[1]
    flat = re.sub(r"<[^>]+>", "", xml)
    for key in ("formula", "plus", "at"):
        assert HOSTILE[key].replace('"', "&quot;") in flat or HOSTILE[key] in flat, key
