import unicodedata

import pytest

from ocoplib.base.text import fold, nfc, slugify, tone_style, vn_sorted


def test_fold_ignores_case_tone_placement_and_form():
    assert fold("Hoà") == fold("hòa")
    assert fold("thuỷ") == fold("THỦY")
    nfd = unicodedata.normalize("NFD", "Mã sản phẩm")
    assert fold(nfd) == fold("MÃ SẢN PHẨM")
    assert fold("  Tư   Nghĩa ") == fold("tư nghĩa")


def test_fold_keeps_letters_apart():
    assert fold("Đức") != fold("Dức")
    assert fold("hòa") != fold("hoá")  # different tones are different words
    assert fold("Ân") != fold("An")


def test_nfc_and_slug():
    assert nfc(unicodedata.normalize("NFD", "Quảng Ngãi")) == "Quảng Ngãi"
    assert slugify("Thành phố Quảng Ngãi") == "thanh-pho-quang-ngai"
    assert slugify("Đức Phổ") == "duc-pho"
    assert slugify("Tư Nghĩa") == "tu-nghia"


def test_vietnamese_alphabetical_order():
    names = [
        "Tư Nghĩa",
        "Đức Phổ",
        "Ân Hảo",
        "Ba Tơ",
        "Dung Quất",
        "An Hải",
        "Ăn Uống",
        "Ơn Thiên",
        "Ô Môn",
        "Ong Vàng",
        "Ưu Đàm",
        "Uy Nỗ",
    ]
    assert vn_sorted(names) == [
        "An Hải",
        "Ăn Uống",
        "Ân Hảo",
        "Ba Tơ",
        "Dung Quất",
        "Đức Phổ",
        "Ong Vàng",
        "Ô Môn",
        "Ơn Thiên",
        "Tư Nghĩa",
        "Uy Nỗ",
        "Ưu Đàm",
    ]


def test_tones_sort_after_the_plain_letter():
    assert vn_sorted(["má", "mà", "ma", "mạ", "mả", "mã"]) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_one_tone_mark_style():
    typed = "Văn hoá, thủy sản, xã hội hóa, thuỷ lợi, khoẻ, Hoà Bình"
    assert tone_style(typed) == "Văn hóa, thủy sản, xã hội hóa, thủy lợi, khỏe, Hòa Bình"
    assert tone_style(typed, "mới") == "Văn hoá, thuỷ sản, xã hội hoá, thuỷ lợi, khoẻ, Hoà Bình"
    assert tone_style("HOÁ", "cu") == "HÓA"  # the style may be written without its marks
    # words the two styles write alike stay as they are
    same = 'quý, quỳ, hoàng, thuở, khuya, loại, <p class="x">'
    assert tone_style(same) == tone_style(same, "mới") == same
    with pytest.raises(ValueError):
        tone_style("hoá", "kiểu khác")
