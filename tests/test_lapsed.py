"""The products whose certificate has lapsed (36 months) are listed in an
appendix, one by one, and agree with the cumulative paragraph."""

import datetime as dt
import re

from ocoplib.report import Report, appendices


def _text(html) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(html)))


def test_the_lapsed_certificates_are_listed_one_by_one():
    r = Report.open()
    t = r.totals()
    lapsed = t["products"] - t["valid_products"]
    assert lapsed > 0
    last = appendices.parts(r.facts)[-1]
    assert last.title == "Sản phẩm OCOP có giấy chứng nhận đã hết hiệu lực"
    (table,) = last.items
    assert len(table.rows) == lapsed
    valid = set(r.figures.valid["product_name"])
    assert not {row[1] for row in table.rows} & valid
    assert all(row[6] <= r.as_of for row in table.rows)  # expired on or before the cut-off
    assert all(row[6] == dt.date(row[5].year + 3, row[5].month, row[5].day) for row in table.rows)
    assert f"{lapsed} sản phẩm đã hết hiệu lực" in _text(r.section_1())
    assert last.title.upper() in _text(r.appendices())


def test_no_lapsed_appendix_when_every_certificate_is_valid():
    r = Report.open(year=2025)
    assert r.totals()["products"] == r.totals()["valid_products"]
    titles = [a.title for a in appendices.parts(r.facts)]
    assert "Sản phẩm OCOP có giấy chứng nhận đã hết hiệu lực" not in titles
