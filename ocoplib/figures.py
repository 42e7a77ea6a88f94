"""Figures of the report. Each function takes data and returns a
:class:`Chart` (a matplotlib Figure with its caption and alt text); none sets
global state. The house style is ``ocop.mplstyle``, shipped with the package."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from pathlib import Path

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ocoplib import vnformat
from ocoplib.render import Html

STYLE = str(Path(__file__).with_name("ocop.mplstyle"))
# Hatches keep the series apart in black-and-white print.
HATCHES = ["", "///", "...", "xx"]


@dataclass
class Chart:
    key: str
    figure: Figure
    caption: str
    alt: str

    def png(self) -> bytes:
        buf = io.BytesIO()
        with rc_context(fname=STYLE):
            self.figure.savefig(buf, format="png", metadata={"Software": None})
        return buf.getvalue()

    def html(self) -> Html:
        data = base64.b64encode(self.png()).decode("ascii")
        return Html(
            '<figure class="chart"><img src="data:image/png;base64,{}" alt="{}">'
            "<figcaption>{}</figcaption></figure>"
        ).format(Html(data), self.alt, self.caption)

    def _repr_html_(self) -> str:
        return str(self.html())

    def close(self) -> None:
        self.figure.clear()


def _vn_axis(ax, axis="x"):
    fmt = FuncFormatter(lambda v, _: vnformat.number(v, 0))
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_formatter(fmt)
    target.set_major_locator(MaxNLocator(integer=True))


def stars_by_unit(rows: list[tuple[str, dict[int, int]]], title: str) -> Chart:
    """Horizontal stacked bars: OCOP products per unit by stars.
    ``rows`` are (unit name, {stars: count}) in display order."""
    with rc_context(fname=STYLE):
        height = max(2.4, 0.32 * len(rows) + 1.2)
        fig = Figure(figsize=(7.0, height))
        ax = fig.subplots()
        names = [name for name, _ in rows][::-1]
        left = [0] * len(rows)
        for i, stars in enumerate((3, 4, 5)):
            values = [counts.get(stars, 0) for _, counts in rows][::-1]
            if not any(values):
                continue
            ax.barh(
                names,
                values,
                left=left,
                label=f"{stars} sao",
                hatch=HATCHES[i],
                edgecolor="white",
                linewidth=0.5,
            )
            left = [a + b for a, b in zip(left, values, strict=True)]
        for y, total in enumerate(left):
            ax.text(total + max(left) * 0.01, y, vnformat.number(total, 0), va="center", fontsize=8)
        _vn_axis(ax, "x")
        ax.set_title(title)
        ax.set_xlabel("Số sản phẩm")
        ax.legend(loc="lower right")
    total = sum(sum(c.values()) for _, c in rows)
    top = max(rows, key=lambda r: sum(r[1].values()))[0] if rows else ""
    alt = (
        f"Biểu đồ thanh ngang: số sản phẩm OCOP của {len(rows)} đơn vị, tổng "
        f"{vnformat.number(total, 0)} sản phẩm; nhiều nhất là {top}."
    )
    return Chart("stars_by_unit", fig, title, alt)


def new_products_by_year(counts: dict[int, int], title: str) -> Chart:
    """Vertical bars: new OCOP products per year of first certification."""
    with rc_context(fname=STYLE):
        fig = Figure(figsize=(7.0, 3.0))
        ax = fig.subplots()
        years = sorted(counts)
        values = [counts[y] for y in years]
        bars = ax.bar([str(y) for y in years], values, width=0.6)
        ax.bar_label(bars, labels=[vnformat.number(v, 0) for v in values], fontsize=8)
        ax.grid(axis="x", visible=False)
        ax.grid(axis="y", visible=True)
        _vn_axis(ax, "y")
        ax.set_title(title)
        ax.set_ylabel("Số sản phẩm")
    parts = ", ".join(f"{y}: {vnformat.number(counts[y], 0)}" for y in years)
    alt = f"Biểu đồ cột: số sản phẩm OCOP được công nhận lần đầu theo năm ({parts})."
    return Chart("new_products_by_year", fig, title, alt)


def owners_by_type(rows: list[tuple[str, int, int]], title: str) -> Chart:
    """Grouped bars: owners and their OCOP products per owner type."""
    with rc_context(fname=STYLE):
        fig = Figure(figsize=(7.0, 3.0))
        ax = fig.subplots()
        labels = [r[0] for r in rows][::-1]
        owners = [r[1] for r in rows][::-1]
        products = [r[2] for r in rows][::-1]
        y = range(len(rows))
        b1 = ax.barh([i + 0.2 for i in y], owners, height=0.4, label="Chủ thể")
        b2 = ax.barh(
            [i - 0.2 for i in y],
            products,
            height=0.4,
            label="Sản phẩm",
            hatch="///",
            edgecolor="white",
            linewidth=0.5,
        )
        for bars in (b1, b2):
            ax.bar_label(
                bars,
                labels=[vnformat.number(b.get_width(), 0) for b in bars],
                fontsize=8,
                padding=2,
            )
        ax.set_yticks(list(y), labels)
        _vn_axis(ax, "x")
        ax.set_title(title)
        ax.legend(loc="lower right")
    parts = "; ".join(f"{r[0]}: {r[1]} chủ thể, {r[2]} sản phẩm" for r in rows)
    alt = f"Biểu đồ thanh: chủ thể và sản phẩm OCOP theo loại hình ({parts})."
    return Chart("owners_by_type", fig, title, alt)
