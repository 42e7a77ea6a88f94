"""Data-quality notes for reviewers: every warning of the load, and the
consistency checks a reviewer would want, each with its result."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ocoplib.base import vnformat
from ocoplib.domain.levels import band_of
from ocoplib.domain.rules import evaluations, expiry_dates, in_scope, placed
from ocoplib.domain.units import child_level
from ocoplib.render.tables import Col, Table
from ocoplib.report import narrative
from ocoplib.report.facts import Facts

OK = "Khớp"
LOOK = "Cần xem lại"
INFO = "Thông tin"


@dataclass(frozen=True)
class Check:
    title: str
    result: str  # OK, LOOK or INFO
    detail: str


def _sum_check(title: str, parts: dict, total: int, what: str) -> Check:
    added = sum(parts.values())
    ok = added == total
    detail = (
        f"Tổng các phần {vnformat.number(added, 0)}; tổng số {what} {vnformat.number(total, 0)}."
    )
    return Check(title, OK if ok else LOOK, detail)


def _ids(frame: pd.DataFrame, limit: int = 10) -> str:
    ids = list(frame["product_id"])
    text = ", ".join(ids[:limit])
    return text + (f" và {len(ids) - limit} sản phẩm khác" if len(ids) > limit else "")


def expiring(facts: Facts, months: int = 12) -> pd.DataFrame:
    """Valid OCOP products whose certificate expires within ``months`` after D."""
    valid = facts.figures.valid
    if valid.empty:
        return valid.assign(expires=pd.Series(dtype="datetime64[ns]"))
    out = valid.assign(expires=expiry_dates(valid))
    limit = pd.Timestamp(facts.as_of) + pd.DateOffset(months=months)
    return out[out["expires"] <= limit].sort_values(["expires", "product_id"])


def stars_add_up(facts: Facts) -> Check:
    t = facts.totals
    return _sum_check(
        "Sản phẩm theo hạng sao cộng lại bằng tổng số sản phẩm OCOP",
        t["products_by_stars"],
        t["products"],
        "sản phẩm OCOP",
    )


def groups_add_up(facts: Facts) -> Check:
    t = facts.totals
    return _sum_check(
        "Sản phẩm theo nhóm cộng lại bằng tổng số sản phẩm OCOP",
        t["products_by_group"],
        t["products"],
        "sản phẩm OCOP",
    )


def owner_types_add_up(facts: Facts) -> Check:
    t = facts.totals
    return _sum_check(
        "Chủ thể theo loại hình cộng lại bằng tổng số chủ thể",
        {k: v["owners"] for k, v in t["owners_by_type"].items()},
        t["owners"],
        "chủ thể",
    )


def products_by_owner_type_add_up(facts: Facts) -> Check:
    t = facts.totals
    return _sum_check(
        "Sản phẩm theo loại hình chủ thể cộng lại bằng tổng số sản phẩm OCOP",
        {k: v["products"] for k, v in t["owners_by_type"].items()},
        t["products"],
        "sản phẩm OCOP",
    )


def outlets_add_up(facts: Facts) -> Check:
    t = facts.totals
    return _sum_check(
        "Điểm bán theo hình thức cộng lại bằng tổng số điểm bán",
        {k: v for k, v in t["sales_points"].items() if k != "total"},
        t["sales_points"]["total"],
        "điểm bán",
    )


def _units_add_up(facts: Facts, code: str, label: str) -> Check | None:
    """For a province report: the units' figure ``code`` adds up to the province's."""
    if not facts.scope.is_province:
        return None
    by_unit = facts.figures.by_unit(facts.area.column).sum()
    return _sum_check(
        f"Số {label} của các đơn vị cộng lại bằng số của toàn tỉnh",
        {"units": int(by_unit[code])},
        facts.totals[code],
        label,
    )


def unit_products_add_up(facts: Facts) -> Check | None:
    return _units_add_up(facts, "products", "sản phẩm OCOP")


def unit_new_products_add_up(facts: Facts) -> Check | None:
    return _units_add_up(facts, "new_products", "sản phẩm mới")


def unit_ecommerce_add_up(facts: Facts) -> Check | None:
    return _units_add_up(facts, "ecommerce_products", "sản phẩm trên sàn TMĐT")


def owners_in_several_units(facts: Facts) -> Check | None:
    if not facts.scope.is_province:
        return None
    multi = facts.figures.ocop.groupby("owner_id")[facts.area.column].nunique()
    multi = int((multi > 1).sum())
    return Check(
        "Chủ thể có sản phẩm ở nhiều đơn vị",
        INFO if multi else OK,
        f"{vnformat.number(multi, 0)} chủ thể được tính ở nhiều đơn vị: "
        "tổng số chủ thể của các đơn vị có thể lớn hơn số của toàn tỉnh."
        if multi
        else "Không có.",
    )


def stars_match_scores(facts: Facts) -> Check:
    rows = evaluations(facts.workbook["san_pham"], facts.as_of)
    rows = rows[in_scope(rows, facts.scope)]
    scored = rows[rows["score"].notna()]
    band = scored["score"].map(band_of)
    below = scored[scored["stars"] < band]
    return Check(
        "Số sao phù hợp với điểm (số sao thấp hơn hạng của điểm do tiêu chí bắt buộc)",
        INFO if len(below) else OK,
        (
            f"{len(below)} quyết định có số sao thấp hơn hạng của điểm: {_ids(below)}. "
            if len(below)
            else "Mọi quyết định có điểm đều đúng hạng sao. "
        )
        + f"{vnformat.number(int(rows['score'].isna().sum()), 0)} quyết định không ghi điểm."
        if len(rows)
        else "Chưa có quyết định đánh giá, phân hạng nào.",
    )


def certificates_expiring(facts: Facts) -> Check:
    f = facts.figures
    soon = expiring(facts)
    expired = len(f.ocop) - len(f.valid)
    return Check(
        "Giấy chứng nhận hết hạn trong 12 tháng tới",
        INFO if len(soon) else OK,
        f"{vnformat.number(len(soon), 0)} sản phẩm (danh sách ở bảng kèm theo); "
        f"{vnformat.number(expired, 0)} sản phẩm OCOP đã quá 36 tháng kể từ "
        "quyết định gần nhất mà chưa có quyết định đánh giá lại."
        if len(f.ocop)
        else "Chưa có sản phẩm OCOP.",
    )


def products_away_from_owner(facts: Facts) -> Check:
    ocop = facts.figures.ocop
    owners = facts.workbook["chu_the"].set_index("owner_id")["district"]
    elsewhere = ocop[ocop["district"] != ocop["owner_id"].map(owners)]
    return Check(
        "Sản phẩm đặt ở đơn vị khác với nơi đăng ký của chủ thể",
        INFO if len(elsewhere) else OK,
        f"{len(elsewhere)} sản phẩm: {_ids(elsewhere)}." if len(elsewhere) else "Không có.",
    )


def ecommerce_basis(facts: Facts) -> Check:
    t, ocop, year = facts.totals, facts.figures.ocop, facts.params.year
    before = ocop[ocop["product_id"].isin(_first_ocop_before(facts, year))]
    return Check(
        "Cơ sở tính tỷ lệ sản phẩm trên sàn thương mại điện tử",
        INFO,
        f"Báo cáo dùng {t['ecommerce_products']}/{t['products']}: mọi sản phẩm OCOP tại ngày "
        f"{vnformat.date(facts.as_of)}, theo xếp hạng hiện hành. Nếu chỉ tính các sản phẩm "
        f"được công nhận trước năm {year}: {int(before['on_ecommerce'].sum())}/{len(before)}."
        if t["products"]
        else f"Đến ngày {vnformat.date(facts.as_of)} chưa có sản phẩm OCOP: không tính tỷ lệ.",
    )


def decisions_after_cutoff(facts: Facts) -> Check:
    year = facts.params.year
    late = facts.workbook["san_pham"]
    late = late[in_scope(late, facts.scope)]
    late = late[
        (late["decision_date"] > pd.Timestamp(facts.as_of))
        & (late["decision_date"].dt.year == year)
    ]
    return Check(
        "Quyết định sau ngày chốt số liệu",
        INFO if len(late) else OK,
        f"{len(late)} quyết định năm {year} sau ngày {vnformat.date(facts.as_of)} không được "
        "tính trong báo cáo này."
        if len(late)
        else "Không có.",
    )


#: No OCOP decision, outlet or activity is older than the first programme
#: (Quảng Ninh, 2013): an older date is a typing slip (an Excel serial 1 is 1900).
FIRST_OCOP_YEAR = 2013
_DATES = (
    ("san_pham", "decision_date", "ngày quyết định"),
    ("diem_ban", "opened", "ngày khai trương"),
    ("hoat_dong", "date", "ngày hoạt động"),
    ("hoat_dong", "end_date", "ngày kết thúc hoạt động"),
)


def implausible_dates(facts: Facts) -> Check | None:
    """Dates before the first OCOP programme, or after the year following
    the cut-off's: read as typed, but most likely typing slips (None: none)."""
    latest = pd.Timestamp(facts.as_of.year + 1, 12, 31)
    found = []
    for key, column, what in _DATES:
        frame = facts.workbook[key]
        # Rows placed in units (a sales point may name no commune): the scope's own.
        if key != "hoat_dong" and not frame.empty and {"district", "commune"} <= set(frame):
            frame = frame[in_scope(frame, facts.scope)]
        day = frame[column]
        odd = frame[(day.dt.year < FIRST_OCOP_YEAR) | (day > latest)]
        found += [
            f"trang {key} dòng {r.excel_row}: {what} {vnformat.date(getattr(r, column))}"
            for r in odd.itertuples(index=False)
        ]
    if not found:
        return None
    return Check(
        "Ngày bất thường trong sổ dữ liệu",
        LOOK,
        f"{len(found)} ngày trước năm {FIRST_OCOP_YEAR} hoặc sau năm {latest.year}, "
        "được đọc đúng như đã nhập, cần kiểm tra lại: "
        + "; ".join(found[:10])
        + ("; …" if len(found) > 10 else "")
        + ".",
    )


def unmet_targets_explained(facts: Facts) -> Check | None:
    """Every unmet target carries the analyst's cause (said in 1c and 2b)."""
    unmet = narrative.unmet(facts)
    if not unmet:
        return None
    given = narrative.causes(facts)
    missing = [i for i in unmet if i.code not in given]
    title = "Chỉ tiêu chưa đạt có ghi nguyên nhân"
    if not missing:
        return Check(title, OK, f"Cả {len(unmet)} chỉ tiêu chưa đạt đều có nguyên nhân.")
    listed = "; ".join(
        f"{i.description} (kế hoạch {narrative.target_text(i)} {i.unit}, "
        f"thực hiện {vnformat.count(i.actual)} {i.unit})"
        for i in missing
    )
    return Check(
        title,
        LOOK,
        f"Chưa ghi nguyên nhân: {listed}. Ghi nguyên nhân vào cột “Nguyên nhân” của trang "
        "Chỉ tiêu kế hoạch để báo cáo nêu ở mục 1c và 2b.",
    )


def unplaced_products(facts: Facts) -> Check | None:
    """For a province report after the reorganisation: the OCOP products that
    belong to no commune of the day (a former unit without a recorded
    successor, or split without the product's address)."""
    units = list(facts.area.units)
    if not facts.scope.is_province or child_level(units, facts.as_of) != "commune":
        return None
    ocop = facts.figures.ocop
    lost = ocop[placed(ocop, units, facts.as_of).isna()].sort_values("product_id")
    return Check(
        "Sản phẩm OCOP chưa xác định được xã, phường, đặc khu sau sắp xếp đơn vị hành chính",
        LOOK if len(lost) else OK,
        f"{len(lost)} sản phẩm được tính cho toàn tỉnh nhưng không được tính cho xã, phường, "
        f"đặc khu nào: {_ids(lost, limit=len(lost))}."
        if len(lost)
        else "Không có: mỗi sản phẩm OCOP thuộc một xã, phường, đặc khu.",
    )


def unplaced_outlets(facts: Facts) -> Check | None:
    """For a province report after the reorganisation: the sales points that
    belong to no commune of the day (sheet diem_ban names a district only, and
    a former district was split among communes)."""
    units = list(facts.area.units)
    if not facts.scope.is_province or child_level(units, facts.as_of) != "commune":
        return None
    outlets = facts.figures.outlets
    lost = outlets[placed(outlets, units, facts.as_of, column="district").isna()]
    names = vnformat.join(
        [f"{r.outlet_name} ({facts.area.label(r.district)})" for r in lost.itertuples()]
    )
    return Check(
        "Điểm giới thiệu và bán sản phẩm OCOP chưa xác định được xã, phường, đặc khu",
        LOOK if len(lost) else OK,
        f"{len(lost)} điểm được tính cho toàn tỉnh nhưng không được tính cho xã, phường, đặc khu "
        f"nào: {names}. Ghi xã, phường, đặc khu nơi đặt điểm vào cột đơn vị của trang diem_ban."
        if len(lost)
        else "Không có: mỗi điểm thuộc một xã, phường, đặc khu.",
    )


def load_warnings(facts: Facts) -> Check:
    warnings = facts.warnings
    return Check(
        "Cảnh báo khi đọc sổ dữ liệu",
        INFO if warnings else OK,
        f"{len(warnings)} cảnh báo (danh sách ở bảng kèm theo)."
        if warnings
        else "Không có cảnh báo.",
    )


def review_marks_left(facts: Facts) -> Check:
    marks = facts.text.marks
    lines = ", ".join(str(m.row) for m in marks[:20]) + (" …" if len(marks) > 20 else "")
    return Check(
        "Dấu KIỂM TRA còn lại trong bao_cao.md",
        LOOK if marks else OK,
        f"Còn {vnformat.number(len(marks), 0)} chỗ đánh dấu KIỂM TRA (dòng {lines}): "
        "kiểm tra từng chỗ rồi xoá dấu trước khi phát hành báo cáo."
        if marks
        else "Không có.",
    )


#: The consistency checks in the order the report lists them; a check that
#: does not apply to the report's scope returns None.
CHECKS: tuple[Callable[[Facts], Check | None], ...] = (
    stars_add_up,
    groups_add_up,
    owner_types_add_up,
    products_by_owner_type_add_up,
    outlets_add_up,
    unit_products_add_up,
    unit_new_products_add_up,
    unit_ecommerce_add_up,
    owners_in_several_units,
    stars_match_scores,
    certificates_expiring,
    products_away_from_owner,
    ecommerce_basis,
    decisions_after_cutoff,
    implausible_dates,
    unplaced_products,
    unplaced_outlets,
    load_warnings,
    review_marks_left,
    unmet_targets_explained,
)


def checks(facts: Facts) -> list[Check]:
    """The results of the checks that apply to the report, in order."""
    return [c for c in (check(facts) for check in CHECKS) if c is not None]


def _first_ocop_before(facts: Facts, year: int) -> set:
    rows = evaluations(facts.workbook["san_pham"], facts.as_of)
    rows = rows[rows["stars"] >= 3]
    first = rows.groupby("product_id")["decision_date"].min()
    return set(first[first.dt.year < year].index)


def checks_table(facts: Facts) -> Table:
    rows = [[n, c.title, c.result, c.detail] for n, c in enumerate(checks(facts), start=1)]
    return Table(
        key="kiem_tra",
        title="Kiểm tra tính nhất quán của số liệu",
        columns=[
            Col("STT", "int", 5),
            Col("Nội dung kiểm tra", "text", 40),
            Col("Kết quả", "text", 12, css="check"),
            Col("Chi tiết", "text", 60),
        ],
        rows=rows,
        row_classes=[
            f"check-{'ok' if r[2] == OK else 'look' if r[2] == LOOK else 'info'}" for r in rows
        ],
    )


def lapsed(facts: Facts) -> pd.DataFrame:
    """OCOP products whose certificate expired on or before D (36 months)."""
    ocop = facts.figures.ocop
    gone = ocop[~ocop["product_id"].isin(facts.figures.valid["product_id"])]
    return gone.assign(expires=expiry_dates(gone)).sort_values(["expires", "product_id"])


def _certificates_table(facts: Facts, key: str, title: str, frame, empty: str) -> Table:
    """Products with their certificate's decision and expiry dates."""
    owners = facts.workbook["chu_the"].set_index("owner_id")["owner_name"]
    rows = [
        [
            n,
            r.product_name,
            owners.get(r.owner_id, r.owner_id),
            facts.area.label(getattr(r, facts.area.column)),
            int(r.stars),
            r.decision_date.date(),
            r.expires.date(),
        ]
        for n, r in enumerate(frame.itertuples(index=False), start=1)
    ]
    return Table(
        key=key,
        title=title,
        columns=[
            Col("STT", "int", 5),
            Col("Tên sản phẩm", "text", 34),
            Col("Chủ thể", "text", 30),
            Col("Đơn vị", "text", 20),
            Col("Số sao", "int", 7),
            Col("Ngày quyết định", "date", 12),
            Col("Ngày hết hạn", "date", 12),
        ],
        rows=rows,
        note=None if rows else empty,
    )


def expiring_table(facts: Facts) -> Table:
    return _certificates_table(
        facts,
        "sap_het_han",
        f"Sản phẩm có giấy chứng nhận hết hạn trong 12 tháng kể từ {vnformat.date(facts.as_of)}",
        expiring(facts),
        "Không có sản phẩm hết hạn trong 12 tháng tới.",
    )


def lapsed_table(facts: Facts) -> Table:
    return _certificates_table(
        facts,
        "het_hieu_luc",
        f"Sản phẩm OCOP có giấy chứng nhận đã hết hiệu lực (quá 36 tháng) đến ngày "
        f"{vnformat.date(facts.as_of)}",
        lapsed(facts),
        "Không có sản phẩm nào có giấy chứng nhận đã hết hiệu lực.",
    )


#: The reviewers' table of the load's warnings (the console points to it).
WARNINGS_KEY = "chat_luong_du_lieu"
WARNINGS_TITLE = "Ghi chú chất lượng dữ liệu: cảnh báo khi đọc sổ dữ liệu"


def warnings_table(facts: Facts) -> Table:
    rows = [
        [
            n,
            p.sheet or "",
            p.row,
            p.column or "",
            "" if p.value is None else str(p.value),
            p.expected_vi or p.expected,
        ]
        for n, p in enumerate(facts.warnings, start=1)
    ]
    return Table(
        key=WARNINGS_KEY,
        title=WARNINGS_TITLE,
        columns=[
            Col("STT", "int", 5),
            Col("Trang tính", "text", 12),
            Col("Dòng", "int", 6),
            Col("Cột", "text", 18),
            Col("Giá trị", "text", 24),
            Col("Nội dung", "text", 60),
        ],
        rows=rows,
        note=None if rows else "Không có cảnh báo.",
    )
