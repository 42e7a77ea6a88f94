"""``ocop preview``: the official HTML served on 127.0.0.1, rendered again when
bao_cao.md changes and reloaded by the open page itself (in headless
Chromium), a broken front matter shown on the page over the last good
render; and ``Report.render_official``, the notebook's way to the official
HTML and PDF. Everything runs on a copy of the sample's data."""

import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest
from conftest import OCOP, ROOT
from test_index import FLAGS, Browser, find_chromium

from ocoplib.runs.previewpage import BANNER_ID, SCRIPT_ID, Shown, decorate, explain
from ocoplib.runs.run import Failure, RunError

#: A sentence of the sample's opening, and the one the test writes in front of it.
OPENING = "Thực hiện Công văn số 5164"
NEW = "Câu này vừa được thêm để thử bản xem trước."
#: Generous: a render takes a few seconds, more when other work shares the machine.
WAIT = 180


def wait_for(what, timeout: float = WAIT, every: float = 0.25):
    """``what()`` once it is truthy; fails after ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while True:
        value = what()
        if value:
            return value
        if time.monotonic() > end:
            pytest.fail(f"still not true after {timeout} s: {what.__doc__ or what}")
        time.sleep(every)


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as reply:
        return reply.read().decode("utf-8")


def state(url: str) -> dict:
    return json.loads(fetch(url + "__version"))


def vietnamese_env() -> dict:
    """The environment of a command as users run it: Vietnamese (the suite sets English)."""
    return {k: v for k, v in os.environ.items() if k != "OCOP_LANG"}


class Server:
    """``ocop preview --port 0`` on a copy of the data, read as it runs."""

    def __init__(self, data: Path, log: Path):
        self.log = log
        self.process = subprocess.Popen(
            [*OCOP, "preview", "--data-dir", str(data), "--port", "0"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=log.open("w"),
            text=True,
            env=vietnamese_env(),
        )
        ready, _, _ = select.select([self.process.stdout], [], [], WAIT)
        line = self.process.stdout.readline() if ready else ""
        assert "http://127.0.0.1:" in line, (line, self.stderr())
        self.url = line[line.index("http://") :].strip()
        # "(… renders go to /tmp/ocop-preview-…, …)": the private folder
        folder = wait_for(lambda: [w for w in self.stderr().split() if "ocop-preview-" in w], 30)
        self.folder = Path(folder[0].rstrip(",)"))

    def stderr(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    root = tmp_path_factory.mktemp("preview-data")
    shutil.copytree(ROOT / "data" / "quang-ngai", root / "quang-ngai")
    return root


@pytest.fixture(scope="module")
def server(data, tmp_path_factory):
    running = Server(data, tmp_path_factory.mktemp("preview-log") / "stderr.txt")
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def browser():
    path, why = find_chromium()
    if path is None:
        pytest.skip(why)
    page = Browser(path)
    yield page
    page.close()


def dump_dom(url: str) -> str:
    """The page as headless Chromium has it once loaded (a browser of its own)."""
    path, why = find_chromium()
    if path is None:
        pytest.skip(why)
    run = subprocess.run(
        [path, *FLAGS, "--virtual-time-budget=3000", "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


def shows(browser, text: str) -> bool:
    """The open page's text has ``text`` (False while it reloads)."""
    return browser.js(
        f"document.body !== null && document.body.innerText.includes({json.dumps(text)})"
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- the server ---------------------------------------------------------------------
def test_serves_the_report_on_127_0_0_1_only(server):
    assert server.url.startswith("http://127.0.0.1:")
    wait_for(lambda: state(server.url)["ready"])
    page = fetch(server.url)
    assert OPENING in page
    assert "VĂN PHÒNG ĐIỀU PHỐI" in page  # the letterhead
    assert SCRIPT_ID in page and BANNER_ID not in page
    # The served copy carries the reload script; the render's own file does not.
    written = (server.folder / "quang-ngai" / "2024" / "tinh" / "report.html").read_text("utf-8")
    assert OPENING in written and "<script" not in written
    # Bound to 127.0.0.1, not to every address: another loopback address is refused.
    port = int(server.url.rstrip("/").rsplit(":", 1)[1])
    with pytest.raises(OSError), socket.create_connection(("127.0.0.2", port), timeout=5):
        pass
    with pytest.raises(urllib.error.HTTPError) as missing:
        fetch(server.url + "../../etc/passwd")
    assert missing.value.code == 404


def test_the_page_in_chromium_has_the_report(server):
    wait_for(lambda: state(server.url)["ready"])
    dom = dump_dom(server.url)
    assert OPENING in dom and "VĂN PHÒNG ĐIỀU PHỐI" in dom


def test_an_edit_of_bao_cao_md_reaches_the_open_page(server, data, browser):
    wait_for(lambda: state(server.url)["ready"])
    browser.open(server.url)
    assert shows(browser, OPENING)
    assert not shows(browser, NEW)
    edited = time.monotonic()
    edit(data / "quang-ngai" / "2024" / "bao_cao.md", OPENING, f"{NEW} {OPENING}")

    def reloaded_itself():
        """the open page (never navigated again) shows the new sentence"""
        return shows(browser, NEW)

    wait_for(reloaded_itself)
    seconds = time.monotonic() - edited
    print(f"the open page showed the edit after {seconds:.1f} s")
    assert NEW in fetch(server.url)
    assert NEW in dump_dom(server.url)
    assert server.process.poll() is None  # the same command, never restarted
    assert "Traceback" not in server.stderr()


def test_a_broken_front_matter_is_shown_over_the_last_good_render(server, data, browser):
    text = data / "quang-ngai" / "2024" / "bao_cao.md"
    wait_for(lambda: NEW in fetch(server.url))
    browser.open(server.url)
    edit(text, "\nthang: 11\n", "\nthang: 11: 12\n")  # line 9 of the file

    def banner_shown():
        """the open page shows the error banner"""
        return browser.js(f"document.getElementById({json.dumps(BANNER_ID)}) !== null")

    wait_for(banner_shown)
    banner = browser.js(f"document.getElementById({json.dumps(BANNER_ID)}).innerText")
    assert str(text) in banner and "dòng 9" in banner, banner
    assert "thang: 11: 12" in banner and "cú pháp YAML" in banner
    assert "lỗi trong dữ liệu đầu vào" in banner  # Vietnamese, the users' default
    # The last good render stays under the banner.
    assert shows(browser, NEW)
    page = fetch(server.url)
    assert BANNER_ID in page and NEW in page and "dòng 9" in page
    assert "dòng 9" in server.stderr()  # and the console says the same

    edit(text, "\nthang: 11: 12\n", "\nthang: 11\n")

    def banner_gone():
        """the banner is gone from the open page"""
        return browser.js(f"document.getElementById({json.dumps(BANNER_ID)}) === null")

    wait_for(banner_gone)
    assert shows(browser, NEW)
    assert BANNER_ID not in fetch(server.url)
    assert state(server.url)["ok"]


def test_ctrl_c_stops_cleanly(server):
    kernels = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(server.process.pid)], capture_output=True, text=True
    ).stdout.split()
    assert kernels, "the preview keeps a warm kernel"
    assert server.stop() == 0
    log = server.stderr()
    assert "Traceback" not in log and "Đã dừng xem trước." in log
    assert not server.folder.exists()
    time.sleep(1)
    assert not [pid for pid in kernels if Path(f"/proc/{pid}").exists()]


# -- what stops it before it serves ------------------------------------------------------
def test_a_bad_scope_exits_2_before_serving(data):
    run = subprocess.run(
        [*OCOP, "preview", "--data-dir", str(data), "--scope", "huyện Không Có", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 2, run.stderr
    assert "http://" not in run.stdout
    assert "Không Có" in run.stderr


def test_a_port_in_use_exits_2(data):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run(
            [*OCOP, "preview", "--data-dir", str(data), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert run.returncode == 2, run.stderr
    assert f"port {port}" in run.stderr and "--port" in run.stderr


# -- the page's parts, without a server --------------------------------------------------
def test_a_failed_notebook_names_the_notebook_and_cell(tmp_path):
    notebook = tmp_path / "report.ipynb"
    exc = RunError("tinh", "cell 7 (execution 4) raised ValueError: no such unit", cell=7)
    title, lines, hint = explain(exc, tmp_path, notebook)
    assert str(notebook) in title and lines == [exc.message] and "JupyterLab" in hint
    renderer = RunError("tinh", "the renderer failed: bad", kind=Failure.RENDERER)
    assert "HTML" in explain(renderer, tmp_path, notebook)[0]


def test_the_banner_goes_first_in_the_body_and_the_script_last():
    page = "<html><body class='x'><p>báo cáo</p></body></html>"
    shown = decorate(page, 3, "<div id='b'>lỗi</div>")
    assert shown.index("<body class='x'>") < shown.index("lỗi") < shown.index("báo cáo")
    assert shown.index("báo cáo") < shown.index(SCRIPT_ID) < shown.index("</body>")
    assert "var shown = 3" in shown


def test_what_is_shown_changes_version_with_each_render(tmp_path):
    (tmp_path / "report.html").write_text("<body>một</body>", encoding="utf-8")
    shown = Shown()
    assert not shown.state()["ready"] and SCRIPT_ID in shown.page("report.html")
    shown.publish(tmp_path)
    assert shown.state() == {"version": 1, "rendering": False, "ok": True, "ready": True}
    shown.fail("<div>hỏng</div>")
    assert shown.state()["version"] == 2 and not shown.state()["ok"]
    assert "hỏng" in shown.page("report.html") and "một" in shown.page("report.html")
    assert shown.page("nothing.html") is None


# -- from the notebook ---------------------------------------------------------------------
@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder as the notebook sees it: data/, and notebooks/ its working folder."""
    shutil.copytree(ROOT / "data" / "quang-ngai", tmp_path / "data" / "quang-ngai")
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    return tmp_path


def test_render_official_writes_html_and_pdf_into_outputs_and_links_them(project):
    from pypdf import PdfReader

    from ocoplib.report import Report

    report = Report.open(data_dir="../data")
    done = report.render_official()
    assert done.ok, done.message
    folder = project / "outputs" / "quang-ngai" / "2024" / "tinh"
    assert done.folder == folder
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert OPENING in html
    assert "<script" not in html and SCRIPT_ID not in html  # no reload script in the official copy
    pdf = PdfReader(folder / "report.pdf")
    assert len(pdf.pages) > 3 and "5164" in pdf.pages[0].extract_text()
    links = done.links()
    assert links["report.html"] == "../outputs/quang-ngai/2024/tinh/report.html"
    assert links["report.pdf"] == "../outputs/quang-ngai/2024/tinh/report.pdf"
    for name, href in links.items():
        assert (Path.cwd() / href).resolve() == folder / name
    shown = done._repr_html_()
    assert 'href="../outputs/quang-ngai/2024/tinh/report.pdf"' in shown
    assert str(folder / "report.pdf") in shown  # the absolute path too
    assert done.command[:2] == ("ocop", "report") and "html,pdf" in done.command


def test_render_official_shows_the_error_and_writes_nothing(project):
    from ocoplib.report import Report

    report = Report.open(data_dir="../data")
    (project / "data" / "quang-ngai" / "2024" / "bao_cao.md").unlink()
    done = report.render_official()
    assert not done.ok and done.returncode == 2
    assert "bao_cao.md" in done.message
    assert "bao_cao.md" in done._repr_html_()
    assert not (project / "outputs" / "quang-ngai" / "2024").exists()


def test_render_official_is_skipped_inside_an_ocop_run(project, monkeypatch):
    from ocoplib.report import Report
    from ocoplib.report.official import GUARD

    monkeypatch.setenv(GUARD, "1")
    done = Report.open(data_dir="../data").render_official()
    assert not done.ok and done.returncode is None
    assert not (project / "outputs").exists()


def test_the_notebook_cell_is_skipped_when_ocop_runs_the_notebook(project):
    """The cell the notebook gains (tagged skip-execution) never runs in ``ocop report``."""
    from ocoplib.base.params import parse_params
    from ocoplib.runs.run import handed_over, prepare, render_report

    nb = nbformat.read(ROOT / "notebooks" / "report.ipynb", as_version=4)
    cell = nbformat.v4.new_code_cell("report.render_official()")
    cell.metadata["tags"] = ["skip-execution", "note"]
    nb.cells.append(cell)
    copy = project / "notebooks" / "report.ipynb"
    nbformat.write(nb, copy)
    out = project / "rendered"
    params = parse_params(data_dir=project / "data", output_dir=out, formats="html")
    report = prepare(params)
    with handed_over(report.workbook) as workbook_file:
        folder = render_report(
            params,
            "tinh",
            report.target.title,
            say=lambda _: None,
            notebook=copy,
            workbook_file=workbook_file,
        )
    executed = nbformat.read(folder / "report.ipynb", as_version=4)
    assert executed.cells[-1].source == "report.render_official()"
    assert executed.cells[-1].outputs == []
    assert not (project / "outputs").exists()  # no official render was started
    assert "render_official" not in (folder / "report.html").read_text(encoding="utf-8")


def test_the_package_runs_the_command_with_this_python():
    from ocoplib.report.official import _MAIN

    run = subprocess.run(
        [sys.executable, "-c", _MAIN, "--lang", "en", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0 and "Usage: ocop" in run.stdout
