"""Starting a province or a year.

``ocop init`` (:func:`init_province`) writes a new province's data folder:
``ocop.xlsx``, every sheet of the contract with its headers, notes,
validation and instructions but no row, and ``<year>/bao_cao.md``, every
front-matter key documented in a Vietnamese comment and every section of the
body with what to write there. ``ocop new-year`` (:func:`new_year`) starts a
year's ``bao_cao.md`` from the latest previous one: the cut-off date and the
issue year move to the new year, the report's year in its title too, and
every date and number that came from the previous year carries a review mark
(``# KIỂM TRA: …`` beside a front-matter value, ``[KIỂM TRA: …]`` at the end
of a line of the body). The report warns while a mark is left (see
:func:`ocoplib.intake.reporttext.review_marks`).

Nothing is ever written over: a province folder or a year's text that
exists is refused. Files are made in a temporary folder and renamed into
place, so that a failure leaves nothing half made."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

import yaml

from ocoplib.base.contract import contract
from ocoplib.base.files import write_text_atomic
from ocoplib.base.i18n import gettext as _
from ocoplib.base.problems import InputError, OcopError
from ocoplib.base.text import nfc, slugify
from ocoplib.intake import frontmatter
from ocoplib.intake.reporttext import MARK, nfc_text, read_report_text, split_front_matter
from ocoplib.intake.template import write_blank
from ocoplib.intake.workbook import read_workbook

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
TEXT = "bao_cao.md"
WORKBOOK = "ocop.xlsx"
#: From 01/03/2025 the provincial Departments of Agriculture and Rural Development
#: and of Natural Resources and Environment are one Department of Agriculture and Environment.
_MERGED_DEPARTMENTS = 2025
#: What a line of the body may hold that belonged to its year: a date, a month
#: of a year, a document number (``83/KH-UBND``), a number or a percentage.
_TOKEN = re.compile(
    r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}|\d+/[\w-]+(?:/[\w-]+)*|\d+(?:[.,]\d+)*\s?%?"
)
_STARS = re.compile(r"\s*sao\b")
_LEAD = re.compile(r"^\s*(?:#+\s+|[-*+]\s+|\d+[.)]\s+)?")


class StartError(OcopError):
    """A province or a year cannot be started as asked (it exists, a bad name …)."""


# -- ocop init ---------------------------------------------------------------------


def init_province(data_dir: Path, slug: str, name: str, year: int) -> Path:
    """Write ``data_dir/slug/`` (workbook and ``<year>/bao_cao.md``) and return it.
    Raises StartError, with nothing written, when the folder exists or an
    argument is wrong."""
    name = nfc(" ".join(name.split()))
    if not name:
        raise StartError(_('--name is empty: give the province\'s name, e.g. --name "Hà Tĩnh"'))
    if not re.fullmatch(SLUG, slug):
        raise StartError(
            _(
                "--province {slug!r}: expected an ASCII slug of lower-case letters, digits "
                "and hyphens, such as {example}"
            ).format(slug=slug, example=slugify(name) or "ha-tinh")
        )
    _check_year(year)
    folder = Path(data_dir) / slug
    if folder.exists() or folder.is_symlink():
        raise StartError(
            _(
                "{folder} already exists: ocop init never writes over a province's data. "
                "To start another year of it, run: ocop new-year --province {slug} --year {year}"
            ).format(folder=folder, slug=slug, year=year)
        )
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{slug}."))
    try:
        write_blank(tmp / WORKBOOK, name, year)
        (tmp / str(year)).mkdir()
        (tmp / str(year) / TEXT).write_text(first_text(name, year), encoding="utf-8")
        _check_made(tmp, year)
        for path in (tmp, tmp / str(year)):
            os.chmod(path, 0o755)
        os.chmod(tmp / str(year) / TEXT, 0o644)
        os.rename(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return folder


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise StartError(_("--year {year}: expected a year from 2000 to 2100").format(year=year))


def _check_made(folder: Path, year: int) -> None:
    """What init wrote reads back without an error (the report renders at once)."""
    read_workbook(folder / WORKBOOK)
    read_report_text(folder / str(year) / TEXT, year)


def _first_values(name: str, year: int) -> tuple[dict, dict]:
    """(front-matter values, review marks) of a new province's first text."""
    merged = year >= _MERGED_DEPARTMENTS
    values = {
        "ten_tinh": name,
        "co_quan_chu_quan": f"UBND TỈNH {name.upper()}",
        "co_quan_ban_hanh": "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"
        if merged
        else "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN",
        "ten_co_quan": "Sở Nông nghiệp và Môi trường"
        if merged
        else "Sở Nông nghiệp và Phát triển nông thôn",
        "so_ky_hieu": "/BC-SNNMT" if merged else "/BC-SNNPTNT",
        "dia_danh": name,
        "ngay": None,
        "thang": None,
        "nam": year,
        "trich_yeu": f"Kết quả thực hiện Chương trình mỗi xã một sản phẩm (OCOP) năm {year} "
        f"trên địa bàn tỉnh {name}",
        "as_of": dt.date(year, 12, 31),
        "quyen_han": "KT. GIÁM ĐỐC",
        "chuc_vu": "PHÓ GIÁM ĐỐC",
        "nguoi_ky": "Họ và tên người ký",
        "noi_nhan": ["UBND tỉnh (b/c);", "Văn phòng Điều phối nông thôn mới tỉnh;", "Lưu: VT."],
        "so_0_o_dau": None,
        "dinh_dang_ngay": "dd/m/yyyy",
        "kieu_dau_thanh": "cũ",
    }
    marks = {
        "co_quan_chu_quan": "ghi đúng tên cơ quan chủ quản, chữ in hoa",
        "co_quan_ban_hanh": "ghi đúng tên cơ quan ban hành báo cáo, chữ in hoa",
        "ten_co_quan": "tên cơ quan ban hành trong câu kết “… kính báo cáo./.”",
        "so_ky_hieu": "ký hiệu của cơ quan; số ghi khi phát hành",
        "dia_danh": "địa danh nơi ban hành (tên tỉnh hoặc thành phố tỉnh lỵ)",
        "as_of": "ngày chốt số liệu; sửa nếu báo cáo chốt sớm hơn ngày 31/12",
        "quyen_han": "quyền hạn ký (KT., TL., TM.); để null nếu thủ trưởng ký",
        "chuc_vu": "chức vụ người ký",
        "nguoi_ky": "họ và tên người ký",
        "noi_nhan": {0: "liệt kê nơi nhận, mỗi nơi một dòng"},
    }
    return values, marks


#: What each section of a new text asks the analyst to write.
_ASK = {
    "mo_dau": "Viết phần mở đầu: căn cứ văn bản yêu cầu báo cáo (số, ngày, cơ quan ban hành) "
    "và kế hoạch năm {year} của tỉnh; câu cuối dẫn vào phần kết quả, ví dụ: “… báo cáo kết "
    "quả thực hiện như sau:”. Không ghi số sản phẩm: phần mềm tính từ sổ dữ liệu.",
    "thuan_loi": "Nêu những thuận lợi trong năm {year}, mỗi ý một dòng bắt đầu bằng dấu -.",
    "kho_khan": "Nêu khó khăn, vướng mắc, tồn tại và nguyên nhân, mỗi ý một dòng bắt đầu "
    "bằng dấu -.",
    "bai_hoc": "Nêu các bài học kinh nghiệm (Một là, …; Hai là, …), mỗi bài học một đoạn.",
    "phuong_huong": "Nêu phương hướng, nhiệm vụ năm {next}; có thể chia tiểu mục bằng các "
    "dòng ### a) Tên tiểu mục.",
    "de_xuat": "Nêu đề xuất, kiến nghị với từng cơ quan; có thể chia tiểu mục bằng các dòng "
    "### a) Đối với ….",
}
_PREAMBLE = (
    "Nội dung báo cáo năm {year}. Phần trước dòng ## đầu tiên không in ra báo cáo. "
    "Mỗi mục bắt đầu bằng một dòng ## Tên mục: giữ nguyên tên các mục. Thay mỗi đoạn "
    "trong ngoặc vuông có dấu « {mark} » bằng nội dung của mục; báo cáo còn cảnh báo đến "
    "khi hết các dấu này. Không ghi số liệu sản phẩm, chủ thể, điểm bán: phần mềm tính "
    "từ sổ dữ liệu ocop.xlsx."
)


def first_text(name: str, year: int) -> str:
    """The first ``bao_cao.md`` of a new province: every key, every section."""
    values, marks = _first_values(name, year)
    head = front_matter(values, marks, f"Báo cáo năm {year} – tỉnh {name}")
    lines = [_PREAMBLE.format(year=year, mark=MARK), ""]
    for section in contract().sections:
        ask = _ASK[section["key"]].format(year=year, next=year + 1)
        lines += [f"## {section['title']}", "", f"[{MARK}: {ask}]", ""]
    return head + "\n" + "\n".join(lines)


# -- the front matter --------------------------------------------------------------

_HEAD_NOTES = [
    "Phần khai báo đầu tệp (YAML), giữa hai dòng ---: mỗi dòng một khoá: giá trị.",
    "Dòng bắt đầu bằng dấu # là ghi chú, không in ra báo cáo. Khoá (bắt buộc) phải có "
    "giá trị; để trống một khoá: ghi null.",
    f"Giá trị có ghi chú « {MARK} » cần được xem lại: sửa nếu cần rồi xoá ghi chú đó; "
    "báo cáo còn cảnh báo đến khi hết các dấu này.",
]


def _dump(value) -> str:
    return yaml.safe_dump(
        value, allow_unicode=True, default_flow_style=False, sort_keys=False, width=10**6
    ).rstrip("\n")


def _with_mark(text: str, mark: str | None) -> str:
    """A YAML line with its review mark beside it; a value of several lines gets
    it on the line above (a comment inside a block would become its text)."""
    if not mark:
        return text
    if "\n" in text:
        return f"# {MARK}: {mark}\n{text}"
    return f"{text}  # {MARK}: {mark}"


def front_matter(values: dict, marks: dict, title: str) -> str:
    """The front matter between ``---`` lines: every key of the contract with its
    Vietnamese help as a comment above it, then any other key of ``values``;
    ``marks``: key → the review mark beside its value (for a list: item
    index → mark)."""
    help_of = {i["key"]: i for i in contract().front_matter}
    lines = ["---", f"# {title}", *(f"# {n}" for n in _HEAD_NOTES)]
    keys = list(help_of) + [k for k in values if k not in help_of]
    for key in keys:
        value, mark = values.get(key), marks.get(key)
        item = help_of.get(key)
        if item is not None:
            kind = frontmatter.describe(item)
            lines.append(
                f"# {item['help']}"
                + (f" — {kind}" if kind else "")
                + (" (bắt buộc)" if item.get("required") else "")
            )
        if isinstance(value, list) and value:
            lines.append(f"{key}:")
            for i, v in enumerate(value):
                text = "\n".join("  " + t for t in _dump([v]).splitlines())
                lines.append(_with_mark(text, (mark or {}).get(i)))
        else:
            lines.append(_with_mark(_dump({key: value}), mark if isinstance(mark, str) else None))
    text = "\n".join(lines) + "\n---\n"
    if (yaml.safe_load(split_front_matter(text)[0]) or {}) != {k: values.get(k) for k in keys}:
        raise StartError(_("the front matter could not be written as it was read"))
    return text


# -- ocop new-year -----------------------------------------------------------------


def new_year(data_dir: Path, slug: str, year: int) -> tuple[Path, Path]:
    """Write ``data_dir/slug/<year>/bao_cao.md`` from the latest previous year's;
    returns (the new file, the file it came from). Raises StartError (it
    exists, no previous year) or InputError (the previous text is faulty)."""
    _check_year(year)
    folder = Path(data_dir) / slug
    if not re.fullmatch(SLUG, slug) or not folder.is_dir():
        raise StartError(
            _(
                "no province {slug!r} in {data_dir}: start it with "
                'ocop init --province {slug} --name "…" --year {year}'
            ).format(slug=slug, data_dir=data_dir, year=year)
        )
    target = folder / str(year) / TEXT
    if target.exists():
        raise StartError(
            _(
                "{target} already exists: ocop new-year never writes over a report text. "
                "Edit it, or delete it first to start it again from the previous year"
            ).format(target=target)
        )
    years = [
        int(p.name)
        for p in folder.iterdir()
        if p.name.isdigit() and int(p.name) < year and (p / TEXT).is_file()
    ]
    if not years:
        raise StartError(
            _(
                "no report text of a year before {year} in {folder}: write {target} "
                "by hand, or start from a later year's text by copying it there"
            ).format(year=year, folder=folder, target=target)
        )
    source = folder / str(max(years)) / TEXT
    read_report_text(source, max(years))  # a faulty text is fixed first (InputError)
    text = next_text(frontmatter.decode(source), max(years), year, source.name)
    read_report_text_of(text, target, year)
    _place(target, text)
    return target, source


def read_report_text_of(text: str, target: Path, year: int) -> None:
    """The new text reads back without an error (checked before it is written)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / target.name
        path.write_text(text, encoding="utf-8")
        try:
            read_report_text(path, year)
        except InputError as exc:  # named as the file it would be
            raise InputError([replace(p, file=str(target)) for p in exc.problems]) from None


def _place(target: Path, text: str) -> None:
    """Write ``target``; a year folder that does not exist is made beside it and
    renamed into place, with the file already in it."""
    if target.parent.is_dir():
        write_text_atomic(target, text)
        return
    tmp = Path(tempfile.mkdtemp(dir=target.parent.parent, prefix=f".{target.parent.name}."))
    try:
        (tmp / target.name).write_text(text, encoding="utf-8")
        os.chmod(tmp, 0o755)
        os.chmod(tmp / target.name, 0o644)
        os.rename(tmp, target.parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def next_text(text: str, old: int, year: int, file: str = TEXT) -> str:
    """The text of ``year`` from the text of ``old``: its front matter moved to
    the new year and marked, its body's lines with dates and numbers marked."""
    text = nfc_text(text)
    head, body, _end = split_front_matter(text)
    try:
        meta = yaml.safe_load(head) or {}
    except yaml.YAMLError as exc:
        raise StartError(
            _("{file}: the front matter is not valid YAML ({exc}); fix it first").format(
                file=file, exc=exc
            )
        ) from exc
    if not isinstance(meta, dict):
        meta = {}
    values, marks = _moved(meta, old, year)
    title = f"Báo cáo năm {year}, bắt đầu từ báo cáo năm {old} (ocop new-year)"
    return front_matter(values, marks, title) + mark_body(body, old)


def _moved(meta: dict, old: int, year: int) -> tuple[dict, dict]:
    """Front-matter values moved to ``year`` and the review mark of each value
    that held a date or a number of the old year's text."""
    values, marks = dict(meta), {}
    for key, value in meta.items():
        if isinstance(value, list):
            found = {i: _tokens(str(v)) for i, v in enumerate(value)}
            marks[key] = {i: _from(old, t) for i, t in found.items() if t}
        elif value is not None and not isinstance(value, bool) and _tokens(str(value)):
            marks[key] = _from(old, _tokens(str(value)))
    as_of = meta.get("as_of")
    if isinstance(as_of, dt.date):
        values["as_of"] = _same_day(as_of, year)
        marks["as_of"] = f"ngày chốt số liệu, năm {old} là {as_of.isoformat()}; sửa nếu cần"
    if meta.get("nam") is not None:
        values["nam"] = year
        marks["nam"] = f"năm ban hành, đã đổi từ {meta['nam']}"
    if meta.get("ngay") is not None:
        values["ngay"] = None
        marks["ngay"] = f"ngày ban hành năm {old} là {meta['ngay']}; đã để trống, ghi khi ký"
    if meta.get("thang") is not None:
        marks["thang"] = f"tháng ban hành của báo cáo năm {old}"
    number = re.match(r"\s*\d+\s*(/.*)$", str(meta.get("so_ky_hieu") or ""))
    if number:
        values["so_ky_hieu"] = number.group(1)
        marks["so_ky_hieu"] = f"số của báo cáo năm {old} là {meta['so_ky_hieu']}; đã xoá số"
    if isinstance(meta.get("trich_yeu"), str) and str(old) in meta["trich_yeu"]:
        values["trich_yeu"] = re.sub(rf"\b{old}\b", str(year), meta["trich_yeu"])
        rest = [t for t in _tokens(meta["trich_yeu"]) if t != str(old)]
        marks["trich_yeu"] = f"đã đổi năm {old} thành {year}" + (
            f"; xem lại {', '.join(rest)}" if rest else ""
        )
    return values, {k: v for k, v in marks.items() if v}


def _same_day(day: dt.date, year: int) -> dt.date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def _tokens(line: str) -> list[str]:
    """The dates, document numbers and numbers of a line, in order, once each;
    not a list item's number, nor stars (``3 sao``)."""
    line = _LEAD.sub("", line, count=1)
    found = []
    for m in _TOKEN.finditer(line):
        if _STARS.match(line, m.end()):
            continue
        token = m.group().strip()
        if token not in found:
            found.append(token)
    return found


def _from(old: int, tokens: list[str]) -> str:
    return f"số, ngày từ báo cáo năm {old}: {', '.join(tokens)}"


def mark_body(body: str, old: int) -> str:
    """The body with a review mark at the end of every line (under a section
    heading, outside code) that holds a date or a number; the section
    headings themselves are left as they are (the report matches them)."""
    out, started, fenced = [], False, False
    for line in body.splitlines():
        if line.startswith("## "):
            started = True
        elif line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif started and not fenced and f"[{MARK}:" not in line:
            tokens = _tokens(line)
            if tokens:
                line = f"{line.rstrip()} [{MARK}: {_from(old, tokens)}]"
        out.append(line)
    return "\n".join(out) + "\n"
