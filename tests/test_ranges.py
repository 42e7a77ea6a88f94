"""Ranges set one way in text, tables and charts: ``04 - 06`` that never
breaks across lines (non-breaking spaces, a word joiner after the hyphen)."""

from ocoplib.base import vnformat

DASH = vnformat.RANGE_DASH


def test_the_dash_of_a_range_cannot_break():
    assert DASH == "\u00a0-\u2060\u00a0"


def test_a_range_of_counts_keeps_its_ends_together():
    assert vnformat.number_range(4, 6) == f"04{DASH}06"
    assert vnformat.number_range(20, 25) == f"20{DASH}25"
    assert vnformat.number_range(4, 6, leading_zero=False) == f"4{DASH}6"
    assert vnformat.number_range(2, 2) == "02" and vnformat.number_range(70, None) == "70"


def test_typed_ranges_are_tied_and_other_dashes_left_alone():
    text = "Sản phẩm đạt OCOP từ 03 - 05 sao; 4–6 sản phẩm"
    assert vnformat.typeset(text) == f"Sản phẩm đạt OCOP từ 03{DASH}05 sao; 4{DASH}6 sản phẩm"
    for kept in ("2315/QĐ-UBND", "số 69/KH-UBND", "0255-3822"):
        assert vnformat.typeset(kept) == kept
