"""Section 1 of the sample report, generated from the workbook, read as text."""

import re

import pytest

from ocoplib.report import Report, narrative


def text(html) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(html))).replace(" .", ".")


@pytest.fixture(scope="module")
def province():
    return Report.open()


def test_section_1c_states_the_published_figures(province):
    t = text(province.section_1())
    assert (
        "đã có 03 địa phương tổ chức đánh giá, phân hạng và cấp giấy chứng nhận OCOP với 13 sản "
        "phẩm đạt OCOP 3 sao của các huyện, thành phố: Bình Sơn (01 sản phẩm), thành phố Quảng "
        "Ngãi (08 sản phẩm) và Tư Nghĩa (04 sản phẩm)" in t
    )
    assert "toàn tỉnh Quảng Ngãi có 204 sản phẩm đạt OCOP 3-4 sao" in t
    assert "17 sản phẩm đạt 4 sao và 187 sản phẩm đạt 3 sao" in t
    assert (
        "128 chủ thể có sản phẩm đạt OCOP, trong đó: 21 Doanh nghiệp với 22 sản phẩm, 33 Hợp tác "
        "xã với 50 sản phẩm và 74 Cơ sở sản xuất/hộ kinh doanh với 132 sản phẩm" in t
    )
    assert "Có 130/204 sản phẩm OCOP lên sàn giao dịch thương mại điện tử" in t
    assert (
        "13 Điểm giới thiệu và bán sản phẩm OCOP (trong đó, Nhà nước hỗ trợ 06 điểm; "
        "xã hội hóa 07 điểm)" in t
    )


def test_targets_are_judged_honestly(province):
    t = text(province.section_1())
    assert (
        "kế hoạch ít nhất 70 sản phẩm; thực hiện 13 sản phẩm, bằng 18,57 % kế hoạch. "
        "Đánh giá: Chưa đạt" in t
    )
    assert (
        "kế hoạch 04 - 06 sản phẩm; thực hiện 0 sản phẩm, bằng 0 % kế hoạch. Đánh giá: Chưa đạt"
        in t
    )
    assert "dự kiến cả năm 02 sản phẩm. Đánh giá: Dự kiến đạt" in t
    assert "Theo Kế hoạch số 69/KH-UBND ngày 20/3/2024 của UBND tỉnh" in t


def test_direction_documents_in_date_order_with_number_and_date(province):
    t = text(province.section_1())
    part_a = t.split("a) Về công tác chỉ đạo")[1].split("b) Về triển khai")[0]
    numbers = [
        "69/KH-UBND",
        "1169/SNNPTNT-NTM",
        "2664/SNNPTNT-NTM",
        "4383/SNNPTNT-NTM",
        "1378/QĐ-UBND",
    ]
    positions = [part_a.index(n) for n in numbers]
    assert positions == sorted(positions)


def test_province_shows_unit_contributions(province):
    rows = {c["name"]: c["values"]["new_products"] for c in narrative.contributions(province.facts)}
    assert len(rows) == 13
    assert rows["Huyện Tư Nghĩa"] == 4 and rows["Thành phố Quảng Ngãi"] == 8
    assert rows["Huyện Ba Tơ"] == 0
    assert list(rows)[:3] == [
        "Huyện Ba Tơ",
        "Huyện Bình Sơn",
        "Thị xã Đức Phổ",
    ]  # Vietnamese order by name


def test_district_text_compares_with_the_province():
    t = text(Report.open(scope="Tư Nghĩa").section_1())
    assert (
        "huyện Tư Nghĩa đã tổ chức đánh giá, phân hạng và công nhận 04 sản phẩm đạt OCOP 3 sao" in t
    )
    assert "chiếm 30,77 % số sản phẩm được công nhận mới của toàn tỉnh (13 sản phẩm)" in t
    assert "Kế hoạch số 38/KH-UBND" in t  # the district's own target
    assert "Đóng góp của các đơn vị" not in t


def test_leading_zeros_are_a_setting():
    report = Report.open()
    report.meta["so_0_o_dau"] = False
    t = text(report.section_1())
    assert "Tư Nghĩa (4 sản phẩm)" in t and "đã có 3 địa phương" in t
