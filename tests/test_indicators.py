import pytest

from ocoplib.domain.indicators import pct_of_target, status


@pytest.mark.parametrize(
    ("actual", "tmin", "tmax", "expected", "result"),
    [
        (13, 70, None, None, "not_met"),
        (70, 70, None, None, "met"),
        (90, 70, None, None, "met"),  # an open target is never "exceeded"
        (5, 4, 6, None, "met"),
        (7, 4, 6, None, "exceeded"),
        (0, 1, 2, 2, "expected_met"),
        (0, 1, 2, 0, "not_met"),
        (0, 4, 6, None, "not_met"),
    ],
)
def test_status(actual, tmin, tmax, expected, result):
    assert status(actual, tmin, tmax, expected) == result


def test_percentage_of_plan():
    assert pct_of_target(13, 70) == 18.57
    assert pct_of_target(0, 4) == 0
    assert pct_of_target(3, 0) is None
