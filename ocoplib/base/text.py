"""Vietnamese text: NFC, matching that ignores case and tone placement,
ASCII slugs, Vietnamese alphabetical order and one tone-mark style."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Tone marks (dấu thanh) as combining characters, in dictionary order:
# huyền, hỏi, ngã, sắc, nặng.
TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
# Marks that change the vowel itself (â, ă, ơ, ư ...), kept with their letter.
_QUALITY = {"\u0302", "\u0306", "\u031b"}

_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_RANK = {unicodedata.normalize("NFD", ch): i for i, ch in enumerate(_ALPHABET)}
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
#: Tone-mark styles (``bao_cao.md``: ``kieu_dau_thanh``): ``cũ``, the old one
#: that most of the seed uses (``hóa``, ``thủy``, ``khỏe``), and ``mới``
#: (``hoá``, ``thuỷ``, ``khoẻ``).
TONE_STYLES = ("cũ", "mới")
DEFAULT_TONE_STYLE = "cũ"
# Open syllables whose tone mark the two styles place differently.
_GLIDES = ("oa", "oe", "uy")
_VOWELS = set("aăâeêioôơuưy")


def nfc(value: str) -> str:
    """NFC with stray spaces trimmed and inner runs of white space folded."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", value)).strip()


# Characters that show as nothing: zero-width spaces and joiners, the word
# joiner, the soft hyphen, the byte-order mark and the bidirectional marks.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
# Dashes and minus signs that look like the ASCII hyphen.
_DASHES = re.compile("[\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d]")


def identifier(value: str) -> str:
    """An identifier as typed, cleaned: NFC, invisible characters removed,
    Unicode dashes as ``-``, every run of (Unicode) white space as one space.
    Two identifiers are the same when their :func:`identifier_key` is."""
    return nfc(_DASHES.sub("-", _INVISIBLE.sub("", unicodedata.normalize("NFKC", value))))


def identifier_key(value: str) -> str:
    """The key that compares identifiers: :func:`identifier`, case-folded."""
    return identifier(value).casefold()


def _letters(text: str) -> list[tuple[str, str]]:
    """Split NFD text into (letter with its quality marks, tone mark or '')."""
    out: list[list[str]] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and out:
            if ch in TONES:
                out[-1][1] = ch
            elif ch in _QUALITY:
                out[-1][0] += ch
            # other combining marks are dropped
        else:
            out.append([ch, ""])
    return [(a, b) for a, b in out]


# A workbook repeats the same few names (units, list values) on every row.
@lru_cache(maxsize=1 << 16)
def fold(value: str) -> str:
    """A key for matching names: case-, tone-placement- and space-insensitive.

    ``hoà``/``hòa`` and ``thuỷ``/``thủy`` fold alike: each word's tone mark is
    moved from its vowel to the end of the word.
    """
    words = []
    for word in nfc(str(value)).casefold().split(" "):
        letters = _letters(word)
        base = "".join(a for a, _ in letters)
        tones = "".join(t for _, t in letters if t)
        words.append(base + tones)
    return " ".join(words)


def slugify(value: str) -> str:
    """ASCII slug: ``Thành phố Quảng Ngãi`` → ``thanh-pho-quang-ngai``."""
    text = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def sort_key(value: str) -> tuple:
    """Vietnamese alphabetical order (a ă â b c d đ e ê …), tones second."""
    primary, secondary = [], []
    for letter, tone in _letters(nfc(str(value)).casefold()):
        if letter in _RANK:
            primary.append((2, _RANK[letter]))
        elif letter.isdigit():
            primary.append((1, ord(letter)))
        else:
            primary.append((0 if letter == " " else 3, ord(letter[0])))
        secondary.append(TONES.index(tone) + 1 if tone else 0)
    return tuple(primary), tuple(secondary), value


def vn_sorted(values, key=None):
    """Sort in Vietnamese alphabetical order (optionally through ``key``)."""
    if key is None:
        return sorted(values, key=sort_key)
    return sorted(values, key=lambda v: sort_key(key(v)))


def _retone(word: str, new: bool) -> str:
    letters = _letters(word)
    base = "".join(a for a, _ in letters).casefold()
    plain = unicodedata.normalize("NFC", base)
    tone = next((t for _, t in letters if t), "")
    if (
        not tone
        or len(letters) < 2
        or not plain.endswith(_GLIDES)
        or (len(plain) > 2 and (plain[-3] in _VOWELS or plain[-3:] == "quy"))
    ):
        return word
    at = len(letters) - (1 if new else 2)
    out = [a + (tone if i == at else "") for i, (a, _) in enumerate(letters)]
    return unicodedata.normalize("NFC", "".join(out))


def tone_style(text: str, style: str | None = None) -> str:
    """Place the tone marks of ``oa``, ``oe``, ``uy`` in one style
    (:data:`TONE_STYLES`, with or without its marks; None: the default, the
    old style of the seed: ``hóa``, ``thủy``)."""
    key = slugify(style or DEFAULT_TONE_STYLE)
    if key not in {slugify(s) for s in TONE_STYLES}:
        raise ValueError(f"unknown tone-mark style {style!r}; choose from {', '.join(TONE_STYLES)}")
    new = key == slugify("mới")
    return _WORD.sub(lambda m: _retone(m[0], new), unicodedata.normalize("NFC", text))
