"""ocop batch: planning, cache decisions end to end, fault isolation (a
raising cell, a killed kernel, a timeout among good reports), and the Dask
path on a LocalCluster. Runs use --formats html and a few scopes to stay fast."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT
from openpyxl import load_workbook

from ocoplib.base.problems import InputError
from ocoplib.base.text import fold
from ocoplib.batch import plan as batch

OCOP = [str(Path(sys.executable).with_name("ocop"))]


def ocop(*args, cwd=ROOT):
    return subprocess.run([*OCOP, *args], cwd=cwd, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """A copy of the sample data: tests change it, never the committed files."""
    copy = tmp_path_factory.mktemp("batch") / "data"
    shutil.copytree(ROOT / "data", copy)
    return copy


# -- planning (nothing runs) ----------------------------------------------------------
def test_years_and_scopes_as_written():
    assert batch.parse_years("2022-2024") == [2022, 2023, 2024]
    assert batch.parse_years("2024,2023") == [2023, 2024]
    assert batch.parse_years(2024) == [2024]
    with pytest.raises(InputError):
        batch.parse_years("24")
    with pytest.raises(InputError):
        batch.parse_years("2024-2022")
    assert batch.parse_scopes("tinh; huyện Tư Nghĩa ;") == ["tinh", "huyện Tư Nghĩa"]


def test_all_means_the_province_and_every_district_valid_then(data, tmp_path):
    plan = batch.plan("quang-ngai", [([2024], ["all"], None)], data, tmp_path / "out")
    slugs = [j.scope.slug for j in plan.jobs]
    day = plan.jobs[0].params.as_of or __import__("datetime").date(2024, 10, 31)
    districts = [u for u in plan.workbook.units if u.level == "district" and u.valid_on(day)]
    # Kon Tum's districts joined the province on 01/07/2025: not Quảng Ngãi's in 2024
    own = [u for u in districts if not u.former_province]
    assert slugs[0] == "tinh" and len(slugs) == len(set(slugs)) == 1 + len(own) == 14
    assert {"tu-nghia", "quang-ngai", "ly-son", "duc-pho"} <= set(slugs)
    assert all(j.scope.kind == "district" for j in plan.jobs[1:])
    assert all(j.decision.run and j.decision.reason == "no earlier output" for j in plan.jobs)
    # After 1 July 2025 the level below the province is the commune.
    later = batch.plan("quang-ngai", [([2025], ["all"], None)], data, tmp_path / "out")
    assert later.jobs[0].scope.slug == "tinh"
    assert {j.scope.kind for j in later.jobs[1:]} == {"commune"} and len(later.jobs) == 97


def test_bad_input_exits_2_and_writes_nothing(data, tmp_path):
    out = tmp_path / "out"
    run = ocop(
        "batch", "--years", "2024", "--scopes", "tinh;huyện Tư Nghia;Sơn Tinh Tinh",
        "--data-dir", str(data), "--output-dir", str(out),
    )  # fmt: skip
    assert run.returncode == 2, run.stderr
    assert "Sơn Tinh Tinh" in run.stderr and "Nothing was written" in run.stderr
    assert not out.exists()
    assert ocop("batch", "--years", "20x4", "--output-dir", str(out)).returncode == 2
    assert ocop("batch", "--output-dir", str(out)).returncode == 2
    assert ocop("batch", "--years", "2024", "--workers", "0").returncode == 2
    assert not out.exists()


def test_a_yaml_batch_file(data, tmp_path):
    spec = tmp_path / "batch.yml"
    spec.write_text(
        "province: quang-ngai\n"
        "formats: [html]\n"
        "runs:\n"
        "  - {years: 2024, scopes: tinh}\n"
        "  - {year: 2024, scope: 'huyện Tư Nghĩa; Lý Sơn', as_of: 2024-10-31}\n",
        encoding="utf-8",
    )
    parsed = batch.read_batch_file(spec)
    runs = [
        (batch.parse_years(r.years), batch.parse_scopes(r.scopes), r.as_of) for r in parsed.runs
    ]
    plan = batch.plan("quang-ngai", runs, data, tmp_path / "out", formats=parsed.formats)
    assert [j.scope.slug for j in plan.jobs] == ["tinh", "tu-nghia", "ly-son"]
    assert plan.jobs[0].params.formats == ("html",)
    spec.write_text("runs:\n  - {years: 2024, scopes: tinh, colour: red}\n", encoding="utf-8")
    with pytest.raises(InputError):
        batch.read_batch_file(spec)


# -- end to end: the cache ---------------------------------------------------------------
SCOPES = "tinh;Tư Nghĩa;Lý Sơn"


FILES = ("results.json", "report.html", "tables.xlsx")


def _batch(data, out, *extra):
    return ocop(
        "batch", "--years", "2024", "--scopes", SCOPES, "--formats", "html,xlsx", "--workers", "2",
        "--data-dir", str(data), "--output-dir", str(out), *extra,
    )  # fmt: skip


def _ran(stderr: str) -> set[str]:
    return {line.split("]")[0].split()[-1] for line in stderr.splitlines() if "] run:" in line}


def _edit_a_product_of(path: Path, district: str) -> None:
    wb = load_workbook(path)
    ws = wb["san_pham"]
    header = [c.value for c in ws[1]]
    name_col = header.index("Tên sản phẩm")
    unit_col = header.index("Huyện/thị xã/thành phố")
    for row in ws.iter_rows(min_row=2):
        if row[unit_col].value and fold(district) in fold(str(row[unit_col].value)):
            row[name_col].value = f"{row[name_col].value} (đã sửa)"
            break
    wb.save(path)


@pytest.fixture(scope="module")
def local(data, tmp_path_factory):
    """A cold local batch of SCOPES on the sample data: (the run, its output
    folder, the bytes of FILES of each scope as the run left them)."""
    out = tmp_path_factory.mktemp("local") / "out"
    run = _batch(data, out)
    assert run.returncode == 0, run.stderr
    year = out / "quang-ngai" / "2024"
    made = {s.name: {n: (s / n).read_bytes() for n in FILES} for s in year.iterdir()}
    return run, out, made


def test_cold_then_unchanged_then_one_district_changed(data, local, tmp_path):
    cold, out, _ = local
    assert _ran(cold.stderr) == {"tinh", "tu-nghia", "ly-son"}
    year = out / "quang-ngai" / "2024"
    assert sorted(p.name for p in year.iterdir()) == ["ly-son", "tinh", "tu-nghia"]
    record = json.loads((year / "tu-nghia" / "run.json").read_text(encoding="utf-8"))
    assert record["parameters"]["scope"] == "tu-nghia" and record["fingerprint"]["san_pham"]
    results = json.loads((year / "tu-nghia" / "results.json").read_text(encoding="utf-8"))
    assert results["totals"]["new_products"] == 4
    assert cold.stdout.strip() == str(out / "index.html")
    index = (out / "index.html").read_text(encoding="utf-8")
    for slug in ("tinh", "tu-nghia", "ly-son"):
        assert f'href="quang-ngai/2024/{slug}/report.html"' in index, slug

    again = _batch(data, out)
    assert again.returncode == 0, again.stderr
    assert _ran(again.stderr) == set()
    assert again.stderr.count("skip: unchanged since") == 3
    assert "3 unchanged (skipped)" in again.stderr

    # Lý Sơn ran third, in a kernel warm from an earlier report: it gives what
    # a kernel of its own gives, down to the execution counts of the notebook.
    fresh = ocop(
        "batch", "--years", "2024", "--scopes", "Lý Sơn", "--formats", "html", "--fresh-kernels",
        "--data-dir", str(data), "--output-dir", str(tmp_path / "fresh"),
    )  # fmt: skip
    assert fresh.returncode == 0, fresh.stderr
    other = tmp_path / "fresh" / "quang-ngai" / "2024" / "ly-son"
    assert (other / "results.json").read_bytes() == (year / "ly-son" / "results.json").read_bytes()

    def counts(folder):
        nb = nbformat.read(folder / "report.ipynb", as_version=4)
        run = [c for c in nb.cells if "skip-execution" not in c.metadata.get("tags", [])]
        return [c.execution_count for c in run if c.cell_type == "code"]

    assert counts(other) == counts(year / "ly-son") == list(range(1, len(counts(other)) + 1))

    book = data / "quang-ngai" / "ocop.xlsx"
    _edit_a_product_of(book, "Tư Nghĩa")
    try:
        changed = _batch(data, out)
    finally:
        shutil.copy2(ROOT / "data" / "quang-ngai" / "ocop.xlsx", book)
    assert changed.returncode == 0, changed.stderr
    assert _ran(changed.stderr) == {"tinh", "tu-nghia"}, changed.stderr
    assert "changed: rows of sheet san_pham for this scope" in changed.stderr
    assert "[2024 ly-son] skip: unchanged" in changed.stderr


# -- fault isolation --------------------------------------------------------------------
MARKER_CELL = """import os
import time
from pathlib import Path

marker = Path(data_dir) / f"{scope}.fail"
what = marker.read_text().strip() if marker.exists() else ""
assert what != "raise", "deliberate failure for the test"
os._exit(9) if what == "kill" else None
time.sleep(600) if what == "sleep" else None"""


@pytest.fixture(scope="module")
def failing_notebook(tmp_path_factory):
    """The report notebook with one more cell that fails as a marker file says."""
    nb = nbformat.read(ROOT / "notebooks" / "report.ipynb", as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    cell = nbformat.v4.new_code_cell(MARKER_CELL)
    cell.metadata["tags"] = ["note"]
    nb.cells.insert(at + 1, cell)
    path = tmp_path_factory.mktemp("notebooks") / "report.ipynb"
    nbformat.write(nb, path)
    return path


def test_failing_reports_fail_alone(data, failing_notebook, tmp_path):
    out = tmp_path / "out"
    year = out / "quang-ngai" / "2024"
    args = ("--notebook", str(failing_notebook), "--timeout", "30")

    def run(scopes, *extra):
        return ocop(
            "batch", "--years", "2024", "--scopes", scopes, "--formats", "html",
            "--data-dir", str(data), "--output-dir", str(out), *args, *extra,
        )  # fmt: skip

    first = run("Tư Nghĩa;Lý Sơn")
    assert first.returncode == 0, first.stderr
    before = (year / "tu-nghia" / "results.json").read_bytes()

    (data / "tu-nghia.fail").write_text("raise")
    (data / "ly-son.fail").write_text("kill")
    (data / "binh-son.fail").write_text("sleep")
    try:
        broken = run("tinh;Tư Nghĩa;Lý Sơn;Bình Sơn", "--force")
    finally:
        for name in ("tu-nghia", "ly-son", "binh-son"):
            (data / f"{name}.fail").unlink()
    assert broken.returncode == 1, broken.stderr
    err = broken.stderr
    assert "1 rendered" in err and "3 failed" in err
    cell = 'cell 3 ("import os", tag note)'
    assert f"[tu-nghia]: {cell} raised AssertionError: deliberate failure" in err
    assert f"[ly-son]: the kernel stopped while {cell} was running" in err
    assert f"[binh-son]: {cell} did not finish within 30 s" in err
    # The good report is written; each failed unit keeps its last good output.
    tinh = json.loads((year / "tinh" / "results.json").read_text(encoding="utf-8"))
    assert tinh["scope"]["slug"] == "tinh" and tinh["totals"]["products"] > 0
    assert "<html" in (year / "tinh" / "report.html").read_text(encoding="utf-8")
    assert (year / "tu-nghia" / "results.json").read_bytes() == before
    assert not (year / "binh-son").exists()
    assert not [p for p in year.iterdir() if p.name.startswith(".")]
    failed = year / "_failed"
    kept = nbformat.read(failed / "tu-nghia.ipynb", as_version=4)
    assert any(o.get("ename") == "AssertionError" for c in kept.cells for o in c.get("outputs", []))
    record = json.loads((failed / "tu-nghia.json").read_text(encoding="utf-8"))
    assert (record["cell"], record["kind"], record["scope"]["slug"]) == (3, "cell", "tu-nghia")
    assert not (failed / "results.json").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "deliberate failure for the test" in index and "Failed, previous output kept" in index

    # After the fix, a re-run runs only what failed.
    fixed = run("tinh;Tư Nghĩa;Lý Sơn;Bình Sơn")
    assert fixed.returncode == 0, fixed.stderr
    assert _ran(fixed.stderr) == {"tu-nghia", "ly-son", "binh-son"}, fixed.stderr
    assert "run: the last run failed" in fixed.stderr
    assert not failed.exists()


# -- the Dask path -------------------------------------------------------------------------
def test_the_same_work_on_a_dask_cluster(data, local, tmp_path):
    from distributed import LocalCluster

    out = tmp_path / "out"
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        run = ocop(
            "batch", "--years", "2024", "--scopes", "Tư Nghĩa;Lý Sơn", "--formats", "html,xlsx",
            "--data-dir", str(data), "--output-dir", str(out),
            "--scheduler", cluster.scheduler_address,
        )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert f"to the Dask scheduler {cluster.scheduler_address}" in run.stderr
    assert _ran(run.stderr) == {"tu-nghia", "ly-son"}, run.stderr
    year = out / "quang-ngai" / "2024"
    assert sorted(p.name for p in year.iterdir()) == ["ly-son", "tu-nghia"]
    _, _, made = local
    for slug in ("tu-nghia", "ly-son"):
        results = json.loads((year / slug / "results.json").read_text(encoding="utf-8"))
        assert results["scope"]["slug"] == slug
        # what a local batch makes of the same data, to the byte
        for name in FILES:
            assert (year / slug / name).read_bytes() == made[slug][name], (slug, name)
        record = json.loads((year / slug / "run.json").read_text(encoding="utf-8"))
        assert record["parameters"]["scope"] == slug
