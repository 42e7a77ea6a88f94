"""Stars, scores and certifying levels: the score bands of the OCOP rating
and the level that certifies a product by its decision date (Decision
148/QĐ-TTg, then Decision 1489/QĐ-TTg from 06/07/2025). Written once, read by
the workbook checks, the data-quality notes and the merge."""

from __future__ import annotations

import datetime as dt

import pandas as pd

#: From this day the province certifies 3-star products too (Decision 1489).
DECISION_1489_DATE = dt.date(2025, 7, 6)
#: The lowest score of each star rating.
SCORE_BANDS = {5: 90, 4: 70, 3: 50, 2: 30, 1: 0}


def band_of(score: float) -> int:
    """The most stars a score allows."""
    return max(stars for stars, low in SCORE_BANDS.items() if score >= low)


def bands_text(lang: str = "en") -> str:
    """The bands as a message states them: ``5★ 90–100, 4★ 70–89, …``."""
    ordered = sorted(SCORE_BANDS.items(), reverse=True)
    parts = []
    for i, (stars, low) in enumerate(ordered):
        high = 100 if i == 0 else ordered[i - 1][1] - 1
        if lang == "vi":
            parts.append(
                f"{stars} sao: dưới {ordered[i - 1][1]}"
                if low == 0
                else f"{stars} sao: {low}–{high}"
            )
        else:
            parts.append(
                f"{stars}★ < {ordered[i - 1][1]}" if low == 0 else f"{stars}★ {low}–{high}"
            )
    return ("; " if lang == "vi" else ", ").join(parts)


def derived_level(stars, day) -> str | None:
    """The certifying level when the row leaves it blank (Decision 148, then 1489)."""
    if pd.isna(stars) or pd.isna(day):
        return None
    stars = int(stars)
    if stars < 3:
        return None
    if stars == 5:
        return "central"
    if pd.Timestamp(day).date() >= DECISION_1489_DATE:
        return "province"
    return "district" if stars == 3 else "province"
