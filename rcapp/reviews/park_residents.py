"""A park's resident companies and their stars of a year: the page, its download, the board pack.

The park's residents page (benchmark_views.park), its .xlsx download and the park's
scorecard PDF and results workbook all read `park_residents_overview`, and the documents
put its rows into words with `resident_lines`, so a resident reads alike everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from rcapp.assessments.counted_words import counted_stars_text
from rcapp.assessments.models import AssessmentStatus
from rcapp.assessments.queries import finals_of_record
from rcapp.assessments.rating_words import not_rated_text, star_count_text, vetoed_text
from rcapp.assessments.resident_ratings import RatingOfRecord
from rcapp.benchmarks import pages
from rcapp.benchmarks.queries import Resident
from rcapp.clock import beijing_day
from rcapp.cycles.models import ReportingCycle
from rcapp.i18n import gettext as _
from rcapp.organisations.models import Organisation
from rcapp.scoring.scorecard import VetoHit


def _finals(assessment_ids: Sequence[int]) -> dict[int, int | None]:
    # The final stars of record, as the year list and the side-by-side read them.
    return {i: rated.stars for i, rated in finals_of_record(assessment_ids).items()}


def park_residents_overview(
    park: Organisation, cycle: ReportingCycle, lang: str, full: bool = False
) -> pages.ParkOverview:
    """Read the park's residents of `cycle` with their stars (`full`: every statistic)."""
    return pages.park_overview(park, cycle, lang, _finals, full=full)


@dataclass(frozen=True)
class ResidentLine:
    """One resident as a document writes it: every cell already in words."""

    name: str
    status: str
    self_stars: str
    final_stars: str
    counted: str  # the stars counted towards "三星及以上", with their year (or "—")
    # For the workbook, which sorts and sums: the stars as numbers (None: no star, the
    # words above say why), the submission day and the credit code.
    self_count: int | None = None
    final_count: int | None = None
    submitted_on: dt.date | None = None
    credit_code: str = ""


def status_text(status: str) -> str:
    """Word a resident's status as the residents page's badge does (cycles/_roster.html)."""
    words = {"submitted": _("已提交"), "returned": _("已退回"), "draft": _("草稿")}
    return words.get(status, _("未开始"))


def stars_text(stars: int | None, rated: bool, vetoes: tuple[VetoHit, ...], lang: str) -> str:
    """Say a result's stars: "3 星", 未评定, or 未评定（一票否决） and why; "—" for none."""
    if stars is None:
        return "—"
    if vetoes:
        return vetoed_text(vetoes, lang)
    if not rated:
        return not_rated_text(veto=False)
    return star_count_text(stars)


def star_count(stars: int | None, rated: bool, vetoes: tuple[VetoHit, ...]) -> int | None:
    """Return the stars `stars_text` words as a number; None where it says there is none."""
    return stars if stars is not None and rated and not vetoes else None


def submitted_on(resident: Resident) -> dt.date | None:
    """Return the Beijing day a submitted assessment was submitted; None if not submitted."""
    if resident.status is not AssessmentStatus.SUBMITTED or resident.submitted_at is None:
        return None
    return beijing_day(resident.submitted_at)


def counted_year_note(counted: RatingOfRecord, year: int) -> str:
    """Say which year's rating is counted and how final it is, as the residents page does."""
    if counted.year < year and not counted.final:
        if counted.frozen:
            return _(
                "（沿用 %(year)d 年度的自评星级：该年度关闭时未经同行评审；本年度自评尚未提交）",
                year=counted.year,
            )
        return _("（沿用 %(year)d 年度的自评星级，暂定；本年度自评尚未提交）", year=counted.year)
    if counted.final:
        return _("（%(year)d 年度，最终）", year=counted.year)
    if counted.frozen:
        return _("（%(year)d 年度，最终（自评））", year=counted.year)
    return _("（%(year)d 年度，自评，暂定）", year=counted.year)


def resident_lines(overview: pages.ParkOverview, year: int, lang: str) -> tuple[ResidentLine, ...]:
    """Put the overview's residents into words, in the page's order and columns."""
    lines = []
    for row in overview.residents:
        counted = overview.counted.get(row.resident.id)
        lines.append(
            ResidentLine(
                row.resident.display_name(lang),
                status_text(row.status),
                stars_text(row.stars, not row.not_rated, row.self_vetoes, lang),
                stars_text(row.final_stars, not row.final_not_rated, row.final_vetoes, lang),
                "—"
                if counted is None
                else f"{counted_stars_text(counted, lang)} {counted_year_note(counted, year)}",
                star_count(row.stars, not row.not_rated, row.self_vetoes),
                star_count(row.final_stars, not row.final_not_rated, row.final_vetoes),
                submitted_on(row.resident),
                row.resident.credit_code,
            )
        )
    return tuple(lines)


def resident_headers() -> tuple[str, ...]:
    """Name the columns of `resident_lines`, as the residents page heads its table."""
    return (_("企业"), _("状态"), _("自评星级"), _("最终星级"), _("计入“三星及以上”的星级"))
