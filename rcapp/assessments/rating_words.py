"""How pages and outputs word a result without stars: not rated, or vetoed (one place).

A result is "not rated" (未评定) when a prerequisite is unmet, and also when a veto takes
every star ("一票否决…不予评星"): such a result has no star rating, it is not a rating of
0 stars. A result that simply falls short of one star stays "0 星". The pages (lists, the
result page, home) and the documents (rcapp.reports.star_words) read these words from here.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext

from rcapp.rubrics.model import VetoEffect
from rcapp.scoring import StarRating
from rcapp.scoring.scorecard import VetoHit


def _(msgid: str, /) -> str:
    return str(gettext(msgid))


def vetoed(rating: StarRating) -> bool:
    """Tell whether a veto (no star, or capped at none) left the result without any star."""
    return rating.rated and rating.stars == 0 and leave_no_star(rating.vetoes)


def leave_no_star(hits: Iterable[VetoHit]) -> bool:
    """Tell whether any of the vetoes takes every star (no star, or capped at none)."""
    return any(h.effect is VetoEffect.NO_STAR or not h.max_stars for h in hits)


def not_rated_text(*, veto: bool, why: bool = False) -> str:
    """'Not rated': in lists plain 未评定 as on the pages, a veto always said (no 0 星)."""
    if veto:
        return _("未评定（一票否决）")
    if why:
        return f"{_('未评定')} {_('（前置条件未全部满足）')}"
    return _("未评定")
