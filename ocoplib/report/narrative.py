"""The report's text parts: letterhead and opening, section 1 generated from
the workbook, parts 2–4 from bao_cao.md (or the unit's own text), and the
signature block. The wording lives in ``ocoplib/render/templates/*.html.j2``;
these functions gather the facts. Every part is set in the report's date and
tone-mark styles (bao_cao.md: ``dinh_dang_ngay``, ``kieu_dau_thanh``), the
analysts' text included."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from ocoplib.base import vnformat
from ocoplib.base.contract import contract
from ocoplib.base.text import fold, nfc, tone_style, vn_sorted
from ocoplib.domain.rules import compute, count_by
from ocoplib.domain.units import province_scope, unit_scope
from ocoplib.render.templating import Html, render
from ocoplib.report.facts import Facts
from ocoplib.report.provenance import provenance

LETTERS = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k"]
#: Who certified a product, by the code of the contract's list ``level``.
CERTIFIERS = {"district": "cấp huyện", "province": "cấp tỉnh", "central": "cấp Trung ương"}
_ROLE_WORDS = re.compile(
    r"^[\s,]*(tham mưu|chủ trì,? phối hợp với|chủ trì|phối hợp với)\b\s*", re.I
)


def finish(facts: Facts, html: str) -> Html:
    """A part set in the report's styles: dates and ranges (typed ones too)
    by :func:`vnformat.typeset`, tone marks by :func:`tone_style`."""
    m = facts.meta
    return Html(
        tone_style(vnformat.typeset(str(html), m.get("dinh_dang_ngay")), m.get("kieu_dau_thanh"))
    )


def office(facts: Facts) -> str:
    """The reporting office as prose names it: ``Văn phòng Điều phối nông thôn mới tỉnh``."""
    m = facts.meta
    return str(
        m.get("ten_co_quan")
        or vnformat.capitalize_first(str(m.get("co_quan_ban_hanh") or "").lower())
    )


def summary(facts: Facts) -> tuple[str, str | None]:
    """The title's summary and, for a unit report, the line naming the unit:
    a summary ending "trên địa bàn tỉnh …" names the unit there instead, once."""
    text = nfc(str(facts.meta.get("trich_yeu") or ""))
    if facts.scope.is_province:
        return text, None
    where = f"trên địa bàn {facts.scope.full_name}"
    tail = f"trên địa bàn tỉnh {facts.province_name}"
    if fold(text).endswith(fold(tail)):
        return text[: len(text) - len(tail)] + where, None
    return text, where


def front_page(facts: Facts) -> Html:
    m = facts.meta
    opening = facts.text.section("mo_dau")
    place = vnformat.place_date(
        m.get("dia_danh", facts.province_name), m.get("nam"), m.get("thang"), m.get("ngay")
    )
    title, scope_line = summary(facts)
    html = render(
        "front.html.j2",
        meta=m,
        summary=title,
        place_date=place,
        scope_line=scope_line,
        opening=Html(opening.html()) if opening else None,
    )
    return finish(facts, html)


def _partners(lead, own: str) -> list[str]:
    """The other bodies of an activity (``lead``, ``;``-separated), without
    the reporting office and the role words written after its name."""
    out = []
    for part in str(lead or "").split(";"):
        part = nfc(part)
        if fold(part).startswith(fold(own)):
            rest = part[len(own) :]
            if not rest.strip(" ,") or _ROLE_WORDS.match(rest):
                part = _ROLE_WORDS.sub("", rest).strip(" ,")
        if part:
            out.append(part)
    return out


def _role_text(text: str, role, partners: list[str], own: str) -> str:
    """The sentence as the seed writes the office's part in it: ``… đã tham
    mưu Sở … trình UBND tỉnh ban hành …``, ``… chủ trì phối hợp với …``,
    ``Phối hợp với … ``, ``… đã …``; a blank role leaves it as it is."""
    if not role or not isinstance(role, str):
        return text
    others = ", ".join(partners)
    if role == "advise":
        m = re.match(r"^(?P<issuer>.+?) ban hành (?P<rest>.+)$", text)
        if m is None:
            return f"{own} đã tham mưu {others + ' ' if others else ''}{vnformat.lower_first(text)}"
        issuer, rest = m["issuer"], m["rest"]
        if others and not fold(others).endswith(fold(issuer)):
            return f"{own} đã tham mưu {others} trình {issuer} ban hành {rest}"
        return f"{own} đã tham mưu {others or issuer} ban hành {rest}"
    if fold(text).startswith(fold(own)):
        return text
    if role == "support":  # as the seed: "Phối hợp với …", the office understood
        if fold(text).startswith(fold("phối hợp")) or not others:
            return text
        return f"Phối hợp với {others} {vnformat.lower_first(text)}"
    if role == "lead":
        if fold(text).startswith(fold("chủ trì")):
            return f"{own} {vnformat.lower_first(text)}"
        with_whom = f" phối hợp với {others}" if others else ""
        return f"{own} chủ trì{with_whom} {vnformat.lower_first(text)}"
    return f"{own} đã {vnformat.lower_first(text)}"


def _activity_text(row, own: str = "") -> str:
    """The row's sentence with the office's part in it (``role``); its
    document number and date are added in brackets when the sentence does not
    already name the document."""
    text = row.description.rstrip().rstrip(".;")
    text = _role_text(
        text, getattr(row, "role", None), _partners(getattr(row, "lead", None), own), own
    )
    if row.document_no and fold(row.document_no) not in fold(text):
        text += f" (văn bản số {row.document_no} ngày {vnformat.date(row.date.date())})"
    return text + "."


def _activities(facts: Facts, direction: bool) -> list[dict]:
    acts = facts.workbook["hoat_dong"]
    acts = _of_area(facts, acts[acts["year"] == facts.params.year])
    acts = acts[(acts["category"] == "direction") == direction]
    acts = acts.sort_values(["date", "excel_row"], kind="stable")
    own = office(facts)
    return [{"text": _activity_text(r, own)} for r in acts.itertuples(index=False)]


def _of_area(facts: Facts, acts):
    """The activities of the report's area: a merged province's report lists
    those of every former province; otherwise, before the merger, only those
    of the report's own (former) province (``hoat_dong.former_province``, blank:
    the workbook's province); after it, every row belongs to the merged province."""
    if facts.scope.is_province and facts.area.merged:
        return acts
    mine = facts.area.former_province(facts.scope.code)
    theirs = acts["former_province"].where(acts["former_province"].notna(), facts.province_name)
    change = facts.area.change
    after = acts["date"] >= pd.Timestamp(change) if change else False
    return acts[(theirs == mine) | after]


def causes(facts: Facts) -> dict[str, str]:
    """The analyst's cause of each target of the report's year and scope
    (``chi_tieu.cause``), by indicator code, where one was given."""
    rows = facts.workbook["chi_tieu"]
    rows = rows[(rows["year"] == facts.params.year) & (rows["scope_code"] == facts.scope.code)]
    return {
        r.indicator: nfc(str(r.cause)).rstrip(".")
        for r in rows.itertuples(index=False)
        if isinstance(r.cause, str) and r.cause.strip()
    }


def target_text(i, leading_zero=None) -> str:
    """A target as prose states it: ``ít nhất 70``, ``04 - 06`` (one range form), ``02``."""
    if i.target_max is None:
        return f"ít nhất {vnformat.count(i.target_min, leading_zero)}"
    return vnformat.number_range(i.target_min, i.target_max, leading_zero)


def unmet(facts: Facts) -> list:
    """The targets the data does not meet (``Chưa đạt``)."""
    return [i for i in facts.indicators if i.status == "not_met"]


def certifiers(facts: Facts) -> list[tuple[str, int]]:
    """Who certified the year's new products: (``cấp huyện`` …, count), in the
    order of the contract's list (Decision 148, then 1489 from 06/07/2025)."""
    counts = facts.figures.new["level"].value_counts()
    return [(CERTIFIERS[c], int(counts[c])) for c in CERTIFIERS if counts.get(c, 0)]


def predecessors(facts: Facts) -> list[tuple[str, list[str]]]:
    """For a unit formed by the reorganisation: the former communes it took
    over (``dia_ban.successor_code``), by the former district they belonged to."""
    unit = facts.scope.unit
    if unit is None:
        return []
    # former communes only: a former district lists its successors too
    formers = [u for u in facts.area.units if unit.code in u.successors and u.level == "commune"]
    groups: dict[str, list] = {}
    for former in formers:
        parent = facts.area.get(former.parent_code)
        groups.setdefault(parent.full_name if parent else "", []).append(former)
    return [
        (district, [u.full_name for u in vn_sorted(units, key=lambda u: u.name)])
        for district, units in vn_sorted(groups.items(), key=lambda g: g[0])
    ]


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
    targets (units of the level below, valid at the report date): the units
    that contributed, then one line for the rest."""
    codes = [i.code for i in facts.indicators if i.computed]
    if not facts.scope.is_province or not codes:
        return []
    table = facts.figures.by_unit(facts.area.column)
    units = facts.area.child_units
    rows, rest = [], 0
    for u in vn_sorted(units, key=lambda u: u.name):
        values = {c: int(table.at[u.code, c]) if u.code in table.index else 0 for c in codes}
        if any(values.values()):
            rows.append({"name": facts.area.label(u.code), "values": values})
        else:
            rest += 1
    if rest:  # one line for the units that contributed nothing
        rows.append(
            {
                "name": f"Các đơn vị còn lại ({vnformat.count(rest)} đơn vị)",
                "values": dict.fromkeys(codes, 0),
            }
        )
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
    unit = facts.scope.unit
    html = render(
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
        targets={i.code: target_text(i, facts.meta.get("so_0_o_dau")) for i in facts.indicators},
        causes=causes(facts),
        contribution_codes=[i for i in facts.indicators if i.computed],
        contributions=contributions(facts),
        new_total=len(f.new),
        new_units=new_units,
        new_units_former=any(
            not facts.area.unit(u["code"]).valid_on(facts.as_of) for u in new_units
        ),
        new_type_words=vn_sorted({u["type"] for u in new_units}),
        new_stars={k: v for k, v in count_by(f.new, "stars", [3, 4, 5]).items() if v},
        certifiers=certifiers(facts),
        # the report's own unit organised the rating of all its new products
        certified_here=facts.scope.is_province or (unit is not None and unit.level == "district"),
        province_total=province_totals(facts) if not facts.scope.is_province else None,
        totals=totals,
        stars_present=present,
        stars_span=vnformat.number_range(min(present), max(present), False) if present else "",
        owner_parts=[
            (owner_list.label_of(code), v["owners"], v["products"])
            for code, v in totals["owners_by_type"].items()
            if v["owners"]
        ],
        outlets=totals["sales_points"],
        former=former_district(facts),
        predecessors=predecessors(facts),
    )
    return finish(facts, html)


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
                {
                    "key": spec["key"],
                    "title": spec["title"],
                    "html": Html(s.html()) if s and s.markdown else None,
                }
            )
        items += [
            {"key": None, "title": s.title, "html": Html(s.html())}
            for s in present
            if s.key is None
        ]
        for i, item in enumerate(items):
            item["letter"] = LETTERS[i]
        parts.append({"number": number, "title": title, "sections": items, "lettered": lettered})
    causes_given = causes(facts)
    html = render(
        "review.html.j2",
        parts=parts,
        shared=facts.text.shared,
        scope_name=facts.scope.full_name,
        province_name=facts.province_name,
        unmet=[
            (i, target_text(i, facts.meta.get("so_0_o_dau")), causes_given[i.code])
            for i in unmet(facts)
            if i.code in causes_given
        ],
        leading_zero=facts.meta.get("so_0_o_dau"),
    )
    return finish(facts, html)


def signature(facts: Facts) -> Html:
    m = facts.meta
    entries = list(m.get("noi_nhan") or [])
    if not any(fold(_recipient(e, True)).startswith(fold("- Lưu")) for e in entries):
        entries.append("Lưu: VT.")
    recipients = [_recipient(e, i == len(entries) - 1) for i, e in enumerate(entries)]
    closing = f"{office(facts)} kính báo cáo./."
    html = render("signature.html.j2", meta=m, recipients=recipients, closing_line=closing.strip())
    return finish(facts, html)


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
