"""Benchmark of ``ocop batch`` (``make bench``), on a copy of the sample data.

Side by side, in one run, for the 14 reports of 2024 (the province and its
13 districts), all formats:

(a) the obvious alternative: for each report, the ``papermill`` and
    ``jupyter nbconvert`` command lines and the PDF step, one after another;
(b) ``ocop batch`` cold (empty output folder);
(c) ``ocop batch`` again with nothing changed;
(d) ``ocop batch`` after one district's rows changed (only that district and
    the province may run).

Then a synthetic national-scale workbook (benchmarks/national.py, written
into a temporary folder): load-and-validate time, and the cost of one report
on it against the same report on the sample. Prints wall times, ratios and
peak memory (resident memory of the command and everything it started,
sampled every 0.1 s). Timings are measurements, not tests.

    .venv/bin/python benchmarks/batch.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import national  # noqa: E402

YEAR = 2024
TARGETS = {
    "cold batch vs loop": "≥ 3× faster (aim 4×)",
    "unchanged re-run": "< 5 % of cold",
    "peak memory": "< 4 GB",
    "national load+validate": "< 15 s",
    "national report": "≤ 2× a sample report",
}


@dataclass
class Measure:
    seconds: float
    peak_mb: float
    stderr: str = ""
    returncode: int = 0


#: The code under test, copied at the start (see ``snapshot``); None: the checkout.
SOURCE: Path | None = None


def snapshot(work: Path) -> Path:
    """A copy of the package, the notebooks and the lock file, first on
    PYTHONPATH for every command: all runs measure one version of the code,
    even while the checkout is being edited (an edit would rightly make
    ``ocop batch`` render everything again)."""
    src = work / "src"
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "ocoplib", src / "ocoplib", ignore=ignore)
    shutil.copytree(ROOT / "notebooks", src / "notebooks", ignore=ignore)
    shutil.copy2(ROOT / "requirements.lock", src / "requirements.lock")
    return src


def _env() -> dict:
    env = dict(os.environ)
    if SOURCE is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SOURCE), env.get("PYTHONPATH")]))
    return env


def measure(cmd: list[str], cwd: Path | None = None) -> Measure:
    """Run ``cmd``; wall time and the peak resident memory of its process tree."""
    start = time.perf_counter()
    # Not the checkout: ``python -c`` would import its ocoplib before the snapshot.
    cwd = cwd or (SOURCE.parent if SOURCE else ROOT)
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak = [0]

    def sample():
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                family = [root, *root.children(recursive=True)]
                total = 0
                for p in family:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                peak[0] = max(peak[0], total)
            except psutil.Error:
                pass
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    sampler.join()
    return Measure(seconds, peak[0] / 2**20, err + out, proc.returncode)


def check(m: Measure, what: str) -> Measure:
    if m.returncode != 0:
        sys.exit(f"{what} failed ({m.returncode}):\n{m.stderr[-3000:]}")
    return m


def scopes_of(data: Path) -> list[str]:
    """The 14 reports of 2024: the province and its 13 districts, as ``ocop
    batch --scopes all`` resolves them, less the units of a province merged
    into it later (the sample also lists Kon Tum's former districts)."""
    from ocoplib.batch.plan import plan

    p = plan("quang-ngai", [([YEAR], ["all"], None)], data, Path(tempfile.mkdtemp()))
    return [
        j.scope.slug
        for j in p.jobs
        if j.scope.unit is None or not getattr(j.scope.unit, "former_province", None)
    ]


PDF_STEP = """
import sys
from pathlib import Path
from ocoplib.render.page import page, write_pdf
folder = Path(sys.argv[1])
html = page((folder / "report.html").read_text(encoding="utf-8"), title="Báo cáo OCOP")
write_pdf(html, folder / "report.pdf")
"""


def loop(data: Path, out: Path, scopes: list[str]) -> Measure:
    """(a) one report after another through the command lines."""
    total, peak = 0.0, 0.0
    notebook = (SOURCE or ROOT) / "notebooks" / "report.ipynb"
    for slug in scopes:
        folder = out / slug
        folder.mkdir(parents=True)
        steps = [
            [
                str(BIN / "papermill"), str(notebook), str(folder / "report.ipynb"),
                "-p", "province", "quang-ngai", "-p", "year", str(YEAR), "-p", "scope", slug,
                "-p", "data_dir", str(data), "-p", "output_dir", str(folder),
                "--cwd", str(notebook.parent), "--no-progress-bar",
            ],
            [
                str(BIN / "jupyter"), "nbconvert", "--to", "html", "--template", "basic",
                "--no-input", "--no-prompt", "--output-dir", str(folder),
                str(folder / "report.ipynb"),
            ],
            [str(BIN / "python"), "-c", PDF_STEP, str(folder)],
        ]  # fmt: skip
        for step in steps:
            m = check(measure(step), f"{Path(step[0]).name} for {slug}")
            total += m.seconds
            peak = max(peak, m.peak_mb)
    return Measure(total, peak)


def batch(data: Path, out: Path, *extra: str, province: str = "quang-ngai") -> Measure:
    cmd = [
        str(BIN / "ocop"), "batch", "--province", province, "--years", str(YEAR),
        "--data-dir", str(data), "--output-dir", str(out), *extra,
    ]  # fmt: skip
    return check(measure(cmd), "ocop batch " + " ".join(extra))


def ran(m: Measure) -> list[str]:
    return sorted(
        line.split("]")[0].split()[-1] for line in m.stderr.splitlines() if "] run:" in line
    )


def change_one_district(workbook: Path, district: str) -> None:
    """Rename one product of ``district`` in the copy of the workbook."""
    from openpyxl import load_workbook

    from ocoplib.base.text import fold

    wb = load_workbook(workbook)
    ws = wb["san_pham"]
    header = [c.value for c in ws[1]]
    name, unit = header.index("Tên sản phẩm"), header.index("Huyện/thị xã/thành phố")
    for row in ws.iter_rows(min_row=2):
        if row[unit].value and fold(district) in fold(str(row[unit].value)):
            row[name].value = f"{row[name].value} (đã sửa)"
            break
    wb.save(workbook)


LOAD = """
import sys, time
t = time.perf_counter()
from ocoplib.intake.workbook import read_workbook
wb = read_workbook(sys.argv[1])
print(f"{time.perf_counter() - t:.2f}", sum(len(f) for f in wb.frames.values()), len(wb.units))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="ocop-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    data = work / "data"
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(ROOT / "data", data)  # the committed data is never touched
    for name in ("loop", "batch", "national-out", "sample-one"):
        shutil.rmtree(work / name, ignore_errors=True)
    global SOURCE
    SOURCE = snapshot(work)
    print(f"OCOP batch benchmark, {dt.date.today():%d/%m/%Y}, {platform.node() or 'this machine'}")
    print(
        f"  {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GB, "
        f"Python {platform.python_version()}, {platform.platform()}"
    )
    scopes = scopes_of(data)
    print(f"  {len(scopes)} reports of {YEAR} (all formats): {', '.join(scopes)}\n", flush=True)

    a = loop(data, work / "loop", scopes)
    print(f"(a) command-line loop     {a.seconds:8.1f} s   peak {a.peak_mb:7.0f} MB", flush=True)
    only = ("--scopes", ";".join(scopes))
    b = batch(data, work / "batch", *only)
    print(f"(b) ocop batch, cold      {b.seconds:8.1f} s   peak {b.peak_mb:7.0f} MB", flush=True)
    c = batch(data, work / "batch", *only)
    print(f"(c) unchanged re-run      {c.seconds:8.1f} s   peak {c.peak_mb:7.0f} MB", flush=True)
    change_one_district(data / "quang-ngai" / "ocop.xlsx", "Tư Nghĩa")
    d = batch(data, work / "batch", *only)
    print(
        f"(d) one district changed  {d.seconds:8.1f} s   peak {d.peak_mb:7.0f} MB"
        f"   re-rendered: {', '.join(ran(d))}",
        flush=True,
    )

    national.write(work / "national")
    nat_data = work / "national"
    load = check(
        measure([str(BIN / "python"), "-c", LOAD, str(nat_data / national.SLUG / "ocop.xlsx")]),
        "national load",
    )
    inside, rows, units = load.stderr.split()
    print(
        f"\nnational workbook: {rows} rows, {units} units; load+validate {inside} s "
        f"(process {load.seconds:.1f} s, peak {load.peak_mb:.0f} MB)",
        flush=True,
    )
    district = national.rows()["dia_ban"][0]["unit_name"]
    one = ("--scopes", district, "--force")
    n1 = batch(nat_data, work / "national-out", *one, province=national.SLUG)
    s1 = batch(data, work / "sample-one", "--scopes", "Tư Nghĩa", "--force")
    print(f"one district report, sample            {s1.seconds:6.1f} s   peak {s1.peak_mb:5.0f} MB")
    print(f"one district report, national          {n1.seconds:6.1f} s   peak {n1.peak_mb:5.0f} MB")
    # The whole country in one report: its tables run to thousands of rows, so
    # HTML only, for information.
    whole = ("--scopes", "tinh", "--force", "--formats", "html", "--timeout", "900")
    np_ = batch(nat_data, work / "national-out", *whole, province=national.SLUG)
    sp = batch(data, work / "sample-one", *whole)
    print(f"whole-province report (HTML), sample   {sp.seconds:6.1f} s   peak {sp.peak_mb:5.0f} MB")
    print(
        f"whole-country report (HTML), national  {np_.seconds:6.1f} s   peak {np_.peak_mb:5.0f} MB"
    )

    peak = max(b.peak_mb, c.peak_mb, d.peak_mb)
    t = TARGETS
    rows = [
        ("cold batch vs loop", f"{a.seconds / b.seconds:.2f}× faster", t["cold batch vs loop"]),
        ("unchanged re-run", f"{100 * c.seconds / b.seconds:.1f} % of cold", t["unchanged re-run"]),
        ("one district changed", f"{100 * d.seconds / b.seconds:.1f} % of cold", ", ".join(ran(d))),
        ("peak memory of a batch", f"{peak:.0f} MB", t["peak memory"]),
        ("national load+validate", f"{float(inside):.2f} s", t["national load+validate"]),
        ("national unit report", f"{n1.seconds / s1.seconds:.2f}× sample", t["national report"]),
        ("national whole report", f"{np_.seconds / sp.seconds:.2f}× sample", "information"),
    ]  # fmt: skip
    print("\nResults [target]")
    for label, value, target in rows:
        print(f"  {label:<27}{value:<24}[{target}]")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
