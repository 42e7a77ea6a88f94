import datetime as dt

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
    assert v.date(dt.date(2024, 3, 20)) == "20/03/2024"
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
