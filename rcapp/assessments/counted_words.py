"""The stars a park's resident counts with towards "三星及以上", as every list says them.

The park's residents page and the reviewer's KPI data page list each resident's rating of
record (resident_ratings). A veto that took every star leaves that result rated with 0
stars in the kept scorecard, yet it has no star rating: it reads 未评定（一票否决） and
why, as the comparison pages and workbooks say it (rating_words.vetoed_text), never "0 星".
"""

from __future__ import annotations

from dataclasses import replace

from rcapp.assessments.queries import vetoes_of
from rcapp.assessments.rating_words import not_rated_text, star_count_text, vetoed_text
from rcapp.assessments.resident_ratings import RatingOfRecord, ratings_in
from rcapp.cycles.models import ReportingCycle


def counted_ratings(park_id: int, cycle: ReportingCycle) -> dict[int, RatingOfRecord]:
    """Return each resident's rating of record (ratings_in) with the vetoes that left it none."""
    ratings = ratings_in(park_id, cycle)
    vetoes = vetoes_of([r.assessment_id for r in ratings.values() if r.stars == 0])
    return {
        organisation_id: replace(r, vetoes=vetoes.get((r.assessment_id, r.kind), ()))
        if r.kind is not None
        else r
        for organisation_id, r in ratings.items()
    }


def counted_stars_text(rating: RatingOfRecord, lang: str) -> str:
    """Say a counted rating's stars: "3 星", 未评定, or 未评定（一票否决） 原因：…."""
    if rating.vetoes:
        return vetoed_text(rating.vetoes, lang)
    if rating.stars is None:
        return not_rated_text(veto=False)
    return star_count_text(rating.stars)
