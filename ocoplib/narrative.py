"""The report's text parts: letterhead and opening, section 1 generated from
the workbook, parts 2–4 from bao_cao.md, and the signature block. The wording
lives in ``templates/*.html.j2``; these functions gather the facts."""

from __future__ import annotations

from ocoplib import vnformat
from ocoplib.contract import contract
from ocoplib.render import Html, render
from ocoplib.rules import count_by
from ocoplib.text import fold, vn_sorted

LETTERS = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k"]


def front_page(report) -> Html:
    m = report.meta
    opening = report.text.section("mo_dau")
    place = vnformat.place_date(
        m.get("dia_danh", report.province_name), m.get("nam"), m.get("thang"), m.get("ngay")
    )
    scope_line = None if report.scope.is_province else f"trên địa bàn {report.scope.full_name}"
    return render(
        "front.html.j2",
        meta=m,
        place_date=place,
        scope_line=scope_line,
        opening=Html(opening.html()) if opening else None,
    )


def _activity_text(report, row) -> str:
    """The row's sentence; its document number and date are added in
    brackets when the sentence does not already name the document."""
    text = row.description.rstrip().rstrip(".;")
    if row.document_no and fold(row.document_no) not in fold(text):
        text += f" (văn bản số {row.document_no} ngày {vnformat.date(row.date.date())})"
    return text + "."


def _activities(report, direction: bool) -> list[dict]:
    acts = report.workbook["hoat_dong"]
    acts = acts[acts["year"] == report.params.year]
    acts = acts[(acts["category"] == "direction") == direction]
    acts = acts.sort_values(["date", "excel_row"], kind="stable")
    return [{"text": _activity_text(report, r)} for r in acts.itertuples(index=False)]


def section_1(report) -> Html:
    f, totals = report.figures, report.totals()
    new_units = vn_sorted(totals["new_products_by_unit"].items(), key=lambda kv: kv[0])
    key_col = "district" if report.scope.kind != "commune" else "commune"
    codes_by_name = {report.unit_name(c): c for c in f.new[key_col].unique()}
    units = [(report.unit_name(codes_by_name[name], prose=True), n) for name, n in new_units]
    type_words = vn_sorted(
        {u.type_label.lower() for u in report.workbook.units if u.code in set(f.new[key_col])}
    )
    stars_new = count_by(f.new, "stars", [3, 4, 5])
    stars_text = vnformat.join([f"{k} sao" for k, v in stars_new.items() if v]) or "3 sao"
    if sum(1 for v in stars_new.values() if v) > 1:
        stars_text = (
            "("
            + vnformat.join(
                [f"{vnformat.count(v)} sản phẩm {k} sao" for k, v in stars_new.items() if v]
            )
            + ")"
        )
    present = [int(s) for s, n in totals["products_by_stars"].items() if n]
    star_span = (
        f"{min(present)}-{max(present)}"
        if len(present) > 1
        else (str(present[0]) if present else "")
    )
    owner_list = contract().lists["owner_type"]
    by_basis: dict[str, list] = {}
    for i in report.indicators:
        by_basis.setdefault(i.basis or "", []).append(i)
    return render(
        "section1.html.j2",
        year=report.params.year,
        as_of=report.as_of,
        scope_is_province=report.scope.is_province,
        scope_name=report.scope.full_name,
        where=("toàn tỉnh " + report.province_name)
        if report.scope.is_province
        else report.scope.full_name,
        direction=_activities(report, True),
        activities=_activities(report, False),
        targets_by_basis=list(by_basis.items()),
        indicators=report.indicators,
        new={
            "total": len(f.new),
            "units": units,
            "unit_parts": [f"{name} ({vnformat.count(n)} sản phẩm)" for name, n in units],
            "type_words": ", ".join(type_words),
            "stars_text": stars_text,
        },
        totals=totals,
        star_span=star_span,
        star_parts=[
            (s, n) for s, n in sorted(totals["products_by_stars"].items(), reverse=True) if n
        ],
        owner_parts=[
            (owner_list.label_of(code), v["owners"], v["products"])
            for code, v in totals["owners_by_type"].items()
            if v["owners"]
        ],
        outlets=totals["sales_points"],
    )


def review(report) -> Html:
    """Parts 2–4 from bao_cao.md, with their numbering."""
    heads = [
        (
            "review",
            2,
            "Những mặt được; hạn chế, tồn tại và nguyên nhân; bài học kinh nghiệm.",
            True,
        ),
        (
            "outlook",
            3,
            f"Phương hướng nhiệm vụ, giải pháp trọng tâm năm {report.params.year + 1}",
            False,
        ),
        ("proposals", 4, "Đề xuất, kiến nghị", False),
    ]
    parts = []
    for part, number, title, lettered in heads:
        present = report.text.part(part)
        wanted = [s for s in contract().sections if s["part"] == part]
        items = []
        for spec in wanted:
            s = report.text.section(spec["key"])
            items.append(
                {"title": spec["title"], "html": Html(s.html()) if s and s.markdown else None}
            )
        items += [{"title": s.title, "html": Html(s.html())} for s in present if s.key is None]
        for i, item in enumerate(items):
            item["letter"] = LETTERS[i]
        parts.append({"number": number, "title": title, "sections": items, "lettered": lettered})
    return render("review.html.j2", parts=parts)


def signature(report) -> Html:
    m = report.meta
    recipients = [_recipient(r) for r in (m.get("noi_nhan") or ["Lưu: VT."])]
    closing = f"{vnformat.capitalize_first(m.get('co_quan_ban_hanh', '').lower())} kính báo cáo./."
    return render("signature.html.j2", meta=m, recipients=recipients, closing_line=closing.strip())


def _recipient(entry) -> str:
    """One line of ``Nơi nhận``; YAML reads ``- Lưu: VT, NTM.`` as a mapping."""
    if isinstance(entry, dict):
        entry = "; ".join(f"{k}: {v}" for k, v in entry.items())
    text = str(entry).strip()
    return text if text.startswith("- ") else f"- {text}"
