"""Hostile paths of running reports (issue 14, items 4 and 7): the workbook
handed to kernels only through a file the run made in a private folder and
checked before it is unpickled; no fixed path in the temporary folder; stopped
or killed runs leave no temporary folder (a later run sweeps what a killed one
left); a bad output place or a broken results.json ends in one clear line."""

import errno
import hashlib
import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner
from conftest import OCOP, ROOT, ocop

from ocoplib.base.files import (
    HandoverError,
    hand_over,
    owner_tag,
    private_folder,
    sweep_work,
)
from ocoplib.base.params import parse_params
from ocoplib.intake.workbook import read_workbook, read_workbook_file
from ocoplib.runs.run import handed_over, pickle_bytes

TMP = Path(tempfile.gettempdir())


class _Planted:
    """What another local user plants: a pickle that runs code when loaded."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


@pytest.fixture(scope="module")
def workbook():
    return read_workbook(ROOT / "data" / "quang-ngai" / "ocop.xlsx")


def _payload(marker: Path) -> bytes:
    return pickle.dumps(_Planted(marker))


def _dead_tag() -> str:
    """The owner tag of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    tag = owner_tag(child.pid) if psutil.pid_exists(child.pid) else f"{child.pid}.1"
    child.wait()
    return tag


# -- item 4: the workbook handed to kernels -------------------------------------------


def test_a_planted_pickle_is_never_unpickled(tmp_path):
    marker = tmp_path / "ran"
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)  # a folder others may enter (and, say, write to)
    data = _payload(marker)
    planted = shared / f"workbook-{hashlib.sha256(data).hexdigest()}.pickle"
    planted.write_bytes(data)
    with pytest.raises(HandoverError, match="private folder"):
        read_workbook_file(planted)
    # a private folder, but a file whose name is not the run's sha256 of it
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    (private / "workbook.pickle").write_bytes(data)
    with pytest.raises(HandoverError, match="unexpected name"):
        read_workbook_file(private / "workbook.pickle")
    # the run's file, changed after the run wrote it
    honest = hand_over(private, pickle.dumps({"a": 1}))
    honest.write_bytes(data)
    with pytest.raises(HandoverError, match="changed after the run wrote it"):
        read_workbook_file(honest)
    # a symbolic link in place of the file
    link = private / f"workbook-{hashlib.sha256(data).hexdigest()}.pickle"
    link.symlink_to(planted)
    with pytest.raises(HandoverError):
        read_workbook_file(link)
    assert not marker.exists(), "a planted pickle was unpickled"


def test_the_handed_over_file_is_private_checked_and_removed(workbook):
    with handed_over(workbook) as path:
        folder = path.parent
        assert folder.parent == TMP and folder.name.startswith(f"ocop-run-{os.getpid()}.")
        assert folder.stat().st_mode & 0o777 == 0o700
        assert path.stat().st_mode & 0o777 == 0o600
        assert path.name == f"workbook-{hashlib.sha256(path.read_bytes()).hexdigest()}.pickle"
        assert read_workbook_file(path).sha256 == workbook.sha256
    assert not folder.exists()
    with pytest.raises(RuntimeError), handed_over(workbook) as path:
        raise RuntimeError("the run failed")
    assert not path.parent.exists()


def test_the_dask_path_reads_no_fixed_path_and_keeps_nothing(workbook, tmp_path, monkeypatch):
    from ocoplib.batch import worker

    data = pickle_bytes(workbook)
    digest = hashlib.sha256(data).hexdigest()
    marker = tmp_path / "ran"
    fixed = TMP / f"ocop-workbook-{digest[:16]}.pickle"  # the name every process used
    fixed.write_bytes(_payload(marker))
    seen = {}

    def render_report(params, slug, title, *, workbook_file, **kwargs):
        seen["path"], seen["mode"] = workbook_file, workbook_file.parent.stat().st_mode
        seen["sha256"] = read_workbook_file(workbook_file).sha256

    monkeypatch.setattr(worker, "render_report", render_report)
    params = parse_params(data_dir=ROOT / "data", output_dir=tmp_path / "out")
    task = {
        "key": "k",
        "params": params.model_dump(mode="json"),
        "slug": "tinh",
        "title": "t",
        "notebook": "report.ipynb",
        "workbook_file": None,
        "workbook_digest": digest,
        "timeout": None,
        "fingerprint": {},
        "inputs": [],
        "parameters": {},
        "fresh_kernel": True,
    }
    try:
        result = worker.run_job(task, data)
        assert result["status"] == "done", result
        assert seen["path"] != fixed and seen["path"].parent.name.startswith("ocop-batch-")
        assert seen["mode"] & 0o777 == 0o700
        assert seen["sha256"] == workbook.sha256
        assert not seen["path"].parent.exists()
        assert not marker.exists()
        # bytes that are not the ones the batch sent: refused, nothing handed over
        seen.clear()
        result = worker.run_job({**task, "workbook_digest": "0" * 64}, data)
        assert result["status"] == "failed" and "not the one the batch sent" in result["message"]
        assert not seen
    finally:
        fixed.unlink(missing_ok=True)


def test_a_later_run_sweeps_the_private_folders_of_killed_runs():
    dead = Path(tempfile.mkdtemp(prefix=f"ocop-batch-{_dead_tag()}-"))
    (dead / "workbook-0.pickle").write_bytes(b"left by a killed batch")
    alive = Path(tempfile.mkdtemp(prefix=f"ocop-run-{owner_tag()}-"))
    other = Path(tempfile.mkdtemp(prefix="ocop-run-unrelated-"))  # no owner in the name
    mine = None
    try:
        mine = private_folder()
        assert not dead.exists()
        assert alive.exists() and other.exists() and mine.exists()
        assert mine.stat().st_mode & 0o777 == 0o700
    finally:
        for folder in (dead, alive, other, mine):
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)


def test_a_later_run_sweeps_the_work_folders_of_killed_runs(tmp_path):
    dead, live = _dead_tag(), owner_tag()
    year = tmp_path
    (year / "tinh").mkdir()
    (year / "tinh" / "report.html").write_text("good")
    (year / f".tinh.tmp-{dead}-x").mkdir()
    (year / f".tinh.old-{dead}-y").mkdir()  # an older copy, the new one in place
    (year / f".ly-son.old-{dead}-z").mkdir()  # moved aside, never replaced: put back
    (year / f".ly-son.old-{dead}-z" / "report.html").write_text("previous")
    (year / f".tu-nghia.tmp-{live}-w").mkdir()  # a run in progress
    sweep_work(year)
    assert sorted(p.name for p in year.iterdir()) == sorted(
        ["tinh", "ly-son", f".tu-nghia.tmp-{live}-w"]
    )
    assert (year / "ly-son" / "report.html").read_text() == "previous"
    assert (year / "tinh" / "report.html").read_text() == "good"


# -- item 7: stopped and killed runs ----------------------------------------------------


def _start_report(out: Path, *extra) -> subprocess.Popen:
    return subprocess.Popen(
        [*OCOP, "report", "--output-dir", str(out), "--formats", "html,xlsx", *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(check, seconds=120.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("timed out")


def _kernels_of(pid: int) -> list[psutil.Process]:
    try:
        family = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    return [p for p in family if "ipykernel" in " ".join(p.cmdline())]


def _gone(procs, seconds=20.0) -> bool:
    _, alive = psutil.wait_procs(procs, timeout=seconds)
    return not alive


def _previous_output(out: Path, province: Path) -> dict:
    target = out / "quang-ngai" / "2024" / "tinh"
    shutil.copytree(province, target)
    return {p.name: p.read_bytes() for p in target.iterdir()}


def _litter(out: Path, pid: int) -> list[str]:
    year = out / "quang-ngai" / "2024"
    left = [p.name for p in year.iterdir() if p.name.startswith(".")]
    return left + [p.name for p in TMP.glob(f"ocop-run-{pid}.*")]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_report_leaves_no_litter_and_keeps_the_previous_output(province, tmp_path, sig):
    out = tmp_path / "out"
    before = _previous_output(out, province)
    year = out / "quang-ngai" / "2024"
    run = _start_report(out)
    _wait_for(lambda: _kernels_of(run.pid) and list(year.glob(".tinh.tmp-*")))
    kernels = _kernels_of(run.pid)
    run.send_signal(sig)
    _, err = run.communicate(timeout=120)
    assert run.returncode != 0
    assert "Traceback" not in err, err
    assert _litter(out, run.pid) == []
    assert {p.name: p.read_bytes() for p in (year / "tinh").iterdir()} == before
    assert _gone(kernels), "the report's kernel outlived it"


def test_a_killed_report_is_swept_by_the_next_run(province, tmp_path):
    out = tmp_path / "out"
    before = _previous_output(out, province)
    year = out / "quang-ngai" / "2024"
    run = _start_report(out)
    _wait_for(lambda: _kernels_of(run.pid) and list(year.glob(".tinh.tmp-*")))
    kernels = _kernels_of(run.pid)
    run.kill()
    run.communicate(timeout=60)
    assert list(year.glob(".tinh.tmp-*")), "nothing to sweep: the test killed too late"
    assert _gone(kernels, 30), "the kernel of a killed run outlived it"
    again = ocop("report", "--output-dir", out, "--formats", "html,xlsx")
    assert again.returncode == 0, again.stderr
    assert _litter(out, run.pid) == []
    assert {p.name for p in (year / "tinh").iterdir()} >= {"report.html", "tables.xlsx"}
    assert (year / "tinh" / "report.html").read_bytes() == before["report.html"]


# -- item 7: where the report cannot be written ------------------------------------------


@pytest.mark.parametrize("where", ["/dev/null", "a-file/sub"])
def test_an_output_place_that_is_not_a_folder_is_refused(tmp_path, where):
    (tmp_path / "a-file").write_text("not a folder")
    place = where if where.startswith("/") else str(tmp_path / where)
    for args in (["report"], ["batch", "--years", "2024", "--scopes", "Lý Sơn"]):
        run = ocop(*args, "--output-dir", place, "--formats", "html")
        assert run.returncode == 2, (args, run.stderr)
        assert "Traceback" not in run.stderr
        assert "output_dir" in run.stderr and place in run.stderr
        assert "is not a folder" in run.stderr
    assert (tmp_path / "a-file").read_text() == "not a folder"


def test_an_output_folder_that_cannot_be_written_is_refused(tmp_path, monkeypatch):
    from ocoplib.cli import main

    out = tmp_path / "out"
    out.mkdir()
    real = os.access
    # as for a user without write permission (the tests run as root, who has it everywhere)
    denied = lambda p, m, **k: not (Path(p) == out and m & os.W_OK) and real(p, m, **k)  # noqa: E731
    monkeypatch.setattr(os, "access", denied)
    run = CliRunner().invoke(main, ["report", "--output-dir", str(out), "--formats", "html"])
    assert run.exit_code == 2, run.output
    assert "cannot be written to" in run.output and str(out) in run.output
    assert list(out.iterdir()) == []


def test_a_full_disk_ends_in_one_line_and_keeps_the_previous_output(
    province, tmp_path, monkeypatch
):
    from ocoplib.cli import main
    from ocoplib.runs import run as runs

    out = tmp_path / "out"
    before = _previous_output(out, province)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(runs, "execute", full)
    run = CliRunner().invoke(main, ["report", "--output-dir", str(out), "--formats", "html"])
    assert run.exit_code == 1, run.output
    assert isinstance(run.exception, SystemExit)
    assert "could not write the report" in run.output and "No space left on device" in run.output
    year = out / "quang-ngai" / "2024"
    assert sorted(p.name for p in year.iterdir()) == ["tinh"]
    assert {p.name: p.read_bytes() for p in (year / "tinh").iterdir()} == before


# -- item 7: ocop verify on a broken results.json ----------------------------------------


def _provenance(province: Path) -> dict:
    return json.loads((province / "results.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "case",
    ["not json", "no provenance", "empty inputs", "inputs a dict", "parameters a list",
     "year a text", "packages a list", "bare input path", "not an object"],
)  # fmt: skip
def test_verify_refuses_a_broken_results_json(province, tmp_path, case):
    record = _provenance(province)
    p = record["provenance"]
    key = {
        "no provenance": "provenance",
        "empty inputs": "provenance.inputs",
        "inputs a dict": "provenance.inputs",
        "parameters a list": "provenance.parameters",
        "year a text": "provenance.parameters.year",
        "packages a list": "provenance.packages",
        "bare input path": "provenance.inputs[0].path",
        "not an object": "provenance",
    }.get(case)
    if case == "no provenance":
        del record["provenance"]
    elif case == "empty inputs":
        p["inputs"] = []
    elif case == "inputs a dict":
        p["inputs"] = {"path": "data/quang-ngai/ocop.xlsx"}
    elif case == "parameters a list":
        p["parameters"] = ["quang-ngai", 2024]
    elif case == "year a text":
        p["parameters"]["year"] = "2024"
    elif case == "packages a list":
        p["packages"] = ["pandas"]
    elif case == "bare input path":
        p["inputs"][0]["path"] = "ocop.xlsx"
    elif case == "not an object":
        record = [record]
    folder = tmp_path / "tinh"
    shutil.copytree(province, folder)
    text = "{not json" if case == "not json" else json.dumps(record)
    (folder / "results.json").write_text(text, encoding="utf-8")
    run = ocop("verify", folder)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert str(folder / "results.json") in run.stderr
    if key:
        assert key in run.stderr
    else:
        assert "is not JSON" in run.stderr


# -- item 7: a killed batch ---------------------------------------------------------------

BATCH = ["batch", "--years", "2024", "--scopes", "Lý Sơn", "--formats", "html"]


@pytest.mark.parametrize("victim", ["batch", "worker"])
def test_a_killed_batch_keeps_the_good_output_and_leaves_nothing(tmp_path, victim):
    out = tmp_path / "out"
    year = out / "quang-ngai" / "2024"
    first = ocop(*BATCH, "--output-dir", out)
    assert first.returncode == 0, first.stderr
    before = (year / "ly-son" / "report.html").read_bytes()
    run = subprocess.Popen(
        [*OCOP, *BATCH, "--output-dir", str(out), "--force"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_for(lambda: _kernels_of(run.pid) and list(year.glob(".ly-son.tmp-*")))
    family = psutil.Process(run.pid).children(recursive=True)
    worker = _kernels_of(run.pid)[0].parent()  # the worker process running the report
    assert worker.pid != run.pid and "multiprocessing" in " ".join(worker.cmdline())
    handed = list(TMP.glob(f"ocop-batch-{run.pid}.*"))  # the batch's private folder
    assert handed and handed[0].stat().st_mode & 0o777 == 0o700
    (worker if victim == "worker" else psutil.Process(run.pid)).kill()
    _, err = run.communicate(timeout=300)
    assert run.returncode != 0
    assert "Traceback" not in err, err
    assert _gone(family, 120), "a worker or kernel of the killed batch outlived it"
    assert (year / "ly-son" / "report.html").read_bytes() == before
    again = ocop(*BATCH, "--output-dir", out, "--force")
    assert again.returncode == 0, again.stderr
    assert [p.name for p in year.iterdir() if p.name.startswith(".")] == []
    assert not handed[0].exists()
    assert (year / "ly-son" / "report.html").read_bytes() == before
