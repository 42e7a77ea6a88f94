"""``ocop lab``: JupyterLab on the repository, whose saves of notebooks/
never dirty it. The server is started as ``ocop lab`` starts it, in a clone
of this checkout (never the checkout itself), and driven through Jupyter's
REST API, a Lab terminal and, where Chromium is installed, Lab itself."""

from __future__ import annotations

import copy
import importlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
import requests
from click.testing import CliRunner
from conftest import OCOP, ROOT

from ocoplib.runs.notebooks import cleaned

#: The module (the package binds the name ``lab`` to the command).
lab_cli = importlib.import_module("ocoplib.cli.lab")

NOTEBOOK = "notebooks/report.ipynb"
BIN = os.path.dirname(sys.executable)


def _git(*args, cwd):
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """A clone of this checkout as it stands: its commit, plus the changes to
    tracked files not yet committed (``git stash create`` records them without
    touching the checkout)."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    commit = _git("stash", "create", cwd=ROOT).strip() or _git("rev-parse", "HEAD", cwd=ROOT)
    clone = tmp_path_factory.mktemp("lab") / "repo"
    _git("clone", "--quiet", "--shared", "--no-checkout", str(ROOT), str(clone), cwd=ROOT)
    _git("-c", "advice.detachedHead=false", "checkout", "--quiet", commit.strip(), cwd=clone)
    assert _git("status", "--porcelain", cwd=clone) == ""
    return clone


@pytest.fixture(scope="module")
def server(repo, tmp_path_factory):
    """``ocop lab --no-browser --port P --IdentityProvider.token T`` from the
    clone, with no user Jupyter configuration and this environment's bin
    folder off PATH (``ocop lab`` must put it back for Lab's terminal)."""
    home = tmp_path_factory.mktemp("home")
    port, token = _free_port(), secrets.token_hex(16)
    path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and p != BIN]
    env = {
        **os.environ,
        "PATH": os.pathsep.join(path),
        "JUPYTER_CONFIG_DIR": str(home / "config"),  # an empty ~/.jupyter
        # Nothing of the run lands in the user's home folder.
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "IPYTHONDIR": str(home / "ipython"),
        "HISTFILE": os.devnull,
    }
    args = ["lab", "--no-browser", f"--port={port}", f"--IdentityProvider.token={token}"]
    args.append("--LabApp.expose_app_in_browser=True")  # window.jupyterapp, for the browser test
    args.append("--ServerApp.port_retries=0")  # the port asked for, or fail
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    log = (home / "lab.log").open("w+")
    proc = subprocess.Popen([*OCOP, *args], cwd=repo, env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    session = requests.Session()
    session.headers["Authorization"] = f"token {token}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                log.seek(0)
                pytest.fail(f"ocop lab exited with {proc.returncode}:\n{log.read()}")
            try:
                if session.get(f"{url}/api/status", timeout=5).ok:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "JupyterLab did not answer within 120 s"
            time.sleep(0.5)
        yield url, session, token, log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _read(path):
    """A notebook on disk, its sources and texts joined as Lab has them."""
    return nbformat.read(path, as_version=4)


def _get(server, path):
    url, session, *_ = server
    reply = session.get(f"{url}/api/contents/{path}", params={"content": 1})
    assert reply.status_code == 200, reply.text
    return reply.json()["content"]


def _put(server, path, content):
    url, session, *_ = server
    reply = session.put(
        f"{url}/api/contents/{path}",
        json={"type": "notebook", "format": "json", "content": content},
    )
    assert reply.status_code in (200, 201), reply.text
    return reply.json()


def _as_lab_leaves_it(content):
    """The notebook after a working session in Lab: every code cell run, with
    outputs and timings, the kernelspec of the kernel in use, widget state."""
    worked = copy.deepcopy(content)
    for n, cell in enumerate(worked["cells"], start=1):
        if cell["cell_type"] == "code":
            cell["execution_count"] = n
            cell["outputs"] = [
                {"output_type": "stream", "name": "stdout", "text": f"kết quả {n}\n"},
                {
                    "output_type": "execute_result",
                    "execution_count": n,
                    "data": {"text/plain": "730 KB of figures"},
                    "metadata": {},
                },
            ]
            cell["metadata"]["execution"] = {"iopub.status.idle": "2026-01-01T00:00:00Z"}
            cell["metadata"]["scrolled"] = True
    worked["metadata"]["kernelspec"]["display_name"] = "Python 3 (ocop)"
    worked["metadata"]["language_info"] = {"name": "python", "version": "3.11.7"}
    worked["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    return worked


def _restore(repo):
    """The clone as cloned: what a test saved, and Lab's checkpoints, removed."""
    _git("checkout", "--", ".", cwd=repo)
    _git("clean", "-fdxq", cwd=repo)


def test_lab_serves_the_repository_and_opens_the_report(server, repo):
    url, session, token, _ = server
    root = session.get(f"{url}/api/contents/", params={"content": 1}).json()
    assert {"notebooks", "data", "ocoplib", "jupyter"} <= {i["name"] for i in root["content"]}
    text = session.get(f"{url}/api/contents/data/quang-ngai/2024/bao_cao.md").json()
    assert text["type"] == "file" and text["content"]  # the analyst's text opens beside it
    landing = session.get(url, allow_redirects=False)
    assert landing.headers["Location"].startswith("/lab/tree/notebooks/report.ipynb")
    # The token given on the command line is the one the server asks for.
    assert requests.get(f"{url}/api/status", params={"token": "wrong"}).status_code == 403


def test_saving_with_outputs_leaves_the_committed_file_unchanged(server, repo):
    committed = (repo / NOTEBOOK).read_bytes()
    worked = _as_lab_leaves_it(_get(server, NOTEBOOK))
    try:
        reply = _put(server, NOTEBOOK, worked)
        # The reply carries no content: the open notebook keeps its outputs.
        assert reply["content"] is None
        on_disk = _read(repo / NOTEBOOK)
        code = [c for c in on_disk["cells"] if c["cell_type"] == "code"]
        assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)
        assert on_disk["metadata"] == nbformat.reads(committed.decode(), as_version=4)["metadata"]
        assert all("execution" not in c["metadata"] for c in on_disk["cells"])
        assert (repo / NOTEBOOK).read_bytes() == committed
        assert _git("status", "--porcelain", cwd=repo) == ""
        # The checkpoint Lab made on that first save is clean too.
        checkpoint = repo / "notebooks" / ".ipynb_checkpoints" / "report-checkpoint.ipynb"
        assert checkpoint.read_bytes() == committed
    finally:
        _restore(repo)


def test_an_edit_is_saved_without_outputs(server, repo):
    committed = _read(repo / NOTEBOOK)
    worked = _as_lab_leaves_it(_get(server, NOTEBOOK))
    note = next(c for c in worked["cells"] if c["cell_type"] == "markdown")
    note["source"] += "\n\nGhi chú mới của chuyên viên."
    params = next(c for c in worked["cells"] if "parameters" in c["metadata"].get("tags", []))
    params["source"] = params["source"].replace("year = 2024", "year = 2025")
    params["metadata"]["tags"].append("xem-lai")  # the analyst's tag
    try:
        _put(server, NOTEBOOK, worked)
        on_disk = _read(repo / NOTEBOOK)
        by_id = {c["id"]: c for c in on_disk["cells"]}
        assert by_id[note["id"]]["source"].endswith("Ghi chú mới của chuyên viên.")
        assert "year = 2025" in by_id[params["id"]]["source"]
        assert by_id[params["id"]]["metadata"] == {"tags": ["parameters", "xem-lai"]}
        assert all(c.get("outputs", []) == [] for c in on_disk["cells"])
        assert all(c.get("execution_count") is None for c in on_disk["cells"])
        assert on_disk["metadata"] == committed["metadata"]
        changed = _git("status", "--porcelain", cwd=repo).splitlines()
        assert changed == [f" M {NOTEBOOK}"]
        diff = _git("diff", "--unified=0", cwd=repo)
        assert "outputs" not in diff and "kernelspec" not in diff and "execution" not in diff
    finally:
        _restore(repo)


def test_a_new_notebook_under_notebooks_is_saved_clean(server, repo):
    worked = _as_lab_leaves_it(_get(server, NOTEBOOK))
    try:
        _put(server, "notebooks/thu.ipynb", worked)
        on_disk = _read(repo / "notebooks" / "thu.ipynb")
        assert all(c.get("outputs", []) == [] for c in on_disk["cells"])
        assert "widgets" not in on_disk["metadata"]
        assert on_disk["metadata"]["kernelspec"]["display_name"] == "Python 3 (ocop)"
    finally:
        _restore(repo)


@pytest.mark.parametrize("path", ["nhap.ipynb", "data/nhap.ipynb", "notebooks-cu/nhap.ipynb"])
def test_a_notebook_outside_notebooks_keeps_its_outputs(server, repo, path):
    worked = _as_lab_leaves_it(_get(server, NOTEBOOK))
    (repo / path).parent.mkdir(exist_ok=True)
    try:
        _put(server, path, worked)
        on_disk = _read(repo / path)
        code = [c for c in on_disk["cells"] if c["cell_type"] == "code"]
        worked_code = [c for c in worked["cells"] if c["cell_type"] == "code"]
        assert [c["outputs"] for c in code] == [c["outputs"] for c in worked_code]
        assert [c["execution_count"] for c in code] == [c["execution_count"] for c in worked_code]
        assert code[0]["outputs"][0]["text"] == "kết quả 2\n"
        assert on_disk["metadata"] == worked["metadata"]
    finally:
        _restore(repo)


def test_lab_terminal_has_the_environment_first_on_its_path(server):
    import websocket

    url, session, token, _ = server
    name = session.post(f"{url}/api/terminals").json()["name"]
    ws = websocket.create_connection(
        f"ws{url[4:]}/terminals/websocket/{name}?token={token}", timeout=30
    )
    try:
        ws.send(json.dumps(["stdin", "command -v ocop; echo DONE$((40+2))\r"]))
        seen, deadline = "", time.monotonic() + 30
        while "DONE42" not in seen and time.monotonic() < deadline:
            message = json.loads(ws.recv())
            if message[0] == "stdout":
                seen += message[1]
    finally:
        ws.close()
        session.delete(f"{url}/api/terminals/{name}")
    assert "DONE42" in seen, seen
    assert os.path.join(BIN, "ocop") in seen, seen


CHROMIUM = next(
    (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)),
    None,
)


class _Browser:
    """Headless Chromium driven through the DevTools protocol."""

    def __init__(self, profile: Path):
        import websocket

        port = _free_port()
        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu",
             f"--remote-debugging-port={port}", f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            try:
                pages = requests.get(f"http://127.0.0.1:{port}/json", timeout=5).json()
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "Chromium did not start"
                time.sleep(0.5)
        page = next(p for p in pages if p["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=120)
        self.ids = 0
        self.call("Emulation.setFocusEmulationEnabled", enabled=True)

    def call(self, method, **params):
        self.ids += 1
        self.ws.send(json.dumps({"id": self.ids, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.ids:
                return message["result"]

    def js(self, expression):
        found = self.call(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        assert "exceptionDetails" not in found, found
        return found["result"].get("value")

    def wait(self, expression, seconds=120):
        deadline = time.monotonic() + seconds
        while self.js(expression) is not True:
            assert time.monotonic() < deadline, f"not within {seconds} s: {expression}"
            time.sleep(0.5)

    def close(self):
        self.ws.close()
        self.proc.terminate()
        self.proc.wait(timeout=30)


#: The open notebook in Lab, and what its model holds.
_PANEL = "Array.from(jupyterapp.shell.widgets('main')).find(w => w.context)"
_OUTPUTS = "W.context.model.toJSON().cells.reduce((n, c) => n + (c.outputs || []).length, 0)"


@pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium")
def test_running_and_saving_in_lab_leaves_outputs_in_the_browser_only(server, repo, tmp_path):
    """The analyst's loop in a real Lab: open the report (Lab rewrites its
    kernelspec and language_info), run every cell, tag a cell, hide outputs,
    save: the file changes by the tag alone and the page keeps its outputs."""
    url, _, token, _ = server
    committed = _read(repo / NOTEBOOK)
    browser = _Browser(tmp_path / "profile")
    try:
        browser.call("Page.navigate", url=f"{url}/lab/tree/{NOTEBOOK}?token={token}")
        browser.wait(f"!!(window.jupyterapp && {_PANEL} && {_PANEL}.context.isReady)")
        browser.js(f"window.W = {_PANEL}; jupyterapp.shell.activateById(W.id); true")
        browser.wait("W.sessionContext.session?.kernel?.status === 'idle'")
        browser.js("jupyterapp.commands.execute('notebook:run-all-cells').then(() => true)")
        browser.wait(
            "W.context.model.toJSON().cells.every(c => c.cell_type !== 'code' ||"
            " c.execution_count !== null) && W.sessionContext.session.kernel.status === 'idle'",
            seconds=300,
        )
        assert browser.js(_OUTPUTS) > 0
        browser.js(
            "const cell = W.content.model.cells.get(1);"
            "cell.setMetadata('tags', [...cell.getMetadata('tags'), 'xem-lai']); true"
        )
        browser.js(
            "jupyterapp.commands.execute('notebook:select-all')"
            ".then(() => jupyterapp.commands.execute('notebook:hide-all-cell-outputs'))"
            ".then(() => jupyterapp.commands.execute('docmanager:save')).then(() => true)"
        )
        browser.wait("W.context.model.dirty === false")
        shown = browser.js(_OUTPUTS)
    finally:
        browser.close()
    try:
        assert shown > 0  # the page still shows what the run made
        on_disk = _read(repo / NOTEBOOK)
        expected = copy.deepcopy(committed)
        expected.cells[1].metadata.tags.append("xem-lai")
        assert on_disk == expected
        assert _git("status", "--porcelain", cwd=repo).splitlines() == [f" M {NOTEBOOK}"]
    finally:
        _restore(repo)


def test_the_hook_leaves_a_clean_notebook_as_it_is():
    committed = json.loads((ROOT / NOTEBOOK).read_text(encoding="utf-8"))
    assert cleaned(copy.deepcopy(committed), committed) == committed
    worked = _as_lab_leaves_it(committed)
    worked["cells"][0]["metadata"]["jupyter"] = {"source_hidden": True}
    assert cleaned(worked, committed) == committed


def test_the_command_passes_its_arguments_to_jupyterlab(tmp_path):
    argv, env = lab_cli.lab_command(tmp_path, ("--no-browser", "--port=8899", "--x", "y"))
    assert argv == [sys.executable, "-m", "jupyterlab", "--no-browser", "--port=8899", "--x", "y"]
    assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0] == str(tmp_path / "jupyter")
    assert env["PATH"].split(os.pathsep)[0] == BIN


def test_the_repository_is_found_from_a_folder_inside_it(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / NOTEBOOK).write_text("{}", encoding="utf-8")
    assert lab_cli.repository_root(tmp_path / "notebooks") == tmp_path.resolve()
    assert lab_cli.repository_root(tmp_path) == tmp_path.resolve()


def test_no_repository_is_told_in_vietnamese(tmp_path, monkeypatch):
    from ocoplib.base import i18n
    from ocoplib.cli import main

    # --lang sets the language of this process: put it back afterwards.
    monkeypatch.setattr(i18n, "_active", i18n._active)
    monkeypatch.setenv(i18n.ENV, os.environ.get(i18n.ENV, "en"))
    monkeypatch.setattr(lab_cli, "repository_root", lambda: None)
    monkeypatch.chdir(tmp_path)
    run = CliRunner().invoke(main, ["lab", "--lang", "vi", "--no-browser"])
    assert run.exit_code == 2
    assert "không thấy notebooks/report.ipynb" in run.output
    assert "hãy chạy ocop lab trong thư mục dự án" in run.output


def test_lab_help_is_vietnamese_by_default():
    env = {k: v for k, v in os.environ.items() if k != "OCOP_LANG"}
    vi = subprocess.run(
        [*OCOP, "lab", "--help"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert vi.returncode == 0, vi.stderr
    assert "Cách dùng: ocop lab" in vi.stdout
    assert "Khởi động JupyterLab tại thư mục dự án" in vi.stdout
    assert "Start JupyterLab" not in vi.stdout
    en = subprocess.run(
        [*OCOP, "lab", "--lang", "en", "--help"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Start JupyterLab on the repository" in en.stdout
