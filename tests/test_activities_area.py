"""Section 1a/1b lists the activities of the report's area: a commune of one
former province does not print the other's documents of before the merger;
the merged province's report lists both."""

import re

import pytest

from ocoplib.report import Report

KON_TUM_PLAN = "27/KH-UBND"  # Kon Tum's plan of 25/02/2025
QUANG_NGAI_PLAN = "38/KH-UBND"  # Quảng Ngãi's plan of 18/02/2025
AFTER_MERGER = "1562/QĐ-UBND"  # the merged province's decision of 05/8/2025


def _section_1(**kw) -> str:
    html = str(Report.open(year=2025, **kw).section_1())
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(
    ("scope", "shown", "hidden"),
    [
        ("xã Bình Sơn", {QUANG_NGAI_PLAN, AFTER_MERGER}, {KON_TUM_PLAN}),
        ("phường Kon Tum", {KON_TUM_PLAN, AFTER_MERGER}, {QUANG_NGAI_PLAN}),
        ("tinh", {QUANG_NGAI_PLAN, KON_TUM_PLAN, AFTER_MERGER}, set()),
    ],
)
def test_a_report_lists_the_activities_of_its_area(scope, shown, hidden):
    text = _section_1(scope=scope)
    for number in shown:
        assert number in text, (scope, number)
    for number in hidden:
        assert number not in text, (scope, number)
