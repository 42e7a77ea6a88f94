"""Figures: functions of data that return a Figure with caption and alt
text, in the shipped house style, without global state, readable in
black-and-white print, with Vietnamese number forms, byte-stable PNGs."""

import io
import re
import struct
from pathlib import Path
from types import SimpleNamespace

import matplotlib
import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from ocoplib.base import vnformat
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
    assert "axes.spines.top: False" in text and "font.family: serif" in text
    chart = charts.stars_by_unit(UNITS, "Tiêu đề")
    ax = chart.figure.axes[0]
    assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()


def test_the_caption_is_the_title_the_figure_repeats_none(made):
    for chart in made:
        ax = chart.figure.axes[0]
        titles = [ax.title, ax._left_title, ax._right_title]
        assert [t.get_text() for t in titles] == ["", "", ""], chart.key
        assert chart.figure.get_suptitle() == ""
        assert chart.caption not in " ".join(t.get_text() for t in ax.texts)


def _fonts_used(chart) -> set[str]:
    from matplotlib.font_manager import fontManager
    from matplotlib.text import Text

    chart.png()
    with matplotlib.rc_context(fname=charts.STYLE):  # as when the PNG is drawn
        return {
            fontManager._find_fonts_by_props(t.get_fontproperties())[0]
            for t in chart.figure.findobj(Text)
            if t.get_text()
        }


def test_chart_text_is_set_in_the_reports_serif(made):
    """The PDF's font list (report.css): Times New Roman, else Liberation Serif,
    Tinos, DejaVu Serif; Liberation Serif is installed here."""
    css = (Path(charts.__file__).parent / "templates" / "report.css").read_text()
    assert '"Times New Roman", "Liberation Serif", "Tinos", "DejaVu Serif", serif' in css
    for chart in made:
        fonts = {Path(f).name for f in _fonts_used(chart)}
        assert fonts == {"LiberationSerif-Regular.ttf"}, (chart.key, fonts)


def test_chart_text_is_legible_at_print_size(made):
    """16 cm wide (the A4 text width): printed at its own size, no text under 9 pt."""
    from matplotlib.text import Text

    for chart in made:
        assert chart.figure.get_figwidth() == pytest.approx(6.3)
        sizes = [t.get_fontsize() for t in chart.figure.findobj(Text) if t.get_text()]
        assert min(sizes) >= 9, (chart.key, min(sizes))


def test_on_a_phone_a_chart_keeps_its_print_size_and_scrolls_in_its_frame():
    chart = all_charts()[0]
    html = str(chart.html(number=2))
    frame = re.search(r'<div class="chart-frame" style="([^"]+)"><img ([^>]+)></div>', html)
    assert frame and "overflow-x: auto" in frame.group(1)
    width = int(re.search(r'style="min-width: (\d+)px"', frame.group(2)).group(1))
    assert width == round(chart.figure.get_figwidth() * 96) > 390  # 16 cm, wider than a phone
    assert html.count("data:image/png") == 1  # the PDF holds the image once
    links = re.findall(r'href="([^"]*)"', html)
    assert "<script" not in html and 'src="http' not in html
    assert links and all(h.startswith("#bieu-do-") for h in links)  # links within the page only


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
    assert f"0/04{vnformat.RANGE_DASH}06 (0 %) – Chưa đạt" in labels  # a range as the text sets it


def _grey(color) -> float:
    r, g, b, _ = to_rgba(color)
    return 0.299 * r + 0.587 * g + 0.114 * b


def test_series_stay_apart_in_black_and_white(made):
    checked = []
    for chart in made:
        containers = chart.figure.axes[0].containers
        if len(containers) < 2:
            continue
        looks = [
            (round(_grey(c.patches[0].get_facecolor()), 1), c.patches[0].get_hatch() or "")
            for c in containers
        ]
        assert len(set(looks)) == len(containers), (chart.key, looks)
        checked.append(chart.key)
    assert checked == ["stars_by_unit", "owners_by_type", "ecommerce_share"]
    containers = made[0].figure.axes[0].containers
    tones = [_grey(c.patches[0].get_facecolor()) for c in containers]
    hatches = [c.patches[0].get_hatch() or "" for c in containers]
    assert len(containers) == 3 and len(set(hatches)) == 3  # one hatch per star class
    assert max(tones) - min(tones) > 0.3  # and clearly different greys


def _bars(chart) -> dict:
    """{(series, category, "start" | "size"): value} read from the bar patches:
    the category is the tick label at the bar's position, the series the
    container's label."""
    chart.figure.canvas.draw()
    ax = chart.figure.axes[0]
    out = {}
    for container in ax.containers:
        horizontal = container.orientation == "horizontal"
        ticks = ax.get_yticklabels() if horizontal else ax.get_xticklabels()
        names = {round(t.get_position()[1 if horizontal else 0]): t.get_text() for t in ticks}
        for patch in container.patches:
            if horizontal:
                at, start, size = (
                    patch.get_y() + patch.get_height() / 2,
                    patch.get_x(),
                    patch.get_width(),
                )
            else:
                at, start, size = (
                    patch.get_x() + patch.get_width() / 2,
                    patch.get_y(),
                    patch.get_height(),
                )
            name = names[round(at)].replace("\n", " ")
            out[container.get_label(), name, "start"] = float(start)
            out[container.get_label(), name, "size"] = float(size)
        assert [float(v) for v in container.datavalues] == [
            float(p.get_width() if horizontal else p.get_height()) for p in container.patches
        ]
    return out


def _legend(chart) -> list[str]:
    assert chart.figure.axes[0].get_legend() is None  # the house legend is the figure's
    return [t.get_text() for legend in chart.figure.legends for t in legend.get_texts()]


def _stacked(series: dict[str, dict[str, float]]) -> dict:
    """The expected patches of bars stacked in the order of ``series``."""
    out, left = {}, {}
    for label, values in series.items():
        for name, value in values.items():
            out[label, name, "start"] = left.get(name, 0)
            out[label, name, "size"] = value
            left[name] = left.get(name, 0) + value
    return out


def test_stars_by_unit_draws_the_counts_of_each_unit_stacked_by_stars(made):
    chart = made[0]
    expected = _stacked(
        {f"{s} sao": {name: counts.get(s, 0) for name, counts in UNITS} for s in (3, 4, 5)}
    )
    assert _bars(chart) == pytest.approx(expected)
    assert _legend(chart) == ["3 sao", "4 sao", "5 sao"]
    ax = chart.figure.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [name for name, _ in UNITS][::-1]
    ends = {round(t.get_position()[1]): t.get_text() for t in ax.texts}
    assert ends == {0: "23", 1: "1.030", 2: "20"}  # Tư Nghĩa at the bottom, as listed last


def test_stars_by_unit_leaves_out_a_star_class_nobody_has():
    chart = charts.stars_by_unit([("Bình Sơn", {3: 2}), ("Lý Sơn", {3: 1, 4: 1})], "t")
    assert _bars(chart) == pytest.approx(
        _stacked({"3 sao": {"Bình Sơn": 2, "Lý Sơn": 1}, "4 sao": {"Bình Sơn": 0, "Lý Sơn": 1}})
    )
    assert _legend(chart) == ["3 sao", "4 sao"]


def test_new_products_by_year_draws_one_bar_a_year_the_partial_one_hatched(made):
    chart = made[1]
    (label,) = {series for series, _, _ in _bars(chart)}
    counts = {2020: 36, 2021: 53, 2024: 13}
    assert _bars(chart) == pytest.approx(_stacked({label: {str(y): n for y, n in counts.items()}}))
    ax = chart.figure.axes[0]
    assert [t.get_text() for t in ax.texts] == ["36", "53", "13"]
    assert [p.get_hatch() or "" for p in ax.containers[0].patches] == ["", "", "///"]
    assert ax.get_xlabel() == "Năm 2024: số liệu đến ngày 31/10/2024"
    assert _legend(chart) == []


def test_new_products_by_year_stacks_former_provinces():
    stacks = {"Quảng Ngãi": {2024: 13, 2025: 5}, "Kon Tum": {2025: 7}}
    chart = charts.new_products_by_year(
        {2024: 13, 2025: 12}, "t", stacks=stacks, change=(2025, "Hợp nhất")
    )
    bars = {k: v for k, v in _bars(chart).items() if not k[0].startswith("_")}
    assert bars == pytest.approx(
        _stacked({"Quảng Ngãi": {"2024": 13, "2025": 5}, "Kon Tum": {"2024": 0, "2025": 7}})
    )
    assert _legend(chart) == ["Quảng Ngãi", "Kon Tum"]
    ax = chart.figure.axes[0]
    assert [t.get_text() for t in ax.texts if t.get_text() != "Hợp nhất"] == ["13", "12"]
    assert [list(line.get_xdata()) for line in ax.lines] == [[0.5, 0.5]]


def test_owners_by_type_pairs_owners_above_products(made):
    chart = made[2]
    rows = [("Doanh nghiệp", 21, 22), ("Hợp tác xã", 33, 50)]
    expected = {}
    for name, owners, products in rows:
        expected.update(_stacked({"Chủ thể": {name: owners}}))
        expected.update(_stacked({"Sản phẩm": {name: products}}))
    assert _bars(chart) == pytest.approx(expected)
    assert _legend(chart) == ["Chủ thể", "Sản phẩm"]
    ax = chart.figure.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Hợp tác xã", "Doanh nghiệp"]
    owners, products = ax.containers
    for above, below in zip(owners.patches, products.patches, strict=True):
        assert above.get_y() > below.get_y()
    assert [t.get_text() for t in ax.texts] == ["33", "21", "50", "22"]


def test_achievement_draws_each_result_as_a_share_of_its_minimum_target(made):
    chart = made[3]
    done = {vnformat.typeset(i.description): 100 * i.actual / i.target_min for i in INDICATORS}
    assert _bars(chart) == pytest.approx(_stacked({"Thực hiện": done}))
    assert _legend(chart) == ["Thực hiện", "Dự kiến cả năm"]
    ax = chart.figure.axes[0]
    (expected,) = [line for line in ax.lines if line.get_marker() not in ("None", None, "")]
    assert [list(line.get_xdata()) for line in ax.lines if line is not expected] == [[100, 100]]
    # the expected full-year result is a marker on its row, not a bar
    assert expected.get_marker() == "D" and expected.get_linestyle() == "None"
    assert list(expected.get_xdata()) == pytest.approx([200])  # 2 expected of a target of 1
    assert list(expected.get_ydata()) == [0]  # the last indicator, at the bottom
    assert [t.get_text() for t in ax.texts] == [
        f"0/01{vnformat.RANGE_DASH}02 (0 %) – Dự kiến đạt",
        f"0/04{vnformat.RANGE_DASH}06 (0 %) – Chưa đạt",
        "13/70 (18,57 %) – Chưa đạt",
    ]


def test_a_target_with_no_result_is_not_the_longest_bar(made):
    bars = _bars(made[3])
    sizes = {name: v for (_, name, what), v in bars.items() if what == "size"}
    first, last = (vnformat.typeset(INDICATORS[k].description) for k in (0, 2))
    assert sizes[first] == max(sizes.values())  # 13 of 70, the only result
    assert sizes[last] == 0  # nothing yet, though 2 are expected
    assert f"03{vnformat.RANGE_DASH}05" in first  # the typed range kept on one line


def test_ecommerce_share_draws_each_units_share_and_the_overall_line(made):
    chart = made[4]
    rows = [("Bình Sơn", 14, 20), ("Lý Sơn", 12, 20), ("Tư Nghĩa", 9, 23)]
    on = {name: 100 * n / total for name, n, total in rows}
    off = {name: 100 - share for name, share in on.items()}
    assert _bars(chart) == pytest.approx(_stacked({"Trên sàn TMĐT": on, "Chưa lên sàn": off}))
    assert _legend(chart) == ["Chung: 55,56 %", "Trên sàn TMĐT", "Chưa lên sàn"]
    ax = chart.figure.axes[0]
    assert [line.get_xdata()[0] for line in ax.lines] == pytest.approx([100 * 35 / 63])
    assert [t.get_text() for t in ax.texts] == ["9/23", "12/20", "14/20"]


def test_ecommerce_share_leaves_out_units_without_products():
    chart = charts.ecommerce_share([("Bình Sơn", 1, 4), ("Lý Sơn", 0, 0)], "t")
    assert _bars(chart) == pytest.approx(
        _stacked({"Trên sàn TMĐT": {"Bình Sơn": 25}, "Chưa lên sàn": {"Bình Sơn": 75}})
    )


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
    from PIL import Image

    empty = [
        charts.stars_by_unit([], "Trống"),
        charts.new_products_by_year({}, "Trống"),
        charts.owners_by_type([], "Trống"),
        charts.achievement([], "Trống"),
        charts.ecommerce_share([], "Trống"),
    ]
    for chart in empty:
        assert _bars(chart) == {}, chart.key
        data = chart.png()
        assert b"IEND" in _png_chunks(data)
        assert Image.open(io.BytesIO(data)).size[0] >= 1200
    assert empty[4].alt.startswith("Biểu đồ trống")
    assert empty[3].alt.startswith("Biểu đồ trống")


def test_png_is_large_enough_for_print():
    from PIL import Image

    image = Image.open(io.BytesIO(all_charts()[0].png()))
    assert image.size[0] >= 1200  # 7 inches at 200 dpi, sharp on paper


def test_a_chart_opens_full_size_on_a_screen_without_script():
    html = str(charts.stars_by_unit(UNITS, "t").html(number=2))
    ident = re.search(r'<figure class="chart" id="([^"]+)"', html)[1]
    assert f'<a class="chart-open" href="#{ident}">Xem cỡ lớn</a>' in html
    assert 'class="chart-close"' in html and "<script" not in html
    assert html.count("data:image/png;base64,") == 1  # the same image, not a copy
    css = (Path(charts.__file__).with_name("templates") / "report.css").read_text(encoding="utf-8")
    screen = css[css.index("@media screen {") :]
    assert "figure.chart:target" in screen and ".chart-links { display: none; }" in css
