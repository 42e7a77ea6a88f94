"""Rules across a sheet's rows, checked once its cells are read: keys not
repeated, products against owners and score bands, rows attributed to
districts, targets, activities and units consistent. Each check records its
problems and completes the frame where a rule derives a column."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ocoplib.base.contract import Sheet, contract
from ocoplib.base.problems import closest, suggest
from ocoplib.base.text import fold
from ocoplib.domain.levels import band_of, bands_text, derived_level
from ocoplib.domain.units import Unit, UnitResolver
from ocoplib.intake.recorder import Recorder


@dataclass
class Context:
    """What the checks of one workbook need, as read so far."""

    record: Recorder
    units: list[Unit]
    resolver: UnitResolver | None  # None: sheet dia_ban could not be read
    owner_ids: set[str] | None  # None: sheet chu_the could not be read
    failed: set[tuple[str, int, str]]  # (sheet, row, column) not converted
    known_codes: set[str]  # unit codes of the province's workbook, for a submission


def check_rows(ctx: Context, sheet: Sheet, name: str, frame: pd.DataFrame) -> None:
    """Check the rules of the sheet ``sheet`` (named ``name`` in the file)."""
    duplicates(ctx, sheet, name, frame)
    check = _ROW_CHECKS.get(sheet.key)
    if check is not None and not frame.empty:
        check(ctx, sheet, name, frame)
    if sheet.key == "chi_tieu" and "scope_code" not in frame:
        frame["scope_code"] = pd.Series(dtype=object)


def duplicates(ctx: Context, sheet: Sheet, name: str, frame: pd.DataFrame) -> None:
    """Every row after the first with the same key of the sheet is an error."""
    if not sheet.unique or frame.empty:
        return
    keys = list(sheet.unique)
    complete = frame[keys].notna().all(axis=1)
    rows = frame[complete]
    first = rows.groupby(keys, sort=False, dropna=True)["excel_row"].transform("min")
    dup = rows[rows["excel_row"] != first]
    labels = " + ".join(sheet.column(k).label for k in keys)
    for r, first_row in zip(dup.itertuples(index=False), first[dup.index], strict=True):
        value = getattr(r, keys[0])
        ctx.record.at(
            sheet,
            name,
            r.excel_row,
            keys[0],
            value,
            (
                f"a unique {labels}; row {first_row} has the same",
                f"{labels} không trùng nhau; dòng {first_row} đã có cùng giá trị",
            ),
            (
                "change one of the two rows, or delete the repeated one",
                "sửa một trong hai dòng, hoặc xoá dòng lặp",
            ),
        )


def products(ctx: Context, sheet: Sheet, name: str, frame: pd.DataFrame) -> None:
    """Owners known, stars within the score's band, five-star candidates among
    the 4-star products; the level derived where the row gives none."""
    attribute_to_districts(ctx, sheet, name, frame)
    for r in frame.itertuples(index=False):
        _product(ctx, sheet, name, r)
    four = (frame["stars"] == 4).fillna(False).astype(bool)
    frame["five_star_candidate"] = frame["five_star_candidate"] & four
    frame["level"] = pd.Series(
        [
            lvl if lvl is not None else derived_level(stars, day)
            for lvl, stars, day in zip(
                frame["level"], frame["stars"], frame["decision_date"], strict=True
            )
        ],
        index=frame.index,
        dtype=object,
    )


def _product(ctx: Context, sheet: Sheet, name: str, r) -> None:
    owners = ctx.owner_ids
    if r.owner_id is not None and owners is not None and r.owner_id not in owners:
        ctx.record.at(
            sheet,
            name,
            r.excel_row,
            "owner_id",
            r.owner_id,
            ("an owner id of sheet chu_the", "một mã chủ thể của trang chu_the"),
            suggest(closest(r.owner_id, {o: o for o in owners}))
            or ("add the owner to sheet chu_the first", "thêm chủ thể vào trang chu_the"),
        )
    if pd.notna(r.score) and pd.notna(r.stars):
        band = band_of(r.score)
        if r.stars > band:
            ctx.record.at(
                sheet,
                name,
                r.excel_row,
                "stars",
                int(r.stars),
                (
                    f"at most {band} stars for a score of {r.score:g} (bands: {bands_text()})",
                    f"nhiều nhất {band} sao với {r.score:g} điểm ({bands_text('vi')})",
                ),
                (
                    "check the stars and the score against the decision",
                    "đối chiếu số sao và điểm với quyết định",
                ),
            )
    if r.five_star_candidate and pd.notna(r.stars) and r.stars != 4:
        ctx.record.problem(
            "warning",
            name,
            r.excel_row,
            sheet.column("five_star_candidate").label,
            "Có",
            (
                "a five-star candidate to be a 4-star product; the mark is ignored",
                "đánh dấu tiềm năng 5 sao chỉ ở sản phẩm 4 sao; đánh dấu này bị bỏ qua",
            ),
            col_index=ctx.record.columns[sheet.key].get("five_star_candidate"),
        )


def attribute_to_districts(ctx: Context, sheet: Sheet, name: str, frame: pd.DataFrame) -> None:
    """A row names its district, or (from 01/07/2025, when districts are no
    more) only its commune: it is then attributed to the commune's former
    district (``parent_code``), so that series across the change add up."""
    units = {u.code: u for u in ctx.units}
    parents = {u.code: u.parent_code for u in ctx.units}
    # A commune typed in the district column (after 01/07/2025) moves to its column.
    moved = (
        frame["district"]
        .map(lambda code: code in units and units[code].level == "commune")
        .astype(bool)
        & frame["commune"].isna()
    )
    frame.loc[moved, "commune"] = frame.loc[moved, "district"]
    frame.loc[moved, "district"] = None
    missing = frame["district"].isna()
    for r in frame[missing & frame["commune"].isna()].itertuples(index=False):
        if {(sheet.key, r.excel_row, "district"), (sheet.key, r.excel_row, "commune")} & (
            ctx.failed
        ):
            continue  # already reported as a value that is not a unit
        ctx.record.at(
            sheet,
            name,
            r.excel_row,
            "district",
            None,
            (
                "a district, or from 01/07/2025 a commune in the next column",
                "một huyện, hoặc từ 01/7/2025 một xã ở cột bên cạnh",
            ),
        )
    frame.loc[missing, "district"] = frame.loc[missing, "commune"].map(
        lambda code: parents.get(code) or code if code is not None else None
    )


def targets(ctx: Context, sheet: Sheet, name: str, frame: pd.DataFrame) -> None:
    """Maximum not below minimum, a manual result exactly for the indicators
    not computed; the scope as a unit code (``scope_code``)."""
    cat = contract()
    provinces = {fold(n) for n in cat.province_scope_names}
    scope_codes = []
    for r in frame.itertuples(index=False):
        if pd.notna(r.target_max) and pd.notna(r.target_min) and r.target_max < r.target_min:
            ctx.record.at(
                sheet,
                name,
                r.excel_row,
                "target_max",
                r.target_max,
                (
                    f"a maximum not below the minimum ({r.target_min:g})",
                    f"chỉ tiêu tối đa không nhỏ hơn tối thiểu ({r.target_min:g})",
                ),
                (
                    "swap the two values, or leave the maximum blank",
                    "đổi chỗ hai giá trị, hoặc để trống chỉ tiêu tối đa",
                ),
            )
        _manual_result(ctx, sheet, name, r)
        scope_codes.append(_scope_code(ctx, sheet, name, r, provinces))
    frame["scope_code"] = scope_codes


def _manual_result(ctx: Context, sheet: Sheet, name: str, r) -> None:
    indicators = contract().indicators
    computed = r.indicator in indicators
    if computed and pd.notna(r.actual_manual):
        ctx.record.at(
            sheet,
            name,
            r.excel_row,
            "actual_manual",
            r.actual_manual,
            (
                f"no manual result: '{r.indicator}' is computed from the workbook",
                f"ô để trống: '{r.indicator}' được tính tự động từ sổ dữ liệu",
            ),
            ("leave this cell blank", "để trống ô này"),
        )
    if not computed and r.indicator is not None and pd.isna(r.actual_manual):
        ctx.record.at(
            sheet,
            name,
            r.excel_row,
            "actual_manual",
            None,
            (
                f"a manual result: '{r.indicator}' is not in the indicator "
                "catalogue (" + ", ".join(indicators) + ")",
                f"kết quả nhập tay: '{r.indicator}' không thuộc danh mục chỉ tiêu "
                "tính tự động (" + ", ".join(indicators) + ")",
            ),
            suggest(closest(r.indicator, {k: k for k in indicators})),
        )


def _scope_code(ctx: Context, sheet: Sheet, name: str, r, provinces: set[str]) -> str | None:
    if r.scope is None:
        return None
    if fold(r.scope) in provinces:
        return "tinh"
    if ctx.resolver is None or pd.isna(r.year):
        return None
    day = dt.date(int(r.year), 12, 31)
    found = [u for u in ctx.resolver.candidates(r.scope) if u.valid_in(int(r.year))]
    if len(found) == 1:
        return found[0].code
    ctx.record.at(
        sheet,
        name,
        r.excel_row,
        "scope",
        r.scope,
        (
            "'Tỉnh' or one administrative unit of sheet dia_ban valid in " + str(r.year),
            f"'Tỉnh' hoặc một đơn vị của trang dia_ban có hiệu lực năm {r.year}",
        ),
        suggest(ctx.resolver.suggestions(r.scope, day)),
    )
    return None


def activities(ctx: Context, sheet: Sheet, name: str, frame: pd.DataFrame) -> None:
    """An activity ends on or after its start."""
    for r in frame.itertuples(index=False):
        if pd.notna(r.end_date) and pd.notna(r.date) and r.end_date < r.date:
            ctx.record.at(
                sheet,
                name,
                r.excel_row,
                "end_date",
                f"{r.end_date:%d/%m/%Y}",
                (
                    f"an end date on or after the start ({r.date:%d/%m/%Y})",
                    f"ngày kết thúc không trước ngày bắt đầu ({r.date:%d/%m/%Y})",
                ),
            )


def units(ctx: Context, name: str, frame: pd.DataFrame) -> None:
    """Parent and successor codes that are units (of this sheet or the
    province's workbook), validity that does not end before it starts."""
    sheet = contract().sheet("dia_ban")
    codes = set(frame["unit_code"].dropna()) | ctx.known_codes
    for r in frame.itertuples(index=False):
        if r.parent_code is not None and r.parent_code not in codes:
            ctx.record.at(
                sheet,
                name,
                r.excel_row,
                "parent_code",
                r.parent_code,
                ("a unit code of this sheet", "một mã đơn vị của trang này"),
                suggest(closest(r.parent_code, {c: c for c in codes})),
            )
        _successors(ctx, sheet, name, r, codes)
        if pd.notna(r.valid_from) and pd.notna(r.valid_to) and r.valid_to < r.valid_from:
            ctx.record.at(
                sheet,
                name,
                r.excel_row,
                "valid_to",
                f"{r.valid_to:%d/%m/%Y}",
                ("a date on or after 'Hiệu lực từ'", "một ngày không trước 'Hiệu lực từ'"),
            )


def _successors(ctx: Context, sheet: Sheet, name: str, r, codes: set) -> None:
    """Each code of ``successor_code`` (``;``-separated) names a unit."""
    text = getattr(r, "successor_code", None)
    parts = [p.strip() for p in text.split(";") if p.strip()] if isinstance(text, str) else []
    for code in parts:
        if code not in codes:
            ctx.record.at(
                sheet,
                name,
                r.excel_row,
                "successor_code",
                code,
                (
                    "unit codes of this sheet, separated by ';' when the unit was split",
                    "mã đơn vị của trang này, cách nhau bởi dấu ; khi đơn vị bị chia",
                ),
                suggest(closest(code, {c: c for c in codes})),
            )


_ROW_CHECKS = {"san_pham": products, "chi_tieu": targets, "hoat_dong": activities}
