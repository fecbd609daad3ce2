"""How every output words a star rating and what kind of result it is (one place for both).

A result is "not rated" (未评定) when a prerequisite is unmet, as the result page says, and
also when a veto takes every star ("一票否决…不予评星"): such a result has no star rating,
it is not a rating of 0 stars. A result that simply falls short of one star stays "0 星",
as the lists show it. Lists say plain 未评定 for unmet prerequisites, as the pages do; a
document of one result adds why.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext

from rcapp.assessments.models import Assessment
from rcapp.reports.source import kept_scorecards
from rcapp.rubrics.model import VetoEffect
from rcapp.scoring import StarRating


def _(msgid: str, /) -> str:
    return str(gettext(msgid))


def vetoed(rating: StarRating) -> bool:
    """Tell whether a veto (no star, or capped at none) left the result without any star."""
    return (
        rating.rated
        and rating.stars == 0
        and any(h.effect is VetoEffect.NO_STAR or not h.max_stars for h in rating.vetoes)
    )


def stars_of_record(rating: StarRating) -> int | None:
    """Return the stars outputs count and show; None when the result is not rated."""
    if not rating.rated or vetoed(rating):
        return None
    return rating.stars


def not_rated_words(rating: StarRating) -> str:
    """'Not rated' with its reason, for a document of one result (scorecard, results)."""
    return not_rated_text(veto=vetoed(rating), why=True)


def not_rated_text(*, veto: bool, why: bool = False) -> str:
    """'Not rated': in lists plain 未评定 as on the pages, a veto always said (no 0 星)."""
    if veto:
        return _("未评定（一票否决）")
    if why:
        return f"{_('未评定')} {_('（前置条件未全部满足）')}"
    return _("未评定")


def vetoed_ids(assessments: Sequence[Assessment]) -> set[int]:
    """Those of the assessments whose kept result a veto left without any star.

    Lists know a result's stars and `rated` flag, not why it has 0 stars: only the 0-star
    ones need their scorecard read.
    """
    kept = kept_scorecards(assessments)
    return {i for i, shown in kept.items() if vetoed(shown.card.rating)}


def result_type(final: bool, published: bool) -> str:
    """结果性质: final after peer review, published (a closed year's kept result), provisional."""
    if final:
        return _("最终")
    return _("已发布") if published else _("暂定")
