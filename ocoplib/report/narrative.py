"""The report's text parts: letterhead and opening, section 1 generated from
the workbook, parts 2–4 from bao_cao.md, and the signature block. The wording
lives in ``ocoplib/render/templates/*.html.j2``; these functions gather the facts."""

from __future__ import annotations

import datetime as dt

from ocoplib.base import vnformat
from ocoplib.base.contract import contract
from ocoplib.base.text import fold, vn_sorted
from ocoplib.domain.rules import compute, count_by
from ocoplib.domain.units import province_scope, unit_scope
from ocoplib.render.templating import Html, render
from ocoplib.report.facts import Facts
from ocoplib.report.provenance import provenance

LETTERS = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k"]


def front_page(facts: Facts) -> Html:
    m = facts.meta
    opening = facts.text.section("mo_dau")
    place = vnformat.place_date(
        m.get("dia_danh", facts.province_name), m.get("nam"), m.get("thang"), m.get("ngay")
    )
    scope_line = None if facts.scope.is_province else f"trên địa bàn {facts.scope.full_name}"
    return render(
        "front.html.j2",
        meta=m,
        place_date=place,
        scope_line=scope_line,
        opening=Html(opening.html()) if opening else None,
    )


def _activity_text(row) -> str:
    """The row's sentence; its document number and date are added in
    brackets when the sentence does not already name the document."""
    text = row.description.rstrip().rstrip(".;")
    if row.document_no and fold(row.document_no) not in fold(text):
        text += f" (văn bản số {row.document_no} ngày {vnformat.date(row.date.date())})"
    return text + "."


def _activities(facts: Facts, direction: bool) -> list[dict]:
    acts = facts.workbook["hoat_dong"]
    acts = acts[acts["year"] == facts.params.year]
    acts = acts[(acts["category"] == "direction") == direction]
    acts = acts.sort_values(["date", "excel_row"], kind="stable")
    return [{"text": _activity_text(r)} for r in acts.itertuples(index=False)]


def _unit_counts(facts: Facts, frame) -> list[dict]:
    """Units with rows in ``frame``, in Vietnamese order: code, prose name, type, count."""
    column = facts.area.column
    counts = frame[column].value_counts()
    units = [facts.area.unit(code) for code in counts.index]
    return [
        {
            "code": u.code,
            "name": facts.area.name(u.code, prose=True),
            "type": u.type_label.lower(),
            "count": int(counts[u.code]),
        }
        for u in vn_sorted(units, key=lambda u: u.name)
    ]


def contributions(facts: Facts) -> list[dict]:
    """For a province report: each unit's part of the province-wide computed
    targets (units of the level below, valid at the report date)."""
    codes = [i.code for i in facts.indicators if i.computed]
    if not facts.scope.is_province or not codes:
        return []
    table = facts.figures.by_unit(facts.area.column)
    units = facts.area.child_units
    rows = []
    for u in vn_sorted(units, key=lambda u: u.name):
        values = {c: int(table.at[u.code, c]) if u.code in table.index else 0 for c in codes}
        rows.append({"name": facts.area.label(u.code), "values": values})
    return rows


def former_district(facts: Facts) -> tuple[dt.date, dict] | None:
    """For a commune report: the day before the reorganisation and the
    figures its former district had then."""
    unit = facts.scope.unit
    if unit is None or unit.level != "commune" or not unit.parent_code:
        return None
    parent = facts.area.get(unit.parent_code)
    if parent is None or parent.valid_to is None:
        return None
    day = min(parent.valid_to, facts.as_of)
    units = list(facts.area.units)
    figures = compute(facts.workbook.frames, day.year, day, unit_scope(parent, units, day))
    return day, {
        "name": parent.full_name,
        **figures.catalogue(),
        "by_stars": count_by(figures.ocop, "stars", [3, 4, 5]),
    }


def province_totals(facts: Facts) -> dict:
    """The province's catalogue at the same date, for comparisons in a unit report."""
    units = list(facts.area.units)
    scope = province_scope(facts.province_name, units, facts.as_of)
    return compute(facts.workbook.frames, facts.params.year, facts.as_of, scope).catalogue()


def section_1(facts: Facts) -> Html:
    f, totals = facts.figures, facts.totals
    new_units = _unit_counts(facts, f.new)
    by_basis: dict[str, list] = {}
    for i in facts.indicators:
        by_basis.setdefault(i.basis or "", []).append(i)
    owner_list = contract().lists["owner_type"]
    present = [int(s) for s, n in totals["products_by_stars"].items() if n]
    return render(
        "section1.html.j2",
        leading_zero=facts.meta.get("so_0_o_dau"),
        year=facts.params.year,
        as_of=facts.as_of,
        scope_is_province=facts.scope.is_province,
        scope_name=facts.scope.full_name,
        where=("toàn tỉnh " + facts.province_name)
        if facts.scope.is_province
        else facts.scope.full_name,
        direction=_activities(facts, True),
        activities=_activities(facts, False),
        targets_by_basis=list(by_basis.items()),
        indicators=facts.indicators,
        contribution_codes=[i for i in facts.indicators if i.computed],
        contributions=contributions(facts),
        new_total=len(f.new),
        new_units=new_units,
        new_type_words=vn_sorted({u["type"] for u in new_units}),
        new_stars={k: v for k, v in count_by(f.new, "stars", [3, 4, 5]).items() if v},
        province_total=province_totals(facts) if not facts.scope.is_province else None,
        totals=totals,
        stars_present=present,
        owner_parts=[
            (owner_list.label_of(code), v["owners"], v["products"])
            for code, v in totals["owners_by_type"].items()
            if v["owners"]
        ],
        outlets=totals["sales_points"],
        former=former_district(facts),
    )


def review(facts: Facts) -> Html:
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
            f"Phương hướng nhiệm vụ, giải pháp trọng tâm năm {facts.params.year + 1}",
            False,
        ),
        ("proposals", 4, "Đề xuất, kiến nghị", False),
    ]
    parts = []
    for part, number, title, lettered in heads:
        present = facts.text.part(part)
        wanted = [s for s in contract().sections if s["part"] == part]
        items = []
        for spec in wanted:
            s = facts.text.section(spec["key"])
            items.append(
                {"title": spec["title"], "html": Html(s.html()) if s and s.markdown else None}
            )
        items += [{"title": s.title, "html": Html(s.html())} for s in present if s.key is None]
        for i, item in enumerate(items):
            item["letter"] = LETTERS[i]
        parts.append({"number": number, "title": title, "sections": items, "lettered": lettered})
    return render("review.html.j2", parts=parts)


def signature(facts: Facts) -> Html:
    m = facts.meta
    entries = list(m.get("noi_nhan") or [])
    if not any(fold(_recipient(e, True)).startswith(fold("- Lưu")) for e in entries):
        entries.append("Lưu: VT.")
    recipients = [_recipient(e, i == len(entries) - 1) for i, e in enumerate(entries)]
    body = m.get("ten_co_quan") or vnformat.capitalize_first(
        str(m.get("co_quan_ban_hanh", "")).lower()
    )
    closing = f"{body} kính báo cáo./."
    return render("signature.html.j2", meta=m, recipients=recipients, closing_line=closing.strip())


def _recipient(entry, last: bool = False) -> str:
    """One line of ``Nơi nhận`` (Decree 30): ``- Sở …;``, the last one ``- Lưu: VT, ….``.
    YAML reads an unquoted ``- Lưu: VT, NTM.`` as a mapping."""
    if isinstance(entry, dict):
        entry = "; ".join(f"{k}: {v}" for k, v in entry.items())
    text = str(entry).strip()
    text = text[2:].strip() if text.startswith("- ") else text.lstrip("-").strip()
    return f"- {text.rstrip(';.,')}{'.' if last else ';'}"


def colophon(facts: Facts) -> Html:
    """How the report was made: code, parameters, inputs with their sha256,
    Python and packages (the provenance of results.json)."""
    return render("colophon.html.j2", p=provenance(facts))
