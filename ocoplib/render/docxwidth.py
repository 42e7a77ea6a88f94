"""Column widths of the Word tables: the printed width of the text that must
not break across lines (numbers with their unit sign, dates, document
numbers), estimated from the advance widths of the table font."""

from __future__ import annotations

import re

#: Advance widths of Times New Roman, in em, by kind of character (bold a little wider).
_EM = {"digit": 0.5, "upper": 0.69, "lower": 0.47, "narrow": 0.28, "space": 0.25, "wide": 0.85}
#: Word's default cell margins (left and right) plus a little room, in mm.
_CELL_MARGIN_MM = 4.6
_TABLE_PT = 11  # the size of the "Table Text" style
_NUMERIC = re.compile(r"^[\d\s.,%/\u00a0\u2060–-]+$")


def text_mm(text: str, bold: bool = False, size_pt: float = _TABLE_PT) -> float:
    """The printed width of ``text`` at ``size_pt``, in mm (an estimate)."""
    em = 0.0
    for ch in text:
        if ch.isdigit():
            kind = "digit"
        elif ch in " \u00a0":
            kind = "space"
        elif ch in ".,:;/'()-\u2060|!ilIjtf":
            kind = "narrow"
        elif ch in "%mwMW@—":
            kind = "wide"
        else:
            kind = "upper" if ch.isupper() else "lower"
        em += _EM[kind] if ch != "\u2060" else 0
    return em * size_pt * 25.4 / 72 * (1.06 if bold else 1.0)


def _tokens(text: str) -> list[str]:
    """What Word may not break: a number with its unit sign (``18,57 %``) or a
    date as a whole; else each word (``2315/QĐ-UBND`` is one)."""
    text = re.sub(r"[ \t\r\n]+", " ", text).strip()
    if text and _NUMERIC.match(text):
        return [text]
    return text.split()


def unbreakable_mm(rows, j: int, bold: bool = False) -> float:
    """The width column ``j`` needs so that none of its tokens breaks: in the
    body, the tokens with a digit (numbers, dates, document numbers); in the
    header, every word."""
    widest = 0.0
    for cells in rows:
        if j >= len(cells):
            continue
        for token in _tokens(cells[j].text_content()):
            if bold or any(ch.isdigit() for ch in token):
                widest = max(widest, text_mm(token, bold))
    return widest + _CELL_MARGIN_MM if widest else 0.0


def at_least(widths: list[float], floor: list[float]) -> list[float]:
    """``widths`` with every column raised to its floor, the extra taken from
    the columns above theirs in proportion (the total is kept)."""
    widths = list(widths)
    while True:
        short = [j for j, w in enumerate(widths) if w < floor[j] - 1e-9]
        if not short:
            return widths
        extra = sum(floor[j] - widths[j] for j in short)
        rest = [j for j in range(len(widths)) if j not in short]
        spare = sum(widths[j] - floor[j] for j in rest)
        for j in short:
            widths[j] = floor[j]
        for j in rest:
            widths[j] -= extra * (widths[j] - floor[j]) / (spare or 1)
