"""The yearly report text ``data/<province>/<year>/bao_cao.md``: YAML front
matter (letterhead, signer, report date, date and tone-mark styles) and the
analysts' sections; a unit report's own text ``<unit-slug>.md`` beside it
(:func:`unit_text`), its missing front-matter keys taken from bao_cao.md."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from ocoplib.base.contract import contract
from ocoplib.base.problems import InputError, Problem
from ocoplib.base.text import fold, nfc
from ocoplib.intake import frontmatter
from ocoplib.intake.frontmatter import BODY, FRONT_MATTER
from ocoplib.intake.textmarkup import LeftOut, render_markdown

#: The review mark: ``# KIỂM TRA: …`` after a front-matter value, ``[KIỂM TRA: …]``
#: in the body. ``ocop init`` marks what the analyst must write, ``ocop new-year``
#: what came from the previous year; the report warns while one is left.
MARK = "KIỂM TRA"
_FRONT_MARK = re.compile(r"#\s*" + MARK + r":\s*(.*)$")
_MARK_EXPECTED = (
    f"a text without review marks: check this line, then delete its mark '{MARK}: …' "
    "before the report is issued"
)


def is_review_mark(problem) -> bool:
    """Whether a warning is a review mark left in a report text."""
    return problem.expected == _MARK_EXPECTED


_BODY_MARK = re.compile(r"\[" + MARK + r":\s*([^\]]*)\]")
#: What the report says of a part of the text it left out, by reason (English, Vietnamese).
_LEFT_OUT = {
    "outside": (
        "an image in the folder of the report text ({folder}); this one is elsewhere "
        "(another folder, a file: or network address) and is left out of the report",
        "một hình ảnh nằm trong thư mục của tệp nội dung ({folder}); hình này ở nơi khác "
        "(thư mục khác, địa chỉ file: hoặc mạng) nên không được đưa vào báo cáo",
    ),
    "missing": (
        "an image file in the folder of the report text ({folder}); it is not there, "
        "and is left out of the report",
        "một tệp hình ảnh trong thư mục của tệp nội dung ({folder}); không tìm thấy tệp "
        "nên hình không được đưa vào báo cáo",
    ),
    "type": (
        "a whole PNG, JPEG or GIF image; this one is not (or is damaged), and is left out "
        "of the report",
        "một hình ảnh PNG, JPEG hoặc GIF nguyên vẹn; hình này không phải (hoặc bị hỏng) nên "
        "không được đưa vào báo cáo",
    ),
    "size": (
        "an image of at most 10 MB; this one is larger, and is left out of the report",
        "một hình ảnh không quá 10 MB; hình này lớn hơn nên không được đưa vào báo cáo",
    ),
    "link": (
        "a link to a public web page (http:, https:) or mailto:; the report keeps "
        "this one's text only",
        "một liên kết tới trang web công khai (http:, https:) hoặc mailto:; báo cáo chỉ "
        "giữ chữ của liên kết này",
    ),
    "html": (
        "Markdown text; HTML markup is shown as text, never as markup, in the report",
        "văn bản Markdown; mã HTML được in nguyên văn như chữ, không được dùng làm định dạng",
    ),
}


@dataclass(frozen=True)
class Section:
    key: str | None  # None for a heading the contract does not know
    title: str
    part: str
    markdown: str
    #: The folder of the text (where its images may be) and the line its body starts on.
    folder: Path | None = None
    line: int = 1

    def html(self) -> str:
        """The section body as HTML by the allow-list of :mod:`textmarkup`:
        raw HTML is shown as text, images of the text's folder are embedded,
        nothing else is referenced."""
        return render_markdown(self.markdown, self.folder, self.line)[0]

    def left_out(self) -> list[LeftOut]:
        """What of the section the report does not carry (see :meth:`html`)."""
        return render_markdown(self.markdown, self.folder, self.line)[1]


@dataclass
class ReportText:
    path: Path | None
    meta: dict
    sections: list[Section]
    warnings: list[Problem] = field(default_factory=list)
    #: For a unit report without a text of its own: the province's text, said so.
    shared: bool = False

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def part(self, part: str) -> list[Section]:
        return [s for s in self.sections if s.part == part]

    @property
    def marks(self) -> list[Problem]:
        """The review marks left in the text (among its warnings)."""
        return [w for w in self.warnings if is_review_mark(w)]


def split_front_matter(text: str) -> tuple[str, str, int]:
    """(front matter, body, line number of the closing ``---``; 0 without front matter)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return "", text, 0
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 1
    return "\n".join(lines[1:]), "", len(lines)


def unit_text(province: ReportText, path: Path, year: int) -> ReportText:
    """A unit report's text: ``path`` (``<unit-slug>.md`` beside bao_cao.md)
    where the analyst wrote one, its missing front-matter keys from the
    province's text; else the province's text, marked as shared."""
    if not path.exists():
        return ReportText(province.path, province.meta, province.sections, province.warnings, True)
    return read_report_text(path, year, defaults=province.meta)


def require_report_text(path: Path, year: int) -> None:
    """A run needs the year's text: raise InputError, naming the file and what
    to do, when it is missing or empty (in-process a missing text reads as
    empty, so that figures of any year can be computed)."""
    if path.is_file() and frontmatter.decode(path).strip():
        return
    state, state_vi = ("is empty", "đang trống") if path.is_file() else ("is missing", "chưa có")
    # data/<province>/<year>/bao_cao.md: `ocop new-year` starts it from the year before.
    data_dir, province = path.parent.parent.parent, path.parent.parent.name
    command = f"ocop new-year --province {province} --year {year}"
    if data_dir != Path("data"):
        command += f" --data-dir {data_dir}"
    raise InputError(
        [
            Problem(
                "error",
                str(path),
                None,
                None,
                None,
                None,
                f"the report text of {year} ({path.name}); the file {state}",
                suggestion=f"run `{command}` to start it from the previous year's text, "
                "then edit its front matter and sections for this year",
                expected_vi=f"tệp nội dung báo cáo năm {year} ({path}); tệp này {state_vi}",
                suggestion_vi=f"chạy `{command}` để tạo tệp từ nội dung năm trước, "
                "rồi sửa phần khai báo đầu tệp và các mục cho năm này",
            )
        ]
    )


def read_report_text(path: Path, year: int, defaults: dict | None = None) -> ReportText:
    """Parse bao_cao.md; a missing file gives an empty text (the report says
    plainly which sections are missing). ``defaults``: front-matter values of
    the keys the file leaves out (a unit's text, from the province's).
    Raises InputError on bad front matter."""
    if not path.exists():
        return ReportText(path=None, meta={}, sections=[])
    raw = frontmatter.decode(path)
    controls = frontmatter.controls(raw, str(path), split_front_matter(raw)[2])
    if controls:
        raise InputError(controls)
    text = nfc_text(raw)
    head, body, body_start = split_front_matter(text)
    try:
        meta, places = frontmatter.load(head, str(path))
    except yaml.YAMLError as exc:
        line, source = _yaml_line(exc, head)
        problem = _front(
            str(path),
            "error",
            None,
            source,
            f"valid YAML front matter ({exc})",
            "phần khai báo đầu tệp (giữa hai dòng ---) đúng cú pháp YAML",
        )
        raise InputError([replace(problem, row=line)]) from exc
    meta = {**{k: v for k, v in (defaults or {}).items() if v is not None}, **meta}
    meta, problems = frontmatter.check(meta, places, str(path), year)
    problems += _keys(meta, str(path), places.lines)
    if any(p.is_error for p in problems):
        raise InputError(problems)
    for item in contract().front_matter:
        meta.setdefault(item["key"], None)
    meta["nam"] = meta["nam"] or year
    meta["ten_tinh"] = meta["ten_tinh"] or meta.get("dia_danh")
    sections, warnings = _sections(body, path.name, body_start)
    sections = [replace(s, folder=path.parent.resolve()) for s in sections]
    warnings += left_out(sections, path)
    flags = review_marks(text, path.name)
    return ReportText(path=path, meta=meta, sections=sections, warnings=problems + warnings + flags)


def left_out(sections: list[Section], path: Path) -> list[Problem]:
    """A warning for every image, link or markup of the text the report leaves out."""
    found = []
    for section in sections:
        for item in section.left_out():
            expected, expected_vi = _LEFT_OUT[item.reason]
            found.append(
                Problem(
                    "warning",
                    path.name,
                    BODY,
                    item.line,
                    section.title,
                    item.value[:200],
                    expected.format(folder=path.parent),
                    expected_vi=expected_vi.format(folder=path.parent),
                )
            )
    return found


def review_marks(text: str, file: str) -> list[Problem]:
    """A warning for every review mark left in the text (see :data:`MARK`),
    with its line: the analyst checks the value, then deletes the mark."""
    head_end = split_front_matter(text)[2]
    found = []
    for n, line in enumerate(text.splitlines(), start=1):
        in_head = n <= head_end
        marks = [_FRONT_MARK.search(line)] if in_head else list(_BODY_MARK.finditer(line))
        for m in filter(None, marks):
            key = line.split(":", 1)[0].strip() if in_head and ":" in line else None
            found.append(
                Problem(
                    "warning",
                    file,
                    FRONT_MATTER if in_head else BODY,
                    n,
                    key if key and not key.startswith(("#", "-")) else None,
                    m.group(1).strip(),
                    _MARK_EXPECTED,
                    expected_vi=f"nội dung đã được rà soát: kiểm tra dòng này rồi xoá dấu "
                    f"« {MARK}: … » trước khi phát hành báo cáo",
                )
            )
    return found


def _yaml_line(exc: yaml.YAMLError, head: str) -> tuple[int | None, str | None]:
    """The file's line of a YAML error in the front matter (which starts on
    line 2), and its text: where the parser stopped, or where the construct it
    could not finish began when it stopped at the end (an unclosed quote)."""
    mark = getattr(exc, "problem_mark", None)
    start = getattr(exc, "context_mark", None)
    if mark is not None and start is not None and mark.index >= len(head.rstrip()):
        mark = start
    if mark is None:
        return None, None
    lines = head.splitlines()
    source = lines[mark.line].strip() if mark.line < len(lines) else None
    return mark.line + 2, source or None


def _front(file: str, severity: str, key, value, expected: str, expected_vi: str) -> Problem:
    """A problem of the front matter: the key, its value, what was expected."""
    return Problem(
        severity, file, FRONT_MATTER, None, key, value, expected, expected_vi=expected_vi
    )


def _keys(meta: dict, file: str, lines: dict) -> list[Problem]:
    """Required keys present, unknown keys noted (with their lines)."""
    problems: list[Problem] = []
    for item in contract().front_matter:
        if item.get("required") and not meta.get(item["key"]):
            problems.append(
                _front(
                    file,
                    "error",
                    item["key"],
                    None,
                    f"a value for '{item['key']}' ({item['help']})",
                    f"một giá trị cho '{item['key']}' ({item['help']})",
                )
            )
    known = {i["key"] for i in contract().front_matter}
    for key in meta:
        if key not in known:
            problem = _front(
                file,
                "warning",
                key,
                None,
                "a key of the contract; this one is ignored",
                "một khoá của mẫu báo cáo; khoá này bị bỏ qua",
            )
            problems.append(replace(problem, row=lines.get(key)))
    return problems


def nfc_text(text: str) -> str:
    """NFC every line, keeping line structure (Markdown needs it)."""
    return "\n".join(nfc(line) if line.strip() else "" for line in text.splitlines()) + "\n"


def _sections(body: str, file: str, offset: int) -> tuple[list[Section], list[Problem]]:
    known = {fold(s["title"]): s for s in contract().sections}
    sections: list[Section] = []
    warnings: list[Problem] = []
    title, lines, start = None, [], 0
    part = "opening"

    def close():
        nonlocal part
        if title is None:
            return
        spec = known.get(fold(title))
        # the file's line of the section's first written line
        first = start + 1 + next((i for i, t in enumerate(lines) if t.strip()), 0)
        if spec is None:
            warnings.append(
                Problem(
                    "warning",
                    file,
                    BODY,
                    start,
                    "##",
                    title,
                    "a section of the contract ("
                    + ", ".join(s["title"] for s in contract().sections)
                    + "); this one is kept at the end of its part",
                    expected_vi="một mục của mẫu báo cáo ("
                    + ", ".join(s["title"] for s in contract().sections)
                    + "); mục này được giữ ở cuối phần của nó",
                )
            )
            sections.append(Section(None, title, part, "\n".join(lines).strip(), line=first))
        else:
            part = spec["part"]
            text = "\n".join(lines).strip()
            sections.append(Section(spec["key"], spec["title"], part, text, line=first))

    for n, line in enumerate(body.splitlines(), start=offset + 1):
        if line.startswith("## "):
            close()
            title, lines, start = line[3:].strip(), [], n
        elif title is not None:
            lines.append(line)
    close()
    order = [s["part"] for s in contract().sections]
    parts = list(dict.fromkeys(order))
    # Known sections in contract order; unknown ones stay at the end of their part.
    rank = {s["key"]: i for i, s in enumerate(contract().sections)}
    sections.sort(key=lambda s: (parts.index(s.part), s.key is None, rank.get(s.key, 0)))
    return sections, warnings
