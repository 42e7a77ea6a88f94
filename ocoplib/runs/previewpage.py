"""What ``ocop preview`` serves: the pages of the last good render, with a
small reload script and, after a failed render, a banner that says what to
fix, both added to the served copy only (the files of the render are exactly
what ``ocop report`` writes); and the HTTP server on 127.0.0.1 that serves
them."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ocoplib.base.formats import BY_KEY
from ocoplib.base.i18n import gettext as _
from ocoplib.base.i18n import language
from ocoplib.base.problems import InputError, OcopError, Problem
from ocoplib.intake.reporttext import BODY, FRONT_MATTER
from ocoplib.runs.run import Failure, RunError

HOST = "127.0.0.1"
#: The page polls this for the version of what it shows.
VERSION_PATH = "/__version"
#: The ids of what the preview adds to a page (never in a file of the render).
BANNER_ID = "ocop-preview-error"
SCRIPT_ID = "ocop-preview-reload"
REPORT = BY_KEY["html"].file
REVIEW = BY_KEY["html"].review


class PortError(OcopError):
    """The preview could not listen on its port."""


class Shown:
    """What the preview serves, shared by the renderer and the server's
    threads: the pages of the last good render, the banner of the last failed
    one (None after a success), whether a render is running, and a version
    that changes whenever the page would show something else."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.version = 0
        self.pages: dict[str, str] = {}
        self.files: dict[str, Path] = {}
        self.banner: str | None = None
        self.rendering = False
        self.rendered_at: dt.datetime | None = None

    def publish(self, folder: Path) -> None:
        """A good render in ``folder``: its pages are served from now on."""
        pages = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.html")}
        files = {p.name: p for p in folder.iterdir() if p.is_file() and p.suffix != ".html"}
        with self._lock:
            self.pages, self.files, self.banner = pages, files, None
            self.rendered_at = dt.datetime.now()
            self.version += 1

    def fail(self, banner: str) -> None:
        """A failed render: the banner over the last good pages."""
        with self._lock:
            self.banner = banner
            self.version += 1

    def busy(self, rendering: bool) -> None:
        with self._lock:
            self.rendering = rendering

    def state(self) -> dict:
        with self._lock:
            return {
                "version": self.version,
                "rendering": self.rendering,
                "ok": self.banner is None,
                "ready": bool(self.pages),
            }

    def page(self, name: str) -> str | None:
        """The page ``name`` as served: with the reload script and the banner."""
        with self._lock:
            text = self.pages.get(name)
            if text is None and name == REPORT:
                text = _waiting_page()
            if text is None:
                return None
            return decorate(text, self.version, self.banner)

    def file(self, name: str) -> Path | None:
        with self._lock:
            return self.files.get(name)


def _waiting_page() -> str:
    title = html.escape(_("Report preview"))
    text = html.escape(_("The report is being rendered; this page reloads itself."))
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        f"<title>{title}</title></head>"
        f'<body style="font:16px/1.5 system-ui,sans-serif;margin:2em"><p>{text}</p></body></html>\n'
    )


_SCRIPT = """<script id="%(id)s">
(function () {
  var shown = %(version)d, badge = null;
  function poll() {
    fetch("%(path)s", {cache: "no-store"}).then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.version !== shown) { location.reload(); return; }
        if (s.rendering && !badge) {
          badge = document.createElement("div");
          badge.textContent = %(busy)s;
          badge.style.cssText = "position:fixed;right:1em;bottom:1em;z-index:1001;" +
            "padding:.4em .8em;background:#1d3557;color:#fff;border-radius:4px;" +
            "font:14px system-ui,sans-serif";
          document.body.appendChild(badge);
        } else if (!s.rendering && badge) { badge.remove(); badge = null; }
        setTimeout(poll, 500);
      }, function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 500);
})();
</script>
"""

_BANNER_STYLE = (
    "position:sticky;top:0;z-index:1000;margin:0 0 1em;padding:.8em 1.2em;"
    "background:#fdecea;border:2px solid #b3261e;color:#3b0a06;"
    "font:15px/1.45 system-ui,sans-serif;text-align:left"
)


def decorate(page: str, version: int, banner: str | None) -> str:
    """``page`` with the reload script before ``</body>`` and the banner, if
    any, first in the body."""
    script = _SCRIPT % {
        "id": SCRIPT_ID,
        "version": version,
        "path": VERSION_PATH,
        "busy": json.dumps(_("Rendering again…"), ensure_ascii=False),
    }
    if banner:
        body = re.search(r"<body[^>]*>", page, flags=re.IGNORECASE)
        at = body.end() if body else 0
        page = page[:at] + banner + page[at:]
    end = page.lower().rfind("</body>")
    return page[:end] + script + page[end:] if end >= 0 else page + script


def banner(title: str, lines: list[str], hint: str | None, kept: bool) -> str:
    """The error banner: what failed, each problem, what to do."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    below = (
        _("Below: the last good render; it is replaced as soon as a render succeeds.")
        if kept
        else _("No report has been rendered yet.")
    )
    parts = [
        f"<strong>{html.escape(title)}</strong>",
        f'<ul style="margin:.4em 0 .4em 1.4em;padding:0">{items}</ul>' if items else "",
        f"<p>{html.escape(hint)}</p>" if hint else "",
        f"<p><em>{html.escape(below)}</em></p>",
    ]
    return (
        f"<style>#{BANNER_ID} *{{text-indent:0}} #{BANNER_ID} p{{margin:.3em 0}}"
        f"@media print{{#{BANNER_ID}{{display:none}}}}</style>"
        f'<div id="{BANNER_ID}" role="alert" style="{_BANNER_STYLE}">{"".join(parts)}</div>'
    )


def explain(exc: BaseException, folder: Path, notebook: Path) -> tuple[str, list[str], str]:
    """(title, lines, hint) of a failed render, in the language in use.
    ``folder`` is the year's folder (where bao_cao.md is), ``notebook`` the
    notebook the preview executes."""
    if isinstance(exc, InputError):
        errors = [p for p in exc.problems if p.is_error] or exc.problems
        return (
            _("{n} error(s) in the input: the report could not be rendered.").format(n=len(errors)),
            [problem_text(p, folder) for p in errors],
            _("Fix the file named above and save it: the page reloads itself."),
        )
    if isinstance(exc, RunError):
        title = (
            _("The HTML could not be made from the executed notebook.")
            if exc.kind == Failure.RENDERER
            else _("The notebook {path} failed.").format(path=notebook)
        )
        return (
            title,
            [exc.message],
            _(
                "Fix the cause (the text, the workbook, a template or the notebook) and save: "
                "the page reloads itself. To see the error in its cell, open the notebook "
                "in JupyterLab and run it from the top."
            ),
        )
    return (
        _("The report could not be rendered."),
        [f"{type(exc).__name__}: {exc}"],
        _("Save a file again to retry; if this goes on, stop the preview and run ocop report."),
    )


def problem_text(p: Problem, folder: Path) -> str:
    """One problem as a line: the file (its path where the year's folder has
    it), the place in it (line for a text, sheet, row, column and cell for a
    workbook), the value and what was expected, in the language in use."""
    path = folder / p.file if (folder / p.file).is_file() else Path(p.file)
    text_file = path.suffix == ".md"
    where = [str(path)]
    if p.sheet:
        named = {FRONT_MATTER: _("front matter"), BODY: _("body")}
        where.append(named.get(p.sheet) or _("sheet {sheet}").format(sheet=p.sheet))
    line = p.row or (key_line(path, p.column) if text_file and p.column else None)
    if line:
        where.append(
            _("line {line}").format(line=line) if text_file else _("row {row}").format(row=line)
        )
    if p.column:
        where.append(
            _("key '{key}'").format(key=p.column)
            if text_file
            else _("column '{column}'").format(column=p.column)
        )
    if p.cell:
        where.append(_("cell {cell}").format(cell=p.cell))
    vi = language() == "vi"
    text = ", ".join(where) + ": "
    if p.value not in (None, ""):
        text += _("value '{value}'").format(value=p.value) + "; "
    text += _("expected {expected}").format(expected=(vi and p.expected_vi) or p.expected)
    suggestion = (vi and p.suggestion_vi) or p.suggestion
    if suggestion:
        text += " (" + _("suggestion: {suggestion}").format(suggestion=suggestion) + ")"
    return text


def key_line(path: Path, key: str) -> int | None:
    """The line of the front matter of ``path`` that sets ``key``."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    for n, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            return None
        if pattern.match(line):
            return n
    return None


def serve(shown: Shown, port: int) -> ThreadingHTTPServer:
    """Serve ``shown`` on 127.0.0.1:``port`` (0: a free port) in a thread of
    its own; raises PortError when the port cannot be had."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server convention
            name = unquote(urlsplit(self.path).path).lstrip("/") or REPORT
            if "/" + name == VERSION_PATH:
                self._send(200, "application/json", json.dumps(shown.state()).encode())
            elif (page := shown.page(name)) is not None:
                self._send(200, "text/html; charset=utf-8", page.encode("utf-8"))
            elif (path := shown.file(name)) is not None and path.is_file():
                kind = "application/json" if path.suffix in (".json", ".ipynb") else None
                self._send(200, kind or "application/octet-stream", path.read_bytes())
            else:
                self._send(404, "text/plain; charset=utf-8", _("Not found.").encode("utf-8"))

        def _send(self, status: int, kind: str, data: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
            pass  # the console is for the analyst, not for every request

    try:
        server = ThreadingHTTPServer((HOST, port), Handler)
    except OSError as exc:
        raise PortError(
            _(
                "cannot listen on {host} port {port} ({error}): choose another port "
                "with --port (0 picks a free one)"
            ).format(host=HOST, port=port, error=exc.strerror or exc)
        ) from exc
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="ocop-preview-http", daemon=True).start()
    return server


def url_of(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/"
