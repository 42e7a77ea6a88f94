"""Data-quality notes for reviewers: every warning of the load, and the
consistency checks a reviewer would want, each with its result."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ocoplib.base import vnformat
from ocoplib.domain.levels import band_of
from ocoplib.domain.rules import evaluations, expiry_dates, in_scope
from ocoplib.render.tables import Col, Table

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


def expiring(report, months: int = 12) -> pd.DataFrame:
    """Valid OCOP products whose certificate expires within ``months`` after D."""
    valid = report.figures.valid
    if valid.empty:
        return valid.assign(expires=pd.Series(dtype="datetime64[ns]"))
    out = valid.assign(expires=expiry_dates(valid))
    limit = pd.Timestamp(report.as_of) + pd.DateOffset(months=months)
    return out[out["expires"] <= limit].sort_values(["expires", "product_id"])


def checks(report) -> list[Check]:
    f, t = report.figures, report.totals()
    out = [
        _sum_check(
            "Sản phẩm theo hạng sao cộng lại bằng tổng số sản phẩm OCOP",
            t["products_by_stars"],
            t["products"],
            "sản phẩm OCOP",
        ),
        _sum_check(
            "Sản phẩm theo nhóm cộng lại bằng tổng số sản phẩm OCOP",
            t["products_by_group"],
            t["products"],
            "sản phẩm OCOP",
        ),
        _sum_check(
            "Chủ thể theo loại hình cộng lại bằng tổng số chủ thể",
            {k: v["owners"] for k, v in t["owners_by_type"].items()},
            t["owners"],
            "chủ thể",
        ),
        _sum_check(
            "Sản phẩm theo loại hình chủ thể cộng lại bằng tổng số sản phẩm OCOP",
            {k: v["products"] for k, v in t["owners_by_type"].items()},
            t["products"],
            "sản phẩm OCOP",
        ),
        _sum_check(
            "Điểm bán theo hình thức cộng lại bằng tổng số điểm bán",
            {k: v for k, v in t["sales_points"].items() if k != "total"},
            t["sales_points"]["total"],
            "điểm bán",
        ),
    ]
    if report.scope.is_province:
        by_unit = f.by_unit(report.unit_column).sum()
        for code, label in (
            ("products", "sản phẩm OCOP"),
            ("new_products", "sản phẩm mới"),
            ("ecommerce_products", "sản phẩm trên sàn TMĐT"),
        ):
            out.append(
                _sum_check(
                    f"Số {label} của các đơn vị cộng lại bằng số của toàn tỉnh",
                    {"units": int(by_unit[code])},
                    t[code],
                    label,
                )
            )
        multi = f.ocop.groupby("owner_id")[report.unit_column].nunique()
        multi = int((multi > 1).sum())
        out.append(
            Check(
                "Chủ thể có sản phẩm ở nhiều đơn vị",
                INFO if multi else OK,
                f"{vnformat.number(multi, 0)} chủ thể được tính ở nhiều đơn vị: "
                "tổng số chủ thể của các đơn vị có thể lớn hơn số của toàn tỉnh."
                if multi
                else "Không có.",
            )
        )
    rows = evaluations(report.workbook["san_pham"], report.as_of)
    rows = rows[in_scope(rows, report.scope)]
    scored = rows[rows["score"].notna()]
    band = scored["score"].map(band_of)
    below = scored[scored["stars"] < band]
    out.append(
        Check(
            "Số sao phù hợp với điểm (số sao thấp hơn hạng của điểm do tiêu chí bắt buộc)",
            INFO if len(below) else OK,
            (
                f"{len(below)} quyết định có số sao thấp hơn hạng của điểm: {_ids(below)}. "
                if len(below)
                else "Mọi quyết định có điểm đều đúng hạng sao. "
            )
            + f"{vnformat.number(int(rows['score'].isna().sum()), 0)} quyết định không ghi điểm.",
        )
    )
    soon = expiring(report)
    expired = len(f.ocop) - len(f.valid)
    out.append(
        Check(
            "Giấy chứng nhận hết hạn trong 12 tháng tới",
            INFO if len(soon) else OK,
            f"{vnformat.number(len(soon), 0)} sản phẩm (danh sách ở bảng kèm theo); "
            f"{vnformat.number(expired, 0)} sản phẩm OCOP đã quá 36 tháng kể từ "
            "quyết định gần nhất mà chưa có quyết định đánh giá lại.",
        )
    )
    owners = report.workbook["chu_the"].set_index("owner_id")["district"]
    elsewhere = f.ocop[f.ocop["district"] != f.ocop["owner_id"].map(owners)]
    out.append(
        Check(
            "Sản phẩm đặt ở đơn vị khác với nơi đăng ký của chủ thể",
            INFO if len(elsewhere) else OK,
            f"{len(elsewhere)} sản phẩm: {_ids(elsewhere)}." if len(elsewhere) else "Không có.",
        )
    )
    year = report.params.year
    before = f.ocop[f.ocop["product_id"].isin(_first_ocop_before(report, year))]
    out.append(
        Check(
            "Cơ sở tính tỷ lệ sản phẩm trên sàn thương mại điện tử",
            INFO,
            f"Báo cáo dùng {t['ecommerce_products']}/{t['products']}: mọi sản phẩm OCOP tại ngày "
            f"{vnformat.date(report.as_of)}, theo xếp hạng hiện hành. Nếu chỉ tính các sản phẩm "
            f"được công nhận trước năm {year}: {int(before['on_ecommerce'].sum())}/{len(before)}.",
        )
    )
    late = report.workbook["san_pham"]
    late = late[in_scope(late, report.scope)]
    late = late[
        (late["decision_date"] > pd.Timestamp(report.as_of))
        & (late["decision_date"].dt.year == year)
    ]
    out.append(
        Check(
            "Quyết định sau ngày chốt số liệu",
            INFO if len(late) else OK,
            f"{len(late)} quyết định năm {year} sau ngày {vnformat.date(report.as_of)} không được "
            "tính trong báo cáo này."
            if len(late)
            else "Không có.",
        )
    )
    out.append(
        Check(
            "Cảnh báo khi đọc sổ dữ liệu",
            INFO if report.warnings else OK,
            f"{len(report.warnings)} cảnh báo (danh sách ở bảng kèm theo)."
            if report.warnings
            else "Không có cảnh báo.",
        )
    )
    return out


def _first_ocop_before(report, year: int) -> set:
    rows = evaluations(report.workbook["san_pham"], report.as_of)
    rows = rows[rows["stars"] >= 3]
    first = rows.groupby("product_id")["decision_date"].min()
    return set(first[first.dt.year < year].index)


def checks_table(report) -> Table:
    rows = [[n, c.title, c.result, c.detail] for n, c in enumerate(checks(report), start=1)]
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


def expiring_table(report) -> Table:
    soon = expiring(report)
    owners = report.workbook["chu_the"].set_index("owner_id")["owner_name"]
    rows = [
        [
            n,
            r.product_name,
            owners.get(r.owner_id, r.owner_id),
            report.unit_label(getattr(r, report.unit_column)),
            int(r.stars),
            r.decision_date.date(),
            r.expires.date(),
        ]
        for n, r in enumerate(soon.itertuples(index=False), start=1)
    ]
    return Table(
        key="sap_het_han",
        title=f"Sản phẩm có giấy chứng nhận hết hạn trong 12 tháng kể từ "
        f"{vnformat.date(report.as_of)}",
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
        note=None if rows else "Không có sản phẩm hết hạn trong 12 tháng tới.",
    )


def warnings_table(report) -> Table:
    rows = [
        [
            n,
            p.sheet or "",
            p.row,
            p.column or "",
            "" if p.value is None else str(p.value),
            p.expected_vi or p.expected,
        ]
        for n, p in enumerate(report.warnings, start=1)
    ]
    return Table(
        key="chat_luong_du_lieu",
        title="Ghi chú chất lượng dữ liệu: cảnh báo khi đọc sổ dữ liệu",
        columns=[
            Col("STT", "int", 5),
            Col("Sheet", "text", 12),
            Col("Dòng", "int", 6),
            Col("Cột", "text", 18),
            Col("Giá trị", "text", 24),
            Col("Nội dung", "text", 60),
        ],
        rows=rows,
        note=None if rows else "Không có cảnh báo.",
    )
