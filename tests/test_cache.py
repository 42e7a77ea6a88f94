"""Cache decisions: a report's fingerprint covers the rows of its own scope
and the inputs every report reads, nothing else; the decision says why."""

import dataclasses
import json

import pandas as pd
import pytest
from conftest import ROOT

from ocoplib.base.files import hand_over
from ocoplib.batch import cache
from ocoplib.domain.units import province_scope, unit_scope
from ocoplib.intake.workbook import read_workbook, read_workbook_file
from ocoplib.runs.run import pickle_bytes

DAY = pd.Timestamp("2024-10-31").date()


@pytest.fixture(scope="module")
def workbook():
    return read_workbook(ROOT / "data" / "quang-ngai" / "ocop.xlsx")


def scopes(wb):
    by_name = {u.name: u for u in wb.units}
    return {
        "tinh": province_scope("Quảng Ngãi"),
        "tu-nghia": unit_scope(by_name["Tư Nghĩa"], wb.units, DAY),
        "ly-son": unit_scope(by_name["Lý Sơn"], wb.units, DAY),
    }


def parts(wb, year=2024):
    index = cache.DataIndex(wb)
    return {slug: index.scope_parts(s, year) for slug, s in scopes(wb).items()}


def edited(wb, sheet, change):
    """A copy of the workbook with one sheet's frame changed."""
    frames = dict(wb.frames)
    frames[sheet] = change(wb.frames[sheet].copy())
    assert not frames[sheet].equals(wb.frames[sheet]), f"the edit left {sheet} as it was"
    return dataclasses.replace(wb, frames=frames)


def code(wb, name):
    return next(u.code for u in wb.units if u.name == name)


def test_a_districts_rows_change_that_district_and_the_province_only(workbook):
    before = parts(workbook)
    tu_nghia = code(workbook, "Tư Nghĩa")

    def rename(frame):
        row = frame.index[frame["district"] == tu_nghia][0]
        frame.loc[row, "product_name"] = "Sản phẩm đã sửa"
        return frame

    after = parts(edited(workbook, "san_pham", rename))
    assert after["tu-nghia"]["san_pham"] != before["tu-nghia"]["san_pham"]
    assert after["tinh"]["san_pham"] != before["tinh"]["san_pham"]
    assert after["ly-son"] == before["ly-son"]


def test_an_outlet_and_a_target_belong_to_their_unit(workbook):
    before = parts(workbook)
    ly_son = code(workbook, "Lý Sơn")

    def add_outlet(frame):
        extra = frame.iloc[[0]].copy()
        extra["outlet_name"], extra["district"] = "Điểm bán mới", ly_son
        return pd.concat([frame, extra], ignore_index=True)

    after = parts(edited(workbook, "diem_ban", add_outlet))
    assert after["ly-son"]["diem_ban"] != before["ly-son"]["diem_ban"]
    assert after["tinh"]["diem_ban"] != before["tinh"]["diem_ban"]
    assert after["tu-nghia"] == before["tu-nghia"]


def test_activities_of_another_year_and_row_numbers_change_nothing(workbook):
    before = parts(workbook)

    def other_year(frame):
        frame.loc[frame["year"] != 2024, "description"] = "Hoạt động năm khác, đã sửa"
        frame["excel_row"] = frame["excel_row"] + 5  # rows inserted above
        return frame

    after = parts(edited(workbook, "hoat_dong", other_year))
    assert after == before


def test_shared_inputs_reach_every_report(workbook):
    before = parts(workbook)

    def this_year(frame):
        frame.loc[frame["year"] == 2024, "description"] = "Hoạt động đã sửa"
        return frame

    after = parts(edited(workbook, "hoat_dong", this_year))
    for slug in before:
        assert after[slug]["hoat_dong"] != before[slug]["hoat_dong"]


def test_the_decision_and_its_reason(tmp_path, workbook):
    current = cache.fingerprint(
        {"scope": "tinh"},
        ROOT / "notebooks" / "report.ipynb",
        parts(workbook)["tinh"],
        ROOT / "data" / "quang-ngai" / "2024" / "bao_cao.md",
    )
    folder = tmp_path / "tinh"
    files = ["report.ipynb", "results.json", "report.html"]
    assert cache.decide(folder, current, files) == cache.Decision(True, "no earlier output")
    folder.mkdir()
    for name in files:
        (folder / name).write_text("x")
    assert "run.json" in cache.decide(folder, current, files).reason
    record = cache.make_record(current, [], {"scope": "tinh"}, 12.3)
    (folder / "run.json").write_text(json.dumps(record))
    decision = cache.decide(folder, current, files)
    assert not decision.run and decision.reason.startswith("unchanged since ")
    assert cache.decide(folder, current, files, force=True).reason == "forced (--force)"
    assert cache.decide(folder, current, files, failed={}).reason == "the last run failed"
    changed = {**current, "san_pham": "0" * 64, "notebook": "1" * 64}
    decision = cache.decide(folder, changed, files)
    assert decision.run
    assert decision.reason == "changed: the notebook; rows of sheet san_pham for this scope"
    (folder / "report.html").unlink()
    assert cache.decide(folder, current, files).reason == (
        "missing from the earlier output: report.html"
    )


def test_the_workbook_travels_to_the_kernels_as_written(tmp_path, workbook):
    tmp_path.chmod(0o700)
    path = hand_over(tmp_path, pickle_bytes(workbook))
    again = read_workbook_file(path)
    assert again.sha256 == workbook.sha256
    for key, frame in workbook.frames.items():
        pd.testing.assert_frame_equal(again.frames[key], frame)
    other = hand_over(tmp_path, __import__("pickle").dumps({"not": "a workbook"}))
    with pytest.raises(TypeError):
        read_workbook_file(other)
