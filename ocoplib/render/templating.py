"""The Jinja environment of the report's templates (``templates/``), with the
Vietnamese number and date filters, and the HTML fragments it renders."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from markupsafe import Markup

from ocoplib.base import vnformat

TEMPLATES = Path(__file__).with_name("templates")


class Html(Markup):
    """An HTML fragment that a notebook shows as rendered HTML."""

    def _repr_html_(self) -> str:
        return str(self)


@pass_context
def _count(context, value) -> str:
    """Counts in prose; a template's ``leading_zero`` (from bao_cao.md) turns
    the leading zero of small counts off."""
    return vnformat.count(value, context.get("leading_zero"))


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(
        count=_count,
        number=vnformat.number,
        percent=vnformat.percent,
        vndate=vnformat.date,
        date_range=vnformat.date_range,
        join_vn=vnformat.join,
        capfirst=vnformat.capitalize_first,
        lowerfirst=vnformat.lower_first,
        lines=balanced_lines,
    )
    return env


def balanced_lines(text: str, width: int) -> list[str]:
    """Break ``text`` on spaces into as few lines of at most ``width``
    characters as it needs, about even, upper lines a little longer, the way a
    typist sets a letterhead or a title (``VĂN PHÒNG ĐIỀU PHỐI`` / ``NÔNG
    THÔN MỚI``)."""
    words = str(text or "").split()
    if not words:
        return []
    n = min(max(1, -(-len(" ".join(words)) // width)), len(words))
    slack = width // 4  # how much longer an upper line may be than the ones below

    @cache
    def best(start: int, lines: int) -> tuple[float, tuple[int, ...]]:
        # (cost, cut positions) for words[start:] set in ``lines`` lines
        if lines == 1:
            return len(" ".join(words[start:])), ()
        found = (float("inf"), ())
        for cut in range(start + 1, len(words) - lines + 2):
            head = len(" ".join(words[start:cut]))
            if head > width and cut > start + 1:
                break
            rest, cuts = best(cut, lines - 1)
            cost = max(head - slack, rest)
            if cost < found[0]:
                found = (cost, (cut, *cuts))
        return found

    cuts = (0, *best(0, n)[1], len(words))
    return [" ".join(words[a:b]) for a, b in zip(cuts, cuts[1:], strict=False)]


def render(template: str, **context) -> Html:
    return Html(environment().get_template(template).render(**context))
