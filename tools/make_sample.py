"""Build the bundled sample workbook ``data/quang-ngai/ocop.xlsx``.

The sample reproduces, through the rules of the input contract
(``ocoplib/contract.yaml`` and the workbook specification), two sets of
published figures.

The 2024 OCOP report of Quảng Ngãi province (Văn phòng Điều phối nông thôn
mới tỉnh, November 2024, figures as of 31/10/2024), for the province as it
was then (the rows of former Kon Tum aside):

* 204 OCOP products (187 three-star, 17 four-star);
* 128 owners: 21 enterprises with 22 products, 33 cooperatives with 50,
  74 production units/household businesses with 132;
* 13 new three-star products in 2024: Tư Nghĩa 4, Bình Sơn 1, thành phố
  Quảng Ngãi 8; no four-star certificate and no five-star candidate in 2024;
* 130 products on the e-commerce platform (among the 191 certified before
  2024);
* 13 sales points (6 state-supported, 7 socialised).

The figure published after the merger of Quảng Ngãi and Kon Tum
(01/07/2025), for the merged province as of the 2025 cut-off (31/10/2025):

* 640 OCOP products, all still valid: 2 five-star, 48 four-star,
  590 three-star; 350 from former Quảng Ngãi, 290 from former Kon Tum.

Those totals are real. The rows behind them are NOT: the products, owners,
scores, decision numbers and dates of the sheets ``san_pham`` and
``chu_the`` are illustrative, built from well-known specialities of the two
provinces and invented names, so that the totals come out exactly and every
rule of the contract is exercised (upgrades, a downgrade, re-certifications,
revocations, 2-star evaluations, five-star candidates, products decided
after a cut-off, legacy product-group names, unit names written in several
ways; from 2025: Kon Tum's former districts, communes named from
01/07/2025 and attributed to their former district, bulk revocation of
lapsed certificates, the province certifying 3 stars from 06/07/2025).
The activities of 2024 (sheet ``hoat_dong``) and the 2024 province targets
(sheet ``chi_tieu``) come from the report; other targets and activities are
illustrative and marked as such (targets: ``minh hoạ`` in ``Ghi chú``).

Units (sheet ``dia_ban``): the 13 district-level units of Quảng Ngãi and the
10 of Kon Tum until 30/06/2025, and the 96 commune-level units from
01/07/2025, read from ``tools/units_2025.csv`` (written once by
``tools/units_2025.py`` from a package of Vietnamese administrative units;
the build does not need that package).

Sheet and column labels and closed-list labels are read from
``ocoplib/contract.yaml``. The output is deterministic: fixed random seeds
(the 2025 rows draw from their own, so the 2024 rows stay as they were),
fixed document properties and fixed zip timestamps, so two runs give
byte-identical files. Before writing, the script checks every figure above
with its own implementation of the contract's rules and stops if one is
off.

Run from the project root::

    .venv/bin/python tools/make_sample.py
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import re
import unicodedata
from collections import Counter
from pathlib import Path

import yaml
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ocoplib.base.determinism import save_zip
from ocoplib.domain.levels import DECISION_1489_DATE

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT / "ocoplib" / "base" / "contract.yaml"
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
    # year, category code, document number, date, end date, description, lead,
    # role of the Office (activity_role code, from the report's wording), participants
    (2023, "direction", "61/KH-UBND", dt.date(2023, 4, 5), None,
     "UBND tỉnh ban hành Kế hoạch số 61/KH-UBND ngày 05/4/2023 triển khai thực hiện Chương "
     "trình mỗi xã một sản phẩm (OCOP) năm 2023 trên địa bàn tỉnh Quảng Ngãi.",
     f"{VPDP}; {SNN}", None, None),
    (2023, "training", None, dt.date(2023, 6, 20), dt.date(2023, 6, 21),
     "Tổ chức lớp tập huấn Bộ tiêu chí đánh giá, phân hạng sản phẩm OCOP theo Quyết định số "
     "148/QĐ-TTg ngày 24/02/2023 của Thủ tướng Chính phủ cho cán bộ cấp huyện, cấp xã và các "
     "chủ thể OCOP.", VPDP, None, 62),
    (2023, "inspection", None, dt.date(2023, 8, 14), dt.date(2023, 8, 25),
     "Kiểm tra việc duy trì chất lượng và điều kiện sản xuất của các sản phẩm OCOP được công "
     "nhận năm 2020 có Giấy chứng nhận sắp hết hiệu lực.",
     f"{VPDP} chủ trì, phối hợp với UBND các huyện, thị xã, thành phố", None, None),
    (2023, "promotion", None, dt.date(2023, 9, 21), dt.date(2023, 9, 24),
     "Hỗ trợ 10 chủ thể OCOP tham gia gian hàng chung của tỉnh tại Hội chợ thương mại sản "
     "phẩm OCOP khu vực miền Trung - Tây Nguyên năm 2023.", f"{SNN}; {VPDP}", None, 10),
    (2023, "direction", "1719/QĐ-UBND", dt.date(2023, 11, 17), None,
     "Chủ tịch UBND tỉnh ban hành Quyết định số 1719/QĐ-UBND ngày 17/11/2023 về việc thành "
     "lập Hội đồng, Tổ tư vấn Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Quảng Ngãi.",
     f"{VPDP}; {SNN}", None, None),
    (2024, "communication", None, dt.date(2024, 1, 2), dt.date(2024, 10, 31),
     "Tiếp tục tuyên truyền, quảng bá, giới thiệu sản phẩm OCOP đến người tiêu dùng trên Trang "
     "thông tin điện tử về Chương trình OCOP của tỉnh (https://ocop.quangngai.gov.vn), khẳng "
     "định sản phẩm OCOP Quảng Ngãi không chỉ dừng lại ở chất lượng mà còn gắn liền với đời "
     "sống, bản sắc, văn hóa của con người nơi đây, theo định hướng mỗi sản phẩm là một câu "
     "chuyện kể để tạo niềm tin cho khách hàng.", VPDP, "perform", None),
    (2024, "other", "112/TB-UBND", dt.date(2024, 3, 12), None,
     "Thực hiện Thông báo kết luận số 112/TB-UBND ngày 12/3/2024 của Phó Chủ tịch UBND tỉnh "
     "Trần Phước Hiền về Kế hoạch thực hiện Chương trình OCOP năm 2024, Sở Nông nghiệp và Phát "
     "triển nông thôn giao Văn phòng Điều phối nông thôn mới tỉnh triển khai nâng cấp 02 sản "
     "phẩm 4 sao lên sản phẩm có tiềm năng đạt 5 sao cấp Trung ương, gắn với nhu cầu thị trường "
     "trong nước và xuất khẩu.", VPDP, "perform", None),
    (2024, "direction", "69/KH-UBND", dt.date(2024, 3, 20), None,
     "UBND tỉnh ban hành Kế hoạch số 69/KH-UBND ngày 20/3/2024 triển khai thực hiện Chương "
     "trình mỗi xã một sản phẩm (OCOP) năm 2024 trên địa bàn tỉnh Quảng Ngãi.",
     f"{VPDP} tham mưu {SNN} trình UBND tỉnh", "advise", None),
    (2024, "direction", "1169/SNNPTNT-NTM", dt.date(2024, 3, 25), None,
     "Sở Nông nghiệp và Phát triển nông thôn ban hành Công văn số 1169/SNNPTNT-NTM ngày "
     "25/3/2024 hướng dẫn một số nội dung triển khai Chương trình mỗi xã một sản phẩm (OCOP) "
     "năm 2024 trên địa bàn tỉnh Quảng Ngãi.", f"{VPDP} tham mưu {SNN}", "advise", None),
    (2024, "communication", "624/KHPH-SVHTTDL-SNNPTNT-UBND", dt.date(2024, 3, 28), None,
     "Phối hợp với Sở Văn hóa, Thể thao và Du lịch, UBND huyện Nghĩa Hành ban hành Kế hoạch số "
     "624/KHPH-SVHTTDL-SNNPTNT-UBND ngày 28/3/2024 và tổ chức thành công Liên hoan “Mỗi sản "
     "phẩm OCOP là một câu chuyện kể” và không gian du lịch cộng đồng nông nghiệp, nông thôn "
     "năm 2024 tại huyện Nghĩa Hành.",
     f"Sở Văn hóa, Thể thao và Du lịch; {SNN}; UBND huyện Nghĩa Hành", "support", None),
    (2024, "inspection", None, dt.date(2024, 5, 13), dt.date(2024, 6, 4),
     "Tổ chức đoàn kiểm tra thực tế tại cơ sở sản xuất các sản phẩm đạt OCOP năm 2023 trên địa "
     "bàn tỉnh Quảng Ngãi từ ngày 13/5 đến ngày 04/6/2024.",
     f"{VPDP} chủ trì, phối hợp với các sở, ngành, địa phương", "lead", None),
    (2024, "promotion", "2132/SNNPTNT-NTM", dt.date(2024, 5, 21), None,
     "Sở Nông nghiệp và Phát triển nông thôn ban hành Công văn số 2132/SNNPTNT-NTM gửi Trung "
     "tâm Xúc tiến thương mại nông nghiệp (Bộ Nông nghiệp và Phát triển nông thôn) đăng ký 13 "
     "đơn vị (chủ thể) tham gia “Chương trình chợ phiên OCOP năm 2024” trên nền tảng TikTok.",
     f"{VPDP} tham mưu {SNN}", "advise", 13),
    (2024, "promotion", "2132/SNNPTNT-NTM", dt.date(2024, 5, 21), None,
     "Đăng ký 05 đơn vị (chủ thể) OCOP tiêu biểu của địa phương tham gia Chương trình “Hạt "
     "giống OCOP” giai đoạn 2024 - 2025.", f"{VPDP} tham mưu {SNN}", "advise", 5),
    (2024, "promotion", "2132/SNNPTNT-NTM", dt.date(2024, 5, 21), None,
     "Đăng ký 05 mô hình du lịch nông nghiệp của địa phương để Trung tâm Xúc tiến thương mại "
     "nông nghiệp phối hợp với TikTok Việt Nam hỗ trợ chủ thể xây dựng video quảng bá trên mạng "
     "xã hội, góp phần bảo tồn và phát huy giá trị văn hóa truyền thống, kết nối với các đơn vị "
     "lữ hành trong và ngoài nước.", f"{VPDP} tham mưu {SNN}", "advise", None),
    (2024, "direction", "2664/SNNPTNT-NTM", dt.date(2024, 6, 19), None,
     "Sở Nông nghiệp và Phát triển nông thôn ban hành Công văn số 2664/SNNPTNT-NTM ngày "
     "19/6/2024 đôn đốc triển khai Chương trình mỗi xã một sản phẩm (OCOP) năm 2024 trên địa "
     "bàn tỉnh Quảng Ngãi.", f"{VPDP} tham mưu {SNN}", "advise", None),
    (2024, "communication", None, dt.date(2024, 7, 16), None,
     "Phối hợp với Tạp chí Kinh tế nông thôn đăng tin, bài về các hoạt động “Báo chí đồng hành "
     "với Chương trình OCOP Quảng Ngãi”.", VPDP, "support", None),
    (2024, "direction", "4383/SNNPTNT-NTM", dt.date(2024, 9, 26), None,
     "Sở Nông nghiệp và Phát triển nông thôn ban hành Công văn số 4383/SNNPTNT-NTM ngày "
     "26/9/2024 về việc khẩn trương triển khai Chương trình mỗi xã một sản phẩm (OCOP) năm 2024 "
     "trên địa bàn tỉnh Quảng Ngãi.", f"{VPDP} tham mưu {SNN}", "advise", None),
    (2024, "direction", "1378/QĐ-UBND", dt.date(2024, 11, 7), None,
     "Chủ tịch UBND tỉnh ban hành Quyết định số 1378/QĐ-UBND ngày 07/11/2024 sửa đổi một số "
     "nội dung tại Quyết định số 1719/QĐ-UBND ngày 17/11/2023 về việc thành lập Hội đồng, Tổ "
     "tư vấn Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Quảng Ngãi.",
     f"{VPDP} tham mưu {SNN} trình Chủ tịch UBND tỉnh", "advise", None),
    (2024, "promotion", None, dt.date(2024, 11, 6), dt.date(2024, 11, 10),
     "Cử lãnh đạo và chuyên viên hỗ trợ 04 doanh nghiệp tham gia trưng bày sản phẩm tại Công "
     "viên Văn hóa Lê Thị Riêng (số 875 đường Cách mạng Tháng Tám, Phường 15, Quận 10, thành "
     "phố Hồ Chí Minh) từ ngày 06 đến ngày 10/11/2024.", f"{SNN}; {VPDP}", "perform", 4),
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
    role = list_labels(contract, "activity_role")
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
                            "owner_commune": commune,
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

    # what the 2025 rows need to know of each product (see extend())
    meta = {
        p["id"]: {
            "name": p["name"],
            "group": p["group"],
            "owner_id": p["owner_id"],
            "unit": p["unit"],
            "owner_unit": p["owner_unit"],
            "owner_commune": p["owner_commune"],
        }
        for p in products
    }
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
            "role": role[r] if r else None,
            "participants": n,
        }
        for y, c, no, d, e, desc, lead, r, n in sorted(ACTIVITIES, key=lambda a: (a[0], a[3]))
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
        "_meta": meta,
    }


# ---------------------------------------------------------------------------
# From 2025: the merged province (Quảng Ngãi and Kon Tum, from 01/07/2025).
#
# The published figure: 640 OCOP products still valid after the merger,
# 2 five-star, 48 four-star, 590 three-star; 350 from former Quảng Ngãi and
# 290 from former Kon Tum. Everything behind it is illustrative: Kon Tum's
# owners and products (2019 on), the 2025 evaluations of Quảng Ngãi, the
# revocations, the 2025 targets, activities and the new sales points.
# ---------------------------------------------------------------------------
SEED_2025 = 20251031
AS_OF_2025 = dt.date(2025, 10, 31)
MERGER = dt.date(2025, 7, 1)  # districts abolished, Kon Tum merged into Quảng Ngãi
PROVINCE = "Quảng Ngãi"
KON_TUM = "Kon Tum"
UNITS_CSV = ROOT / "tools" / "units_2025.csv"

PUBLISHED_2025 = {
    "products": 640,
    "valid": 640,
    "stars": {3: 590, 4: 48, 5: 2},
    "by_province": {PROVINCE: 350, KON_TUM: 290},
}
# Illustrative split of the 48 four-star products between the former provinces.
FOUR_STAR_2025 = {PROVINCE: 24, KON_TUM: 24}

# Kon Tum's district-level units until 30/06/2025 (codes of the national list).
KT_UNITS = [
    # code, name, type code, aliases
    ("608", "Kon Tum", "city", ""),
    ("610", "Đắk Glei", "district", "Đăk Glei"),
    ("611", "Ngọc Hồi", "district", ""),
    ("612", "Đắk Tô", "district", "Đăk Tô"),
    ("613", "Kon Plông", "district", ""),
    ("614", "Kon Rẫy", "district", ""),
    ("615", "Đăk Hà", "district", "Đắk Hà"),
    ("616", "Sa Thầy", "district", ""),
    ("617", "Tu Mơ Rông", "district", ""),
    ("618", "Ia H'Drai", "district", ""),
]

# Bulk revocations of lapsed certificates (not re-evaluated before expiry):
# by each former province before the merger, then by the merged province.
REVOCATIONS = [
    # former province (None: the merged province), date, decision number
    (PROVINCE, dt.date(2025, 3, 14), "412/QĐ-UBND"),
    (KON_TUM, dt.date(2025, 4, 22), "356/QĐ-UBND"),
    (None, dt.date(2025, 10, 24), "2186/QĐ-UBND"),
]
# The national recognition of Kon Tum's two five-star products.
CENTRAL_DECISION = (dt.date(2025, 2, 20), "598/QĐ-BNN-VPĐP")
# Kon Tum's provincial session that proposed them as five-star candidates.
KT_CANDIDATE_SESSION = dt.date(2024, 6, 12)

# Periods in which decisions of a cohort fall. "2025a": district councils
# (Kon Tum's provincial council before 2023), "2025b": the merged province.
PERIODS = {
    2019: (dt.date(2019, 10, 7), dt.date(2019, 12, 20)),
    2020: (dt.date(2020, 5, 4), dt.date(2020, 12, 25)),
    2021: (dt.date(2021, 4, 5), dt.date(2021, 12, 24)),
    2022: (dt.date(2022, 4, 4), dt.date(2022, 12, 23)),
    2023: (dt.date(2023, 4, 3), dt.date(2023, 12, 22)),
    2024: (dt.date(2024, 3, 4), dt.date(2024, 12, 20)),
    "2025a": (dt.date(2025, 1, 6), dt.date(2025, 6, 27)),
    "2025b": (dt.date(2025, 7, 14), dt.date(2025, 10, 24)),
}
LAST_PRE_MERGER = dt.date(2025, 6, 27)
FIRST_POST_MERGER = dt.date(2025, 7, 14)
LAST_SESSION = dt.date(2025, 10, 24)

# Kon Tum: products still valid at the 2025 cut-off, by the period of their
# first certification (sums to 290), and products whose certificate lapsed
# and was revoked in 2025, by first certification year.
KT_SURVIVORS = {2019: 10, 2020: 40, 2021: 38, 2022: 42, 2023: 46, 2024: 56,
                "2025a": 34, "2025b": 24}  # fmt: skip
KT_LAPSED = {2019: 4, 2020: 9, 2021: 6, 2022: 3}
KT_TWO_STAR = 5
# Quảng Ngãi: certificates of 2020-2022 that lapsed and were revoked in 2025;
# 2025 upgrades and new four-star products; share of 2025 new products decided
# before the merger; products evaluated at 2 stars in 2025.
QN_LAPSED = {"before": 16, "after": 6}
QN_UPGRADES_2025 = 3
QN_NEW_PRE_MERGER = 0.58
QN_TWO_STAR_2025 = 4

# Kon Tum's owners and products that the sample names (illustrative: the
# product names draw on well-known Kon Tum OCOP products; owners are made up).
# Owner: (type, name, old commune of the address, [products]); product:
# (name, group, tokens) with tokens as for Quảng Ngãi plus
#   yPERIOD   first certification in that period (2019 ... 2025a, 2025b)
#   five      4 stars, five-star candidate in 06/2024, 5 stars in 02/2025
#   lapsed    certificate lapsed and revoked in 2025
# fmt: off
KT_OWNERS: dict[str, list] = {
    "608": [
        (DN, "Công ty TNHH Yến sào Đăk Bla", "Phường Thống Nhất",
         [("Yến chưng Kon Tum", F, "y2020 d4"), ("Yến sào tinh chế Kon Tum", F, "y2020 d4")]),
        (HTX, "Hợp tác xã Đông trùng hạ thảo Ngọk Bay", "Xã Ngọk Bay",
         [("Đông trùng hạ thảo sấy thăng hoa", H, "y2021 legacy=Thảo dược"),
          ("Trà đông trùng hạ thảo", H, "y2022")]),
        (HTX, "Hợp tác xã Du lịch cộng đồng Kon K'Tu", "Xã Đăk Rơ Wa",
         [("Du lịch cộng đồng làng Kon K'Tu", T,
           "y2021 legacy=Dịch vụ du lịch nông thôn, bán hàng")]),
        (DN, "Công ty TNHH Trái cây sấy Tây Nguyên Xanh", "Xã Ia Chim",
         [("Chuối sấy dẻo Tây Nguyên Xanh", F, "y2024 d4"),
          ("Mít sấy giòn Tây Nguyên Xanh", F, "y2024 d4")]),
    ],
    "613": [
        (DN, "Chi nhánh Công ty Cổ phần Thảo mộc Măng Đen", "Thị trấn Măng Đen",
         [("Rượu thảo mộc Măng Đen 18", B, "y2024 d4"),
          ("Rượu thảo mộc Măng Đen 12", B, "y2024 d4")]),
        (DN, "Công ty TNHH Vang sim Măng Đen", "Xã Măng Cành",
         [("Vang sim rừng Măng Đen", B, "y2022 up2024"),
          ("Vang sim rừng Măng Đen thượng hạng", B, "y2024 d4")]),
        (DN, "Công ty TNHH Du lịch sinh thái Măng Đen", "Thị trấn Măng Đen",
         [("Khu du lịch sinh thái thác Pa Sỹ", T, "y2022 d4")]),
        (HTX, "Hợp tác xã Nông nghiệp Măng Đen", "Xã Đăk Tăng",
         [("Cà phê Arabica Măng Đen", B, "y2021 up2023"), ("Dâu tây Măng Đen", F, "y2022"),
          ("Miến dong Măng Đen", F, "y2020")]),
    ],
    "615": [
        (HTX, "Hợp tác xã Cà phê Đăk Hà", "Thị trấn Đăk Hà",
         [("Cà phê bột nguyên chất Đăk Hà", B, "y2020 up2022"),
          ("Cà phê hạt rang Đăk Hà", B, "y2020"), ("Cà phê phin giấy Đăk Hà", B, "y2023")]),
        (HTX, "Hợp tác xã Nông nghiệp Ngọk Réo", "Xã Ngọk Réo",
         [("Chanh dây Ngọk Réo", F, "y2021"), ("Mật ong hoa cà phê Ngọk Réo", F, "y2021 lapsed")]),
    ],
    "612": [
        (DN, "Công ty TNHH Sâm Ngọc Linh Đăk Tô", "Xã Tân Cảnh",
         [("Sâm Ngọc Linh củ tươi", H, "y2022 d4"),
          ("Trà sâm Ngọc Linh túi lọc", H, "y2021 up2023"),
          ("Sâm Ngọc Linh ngâm mật ong", H, "y2023")]),
    ],
    "617": [
        (DN, "Công ty Cổ phần Rượu sâm Ngọc Linh Măng Ri", "Xã Măng Ri",
         [("Rượu sâm Ngọc Linh thượng hạng", B, "y2022 d4 five"),
          ("Rượu sâm Ngọc Linh đặc biệt", B, "y2022 d4 five")]),
        (HTX, "Hợp tác xã Dược liệu Tu Mơ Rông", "Xã Tu Mơ Rông",
         [("Sâm dây Tu Mơ Rông sấy khô", H, "y2019 legacy=Thảo dược"),
          ("Đương quy Tu Mơ Rông", H, "y2020")]),
    ],
    "610": [
        (HTX, "Hợp tác xã Dược liệu Ngọc Linh", "Xã Ngọc Linh",
         [("Sâm dây Ngọc Linh", H, "y2019"), ("Chè dây Ngọc Linh", H, "y2020 legacy=Thảo dược")]),
        (HTX, "Hợp tác xã Dệt thổ cẩm Đăk Long", "Xã Đăk Long",
         [("Thổ cẩm Giẻ Triêng", C, "y2020 legacy=Vải và may mặc")]),
    ],
    "611": [
        (HTX, "Hợp tác xã Chanh dây Ngọc Hồi", "Xã Đăk Nông",
         [("Chanh dây tươi Ngọc Hồi", F, "y2019"),
          ("Nước cốt chanh dây Ngọc Hồi", B, "y2021 up2023")]),
    ],
    "614": [
        (HTX, "Hợp tác xã Nông nghiệp Đăk Kôi", "Xã Đăk Kôi",
         [("Măng le khô Kon Rẫy", F, "y2020"), ("Mật ong rừng Kon Rẫy", F, "y2020")]),
    ],
    "616": [
        (HKD, "Cơ sở sản xuất Mật ong Sa Sơn", "Xã Sa Sơn",
         [("Mật ong Sa Thầy", F, "y2020"), ("Mật ong ngâm chanh dây", F, "y2022")]),
    ],
    "618": [
        (HTX, "Hợp tác xã Nông nghiệp Ia Đal", "Xã Ia Đal",
         [("Hạt điều rang muối Ia H'Drai", F, "y2021")]),
    ],
}

# What each unit makes, for the rows the script draws: (stem, group).
KT_STEMS = {
    "608": [("Cà phê bột", B), ("Cà phê hạt rang", B), ("Trà gừng", B), ("Yến sào", F),
            ("Đông trùng hạ thảo", H), ("Nấm linh chi", H), ("Tinh dầu sả chanh", H),
            ("Bánh tráng", F), ("Rượu cần", B), ("Thổ cẩm", C), ("Chanh dây", F), ("Bún khô", F)],
    "610": [("Sâm dây sấy khô", H), ("Trà sâm dây", H), ("Rượu sâm dây", B), ("Mật ong rừng", F),
            ("Gạo nếp than", F), ("Thổ cẩm Xơ Đăng", C), ("Đương quy", H), ("Chè dây", H)],
    "611": [("Chanh dây", F), ("Nước cốt chanh dây", B), ("Cà phê bột", B), ("Mật ong", F),
            ("Miến dong", F), ("Hạt điều rang", F), ("Mắc ca sấy", F)],
    "612": [("Sâm dây", H), ("Cao sâm dây", H), ("Cà phê hạt rang", B), ("Măng khô", F),
            ("Rượu ngâm sâm dây", B), ("Mật ong", F), ("Gạo", F)],
    "613": [("Cà phê Arabica", B), ("Chanh dây", F), ("Dâu tây", F), ("Rau xứ lạnh", F),
            ("Măng le", F), ("Trà hoa vàng", H), ("Rượu sim rừng", B), ("Miến dong", F),
            ("Homestay sinh thái", T), ("Lan rừng", SVC)],
    "614": [("Măng le khô", F), ("Mật ong rừng", F), ("Cà phê bột", B), ("Rượu cần", B),
            ("Thổ cẩm", C), ("Chuối sấy", F)],
    "615": [("Cà phê bột", B), ("Cà phê hạt rang", B), ("Cà phê phin giấy", B), ("Chanh dây", F),
            ("Sầu riêng sấy", F), ("Mắc ca", F), ("Mật ong", F), ("Bơ sáp", F)],
    "616": [("Mật ong", F), ("Chuối sấy", F), ("Mít sấy", F), ("Tinh bột sắn", F),
            ("Cá lăng khô", F), ("Măng khô", F), ("Rượu cần", B)],
    "617": [("Trà sâm Ngọc Linh", H), ("Sâm Ngọc Linh ngâm mật ong", H), ("Rượu sâm Ngọc Linh", B),
            ("Sâm dây", H), ("Đương quy", H), ("Cà phê", B), ("Mật ong rừng", F),
            ("Thổ cẩm Xơ Đăng", C)],
    "618": [("Mật ong", F), ("Hạt điều rang muối", F), ("Cà phê bột", B),
            ("Cá thát lát lòng hồ", F), ("Chuối sấy", F)],
}
QN_STEMS = {
    "522": [("Kẹo gương", F), ("Đường phèn", F), ("Cá bống sông Trà", F), ("Bánh tráng", F),
            ("Tương ớt", F), ("Chả cá", F), ("Yến sào", F), ("Trà thảo mộc", H), ("Nước mắm", F),
            ("Bánh ít lá gai", F)],
    "524": [("Nước mắm", F), ("Mực khô", F), ("Tỏi", F), ("Hành tím", F), ("Bánh tráng", F),
            ("Mật ong", F), ("Cá cơm khô", F), ("Tinh dầu sả", H)],
    "525": [("Quế", F), ("Bột quế", F), ("Tinh dầu quế", H), ("Trà quế", B), ("Mật ong", F),
            ("Chổi đót", C)],
    "527": [("Chả lụa", F), ("Gạo", F), ("Chè xanh", B), ("Mè đen", F), ("Bún khô", F),
            ("Rượu gạo", B), ("Tàu hũ ky", F), ("Miến dong", F)],
    "528": [("Bánh tráng", F), ("Nước mắm", F), ("Tương ớt", F), ("Dầu phụng", F),
            ("Gạo hữu cơ", F), ("Nem chua", F), ("Trà cà gai leo", H)],
    "529": [("Quế", F), ("Chổi đót", C), ("Mật ong rừng", F), ("Rượu ghè", B), ("Thổ cẩm Hrê", C)],
    "530": [("Quế", F), ("Tinh dầu quế", H), ("Mật ong rừng", F), ("Rượu ghè", B)],
    "531": [("Chè xanh", B), ("Nấm linh chi", H), ("Mật ong", F), ("Lan rừng", SVC)],
    "532": [("Kẹo gương", F), ("Bánh tráng", F), ("Bưởi da xanh", F), ("Nấm rơm", F),
            ("Rượu nếp", B), ("Mây tre đan", C)],
    "533": [("Mạch nha", F), ("Kẹo mạch nha", F), ("Dầu phộng", F), ("Trứng vịt muối", F),
            ("Bánh tráng", F), ("Nước mắm", F)],
    "534": [("Muối", F), ("Nước mắm", F), ("Mực khô", F), ("Cá khô", F), ("Nón lá", C),
            ("Chiếu cói", C)],
    "535": [("Mật ong rừng", F), ("Thổ cẩm", C), ("Chuối hột sấy", F), ("Măng khô", F),
            ("Rượu cần", B)],
    "536": [("Tỏi", F), ("Hành tím", F), ("Rong biển", F), ("Mực một nắng", F),
            ("Muối tỏi ớt", F)],
}
# Relative weight of each unit in the products the script draws.
KT_WEIGHTS = {"608": 22, "613": 14, "615": 12, "611": 9, "612": 9, "617": 9, "610": 8,
              "616": 7, "614": 6, "618": 4}
QN_WEIGHTS = {"522": 30, "524": 15, "528": 15, "527": 12, "533": 14, "534": 14, "532": 12,
              "536": 12, "535": 8, "525": 8, "529": 6, "530": 5, "531": 5}
QUALIFIERS = ["nguyên chất", "đặc biệt", "túi lọc", "hộp quà", "thượng hạng", "truyền thống",
              "loại 1", "hũ thủy tinh"]
PEOPLE = ["Minh Tâm", "Thanh Hương", "Quốc Bảo", "Ngọc Hân", "Văn Thành", "Thu Hiền",
          "Đức Long", "Hoài An", "Kim Liên", "Phước Lộc", "Hữu Nghĩa", "Bích Ngọc", "Tấn Phát",
          "Mỹ Duyên", "Công Danh", "Thanh Tùng", "Hồng Nhung", "Gia Huy", "Anh Thư", "Bảo Trâm"]
PEOPLE_KT = ["Y Bla", "A Thoong", "Y Nhung", "A Duẩn", "Y Lan", "A Phương", "Y Kim", "A Vương",
             "Y Hoa", "A Hùng"]
OWNER_FIELD = {F: "Nông nghiệp", B: "Nông nghiệp và Dịch vụ", H: "Dược liệu",
               C: "Thủ công mỹ nghệ", SVC: "Nông nghiệp", T: "Du lịch cộng đồng"}

OUTLETS_2025 = [
    # name suffix, unit as written, funding code, opened
    ("tỉnh Kon Tum", "TP Kon Tum", "state_supported", dt.date(2021, 9, 17)),
    ("huyện Kon Plông", "Kon Plông", "state_supported", dt.date(2022, 5, 20)),
    ("huyện Tu Mơ Rông", "Tu Mơ Rông", "state_supported", dt.date(2023, 4, 21)),
    ("Đăk Hà", "Huyện Đăk Hà", "socialized", dt.date(2023, 8, 11)),
    ("cửa khẩu Bờ Y", "Ngọc Hồi", "socialized", dt.date(2024, 3, 29)),
    ("Măng Đen", "Kon Plông", "socialized", dt.date(2024, 12, 6)),
    ("phường Cẩm Thành", "Phường Cẩm Thành", "socialized", dt.date(2025, 8, 22)),
    ("xã Măng Đen", "Xã Măng Đen", "state_supported", dt.date(2025, 9, 26)),
]

SNNMT = "Sở Nông nghiệp và Môi trường"
BASIS_2025 = "Kế hoạch số 214/KH-UBND ngày 15/8/2025 của UBND tỉnh"
TARGETS_2025 = [
    # year, scope, indicator, description, min, max, unit, basis, actual_manual, expected, note
    (2025, "Tỉnh", "new_products", DESC_NEW, 240, None, SP, BASIS_2025, None, 250, ILLUSTRATIVE),
    (2025, "Tỉnh", "new_4star", DESC_4STAR, 20, 25, SP, BASIS_2025, None, None, ILLUSTRATIVE),
    (2025, "Tỉnh", "five_star_candidates", DESC_5STAR, 2, 3, SP, BASIS_2025, None, None,
     ILLUSTRATIVE),
    (2025, "Tỉnh", "valid_products", "Sản phẩm OCOP còn hiệu lực trên địa bàn tỉnh", 620, None,
     SP, BASIS_2025, None, None, ILLUSTRATIVE),
]
ACTIVITIES_2025 = [
    # year, category code, document number, date, end date, description, lead, participants
    (2025, "direction", "38/KH-UBND", dt.date(2025, 2, 18), None,
     "UBND tỉnh Quảng Ngãi ban hành Kế hoạch số 38/KH-UBND ngày 18/02/2025 triển khai thực hiện "
     "Chương trình mỗi xã một sản phẩm (OCOP) năm 2025 trên địa bàn tỉnh.", f"{VPDP}; {SNN}", None),
    (2025, "direction", "27/KH-UBND", dt.date(2025, 2, 25), None,
     "UBND tỉnh Kon Tum ban hành Kế hoạch số 27/KH-UBND ngày 25/02/2025 triển khai thực hiện "
     "Chương trình OCOP năm 2025 trên địa bàn tỉnh Kon Tum.",
     "Văn phòng Điều phối nông thôn mới tỉnh Kon Tum", None),
    (2025, "direction", "412/QĐ-UBND", dt.date(2025, 3, 14), None,
     "UBND tỉnh Quảng Ngãi ban hành Quyết định số 412/QĐ-UBND ngày 14/3/2025 thu hồi Giấy "
     "chứng nhận của các sản phẩm OCOP đã hết hiệu lực mà chủ thể không đăng ký đánh giá lại.",
     f"{VPDP} tham mưu", None),
    (2025, "direction", "356/QĐ-UBND", dt.date(2025, 4, 22), None,
     "UBND tỉnh Kon Tum ban hành Quyết định số 356/QĐ-UBND ngày 22/4/2025 thu hồi Giấy chứng "
     "nhận của các sản phẩm OCOP đã hết hiệu lực.",
     "Văn phòng Điều phối nông thôn mới tỉnh Kon Tum tham mưu", None),
    (2025, "direction", None, dt.date(2025, 7, 10), None,
     "Triển khai Quyết định số 1489/QĐ-TTg ngày 06/7/2025 của Thủ tướng Chính phủ: từ ngày "
     "06/7/2025, UBND tỉnh đánh giá, công nhận sản phẩm OCOP 3 sao và 4 sao; các xã, phường, "
     "đặc khu hướng dẫn chủ thể hoàn thiện hồ sơ đăng ký.", f"{VPDP}; {SNNMT}", None),
    (2025, "direction", "1562/QĐ-UBND", dt.date(2025, 8, 5), None,
     "Chủ tịch UBND tỉnh ban hành Quyết định số 1562/QĐ-UBND ngày 05/8/2025 kiện toàn Hội đồng "
     "đánh giá, phân hạng sản phẩm OCOP tỉnh Quảng Ngãi sau sắp xếp đơn vị hành chính.",
     f"{VPDP} tham mưu {SNNMT} trình Chủ tịch UBND tỉnh", None),
    (2025, "direction", "214/KH-UBND", dt.date(2025, 8, 15), None,
     "UBND tỉnh ban hành Kế hoạch số 214/KH-UBND ngày 15/8/2025 thực hiện Chương trình OCOP "
     "những tháng cuối năm 2025 trên địa bàn tỉnh Quảng Ngãi (sau hợp nhất).",
     f"{VPDP} tham mưu {SNNMT}", None),
    (2025, "training", None, dt.date(2025, 9, 9), dt.date(2025, 9, 11),
     "Tổ chức 02 lớp tập huấn nghiệp vụ về Chương trình OCOP cho công chức phụ trách nông nghiệp "
     "của các xã, phường, đặc khu tại phường Cẩm Thành và phường Kon Tum.", VPDP, 188),
    (2025, "promotion", None, dt.date(2025, 9, 19), dt.date(2025, 9, 21),
     "Tổ chức gian hàng chung giới thiệu sản phẩm OCOP và sâm Ngọc Linh của tỉnh tại Hội chợ "
     "nông sản, sản phẩm OCOP khu vực miền Trung - Tây Nguyên.", f"{SNNMT}; {VPDP}", 36),
    (2025, "communication", None, dt.date(2025, 7, 15), dt.date(2025, 10, 31),
     "Cập nhật danh mục sản phẩm OCOP của hai tỉnh trước hợp nhất trên Trang thông tin điện tử "
     "về Chương trình OCOP của tỉnh, ghi rõ xã, phường, đặc khu nơi sản xuất theo địa giới mới.",
     VPDP, None),
    (2025, "inspection", None, dt.date(2025, 10, 6), dt.date(2025, 10, 17),
     "Rà soát hiệu lực Giấy chứng nhận của các sản phẩm OCOP trên địa bàn tỉnh; tham mưu UBND "
     "tỉnh ban hành Quyết định số 2186/QĐ-UBND ngày 24/10/2025 thu hồi Giấy chứng nhận của các "
     "sản phẩm hết hiệu lực.", f"{VPDP} chủ trì, phối hợp với UBND các xã, phường, đặc khu", None),
]
# fmt: on

_TONES = {"\u0300", "\u0309", "\u0303", "\u0301", "\u0323"}


def fold(value: str) -> str:
    """Match key for names, as the input contract matches them: case- and
    tone-placement-insensitive (each word's tone mark moved to its end)."""
    words = []
    for word in " ".join(unicodedata.normalize("NFC", value).split()).casefold().split(" "):
        chars = unicodedata.normalize("NFD", word)
        base = "".join(c for c in chars if c not in _TONES)
        tones = "".join(c for c in chars if c in _TONES)
        words.append(base + tones)
    return " ".join(words)


def read_units_2025() -> list[dict]:
    """The commune-level units from 01/07/2025 (tools/units_2025.csv), each
    with the old communes it was formed from: [(name with type word, district)]
    and their codes (``old_codes``, in the same order)."""
    with UNITS_CSV.open(encoding="utf-8", newline="") as fh:
        rows = [{k: nfc(v) for k, v in r.items()} for r in csv.DictReader(fh)]
    for r in rows:
        r["formed_from"] = [
            re.fullmatch(r"(.+) \((\d+)\)(?: \(một phần\))?", part).groups()
            for part in r["formed_from"].split(";")
        ]
        r["old_codes"] = r.pop("formed_from_codes").split(";")
        assert len(r["old_codes"]) == len(r["formed_from"]), r["code"]
    return rows


def former_units(communes: list[dict], districts: list[dict]) -> list[dict]:
    """The communes before 01/07/2025 (rows of dia_ban valid to 30/06/2025,
    under their district, with the new commune(s) that took each over as
    ``successor_code``), and each district's successors set in place: the new
    communes formed from its communes. A name that two former communes share
    (``Phường Nguyễn Nghiêm`` of Quảng Ngãi and of Đức Phổ) gets an alias with
    its district, which rows use. A former commune whose code its successor
    kept (the national list keeps one code of those merged) carries that code
    with the suffix ``-cu``, so that codes stay unique; ``old_codes`` of the
    communes are renamed to match."""
    names = {d["unit_code"]: d["unit_name"] for d in districts}
    kept = {c["code"] for c in communes}
    for c in communes:
        c["old_codes"] = [f"{o}-cu" if o in kept else o for o in c["old_codes"]]
    olds: dict[str, dict] = {}
    for c in communes:
        for (old, district), code in zip(c["formed_from"], c["old_codes"], strict=True):
            unit = olds.setdefault(code, {"old": old, "district": district, "successors": []})
            unit["successors"].append(c["code"])
    for d in districts:
        took = {c["code"] for c in communes for _, district in c["formed_from"]
                if district == d["unit_code"]}  # fmt: skip
        d["successor_code"] = ";".join(sorted(took))
    out = []
    shared = Counter(u["old"] for code, u in olds.items() if code not in names)
    for code, u in sorted(olds.items()):
        if code in names:  # a district taken over whole (Lý Sơn)
            continue
        kind = next(k for k in ("Thị trấn", "Phường", "Xã") if u["old"].startswith(k + " "))
        name = u["old"][len(kind) + 1 :]
        alias = f"{name} ({names[u['district']]})" if shared[u["old"]] > 1 else None
        out.append(
            {
                "unit_code": code,
                "unit_name": name,
                "unit_type": kind,
                "parent_code": u["district"],
                "aliases": alias,
                "valid_to": UNITS_VALID_TO,
                "successor_code": ";".join(sorted(u["successors"])),
            }
        )
    return out


class UnitIndex:
    """The units of sheet dia_ban, matched the way the contract matches names
    (bare name, name with its type word, alias; by the row's date)."""

    def __init__(self, units: list[dict], contract: dict):
        self.units = units
        self.by_code = {u["unit_code"]: u for u in units}
        self.names: dict[str, list[dict]] = {}
        for u in units:
            text = u.get("aliases") or ""
            for spelling in {u["unit_name"], *(a.strip() for a in text.split(";") if a.strip())}:
                self.names.setdefault(fold(spelling), []).append(u)
        types = contract["closed_lists"]["unit_type"]["values"]
        self.prefixes = sorted(
            ((fold(p), t["label"]) for t in types for p in (t["label"], *t.get("prefixes", []))),
            key=lambda pair: -len(pair[0]),
        )

    @staticmethod
    def valid_on(u: dict, day: dt.date | None) -> bool:
        return day is None or (
            (u.get("valid_from") is None or u["valid_from"] <= day)
            and (u.get("valid_to") is None or day <= u["valid_to"])
        )

    def candidates(self, name: str, day: dt.date | None) -> list[str]:
        folded = fold(name)
        found = list(self.names.get(folded, []))
        for prefix, label in self.prefixes:
            if folded.startswith(prefix):
                rest = folded[len(prefix) :].lstrip(" .")
                if rest and (prefix.endswith(".") or folded[len(prefix)] in " ."):
                    found += [u for u in self.names.get(rest, []) if u["unit_type"] == label]
                    break
        codes = dict.fromkeys(u["unit_code"] for u in found if self.valid_on(u, day))
        if day is None:  # without a date, a name never means a former commune
            current = [c for c in codes if not self.former_commune(c)]
            codes = dict.fromkeys(current) if current else codes
        return list(codes)

    def former_commune(self, code: str) -> bool:
        u = self.by_code[code]
        return u.get("valid_to") is not None and u["unit_type"] in ("Xã", "Phường", "Thị trấn")

    def code(self, name: str, day: dt.date | None) -> str:
        found = self.candidates(name, day)
        assert len(found) == 1, (name, day, found)
        return found[0]

    def full(self, code: str) -> str:
        u = self.by_code[code]
        return f"{u['unit_type']} {u['unit_name']}"

    def undated(self, code: str) -> str:
        """A spelling that means the unit whatever the date (owners and outlets
        without an opening date have none): the bare name where it is unique,
        else the name with its type word."""
        bare = self.by_code[code]["unit_name"]
        for spelling in (bare, self.full(code)):
            if self.candidates(spelling, None) == [code]:
                return spelling
        raise AssertionError(code)

    def parent(self, code: str) -> str:
        return self.by_code[code].get("parent_code") or code

    def former_province(self, code: str) -> str:
        u = self.by_code[self.parent(code)]
        return u.get("former_province") or PROVINCE


def written(index: UnitIndex, code: str, day: dt.date) -> str:
    """A unit as a row dated ``day`` names it: with its type word, or by its
    alias where two units valid that day share that."""
    alias = index.by_code[code].get("aliases")
    for spelling in (index.full(code), alias):
        if spelling and index.candidates(spelling, day) == [code]:
            return spelling
    raise AssertionError((code, day))


def workday_in(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    """A random working day in [lo, hi]."""
    days = [lo + dt.timedelta(days=i) for i in range((hi - lo).days + 1)]
    days = [d for d in days if d.weekday() < 5] or days
    return rng.choice(days)


class Calendar:
    """Council sessions: evaluations of the same authority close in time share
    a decision (date and number)."""

    RANGES = {"district": (150, 3900), "province": (900, 2600), "merged": (1200, 3200)}

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.numbers = Numbers(rng)
        self.sessions: dict[tuple, list] = {}

    def pick(self, key: tuple, lo: dt.date, hi: dt.date, cap: int) -> tuple[dt.date, str]:
        if key[0] == "central":
            return CENTRAL_DECISION
        mine = self.sessions.setdefault(key, [])
        inside = [s for s in mine if lo <= s[0] <= hi]
        if inside and (len(mine) >= cap or self.rng.random() < 0.7):
            return self.rng.choice(inside)
        day = workday_in(self.rng, lo, hi)
        session = (day, self.numbers.new(day.year, *self.RANGES[key[0]]))
        mine.append(session)
        return session


def place_of(old: str) -> str:
    """``Thị trấn Măng Đen`` -> ``Măng Đen``."""
    for word in ("Thị trấn ", "Phường ", "Xã ", "Huyện "):
        if old.startswith(word):
            return old[len(word) :]
    return old


def dn_field(stem: str, gcode: str) -> str:
    if stem.startswith("Cà phê"):
        return "Cà phê"
    if "sâm" in stem.lower() or gcode == "herbal":
        return "Dược liệu"
    return {"beverage": "Thực phẩm và Đồ uống", "tourism": "Du lịch",
            "handicraft": "Thủ công mỹ nghệ"}.get(gcode, "Nông sản")  # fmt: skip


def extend(sheets: dict, contract: dict) -> None:
    """Add the merged province: Kon Tum's units, owners and products; the
    communes from 01/07/2025; the 2025 rows of both former provinces. Draws
    from its own random generator, so the rows of the 2024 sample stay as
    they were."""
    rng = random.Random(SEED_2025)
    cal = Calendar(rng)
    owner_type = list_labels(contract, "owner_type")
    group = list_labels(contract, "product_group")
    level = list_labels(contract, "level")
    funding = list_labels(contract, "funding")
    category = list_labels(contract, "activity_category")
    unit_type = list_labels(contract, "unit_type")
    legacy = contract["closed_lists"]["product_group"].get("legacy", {})
    meta = sheets.pop("_meta")

    # --- units ------------------------------------------------------------
    units = sheets["dia_ban"]
    for code, name, t, aliases in KT_UNITS:
        units.append(
            {
                "unit_code": code,
                "unit_name": name,
                "unit_type": unit_type[t],
                "aliases": aliases or None,
                "valid_to": UNITS_VALID_TO,
                "former_province": KON_TUM,
            }
        )
    communes = read_units_2025()
    for c in communes:
        units.append(
            {
                "unit_code": c["code"],
                "unit_name": c["name"],
                "unit_type": c["type"],
                "parent_code": c["former_district"],
                "aliases": c["aliases"] or None,
                "valid_from": MERGER,
            }
        )
    index = UnitIndex(units, contract)
    code_of_name = {name: code for code, name, *_ in UNITS + KT_UNITS}
    old_to_new = {
        (fold(old), district): c["code"] for c in communes for old, district in c["formed_from"]
    }
    old_communes: dict[str, list[str]] = {}
    for c in communes:
        for old, district in c["formed_from"]:
            if old not in old_communes.setdefault(district, []):
                old_communes[district].append(old)
    by_parent: dict[str, list[str]] = {}
    for c in communes:
        by_parent.setdefault(c["former_district"], []).append(c["code"])

    def commune_after(district: str, old: str | None) -> str:
        """The commune where a product of ``district`` is made after 01/07/2025."""
        found = old_to_new.get((fold(old), district)) if old else None
        return found or rng.choice(by_parent[district])

    def spelled(code: str, day: dt.date) -> str:
        """A unit as officers write it on a row dated ``day``."""
        u = index.by_code[code]
        options = [u["unit_name"]] * 6 + [index.full(code), index.full(code).lower()]
        if u.get("aliases"):
            options.append(u["aliases"].split(";")[0])
        if u["unit_type"] == "Thành phố":
            options.append(f"TP {u['unit_name']}")
        spelling = rng.choice(options)
        assert index.candidates(spelling, day) == [code], (spelling, day)
        return spelling

    def address(old: str | None, district: str) -> str:
        u = index.by_code[district]
        where = f"{u['unit_type'].lower()} {u['unit_name']}"
        if not old or old.startswith("Huyện"):
            return where
        return f"{old[0].lower()}{old[1:]}, {where}"

    # --- owners -----------------------------------------------------------
    owners = sheets["chu_the"]
    owner_names = {o["owner_name"] for o in owners}
    by_owner_unit: dict[str, list[dict]] = {}
    for o in owners:
        mine = [m for m in meta.values() if m["owner_id"] == o["owner_id"]]
        unit = code_of_name[mine[0]["owner_unit"]]
        o.update(_unit=unit, _first=dt.date(2020, 1, 1), _products=len(mine))
        by_owner_unit.setdefault(unit, []).append(o)
    n_2024 = len(owners)
    counters = {PROVINCE: n_2024, KON_TUM: 0}

    def new_owner(area, district, kind, name, old, first: dt.date) -> dict:
        counters[area] += 1
        n = counters[area]
        if first >= MERGER:
            # owners carry no date: a commune is named with its type word
            where = commune_after(district, old)
            spelling = index.full(where)
            assert index.candidates(spelling, None) == [where], spelling
            addr = f"{spelling[0].lower()}{spelling[1:]}, tỉnh {PROVINCE}"
        else:
            spelling = index.undated(district)
            addr = address(old, district)
        owner = {
            "owner_id": f"CT-KTM-{n:03d}" if area == KON_TUM else f"CT-{n:03d}",
            "owner_name": name,
            "owner_type": owner_type[kind],
            "district": spelling,
            "address": addr,
            "_unit": district,
            "_first": first,
            "_products": 0,
        }
        owners.append(owner)
        owner_names.add(name)
        by_owner_unit.setdefault(district, []).append(owner)
        return owner

    def drawn_owner(area, district, stem, gcode, old, first, reuse) -> dict:
        mine = [
            o
            for o in by_owner_unit.get(district, [])
            if o["_products"] < 3 and o["_first"] <= first
        ]
        if mine and rng.random() < reuse:
            return rng.choice(mine)
        weights = [20, 45, 5, 30] if area == KON_TUM else [15, 30, 5, 50]
        kind = rng.choices([DN, HTX, THT, HKD], weights=weights)[0]
        person = rng.choice(PEOPLE + PEOPLE_KT if area == KON_TUM else PEOPLE)
        place = place_of(old) if old else index.by_code[district]["unit_name"]
        name = {
            DN: f"Công ty TNHH {dn_field(stem, gcode)} {place}",
            HTX: f"Hợp tác xã {OWNER_FIELD[gcode]} {place}",
            THT: f"Tổ hợp tác {OWNER_FIELD[gcode]} {place}",
            HKD: f"Cơ sở sản xuất {' '.join(stem.split()[:2])} {person}",
        }[kind]
        for extra in ["", " Xanh", " Hưng Phát", " An Khang", " Phúc Lộc", " Thành Đạt",
                      " Tây Nguyên", " Hoàng Gia"]:  # fmt: skip
            if name + extra not in owner_names:
                name += extra
                break
        else:
            raise AssertionError(name)
        return new_owner(area, district, kind, name, old, first)

    # --- products: each a plan of evaluations -------------------------------
    names_taken = {m["name"] for m in meta.values()}
    plans: list[dict] = []

    def unique_name(stem: str, place: str) -> str:
        for candidate in [f"{stem} {place}"] + [f"{stem} {q} {place}" for q in QUALIFIERS]:
            if candidate not in names_taken:
                names_taken.add(candidate)
                return candidate
        raise AssertionError(stem)

    def new_plan(area, pid, name, gcode, owner, district, old, tok=None) -> dict:
        owner["_products"] += 1
        plan = {
            "pid": pid,
            "name": name,
            "group": gcode,
            "owner_id": owner["owner_id"],
            "area": area,
            "unit": district,
            "commune": commune_after(district, old),
            "old": old,
            "events": [],
            "tok": tok or {},
        }
        plans.append(plan)
        return plan

    def schedule(plan: dict, stars: int, lo: dt.date, hi: dt.date) -> tuple[dt.date, str, str]:
        """A decision in [lo, hi] by the authority of that time for ``stars``:
        the district (3 stars) or the province (4 stars) before 01/07/2025,
        Kon Tum's province for every row before 2023, the merged province
        after the merger (never in the days before Decision 1489), the
        centre for 5 stars."""
        if stars == 5:
            return (*CENTRAL_DECISION, "central")
        pre = (lo, min(hi, LAST_PRE_MERGER)) if lo <= LAST_PRE_MERGER else None
        post = (max(lo, FIRST_POST_MERGER), hi) if hi >= FIRST_POST_MERGER else None
        if pre and post:
            share = (pre[1] - pre[0]).days / max(1, (hi - lo).days)
            lo, hi = pre if rng.random() < share else post
        elif pre or post:
            lo, hi = pre or post
        else:  # a window inside the days of the change: decided just before
            lo, hi = LAST_PRE_MERGER - dt.timedelta(days=30), LAST_PRE_MERGER
        if plan["area"] == KON_TUM and lo.year <= 2022 < hi.year:
            cut = dt.date(2022, 12, 31)
            share = (cut - lo).days / max(1, (hi - lo).days)
            lo, hi = (lo, cut) if rng.random() < share else (dt.date(2023, 1, 2), hi)
        if lo >= MERGER:
            key, cap, auth = ("merged", lo.year), 6, "merged"
        elif plan["area"] == KON_TUM and lo.year <= 2022:
            key, cap, auth = ("province", KON_TUM, lo.year), 2, "province"
        elif stars >= 4:
            key, cap, auth = ("province", plan["area"], lo.year), 3, "province"
        else:
            key, cap, auth = ("district", plan["unit"], lo.year), 2, "district"
        day, number = cal.pick(key, lo, hi, cap)
        return day, number, auth

    def evaluate(plan, stars, lo, hi, kind, **extra) -> dt.date:
        day, number, auth = schedule(plan, stars, lo, hi)
        plan["events"].append(
            {"day": day, "stars": stars, "kind": kind, "number": number, "auth": auth, **extra}
        )
        return day

    def renewal_window(last: dt.date, earliest: dt.date) -> tuple[dt.date, dt.date]:
        """Before the certificate of ``last`` expires; after, when ``earliest``
        (no row may change the 2024 report) leaves no time before."""
        expiry = add_months(last, 36)
        lo = max(expiry - dt.timedelta(days=110), earliest)
        hi = min(expiry - dt.timedelta(days=12), LAST_SESSION)
        if hi < lo:  # already expired: re-evaluated late
            lo, hi = earliest, min(earliest + dt.timedelta(days=150), LAST_SESSION)
        return lo, hi

    def keep_valid(plan, last: dt.date, stars: int, earliest: dt.date) -> None:
        """Re-evaluate until the certificate outlives the 2025 cut-off."""
        while add_months(last, 36) <= AS_OF_2025:
            last = evaluate(plan, stars, *renewal_window(last, earliest), "recert")

    def revoke(plan, expiry: dt.date) -> None:
        for province, day, number in REVOCATIONS:
            if province in (plan["area"], None) and expiry <= day:
                plan["events"].append(
                    {"day": day, "stars": None, "kind": "rev", "number": number, "auth": "province"}
                )
                return
        raise AssertionError((plan["name"], expiry))

    def period_of(tok: dict):
        return tok.get("period", tok.get("year"))

    def window(period, lapsed: bool = False) -> tuple[dt.date, dt.date]:
        lo, hi = PERIODS[period]
        if lapsed and period == 2022:
            hi = dt.date(2022, 9, 30)  # so that it lapses before the last revocation
        return lo, hi

    # Kon Tum: the named owners and products ...
    kt_plans: list[dict] = []
    for district, entries in KT_OWNERS.items():
        for kind, oname, old, items in entries:
            owner = new_owner(KON_TUM, district, kind, oname, old, dt.date(2019, 1, 1))
            for pname, gcode, spec in items:
                names_taken.add(pname)
                kt_plans.append(
                    new_plan(KON_TUM, None, pname, gcode, owner, district, old, parse_tokens(spec))
                )
    named = {"survivor": {}, "lapsed": {}}
    for plan in kt_plans:
        fate = "lapsed" if "lapsed" in plan["tok"] else "survivor"
        p = period_of(plan["tok"])
        named[fate][p] = named[fate].get(p, 0) + 1

    # ... and drawn ones
    def draw(area: str, period, tok: dict, reuse: float) -> dict:
        weights = KT_WEIGHTS if area == KON_TUM else QN_WEIGHTS
        district = rng.choices(list(weights), weights=list(weights.values()))[0]
        stem, gcode = rng.choice((KT_STEMS if area == KON_TUM else QN_STEMS)[district])
        old = rng.choice(old_communes[district])
        first = FIRST_POST_MERGER if period == "2025b" else PERIODS[period][0]
        owner = drawn_owner(area, district, stem, gcode, old, first, reuse)
        name = unique_name(stem, place_of(old))
        key = "period" if isinstance(period, str) else "year"
        return new_plan(area, None, name, gcode, owner, district, old, {key: period, **tok})

    for period, n in KT_SURVIVORS.items():
        for _ in range(n - named["survivor"].get(period, 0)):
            kt_plans.append(draw(KON_TUM, period, {}, 0.4))
    for period, n in KT_LAPSED.items():
        for _ in range(n - named["lapsed"].get(period, 0)):
            kt_plans.append(draw(KON_TUM, period, {"lapsed": True}, 0.4))

    # Kon Tum's four-star products beyond the named ones: direct or upgraded
    def four_at_end(tok):
        return ("d4" in tok or "up" in tok) and "five" not in tok and "lapsed" not in tok

    extra_four = FOUR_STAR_2025[KON_TUM] - sum(four_at_end(p["tok"]) for p in kt_plans)
    plain = [p for p in kt_plans if set(p["tok"]) <= {"year", "period"}]
    for i, plan in enumerate(rng.sample(plain, extra_four)):
        if i % 2 == 0 or "period" in plan["tok"]:
            plan["tok"]["d4"] = True
        else:
            plan["tok"]["up"] = "later"
    # 2-star evaluations (not OCOP); one certificate revoked for a violation
    for _ in range(KT_TWO_STAR):
        period = rng.choice([2021, 2022, 2023, 2024, "2025a"])
        kt_plans.append(draw(KON_TUM, period, {"two": True}, 0.6))
    kt_plans.append(draw(KON_TUM, 2023, {"violation": True}, 0.6))

    for plan in kt_plans:
        tok = plan["tok"]
        lo, hi = window(period_of(tok), lapsed="lapsed" in tok)
        if "two" in tok:
            evaluate(plan, 2, lo, hi, "two")
            continue
        if "five" in tok:
            evaluate(plan, 4, lo, hi, "first")
            day = KT_CANDIDATE_SESSION
            evaluate(plan, 4, day, day, "cand", cand=True)
            evaluate(plan, 5, day, day, "five")
            continue
        stars = 4 if "d4" in tok else 3
        first = evaluate(plan, stars, lo, hi, "first")
        if "violation" in tok:
            note = "Thu hồi Giấy chứng nhận do vi phạm quy định về chất lượng sản phẩm"
            plan["events"].append(
                {
                    "day": dt.date(2024, 9, 18),
                    "stars": 3,
                    "kind": "rev",
                    "number": "812/QĐ-UBND",
                    "auth": "province",
                    "note": note,
                }
            )
            continue
        if "lapsed" in tok:
            revoke(plan, add_months(first, 36))
            continue
        last = first
        if "up" in tok:
            if tok["up"] == "later":
                up_lo = first + dt.timedelta(days=300)
                up_hi = min(add_months(first, 34), LAST_SESSION)
                up_lo = min(up_lo, up_hi - dt.timedelta(days=20))
            else:
                up_lo, up_hi = window(tok["up"])
                up_lo = max(up_lo, first + dt.timedelta(days=90))
            last = evaluate(plan, 4, up_lo, up_hi, "up")
            stars = 4
        keep_valid(plan, last, stars, first + dt.timedelta(days=1))

    # Quảng Ngãi: what became of the products of the 2024 sample
    rows = sheets["san_pham"]
    current: dict[str, dict] = {}
    for r in sorted(rows, key=lambda r: (r["product_id"], r["decision_date"])):
        current[r["product_id"]] = r
    owner_by_id = {o["owner_id"]: o for o in owners}
    qn_plans = []
    for pid, r in sorted(current.items()):
        if r["stars"] < 3 or r["revoked"]:
            continue
        m = meta[pid]
        unit = code_of_name[m["unit"]]
        old = m["owner_commune"] if m["unit"] == m["owner_unit"] else None
        plan = new_plan(PROVINCE, pid, m["name"], m["group"], owner_by_id[m["owner_id"]], unit, old)
        plan["last"] = r
        qn_plans.append(plan)

    def expiry(plan):
        return add_months(plan["last"]["decision_date"], 36)

    expiring = [p for p in qn_plans if expiry(p) <= AS_OF_2025]
    three = [p for p in expiring if p["last"]["stars"] == 3]
    first_rev, last_rev = REVOCATIONS[0][1], REVOCATIONS[2][1]
    lapsed = rng.sample([p for p in three if expiry(p) <= first_rev], QN_LAPSED["before"])
    lapsed += rng.sample(
        [p for p in three if first_rev < expiry(p) <= last_rev], QN_LAPSED["after"]
    )
    lapsed_ids = {p["pid"] for p in lapsed}
    downgraded = rng.choice([p for p in expiring if p["last"]["stars"] == 4])["pid"]
    earliest = AS_OF + dt.timedelta(days=4)  # nothing may change the 2024 report
    for plan in qn_plans:
        last, stars = plan["last"]["decision_date"], plan["last"]["stars"]
        if plan["pid"] in lapsed_ids:
            revoke(plan, expiry(plan))
        elif plan["pid"] == downgraded:
            day = evaluate(plan, 3, *renewal_window(last, earliest), "down")
            keep_valid(plan, day, 3, earliest)
        else:
            keep_valid(plan, last, stars, earliest)
    survivors = [p for p in qn_plans if p["pid"] not in lapsed_ids and p["pid"] != downgraded]
    threes = [
        p
        for p in survivors
        if p["last"]["stars"] == 3 and all(e["day"] < dt.date(2025, 8, 1) for e in p["events"])
    ]
    for plan in rng.sample(threes, QN_UPGRADES_2025):
        last = max([plan["last"]["decision_date"]] + [e["day"] for e in plan["events"]])
        evaluate(plan, 4, max(last + dt.timedelta(days=60), dt.date(2025, 3, 3)),
                 LAST_SESSION, "up")  # fmt: skip

    # Quảng Ngãi: new products of 2025, the rest of its 350
    new_count = PUBLISHED_2025["by_province"][PROVINCE] - (len(qn_plans) - len(lapsed))
    four_now = sum(p["last"]["stars"] == 4 for p in survivors) + QN_UPGRADES_2025
    new_four = FOUR_STAR_2025[PROVINCE] - four_now
    pre = round(new_count * QN_NEW_PRE_MERGER)
    fours = set(rng.sample(range(new_count), new_four))
    qn_new = []
    for i in range(new_count):
        plan = draw(PROVINCE, "2025a" if i < pre else "2025b", {}, 0.35)
        evaluate(plan, 4 if i in fours else 3, *PERIODS[period_of(plan["tok"])], "first")
        qn_new.append(plan)
    for _ in range(QN_TWO_STAR_2025):
        plan = draw(PROVINCE, "2025a", {"two": True}, 0.5)
        evaluate(plan, 2, *PERIODS["2025a"], "two")
        qn_new.append(plan)
    # five-star candidates of 2025: two of the year's new or upgraded four-star rows
    rows_4 = [
        e
        for p in qn_plans + qn_new
        for e in p["events"]
        if e["stars"] == 4 and e["day"].year == 2025 and e["kind"] in ("first", "up")
    ]
    for event in rng.sample(rows_4, 2):
        event["cand"] = True

    # --- ids: in order of first evaluation ----------------------------------
    def first_day(plan):
        return min(e["day"] for e in plan["events"])

    kt_sorted = sorted(kt_plans, key=lambda p: (first_day(p), p["name"]))
    for i, plan in enumerate(kt_sorted, 1):
        plan["pid"] = f"KTM-{i:04d}"
    qn_sorted = sorted(qn_new, key=lambda p: (first_day(p), p["name"]))
    for i, plan in enumerate(qn_sorted, len(meta) + 1):
        plan["pid"] = f"QNG-{i:04d}"

    # --- rows -------------------------------------------------------------
    new_rows = []
    for plan in plans:
        previous = plan.get("last")
        for e in sorted(plan["events"], key=lambda e: e["day"]):
            day, kind = e["day"], e["kind"]
            stars = e["stars"] if e["stars"] is not None else previous["stars"]
            candidate = bool(e.get("cand"))
            gname = group[plan["group"]]
            if "legacy" in plan["tok"] and kind == "first" and day.year <= 2021:
                assert plan["tok"]["legacy"] in legacy, plan["tok"]["legacy"]
                gname = plan["tok"]["legacy"]
            note, score = e.get("note"), None
            if kind == "rev":
                note = note or "Thu hồi Giấy chứng nhận OCOP đã hết hiệu lực, không đánh giá lại"
            elif stars == 5:
                score = rng.randint(90, 95)
                note = "Sản phẩm OCOP 5 sao (cấp quốc gia)"
            elif candidate:
                score = rng.randint(85, 89)
            elif stars == 4:
                score = rng.randint(70, 84)
            elif stars == 3:
                score = rng.randint(51, 68)
            else:
                score = rng.randint(36, 49)
            if kind == "up":
                note = "Nâng hạng từ 3 sao lên 4 sao"
            elif kind == "down":
                note = "Đánh giá lại khi hết hạn, hạ từ 4 sao xuống 3 sao"
            elif kind == "recert":
                note = "Đánh giá lại khi Giấy chứng nhận hết hiệu lực"
            elif stars == 2:
                note = "Chưa đạt OCOP (2 sao)"
            if candidate:
                note = (note + "; " if note else "") + "Đề xuất sản phẩm tiềm năng 5 sao"
            lvl = None
            if stars == 5 and plan["name"].endswith("thượng hạng"):
                lvl = level["central"]
            elif e["auth"] == "province" and stars == 3 and kind != "rev":
                lvl = level["province"]  # Kon Tum's provincial council, before 2023
            if kind == "rev" or stars < 3:
                ecom = None
            elif previous is not None and previous.get("on_ecommerce"):
                ecom = YES if rng.random() < 0.9 else None
            else:
                ecom = YES if rng.random() < 0.45 else None
            after = day >= MERGER
            row = {
                "product_id": plan["pid"],
                "product_name": plan["name"],
                "owner_id": plan["owner_id"],
                "product_group": gname,
                "stars": stars,
                "score": score,
                "five_star_candidate": YES if candidate else None,
                "level": lvl,
                "decision_no": e["number"],
                "decision_date": day,
                "district": None if after else spelled(plan["unit"], day),
                "commune": spelled(plan["commune"], day) if after else None,
                "on_ecommerce": ecom,
                "revoked": YES if kind == "rev" else None,
                "note": note,
            }
            new_rows.append(row)
            previous = row
    early = [
        r
        for r in new_rows
        if r["decision_date"].year <= 2020 and r["stars"] == 3 and r["product_id"].startswith("KTM")
    ]
    for r in rng.sample(early, 10):  # blank scores, as in older records
        r["score"] = None
    rows.extend(new_rows)
    rows.sort(key=lambda r: (r["decision_date"], r["product_id"]))

    # --- the former communes, and the commune of every row before 01/07/2025 --
    districts = [u for u in units if u["unit_type"] in ("Thành phố", "Thị xã", "Huyện")]
    former = former_units(communes, districts)
    units.extend(former)
    index = UnitIndex(units, contract)
    old_code = {
        (fold(old), district): code
        for c in communes
        for (old, district), code in zip(c["formed_from"], c["old_codes"], strict=True)
    }

    def former_commune(district: str, old: str | None, new: str | None) -> str | None:
        """The code of the commune of ``district`` before 01/07/2025 that the
        new commune ``new`` took over: ``old`` where it is one (it always is
        for a drawn product), else the first one of the district that the new
        commune was formed from (or the district's first, without one). None
        for Lý Sơn, a district without communes."""
        code = old_code.get((fold(old), district)) if old else None
        took = (index.by_code[code].get("successor_code") or "").split(";") if code else []
        if code and (new is None or new in took):
            return code
        formed = next((c["old_codes"] for c in communes if c["code"] == new), [])
        mine = [c for c in formed if index.by_code.get(c, {}).get("parent_code") == district]
        mine = mine or [u["unit_code"] for u in former if u["parent_code"] == district]
        return mine[0] if mine else None

    place = {p["pid"]: former_commune(p["unit"], p["old"], p["commune"]) for p in plans}
    for pid, m in meta.items():
        if pid not in place:  # not OCOP any more in 2025
            same = m["unit"] == m["owner_unit"]
            place[pid] = former_commune(
                code_of_name[m["unit"]], m["owner_commune"] if same else None, None
            )
    for r in rows:
        day = r["decision_date"]
        if day >= MERGER:
            continue
        code = place[r["product_id"]]
        if code is not None:
            r["commune"] = written(index, code, day)
        if len(index.candidates(r["district"], day)) != 1:  # a former commune bears its name
            r["district"] = written(index, index.parent(code), day)

    # --- owners and outlets without a date must name one unit ----------------
    def undated(spelling: str) -> str:
        """``spelling`` if it means one unit whatever the date, else the same
        words after the type word (``Huyện Tây Trà``), else the canonical name
        with its type word: a former district whose name a commune now bears.
        Before 01/07/2025 the name means a district (not a commune of that name)."""
        if len(index.candidates(spelling, None)) == 1:
            return spelling
        found = index.candidates(spelling, UNITS_VALID_TO)
        districts = [c for c in found if not index.by_code[c].get("parent_code")]
        assert len(districts) == 1, (spelling, found)
        code = districts[0]
        typed = f"{index.by_code[code]['unit_type']} {spelling}"
        if index.candidates(typed, None) == [code]:
            return typed
        return index.undated(code)

    for o in owners:
        for key in ("_unit", "_first", "_products"):
            o.pop(key)
        o["district"] = undated(o["district"])
    # the 2024 owners first, as they were; then Quảng Ngãi's new ones, then Kon Tum's
    owners[n_2024:] = sorted(
        owners[n_2024:], key=lambda o: (o["owner_id"].startswith("CT-KTM"), o["owner_id"])
    )
    outlets = sheets["diem_ban"]
    for suffix, unit, code, opened in OUTLETS_2025:
        outlets.append(
            {
                "outlet_name": f"{OUTLET_PREFIX} {suffix}",
                "district": unit,
                "funding": funding[code],
                "opened": opened,
            }
        )
    for o in outlets:  # the loader reads an outlet's unit before its opening date
        o["district"] = undated(o["district"])

    # --- targets and activities of 2025 ----------------------------------------
    keys = ["year", "scope", "indicator", "description", "target_min", "target_max", "unit",
            "basis", "actual_manual", "expected", "note"]  # fmt: skip
    sheets["chi_tieu"].extend(dict(zip(keys, t, strict=True)) for t in TARGETS_2025)
    sheets["hoat_dong"].extend(
        {
            "year": y,
            "category": category[c],
            "document_no": no,
            "date": d,
            "end_date": e,
            "description": desc,
            "lead": lead,
            # before the merger, Kon Tum's own documents and activities
            "former_province": KON_TUM if d < MERGER and "tỉnh Kon Tum" in lead else None,
            "participants": n,
        }
        for y, c, no, d, e, desc, lead, n in sorted(ACTIVITIES_2025, key=lambda a: a[3])
    )
    sheets["_index"] = index


# ---------------------------------------------------------------------------
# Sanity check against the published figures (same rules as the contract).
# ---------------------------------------------------------------------------
def check(sheets: dict[str, list[dict]], contract: dict) -> None:
    index: UnitIndex = sheets["_index"]
    types = {v["label"]: v["code"] for v in contract["closed_lists"]["owner_type"]["values"]}
    owner_type = {o["owner_id"]: types[o["owner_type"]] for o in sheets["chu_the"]}
    assert len(owner_type) == len(sheets["chu_the"]), "owner ids are unique"
    rows = sheets["san_pham"]
    bands = {5: 90, 4: 70, 3: 50, 2: 30, 1: 0}

    # every row: its unit on its date, its former province, the contract's row rules
    seen = set()
    for r in rows:
        day = r["decision_date"]
        key = (r["product_id"], day)
        assert key not in seen, key
        seen.add(key)
        assert r["owner_id"] in owner_type, r
        if day >= MERGER:
            assert r["district"] is None and r["commune"], r  # districts are no more
            assert not (MERGER <= day < DECISION_1489_DATE), r  # no decision in those days
            code = index.parent(index.code(r["commune"], day))
        else:
            assert r["district"], r  # the district and its commune then (Lý Sơn has none)
            code = index.code(r["district"], day)
            assert r["commune"] or not index.by_code[code].get("successor_code").count(";"), r
            assert r["commune"] is None or index.parent(index.code(r["commune"], day)) == code, r
        r["_province"] = index.former_province(code)
        if r["score"] is not None:
            assert r["stars"] <= max(s for s, low in bands.items() if r["score"] >= low), r
        if r["stars"] == 5:
            assert r["level"] in (None, "Trung ương"), r
    for o in sheets["chu_the"]:
        assert len(index.candidates(o["district"], None)) == 1, o  # owners carry no date
    outlets = sheets["diem_ban"]
    for o in outlets:
        code = index.code(o["district"], None)
        assert (
            index.by_code[code]["unit_type"] != "Huyện"
            or o["opened"] is None
            or (o["opened"] <= UNITS_VALID_TO)
        ), o
        o["_province"] = index.former_province(code)

    def figures(as_of: dt.date, province: str | None = None) -> dict:
        """The figures at ``as_of`` of the whole workbook, or of the rows of one
        former province (a report before the merger covers that area only)."""
        mine = [r for r in rows if province is None or r["_province"] == province]
        live = sorted(
            (r for r in mine if r["decision_date"] <= as_of),
            key=lambda r: (r["product_id"], r["decision_date"]),
        )
        cur = {r["product_id"]: r for r in live}
        ocop = [r for r in cur.values() if r["stars"] >= 3 and not r["revoked"]]
        valid = [r for r in ocop if as_of < add_months(r["decision_date"], 36)]
        first: dict[str, dict] = {}
        for r in live:
            if r["stars"] >= 3:
                first.setdefault(r["product_id"], r)
        new = [r for r in first.values() if r["decision_date"].year == as_of.year]
        by_type = {}
        for code in types.values():
            with_type = [r for r in ocop if owner_type[r["owner_id"]] == code]
            by_type[code] = (len({r["owner_id"] for r in with_type}), len(with_type))
        points = [
            o
            for o in outlets
            if (province is None or o["_province"] == province)
            and (o["opened"] is None or o["opened"] <= as_of)
        ]
        return {
            "products": len(ocop),
            "valid": len(valid),
            "stars": {s: sum(r["stars"] == s for r in ocop) for s in (3, 4, 5)},
            "by_province": {
                p: sum(r["_province"] == p for r in valid) for p in (PROVINCE, KON_TUM)
            },
            "owners": len({r["owner_id"] for r in ocop}),
            "by_type": by_type,
            "new": len(new),
            "four": sum(r["stars"] == 4 and r["decision_date"].year == as_of.year for r in live),
            "cand": sum(
                bool(r["five_star_candidate"]) and r["decision_date"].year == as_of.year
                for r in live
            ),
            "ecommerce": sum(bool(r["on_ecommerce"]) for r in ocop),
            "outlets": [o["funding"] for o in points],
        }

    # 2024, as published: the province as it was then (former Kon Tum aside)
    f = figures(AS_OF, PROVINCE)
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
    assert len(f["outlets"]) == 13 and f["outlets"].count("Nhà nước hỗ trợ") == 6, f
    g = figures(YEAR_END, PROVINCE)
    assert g["products"] == 207 and g["new"] == 16, g

    # 2025, as published after the merger: every OCOP product still valid
    h = figures(AS_OF_2025)
    assert h["products"] == PUBLISHED_2025["products"], h
    assert h["valid"] == PUBLISHED_2025["valid"], h
    assert h["stars"] == PUBLISHED_2025["stars"], h
    assert h["by_province"] == PUBLISHED_2025["by_province"], h
    for province, fours in FOUR_STAR_2025.items():
        assert figures(AS_OF_2025, province)["stars"][4] == fours, province


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

    # the project's reproducible save: fixed times in the properties and zip entries
    path.parent.mkdir(parents=True, exist_ok=True)
    save_zip(wb, path, FIXED_TIME)


def main() -> None:
    contract = load_contract()
    sheets = build(contract)  # 2020-2024: the published 2024 figures
    extend(sheets, contract)  # 2019-2025: Kon Tum, the merger, the 2025 figure
    check(sheets, contract)
    write(sheets, contract, OUT)
    counts = ", ".join(f"{k} {len(v)}" for k, v in sheets.items() if not k.startswith("_"))
    print(f"wrote {OUT.relative_to(ROOT)} ({counts})")


if __name__ == "__main__":
    main()
