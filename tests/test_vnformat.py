import datetime as dt

import pytest

from ocoplib.base import vnformat as v


def test_numbers_use_dot_for_thousands_and_comma_for_decimals():
    assert v.number(15590) == "15.590"
    assert v.number(18.5714) == "18,57"
    assert v.percent(18.57) == "18,57 %"
    assert v.percent(100) == "100 %"


def test_counts_take_a_leading_zero_below_ten():
    assert v.count(3) == "03"
    assert v.count(13) == "13"
    assert v.count(0) == "0"
    assert v.count(4, leading_zero=False) == "4"
    assert v.count(1234) == "1.234"


def test_dates_and_place_line():
    assert v.date(dt.date(2024, 3, 20)) == "20/3/2024"  # the seed's form (Decree 30)
    assert v.place_date("Quảng Ngãi", 2025, 1, 5) == "Quảng Ngãi, ngày 05 tháng 01 năm 2025"
    assert v.place_date("Quảng Ngãi", 2024, 11, 7) == "Quảng Ngãi, ngày 07 tháng 11 năm 2024"
    # no day: room to write it by hand, never a day of its own (such as today's)
    gap = "\u00a0" * 6
    assert v.place_date("Quảng Ngãi", 2024, 11) == f"Quảng Ngãi, ngày {gap} tháng 11 năm 2024"
    assert v.place_date("Quảng Ngãi", 2024) == f"Quảng Ngãi, ngày {gap} tháng {gap} năm 2024"


def test_lists_join_with_va():
    assert v.join(["a"]) == "a"
    assert v.join(["a", "b"]) == "a và b"
    assert v.join(["a", "b", "c"]) == "a, b và c"


def test_date_styles():
    day, feb = dt.date(2024, 6, 4), dt.date(2023, 2, 24)
    assert [v.date(day, s) for s in v.DATE_STYLES] == ["04/6/2024", "04/06/2024", "4/6/2024"]
    assert v.date(feb) == "24/02/2023"  # months 1-2 keep their zero in the seed's form
    assert v.date_range(dt.date(2024, 5, 13), day) == "13/5 đến ngày 04/6/2024"
    with pytest.raises(ValueError):
        v.date(day, "yyyy-mm-dd")


def test_ranges_never_break():
    r = v.number_range(4, 6)
    assert r.replace("\u2060", "").replace("\u00a0", " ") == "04 - 06"
    assert " " not in r  # no breakable space
    assert r.index("-") + 1 == r.index("\u2060")  # no break after the hyphen either
    assert v.number_range(3, 3) == "03" and v.number_range(3, 5, False).startswith("3\u00a0")


def test_typed_text_is_set_like_generated_text():
    typed = "Kế hoạch số 69/KH-UBND ngày 20/03/2024; từ ngày 13/05 đến ngày 4/6/2024; "
    typed += "04/04 sản phẩm"
    assert v.typeset(typed) == (
        "Kế hoạch số 69/KH-UBND ngày 20/3/2024; từ ngày 13/5 đến ngày 04/6/2024; 04/04 sản phẩm"
    )
    assert v.typeset("ngày 20/3/2024", "dd/mm/yyyy") == "ngày 20/03/2024"
    assert v.typeset("giai đoạn 2024 - 2025") == "giai đoạn 2024" + v.RANGE_DASH + "2025"
    assert v.typeset("ngày 31/02/2024") == "ngày 31/02/2024"  # not a date: left as typed
