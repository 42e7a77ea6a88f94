"""Figures: functions of data that return a Figure with caption and alt
text, in the shipped house style, without global state, readable in
black-and-white print, with Vietnamese number forms, byte-stable PNGs."""

import io
import struct
from types import SimpleNamespace

import matplotlib
import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ocoplib.render import charts

UNITS = [
    ("Bình Sơn", {3: 19, 4: 1}),
    ("Thành phố Quảng Ngãi", {3: 1026, 4: 3, 5: 1}),
    ("Tư Nghĩa", {3: 21, 4: 2}),
]


def _indicator(description, actual, low, high=None, expected=None, label="Chưa đạt"):
    return SimpleNamespace(
        description=description,
        unit="sản phẩm",
        actual=actual,
        target_min=low,
        target_max=high,
        expected=expected,
        status_label=label,
    )


INDICATORS = [
    _indicator("Sản phẩm đạt OCOP từ 03 - 05 sao được công nhận mới", 13, 70),
    _indicator("Giấy chứng nhận OCOP 4 sao", 0, 4, 6),
    _indicator("Sản phẩm có tiềm năng đạt OCOP 5 sao", 0, 1, 2, 2, "Dự kiến đạt"),
]


def all_charts():
    return [
        charts.stars_by_unit(UNITS, "Sản phẩm OCOP theo đơn vị và hạng sao"),
        charts.new_products_by_year(
            {2020: 36, 2021: 53, 2024: 13}, "Sản phẩm mới theo năm", partial="31/10/2024"
        ),
        charts.owners_by_type(
            [("Doanh nghiệp", 21, 22), ("Hợp tác xã", 33, 50)], "Chủ thể theo loại hình"
        ),
        charts.achievement(INDICATORS, "Mức độ đạt chỉ tiêu kế hoạch năm 2024"),
        charts.ecommerce_share(
            [("Bình Sơn", 14, 20), ("Lý Sơn", 12, 20), ("Tư Nghĩa", 9, 23)],
            "Tỷ lệ sản phẩm OCOP trên sàn TMĐT",
        ),
    ]


@pytest.fixture(scope="module")
def made():
    return all_charts()


def test_each_function_returns_a_figure_with_caption_and_vietnamese_alt(made):
    assert len({c.key for c in made}) == len(made)
    for chart in made:
        assert isinstance(chart.figure, Figure)
        assert chart.caption.strip()
        assert chart.alt.startswith("Biểu đồ") and len(chart.alt) > 60, chart.alt
        html = str(chart.html(number=3))
        assert f'alt="{chart.alt}"' in html.replace("&#34;", '"')
        assert "<figcaption>" in html and "Biểu đồ 3. " in html


def test_alt_text_states_the_data():
    stars, _, owners, achievement, ecommerce = all_charts()
    assert "1.030 sản phẩm" in stars.alt and "Thành phố Quảng Ngãi" in stars.alt
    assert "tổng cộng 1.073 sản phẩm (3 sao: 1.066; 4 sao: 6; 5 sao: 1)" in stars.alt
    assert "Doanh nghiệp: 21 chủ thể, 22 sản phẩm" in owners.alt
    assert "thực hiện 13 trên kế hoạch 70 sản phẩm, chưa đạt" in achievement.alt
    assert "dự kiến đạt" in achievement.alt
    assert "35/63" in ecommerce.alt and "Bình Sơn (70 %)" in ecommerce.alt


def test_figures_leave_global_state_alone():
    before = dict(matplotlib.rcParams)
    import matplotlib.pyplot as plt

    open_before = plt.get_fignums()
    for chart in all_charts():
        chart.png()
    assert dict(matplotlib.rcParams) == before
    assert plt.get_fignums() == open_before


def test_the_house_style_is_package_data_and_used():
    from importlib.resources import files

    style = files("ocoplib.render").joinpath("ocop.mplstyle")
    assert style.is_file()
    text = style.read_text(encoding="utf-8")
    assert "axes.spines.top: False" in text and "font.family: DejaVu Sans" in text
    chart = charts.stars_by_unit(UNITS, "Tiêu đề")
    ax = chart.figure.axes[0]
    assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()
    assert ax.title.get_text() == "" and ax._left_title.get_text() == "Tiêu đề"
    assert ax._left_title.get_fontweight() in ("bold", 700)


def _tick_texts(chart, axis="x"):
    chart.figure.canvas.draw()
    ax = chart.figure.axes[0]
    ticks = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
    return [t.get_text() for t in ticks if t.get_text()]


def test_axes_use_vietnamese_number_forms():
    stars = charts.stars_by_unit(UNITS, "t")
    texts = _tick_texts(stars, "x")
    assert any("." in t and len(t) >= 5 for t in texts), texts  # 1.000, not 1,000
    assert not any("," in t for t in texts)
    share = all_charts()[4]
    assert _tick_texts(share, "x") == ["0 %", "25 %", "50 %", "75 %", "100 %"]
    labels = [t.get_text() for t in share.figure.axes[0].texts]
    assert "14/20" in labels
    achievement = all_charts()[3]
    labels = [t.get_text() for t in achievement.figure.axes[0].texts]
    assert any("13/70 (18,57 %) – Chưa đạt" == t for t in labels), labels


def _grey(color) -> float:
    r, g, b, _ = to_rgba(color)
    return 0.299 * r + 0.587 * g + 0.114 * b


def test_series_stay_apart_in_black_and_white():
    for chart in (charts.stars_by_unit(UNITS, "t"), all_charts()[2], all_charts()[3]):
        looks = set()
        for patch in chart.figure.axes[0].patches:
            if isinstance(patch, Rectangle) and patch.get_width() and patch.get_label():
                looks.add((round(_grey(patch.get_facecolor()), 1), patch.get_hatch() or ""))
        series = {p.get_label() for p in chart.figure.axes[0].patches if p.get_label()}
        series = {s for s in series if not s.startswith("_")}
        assert len(looks) >= len(series) >= 2 or len(series) < 2, (chart.key, looks)
    stars = charts.stars_by_unit(UNITS, "t")
    containers = stars.figure.axes[0].containers
    tones = [_grey(c.patches[0].get_facecolor()) for c in containers]
    hatches = [c.patches[0].get_hatch() or "" for c in containers]
    assert len(set(hatches)) == len(containers)  # one hatch per star class
    assert max(tones) - min(tones) > 0.3  # and clearly different greys


def _png_chunks(data: bytes) -> list[bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, kinds = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kinds.append(data[pos + 4 : pos + 8])
        pos += 12 + length
    return kinds


def test_png_bytes_are_stable_and_carry_no_time_or_software():
    first = [c.png() for c in all_charts()]
    second = [c.png() for c in all_charts()]
    assert first == second
    for data in first:
        kinds = _png_chunks(data)
        assert b"tIME" not in kinds
        assert b"Software" not in data and b"matplotlib" not in data.lower()


def test_an_empty_scope_still_draws():
    assert charts.stars_by_unit([], "Trống").png()
    assert charts.ecommerce_share([], "Trống").alt.startswith("Biểu đồ trống")
    assert charts.achievement([], "Trống").alt.startswith("Biểu đồ trống")
    assert charts.new_products_by_year({}, "Trống").png()


def test_png_is_large_enough_for_print():
    from PIL import Image

    image = Image.open(io.BytesIO(all_charts()[0].png()))
    assert image.size[0] >= 1200  # 7 inches at 200 dpi, sharp on paper
