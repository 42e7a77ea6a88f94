"""Ranges set one way in text, tables and charts: ``04 - 06`` with
non-breaking spaces around the dash, never broken across lines."""

from ocoplib.base import vnformat

NB = "\u00a0"


def test_a_range_of_counts_keeps_its_ends_together():
    assert vnformat.count_range(4, 6) == f"04{NB}-{NB}06"
    assert vnformat.count_range(20, 25) == f"20{NB}-{NB}25"
    assert vnformat.count_range(4, 6, leading_zero=False) == f"4{NB}-{NB}6"
    assert vnformat.count_range(2, 2) == "02" and vnformat.count_range(70, None) == "70"


def test_typed_ranges_are_tied_and_other_dashes_left_alone():
    text = "Sản phẩm đạt OCOP từ 03 - 05 sao; 4–6 sản phẩm"
    assert (
        vnformat.tie_ranges(text) == f"Sản phẩm đạt OCOP từ 03{NB}-{NB}05 sao; 4{NB}-{NB}6 sản phẩm"
    )
    for kept in ("2315/QĐ-UBND", "số 69/KH-UBND", "0255-3822"):
        assert vnformat.tie_ranges(kept) == kept
