"""What the batch's cache fingerprints: the notebook as it reaches the report
(not its notes, metadata or outputs), and the package files that make a report,
found from the layout (not the batch's or the command line's own files)."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ocoplib.batch import cache

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "report.ipynb"


def _edited(tmp_path: Path, edit) -> Path:
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    edit(nb)
    path = tmp_path / f"edited-{len(list(tmp_path.iterdir()))}.ipynb"
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _note(nb):
    return next(c for c in nb["cells"] if "note" in c["metadata"].get("tags", []))


def _code(nb):
    return next(c for c in nb["cells"] if c["cell_type"] == "code" and not c["metadata"])


def test_notes_metadata_and_outputs_do_not_count(tmp_path):
    before = cache.notebook_fingerprint(NOTEBOOK)

    def note(nb):
        _note(nb)["source"] = ["Một ghi chú khác của cán bộ phân tích."]

    def metadata(nb):
        nb["metadata"]["kernelspec"]["display_name"] = "Python 3 (khác)"
        nb["metadata"]["language_info"]["version"] = "3.11.7"

    def outputs(nb):
        cell = _code(nb)
        cell["execution_count"] = 3
        cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["x\n"]}]

    for edit in (note, metadata, outputs):
        assert cache.notebook_fingerprint(_edited(tmp_path, edit)) == before, edit.__name__


def test_code_and_report_markdown_count(tmp_path):
    before = cache.notebook_fingerprint(NOTEBOOK)

    def code(nb):
        _code(nb)["source"].append("\nreport.section_1()")

    def report_markdown(nb):
        nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": ["# Phụ lục"]})

    def untag(nb):
        _note(nb)["metadata"]["tags"] = []  # the note now reaches the report

    for edit in (code, report_markdown, untag):
        assert cache.notebook_fingerprint(_edited(tmp_path, edit)) != before, edit.__name__


_FINGERPRINT = (
    "import sys; from pathlib import Path; from ocoplib.batch import cache; "
    "print(cache.source_fingerprint(Path(sys.argv[1])))"
)


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory):
    """A copy of the project's package and notebooks, to edit without touching the checkout."""
    root = tmp_path_factory.mktemp("project")
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "ocoplib", root / "ocoplib", ignore=ignore)
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    return root


def _source_fingerprint(root: Path) -> str:
    run = subprocess.run(
        [sys.executable, "-c", _FINGERPRINT, str(root / "notebooks" / "report.ipynb")],
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return run.stdout.strip()


@pytest.mark.parametrize(
    ("path", "counts"),
    [
        ("domain/rules.py", True),  # imported by the kernel through ocoplib.report
        ("base/contract.yaml", True),  # data of a folder the kernel imports from
        ("render/templates/section1.html.j2", True),
        ("render/page.py", True),  # renders the report's HTML and PDF
        ("runs/run.py", True),
        ("batch/progress.py", False),  # only plans, runs and lists batches
        ("batch/templates/index.html.j2", False),
        ("cli/render.py", False),
        ("intake/merge.py", False),  # intake that no report imports
    ],
)
def test_a_change_counts_when_it_can_change_a_report(package_copy, path, counts):
    before = _source_fingerprint(package_copy)
    target = package_copy / "ocoplib" / path
    original = target.read_text(encoding="utf-8")
    try:
        target.write_text(original + "\n", encoding="utf-8")
        after = _source_fingerprint(package_copy)
    finally:
        target.write_text(original, encoding="utf-8")
    assert (after != before) is counts


def test_a_units_own_text_counts_for_its_report(tmp_path):
    from ocoplib.base.params import parse_params

    params = parse_params(year=2025, data_dir=tmp_path)
    own = params.unit_text_path("binh-son")
    assert own == tmp_path / "quang-ngai" / "2025" / "binh-son.md"
    assert params.unit_text_path("tinh") is None

    def parts():
        return cache.fingerprint({}, NOTEBOOK, {}, params.text_path, own)

    without = parts()
    own.parent.mkdir(parents=True)
    own.write_text("## Thuận lợi\n\nNội dung riêng của xã.\n", encoding="utf-8")
    written = parts()
    own.write_text("## Thuận lợi\n\nNội dung đã sửa.\n", encoding="utf-8")
    edited = parts()
    assert without["unit_text"] != written["unit_text"] != edited["unit_text"]
    assert without["bao_cao"] == written["bao_cao"] == edited["bao_cao"]
