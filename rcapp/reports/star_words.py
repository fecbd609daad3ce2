"""How every output words a star rating and what kind of result it is (one place for both).

A result without stars (unmet prerequisites, or a veto that takes every star) is worded as
on the pages, by rcapp.assessments.rating_words; a document of one result adds why.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext

from rcapp.assessments.models import Assessment
from rcapp.assessments.rating_words import not_rated_text, not_rated_why, vetoed
from rcapp.reports.source import kept_scorecards
from rcapp.scoring import StarRating

__all__ = [
    "not_rated_text",
    "not_rated_words",
    "result_type",
    "stars_of_record",
    "vetoed",
    "vetoed_ids",
]


def _(msgid: str, /) -> str:
    return str(gettext(msgid))


def stars_of_record(rating: StarRating) -> int | None:
    """Return the stars outputs count and show; None when the result is not rated."""
    if not rating.rated or vetoed(rating):
        return None
    return rating.stars


def not_rated_words(rating: StarRating) -> str:
    """'Not rated' with its reason, for a document of one result (scorecard, results)."""
    return not_rated_why(rating)


def vetoed_ids(assessments: Sequence[Assessment]) -> set[int]:
    """Those of the assessments whose kept result a veto left without any star.

    Lists know a result's stars and `rated` flag, not why it has 0 stars: only the 0-star
    ones need their scorecard read.
    """
    kept = kept_scorecards(assessments)
    return {i for i, shown in kept.items() if vetoed(shown.card.rating)}


def result_type(final: bool, published: bool, rereview: bool = False, closed: bool = False) -> str:
    """结果性质 in the glossary's words: 最终 after peer review, 暂定 while the year is open.

    A closed year's kept self-assessed result is final for the year, and says it was not
    peer reviewed: 最终（自评）. ("已发布" was a third word for it, in no glossary.) A final
    rating an upheld appeal reopened is being reviewed again, as the result page's badge says;
    a `closed` year published it with the mark its close page promised (QA37 D1).
    """
    if rereview:
        return _("最终（申诉成立，重新评审未完成）") if closed else _("重新评审中")
    if final:
        return _("最终")
    return _("最终（自评）") if published else _("暂定")
