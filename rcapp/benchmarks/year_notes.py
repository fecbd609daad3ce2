"""Why a figure on the years page (历年对比) does not compare with the latest year's.

Two causes beside the crosswalk's (rubrics.year_compare): a KPI whose figure rcapp counts in one
year and the organisation typed in the other (a park's PK-RC-02 under rubric v1 and v2,
qa45 D4: computed_kpis.counted_against_typed, the KPI page's rule and words), and a rubric
version that caps self-assessed stars before peer review lower than another (qa45 S13: the
2025 drop from 2 stars to 1 was the cap of version 2, not a worse result).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rcapp.assessments.basis_words import basis_notes_of
from rcapp.assessments.computed_kpis import with_computed
from rcapp.rubrics.model import KpisTopQuartile, KpiVsGroupMedian, PeerReviewed, Rubric


def basis_notes(
    organisation_id: int, years: Iterable[int], latest_year: int, latest: Rubric
) -> dict[int, dict[str, str]]:
    """Return, by earlier year, the KPIs counted on another basis than the latest year's.

    KPI id -> the KPI page's sentence (口径不同：2024 年为填报值，2025 年为入园企业汇总).
    """
    now = with_computed(organisation_id, latest_year, latest, {})
    found: dict[int, dict[str, str]] = {}
    for year in years:
        if year >= latest_year:
            continue
        notes = basis_notes_of(organisation_id, latest_year, latest, year, now)
        if notes:
            found[year] = notes
    return found


@dataclass(frozen=True)
class SelfCap:
    """A rubric version's cap on self-assessed stars, as its YAML's star bands set it."""

    stars: int  # the most stars a self-assessment reaches before peer review
    reviewers: int  # the fewest peer reviewers the first reviewed band asks for
    onsite: bool  # ... on site
    version: int  # the rubric version that sets it


def self_cap_of(rubric: Rubric) -> SelfCap | None:
    """Return the rubric's cap: the band below its first band that needs a peer review."""
    reviewed = [
        (band.stars, condition)
        for band in rubric.rating.bands
        for condition in band.conditions
        if isinstance(condition, PeerReviewed)
    ]
    if not reviewed:
        return None
    stars, condition = min(reviewed, key=lambda found: found[0])
    return SelfCap(
        stars - 1,
        condition.min_reviewers,
        condition.onsite,
        rubric.version,
    )


def self_cap(rubric: Rubric) -> int | None:
    """Return the most stars a self-assessment can reach before peer review (None: no cap)."""
    cap = self_cap_of(rubric)
    return None if cap is None else cap.stars


def group_figure_from(rubric: Rubric) -> int | None:
    """Return the fewest stars whose band compares KPIs with the peer group (None: none does).

    Without a peer group of the minimum size there is no median or quartile to compare
    with, so no organisation on this rubric reaches those stars that year (QA68 #15).
    """
    compared = [
        band.stars
        for band in rubric.rating.bands
        if any(isinstance(c, KpiVsGroupMedian | KpisTopQuartile) for c in band.conditions)
    ]
    return min(compared) if compared else None
