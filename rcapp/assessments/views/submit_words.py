"""The submit confirmation: the provisional result a submit would record, in words.

And the message after the submit: the stars recorded, and a final rating of record.

Said before the user confirms, so that a result of no stars, or one held down by items
without an uploaded file, is not learnt only after the assessment is locked.
"""

from __future__ import annotations

from flask_babel import ngettext

from rcapp.assessments.messages import _
from rcapp.assessments.rating_words import not_rated_why, rating_read, star_count_text, vetoed
from rcapp.assessments.views.draft_beside import ResubmitOutcome
from rcapp.assessments.views.gate_words import GateWords, cap_reasons
from rcapp.rubrics.model import Rubric
from rcapp.scoring import Scorecard
from rcapp.web import format_score


def stars_words(card: Scorecard) -> str:
    rating = card.rating
    if vetoed(rating) or not rating.rated:
        return not_rated_why(rating, in_sentence=True)
    return star_count_text(rating.stars, in_sentence=True)  # "…暂定星级为 %(stars)s"


def no_star_why(rubric: Rubric, card: Scorecard, lang: str) -> str | None:
    """Word the first condition a rated result of no stars fails (qa44 S8), else None."""
    rating = card.rating
    if vetoed(rating) or not rating.rated or rating.stars or not rating.binding:
        return None
    return GateWords(rubric, card, lang, unreviewed=True).gate(rating.binding[0]).text


def submit_confirm(
    card: Scorecard,
    capped: int,
    why: str | None = None,
    outcome: ResubmitOutcome | None = None,
) -> str:
    """Return the confirmation: stars and score (why none), capped items, the lock.

    With a final rating of record, also what the submit does to it (lowers it or leaves
    it), as the result page's draft panel says: the self stars are not the new rating.
    """
    parts = [
        _(
            "按当前填写内容，暂定星级为 %(stars)s（总分 %(score)s）。",
            stars=stars_words(card),
            score=format_score(card.overall),
        )
    ]
    if why:
        parts.append(_("未得星的原因：%(why)s", why=why))
    if capped:
        parts.append(
            ngettext(
                "其中 %(num)d 个评价项因缺少证据按较低等级计分。",
                "其中 %(num)d 个评价项因缺少证据按较低等级计分。",
                capped,
            )
        )
    if outcome is not None:
        parts.append(outcome.text)
    parts.append(_("提交后自评将被锁定，只有秘书处退回后才能再修改。确定提交？"))
    return CONFIRM_LINES.join(parts)


# One line per point, the question set apart: the browser's dialog showed one run-on
# paragraph (qa50 #8). window.confirm keeps the line breaks of the data-confirm attribute.
CONFIRM_LINES = "\n\n"


def submitted_text(rubric: Rubric, own: Scorecard, final: Scorecard | None, lang: str) -> str:
    """Confirm a submission: its self-assessed stars, and the final rating of record if any.

    A resubmission leaves a final (peer-reviewed) rating, or lowers it by its data
    (scoring.record): the message says which, and by what, so nobody reads the self stars
    as the new rating.
    """
    own_stars = rating_read(own.rating)
    if final is None:
        return _("已提交。暂定星级：%(stars)s。", stars=own_stars)
    lowered = final.rating.lowered
    if lowered is None:
        return _(
            "已提交。自评星级：%(own)s；"
            "最终星级仍为 %(stars)s（同行评审），重新提交不会提高最终星级。",
            own=own_stars,
            stars=rating_read(final.rating),
        )
    return _(
        "已提交。自评星级：%(own)s；"
        "最终星级由 %(peer)s 星（同行评审）下调为 %(stars)s：%(reasons)s。",
        own=own_stars,
        peer=lowered.peer_stars,
        stars=rating_read(final.rating),
        reasons=cap_reasons(rubric, lowered.gates, final.rating.vetoes, lang),
    )
