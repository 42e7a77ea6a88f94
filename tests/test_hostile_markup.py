"""The analysts' text may not make the report fetch or run anything: images,
links, raw HTML and CSS addresses in bao_cao.md that point at a local file or
a network address are left out unread (and said in the reviewers' notes),
images of the year's folder are embedded, in the HTML, the PDF and Word."""

from __future__ import annotations

import base64
import contextlib
import html.parser
import io
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import ROOT
from PIL import Image
from workbooks import write_valid

from ocoplib.intake.reporttext import read_report_text
from ocoplib.render.page import page, self_contained, write_pdf
from ocoplib.render.worddoc import build

OCOP = str(Path(sys.executable).with_name("ocop"))
TEXT = ROOT / "data" / "quang-ngai" / "2024" / "bao_cao.md"
#: Sizes that tell the images apart in the PDF: the year's image, the one outside.
INSIDE_SIZE, OUTSIDE_SIZE = (41, 19), (37, 23)

# -- spies: files opened, requests received -------------------------------------------

_OPENED: list[str] | None = None


def _audit(event, args):
    if _OPENED is not None and event == "open" and isinstance(args[0], (str, Path)):
        _OPENED.append(str(args[0]))


sys.addaudithook(_audit)


@contextlib.contextmanager
def spying():
    """The paths this process opens inside the ``with`` block."""
    global _OPENED
    _OPENED = []
    try:
        yield _OPENED
    finally:
        _OPENED = None


class _Listener(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        self.server.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(_png((5, 5), (0, 0, 0)))

    def log_message(self, *args):
        pass


@pytest.fixture
def listener():
    """An HTTP server on 127.0.0.1 that records every request."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Listener)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _png(size, colour) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, format="PNG")
    return buf.getvalue()


# -- the hostile text -----------------------------------------------------------------


def hostile_text(tmp_path: Path, port: int) -> tuple[Path, Path, bytes]:
    """``<tmp>/data/tinh-thu/2024/bao_cao.md`` (the sample's text) whose section
    "Thuận lợi" references an image of its folder and, in every way Markdown
    and HTML allow, a PNG outside the data folder and the listener on ``port``.
    Returns (the data folder, the outside file, the year's image)."""
    outside = tmp_path / "ngoai" / "bi-mat.png"
    outside.parent.mkdir()
    outside.write_bytes(_png(OUTSIDE_SIZE, (0, 0, 250)))
    year = tmp_path / "data" / "tinh-thu" / "2024"
    (year / "anh").mkdir(parents=True)
    inside = _png(INSIDE_SIZE, (250, 0, 0))
    (year / "anh" / "thuan-loi.png").write_bytes(inside)
    (year / "anh" / "lien-ket.png").symlink_to(outside)
    (year / "anh" / "gia.png").write_text("not an image", encoding="utf-8")
    net = f"http://127.0.0.1:{port}"
    lines = [
        "Ảnh hội chợ: ![Gian hàng OCOP](anh/thuan-loi.png)",
        "",
        f"![ngoài](../../../ngoai/bi-mat.png) ![tệp](file://{outside}) ![tuyệt đối]({outside})",
        "",
        f"![mạng]({net}/anh.png) ![liên kết](anh/lien-ket.png) ![giả](anh/gia.png)",
        "",
        f'<img src="file://{outside}"> <link rel="stylesheet" href="{net}/kieu.css">',
        "",
        f"<div style=\"background: url('{net}/nen.png')\">nền</div>",
        "",
        f"<script>fetch('{net}/ma')</script> [bấm vào](javascript:alert(1)) "
        f'<a href="#" onclick="alert(1)">x</a> [trang]({net}/trang) [ok](https://ocop.gov.vn)',
        "",
    ]
    text = TEXT.read_text(encoding="utf-8").replace(
        "## Thuận lợi\n\n", "## Thuận lợi\n\n" + "\n".join(lines) + "\n", 1
    )
    # the front matter too: a signer's title that tries to become an image
    text = text.replace(
        "chuc_vu: PHÓ CHÁNH VĂN PHÒNG",
        f"chuc_vu: 'PHÓ CHÁNH VĂN PHÒNG <img src=\"{net}/ky.png\">'",
        1,
    )
    (year / "bao_cao.md").write_text(text, encoding="utf-8")
    return tmp_path / "data", outside, inside


class _Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, name, value or "") for name, value in attrs]


def assert_self_contained(page_html: str) -> None:
    """No script, event attribute, ``javascript:`` link or address a browser loads."""
    parsed = _Tags()
    parsed.feed(page_html)
    assert not {"script", "link", "iframe", "object", "embed"} & set(parsed.tags)
    for tag, name, value in parsed.attrs:
        assert not name.startswith("on"), (tag, name)
        if name in ("src", "srcset"):
            assert value.startswith("data:image/"), (tag, name, value[:80])
        if name == "href":
            # Only places in the report stay links; a web address is printed as text.
            assert tag == "a" and value.startswith("#"), (tag, value)
            assert "127.0.0.1" not in value, value
        if name == "style":
            assert "url(" not in value, value


# -- the text, in-process ---------------------------------------------------------------


def test_text_embeds_its_images_and_reads_nothing_outside(tmp_path):
    root, outside, inside = hostile_text(tmp_path, 9)
    path = root / "tinh-thu" / "2024" / "bao_cao.md"
    with spying() as opened:
        text = read_report_text(path, 2024)
        body = text.section("thuan_loi").html()
    assert base64.b64encode(inside).decode() in body  # the year's image, embedded
    assert base64.b64encode(outside.read_bytes()).decode() not in body
    assert_self_contained(body)
    assert "&lt;script&gt;" in body  # raw HTML is shown as text
    assert "ok (https://ocop.gov.vn)" in body and 'href="https://' not in body
    assert any(p.endswith("thuan-loi.png") for p in opened)  # the spy sees what is read
    assert not [p for p in opened if Path(p).resolve() == outside.resolve()], opened
    notes = {(w.row, str(w.value)) for w in text.warnings}
    line = (
        path.read_text(encoding="utf-8")
        .splitlines()
        .index("Ảnh hội chợ: ![Gian hàng OCOP](anh/thuan-loi.png)")
    )
    first = line + 1  # the file's line of the text's first line
    for row, value in [
        (first + 2, "../../../ngoai/bi-mat.png"),
        (first + 2, f"file://{outside}"),
        (first + 2, str(outside)),
        (first + 4, "http://127.0.0.1:9/anh.png"),
        (first + 4, "anh/lien-ket.png"),
        (first + 4, "anh/gia.png"),
        (first + 10, "javascript:alert(1)"),
        (first + 10, "http://127.0.0.1:9/trang"),
    ]:
        assert (row, value) in notes, (row, value, sorted(notes, key=str))
    raw = [w for w in text.warnings if str(w.value).startswith("<")]
    assert {w.row for w in raw} >= {first + 6, first + 8, first + 10}
    assert all(w.expected_vi and w.file == "bao_cao.md" for w in text.warnings)


def test_text_images_named_in_vietnamese_damaged_or_inline(tmp_path):
    year = tmp_path / "2024"
    year.mkdir()
    good = _png(INSIDE_SIZE, (250, 0, 0))
    (year / "ảnh hội chợ.png").write_bytes(good)
    (year / "hong.png").write_bytes(good[:40])  # truncated
    (year / "doi-ten.png").write_bytes(b"GIF89a" + bytes(30))  # a GIF header, no image
    inline = base64.b64encode(good).decode()
    body = (
        "## Thuận lợi\n\n![hội chợ](<ảnh hội chợ.png>)\n\n![hỏng](hong.png) "
        "![giả](doi-ten.png)\n\n"
        f"![trong](data:image/png;base64,{inline}) ![rác](data:image/png;base64,AAAA)\n"
    )
    (year / "bao_cao.md").write_text(TEXT.read_text(encoding="utf-8").split("## ")[0] + body)
    text = read_report_text(year / "bao_cao.md", 2024)
    html_text = text.section("thuan_loi").html()
    assert html_text.count(f"data:image/png;base64,{inline}") == 2
    left = {str(w.value) for w in text.warnings if "hỏng" in (w.expected_vi or "")}
    assert left == {"hong.png", "doi-ten.png", "data:image/png;base64,AAAA"}
    assert "[hỏng]" in html_text and "[rác]" in html_text  # the description stays


def test_write_pdf_fetches_nothing(tmp_path, listener):
    outside = tmp_path / "bi-mat.png"
    outside.write_bytes(_png(OUTSIDE_SIZE, (0, 0, 250)))
    net = f"http://127.0.0.1:{listener.server_port}"
    html = (
        f'<html><head><link rel="stylesheet" href="{net}/kieu.css">'
        f"<style>@import url('{net}/nhap.css'); p {{ background: url('{net}/nen.png') }}"
        f'</style></head><body><p>Chữ</p><img src="file://{outside}">'
        f'<img src="{net}/anh.png"><img src="bi-mat.png"></body></html>'
    )
    with spying() as opened:
        refused = write_pdf(html, tmp_path / "x.pdf")
    assert listener.requests == []
    assert not [p for p in opened if Path(p).resolve() == outside.resolve()]
    assert f"file://{outside}" in refused and f"{net}/anh.png" in refused
    assert (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF")


def test_page_keeps_nothing_that_runs_or_loads():
    clean = '<section id="a"><h2>A</h2><p>x <a href="#b">b</a></p></section>'
    assert self_contained(clean) == clean
    hostile = (
        '<p onclick="x()">a <a href="javascript:alert(1)">b</a>'
        '<img src="http://127.0.0.1:9/x.png" onerror="y()"><img src="data:image/png;base64,AA">'
        '</p><script>alert(1)</script><link rel="stylesheet" href="http://127.0.0.1:9/k.css">'
        '<iframe src="file:///etc/passwd"></iframe>'
        '<div style="background:url(file:///etc/passwd)">c</div>'
        "<style>@import url(http://127.0.0.1:9/i.css); p { color: red }</style>"
    )
    out = page(hostile, "t")
    assert_self_contained(out)
    assert "127.0.0.1" not in out and "/etc/passwd" not in out
    assert 'src="data:image/png;base64,AA"' in out and ">c</div>" in out


def test_word_carries_the_images_of_the_text():
    img = base64.b64encode(_png(INSIDE_SIZE, (250, 0, 0))).decode()
    fragment = (
        f'<p>Ảnh: <img src="data:image/png;base64,{img}" alt="hội chợ"> sau ảnh</p>'
        f'<p><em>nghiêng <img src="data:image/png;base64,{img}" alt="b"></em></p>'
    )
    doc = build([fragment])
    assert len(doc.inline_shapes) == 2
    texts = [p.text for p in doc.paragraphs]
    assert "Ảnh:" in texts and "sau ảnh" in texts and "nghiêng" in texts
    # its own size (41 px at 72 dpi, about 14.5 mm), not stretched to the page
    assert doc.inline_shapes[0].width < 30 * 36000


# -- the report, end to end -------------------------------------------------------------


def test_report_from_a_hostile_text_fetches_nothing(tmp_path, listener):
    root, outside, inside = hostile_text(tmp_path, listener.server_port)
    write_valid(root / "tinh-thu" / "ocop.xlsx")
    out = tmp_path / "out"
    run = subprocess.run(
        [OCOP, "report", "--province", "tinh-thu", "--data-dir", str(root),
         "--output-dir", str(out), "--formats", "html,pdf,docx"],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    folder = Path(run.stdout.strip())
    assert listener.requests == []
    secret, mine = (base64.b64encode(b).decode() for b in (outside.read_bytes(), inside))
    for name in ("report.html", "review.html"):
        page_html = (folder / name).read_text(encoding="utf-8")
        assert_self_contained(page_html)
        assert mine in page_html and secret not in page_html, name
    signed = (folder / "report.html").read_text(encoding="utf-8")
    # shown as text (upper case, as the signer's title is set)
    assert re.search(r'&lt;img src=(&#34;|")http://127\.0\.0\.1:\d+/ky\.png', signed.lower())
    review = (folder / "review.html").read_text(encoding="utf-8")
    for value in (f"http://127.0.0.1:{listener.server_port}/anh.png", "anh/lien-ket.png"):
        assert value in review
    assert "không được đưa vào báo cáo" in review
    with zipfile.ZipFile(folder / "report.docx") as z:
        media = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
    assert inside in media and outside.read_bytes() not in media
    sizes = _pdf_image_sizes(folder / "report.pdf")
    assert INSIDE_SIZE in sizes and OUTSIDE_SIZE not in sizes and (5, 5) not in sizes
    shutil.rmtree(out)


def _pdf_image_sizes(path: Path) -> set[tuple[int, int]]:
    from pypdf import PdfReader

    sizes = set()
    for pg in PdfReader(path).pages:
        for image in pg.images:
            sizes.add(image.image.size)
    return sizes


def test_a_changed_image_renders_the_report_again(tmp_path):
    """The batch's cache knows the images the text may embed: a new version of
    one (same text) makes the report render again, and says why."""
    from ocoplib.batch.cache import PARTS, fingerprint

    year = tmp_path / "2024"
    (year / "anh").mkdir(parents=True)
    text = year / "bao_cao.md"
    text.write_text("## Thuận lợi\n\n![a](anh/a.png)\n", encoding="utf-8")
    image = year / "anh" / "a.png"
    image.write_bytes(_png((4, 4), (250, 0, 0)))
    notebook = ROOT / "notebooks" / "report.ipynb"
    before = fingerprint({}, notebook, {}, text)
    image.write_bytes(_png((5, 5), (0, 250, 0)))
    after = fingerprint({}, notebook, {}, text)
    changed = [k for k in after if before[k] != after[k]]
    assert changed == ["images"] and "images" in PARTS


def test_a_unit_text_is_held_to_the_same_rules(tmp_path):
    """A unit report's own text (``<unit-slug>.md``) is read the same way."""
    from ocoplib.intake.reporttext import unit_text

    root, outside, inside = hostile_text(tmp_path, 9)
    year = root / "tinh-thu" / "2024"
    province = read_report_text(year / "bao_cao.md", 2024)
    own = year / "huyen-tu-nghia.md"
    own.write_text(
        "## Thuận lợi\n\n![ảnh](anh/thuan-loi.png) ![mạng](http://127.0.0.1:9/u.png)\n",
        encoding="utf-8",
    )
    text = unit_text(province, own, 2024)
    body = text.section("thuan_loi").html()
    assert base64.b64encode(inside).decode() in body and "127.0.0.1" not in body
    assert [(w.file, w.row, w.value) for w in text.warnings if w.column == "Thuận lợi"] == [
        ("huyen-tu-nghia.md", 3, "http://127.0.0.1:9/u.png")
    ]
