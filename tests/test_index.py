"""outputs/index.html: every run grouped by province and year with status,
figures, links and failures; self-contained, escaped, and sortable and
filterable in a real headless browser (Debian's chromium)."""

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from ocoplib.base.i18n import using
from ocoplib.batch.index import collect, groups, write_index

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> tuple[str | None, str]:
    """The browser's path, installing Debian's chromium when it is missing and
    this is root with apt-get; else None and why not."""
    for name in ("chromium", "chromium-browser"):
        if path := shutil.which(name):
            return path, ""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return (
            None,
            "chromium is not installed and cannot be installed here (needs root and apt-get)",
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        run = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
        if run.returncode != 0:
            return None, f"installing chromium failed: {' '.join(cmd)}: {run.stderr[-500:]}"
    path = shutil.which("chromium")
    return (path, "") if path else (None, "apt-get installed chromium but it is not on PATH")


class Browser:
    """One headless Chromium page, driven with DevTools commands over a pipe."""

    def __init__(self, executable: str):
        self.profile = tempfile.mkdtemp(prefix="ocop-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def plumbing():
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        self.process = subprocess.Popen(
            [
                executable,
                *FLAGS,
                f"--user-data-dir={self.profile}",
                "--remote-debugging-pipe",
                "--window-size=1400,1000",
                "about:blank",
            ],
            pass_fds=(3, 4),
            preexec_fn=plumbing,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._id = 0
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.send("Page.enable", session=True)
        self.send("Runtime.enable", session=True)

    def send(self, method: str, session: bool = False, **params) -> dict:
        self._id += 1
        message = {"id": self._id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def _read(self) -> dict:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("the browser closed the pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def open(self, url: str) -> None:
        self.send("Page.navigate", session=True, url=url)
        for _ in range(200):
            if self.js("document.readyState") == "complete":
                return
            self.js("new Promise(r => setTimeout(r, 50))", wait=True)
        raise RuntimeError(f"{url} did not finish loading")

    def js(self, expression: str, wait: bool = False):
        """Evaluate in the page; the value comes back as JSON."""
        result = self.send(
            "Runtime.evaluate",
            session=True,
            expression=expression,
            returnByValue=True,
            awaitPromise=wait,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path) -> Path:
        import base64

        data = self.send("Page.captureScreenshot", session=True, format="png")["data"]
        Path(path).write_bytes(base64.b64decode(data))
        return Path(path)

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (RuntimeError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        shutil.rmtree(self.profile, ignore_errors=True)


# -- the page, built from fabricated output folders (no report is executed) ---------
def _results(name, kind, products, new, pct, status, code="tinh"):
    return {
        "schema": "ocop-results/1",
        "province": "Quảng Ngãi",
        "year": 2024,
        "as_of": "2024-10-31",
        "scope": {"code": code, "name": name, "type": kind},
        "indicators": [
            {
                "code": "new_products",
                "description": "Sản phẩm OCOP mới",
                "unit": "sản phẩm",
                "target_min": 10,
                "target_max": None,
                "actual": new,
                "expected": None,
                "pct_of_target": pct,
                "status": status,
                "basis": None,
            }
        ],
        "totals": {"products": products, "new_products": new},
        "provenance": {"inputs": [{"path": "data/quang-ngai/ocop.xlsx", "sha256": "ab" * 32}]},
    }


def _scope(root: Path, year: int, slug: str, results: dict, files=("report.html",)):
    folder = root / "quang-ngai" / str(year) / slug
    folder.mkdir(parents=True)
    (folder / "results.json").write_text(json.dumps(results, ensure_ascii=False), "utf-8")
    (folder / "run.json").write_text(
        json.dumps(
            {
                "schema": "ocop-run/1",
                "made_at": f"{year + 1}-01-02T08:30:00+07:00",
                "inputs": [{"path": "/data/quang-ngai/ocop.xlsx", "sha256": "cd" * 32}],
            }
        ),
        "utf-8",
    )
    for name in files:
        (folder / name).write_text("x", "utf-8")
    return folder


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("index")
    _scope(
        root,
        2024,
        "tinh",
        _results("Quảng Ngãi", "Tỉnh", 204, 13, 130.0, "exceeded"),
        files=("report.html", "report.pdf", "tables.xlsx", "report.docx"),
    )
    _scope(root, 2024, "tu-nghia", _results("Tư Nghĩa", "Huyện", 30, 4, 40.0, "not_met", "528"))
    _scope(root, 2024, "ly-son", _results("Lý <Sơn>", "Huyện", 12, 1, 10.0, "not_met", "536"))
    _scope(root, 2023, "tinh", _results("Quảng Ngãi", "Tỉnh", 191, 20, 90.0, "expected_met"))
    failed = root / "quang-ngai" / "2024" / "_failed"
    failed.mkdir()
    for slug, name, kept in (("ly-son", "Lý <Sơn>", True), ("ba-to", "Ba Tơ", False)):
        (failed / f"{slug}.json").write_text(
            json.dumps(
                {
                    "schema": "ocop-failure/1",
                    "scope": {"slug": slug, "name": name, "type": "Huyện"},
                    "cell": 4,
                    "message": "cell 4 (execution 3) raised ValueError: <b>hỏng</b> & sai",
                    "notebook": f"{slug}.ipynb",
                    "failed_at": "2025-01-02T09:00:00+07:00",
                    "kept_previous": kept,
                },
                ensure_ascii=False,
            ),
            "utf-8",
        )
    (root / "quang-ngai" / "2024" / ".tinh.tmp-abc").mkdir()  # a run in progress: not listed
    with using("vi"):  # the users' language (the suite reads English otherwise)
        write_index(root)
    return root


def test_every_run_grouped_with_status_figures_links_and_failures(outputs):
    entries = {(e.year, e.slug): e for e in collect(outputs)}
    assert set(entries) == {
        (2024, "tinh"),
        (2024, "tu-nghia"),
        (2024, "ly-son"),
        (2024, "ba-to"),
        (2023, "tinh"),
    }
    assert entries[(2024, "tinh")].status == "ok"
    assert entries[(2024, "ly-son")].status == "failed_kept"
    assert entries[(2024, "ba-to")].status == "failed"
    assert [label for label, _ in entries[(2024, "tinh")].links] == ["HTML", "PDF", "XLSX", "DOCX"]
    assert entries[(2024, "ba-to")].links == []
    years = [y["year"] for g in groups(list(entries.values())) for y in g["years"]]
    assert years == [2024, 2023]


def test_the_page_is_self_contained_and_escapes_data(outputs):
    html = (outputs / "index.html").read_text(encoding="utf-8")
    assert "<b>hỏng</b>" not in html and "&lt;b&gt;hỏng&lt;/b&gt; &amp; sai" in html
    assert "Lý <Sơn>" not in html and "Lý &lt;Sơn&gt;" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<link" not in html and "@import" not in html
    assert 'href="quang-ngai/2024/tinh/report.pdf"' in html
    assert 'href="quang-ngai/2024/_failed/ly-son.ipynb"' in html
    for label in (
        "Trạng thái",
        "Hoàn thành",
        "Lỗi, giữ bản trước",
        "Sản phẩm mới",
        "Chỉ tiêu chính",
    ):
        assert label in html


# -- in a real browser --------------------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    path, why = find_chromium()
    if path is None:
        pytest.skip(why)
    page = Browser(path)
    yield page
    page.close()


SET = """(() => {{ const e = document.getElementById("{id}"); e.value = "{value}";
  e.dispatchEvent(new Event("{event}")); }})()"""
ROWS = """Array.from(document.querySelectorAll('section.year[data-year="2024"] tbody tr'))
  .filter(r => !r.hidden).map(r => r.dataset.slug)"""


def test_sorting_and_filtering_in_the_browser(outputs, browser, tmp_path):
    browser.open((outputs / "index.html").as_uri())
    assert browser.js(ROWS) == ["tinh", "ba-to", "ly-son", "tu-nghia"]
    assert browser.js("document.getElementById('shown').textContent") == "Đang hiện 5 / 5 báo cáo"
    # Click "Sản phẩm OCOP": ascending, empty last; again: descending.
    click = "document.querySelector('th[data-key=\"products\"] button').click()"
    browser.js(click)
    assert browser.js(ROWS) == ["ly-son", "tu-nghia", "tinh", "ba-to"]
    browser.js(click)
    assert browser.js(ROWS) == ["tinh", "tu-nghia", "ly-son", "ba-to"]
    assert (
        browser.js("document.querySelector('th[data-key=\"products\"]').getAttribute('aria-sort')")
        == "descending"
    )
    # Filter by text, without tone marks: only Tư Nghĩa is left, 2023 is hidden.
    browser.js(SET.format(id="q", value="tu nghia", event="input"))
    assert browser.js(ROWS) == ["tu-nghia"]
    assert browser.js("document.querySelector('section.year[data-year=\"2023\"]').hidden") is True
    # Filter by status: the failed one whose previous output was kept.
    browser.js(SET.format(id="q", value="", event="input"))
    browser.js(SET.format(id="status", value="failed_kept", event="change"))
    assert browser.js(ROWS) == ["ly-son"]
    assert "status=failed_kept" in browser.js("location.hash")
    # The state is in the address: reloading with it shows the same view.
    browser.open((outputs / "index.html").as_uri() + "#status=failed&sort=scope&dir=desc")
    assert browser.js(ROWS) == ["ba-to"]
    # The data's markup is text, not markup.
    assert browser.js("document.querySelectorAll('td.error b').length") == 0
    shot = browser.screenshot(tmp_path / "index.png")
    assert shot.stat().st_size > 10_000


def test_communes_are_grouped_by_their_former_district():
    from ocoplib.batch.index import Entry, groups

    def entry(slug, name, parent):
        scope = {"parent": parent} if parent else {}
        return Entry(
            "quang-ngai",
            2025,
            slug,
            name=name,
            type_label="Xã",
            results={"scope": scope, "totals": {}},
        )

    rows = [
        entry("ba-gia", "Ba Gia", "huyện Sơn Tịnh (cũ)"),
        entry("tinh", "Quảng Ngãi", None),
        entry("binh-son", "Bình Sơn", "huyện Bình Sơn (cũ)"),
        entry("dong-son", "Đông Sơn", "huyện Bình Sơn (cũ)"),
    ]
    ordered = [e.slug for e in groups(rows)[0]["years"][0]["entries"]]
    assert ordered == ["tinh", "binh-son", "dong-son", "ba-gia"]
