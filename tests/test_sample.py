"""The bundled sample, end to end: `ocop report` renders the published 2024
figures of Quảng Ngãi into the five files, checked by their content."""

import json
import re
import unicodedata

import nbformat
import pytest
from conftest import ROOT, ocop
from openpyxl import load_workbook
from pypdf import PdfReader


@pytest.fixture(scope="session")
def district(outputs):
    run = ocop("report", "--scope", "huyện TƯ NGHĨA", "--output-dir", str(outputs))
    assert run.returncode == 0, run.stderr
    return outputs / "quang-ngai" / "2024" / "tu-nghia"


def test_the_files_of_a_report(province):
    assert sorted(p.name for p in province.iterdir()) == [
        "report.docx",
        "report.html",
        "report.ipynb",
        "report.pdf",
        "results.json",
        "review.html",
        "review.pdf",
        "tables.xlsx",
    ]
    assert not [p for p in province.parent.iterdir() if p.name.startswith(".")]


def test_results_json_gives_the_published_figures(province):
    r = json.loads((province / "results.json").read_text(encoding="utf-8"))
    assert r["schema"] == "ocop-results/1"
    assert (r["province"], r["year"], r["as_of"]) == ("Quảng Ngãi", 2024, "2024-10-31")
    assert r["scope"]["code"] == "tinh" and r["scope"]["type"] == "Tỉnh"
    t = r["totals"]
    assert t["products"] == 204
    assert t["products_by_stars"] == {"3": 187, "4": 17, "5": 0}
    assert t["owners"] == 128
    assert t["owners_by_type"] == {
        "enterprise": {"owners": 21, "products": 22},
        "cooperative": {"owners": 33, "products": 50},
        "cooperative_group": {"owners": 0, "products": 0},
        "household": {"owners": 74, "products": 132},
    }
    assert t["new_products"] == 13
    assert t["new_products_by_unit"] == {"Tư Nghĩa": 4, "Bình Sơn": 1, "Quảng Ngãi": 8}
    assert t["ecommerce_products"] == 130
    assert t["sales_points"] == {"total": 13, "state_supported": 6, "socialized": 7}
    assert set(t["products_by_group"]) == {
        "food",
        "beverage",
        "herbal",
        "handicraft",
        "ornamental",
        "tourism",
    }
    assert sum(t["products_by_group"].values()) == 204


def test_the_three_plan_indicators_are_judged_honestly(province):
    r = json.loads((province / "results.json").read_text(encoding="utf-8"))
    got = {i["code"]: i for i in r["indicators"]}
    assert set(got) == {"new_products", "new_4star", "five_star_candidates"}
    assert (got["new_products"]["actual"], got["new_products"]["target_min"]) == (13, 70)
    assert got["new_products"]["pct_of_target"] == 18.57
    assert got["new_products"]["status"] == "not_met"
    assert got["new_products"]["basis"] == "Kế hoạch số 69/KH-UBND ngày 20/3/2024 của UBND tỉnh"
    assert (got["new_4star"]["actual"], got["new_4star"]["status"]) == (0, "not_met")
    assert (
        got["five_star_candidates"]["actual"],
        got["five_star_candidates"]["expected"],
        got["five_star_candidates"]["status"],
    ) == (0, 2, "expected_met")


def test_results_json_is_sorted_nfc_utf8_with_provenance(province):
    raw = (province / "results.json").read_text(encoding="utf-8")
    assert raw == unicodedata.normalize("NFC", raw)
    data = json.loads(raw)
    assert json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n" == raw
    inputs = {i["path"]: i["sha256"] for i in data["provenance"]["inputs"]}
    assert re.fullmatch(r"[0-9a-f]{64}", inputs["data/quang-ngai/ocop.xlsx"])


def _pdf_text(path):
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_pdf_text_is_exact_vietnamese(province):
    reader = PdfReader(province / "report.pdf")
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    text = _pdf_text(province / "report.pdf")
    assert text == unicodedata.normalize("NFC", text)
    flat = re.sub(r"\s+", " ", text)
    for phrase in (
        "Độc lập - Tự do - Hạnh phúc",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BÁO CÁO",
        "Tư Nghĩa (04 sản phẩm)",
        "thành phố Quảng Ngãi (08 sản phẩm)",
        "Bình Sơn (01 sản phẩm)",
        "17 sản phẩm đạt 4 sao",
        "187 sản phẩm đạt 3 sao",
        "21 Doanh nghiệp với 22 sản phẩm",
        "Chưa đạt",
        "Dự kiến đạt",
        "Nguyễn Thanh Hiên",
        "Nơi nhận",
        "PHỤ LỤC I",
    ):
        assert phrase in flat, phrase


def test_pdf_embeds_its_figures_and_fonts(province):
    reader = PdfReader(province / "report.pdf")
    images = sum(len(page.images) for page in reader.pages)
    assert images >= 3
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = (
                font.get("/FontDescriptor")
                or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.add(str(font["/BaseFont"]))
    assert any("Serif" in f or "Times" in f for f in fonts), fonts


def test_html_is_self_contained_and_shows_no_code(province):
    html = (province / "report.html").read_text(encoding="utf-8")
    assert html == unicodedata.normalize("NFC", html)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "url(http" not in html and "@import" not in html
    assert "<script" not in html.lower()
    assert "Report.open" not in html and "report.section_1()" not in html
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) >= 3
    assert all('src="data:image/png;base64,' in img and 'alt="' in img for img in images)
    assert "Độc lập - Tự do - Hạnh phúc" in html
    assert "Tư Nghĩa (04 sản phẩm)" in html


def test_tables_xlsx_holds_every_table(province):
    wb = load_workbook(province / "tables.xlsx")
    assert wb.sheetnames == [
        "ke_hoach",
        "theo_don_vi",
        "san_pham_moi",
        "chu_the",
        "thuong_mai_dien_tu",
        "diem_ban",
        "sap_het_han",
        "het_hieu_luc",
        "kiem_tra",
        "chat_luong_du_lieu",
    ]
    plan = [[c.value for c in row] for row in wb["ke_hoach"].iter_rows(min_row=4)]
    assert [row[7] for row in plan] == ["Chưa đạt", "Chưa đạt", "Dự kiến đạt"]
    units = [[c.value for c in row] for row in wb["theo_don_vi"].iter_rows(min_row=4)]
    total = next(row for row in units if row[1] == "Tổng cộng")
    assert total[2:6] == [187, 17, 0, 204]
    assert units.index(total) == 13  # thirteen districts, then the total
    new = [row for row in wb["san_pham_moi"].iter_rows(min_row=4, values_only=True) if row[0]]
    assert len(new) == 13


def test_executed_notebook_is_kept_for_audit(province):
    nb = nbformat.read(province / "report.ipynb", as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and "quang-ngai" in injected[0].source
    assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_district_report_has_its_own_figures(district):
    r = json.loads((district / "results.json").read_text(encoding="utf-8"))
    assert r["scope"]["name"] == "Tư Nghĩa" and r["scope"]["slug"] == "tu-nghia"
    assert r["totals"]["new_products"] == 4
    assert r["totals"]["new_products_by_unit"] == {"Tư Nghĩa": 4}
    assert r["totals"]["products"] < 204
    text = re.sub(r"\s+", " ", _pdf_text(district / "report.pdf"))
    assert "huyện Tư Nghĩa" in text


def test_unknown_scope_exits_2_and_writes_nothing(tmp_path):
    run = ocop("report", "--scope", "huyện Tư Nghỉa Mới", "--output-dir", str(tmp_path / "out"))
    assert run.returncode == 2
    assert "Tư Nghĩa" in run.stderr  # the closest unit names are suggested
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*"))


def test_unknown_parameter_exits_2(tmp_path):
    assert ocop("report", "--year", "abc").returncode == 2
    assert ocop("report", "--formats", "html,odt", "--output-dir", str(tmp_path)).returncode == 2
    assert not any(tmp_path.iterdir())


def test_the_notebook_runs_with_its_defaults(tmp_path):
    import papermill as pm

    out = tmp_path / "executed.ipynb"
    pm.execute_notebook(
        str(ROOT / "notebooks/report.ipynb"),
        str(out),
        kernel_name="python3",
        cwd=str(ROOT / "notebooks"),
        progress_bar=False,
    )
    nb = nbformat.read(out, as_version=4)
    shown = "".join(
        o.get("data", {}).get("text/html", "")
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
    )
    assert "BÁO CÁO" in shown and "Tư Nghĩa (04 sản phẩm)" in shown
