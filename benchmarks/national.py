"""A synthetic national-scale OCOP workbook, for the benchmark only.

About 16.000 products (some evaluated twice), 8.500 owners and 3.300
administrative units (700 districts valid until 30/06/2025 and 2.600
communes from 01/07/2025, each under a former district), with outlets,
targets and activities, under the labels of the input contract. Every row
is invented; a fixed seed gives the same rows each time. Nothing of it is
committed: the benchmark writes it into a temporary folder.

    .venv/bin/python benchmarks/national.py OUT_DIR   # writes OUT_DIR/ca-nuoc/...
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sys
from pathlib import Path

from openpyxl import Workbook

from ocoplib.base.contract import contract

ROOT = Path(__file__).resolve().parents[1]
SLUG = "ca-nuoc"
SEED = 20250701
DISTRICTS, COMMUNES, OWNERS, PRODUCTS = 700, 2_600, 8_500, 16_000
YEAR = 2024
SYLLABLES = (
    "An Bình Châu Diên Đông Giang Hà Hải Hòa Hưng Khánh Lạc Lâm Long Minh Mỹ Nam Nghĩa "
    "Ninh Phong Phú Phước Quang Quý Sơn Tân Thạnh Thành Thái Thanh Thịnh Thuận Tiên Trung "
    "Trường Tường Vạn Văn Việt Vĩnh Xuân Yên Đức Hiệp Hậu Lợi Lộc Mậu Ngọc Phát"
).split()
GROUPS = [
    "Thực phẩm",
    "Đồ uống",
    "Dược liệu",
    "Thủ công mỹ nghệ",
    "Sinh vật cảnh",
    "Dịch vụ du lịch",
]
OWNER_TYPES = ["Doanh nghiệp", "Hợp tác xã", "Tổ hợp tác", "Hộ kinh doanh"]
CATEGORIES = [
    "Chỉ đạo, điều hành",
    "Xúc tiến thương mại",
    "Tuyên truyền, quảng bá",
    "Đào tạo, tập huấn",
]


def _names(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    out = []
    while len(out) < count:
        name = f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"
        if len(out) > len(SYLLABLES) ** 2 // 2:
            name += f" {rng.choice(SYLLABLES)}"
        if name not in taken and name.split()[0] != name.split()[-1]:
            taken.add(name)
            out.append(name)
    return out


def _day(rng: random.Random, first: int, last: int) -> dt.datetime:
    start = dt.date(first, 1, 1).toordinal()
    return dt.datetime.fromordinal(rng.randint(start, dt.date(last, 12, 31).toordinal()))


def rows() -> dict[str, list[dict]]:
    rng = random.Random(SEED)
    taken: set[str] = set()
    districts = [
        {
            "unit_code": f"D{i:04d}",
            "unit_name": name,
            "unit_type": "Huyện",
            "valid_to": dt.datetime(2025, 6, 30),
        }
        for i, name in enumerate(_names(rng, DISTRICTS, taken), start=1)
    ]
    communes = [
        {
            "unit_code": f"X{i:05d}",
            "unit_name": name,
            "unit_type": rng.choice(["Xã", "Xã", "Phường"]),
            "parent_code": rng.choice(districts)["unit_code"],
            "valid_from": dt.datetime(2025, 7, 1),
        }
        for i, name in enumerate(_names(rng, COMMUNES, taken), start=1)
    ]
    owners = [
        {
            "owner_id": f"CT-{i:05d}",
            "owner_name": f"Chủ thể {i} {rng.choice(SYLLABLES)}",
            "owner_type": rng.choice(OWNER_TYPES),
            "district": rng.choice(districts)["unit_name"],
        }
        for i in range(1, OWNERS + 1)
    ]
    products = []
    for i in range(1, PRODUCTS + 1):
        owner = rng.choice(owners)
        stars = rng.choices([3, 4, 5], weights=[80, 19, 1])[0]
        day = _day(rng, 2019, YEAR)
        row = {
            "product_id": f"SP-{i:05d}",
            "product_name": f"Sản phẩm {rng.choice(SYLLABLES)} {i}",
            "owner_id": owner["owner_id"],
            "product_group": rng.choice(GROUPS),
            "stars": stars,
            "score": {3: 60, 4: 80, 5: 92}[stars] + rng.randint(0, 7),
            "decision_no": f"{rng.randint(1, 3000)}/QĐ-UBND",
            "decision_date": day,
            "district": owner["district"],
            "on_ecommerce": rng.random() < 0.6,
        }
        products.append(row)
        if rng.random() < 0.1 and day.year < YEAR:  # re-evaluated later
            again = dict(row, decision_date=_day(rng, day.year + 1, YEAR), stars=4, score=80)
            products.append(again)
    outlets = [
        {
            "outlet_name": f"Điểm giới thiệu sản phẩm OCOP {d['unit_name']}",
            "district": d["unit_name"],
            "funding": rng.choice(["Nhà nước hỗ trợ", "Xã hội hóa"]),
            "opened": _day(rng, 2019, YEAR),
        }
        for d in districts
    ]
    targets = [
        {
            "year": YEAR,
            "scope": "Tỉnh",
            "indicator": "new_products",
            "description": "Sản phẩm OCOP mới",
            "target_min": 2500,
            "unit": "sản phẩm",
        }
    ] + [
        {
            "year": YEAR,
            "scope": d["unit_name"],
            "indicator": "new_products",
            "description": "Sản phẩm OCOP mới",
            "target_min": 4,
            "unit": "sản phẩm",
        }
        for d in districts
    ]
    activities = [
        {
            "year": YEAR,
            "category": rng.choice(CATEGORIES),
            "date": _day(rng, YEAR, YEAR),
            "description": f"Hoạt động số {i} của chương trình OCOP",
        }
        for i in range(1, 51)
    ]
    return {
        "dia_ban": districts + communes,
        "chu_the": owners,
        "san_pham": products,
        "diem_ban": outlets,
        "chi_tieu": targets,
        "hoat_dong": activities,
    }


def write(out_dir: Path) -> Path:
    """Write ``out_dir/ca-nuoc/ocop.xlsx`` and the year's text; returns the workbook."""
    folder = Path(out_dir) / SLUG
    (folder / str(YEAR)).mkdir(parents=True, exist_ok=True)
    data = rows()
    wb = Workbook(write_only=True)
    for sheet in contract().sheets:
        ws = wb.create_sheet(sheet.key)
        ws.append([c.label for c in sheet.columns])
        for row in data.get(sheet.key, []):
            ws.append([row.get(c.key) for c in sheet.columns])
    path = folder / "ocop.xlsx"
    wb.save(path)
    text = (ROOT / "data" / "quang-ngai" / str(YEAR) / "bao_cao.md").read_text(encoding="utf-8")
    text = text.replace("ten_tinh: Quảng Ngãi", "ten_tinh: Cả nước (dữ liệu mô phỏng)")
    (folder / str(YEAR) / "bao_cao.md").write_text(text, encoding="utf-8")
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("national")
    if target.exists() and not target.is_dir():
        sys.exit(f"{target} is not a folder")
    print(write(target))
    shutil.disk_usage(target)  # fails loudly when the folder is unusable
