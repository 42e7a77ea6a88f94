"""The analysts' Markdown as HTML, by an allow-list: the Markdown an office
writes (paragraphs, lists, emphasis, headings, quotes, code) and images
that sit in the year's folder, embedded as ``data:`` URIs. Nothing else
reaches the report: raw HTML is shown as text, an image from anywhere else
(another folder, ``file:``, the network) is left out; a link to a place of
the page stays a link, one to a web page of a public host or a ``mailto:``
address is printed after its text (the report references nothing outside
itself), any other keeps its text only. What was left out is said, with
its line, so that the reviewers' notes list it; no file outside the year's
folder is opened and nothing is fetched."""

from __future__ import annotations

import base64
import io
import ipaddress
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

#: Image types by their first bytes (those the HTML, the PDF and Word all show).
IMAGE_TYPES = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpeg",
    b"GIF87a": "gif",
    b"GIF89a": "gif",
}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif"}
#: The largest image embedded (bytes): a photo of a document, not a scan of a book.
MAX_IMAGE = 10 * 1024 * 1024
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|gif);base64,[A-Za-z0-9+/=\s]*\Z")
_LINK_OK = re.compile(r"(https?://|mailto:|#)", re.I)
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.I)
_RAW_HTML = re.compile(r"<\s*/?\s*[a-z][a-z0-9-]*(\s[^>]*)?/?\s*>|<!--", re.I)


@dataclass(frozen=True)
class LeftOut:
    """Something of the text the report does not carry: its line, what it is
    (``image``, ``link``, ``html``), the reference or markup, and why."""

    line: int | None
    kind: str
    value: str
    reason: str


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.validateLink = lambda url: True  # every reference is judged below, and said
    return md


_MD = _parser()


def render_markdown(
    markdown: str, folder: Path | None, first_line: int = 1
) -> tuple[str, list[LeftOut]]:
    """The HTML of ``markdown`` and what it left out; ``folder``: where its
    images may be (None: no image is read); ``first_line``: the file's line of
    the text's first line, for the notes."""
    tokens = _MD.parse(markdown)
    left: list[LeftOut] = []
    for token in tokens:
        line = first_line + token.map[0] if token.map else None
        if token.type == "inline" and token.children:
            token.children = _inline(token.children, folder, line, left)
    return _MD.renderer.render(tokens, _MD.options, {}), left


def _inline(children: list[Token], folder, line, left: list[LeftOut]) -> list[Token]:
    out: list[Token] = []
    kept: list[bool] = []  # for each open link: whether it stays a link
    for tok in children:
        if tok.type == "image":
            out.append(_image(tok, folder, line, left))
        elif tok.type == "link_open":
            href = str(tok.attrGet("href") or "")
            if href.startswith("#"):  # a place in the report itself stays a link
                kept.append(True)
                out.append(tok)
            elif public_link(href):  # printed, as an official text writes it: no reference
                kept.append(href.removeprefix("mailto:"))
            else:
                kept.append(False)
                left.append(LeftOut(line, "link", href, "link"))
        elif tok.type == "link_close":
            how = kept.pop() if kept else True
            if how is True:
                out.append(tok)
            elif how:
                shown = out[-1].content if out and out[-1].type == "text" else ""
                if shown.strip() != how:
                    out.append(Token("text", "", 0, content=f" ({how})"))
        else:
            found = _RAW_HTML.search(tok.content) if tok.type == "text" else None
            if found:
                left.append(LeftOut(line, "html", found[0], "html"))
            out.append(tok)
    return out


def public_link(href: str) -> bool:
    """Whether a link may stay one: an anchor of the page, ``mailto:``, or a
    web page of a public host (not this machine nor a private network)."""
    if not _LINK_OK.match(href):
        return False
    if not href.lower().startswith(("http://", "https://")):
        return True
    host = (urlsplit(href).hostname or "").rstrip(".").lower()
    if not host or host == "localhost" or host.endswith(".localhost") or "." not in host:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return True
    return address.is_global


def _image(tok: Token, folder, line, left: list[LeftOut]) -> Token:
    """The image embedded, or its description as text with the reason said."""
    src = str(tok.attrGet("src") or "").strip()
    alt = "".join(c.content for c in tok.children or []) or tok.content
    data, reason = _embed(src, folder)
    if data is not None:
        tok.attrSet("src", data)
        return tok
    left.append(LeftOut(line, "image", src, reason))
    text = Token("text", "", 0)
    text.content = f"[{alt}]" if alt else ""
    return text


def _embed(src: str, folder: Path | None) -> tuple[str | None, str]:
    """(the data URI of the image ``src``, "") or (None, why it is left out)."""
    if _DATA_IMAGE.match(src):
        try:
            data = base64.b64decode(src.split(",", 1)[1], validate=False)
        except ValueError:
            return None, "type"
        return _data_uri(data)
    if _SCHEME.match(src) or src.startswith(("/", "\\", "//")) or folder is None:
        return None, "outside"
    root = folder.resolve()
    # Markdown percent-encodes what is not ASCII: ``anh/h%E1%BB%99i.png`` is ``anh/hội.png``
    path = (root / unquote(src.split("#")[0].split("?")[0])).resolve()
    if not path.is_relative_to(root):
        return None, "outside"
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        return None, "type"
    if not path.is_file():
        return None, "missing"
    if path.stat().st_size > MAX_IMAGE:
        return None, "size"
    return _data_uri(path.read_bytes())


def _data_uri(data: bytes) -> tuple[str | None, str]:
    """The data URI of an image whose bytes are whole PNG, JPEG or GIF (the
    HTML, the PDF and Word must all show it), else (None, why not)."""
    from PIL import Image

    if len(data) > MAX_IMAGE:
        return None, "size"
    kind = next((k for magic, k in IMAGE_TYPES.items() if data.startswith(magic)), None)
    if kind is None:
        return None, "type"
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()  # a damaged or truncated file, or a decompression bomb
    except Exception:  # PIL raises many kinds; any means the image is not shown
        return None, "type"
    return f"data:image/{kind};base64," + base64.b64encode(data).decode("ascii"), ""
