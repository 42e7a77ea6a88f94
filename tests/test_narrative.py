"""Section 1 of the sample report, generated from the workbook, read as text."""

import re

import pytest

from ocoplib.base import vnformat
from ocoplib.report import Report, narrative


def text(html) -> str:
    """The words of a part; no-break spaces and word joiners read as plain text."""
    plain = re.sub(r"<[^>]+>", " ", str(html)).replace("\u2060", "")
    return re.sub(r"\s+", " ", plain).replace(" .", ".")


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
    assert "toàn tỉnh Quảng Ngãi có 204 sản phẩm đạt OCOP 3 - 4 sao" in t
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
    assert "kế hoạch 04 - 06 sản phẩm; chưa có sản phẩm nào. Đánh giá: Chưa đạt" in t
    assert "thực hiện 0" not in t and "bằng 0 %" not in t
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
    listed = narrative.contributions(province.facts)
    rows = {c["name"]: c["values"]["new_products"] for c in listed}
    # the units that contributed, in Vietnamese order by name, then one line for the rest
    assert list(rows) == [
        "Huyện Bình Sơn",
        "Thành phố Quảng Ngãi",
        "Huyện Tư Nghĩa",
        "Các đơn vị còn lại (10 đơn vị)",
    ]
    assert rows["Huyện Tư Nghĩa"] == 4 and rows["Thành phố Quảng Ngãi"] == 8
    assert all(v == 0 for v in listed[-1]["values"].values())
    for i in province.indicators:
        if i.code in listed[0]["values"]:
            assert sum(c["values"][i.code] for c in listed) == i.actual


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


# -- the office's part in each activity (hoat_dong.role), on tiny inline rows --------

OFFICE = "Văn phòng Điều phối nông thôn mới tỉnh"


def _row(description, role=None, lead=None, document_no=None):
    from types import SimpleNamespace

    import pandas as pd

    return SimpleNamespace(
        description=description,
        role=role,
        lead=lead,
        document_no=document_no,
        date=pd.Timestamp("2024-03-20"),
    )


def test_activities_say_the_offices_part_as_the_seed_does():
    plan = "UBND tỉnh ban hành Kế hoạch số 69/KH-UBND ngày 20/3/2024 triển khai Chương trình OCOP"
    advise = _row(plan, "advise", "Sở Nông nghiệp và Phát triển nông thôn")
    assert narrative._activity_text(advise, OFFICE) == (
        f"{OFFICE} đã tham mưu Sở Nông nghiệp và Phát triển nông thôn trình UBND tỉnh ban hành "
        "Kế hoạch số 69/KH-UBND ngày 20/3/2024 triển khai Chương trình OCOP."
    )
    letter = "Sở Nông nghiệp và PTNT ban hành Công văn số 1169/SNNPTNT-NTM ngày 25/3/2024"
    own = _row(letter, "advise", f"{OFFICE} tham mưu Sở Nông nghiệp và PTNT")
    assert narrative._activity_text(own, OFFICE) == (
        f"{OFFICE} đã tham mưu Sở Nông nghiệp và PTNT ban hành Công văn số 1169/SNNPTNT-NTM "
        "ngày 25/3/2024."
    )
    lead = _row("Tổ chức đoàn kiểm tra thực tế", "lead", "các sở, ngành, địa phương")
    assert narrative._activity_text(lead, OFFICE) == (
        f"{OFFICE} chủ trì phối hợp với các sở, ngành, địa phương tổ chức đoàn kiểm tra thực tế."
    )
    support = _row("Tổ chức Liên hoan OCOP", "support", "Sở Văn hóa, Thể thao và Du lịch")
    assert narrative._activity_text(support, OFFICE) == (
        "Phối hợp với Sở Văn hóa, Thể thao và Du lịch tổ chức Liên hoan OCOP."
    )
    perform = _row("Tổ chức 02 lớp tập huấn", "perform")
    assert narrative._activity_text(perform, OFFICE) == f"{OFFICE} đã tổ chức 02 lớp tập huấn."
    blank = _row(plan, None, "Sở Nông nghiệp và Phát triển nông thôn", "69/KH-UBND")
    assert narrative._activity_text(blank, OFFICE) == plan + "."


# -- after the reorganisation: who certified, the commune named once -----------------


@pytest.fixture(scope="module")
def commune():
    return Report.open(year=2025, scope="xã Bình Sơn")


def test_a_commune_is_named_once_and_never_said_to_certify(commune):
    front = text(commune.front_page())
    assert front.count("trên địa bàn xã Bình Sơn") == 1
    assert "trên địa bàn tỉnh Quảng Ngãi trên địa bàn" not in front
    t = text(commune.section_1())
    assert "đã tổ chức đánh giá, phân hạng và công nhận" not in t
    new = vnformat.count(len(commune.figures.new))
    assert f"trên địa bàn xã Bình Sơn có {new} sản phẩm được công nhận mới đạt OCOP 3 sao" in t
    assert "do cấp tỉnh công nhận" in t


def test_a_2025_province_report_says_who_certified_and_no_district():
    t = text(Report.open(year=2025).section_1())
    assert "địa phương tổ chức đánh giá" not in t
    f = Report.open(year=2025).figures.new["level"].value_counts()
    assert (
        f"trong đó {f['district']} sản phẩm do cấp huyện công nhận và "
        f"{f['province']} sản phẩm do cấp tỉnh công nhận" in t
    )
    result = t.split("- Kết quả:")[1].split("+ ")[0]
    # the former units are named as such, never as the districts of the year
    assert "của các huyện" not in result and "theo đơn vị hành chính cũ: Ba Tơ" in result


def test_the_cumulative_paragraph_counts_valid_certificates(province):
    t = text(province.section_1())
    totals = province.totals()
    valid, products = totals["valid_products"], totals["products"]
    assert valid < products
    assert f"{valid}/{products} sản phẩm còn hiệu lực Giấy chứng nhận (36 tháng" in t
    assert f"{products - valid} sản phẩm đã hết hiệu lực" in t


def test_unmet_targets_carry_their_cause(province):
    from ocoplib.report.quality import checks

    title = "Chỉ tiêu chưa đạt có ghi nguyên nhân"
    note = next(c for c in checks(province.facts) if c.title == title)
    assert note.result == "Cần xem lại"  # no cause given in the sample yet
    targets = province.workbook["chi_tieu"]
    row = targets[(targets["year"] == 2024) & (targets["indicator"] == "new_4star")].index[0]
    targets.loc[row, "cause"] = "Các chủ thể chưa hoàn thiện hồ sơ nâng hạng."
    try:
        one = text(province.section_1())
        two = text(province.review())
        note = next(c for c in checks(province.facts) if c.title == title)
    finally:
        targets.loc[row, "cause"] = None
    assert "Đánh giá: Chưa đạt. Nguyên nhân: các chủ thể chưa hoàn thiện hồ sơ nâng hạng." in one
    difficulties = two.split("b) Khó khăn")[1].split("c) Bài học")[0]
    assert (
        "Sản phẩm được UBND tỉnh cấp Giấy chứng nhận đạt OCOP 4 sao: kế hoạch 04 - 06 sản phẩm, "
        "chưa có sản phẩm nào, chưa đạt kế hoạch; nguyên nhân: các chủ thể chưa hoàn thiện hồ sơ "
        "nâng hạng." in difficulties
    )
    assert "Sản phẩm đạt OCOP từ 03 - 05 sao được công nhận mới" in note.detail  # still none
    assert "4 sao" not in note.detail.split("Ghi nguyên nhân")[0]


# -- one date form, one tone-mark style, typed text included --------------------------


def test_date_and_tone_styles_apply_to_typed_text_too():
    report = Report.open()
    report.meta["dinh_dang_ngay"] = "dd/mm/yyyy"
    report.meta["kieu_dau_thanh"] = "mới"
    one, front = text(report.section_1()), text(report.front_page())
    assert "Kế hoạch số 69/KH-UBND ngày 20/03/2024" in one  # typed in the workbook
    assert "Kế hoạch số 83/KH-UBND ngày 03/04/2024" in front  # typed in bao_cao.md
    assert "xã hội hoá" in one and "hóa" not in one and "thủy" not in front
    report.meta["dinh_dang_ngay"] = report.meta["kieu_dau_thanh"] = None
    one = text(report.section_1())
    assert "ngày 20/3/2024" in one and "ngày 31/10/2024" in one and "hoá" not in one


# -- a unit report's own text ----------------------------------------------------------


def test_a_unit_uses_its_own_text_or_says_it_shares_the_provinces(tmp_path, commune):
    import shutil

    from conftest import ROOT

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "quang-ngai", data / "quang-ngai")
    shared = text(commune.review())
    assert "Xã Bình Sơn chưa có nội dung đánh giá riêng" in shared
    own = data / "quang-ngai" / "2025" / f"{commune.target.slug}.md"
    own.write_text(
        "---\nnguoi_ky: Trần Văn A\n---\n\n## Thuận lợi\n\n- Xã có vùng nguyên liệu tập trung.\n",
        encoding="utf-8",
    )
    unit = Report.open(year=2025, scope="xã Bình Sơn", data_dir=data)
    t = text(unit.review())
    assert "Xã có vùng nguyên liệu tập trung" in t and "chưa có nội dung đánh giá riêng" not in t
    assert "Kon Tum" not in t
    assert unit.meta["nguoi_ky"] == "Trần Văn A"
    assert unit.meta["co_quan_ban_hanh"] == commune.meta["co_quan_ban_hanh"]  # from bao_cao.md


def test_a_new_commune_names_the_former_communes_it_took_over(commune):
    """The former communes are in dia_ban with successor_code pointing to the
    new commune (tiny inline units; a former district's successors do not count)."""
    import dataclasses
    import datetime as dt
    from types import SimpleNamespace

    from ocoplib.report.facts import Area

    new = commune.scope.unit
    old_day = dt.date(2025, 6, 30)

    def former(code, name, successors, **kw):
        return dataclasses.replace(
            new,
            code=code,
            name=name,
            valid_from=None,
            valid_to=old_day,
            parent_code="524",
            successors=successors,
            **kw,
        )

    district = commune.facts.area.unit("524")
    formers = [
        former("9001", "Bình Trung", (new.code,)),
        former("9002", "Bình Dương", (new.code, "21061")),
        former("9003", "Bình Khương", ("21061",)),
        dataclasses.replace(district, successors=(new.code,)),
    ]
    # the sample's own former communes left out: only the inline ones name successors
    others = [
        dataclasses.replace(u, successors=()) for u in commune.facts.area.units if u.code != "524"
    ]

    def facts(units):
        area = Area(tuple(units), commune.scope, commune.as_of, commune.province_name)
        return SimpleNamespace(scope=commune.scope, area=area)

    assert narrative.predecessors(facts([*others, *formers])) == [
        ("huyện Bình Sơn", ["xã Bình Dương", "xã Bình Trung"])
    ]
    plain = [dataclasses.replace(u, successors=()) for u in formers]
    assert narrative.predecessors(facts([*others, *plain])) == []


def test_the_commune_is_said_to_be_formed_from_its_former_communes(commune, monkeypatch):
    t = text(commune.section_1())
    assert "Xã Bình Sơn được thành lập trên cơ sở xã Bình Chánh, xã Bình Dương" in t
    assert "huyện Bình Sơn và" not in t  # the former district is not one of them
    monkeypatch.setattr(narrative, "predecessors", lambda facts: [])
    assert "huyện Bình Sơn (cũ), nơi xã Bình Sơn trực thuộc" in text(commune.section_1())
    groups = [("huyện Bình Sơn", ["xã Bình Dương", "xã Bình Trung"])]
    monkeypatch.setattr(narrative, "predecessors", lambda facts: groups)
    t = text(commune.section_1())
    assert (
        "Xã Bình Sơn được thành lập trên cơ sở xã Bình Dương và xã Bình Trung của huyện Bình Sơn "
        "(cũ)." in t
    )
    assert "nơi xã Bình Sơn trực thuộc" not in t
    day, former = narrative.former_district(commune.facts)
    assert f"tính đến ngày 30/6/2025, huyện Bình Sơn (cũ) có {former['products']} sản phẩm" in t


def test_a_sentence_that_already_says_the_part_is_kept():
    typed = "Phối hợp với Sở Văn hóa, Thể thao và Du lịch ban hành Kế hoạch số 624/KHPH"
    for lead in ("Sở Văn hóa, Thể thao và Du lịch", OFFICE, None):
        assert narrative._activity_text(_row(typed, "support", lead), OFFICE) == typed + "."
    chair = _row("Chủ trì tổ chức Hội chợ OCOP", "lead")
    assert narrative._activity_text(chair, OFFICE) == f"{OFFICE} chủ trì tổ chức Hội chợ OCOP."
