"""Build the bundled sample workbook ``data/quang-ngai/ocop.xlsx``.

The sample reproduces, through the rules of the input contract
(``ocoplib/contract.yaml`` and the workbook specification), the published
figures of the 2024 OCOP report of Quảng Ngãi province (Văn phòng Điều phối
nông thôn mới tỉnh, November 2024, figures as of 31/10/2024):

* 204 OCOP products (187 three-star, 17 four-star);
* 128 owners: 21 enterprises with 22 products, 33 cooperatives with 50,
  74 production units/household businesses with 132;
* 13 new three-star products in 2024: Tư Nghĩa 4, Bình Sơn 1, thành phố
  Quảng Ngãi 8; no four-star certificate and no five-star candidate in 2024;
* 130 products on the e-commerce platform (among the 191 certified before
  2024);
* 13 sales points (6 state-supported, 7 socialised).

Those totals are real. The rows behind them are NOT: the products, owners,
scores, decision numbers and dates of the sheet ``san_pham`` and ``chu_the``
are illustrative, built from well-known Quảng Ngãi specialities and invented
names, so that the totals come out exactly and every rule of the contract is
exercised (upgrades, a downgrade, re-certifications, revocations, 2-star
evaluations, five-star candidates, products decided after the 31/10/2024
cut-off, legacy product-group names, district names written in several ways).
The activities of 2024 (sheet ``hoat_dong``) and the 2024 province targets
(sheet ``chi_tieu``) come from the report; other targets and activities are
illustrative and marked as such.

Sheet and column labels and closed-list labels are read from
``ocoplib/contract.yaml``. The output is deterministic: a fixed random seed,
fixed document properties and fixed zip timestamps, so two runs give
byte-identical files.

Run from the project root::

    .venv/bin/python tools/make_sample.py
"""

from __future__ import annotations

import datetime as dt
import io
import random
import unicodedata
import zipfile
from pathlib import Path

import yaml
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT / "ocoplib" / "contract.yaml"
OUT = ROOT / "data" / "quang-ngai" / "ocop.xlsx"

SEED = 20241031
AS_OF = dt.date(2024, 10, 31)
YEAR_END = dt.date(2024, 12, 31)
FIXED_TIME = dt.datetime(2024, 11, 15, 8, 0, 0)
CREATOR = "VPĐP NTM tỉnh Quảng Ngãi"
YES = "Có"

# First certification year of the 191 products certified before 2024 that are
# still OCOP at 31/10/2024 (products with a fixed year in the catalogue count
# against these quotas; the others are drawn at random).
YEAR_QUOTA = {2020: 38, 2021: 52, 2022: 50, 2023: 51}
# Number of products certified before 2024 whose current row is on e-commerce.
ECOMMERCE_PRE2024 = 130

# ---------------------------------------------------------------------------
# Administrative units: the 13 district-level units before 01/07/2025.
# ---------------------------------------------------------------------------
UNITS = [
    # code, name, type code, aliases
    ("522", "Quảng Ngãi", "city", ""),
    ("524", "Bình Sơn", "district", ""),
    ("525", "Trà Bồng", "district", "Tây Trà"),
    ("527", "Sơn Tịnh", "district", ""),
    ("528", "Tư Nghĩa", "district", ""),
    ("529", "Sơn Hà", "district", ""),
    ("530", "Sơn Tây", "district", ""),
    ("531", "Minh Long", "district", ""),
    ("532", "Nghĩa Hành", "district", ""),
    ("533", "Mộ Đức", "district", ""),
    ("534", "Đức Phổ", "town", "Huyện Đức Phổ"),
    ("535", "Ba Tơ", "district", ""),
    ("536", "Lý Sơn", "district", ""),
]
UNIT_TYPE = {name: t for _, name, t, _ in UNITS}
UNITS_VALID_TO = dt.date(2025, 6, 30)

# How people write the unit names in the other sheets (chosen now and then
# instead of the bare name). All of them resolve under the contract.
SPELLINGS = {
    "city": ["TP Quảng Ngãi", "Thành phố Quảng Ngãi", "TP. Quảng Ngãi"],
    "town": ["TX Đức Phổ", "Thị xã Đức Phổ", "Huyện Đức Phổ"],
}

# ---------------------------------------------------------------------------
# Owners and their products (illustrative).
#
# Each owner: (owner type code, name, address commune, [products]).
# Each product: (name, product group code, special-case tokens):
#   yYYYY        first evaluation in that year (otherwise drawn from the quota)
#   d4           certified at 4 stars directly
#   upYYYY       upgraded 3 -> 4 stars by a provincial decision in that year
#   cand         the 4-star row of 2023 is proposed as a five-star candidate
#   recert       re-evaluated at the same stars ~34 months later (in 2023)
#   down         re-evaluated ~34 months later at 3 stars (4 -> 3)
#   revYYYY      certificate revoked in that year
#   two          evaluated at 2 stars only (not OCOP)
#   two_then3    2 stars the year before, 3 stars in its year
#   two24        2 stars in 2024 (before the cut-off)
#   y24          new 3-star product of 2024 (on or before 31/10/2024)
#   dec24        new 3-star product decided in December 2024
#   low          3 stars with a score in the 4-star band (mandatory criteria)
#   legacy=NAME  first row uses the 2018 group name NAME
#   site=UNIT    product sited in a neighbouring unit
# ---------------------------------------------------------------------------
F, B, H, C, SVC, T = "food", "beverage", "herbal", "handicraft", "ornamental", "tourism"
DN, HTX, THT, HKD = "enterprise", "cooperative", "cooperative_group", "household"

# fmt: off
OWNERS: dict[str, list] = {
    "Quảng Ngãi": [
        (DN, "Công ty TNHH Yến sào Thiên Ân", "phường Nghĩa Lộ",
         [("Yến sào tinh chế Thiên Ân", F, "y2022 d4")]),
        (DN, "Công ty Cổ phần Thực phẩm Trà Khúc", "phường Trương Quang Trọng",
         [("Cá bống sông Trà rim mặn ngọt", F, "")]),
        (DN, "Công ty TNHH Đường phèn Việt Hưng", "xã Tịnh Ấn Tây",
         [("Đường phèn hạt Việt Hưng", F, "site=Sơn Tịnh")]),
        (DN, "Công ty TNHH Nấm linh chi Thiên Phúc", "xã Nghĩa Dõng",
         [("Nấm linh chi thái lát", H, "y2020 up2022 legacy=Thảo dược")]),
        (DN, "Công ty Cổ phần Nông sản sạch Quảng Ngãi", "phường Quảng Phú",
         [("Trà cà gai leo túi lọc", H, "y24")]),
        (HTX, "Hợp tác xã Nông nghiệp Nghĩa Dõng", "xã Nghĩa Dõng",
         [("Rau ăn lá an toàn Nghĩa Dõng", F, ""), ("Bột rau má sấy lạnh", F, "y24")]),
        (HTX, "Hợp tác xã Dịch vụ Nông nghiệp Tịnh Long", "xã Tịnh Long",
         [("Gạo hữu cơ Tịnh Long", F, "")]),
        (HTX, "Hợp tác xã Thủy sản Tịnh Kỳ", "xã Tịnh Kỳ",
         [("Cá cơm khô Tịnh Kỳ", F, "")]),
        (HKD, "Cơ sở sản xuất Kẹo gương Hoàng Anh", "phường Chánh Lộ",
         [("Kẹo gương Hoàng Anh", F, "y2021 up2023"), ("Kẹo gương gừng", F, "")]),
        (HKD, "Hộ kinh doanh Đường phèn Thành Phát", "phường Trần Phú",
         [("Đường phèn nguyên chất Thành Phát", F, "y2020 recert"),
          ("Đường phèn hạt nhỏ", F, "")]),
        (HKD, "Cơ sở sản xuất Bánh tráng Nghĩa Hà", "xã Nghĩa Hà",
         [("Bánh tráng gạo nướng", F, ""), ("Bánh tráng mè đen", F, "")]),
        (HKD, "Cơ sở chế biến Cá bống sông Trà Ngọc Lan", "phường Nghĩa Chánh",
         [("Cá bống sông Trà kho tiêu", F, ""), ("Cá bống sông Trà chiên giòn", F, "")]),
        (HKD, "Hộ kinh doanh Tương ớt Bà Năm", "phường Lê Hồng Phong",
         [("Tương ớt Bà Năm", F, ""), ("Tương ớt tỏi", F, "")]),
        (HKD, "Cơ sở sản xuất Chả cá Tịnh Kỳ", "xã Tịnh Kỳ",
         [("Chả cá thu Tịnh Kỳ", F, ""), ("Chả cá mối", F, "y24")]),
        (HKD, "Hộ kinh doanh Yến sào Phú Hưng", "xã Tịnh Khê",
         [("Yến chưng đường phèn", F, ""), ("Yến chưng hạt sen", F, "two24")]),
        (HKD, "Cơ sở sản xuất Cà phê Nguyên Thảo", "phường Nguyễn Nghiêm",
         [("Cà phê rang xay Nguyên Thảo", B, ""), ("Cà phê hạt rang mộc", B, "y24")]),
        (HKD, "Cơ sở sản xuất Mật ong Thanh Bình", "xã Tịnh Ấn Đông",
         [("Mật ong nguyên chất Thanh Bình", F, "")]),
        (HKD, "Cơ sở sản xuất Trà thảo mộc An Nhiên", "xã Nghĩa Phú",
         [("Trà thảo mộc túi lọc An Nhiên", H, "y24"), ("Trà gừng mật ong", B, "y24")]),
        (HKD, "Hộ kinh doanh Bánh ít lá gai Thu Hà", "xã Tịnh Châu",
         [("Bánh ít lá gai", F, "")]),
        (HKD, "Cơ sở sản xuất Hạt điều Minh Châu", "xã Nghĩa An",
         [("Hạt điều rang muối", F, "y24"), ("Kẹo đậu phộng", F, "y24")]),
    ],
    "Tư Nghĩa": [
        (DN, "Công ty TNHH Thực phẩm Hưng Thịnh", "xã Nghĩa Kỳ",
         [("Bò một nắng Hưng Thịnh", F, "")]),
        (DN, "Công ty Cổ phần Dầu thực vật La Hà", "thị trấn La Hà",
         [("Dầu phụng ép nguyên chất La Hà", F, "y2021 d4")]),
        (HTX, "Hợp tác xã Nông nghiệp Nghĩa Hiệp", "xã Nghĩa Hiệp",
         [("Rau ăn lá an toàn Nghĩa Hiệp", F, ""), ("Ớt tươi Nghĩa Hiệp", F, "")]),
        (HTX, "Hợp tác xã Nông nghiệp hữu cơ Nghĩa Kỳ", "xã Nghĩa Kỳ",
         [("Gạo hữu cơ Nghĩa Kỳ", F, "y2023 d4 cand"), ("Gạo lứt đỏ hữu cơ", F, ""),
          ("Cốm gạo lứt", F, "dec24")]),
        (HTX, "Hợp tác xã Dịch vụ Nông nghiệp Nghĩa Thương", "xã Nghĩa Thương",
         [("Nấm rơm tươi Nghĩa Thương", F, "site=Nghĩa Hành")]),
        (HTX, "Hợp tác xã Nông nghiệp Nghĩa Sơn", "xã Nghĩa Sơn",
         [("Chổi đót Nghĩa Sơn", C, "")]),
        (HKD, "Cơ sở sản xuất Bánh tráng Sông Vệ", "thị trấn Sông Vệ",
         [("Bánh tráng nướng mè Sông Vệ", F, ""), ("Bánh tráng cuốn", F, "y24")]),
        (HKD, "Cơ sở sản xuất Nước mắm Thu Trang", "thị trấn Sông Vệ",
         [("Nước mắm cá cơm truyền thống Thu Trang", F, "")]),
        (HKD, "Cơ sở sản xuất Trà cà gai leo Tâm An", "xã Nghĩa Thọ",
         [("Trà cà gai leo Tâm An", H, ""), ("Cao cà gai leo", H, "y2022 low")]),
        (HKD, "Hộ kinh doanh Tương ớt Ngọc Mai", "xã Nghĩa Trung",
         [("Tương ớt Ngọc Mai", F, ""), ("Sa tế ớt", F, ""), ("Muối ớt xanh", F, "dec24")]),
        (HKD, "Cơ sở sản xuất Bún tươi Nghĩa Trung", "xã Nghĩa Trung",
         [("Bún gạo lứt", F, "")]),
        (HKD, "Cơ sở sản xuất Nem chả Minh Thư", "thị trấn La Hà",
         [("Nem chua Minh Thư", F, ""), ("Chả bò Minh Thư", F, "")]),
        (HKD, "Hộ kinh doanh Bánh kẹo Hải Yến", "xã Nghĩa Phương",
         [("Kẹo đậu phộng mạch nha", F, "")]),
        (HKD, "Cơ sở sản xuất Nấm Phát Lộc", "xã Nghĩa Lâm",
         [("Nấm bào ngư tươi", F, ""), ("Nấm bào ngư sấy khô", F, "")]),
        (HKD, "Hộ kinh doanh Rau má Thanh Tâm", "xã Nghĩa Mỹ",
         [("Bột rau má nguyên chất", F, "y24")]),
        (HKD, "Cơ sở chăn nuôi Hồng Phúc", "xã Nghĩa Thuận",
         [("Trứng gà ác Hồng Phúc", F, "y24"), ("Gà ta thả vườn", F, "y24")]),
    ],
    "Mộ Đức": [
        (DN, "Công ty TNHH Sản xuất Thương mại Mạch nha Thi Phổ", "xã Đức Nhuận",
         [("Mạch nha Thi Phổ", F, "y2020 up2021")]),
        (DN, "Công ty Cổ phần Nông sản Mộ Đức", "thị trấn Mộ Đức",
         [("Dầu phụng Mộ Đức", F, "")]),
        (HTX, "Hợp tác xã Nông nghiệp Đức Nhuận", "xã Đức Nhuận",
         [("Mạch nha Thi Phổ hũ 400g", F, ""), ("Kẹo mạch nha", F, "")]),
        (HTX, "Hợp tác xã Nông nghiệp Đức Phong", "xã Đức Phong",
         [("Gạo thơm Đức Phong", F, ""), ("Bún gạo Đức Phong", F, "")]),
        (HTX, "Hợp tác xã Sản xuất Kinh doanh Dịch vụ Tổng hợp Đức Lân", "xã Đức Lân",
         [("Ớt bột Đức Lân", F, "")]),
        (HKD, "Cơ sở sản xuất Mạch nha Thủy Tiên", "xã Đức Nhuận",
         [("Mạch nha gừng Thi Phổ", F, ""), ("Kẹo mạch nha đậu phộng", F, "")]),
        (HKD, "Hộ kinh doanh Mạch nha Bảy Hạnh", "xã Đức Nhuận",
         [("Mạch nha Thi Phổ truyền thống", F, "y2020 recert")]),
        (HKD, "Cơ sở sản xuất Bánh tráng Đức Chánh", "xã Đức Chánh",
         [("Bánh tráng dừa", F, ""), ("Bánh tráng mè Đức Chánh", F, "")]),
        (HKD, "Cơ sở sản xuất Nước mắm Đức Lợi", "xã Đức Lợi",
         [("Nước mắm nhĩ cá cơm Đức Lợi", F, "y2023 d4"), ("Nước mắm cá thu", F, "")]),
        (HKD, "Hộ kinh doanh Mắm ruốc Đức Minh", "xã Đức Minh",
         [("Mắm ruốc Đức Minh", F, ""), ("Mắm cá cơm", F, "")]),
        (HKD, "Cơ sở sản xuất Dầu phộng Tân Hòa", "xã Đức Hòa",
         [("Dầu phộng nguyên chất Tân Hòa", F, "")]),
        (HKD, "Cơ sở sản xuất Nấm linh chi Đức Tân", "xã Đức Tân",
         [("Nấm linh chi đỏ", H, ""), ("Trà linh chi", H, "")]),
        (HKD, "Hộ kinh doanh Bánh ít lá gai Đức Hòa", "xã Đức Hòa",
         [("Bánh ít lá gai Đức Hòa", F, "")]),
        (HKD, "Cơ sở sản xuất Trứng vịt muối Đức Thắng", "xã Đức Thắng",
         [("Trứng vịt muối", F, ""), ("Trứng vịt bắc thảo", F, "")]),
    ],
    "Đức Phổ": [
        (DN, "Công ty Cổ phần Muối Sa Huỳnh", "phường Phổ Thạnh",
         [("Muối Sa Huỳnh", F, "y2020 d4 recert")]),
        (DN, "Công ty TNHH Nước mắm Hải Đăng Sa Huỳnh", "phường Phổ Thạnh",
         [("Nước mắm Sa Huỳnh", F, "y2021 up2023 cand")]),
        (DN, "Công ty TNHH Hải sản Mỹ Á", "phường Phổ Quang",
         [("Cá cơm sấy Mỹ Á", F, "")]),
        (HTX, "Hợp tác xã Sản xuất Kinh doanh Muối Sa Huỳnh", "phường Phổ Thạnh",
         [("Muối tinh Sa Huỳnh", F, "y2020 recert"), ("Muối ớt Sa Huỳnh", F, "")]),
        (HTX, "Hợp tác xã Nông nghiệp Phổ Phong", "xã Phổ Phong",
         [("Gạo Phổ Phong", F, ""), ("Rượu gạo Phổ Phong", B, "")]),
        (HTX, "Hợp tác xã Thủy sản Phổ Quang", "phường Phổ Quang",
         [("Nước mắm Mỹ Á", F, ""), ("Cá khô tẩm gia vị", F, "y2021 rev2023")]),
        (HTX, "Hợp tác xã Nông nghiệp Phổ Nhơn", "xã Phổ Nhơn",
         [("Bánh tráng Phổ Nhơn", F, "")]),
        (HKD, "Cơ sở chế biến Nước mắm Bà Sáu", "phường Phổ Thạnh",
         [("Nước mắm cá cơm Sa Huỳnh Bà Sáu", F, ""), ("Nước mắm cá nục", F, "")]),
        (HKD, "Hộ kinh doanh Mực khô Phổ Thạnh", "phường Phổ Thạnh",
         [("Mực khô Sa Huỳnh", F, ""), ("Mực một nắng Sa Huỳnh", F, "")]),
        (HKD, "Cơ sở sản xuất Cá khô Phổ Quang", "phường Phổ Quang",
         [("Cá chỉ vàng khô", F, ""), ("Cá cơm khô Phổ Quang", F, "")]),
        (HKD, "Cơ sở sản xuất Bánh kẹo Hồng Nhung", "phường Nguyễn Nghiêm",
         [("Bánh in đậu xanh", F, ""), ("Kẹo gương Đức Phổ", F, "")]),
        (HKD, "Hộ kinh doanh Nón lá Phổ Ninh", "phường Phổ Ninh",
         [("Nón lá Phổ Ninh", C, "")]),
        (HKD, "Cơ sở sản xuất Cói Phổ Minh", "phường Phổ Minh",
         [("Chiếu cói Phổ Minh", C, ""),
          ("Giỏ cói", C, "y2021 legacy=Lưu niệm - nội thất - trang trí")]),
        (HKD, "Hộ kinh doanh Ruốc Phổ Châu", "xã Phổ Châu",
         [("Ruốc biển Phổ Châu", F, "")]),
        (HKD, "Cơ sở sản xuất Mật ong Phổ Cường", "xã Phổ Cường",
         [("Mật ong Phổ Cường", F, "")]),
    ],
    "Bình Sơn": [
        (DN, "Công ty TNHH Thủy sản Bình Châu", "xã Bình Châu",
         [("Mực khô Bình Châu", F, "y2022 d4")]),
        (DN, "Công ty Cổ phần Nông nghiệp Dung Quất", "xã Bình Trị",
         [("Tinh dầu sả chanh Dung Quất", H, "")]),
        (HTX, "Hợp tác xã Nông nghiệp Bình Minh", "xã Bình Minh",
         [("Gạo sạch Bình Minh", F, ""), ("Rau an toàn Bình Minh", F, "")]),
        (HTX, "Hợp tác xã Sản xuất Kinh doanh Dịch vụ Nông nghiệp Bình Hải", "xã Bình Hải",
         [("Tỏi Bình Hải", F, ""), ("Hành tím Bình Hải", F, "")]),
        (HTX, "Hợp tác xã Nông nghiệp Bình Trung", "xã Bình Trung",
         [("Rượu nếp Bình Trung", B, "")]),
        (HKD, "Cơ sở sản xuất Nước mắm Bình Châu", "xã Bình Châu",
         [("Nước mắm cá cơm Bình Châu", F, ""), ("Nước mắm nhĩ Bình Châu", F, "")]),
        (HKD, "Hộ kinh doanh Cá khô Bình Thạnh", "xã Bình Thạnh",
         [("Cá cơm khô Bình Thạnh", F, ""), ("Cá thu một nắng", F, "")]),
        (HKD, "Cơ sở sản xuất Bánh tráng Châu Ổ", "thị trấn Châu Ổ",
         [("Bánh tráng nướng Châu Ổ", F, "y2022 two_then3")]),
        (HKD, "Cơ sở sản xuất Mật ong Bình Khương", "xã Bình Khương",
         [("Mật ong nguyên chất Bình Khương", F, ""), ("Mật ong ngâm chanh", F, "")]),
        (HKD, "Hộ kinh doanh Tương ớt Bình Long", "xã Bình Long",
         [("Tương ớt Bình Long", F, ""), ("Ớt xay Bình Long", F, "")]),
        (HKD, "Cơ sở sản xuất Đậu phộng Bình An", "xã Bình An",
         [("Đậu phộng rang tỏi ớt", F, ""), ("Dầu phụng ép lạnh Bình An", F, "")]),
        (HKD, "Cơ sở sản xuất Nấm Bình Chương", "xã Bình Chương",
         [("Nấm linh chi Bình Chương", H, ""), ("Nấm sò tươi Bình Chương", F, "y24")]),
    ],
    "Sơn Tịnh": [
        (DN, "Công ty TNHH Thực phẩm Tịnh Phong", "xã Tịnh Phong",
         [("Chả lụa Tịnh Phong", F, "y2020 d4 down")]),
        (HTX, "Hợp tác xã Nông nghiệp Tịnh Hà", "xã Tịnh Hà",
         [("Gạo Tịnh Hà", F, ""), ("Bánh tráng gạo Tịnh Hà", F, "")]),
        (HTX, "Hợp tác xã Nông nghiệp Tịnh Bắc", "xã Tịnh Bắc",
         [("Chè xanh Tịnh Bắc", B, ""), ("Chè xanh túi lọc Tịnh Bắc", B, "")]),
        (HTX, "Hợp tác xã Dịch vụ Nông nghiệp Tịnh Giang", "xã Tịnh Giang",
         [("Mè đen Tịnh Giang", F, "")]),
        (HKD, "Cơ sở sản xuất Bún Tịnh Sơn", "xã Tịnh Sơn",
         [("Bún tươi Tịnh Sơn", F, ""), ("Bún khô Tịnh Sơn", F, "")]),
        (HKD, "Hộ kinh doanh Mật ong Tịnh Hiệp", "xã Tịnh Hiệp",
         [("Mật ong Tịnh Hiệp", F, "")]),
        (HKD, "Cơ sở sản xuất Rượu Tịnh Đông", "xã Tịnh Đông",
         [("Rượu gạo men lá", B, ""), ("Rượu chuối hột", B, "")]),
        (HKD, "Hộ kinh doanh Tàu hũ ky Tịnh Thọ", "xã Tịnh Thọ",
         [("Tàu hũ ky Tịnh Thọ", F, "")]),
        (HKD, "Cơ sở chăn nuôi Thành Đạt", "xã Tịnh Bình",
         [("Gà ta Tịnh Bình", F, ""), ("Trứng gà ta", F, "")]),
        (HKD, "Cơ sở sản xuất Miến dong Tịnh Trà", "xã Tịnh Trà",
         [("Miến dong Tịnh Trà", F, ""), ("Bột dong", F, "")]),
    ],
    "Nghĩa Hành": [
        (DN, "Công ty TNHH Du lịch Sinh thái Hành Tín", "xã Hành Tín Đông",
         [("Điểm du lịch sinh thái vườn đồi Hành Tín", T, "")]),
        (HTX, "Hợp tác xã Nông nghiệp Hành Thiện", "xã Hành Thiện",
         [("Gạo Hành Thiện", F, ""), ("Bánh tráng Hành Thiện", F, "")]),
        (HTX, "Hợp tác xã Nông nghiệp Hành Minh", "xã Hành Minh",
         [("Bưởi da xanh Hành Minh", F, "")]),
        (HTX, "Hợp tác xã Dịch vụ Nông nghiệp Hành Dũng", "xã Hành Dũng",
         [("Nấm rơm Hành Dũng", F, "")]),
        (HTX, "Hợp tác xã Nông nghiệp Hành Tín Đông", "xã Hành Tín Đông",
         [("Chè xanh Hành Tín", B, "")]),
        (HKD, "Cơ sở sản xuất Kẹo gương Chợ Chùa", "thị trấn Chợ Chùa",
         [("Kẹo gương Chợ Chùa", F, "y2020 recert"), ("Kẹo đậu phộng Chợ Chùa", F, "")]),
        (HKD, "Cơ sở sản xuất Bánh tráng Hành Phước", "xã Hành Phước",
         [("Bánh tráng nướng Hành Phước", F, ""), ("Bánh tráng ớt", F, "")]),
        (HKD, "Hộ kinh doanh Trà thảo dược Hành Trung", "xã Hành Trung",
         [("Trà cà gai leo Hành Trung", H, ""), ("Trà mướp đắng rừng", H, "")]),
        (HKD, "Cơ sở sản xuất Rượu Hành Nhân", "xã Hành Nhân",
         [("Rượu nếp than Hành Nhân", B, ""), ("Rượu nếp cẩm", B, ""),
          ("Rượu trái cây lên men", B, "y2022 two")]),
        (HKD, "Cơ sở sản xuất Mây tre đan Hành Đức", "xã Hành Đức",
         [("Giỏ mây tre đan", C, ""), ("Khay tre đan", C, "")]),
        (HKD, "Cơ sở sản xuất Tương Hành Thịnh", "xã Hành Thịnh",
         [("Tương hột Hành Thịnh", F, ""), ("Tương ớt xanh", F, "")]),
    ],
    "Lý Sơn": [
        (DN, "Công ty TNHH Tỏi Lý Sơn Đảo Xanh", "xã An Vĩnh",
         [("Tỏi đen Lý Sơn", F, "y2021 d4"), ("Tỏi đen cô đơn Lý Sơn", F, "")]),
        (DN, "Công ty TNHH Du lịch Lý Sơn Xanh", "xã An Bình",
         [("Dịch vụ du lịch cộng đồng đảo Bé", T, "")]),
        (HTX, "Hợp tác xã Nông nghiệp An Hải", "xã An Hải",
         [("Tỏi Lý Sơn", F, "y2020 up2021"), ("Hành tím Lý Sơn", F, "")]),
        (HTX, "Hợp tác xã Nông nghiệp An Vĩnh", "xã An Vĩnh",
         [("Tỏi Lý Sơn cô đơn", F, "y2020 recert"), ("Rong biển Lý Sơn", F, "y2022 d4")]),
        (HKD, "Cơ sở sản xuất Tỏi Lý Sơn Thu Hiền", "xã An Hải",
         [("Tỏi Lý Sơn túi 500g", F, ""), ("Tỏi Lý Sơn túi 250g", F, "")]),
        (HKD, "Hộ kinh doanh Rượu tỏi Bảy Xuân", "xã An Vĩnh",
         [("Rượu tỏi Lý Sơn", B, ""), ("Tỏi ngâm chua ngọt", F, "")]),
        (HKD, "Cơ sở sản xuất Rong biển An Bình", "xã An Bình",
         [("Rong mứt Lý Sơn", F, ""), ("Rau câu chân vịt", F, "")]),
        (HKD, "Hộ kinh doanh Mực một nắng Lý Sơn", "xã An Vĩnh",
         [("Mực một nắng Lý Sơn", F, ""), ("Cá chuồn khô", F, "")]),
        (HKD, "Cơ sở sản xuất Muối tỏi ớt Lý Sơn", "xã An Hải",
         [("Muối tỏi ớt Lý Sơn", F, "")]),
        (HKD, "Hộ kinh doanh Hành phi Lý Sơn", "xã An Hải",
         [("Hành phi Lý Sơn", F, ""), ("Tỏi phi Lý Sơn", F, "")]),
        (HKD, "Cơ sở sản xuất Đặc sản Lý Sơn Ngọc Hương", "xã An Vĩnh",
         [("Dầu tỏi Lý Sơn", F, ""), ("Tương ớt tỏi Lý Sơn", F, "")]),
    ],
    "Ba Tơ": [
        (DN, "Công ty TNHH Nông lâm sản Ba Tơ", "thị trấn Ba Tơ",
         [("Mật ong rừng Ba Tơ", F, "y2021 up2022")]),
        (HTX, "Hợp tác xã Dệt thổ cẩm Làng Teng", "xã Ba Thành",
         [("Thổ cẩm Làng Teng", C, "y2020 d4 legacy=Lưu niệm - nội thất - trang trí")]),
        (HTX, "Hợp tác xã Nông nghiệp Ba Vinh", "xã Ba Vinh",
         [("Chổi đót Ba Vinh", C, "")]),
        (HTX, "Hợp tác xã Nông lâm nghiệp Ba Điền", "xã Ba Điền",
         [("Rượu cần Ba Tơ", B, "")]),
        (HKD, "Cơ sở sản xuất Mật ong Ba Động", "xã Ba Động",
         [("Mật ong rừng nguyên chất Ba Động", F, ""), ("Mật ong ngâm gừng", F, "")]),
        (HKD, "Hộ kinh doanh Đặc sản Ba Tơ", "thị trấn Ba Tơ",
         [("Chuối hột rừng sấy", F, ""), ("Măng le khô", F, ""), ("Nấm mèo rừng", F, "")]),
    ],
    "Minh Long": [
        (DN, "Công ty TNHH Chè Minh Long", "xã Long Hiệp",
         [("Chè xanh Minh Long", B, "y2020 up2022")]),
        (HTX, "Hợp tác xã Nông nghiệp Long Sơn", "xã Long Sơn",
         [("Trà xanh túi lọc Minh Long", B, ""), ("Bột chè xanh Minh Long", B, "")]),
        (HKD, "Cơ sở sản xuất Nấm linh chi Long Hiệp", "xã Long Hiệp",
         [("Nấm linh chi rừng Minh Long", H, ""), ("Trà linh chi Minh Long", H, "")]),
        (HKD, "Hộ kinh doanh Mật ong Long Mai", "xã Long Mai",
         [("Mật ong Minh Long", F, ""), ("Lan rừng Minh Long", SVC, "")]),
    ],
    "Sơn Hà": [
        (HTX, "Hợp tác xã Nông lâm nghiệp Sơn Hạ", "xã Sơn Hạ",
         [("Bột quế Sơn Hà", F, ""), ("Chổi đót Sơn Hà", C, "")]),
        (HKD, "Cơ sở sản xuất Chổi đót Sơn Thành", "xã Sơn Thành",
         [("Chổi đót Sơn Thành", C, ""), ("Chổi đót cán mây", C, "")]),
        (HKD, "Hộ kinh doanh Mật ong Di Lăng", "thị trấn Di Lăng",
         [("Mật ong rừng Sơn Hà", F, ""), ("Rượu ghè Sơn Hà", B, "")]),
    ],
    "Sơn Tây": [
        (HTX, "Hợp tác xã Nông lâm nghiệp Sơn Dung", "xã Sơn Dung",
         [("Quế Sơn Tây", F, ""), ("Tinh dầu quế Sơn Tây", H, "")]),
        (HKD, "Cơ sở sản xuất Đặc sản Sơn Tây", "xã Sơn Tân",
         [("Rượu ghè Sơn Tây", B, "y2023 two_then3"), ("Mật ong rừng Sơn Tây", F, "")]),
    ],
    "Trà Bồng": [
        (DN, "Công ty TNHH Tinh dầu quế Trà Bồng", "thị trấn Trà Xuân",
         [("Tinh dầu quế Trà Bồng", H, "y2021 d4 legacy=Thảo dược")]),
        (HTX, "Hợp tác xã Nông lâm nghiệp Trà Thủy", "xã Trà Thủy",
         [("Quế Trà Bồng", F, "")]),
        (HKD, "Cơ sở sản xuất Quế Trà Xuân", "thị trấn Trà Xuân",
         [("Bột quế Trà Bồng", F, ""), ("Trà quế túi lọc", B, "")]),
        (HKD, "Hộ kinh doanh Quế thủ công Trà Phong", "xã Trà Phong",
         [("Sản phẩm mỹ nghệ từ quế", C, ""), ("Quế thanh cuộn", F, "")]),
    ],
}

# Owners none of whose products is OCOP at 31/10/2024 (they do not count).
EXTRA_OWNERS: dict[str, list] = {
    "Sơn Tịnh": [
        (HKD, "Hộ kinh doanh Bánh kẹo Tịnh Minh", "xã Tịnh Minh",
         [("Kẹo đậu phộng Tịnh Minh", F, "y2020 rev2022")]),
    ],
    "Sơn Hà": [
        (THT, "Tổ hợp tác Dệt thổ cẩm Sơn Bao", "xã Sơn Bao",
         [("Thổ cẩm Hrê Sơn Bao", C, "y2023 two")]),
    ],
    "Mộ Đức": [
        (HKD, "Cơ sở sản xuất Tinh bột nghệ Đức Phú", "xã Đức Phú",
         [("Tinh bột nghệ Đức Phú", H, "dec24")]),
    ],
}

# Owner whose district people still write with the pre-2020 name.
OWNER_DISTRICT_OVERRIDE = {"Hộ kinh doanh Quế thủ công Trà Phong": "Tây Trà"}

# Where a product is sited outside its owner's unit, what the note says.
SITE_NOTES = {
    "Đường phèn hạt Việt Hưng": "Xưởng sản xuất đặt tại xã Tịnh Hà, huyện Sơn Tịnh",
    "Nấm rơm tươi Nghĩa Thương": "Trại nấm đặt tại xã Hành Thuận, huyện Nghĩa Hành",
}

# District decisions of 2024 (3 stars): unit -> [(date, number, products)].
DECISIONS_2024 = {
    "Quảng Ngãi": [(dt.date(2024, 5, 28), "2315/QĐ-UBND", 3),
                   (dt.date(2024, 8, 23), "4127/QĐ-UBND", 3),
                   (dt.date(2024, 10, 31), "5690/QĐ-UBND", 2)],
    "Tư Nghĩa": [(dt.date(2024, 6, 18), "1862/QĐ-UBND", 2),
                 (dt.date(2024, 9, 27), "3035/QĐ-UBND", 2)],
    "Bình Sơn": [(dt.date(2024, 8, 16), "2741/QĐ-UBND", 1)],
}
# The 2-star evaluation of 2024 shares the council session of this decision.
TWO_STAR_2024_SESSION = ("Quảng Ngãi", 1)
DECISIONS_DEC_2024 = {
    "Tư Nghĩa": (dt.date(2024, 12, 12), "4418/QĐ-UBND"),
    "Mộ Đức": (dt.date(2024, 12, 19), "3962/QĐ-UBND"),
}

# Windows in which council decisions of a year fall.
YEAR_WINDOW = {
    2020: (dt.date(2020, 8, 17), dt.date(2020, 12, 25)),
    2021: (dt.date(2021, 5, 10), dt.date(2021, 12, 24)),
    2022: (dt.date(2022, 4, 4), dt.date(2022, 12, 23)),
    2023: (dt.date(2023, 4, 3), dt.date(2023, 12, 22)),
}
PROVINCE_DECISIONS_PER_YEAR = {2020: 1, 2021: 2, 2022: 2, 2023: 2}

# ---------------------------------------------------------------------------
# Outlets, targets, activities.
# ---------------------------------------------------------------------------
OUTLET_PREFIX = "Điểm giới thiệu và bán sản phẩm OCOP"
OUTLETS = [
    # name suffix, unit as written, funding code, opened
    ("tỉnh Quảng Ngãi", "Quảng Ngãi", "state_supported", dt.date(2021, 12, 20)),
    ("huyện Lý Sơn", "Lý Sơn", "state_supported", dt.date(2022, 4, 28)),
    ("huyện Trà Bồng", "Huyện Trà Bồng", "state_supported", dt.date(2022, 9, 15)),
    ("huyện Nghĩa Hành", "Nghĩa Hành", "state_supported", dt.date(2023, 3, 24)),
    ("huyện Ba Tơ", "Ba Tơ", "state_supported", None),
    ("huyện Tư Nghĩa", "Tư Nghĩa", "state_supported", dt.date(2024, 4, 26)),
    ("Sa Huỳnh", "TX Đức Phổ", "socialized", dt.date(2021, 11, 18)),
    ("biển Mỹ Khê", "TP Quảng Ngãi", "socialized", dt.date(2022, 6, 10)),
    ("Thi Phổ", "Mộ Đức", "socialized", dt.date(2023, 1, 12)),
    ("Châu Ổ", "Bình Sơn", "socialized", dt.date(2023, 7, 21)),
    ("Tịnh Phong", "Sơn Tịnh", "socialized", None),
    ("cảng Sa Kỳ", "Quảng Ngãi", "socialized", dt.date(2024, 3, 15)),
    ("An Vĩnh", "Lý Sơn", "socialized", dt.date(2024, 8, 30)),
]

ILLUSTRATIVE = "minh hoạ"
DESC_NEW = "Sản phẩm đạt OCOP từ 03 - 05 sao được công nhận mới"
DESC_4STAR = "Sản phẩm được UBND tỉnh cấp Giấy chứng nhận đạt OCOP 4 sao"
DESC_5STAR = "Sản phẩm có tiềm năng đạt OCOP 5 sao cấp Trung ương"
SP = "sản phẩm"
BASIS_2024 = "Kế hoạch số 69/KH-UBND ngày 20/3/2024 của UBND tỉnh"
BASIS_2023 = "Kế hoạch số 61/KH-UBND ngày 05/4/2023 của UBND tỉnh"
BASIS_2022 = "Kế hoạch số 52/KH-UBND ngày 28/3/2022 của UBND tỉnh"
TARGETS = [
    # year, scope, indicator, description, min, max, unit, basis, actual_manual, expected, note
    (2022, "Tỉnh", "new_products", DESC_NEW, 45, None, SP, BASIS_2022, None, None, ILLUSTRATIVE),
    (2022, "Tỉnh", "new_4star", DESC_4STAR, 3, 5, SP, BASIS_2022, None, None, ILLUSTRATIVE),
    (2022, "Tỉnh", "five_star_candidates", DESC_5STAR, 1, None, SP, BASIS_2022, None, None,
     ILLUSTRATIVE),
    (2023, "Tỉnh", "new_products", DESC_NEW, 55, None, SP, BASIS_2023, None, None, ILLUSTRATIVE),
    (2023, "Tỉnh", "new_4star", DESC_4STAR, 4, 6, SP, BASIS_2023, None, None, ILLUSTRATIVE),
    (2023, "Tỉnh", "five_star_candidates", DESC_5STAR, 1, 2, SP, BASIS_2023, None, None,
     ILLUSTRATIVE),
    (2024, "Tỉnh", "new_products", DESC_NEW, 70, None, SP, BASIS_2024, None, None, None),
    (2024, "Tỉnh", "new_4star", DESC_4STAR, 4, 6, SP, BASIS_2024, None, None, None),
    (2024, "Tỉnh", "five_star_candidates", DESC_5STAR, 1, 2, SP, BASIS_2024, None, 2, None),
    (2024, "Tư Nghĩa", "new_products", DESC_NEW, 5, None, SP,
     "Kế hoạch số 38/KH-UBND ngày 15/3/2024 của UBND huyện Tư Nghĩa", None, None, ILLUSTRATIVE),
    (2024, "Bình Sơn", "new_products", DESC_NEW, 3, None, SP,
     "Kế hoạch số 47/KH-UBND ngày 22/3/2024 của UBND huyện Bình Sơn", None, None, ILLUSTRATIVE),
    (2024, "Thành phố Quảng Ngãi", "new_products", DESC_NEW, 6, None, SP,
     "Kế hoạch số 71/KH-UBND ngày 26/3/2024 của UBND thành phố Quảng Ngãi", None, None,
     ILLUSTRATIVE),
    (2024, "Thành phố Quảng Ngãi", "training_courses", "Lớp tập huấn về Chương trình OCOP", 2,
     None, "lớp", "Kế hoạch số 71/KH-UBND ngày 26/3/2024 của UBND thành phố Quảng Ngãi", 2, None,
     ILLUSTRATIVE),
]

VPDP = "Văn phòng Điều phối nông thôn mới tỉnh"
SNN = "Sở Nông nghiệp và Phát triển nông thôn"
ACTIVITIES = [
    # year, category code, document number, date, end date, description, lead, participants
    (2023, "direction", "61/KH-UBND", dt.date(2023, 4, 5), None,
     "UBND tỉnh ban hành Kế hoạch số 61/KH-UBND ngày 05/4/2023 triển khai thực hiện Chương "
     "trình mỗi xã một sản phẩm (OCOP) năm 2023 trên địa bàn tỉnh Quảng Ngãi.",
     f"{VPDP}; {SNN}", None),
    (2023, "training", None, dt.date(2023, 6, 20), dt.date(2023, 6, 21),
     "Tổ chức lớp tập huấn Bộ tiêu chí đánh giá, phân hạng sản phẩm OCOP theo Quyết định số "
     "148/QĐ-TTg ngày 24/02/2023 của Thủ tướng Chính phủ cho cán bộ cấp huyện, cấp xã và các "
     "chủ thể OCOP.", VPDP, 62),
    (2023, "inspection", None, dt.date(2023, 8, 14), dt.date(2023, 8, 25),
     "Kiểm tra việc duy trì chất lượng và điều kiện sản xuất của các sản phẩm OCOP được công "
     "nhận năm 2020 có Giấy chứng nhận sắp hết hiệu lực.",
     f"{VPDP} chủ trì, phối hợp với UBND các huyện, thị xã, thành phố", None),
    (2023, "promotion", None, dt.date(2023, 9, 21), dt.date(2023, 9, 24),
     "Hỗ trợ 10 chủ thể OCOP tham gia gian hàng chung của tỉnh tại Hội chợ thương mại sản "
     "phẩm OCOP khu vực miền Trung - Tây Nguyên năm 2023.", f"{SNN}; {VPDP}", 10),
    (2023, "direction", "1719/QĐ-UBND", dt.date(2023, 11, 17), None,
     "Chủ tịch UBND tỉnh ban hành Quyết định số 1719/QĐ-UBND ngày 17/11/2023 về việc thành "
     "lập Hội đồng, Tổ tư vấn Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Quảng Ngãi.",
     f"{VPDP}; {SNN}", None),
    (2024, "communication", None, dt.date(2024, 1, 2), dt.date(2024, 10, 31),
     "Tiếp tục tuyên truyền, quảng bá, giới thiệu sản phẩm OCOP đến người tiêu dùng trên Trang "
     "thông tin điện tử về Chương trình OCOP của tỉnh (https://ocop.quangngai.gov.vn), khẳng "
     "định sản phẩm OCOP Quảng Ngãi không chỉ dừng lại ở chất lượng mà còn gắn liền với đời "
     "sống, bản sắc, văn hóa của con người nơi đây, theo định hướng mỗi sản phẩm là một câu "
     "chuyện kể để tạo niềm tin cho khách hàng.", VPDP, None),
    (2024, "other", "112/TB-UBND", dt.date(2024, 3, 12), None,
     "Thực hiện Thông báo kết luận số 112/TB-UBND ngày 12/3/2024 của Phó Chủ tịch UBND tỉnh "
     "Trần Phước Hiền về Kế hoạch thực hiện Chương trình OCOP năm 2024, Sở Nông nghiệp và Phát "
     "triển nông thôn giao Văn phòng Điều phối nông thôn mới tỉnh triển khai nâng cấp 02 sản "
     "phẩm 4 sao lên sản phẩm có tiềm năng đạt 5 sao cấp Trung ương, gắn với nhu cầu thị trường "
     "trong nước và xuất khẩu.", VPDP, None),
    (2024, "direction", "69/KH-UBND", dt.date(2024, 3, 20), None,
     "UBND tỉnh ban hành Kế hoạch số 69/KH-UBND ngày 20/3/2024 triển khai thực hiện Chương "
     "trình mỗi xã một sản phẩm (OCOP) năm 2024 trên địa bàn tỉnh Quảng Ngãi.",
     f"{VPDP} tham mưu {SNN} trình UBND tỉnh", None),
    (2024, "direction", "1169/SNNPTNT-NTM", dt.date(2024, 3, 25), None,
     "Sở Nông nghiệp và Phát triển nông thôn ban hành Công văn số 1169/SNNPTNT-NTM ngày "
     "25/3/2024 hướng dẫn một số nội dung triển khai Chương trình mỗi xã một sản phẩm (OCOP) "
     "năm 2024 trên địa bàn tỉnh Quảng Ngãi.", f"{VPDP} tham mưu {SNN}", None),
    (2024, "communication", "624/KHPH-SVHTTDL-SNNPTNT-UBND", dt.date(2024, 3, 28), None,
     "Phối hợp với Sở Văn hóa, Thể thao và Du lịch, UBND huyện Nghĩa Hành ban hành Kế hoạch số "
     "624/KHPH-SVHTTDL-SNNPTNT-UBND ngày 28/3/2024 và tổ chức thành công Liên hoan “Mỗi sản "
     "phẩm OCOP là một câu chuyện kể” và không gian du lịch cộng đồng nông nghiệp, nông thôn "
     "năm 2024 tại huyện Nghĩa Hành.",
     f"Sở Văn hóa, Thể thao và Du lịch; {SNN}; UBND huyện Nghĩa Hành", None),
    (2024, "inspection", None, dt.date(2024, 5, 13), dt.date(2024, 6, 4),
     "Tổ chức đoàn kiểm tra thực tế tại cơ sở sản xuất các sản phẩm đạt OCOP năm 2023 trên địa "
     "bàn tỉnh Quảng Ngãi từ ngày 13/5 đến ngày 04/6/2024.",
     f"{VPDP} chủ trì, phối hợp với các sở, ngành, địa phương", None),
    (2024, "promotion", "2132/SNNPTNT-NTM", dt.date(2024, 5, 21), None,
     "Sở Nông nghiệp và Phát triển nông thôn ban hành Công văn số 2132/SNNPTNT-NTM gửi Trung "
     "tâm Xúc tiến thương mại nông nghiệp (Bộ Nông nghiệp và Phát triển nông thôn) đăng ký 13 "
     "đơn vị (chủ thể) tham gia “Chương trình chợ phiên OCOP năm 2024” trên nền tảng TikTok.",
     f"{VPDP} tham mưu {SNN}", 13),
    (2024, "promotion", "2132/SNNPTNT-NTM", dt.date(2024, 5, 21), None,
     "Đăng ký 05 đơn vị (chủ thể) OCOP tiêu biểu của địa phương tham gia Chương trình “Hạt "
     "giống OCOP” giai đoạn 2024 - 2025.", f"{VPDP} tham mưu {SNN}", 5),
    (2024, "promotion", "2132/SNNPTNT-NTM", dt.date(2024, 5, 21), None,
     "Đăng ký 05 mô hình du lịch nông nghiệp của địa phương để Trung tâm Xúc tiến thương mại "
     "nông nghiệp phối hợp với TikTok Việt Nam hỗ trợ chủ thể xây dựng video quảng bá trên mạng "
     "xã hội, góp phần bảo tồn và phát huy giá trị văn hóa truyền thống, kết nối với các đơn vị "
     "lữ hành trong và ngoài nước.", f"{VPDP} tham mưu {SNN}", None),
    (2024, "direction", "2664/SNNPTNT-NTM", dt.date(2024, 6, 19), None,
     "Sở Nông nghiệp và Phát triển nông thôn ban hành Công văn số 2664/SNNPTNT-NTM ngày "
     "19/6/2024 đôn đốc triển khai Chương trình mỗi xã một sản phẩm (OCOP) năm 2024 trên địa "
     "bàn tỉnh Quảng Ngãi.", f"{VPDP} tham mưu {SNN}", None),
    (2024, "communication", None, dt.date(2024, 7, 16), None,
     "Phối hợp với Tạp chí Kinh tế nông thôn đăng tin, bài về các hoạt động “Báo chí đồng hành "
     "với Chương trình OCOP Quảng Ngãi”.", VPDP, None),
    (2024, "direction", "4383/SNNPTNT-NTM", dt.date(2024, 9, 26), None,
     "Sở Nông nghiệp và Phát triển nông thôn ban hành Công văn số 4383/SNNPTNT-NTM ngày "
     "26/9/2024 về việc khẩn trương triển khai Chương trình mỗi xã một sản phẩm (OCOP) năm 2024 "
     "trên địa bàn tỉnh Quảng Ngãi.", f"{VPDP} tham mưu {SNN}", None),
    (2024, "direction", "1378/QĐ-UBND", dt.date(2024, 11, 7), None,
     "Chủ tịch UBND tỉnh ban hành Quyết định số 1378/QĐ-UBND ngày 07/11/2024 sửa đổi một số "
     "nội dung tại Quyết định số 1719/QĐ-UBND ngày 17/11/2023 về việc thành lập Hội đồng, Tổ "
     "tư vấn Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Quảng Ngãi.",
     f"{VPDP} tham mưu {SNN} trình Chủ tịch UBND tỉnh", None),
    (2024, "promotion", None, dt.date(2024, 11, 6), dt.date(2024, 11, 10),
     "Cử lãnh đạo và chuyên viên hỗ trợ 04 doanh nghiệp tham gia trưng bày sản phẩm tại Công "
     "viên Văn hóa Lê Thị Riêng (số 875 đường Cách mạng Tháng Tám, Phường 15, Quận 10, thành "
     "phố Hồ Chí Minh) từ ngày 06 đến ngày 10/11/2024.", f"{SNN}; {VPDP}", 4),
]

# fmt: on


# ---------------------------------------------------------------------------
# Helpers.
# ---------------------------------------------------------------------------
def nfc(value):
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def workday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def random_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    span = (end - start).days
    return workday(start + dt.timedelta(days=rng.randint(0, span)))


def parse_tokens(spec: str) -> dict:
    """Special-case tokens of a product; ``key=value`` (legacy, site) comes last
    and its value runs to the end of the string."""
    out: dict = {}
    head, sep, tail = spec.partition("=")
    if sep:
        words = head.split()
        key = words.pop()
        out[key] = tail.strip()
        head = " ".join(words)
    for token in head.split():
        if token[:2] == "up" and token[2:].isdigit():
            out["up"] = int(token[2:])
        elif token[:3] == "rev" and token[3:].isdigit():
            out["rev"] = int(token[3:])
        elif token[:1] == "y" and token[1:].isdigit() and len(token) == 5:
            out["year"] = int(token[1:])
        else:
            out[token] = True
    return out


class Numbers:
    """Decision numbers, unique within a year."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: dict[int, set[int]] = {}

    def new(self, year: int, low: int = 150, high: int = 3900) -> str:
        used = self.used.setdefault(year, set())
        while True:
            n = self.rng.randint(low, high)
            if n not in used:
                used.add(n)
                return f"{n}/QĐ-UBND"


# ---------------------------------------------------------------------------
# Building the rows.
# ---------------------------------------------------------------------------
def load_contract() -> dict:
    with CONTRACT.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def list_labels(contract: dict, name: str) -> dict[str, str]:
    return {v["code"]: v["label"] for v in contract["closed_lists"][name]["values"]}


def build(contract: dict) -> dict[str, list[dict]]:
    rng = random.Random(SEED)
    numbers = Numbers(rng)
    owner_type = list_labels(contract, "owner_type")
    group = list_labels(contract, "product_group")
    level = list_labels(contract, "level")
    funding = list_labels(contract, "funding")
    category = list_labels(contract, "activity_category")
    unit_type = list_labels(contract, "unit_type")
    legacy = contract["closed_lists"]["product_group"].get("legacy", {})

    def spelled(unit: str, p: float = 0.15) -> str:
        if rng.random() >= p:
            return unit
        kind = UNIT_TYPE[unit]
        options = SPELLINGS.get(kind) or [f"Huyện {unit}", f"huyện {unit}"]
        return rng.choice(options)

    # --- owners -----------------------------------------------------------
    owners, products = [], []
    for source in (OWNERS, EXTRA_OWNERS):
        for unit, entries in source.items():
            for type_code, name, commune, items in entries:
                oid = f"CT-{len(owners) + 1:03d}"
                prefix = unit_type[UNIT_TYPE[unit]].lower()
                owners.append(
                    {
                        "owner_id": oid,
                        "owner_name": name,
                        "owner_type": owner_type[type_code],
                        "district": OWNER_DISTRICT_OVERRIDE.get(name) or spelled(unit, 0.2),
                        "address": f"{commune}, {prefix} {unit}",
                        "_type": type_code,
                        "_extra": source is EXTRA_OWNERS,
                    }
                )
                for pname, gcode, spec in items:
                    tok = parse_tokens(spec)
                    products.append(
                        {
                            "name": pname,
                            "owner_id": oid,
                            "group": gcode,
                            "tok": tok,
                            "unit": tok.get("site", unit),
                            "owner_unit": unit,
                        }
                    )

    # --- first-certification years for the products without a fixed one ---
    def is_ocop_pre2024(p):
        t = p["tok"]
        return not any(k in t for k in ("y24", "dec24", "two", "two24", "rev"))

    quota = dict(YEAR_QUOTA)
    for p in products:
        if is_ocop_pre2024(p) and "year" in p["tok"]:
            quota[p["tok"]["year"]] -= 1
    free = [p for p in products if is_ocop_pre2024(p) and "year" not in p["tok"]]
    years = [y for y, n in sorted(quota.items()) for _ in range(n)]
    assert len(years) == len(free), (len(years), len(free))
    rng.shuffle(years)
    for p, y in zip(free, years, strict=True):
        p["tok"]["year"] = y

    # --- events: (product, stars, authority, year, kind) -------------------
    # authority "district" -> a council decision of the product's unit,
    # "province" -> a provincial decision (4 stars), "own" -> its own date.
    events = []
    for p in products:
        t = p["tok"]
        if "y24" in t or "dec24" in t or "two24" in t:
            continue  # dated from the explicit 2024 decisions below
        y = t["year"]
        if "two" in t:
            events.append((p, 2, "district", y, "two"))
        elif "two_then3" in t:
            events.append((p, 2, "district", y - 1, "two"))
            events.append((p, 3, "district", y, "first"))
        else:
            stars = 4 if "d4" in t else 3
            events.append((p, stars, "province" if stars == 4 else "district", y, "first"))
            if "up" in t:
                events.append((p, 4, "province", t["up"], "up"))

    # group district/province events into decisions
    sessions: dict[tuple, list] = {}
    for ev in events:
        p, stars, auth, y, kind = ev
        key = (auth, p["unit"] if auth == "district" else "", y)
        sessions.setdefault(key, []).append(ev)

    dated = []  # (product, stars, date, number, kind)
    for key in sorted(sessions, key=lambda k: (k[2], k[0], k[1])):
        auth, unit, y = key
        evs = sessions[key]
        rng.shuffle(evs)
        n = len(evs)
        k = (
            PROVINCE_DECISIONS_PER_YEAR[y]
            if auth == "province"
            else (1 if n <= 3 else 2 if n <= 7 else 3)
        )
        k = min(k, n)
        start, end = YEAR_WINDOW[y]
        days: list[dt.date] = []
        while len(days) < k:
            d = random_day(rng, start, end)
            if d not in days:
                days.append(d)
        days.sort()
        nums = [
            numbers.new(y, 900, 2600) if auth == "province" else numbers.new(y) for _ in range(k)
        ]
        for i, (p, stars, _auth, _y, kind) in enumerate(evs):
            j = i * k // n
            dated.append((p, stars, days[j], None if stars < 3 else nums[j], kind))

    # explicit 2024 decisions
    for unit, decisions in DECISIONS_2024.items():
        todo = [p for p in products if "y24" in p["tok"] and p["unit"] == unit]
        assert len(todo) == sum(c for *_, c in decisions), unit
        i = 0
        for day, number, count in decisions:
            for p in todo[i : i + count]:
                dated.append((p, 3, day, number, "first"))
            i += count
    for p in products:
        if "two24" in p["tok"]:
            unit, idx = TWO_STAR_2024_SESSION
            dated.append((p, 2, DECISIONS_2024[unit][idx][0], None, "two"))
        if "dec24" in p["tok"]:
            day, number = DECISIONS_DEC_2024[p["unit"]]
            dated.append((p, 3, day, number, "first"))

    # re-evaluations and revocations, dated from the first certificate
    first_day = {id(p): d for p, s, d, n, kind in dated if kind == "first"}
    first_stars = {id(p): s for p, s, d, n, kind in dated if kind == "first"}
    for p in products:
        t = p["tok"]
        if "recert" in t or "down" in t:
            day = workday(add_months(first_day[id(p)], 34) + dt.timedelta(days=rng.randint(-9, 9)))
            assert day.year == 2023 and day < add_months(first_day[id(p)], 36)
            stars = 3 if "down" in t else first_stars[id(p)]
            kind = "down" if "down" in t else "recert"
            dated.append((p, stars, day, numbers.new(day.year), kind))
        if "rev" in t:
            start, end = YEAR_WINDOW[t["rev"]]
            day = random_day(rng, max(start, first_day[id(p)] + dt.timedelta(days=200)), end)
            dated.append((p, first_stars[id(p)], day, numbers.new(day.year), "rev"))

    # --- product ids: in order of first evaluation ------------------------
    first_eval = {}
    for p, _stars, d, _number, _kind in dated:
        first_eval[id(p)] = min(first_eval.get(id(p), d), d)
    order = sorted(products, key=lambda p: (first_eval[id(p)], p["unit"], p["name"]))
    for i, p in enumerate(order, 1):
        p["id"] = f"QNG-{i:04d}"

    # --- rows -------------------------------------------------------------
    rows = []
    for p, stars, day, number, kind in sorted(dated, key=lambda e: (e[2], e[0]["id"])):
        t = p["tok"]
        gname = group[p["group"]]
        if "legacy" in t and kind == "first" and day.year <= 2021:
            assert t["legacy"] in legacy, t["legacy"]
            gname = t["legacy"]
        note = None
        if kind == "up":
            note = "Nâng hạng từ 3 sao lên 4 sao"
        elif kind == "down":
            note = "Đánh giá lại khi hết hạn, hạ từ 4 sao xuống 3 sao"
        elif kind == "recert":
            note = "Đánh giá lại khi Giấy chứng nhận hết hiệu lực"
        elif kind == "rev":
            note = "Thu hồi Giấy chứng nhận OCOP"
        elif stars == 2:
            note = "Chưa đạt OCOP (2 sao)"
        elif "site" in t and kind == "first":
            note = SITE_NOTES[p["name"]]
        if "low" in t and kind == "first":
            score = 71
            note = "Đạt điểm hạng 4 sao nhưng chưa đáp ứng tiêu chí bắt buộc"
        elif kind == "rev":
            score = None
        elif stars == 4:
            score = rng.randint(70, 82)
        elif stars == 3:
            score = rng.randint(52, 68)
        else:
            score = rng.randint(38, 49)
        candidate = "cand" in t and stars == 4 and day.year == 2023
        if candidate:
            score = rng.randint(85, 88)
            note = (note + "; " if note else "") + "Đề xuất sản phẩm tiềm năng 5 sao"
        rows.append(
            {
                "product_id": p["id"],
                "product_name": p["name"],
                "owner_id": p["owner_id"],
                "product_group": gname,
                "stars": stars,
                "score": score,
                "five_star_candidate": YES if candidate else None,
                "level": None,
                "decision_no": number,
                "decision_date": day,
                "district": spelled(p["unit"]),
                "commune": None,
                "on_ecommerce": None,
                "revoked": YES if kind == "rev" else None,
                "note": note,
                "_p": p,
                "_kind": kind,
            }
        )

    # blank scores on a few early rows, as in older records
    early = [
        r
        for r in rows
        if r["_kind"] == "first"
        and r["stars"] == 3
        and r["decision_date"].year <= 2021
        and "low" not in r["_p"]["tok"]
    ]
    for r in rng.sample(early, 12):
        r["score"] = None

    # recognition level: mostly blank (derived), filled on a few rows
    for r in rows:
        if r["_kind"] in ("recert", "down") or r["five_star_candidate"]:
            r["level"] = level["province"] if r["stars"] == 4 else level["district"]
    three_2024 = [r for r in rows if r["decision_date"].year == 2024 and r["stars"] == 3]
    for r in rng.sample(three_2024, 3):
        r["level"] = level["district"]

    # e-commerce: current row of the products certified before 2024
    first_ocop: dict[str, dt.date] = {}
    last: dict[str, dict] = {}
    for r in rows:  # rows are in date order
        if r["decision_date"] <= AS_OF:
            last[r["product_id"]] = r
            if r["stars"] >= 3:
                first_ocop.setdefault(r["product_id"], r["decision_date"])
    pre2024 = [
        r
        for r in last.values()
        if r["stars"] >= 3 and not r["revoked"] and first_ocop[r["product_id"]].year < 2024
    ]
    four = [r for r in pre2024 if r["stars"] == 4]
    three = [r for r in pre2024 if r["stars"] == 3]
    chosen = four + rng.sample(three, ECOMMERCE_PRE2024 - len(four))
    chosen_rows = {id(r) for r in chosen}
    chosen_ids = {r["product_id"] for r in chosen}
    for r in chosen:
        r["on_ecommerce"] = YES
    for r in rows:  # some earlier rows of those products were already on it
        if (
            r["product_id"] in chosen_ids
            and id(r) not in chosen_rows
            and r["stars"] >= 3
            and rng.random() < 0.5
        ):
            r["on_ecommerce"] = YES

    for r in rows:
        r.pop("_p")
        r.pop("_kind")

    # --- other sheets -----------------------------------------------------
    units = [
        {
            "unit_code": code,
            "unit_name": name,
            "unit_type": unit_type[t],
            "parent_code": None,
            "aliases": aliases or None,
            "valid_from": None,
            "valid_to": UNITS_VALID_TO,
        }
        for code, name, t, aliases in UNITS
    ]
    outlets = [
        {
            "outlet_name": f"{OUTLET_PREFIX} {suffix}",
            "district": unit,
            "funding": funding[code],
            "opened": opened,
        }
        for suffix, unit, code, opened in OUTLETS
    ]
    targets = [
        dict(
            zip(
                [
                    "year",
                    "scope",
                    "indicator",
                    "description",
                    "target_min",
                    "target_max",
                    "unit",
                    "basis",
                    "actual_manual",
                    "expected",
                    "note",
                ],
                t,
                strict=True,
            )
        )
        for t in TARGETS
    ]
    activities = [
        {
            "year": y,
            "category": category[c],
            "document_no": no,
            "date": d,
            "end_date": e,
            "description": desc,
            "lead": lead,
            "participants": n,
        }
        for y, c, no, d, e, desc, lead, n in sorted(ACTIVITIES, key=lambda a: (a[0], a[3]))
    ]
    for o in owners:
        o.pop("_type")
        o.pop("_extra")
    return {
        "san_pham": rows,
        "chu_the": owners,
        "diem_ban": outlets,
        "chi_tieu": targets,
        "hoat_dong": activities,
        "dia_ban": units,
    }


# ---------------------------------------------------------------------------
# Sanity check against the published figures (same rules as the contract).
# ---------------------------------------------------------------------------
def check(sheets: dict[str, list[dict]], contract: dict) -> None:
    types = {v["label"]: v["code"] for v in contract["closed_lists"]["owner_type"]["values"]}
    owner_type = {o["owner_id"]: types[o["owner_type"]] for o in sheets["chu_the"]}
    rows = sheets["san_pham"]

    def figures(as_of: dt.date) -> dict:
        live = sorted(
            (r for r in rows if r["decision_date"] <= as_of),
            key=lambda r: (r["product_id"], r["decision_date"]),
        )
        cur = {r["product_id"]: r for r in live}
        ocop = [r for r in cur.values() if r["stars"] >= 3 and not r["revoked"]]
        first: dict[str, dict] = {}
        for r in live:
            if r["stars"] >= 3:
                first.setdefault(r["product_id"], r)
        new = [r for r in first.values() if r["decision_date"].year == as_of.year]
        by_type = {}
        for code in types.values():
            mine = [r for r in ocop if owner_type[r["owner_id"]] == code]
            by_type[code] = (len({r["owner_id"] for r in mine}), len(mine))
        return {
            "products": len(ocop),
            "stars": {s: sum(r["stars"] == s for r in ocop) for s in (3, 4, 5)},
            "owners": len({r["owner_id"] for r in ocop}),
            "by_type": by_type,
            "new": len(new),
            "four": sum(r["stars"] == 4 and r["decision_date"].year == as_of.year for r in live),
            "cand": sum(
                bool(r["five_star_candidate"]) and r["decision_date"].year == as_of.year
                for r in live
            ),
            "ecommerce": sum(bool(r["on_ecommerce"]) for r in ocop),
        }

    f = figures(AS_OF)
    assert f["products"] == 204 and f["stars"] == {3: 187, 4: 17, 5: 0}, f
    assert f["owners"] == 128, f
    assert f["by_type"] == {
        "enterprise": (21, 22),
        "cooperative": (33, 50),
        "cooperative_group": (0, 0),
        "household": (74, 132),
    }, f
    assert f["new"] == 13 and f["four"] == 0 and f["cand"] == 0, f
    assert f["ecommerce"] == 130, f
    g = figures(YEAR_END)
    assert g["products"] == 207 and g["new"] == 16, g
    funding = [o["funding"] for o in sheets["diem_ban"]]
    assert len(funding) == 13 and funding.count("Nhà nước hỗ trợ") == 6, funding


# ---------------------------------------------------------------------------
# Writing the workbook.
# ---------------------------------------------------------------------------
def write(sheets: dict[str, list[dict]], contract: dict, path: Path) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    for spec in contract["sheets"]:
        key = spec["key"]
        columns = spec["columns"]
        ws = wb.create_sheet(key)
        for j, col in enumerate(columns, 1):
            cell = ws.cell(row=1, column=j, value=nfc(col["label"]))
            cell.font = bold
        widths = [len(col["label"]) for col in columns]
        for i, record in enumerate(sheets[key], 2):
            for j, col in enumerate(columns, 1):
                value = nfc(record.get(col["key"]))
                if value is None or value == "":
                    continue
                cell = ws.cell(row=i, column=j, value=value)
                if isinstance(value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
                    width = 10
                else:
                    width = len(str(value))
                widths[j - 1] = max(widths[j - 1], width)
        for j, width in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(j)].width = min(max(width + 2, 8), 60)
        ws.freeze_panes = "A2"

    props = wb.properties
    props.creator = CREATOR
    props.lastModifiedBy = CREATOR
    props.title = "Dữ liệu mẫu Chương trình OCOP tỉnh Quảng Ngãi"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME

    # openpyxl's save_workbook() stamps the current time into the properties
    # and the zip entries; write through ExcelWriter and re-zip with fixed
    # timestamps so the bytes depend on the content only.
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 0
            fixed.external_attr = 0
            dst.writestr(fixed, src.read(info.filename))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


def main() -> None:
    contract = load_contract()
    sheets = build(contract)
    check(sheets, contract)
    write(sheets, contract, OUT)
    counts = ", ".join(f"{k} {len(v)}" for k, v in sheets.items())
    print(f"wrote {OUT.relative_to(ROOT)} ({counts})")


if __name__ == "__main__":
    main()
