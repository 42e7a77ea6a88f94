"""Figures of the report. Each function takes plain data and returns a
:class:`Chart` (a matplotlib ``Figure`` with its caption and alt text); none
touches pyplot or the global rcParams: the house style ``ocop.mplstyle``,
shipped with the package, is applied in a ``rc_context`` while drawing and
saving. A figure has no title of its own: the caption under it is its
title. Series differ by tone *and* hatch, so they stay apart in
black-and-white print; numbers on axes and labels use Vietnamese forms."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from pathlib import Path

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator, MultipleLocator

from ocoplib.base import vnformat
from ocoplib.render.templating import Html

STYLE = str(Path(__file__).with_name("ocop.mplstyle"))
#: Tones and hatches of the series, in order: dark solid, light hatched, mid dotted.
DARK, LIGHT, MID, PALE = "#1f4e79", "#a6c8e8", "#7f7f7f", "#d9d9d9"
SERIES = [
    {"color": DARK, "hatch": "", "hatchcolor": "white"},
    {"color": LIGHT, "hatch": "///", "hatchcolor": DARK},
    {"color": MID, "hatch": "...", "hatchcolor": "white"},
]
#: PNG text chunks are fixed so that the same data gives the same bytes.
PNG_METADATA = {"Software": None}
#: Figures are as wide as the text of the A4 page (16 cm), so that their text
#: prints at its size; the smallest text of a figure, labels at bar ends.
WIDTH, SMALL = 6.3, 9
#: The figure's width in CSS pixels (96 a inch) at print size, never less on a screen.
PRINT_PX = round(WIDTH * 96)


@dataclass
class Chart:
    """A figure of the report with what a reader needs beside it."""

    key: str
    figure: Figure
    caption: str
    alt: str

    def png(self) -> bytes:
        buf = io.BytesIO()
        with rc_context(fname=STYLE):
            self.figure.savefig(buf, format="png", metadata=PNG_METADATA)
        return buf.getvalue()

    def html(self, number: int | None = None) -> Html:
        """``<figure>`` with the PNG as a data URI, the alt text and a caption
        (``Biểu đồ 2. …`` when numbered). On a screen narrower than the
        figure (a phone) the image keeps its print size, 16 cm, and scrolls
        sideways in its frame, so that its text stays legible; the page itself
        does not scroll. On a screen, ``Xem cỡ lớn`` opens the same figure over
        the page at the image's full size (``:target`` in report.css, no
        script, the image not repeated); print and the Word file show neither
        link. (A link to the image's own data URI would double the PDF with
        link annotations, and browsers refuse to open data URIs.)"""
        data = base64.b64encode(self.png()).decode("ascii")
        label = f"Biểu đồ {number}. " if number else ""
        ident = f"bieu-do-{self.key.replace('_', '-')}"
        return Html(
            '<figure class="chart" id="{}">'
            '<div class="chart-frame" style="overflow-x: auto">'
            '<img src="data:image/png;base64,{}" alt="{}" style="min-width: {}px"></div>'
            '<figcaption><span class="figure-label">{}</span>{}</figcaption>'
            '<p class="chart-links"><a class="chart-open" href="#{}">Xem cỡ lớn</a>'
            '<a class="chart-close" href="#{}-dong">Đóng</a></p></figure>'
        ).format(ident, Html(data), self.alt, PRINT_PX, label, self.caption, ident, ident)

    def _repr_html_(self) -> str:
        return str(self.html())

    def close(self) -> None:
        self.figure.clear()


def _count_axis(axis) -> None:
    axis.set_major_formatter(FuncFormatter(lambda v, _: vnformat.number(v, 0)))
    axis.set_major_locator(MaxNLocator(integer=True, nbins=6))


def _percent_axis(axis, step: int = 25) -> None:
    axis.set_major_formatter(FuncFormatter(lambda v, _: vnformat.percent(v, 0)))
    axis.set_major_locator(MultipleLocator(step))


def _figure(width: float, height: float) -> tuple[Figure, object]:
    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.subplots()


def stars_by_unit(rows: list[tuple[str, dict[int, int]]], caption: str) -> Chart:
    """Horizontal stacked bars: OCOP products per unit by stars, with the
    unit's total at the end of its bar. ``rows`` are (unit name, {stars:
    count}) in display order."""
    with rc_context(fname=STYLE):
        fig, ax = _figure(WIDTH, max(2.4, 0.32 * len(rows) + 1.3))
        names = [name for name, _ in rows][::-1]
        left = [0] * len(rows)
        for style, stars in zip(SERIES, (3, 4, 5), strict=True):
            values = [counts.get(stars, 0) for _, counts in rows][::-1]
            if not any(values):
                continue
            ax.barh(names, values, left=left, label=f"{stars} sao", height=0.7, **style)
            left = [a + b for a, b in zip(left, values, strict=True)]
        top = max(left, default=0) or 1
        for y, total in enumerate(left):
            ax.text(total + top * 0.01, y, vnformat.number(total, 0), va="center", fontsize=SMALL)
        _count_axis(ax.xaxis)
        ax.set_xlim(0, top * 1.1)
        ax.set_xlabel("Số sản phẩm")
        _legend(fig, ax)
    total = sum(sum(c.values()) for _, c in rows)
    best = max(rows, key=lambda r: sum(r[1].values())) if rows else ("", {})
    by_star = "; ".join(
        f"{s} sao: {vnformat.number(sum(c.get(s, 0) for _, c in rows), 0)}"
        for s in (3, 4, 5)
        if any(c.get(s, 0) for _, c in rows)
    )
    alt = (
        f"Biểu đồ thanh ngang xếp chồng: số sản phẩm OCOP của {len(rows)} đơn vị, "
        f"tổng cộng {vnformat.number(total, 0)} sản phẩm ({by_star}); nhiều nhất là "
        f"{best[0]} với {vnformat.number(sum(best[1].values()), 0)} sản phẩm."
    )
    return Chart("stars_by_unit", fig, caption, alt)


def new_products_by_year(
    counts: dict[int, int],
    caption: str,
    partial: str | None = None,
    stacks: dict[str, dict[int, int]] | None = None,
    change: tuple[int, str] | None = None,
    where: str | None = None,
) -> Chart:
    """Vertical bars: OCOP products certified for the first time, per year.
    ``partial`` names the cut-off of the last year when it is not complete
    (``31/10/2024``): that bar is drawn light and hatched. ``stacks`` splits
    the bars by former province, ``change`` (year, label) marks the year the
    province's area changed, and ``where`` names the area every year counts
    (for the alt text)."""
    years = sorted(counts)
    values = [counts[y] for y in years]
    with rc_context(fname=STYLE):
        fig, ax = _figure(WIDTH, 3.2)
        labels = [str(y) for y in years]
        if stacks and len(stacks) > 1:
            bottom = [0] * len(years)
            for i, (name, series) in enumerate(stacks.items()):
                part = [series.get(y, 0) for y in years]
                ax.bar(
                    labels, part, width=0.6, bottom=bottom, label=name, **SERIES[i % len(SERIES)]
                )
                bottom = [a + b for a, b in zip(bottom, part, strict=True)]
            bars = ax.bar(labels, [0] * len(years), width=0.6, bottom=bottom)
            _legend(fig, ax)
        else:
            bars = ax.bar(labels, values, width=0.6, **SERIES[0])
            if partial and bars:
                bars[-1].set_facecolor(LIGHT)
                bars[-1].set_hatch("///")
                bars[-1].set_hatchcolor(DARK)
        ax.bar_label(
            bars, labels=[vnformat.number(v, 0) for v in values], fontsize=SMALL, padding=2
        )
        if change and change[0] in years:
            x = years.index(change[0]) - 0.5
            ax.axvline(x, color=DARK, linestyle="--", linewidth=1)
            ax.text(
                x + 0.05,
                max(values, default=0) * 1.2 or 1,
                change[1],
                fontsize=SMALL,
                va="top",
                ha="left",
            )
        ax.grid(axis="x", visible=False)
        ax.grid(axis="y", visible=True)
        _count_axis(ax.yaxis)
        ax.set_ylim(0, max(values, default=0) * 1.25 or 1)
        ax.set_ylabel("Số sản phẩm")
        if partial and years:
            ax.set_xlabel(f"Năm {years[-1]}: số liệu đến ngày {partial}")
    parts = ", ".join(f"năm {y}: {vnformat.number(counts[y], 0)}" for y in years)
    peak = max(years, key=lambda y: counts[y]) if years else None
    alt = "Biểu đồ cột: số sản phẩm OCOP được công nhận lần đầu theo năm"
    alt += f" trên địa bàn {where}" if where else ""
    alt += f" ({parts})" + (f"; nhiều nhất là năm {peak}" if peak else "")
    if change:
        alt += f"; {vnformat.lower_first(change[1])}"
    return Chart("new_products_by_year", fig, caption, alt + ".")


def owners_by_type(rows: list[tuple[str, int, int]], caption: str) -> Chart:
    """Paired horizontal bars: owners and their OCOP products per owner type.
    ``rows`` are (type label, owners, products)."""
    with rc_context(fname=STYLE):
        fig, ax = _figure(WIDTH, max(2.4, 0.6 * len(rows) + 1.0))
        labels = [_wrap(r[0], 18) for r in rows][::-1]
        owners = [r[1] for r in rows][::-1]
        products = [r[2] for r in rows][::-1]
        y = range(len(rows))
        b1 = ax.barh([i + 0.2 for i in y], owners, height=0.4, label="Chủ thể", **SERIES[0])
        b2 = ax.barh([i - 0.2 for i in y], products, height=0.4, label="Sản phẩm", **SERIES[1])
        for bars in (b1, b2):
            ax.bar_label(
                bars,
                labels=[vnformat.number(b.get_width(), 0) for b in bars],
                fontsize=SMALL,
                padding=2,
            )
        ax.set_yticks(list(y), labels)
        _count_axis(ax.xaxis)
        ax.set_xlim(0, max(products + owners, default=0) * 1.15 or 1)
        ax.set_xlabel("Số chủ thể / số sản phẩm")
        _legend(fig, ax)
    parts = "; ".join(
        f"{r[0]}: {vnformat.number(r[1], 0)} chủ thể, {vnformat.number(r[2], 0)} sản phẩm"
        for r in rows
    )
    alt = f"Biểu đồ thanh ngang: chủ thể và sản phẩm OCOP theo loại hình ({parts})."
    return Chart("owners_by_type", fig, caption, alt)


def achievement(indicators: list, caption: str) -> Chart:
    """Achievement against targets: per indicator, the result as a share of
    its (minimum) target as a bar, the expected full-year result (where one
    is given) as a marker, so that a target with no result has no bar, a
    line at 100 % and the status at the end of each row. ``indicators``
    carry ``description``, ``unit``, ``actual``, ``expected``, ``target_min``,
    ``target_max`` and ``status_label`` (see ``ocoplib.domain.indicators``)."""

    def pct(value, target):
        return 0.0 if not target or value is None else 100.0 * value / target

    items = list(indicators)[::-1]  # the first indicator on top
    actual = [pct(i.actual, i.target_min) for i in items]
    expected = [(k, pct(i.expected, i.target_min)) for k, i in enumerate(items) if i.expected]
    with rc_context(fname=STYLE):
        fig, ax = _figure(WIDTH, max(2.2, 0.8 * len(items) + 1.2))
        y = list(range(len(items)))
        ax.barh(y, actual, height=0.55, label="Thực hiện", **SERIES[0])
        if expected:
            ax.plot(
                [e for _, e in expected],
                [k for k, _ in expected],
                linestyle="none",
                marker="D",
                markersize=7,
                markerfacecolor=LIGHT,
                markeredgecolor=DARK,
                label="Dự kiến cả năm",
            )
        ax.axvline(100, color="#000000", linewidth=1.0, linestyle=(0, (4, 2)))
        ends = [max([actual[k]] + [e for j, e in expected if j == k]) for k in y]
        right = max([100.0, *ends])
        for k, i in enumerate(items):
            text = (
                f"{vnformat.count(i.actual)}/{_target_text(i)} "
                f"({vnformat.percent(pct(i.actual, i.target_min))}) – {i.status_label}"
            )
            ax.text(
                ends[k] + right * 0.03,
                k,
                text,
                va="center",
                fontsize=SMALL,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0},
            )
        ax.set_yticks(y, [_wrap(vnformat.typeset(i.description), 28) for i in items])
        step = 25 if right <= 150 else 50
        _percent_axis(ax.xaxis, step)
        ax.set_xlim(0, right * 1.9)
        ax.set_xticks([step * k for k in range(int(right // step) + 1)])
        ax.spines.bottom.set_bounds(0, step * (right // step))
        ax.set_ylim(-0.6, len(items) - 0.4)
        ax.set_xlabel("Kết quả so với chỉ tiêu (tối thiểu) của kế hoạch")
        _legend(fig, ax, order=["Thực hiện"])
    parts = "; ".join(
        f"{i.description}: thực hiện {vnformat.count(i.actual)} trên kế hoạch "
        f"{_target_text(i)} {i.unit}, {i.status_label.lower()}"
        for i in items[::-1]
    )
    alt = f"Biểu đồ thanh ngang: mức độ đạt chỉ tiêu kế hoạch ({parts})."
    if not items:
        alt = "Biểu đồ trống: không có chỉ tiêu kế hoạch cho phạm vi và năm báo cáo."
    return Chart("achievement", fig, caption, alt)


def ecommerce_share(rows: list[tuple[str, int, int]], caption: str) -> Chart:
    """Horizontal 100 % bars: per unit, the share of its OCOP products on an
    e-commerce platform, with ``on/total`` at the end and a dashed line at the
    share of the whole scope. ``rows`` are (unit name, on platform, total)."""
    rows = [r for r in rows if r[2]]
    shares = [100.0 * on / total for _, on, total in rows]
    overall_on, overall = sum(r[1] for r in rows), sum(r[2] for r in rows)
    mean = 100.0 * overall_on / overall if overall else 0.0
    with rc_context(fname=STYLE):
        fig, ax = _figure(WIDTH, max(2.4, 0.32 * len(rows) + 1.4))
        names = [r[0] for r in rows][::-1]
        on = shares[::-1]
        off = [100.0 - s for s in on]
        ax.barh(names, on, height=0.7, label="Trên sàn TMĐT", **SERIES[0])
        ax.barh(names, off, left=on, height=0.7, label="Chưa lên sàn", color=PALE)
        for k, (_, n_on, total) in enumerate(rows[::-1]):
            ax.text(
                101.5,
                k,
                f"{vnformat.number(n_on, 0)}/{vnformat.number(total, 0)}",
                va="center",
                fontsize=SMALL,
            )
        ax.axvline(
            mean,
            color="#000000",
            linewidth=1.0,
            linestyle=(0, (4, 2)),
            label=f"Chung: {vnformat.percent(mean)}",
        )
        _percent_axis(ax.xaxis, 25)
        ax.set_xlim(0, 114)
        ax.set_xticks([0, 25, 50, 75, 100])
        ax.spines.bottom.set_bounds(0, 100)
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.set_xlabel("Tỷ lệ sản phẩm OCOP trên sàn thương mại điện tử")
        _legend(fig, ax)
    if rows:
        best = max(rows, key=lambda r: (r[1] / r[2], r[2]))
        low = min(rows, key=lambda r: (r[1] / r[2], -r[2]))
        alt = (
            f"Biểu đồ thanh ngang: tỷ lệ sản phẩm OCOP lên sàn thương mại điện tử của "
            f"{len(rows)} đơn vị; chung {vnformat.number(overall_on, 0)}/"
            f"{vnformat.number(overall, 0)} sản phẩm ({vnformat.percent(mean)}); cao nhất "
            f"{best[0]} ({vnformat.percent(100 * best[1] / best[2])}), thấp nhất {low[0]} "
            f"({vnformat.percent(100 * low[1] / low[2])})."
        )
    else:
        alt = "Biểu đồ trống: chưa có sản phẩm OCOP trong phạm vi báo cáo."
    return Chart("ecommerce_share", fig, caption, alt)


def _legend(fig: Figure, ax, order: list[str] | None = None) -> None:
    """The house legend: one row below the plot, outside the data; ``order``
    lists labels to put first."""
    handles, labels = ax.get_legend_handles_labels()
    if order:
        pairs = sorted(
            zip(handles, labels, strict=True),
            key=lambda p: order.index(p[1]) if p[1] in order else len(order),
        )
        handles, labels = [h for h, _ in pairs], [label for _, label in pairs]
    if handles:
        fig.legend(handles, labels, loc="outside lower center", ncols=len(handles))


def _target_text(i) -> str:
    return vnformat.number_range(i.target_min, i.target_max)


def _wrap(text: str, width: int) -> str:
    """Break a long label on spaces into lines of about ``width`` characters
    (never at a non-breaking space)."""
    lines, line = [], ""
    for word in filter(None, text.split(" ")):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)
