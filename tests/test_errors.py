"""Errors that say what to do, and a quiet console.

Bad input to `ocop report` and `ocop batch` (a year without units, a unit of
another date, an unknown unit, and every other way to get exit 2) stops
before any kernel with one message naming the unit or the year, and leaves
nothing under the output folder. An error raised in the notebook reaches the
user with its exception, its message (or, without one, the line that raised
it) and the cell. The console says one line per step, the data warnings in
one line (every one with --verbose), and no kernel says it runs over TCP
without encryption."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, ocop
from factory import d, write_workbook
from papermill.exceptions import PapermillExecutionError

from ocoplib.base.i18n import set_language
from ocoplib.base.params import parse_params
from ocoplib.base.problems import InputError
from ocoplib.base.vnformat import date
from ocoplib.cli.render import warnings_place
from ocoplib.domain.units import require_units, resolve_scope
from ocoplib.intake.workbook import read_workbook
from ocoplib.report.quality import WARNINGS_TITLE
from ocoplib.runs.run import RunError, render_report

OCOP = str(Path(sys.executable).with_name("ocop"))
TCP_WARNING = "without encryption"


@pytest.fixture(scope="module")
def units():
    return read_workbook(ROOT / "data" / "quang-ngai" / "ocop.xlsx").units


@pytest.fixture
def vietnamese():
    set_language("vi")
    yield
    set_language("en")


def _problem(call):
    with pytest.raises(InputError) as info:
        call()
    (problem,) = info.value.problems
    return problem


# -- a unit of another date, a year without units (in-process) ---------------------------
def test_a_district_asked_after_the_reorganisation_names_its_end_and_successors(units):
    p = _problem(lambda: resolve_scope("huyện Tư Nghĩa", units, "Quảng Ngãi", d("2025-10-31")))
    assert (p.column, p.value) == ("scope", "huyện Tư Nghĩa")
    end = date(d("2025-06-30"))
    assert p.expected == (
        f"a unit that exists on {date(d('2025-10-31'))}, the report's cut-off date; "
        f"huyện Tư Nghĩa existed until {end}"
    )
    # The communes that took over its area, from the sheet's successor codes.
    district = next(u for u in units if u.full_name == "huyện Tư Nghĩa")
    successors = {u.full_name for u in units if u.code in district.successors}
    assert "xã Tư Nghĩa" in successors and len(successors) > 1
    assert p.suggestion.startswith(f"after {end} its area belongs to ")
    assert all(name in p.suggestion for name in successors)
    assert p.suggestion.endswith(f"ask for one of them, or for a cut-off date up to {end}")


def test_a_new_commune_asked_for_an_earlier_year_names_its_start_and_predecessors(units):
    p = _problem(lambda: resolve_scope("xã Tư Nghĩa", units, "Quảng Ngãi", d("2024-10-31")))
    start = date(d("2025-07-01"))
    assert p.expected.endswith(f"xã Tư Nghĩa exists from {start}")
    commune = next(u for u in units if u.full_name == "xã Tư Nghĩa" and u.valid_from)
    before = [u.full_name for u in units if commune.code in u.successors]
    assert "huyện Tư Nghĩa" in before and len(before) > 1
    assert p.suggestion.startswith(f"before {start} its area belonged to huyện Tư Nghĩa, ")
    assert all(name in p.suggestion for name in before)
    assert p.suggestion.endswith("or for a year from 2025 on")
    # A slug, as output folders are named, is told the same.
    slug = _problem(lambda: resolve_scope("nghia-hoa", units, "Quảng Ngãi", d("2025-10-31")))
    assert "xã Nghĩa Hòa existed until" in slug.expected


def test_an_unknown_unit_gets_the_closest_names_of_its_type_first(units):
    p = _problem(lambda: resolve_scope("huyện Tư Nghỉa Mới", units, "Quảng Ngãi", d("2024-10-31")))
    assert "'huyện Tư Nghĩa'" in p.suggestion
    names = re.findall(r"'([^']+)'", p.suggestion)
    assert names and all(n.startswith("huyện ") for n in names), names


def test_a_year_without_units_names_the_dates_the_sheet_covers():
    from ocoplib.domain.units import Unit

    def unit(code, start, end=None):
        return Unit(code, f"Đơn vị {code}", "district", "Huyện", "district", None, (), start, end)

    some = [unit("1", d("2015-01-01")), unit("2", d("2016-03-01"), d("2024-12-31"))]
    require_units(some, d("2015-06-30"), 2015)  # one unit: nothing to say
    p = _problem(lambda: require_units(some, d("2010-12-31"), 2010))
    assert (p.column, p.value) == ("year", 2010)
    assert date(d("2010-12-31")) in p.expected
    assert p.suggestion.startswith(f"its units exist from {date(d('2015-01-01'))} on: ")
    assert "enter the units of 2010 in sheet dia_ban" in p.suggestion
    assert "(columns Hiệu lực từ, Hiệu lực đến)" in p.suggestion
    ended = [unit("1", None, d("2020-06-30"))]
    p = _problem(lambda: require_units(ended, d("2024-12-31"), 2024))
    assert p.suggestion.startswith(f"its units exist until {date(d('2020-06-30'))}: ")
    require_units([], d("2024-12-31"), 2024)  # a province just started: its form renders


def test_these_messages_read_in_vietnamese(units, vietnamese):
    p = _problem(lambda: resolve_scope("huyện Tư Nghĩa", units, "Quảng Ngãi", d("2025-10-31")))
    assert "ngày chốt số liệu" in p.expected and "chỉ tồn tại đến hết ngày" in p.expected
    assert "địa bàn này thuộc" in p.suggestion and "xã Tư Nghĩa" in p.suggestion
    assert "exists" not in p.expected + p.suggestion
    ended = [u for u in units if u.valid_to is not None]
    p = _problem(lambda: require_units(ended, d("2026-12-31"), 2026))
    assert "trang tính dia_ban" in p.expected + p.suggestion


# -- exit 2 writes nothing (the commands) --------------------------------------------------
@pytest.fixture(scope="module")
def bad_data(tmp_path_factory):
    """Data folders for the bad inputs that need one: an empty report text, a
    workbook that is not one, and a province whose units start in 2015."""
    root = tmp_path_factory.mktemp("bad")
    sample = ROOT / "data" / "quang-ngai"
    empty = root / "empty" / "quang-ngai"
    shutil.copytree(sample, empty)
    (empty / "2024" / "bao_cao.md").write_text("\n  \n", encoding="utf-8")
    broken = root / "broken" / "quang-ngai"
    (broken / "2024").mkdir(parents=True)
    shutil.copy(sample / "2024" / "bao_cao.md", broken / "2024")
    (broken / "ocop.xlsx").write_text("not a workbook", encoding="utf-8")
    late = root / "late" / "quang-ngai"
    units = [
        {"unit_code": "001", "unit_name": "Quảng Ngãi", "unit_type": "Thành phố"},
        {"unit_code": "002", "unit_name": "Tư Nghĩa", "unit_type": "Huyện"},
        {"unit_code": "003", "unit_name": "Đức Phổ", "unit_type": "Thị xã"},
    ]
    for u in units:
        u["valid_from"] = d("2015-01-01")
    late.mkdir(parents=True)
    write_workbook(late / "ocop.xlsx", units=units)
    (late / "2010").mkdir()
    text = (sample / "2024" / "bao_cao.md").read_text(encoding="utf-8")
    (late / "2010" / "bao_cao.md").write_text(text.replace("2024", "2010"), encoding="utf-8")
    yaml_file = root / "bad.yaml"
    yaml_file.write_text("runs: [years: 2024\n", encoding="utf-8")
    return root


def _bad_inputs(root: Path) -> dict[str, tuple[list[str], str]]:
    """Every way to get exit 2 that the tests know: args → a text the message has."""
    empty, broken, late = (str(root / name) for name in ("empty", "broken", "late"))
    return {
        "report: bad province slug": (["report", "--province", "Quang Ngai"], "Quang Ngai"),
        "report: no workbook": (["report", "--province", "ha-noi"], "ha-noi"),
        "report: year out of range": (["report", "--year", "1990"], "1990"),
        "report: no text": (["report", "--year", "2031"], "2031/bao_cao.md"),
        "report: empty text": (["report", "--data-dir", empty], "bao_cao.md"),
        "report: not a workbook": (["report", "--data-dir", broken], "ocop.xlsx"),
        "report: unknown unit": (["report", "--scope", "huyện Không Có"], "huyện Không Có"),
        "report: unit of another date": (
            ["report", "--year", "2025", "--scope", "huyện Tư Nghĩa"],
            "existed until",
        ),
        "report: commune before its time": (
            ["report", "--year", "2024", "--scope", "xã Tư Nghĩa"],
            "exists from",
        ),
        "report: year without units": (
            ["report", "--year", "2010", "--data-dir", late],
            "its units exist from",
        ),
        "report: bad date": (["report", "--as-of", "2024-13-01"], "as_of"),
        "report: unknown format": (["report", "--formats", "html,odt"], "odt"),
        "report: unknown flag": (["report", "--bogus"], "--bogus"),
        "batch: no text": (["batch", "--years", "2031"], "2031/bao_cao.md"),
        "batch: bad years": (["batch", "--years", "20x4"], "20x4"),
        "batch: years backwards": (["batch", "--years", "2025-2024"], "2025-2024"),
        "batch: no years": (["batch"], "--years"),
        "batch: unknown unit": (
            ["batch", "--years", "2024", "--scopes", "huyện Không Có"],
            "huyện Không Có",
        ),
        "batch: unit of another date": (
            ["batch", "--years", "2024,2025", "--scopes", "huyện Tư Nghĩa"],
            "existed until",
        ),
        "batch: year without units": (
            ["batch", "--years", "2010", "--data-dir", late],
            "its units exist from",
        ),
        "batch: empty scopes": (["batch", "--years", "2024", "--scopes", ";"], "scopes"),
        "batch: no batch file": (["batch", "--file", str(root / "none.yaml")], "none.yaml"),
        "batch: bad YAML": (["batch", "--file", str(root / "bad.yaml")], "YAML"),
        "batch: file and years": (
            ["batch", "--file", str(root / "bad.yaml"), "--years", "2024"],
            "--file",
        ),
        "batch: no notebook": (["batch", "--years", "2024", "--notebook", "none.ipynb"], "none"),
        "batch: unknown format": (["batch", "--years", "2024", "--formats", "odt"], "odt"),
        "batch: empty text": (["batch", "--years", "2024", "--data-dir", empty], "bao_cao.md"),
    }


def test_every_exit_2_of_report_and_batch_leaves_the_output_folder_alone(bad_data, tmp_path):
    # In-process (the same commands, without starting Python 27 times); the
    # batch sets its own SIGTERM handler, put back after each case.
    from click.testing import CliRunner

    from ocoplib.cli import main

    cases = _bad_inputs(bad_data)
    handler = signal.getsignal(signal.SIGTERM)
    for name, (args, said) in cases.items():
        out = tmp_path / re.sub(r"\W+", "-", name)
        try:
            result = CliRunner().invoke(main, [*args, "--output-dir", str(out)])
        finally:
            signal.signal(signal.SIGTERM, handler)
        assert result.exit_code == 2, (name, result.output, result.exception)
        assert said in result.stderr, (name, result.stderr)
        assert not out.exists(), (name, sorted(out.rglob("*")))
        assert "Running the notebook" not in result.stderr, name


def test_a_year_without_units_is_told_in_vietnamese(bad_data, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "OCOP_LANG"}
    out = tmp_path / "out"
    args = ["report", "--year", "2010", "--data-dir", str(bad_data / "late")]
    run = subprocess.run(
        [OCOP, *args, "--output-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 2, run.stderr
    assert "không có đơn vị nào còn hiệu lực vào ngày 31/10/2010" in run.stderr
    assert "các đơn vị của năm 2010" in run.stderr
    assert not out.exists()


# -- an error inside the notebook ----------------------------------------------------------
PARAMETERS = "\n".join(
    f"{name} = {value}"
    for name, value in {
        "province": '"quang-ngai"',
        "year": 2024,
        "scope": '"tinh"',
        "as_of": None,
        "data_dir": '"data"',
        "output_dir": None,
        "formats": [],
        "workbook": None,
    }.items()
)
RAISES = {
    "with a message": ('raise LookupError("the sheet has no such row")', ["check"]),
    "without a message": ("def check():\n    raise ValueError()\n\n\ncheck()", []),
    # IPython cannot format a traceback through a file that does not parse (a
    # Jinja template's frame does this): the cell has no error output, and
    # Papermill alone says "CellExecutionError" with no message.
    "unformattable": (
        "import pathlib, tempfile\n"
        'source = pathlib.Path(tempfile.mkdtemp()) / "template.txt"\n'
        'source.write_text("(\\n\\n\\n")\n'
        "code = \"def render():\\n    raise LookupError('no such key')\\nrender()\"\n"
        "exec(compile(code, str(source), 'exec'))",
        [],
    ),
}


def _notebook(path: Path, code: str, tags: list[str]) -> Path:
    parameters = nbformat.v4.new_code_cell(PARAMETERS)
    parameters.metadata["tags"] = ["parameters"]
    raising = nbformat.v4.new_code_cell(code)
    raising.metadata["tags"] = tags
    kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb = nbformat.v4.new_notebook(cells=[parameters, raising], metadata={"kernelspec": kernelspec})
    nbformat.write(nb, path)
    return path


def _fail(tmp_path, case: str) -> tuple[RunError, Path]:
    notebook = _notebook(tmp_path / "raises.ipynb", *RAISES[case])
    out = tmp_path / "out"
    params = parse_params(output_dir=out, formats="html")
    lines: list[str] = []
    with pytest.raises(RunError) as info:
        render_report(params, "tinh", "Báo cáo", say=lines.append, notebook=notebook)
    assert lines == [f"Running the notebook {notebook} (figures)"]
    return info.value, out


def test_a_cell_error_carries_its_exception_message_and_cell(tmp_path):
    error, out = _fail(tmp_path, "with a message")
    # Papermill counts its injected parameters: the raising cell is cell 2.
    assert (error.cell, error.kind, error.exception) == (2, "cell", "LookupError")
    assert error.detail == "the sheet has no such row"
    assert error.source == 'raise LookupError("the sheet has no such row")'
    assert error.message == (
        'cell 2 ("raise LookupError("the sheet has no such row")", tag check) '
        "raised LookupError: the sheet has no such row"
    )
    assert str(error) == f"scope tinh: {error.message}"
    assert error.fields()["detail"] == error.detail
    assert not out.exists()  # no folder, not even an empty year


def test_an_exception_without_a_message_says_the_line_that_raised_it(tmp_path):
    error, out = _fail(tmp_path, "without a message")
    assert isinstance(error.__cause__, PapermillExecutionError)
    assert error.__cause__.evalue == ""  # what the user saw before: "raised ValueError: "
    assert error.exception == "ValueError" and error.source == "def check():"
    assert error.detail.startswith("raise ValueError() (") and "line 2, in check()" in error.detail
    assert "\x1b" not in error.detail
    assert error.message == f'cell 2 ("def check():") raised ValueError: {error.detail}'
    assert not out.exists()


def test_an_error_ipython_could_not_format_keeps_its_message(tmp_path):
    error, _out = _fail(tmp_path, "unformattable")
    cause = error.__cause__
    assert (cause.ename, cause.evalue) == ("CellExecutionError", "")  # papermill's own
    assert (error.exception, error.detail) == ("LookupError", "no such key")
    assert error.message.startswith('cell 2 ("import pathlib, tempfile") raised LookupError: ')


def test_the_batch_prints_a_cell_error_in_vietnamese(tmp_path):
    notebook = _notebook(tmp_path / "raises.ipynb", *RAISES["without a message"])
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if k != "OCOP_LANG"}
    args = ["batch", "--years", "2024", "--scopes", "tinh", "--formats", "html"]
    run = subprocess.run(
        [OCOP, *args, "--notebook", str(notebook), "--output-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 1, run.stderr
    line = next(x for x in run.stderr.splitlines() if "báo lỗi ValueError" in x)
    assert "ô mã số 2 (“def check():”) báo lỗi ValueError: raise ValueError() (" in line
    record = json.loads((out / "quang-ngai" / "2024" / "_failed" / "tinh.json").read_text())
    assert record["message"].endswith("in check())") and record["cell"] == 2


# -- the console -------------------------------------------------------------------------------
def _steps(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


def test_the_report_says_one_line_per_step_and_the_warnings_in_one(tmp_path):
    out = tmp_path / "out"
    run = ocop("report", "--formats", "html", "--output-dir", out)
    assert run.returncode == 0, run.stderr
    folder = out / "quang-ngai" / "2024" / "tinh"
    review = folder / "review.html"
    assert run.stdout.strip() == str(folder)
    assert _steps(run.stderr) == [
        "Checking the input: data/quang-ngai/ocop.xlsx and data/quang-ngai/2024/bao_cao.md",
        f'9 data warning(s): see the table "{WARNINGS_TITLE}" in the reviewers\' notes of '
        f"{review}; --verbose lists them",
        f"Running the notebook {ROOT / 'notebooks' / 'report.ipynb'} (figures)",
        "Writing report.html, review.html",
        f"Written to {folder}",
    ]
    # The line tells the truth: that table of review.html lists the 9 warnings.
    html = review.read_text(encoding="utf-8")
    table = html[html.index(f"<caption>{WARNINGS_TITLE}</caption>") :]
    table = table[: table.index("</table>")]
    assert table.count("<tr") == 1 + 9
    assert "Thảo dược" in table


def test_the_batch_summarises_the_warnings_and_lists_them_when_verbose(tmp_path):
    out, log = tmp_path / "out", tmp_path / "batch.log"
    args = ["batch", "--years", "2024", "--scopes", "tinh", "--formats", "html"]
    first = ocop(*args, "--output-dir", out, "--log", log)
    assert first.returncode == 0, first.stderr
    review = out / "quang-ngai" / "2024" / "tinh" / "review.html"
    assert (
        f'9 data warning(s): see the table "{WARNINGS_TITLE}" in the reviewers\' notes of {review}'
        in first.stderr
    )
    assert "warning: ocop.xlsx" not in first.stderr
    # What the workers and their kernels print goes to the log: no kernel warns.
    assert TCP_WARNING not in log.read_text(encoding="utf-8") + first.stderr
    again = ocop(*args, "--output-dir", out, "--verbose")
    assert again.returncode == 0, again.stderr
    listed = [x for x in again.stderr.splitlines() if "warning: ocop.xlsx, sheet san_pham" in x]
    assert len(listed) == 9
    assert "9 data warning(s), also listed in the table" in again.stderr


def test_the_warnings_are_pointed_to_where_the_formats_put_them(tmp_path):
    assert warnings_place(tmp_path, ("pdf", "xlsx")).endswith(f"of {tmp_path / 'review.pdf'}")
    assert warnings_place(tmp_path, ("xlsx",)) == (
        f"the sheet chat_luong_du_lieu of {tmp_path / 'tables.xlsx'}"
    )
    assert warnings_place(tmp_path, ()) == f'"warnings" in {tmp_path / "results.json"}'


def test_no_kernel_says_it_runs_over_tcp_without_encryption():
    from ocoplib.runs.kernel import kernel_config, transport_encryption

    assert transport_encryption() == "auto"  # pyzmq here has CurveZMQ
    assert kernel_config().KernelManager.transport_encryption == "auto"
    spec = json.loads(
        subprocess.run(
            [sys.executable, "-m", "jupyter", "kernelspec", "list", "--json"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    # "auto" encrypts only a kernel whose spec says it can.
    assert "curve" in spec["kernelspecs"]["python3"]["spec"]["metadata"]["supported_encryption"]
