"""Tiny workbooks built inline for tests: rows are dicts keyed by the
contract's column keys; headers are written with the contract's labels."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from ocoplib.base.contract import contract

UNITS = [
    {"unit_code": "001", "unit_name": "Quảng Ngãi", "unit_type": "Thành phố"},
    {"unit_code": "002", "unit_name": "Tư Nghĩa", "unit_type": "Huyện"},
    {"unit_code": "003", "unit_name": "Đức Phổ", "unit_type": "Thị xã", "aliases": "Huyện Đức Phổ"},
]
OWNERS = [
    {
        "owner_id": "O1",
        "owner_name": "Công ty TNHH A",
        "owner_type": "Doanh nghiệp",
        "district": "Quảng Ngãi",
    },
    {"owner_id": "O2", "owner_name": "HTX B", "owner_type": "HTX", "district": "Tư Nghĩa"},
    {
        "owner_id": "O3",
        "owner_name": "Hộ kinh doanh C",
        "owner_type": "Hộ kinh doanh",
        "district": "Đức Phổ",
    },
]


def product(pid, stars, day, district="Tư Nghĩa", owner="O2", **extra):
    row = {
        "product_id": pid,
        "product_name": f"Sản phẩm {pid}",
        "owner_id": owner,
        "product_group": "Thực phẩm",
        "stars": stars,
        "decision_date": day,
        "district": district,
    }
    row.update(extra)
    return row


def write_workbook(
    path: Path,
    products=(),
    owners=None,
    units=None,
    outlets=(),
    targets=(),
    activities=(),
    use_labels=True,
    drop_sheets=(),
    extra_sheets=None,
    drop_columns=None,
) -> Path:
    """Write the rows under the contract's headers. ``drop_columns`` maps a
    sheet key to column keys left out (a workbook with a missing column)."""
    data = {
        "dia_ban": UNITS if units is None else units,
        "chu_the": OWNERS if owners is None else owners,
        "san_pham": list(products),
        "diem_ban": list(outlets),
        "chi_tieu": list(targets),
        "hoat_dong": list(activities),
    }
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in contract().sheets:
        if sheet.key in drop_sheets:
            continue
        ws = wb.create_sheet(sheet.key)
        dropped = set((drop_columns or {}).get(sheet.key, ()))
        columns = [c for c in sheet.columns if c.key not in dropped]
        keys = [c.key for c in columns]
        ws.append([c.label if use_labels else c.key for c in columns])
        for row in data[sheet.key]:
            ws.append([row.get(k) for k in keys])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text typed by a person, not a formula
    for name, rows in (extra_sheets or {}).items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
