"""The front matter of a report text, checked against its declaration (the
``type``, ``min`` and ``max`` of every key under ``report_text.front_matter``
in ``base/contract.yaml``, the same entries ``ocop init`` documents), and the
file itself: its encoding and its control characters. Every problem names
the file, the line, the key, the value and what was expected."""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ocoplib.base.contract import contract
from ocoplib.base.problems import InputError, Problem
from ocoplib.base.text import TONE_STYLES, slugify
from ocoplib.base.vnformat import DATE_STYLES

#: Where in the text a problem is: its front matter or its body (shown to officers).
FRONT_MATTER = "phần khai báo đầu tệp"
BODY = "phần nội dung"
#: Yes and no, as an analyst writes them (folded by :func:`slugify`).
YES = ("co", "yes", "true", "dung")
NO = ("khong", "no", "false", "sai")
#: The closed lists of the ``choice`` keys, and how their values are compared.
CHOICES = {"dinh_dang_ngay": (DATE_STYLES, str), "kieu_dau_thanh": (TONE_STYLES, slugify)}
_ALLOWED_CONTROLS = "\t\r"


def problem(file, part, line, key, value, expected: tuple[str, str], suggestion=None) -> Problem:
    """An error of the text; ``expected`` and ``suggestion``: (English, Vietnamese)."""
    english, vietnamese = suggestion or (None, None)
    return Problem(
        "error",
        file,
        part,
        line,
        key,
        value,
        expected[0],
        english,
        expected_vi=expected[1],
        suggestion_vi=vietnamese,
    )


# -- the file --------------------------------------------------------------------------

_SAVE_AS = (
    "open the file in a text editor and save it with the encoding UTF-8 "
    "(Notepad: File › Save as › Encoding: UTF-8)",
    "mở tệp bằng một trình soạn thảo văn bản và lưu lại với bảng mã UTF-8 "
    "(Notepad: Tệp › Lưu thành › Mã hoá: UTF-8)",
)


def decode(path: Path) -> str:
    """The text of a report file: UTF-8, a byte-order mark dropped; any other
    encoding raises InputError naming the one found and what to do."""
    raw = path.read_bytes()
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or raw[:200].count(0) > 2:
        found = ("UTF-16", None)
    else:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            text = raw.split(b"\n")[line - 1].decode("cp1258", "replace").strip()
            found = ("Windows-1258 (or another legacy Vietnamese encoding)", (line, text))
    line, value = found[1] or (None, None)
    expected = (
        f"a text file in UTF-8; this one is in {found[0]}",
        f"một tệp văn bản mã UTF-8; tệp này đang ở bảng mã {found[0]}",
    )
    raise InputError([problem(str(path), None, line, None, value, expected, _SAVE_AS)])


def controls(text: str, file: str, head_end: int) -> list[Problem]:
    """An error for every line holding a control character (a tab excepted):
    they print as nothing or garbage and break the PDF's text."""
    found = []
    for n, line in enumerate(text.split("\n"), start=1):
        bad = [c for c in line if unicodedata.category(c) == "Cc" and c not in _ALLOWED_CONTROLS]
        if not bad:
            continue
        in_head = n <= head_end
        key = line.split(":", 1)[0].strip() if in_head and ":" in line else None
        shown = "".join(f"U+{ord(c):04X}" if c in bad else c for c in line.strip())
        found.append(
            problem(
                file,
                FRONT_MATTER if in_head else BODY,
                n,
                key if key and not key.startswith(("#", "-")) else None,
                shown,
                _no_controls(sorted(set(bad))),
                (
                    "delete the character (it cannot be seen in most editors)",
                    "xoá ký tự đó (phần lớn trình soạn thảo không hiện ký tự này)",
                ),
            )
        )
    return found


def _no_controls(chars) -> tuple[str, str]:
    names = ", ".join(f"U+{ord(c):04X}" for c in chars)
    return (
        f"a text without control characters (found: {names})",
        f"nội dung không có ký tự điều khiển (có: {names})",
    )


# -- the front matter ------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """YAML as the report reads it: a date that does not exist (2024-02-30)
    stays the text it is, so that the check can name it."""


def _timestamp(loader, node):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


@dataclass
class Places:
    """Where the front matter gives each key: its line, the lines of a list's
    items, the value as written (a scalar's text)."""

    lines: dict[str, int] = field(default_factory=dict)
    items: dict[str, list[int]] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)


def load(head: str, file: str) -> tuple[dict, Places]:
    """(values, where they are); the front matter starts on line 2. Raises
    yaml.YAMLError on bad syntax, InputError when it is not ``key: value``
    lines or repeats a key."""
    node = yaml.compose(head, Loader=_Loader)
    meta = yaml.load(head, Loader=_Loader)
    if node is None or meta is None:
        return {}, Places()
    if not isinstance(node, yaml.MappingNode):
        expected = (
            "lines 'key: value' (e.g. thang: 11)",
            "các dòng dạng « khoá: giá trị » (ví dụ thang: 11)",
        )
        line = node.start_mark.line + 2
        raise InputError([problem(file, FRONT_MATTER, line, None, head.strip()[:80], expected)])
    places = Places()
    lines, problems = places.lines, []
    for key_node, value_node in node.value:
        key, line = str(key_node.value), key_node.start_mark.line + 2
        if key in lines:
            expected = (
                f"each key once; '{key}' is already given on line {lines[key]}",
                f"mỗi khoá một lần; khoá '{key}' đã có ở dòng {lines[key]}",
            )
            problems.append(problem(file, FRONT_MATTER, line, key, value_node.value, expected))
        lines[key] = line
        if isinstance(value_node, yaml.SequenceNode):
            places.items[key] = [v.start_mark.line + 2 for v in value_node.value]
        elif isinstance(value_node, yaml.ScalarNode):
            places.written[key] = value_node.value
    if problems:
        raise InputError(problems)
    return {str(k): v for k, v in meta.items()}, places


def _text(value) -> tuple[str, str] | None:
    """What a text value should have been, or None when it is one."""
    if isinstance(value, str):
        bad = sorted({c for c in value if unicodedata.category(c) == "Cc"})
        return _no_controls(bad) if bad else None
    return (
        "a text (put it in quotes if it is a number or a date)",
        "một đoạn chữ (đặt trong dấu ngoặc kép nếu là số hoặc ngày)",
    )


def describe(item: dict) -> str | None:
    """A key's type as ``ocop init`` documents it above the key (Vietnamese):
    what :func:`convert` accepts."""
    kind = item.get("type", "text")
    if kind == "integer":
        return f"số nguyên từ {item['min']} đến {item['max']}"
    return {
        "date": "một ngày có thật",
        "list": "danh sách, mỗi mục một dòng bắt đầu bằng '  - '",
        "bool": "ghi: có hoặc không",
    }.get(kind)


def convert(key: str, value, item: dict):
    """``value`` as the key's declared type, or ``(english, vietnamese)``
    (a tuple of two texts) saying what was expected."""
    kind = item.get("type", "text")
    if kind == "integer":
        number = int(value) if isinstance(value, str) and value.strip().isdigit() else value
        low, high = item["min"], item["max"]
        if isinstance(number, int) and not isinstance(number, bool) and low <= number <= high:
            return number
        return (
            f"a whole number from {low} to {high}",
            f"một số nguyên từ {low} đến {high}",
        )
    if kind == "date":
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value.strip()):
            with contextlib.suppress(ValueError):  # as_of: "2024-10-31", quoted
                return dt.date(*map(int, value.strip().split("-")))
        return (
            "a date that exists, written yyyy-mm-dd (e.g. 2024-10-31)",
            "một ngày có thật, viết dạng năm-tháng-ngày (ví dụ 2024-10-31)",
        )
    if kind == "bool":
        word = slugify(str(value)) if isinstance(value, str) else None
        if isinstance(value, bool) or word in YES + NO:
            return value if isinstance(value, bool) else word in YES
        return (
            "có or không (or yes/no, true/false)",
            "có hoặc không (hoặc yes/no, true/false)",
        )
    if kind == "list":
        if isinstance(value, list):
            return value
        return (
            "a list: one line per entry, each starting with '  - '",
            "một danh sách: mỗi mục một dòng, bắt đầu bằng '  - '",
        )
    if kind == "choice":
        allowed, key_of = CHOICES[key]
        if isinstance(value, str) and key_of(value) in {key_of(a) for a in allowed}:
            return value
        return ("one of: " + ", ".join(allowed), "một trong các giá trị: " + ", ".join(allowed))
    return _text(value) or value


def check(meta: dict, places: Places, file: str, year: int) -> tuple[dict, list[Problem]]:
    """The values of the declared keys as their types, and an error for each
    one that is not (an empty value is left to the required-keys check)."""
    declared = {i["key"]: i for i in contract().front_matter}
    lines, items = places.lines, places.items
    out, problems = dict(meta), []
    for key, value in meta.items():
        item = declared.get(key)
        if item is not None and item.get("type", "text") != "text" and value == "":
            out[key] = value = None  # ``thang: ""``: left empty, as null
        if item is None or value is None:
            continue
        got = convert(key, value, item)
        if isinstance(got, tuple):
            shown = places.written.get(key, value)
            problems.append(problem(file, FRONT_MATTER, lines.get(key), key, shown, got))
            continue
        out[key] = got
        for i, entry in enumerate(got if item.get("type") == "list" else []):
            wrong = _text(entry)
            if wrong:
                line = (items.get(key) or [None] * len(got))[i]
                problems.append(problem(file, FRONT_MATTER, line, key, entry, wrong))
    if not {p.column for p in problems} & {"ngay", "thang", "nam"}:
        problems += _day_of_month(out, lines, file, year)
    return out, problems


def _day_of_month(meta: dict, lines: dict, file: str, year: int) -> list[Problem]:
    """``ngay`` must be a day of ``thang`` (of ``nam``, else the report's year)."""
    day, month, year = meta.get("ngay"), meta.get("thang"), meta.get("nam") or year
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (day, month, year)):
        return []
    try:
        dt.date(year, month, day)
    except ValueError:
        last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
        expected = (
            f"a day of month {month}/{year}: from 1 to {last}",
            f"một ngày của tháng {month}/{year}: từ 1 đến {last}",
        )
        return [problem(file, FRONT_MATTER, lines.get("ngay"), "ngay", day, expected)]
    return []
