"""A second province built to the contract, for checking the figure rules on
data the sample never exercises: re-evaluations, an upgrade with a five-star
candidacy, a downgrade, a revocation, expiries (one exactly on the cut-off),
a decision after the cut-off, an outlet opened after it, manual indicators,
ranged and open targets, and names typed in other forms.

The expected figures in tests/test_other_province.py were worked out by hand
from the rows below (report year 2023, cut-off 30/09/2023).

    python tests/other_province.py DATA_DIR   # writes DATA_DIR/hoa-binh/...
"""

from __future__ import annotations

import sys
from pathlib import Path

from factory import d, write_workbook

SLUG = "hoa-binh"

UNITS = [
    {"unit_code": "148", "unit_name": "Hòa Bình", "unit_type": "Thành phố"},
    {"unit_code": "152", "unit_name": "Lạc Thủy", "unit_type": "Huyện"},
    {"unit_code": "153", "unit_name": "Mai Châu", "unit_type": "Huyện"},
]
OWNERS = [
    {
        "owner_id": "O1",
        "owner_name": "Công ty CP Chè Hòa Bình",
        "owner_type": "DN",
        "district": "TP Hoà Bình",
    },
    {
        "owner_id": "O2",
        "owner_name": "HTX Cam Lạc Thủy",
        "owner_type": "HTX",
        "district": "huyện Lạc Thuỷ",
    },
    {
        "owner_id": "O3",
        "owner_name": "Hộ kinh doanh Mật ong Mai Châu",
        "owner_type": "Hộ kinh doanh",
        "district": "Mai Châu",
    },
    {
        "owner_id": "O4",
        "owner_name": "Tổ hợp tác Dệt thổ cẩm",
        "owner_type": "THT",
        "district": "Mai Châu",
    },
    {
        "owner_id": "O5",
        "owner_name": "HTX Rượu cần Lạc Thủy",
        "owner_type": "Hợp tác xã",
        "district": "Lạc Thủy",
    },
]


def row(pid, name, owner, stars, day, district, **extra):
    r = {
        "product_id": pid,
        "product_name": name,
        "owner_id": owner,
        "product_group": extra.pop("group", "Thực phẩm"),
        "stars": stars,
        "decision_date": day,
        "district": district,
    }
    r.update(extra)
    return r


PRODUCTS = [
    # re-certified on expiry: valid at the cut-off
    row("P01", "Chè búp Hòa Bình", "O1", 3, d("2019-05-10"), "Hòa Bình", group="Đồ uống"),
    row("P01", "Chè búp Hòa Bình", "O1", 3, d("2022-05-10"), "Hòa Bình", group="Đồ uống"),
    # expired on 01/06/2023, still counted as an OCOP product; on e-commerce
    row(
        "P02",
        "Chè xanh túi lọc",
        "O1",
        3,
        "01/06/2020",
        "Thành phố Hoà Bình",
        group="Đồ uống",
        on_ecommerce="x",
    ),
    # upgraded to 4 stars in 2023 with a five-star candidacy; e-commerce on the new row
    row("P03", "Cam Lạc Thủy", "O2", 3, d("2021-03-15"), "Lạc Thủy"),
    row(
        "P03",
        "Cam Lạc Thủy",
        "O2",
        4,
        d("2023-04-20"),
        "Lạc Thuỷ",
        five_star_candidate="Có",
        on_ecommerce="TRUE",
        score=82,
    ),
    # new in 2023, straight at 4 stars
    row("P04", "Bưởi đỏ Lạc Thủy", "O2", 4, d("2023-02-10"), "Lạc Thủy", score=75),
    # 2 stars first, then 3 stars in 2023: new in 2023
    row("P05", "Mật ong Mai Châu", "O3", 2, d("2022-08-01"), "Mai Châu", score=45),
    row("P05", "Mật ong Mai Châu", "O3", 3, d("2023-03-01"), "Mai Châu", score=61),
    # certified in 2022, revoked in 2023: not an OCOP product
    row("P06", "Khăn thổ cẩm", "O4", 3, d("2022-11-11"), "Mai Châu", group="Hàng thủ công mỹ nghệ"),
    row(
        "P06",
        "Khăn thổ cẩm",
        "O4",
        3,
        d("2023-07-01"),
        "Mai Châu",
        group="Hàng thủ công mỹ nghệ",
        revoked="Có",
    ),
    # decided after the cut-off: does not exist for this report
    row("P07", "Rượu cần Lạc Thủy", "O5", 3, d("2023-10-15"), "Lạc Thủy", group="Đồ uống"),
    # downgraded 4 → 3 in 2023; e-commerce only on the old row
    row("P08", "Cam sấy dẻo", "O2", 4, d("2021-12-01"), "Lạc Thủy", on_ecommerce="x"),
    row("P08", "Cam sấy dẻo", "O2", 3, d("2023-05-05"), "Lạc Thủy"),
    # new in 2023, on e-commerce
    row(
        "P09",
        "Chè đen Hòa Bình",
        "O1",
        3,
        "2023-01-20",
        "TP. Hòa Bình",
        group="Đồ uống",
        on_ecommerce=1,
    ),
    # 2 stars only
    row("P10", "Mật ong chanh", "O3", 2, d("2023-06-06"), "Mai Châu"),
    # decided 30/09/2020: expires exactly on the cut-off 30/09/2023
    row("P11", "Gạo nếp Lạc Thủy", "O5", 3, d("2020-09-30"), "Lạc Thủy"),
    # new in 2023 at 4 stars with a candidacy
    row(
        "P13",
        "Chè shan tuyết",
        "O1",
        4,
        d("2023-08-08"),
        "Hoà Bình",
        group="Đồ uống",
        five_star_candidate="x",
        on_ecommerce="x",
        score=88,
    ),
]
OUTLETS = [
    {
        "outlet_name": "Điểm bán OCOP Hòa Bình",
        "district": "Hòa Bình",
        "funding": "Nhà nước hỗ trợ",
        "opened": d("2022-01-01"),
    },
    {"outlet_name": "Cửa hàng OCOP Lạc Thủy", "district": "Lạc Thủy", "funding": "Xã hội hóa"},
    {
        "outlet_name": "Cửa hàng OCOP Mai Châu",
        "district": "Mai Châu",
        "funding": "XHH",
        "opened": d("2023-12-01"),
    },
]
BASIS = "Kế hoạch số 12/KH-UBND ngày 10/02/2023 của UBND tỉnh"
TARGETS = [
    {
        "year": 2023,
        "scope": "Tỉnh",
        "indicator": "new_products",
        "description": "Sản phẩm OCOP mới",
        "target_min": 5,
        "unit": "sản phẩm",
        "basis": BASIS,
    },
    {
        "year": 2023,
        "scope": "Tỉnh",
        "indicator": "new_4star",
        "description": "Sản phẩm 4 sao",
        "target_min": 2,
        "target_max": 3,
        "unit": "sản phẩm",
        "basis": BASIS,
    },
    {
        "year": 2023,
        "scope": "Tỉnh",
        "indicator": "five_star_candidates",
        "description": "Sản phẩm tiềm năng 5 sao",
        "target_min": 1,
        "target_max": 1,
        "unit": "sản phẩm",
        "basis": BASIS,
    },
    {
        "year": 2023,
        "scope": "Tỉnh",
        "indicator": "training_courses",
        "description": "Lớp tập huấn OCOP",
        "target_min": 4,
        "unit": "lớp",
        "actual_manual": 5,
        "basis": BASIS,
    },
    {
        "year": 2023,
        "scope": "Toàn tỉnh",
        "indicator": "valid_products",
        "description": "Sản phẩm OCOP còn hiệu lực",
        "target_min": 8,
        "unit": "sản phẩm",
        "expected": 9,
        "basis": BASIS,
    },
    {
        "year": 2023,
        "scope": "Huyện Lạc Thuỷ",
        "indicator": "new_products",
        "description": "Sản phẩm OCOP mới",
        "target_min": 2,
        "unit": "sản phẩm",
        "basis": "Kế hoạch số 5/KH-UBND ngày 01/3/2023 của UBND huyện Lạc Thủy",
    },
    {
        "year": 2023,
        "scope": "Lạc Thủy",
        "indicator": "fairs",
        "description": "Hội chợ tham gia",
        "target_min": 1,
        "target_max": 3,
        "unit": "hội chợ",
        "actual_manual": 4,
    },
    {
        "year": 2022,
        "scope": "Tỉnh",
        "indicator": "new_products",
        "description": "Sản phẩm OCOP mới",
        "target_min": 3,
        "unit": "sản phẩm",
    },
]
ACTIVITIES = [
    {
        "year": 2023,
        "category": "Chỉ đạo, điều hành",
        "document_no": "12/KH-UBND",
        "date": d("2023-02-10"),
        "description": "UBND tỉnh ban hành Kế hoạch số 12/KH-UBND "
        "triển khai Chương trình OCOP năm 2023",
    },
    {
        "year": 2023,
        "category": "Xúc tiến thương mại",
        "date": d("2023-06-01"),
        "end_date": d("2023-06-05"),
        "description": "Tổ chức Hội chợ OCOP tỉnh Hòa Bình năm 2023",
        "participants": 40,
    },
]
TEXT = """---
ten_tinh: Hòa Bình
co_quan_chu_quan: UBND TỈNH HÒA BÌNH
co_quan_ban_hanh: SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN
so_ky_hieu: /BC-SNN
dia_danh: Hòa Bình
thang: 10
trich_yeu: Kết quả thực hiện Chương trình OCOP năm 2023
as_of: 2023-09-30
chuc_vu: GIÁM ĐỐC
nguoi_ky: Nguyễn Văn Thử
noi_nhan:
  - UBND tỉnh (b/c);
  - "Lưu: VT."
---

## Mở đầu

Sở Nông nghiệp và Phát triển nông thôn báo cáo kết quả thực hiện Chương trình OCOP năm 2023.

## Thuận lợi

- Các chủ thể tích cực tham gia Chương trình.
"""


def build(data_dir: Path) -> Path:
    folder = Path(data_dir) / SLUG
    (folder / "2023").mkdir(parents=True, exist_ok=True)
    write_workbook(
        folder / "ocop.xlsx",
        products=PRODUCTS,
        owners=OWNERS,
        units=UNITS,
        outlets=OUTLETS,
        targets=TARGETS,
        activities=ACTIVITIES,
    )
    (folder / "2023" / "bao_cao.md").write_text(TEXT, encoding="utf-8")
    return folder


if __name__ == "__main__":
    print(build(Path(sys.argv[1])))
