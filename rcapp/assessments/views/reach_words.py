"""The highest star rating within reach this year, in words (qa11 D3).

The conditions that hold the rating back are the engine's gates (scoring.ceiling reads
their `reach`); this module only words them, in the page's language, and adds what the
organisation can still do: answer, upload the files missing, mend its own conditions.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import ngettext

from rcapp.assessments.messages import N_, NP_, _
from rcapp.assessments.models import Assessment
from rcapp.assessments.review_state import shown_of_record
from rcapp.assessments.views.gate_words import GateWords
from rcapp.rubrics.model import Rubric
from rcapp.scoring import GateKind, GateReach, Scorecard
from rcapp.scoring.ceiling import ceiling
from rcapp.scoring.history_cap import HistoryCap

_WHY = {
    GateReach.NOT_THIS_YEAR: N_("本年度无法满足"),
    GateReach.OTHERS: N_("待判定：提交后由同行评审或秘书处判定"),
}
# The same once submitted: "提交后" no longer fits (QA36 S1).
_WHY_SUBMITTED = {**_WHY, GateReach.OTHERS: N_("待判定：由同行评审或秘书处判定")}
# One line per condition: "4 星及以上：…", and for the top band, with nothing above it, "5 星：…".
_BAND = NP_(
    "%(num)d 星及以上：%(condition)s（%(why)s）", "%(num)d 星及以上：%(condition)s（%(why)s）"
)
_TOP_BAND = NP_("%(num)d 星：%(condition)s（%(why)s）", "%(num)d 星：%(condition)s（%(why)s）")
# A veto that ends once its event is rectified already says so (gate_words._veto_event):
# "本年度无法满足" beside it said the opposite (qa: importwords 5).
_WHY_SAID = NP_("%(num)d 星及以上：%(condition)s", "%(num)d 星及以上：%(condition)s")
_TOP_WHY_SAID = NP_("%(num)d 星：%(condition)s", "%(num)d 星：%(condition)s")


@dataclass(frozen=True)
class ReachView:
    headline: str  # the most stars within reach this year
    own: str | None  # the most by the self-assessment alone, when fewer
    limits: tuple[str, ...]  # one line per condition out of the organisation's hands
    todo: tuple[str, ...]  # what it can still do itself (shown while it can edit)
    # The headline's figure: the bands above it are folded away on the page (qa56 M6).
    year_stars: int = 0


def reach_view(
    words: GateWords, card: Scorecard, capped: int, submitted: bool = False
) -> ReachView | None:
    """Word the ceiling; None when nothing is out of the organisation's hands."""
    why = _WHY_SUBMITTED if submitted else _WHY
    found = ceiling(card.rating, words.rectifiable())
    if not found.limits and not found.rectify:
        return None
    # A veto that ends on rectification: the ceiling counts on it, and says so (capwords 1).
    rectify = words.rectified_events(limit.gate for limit in found.rectify)
    if found.year_stars and rectify:
        headline = ngettext(
            "%(events)s整改完成并在“事件登记”中勾选“整改措施已完成”后，本年度最高可达 %(num)d 星",
            "%(events)s整改完成并在“事件登记”中勾选“整改措施已完成”后，本年度最高可达 %(num)d 星",
            found.year_stars,
            events=rectify,
        )
    elif found.year_stars:
        headline = ngettext(
            "本年度最高可达 %(num)d 星", "本年度最高可达 %(num)d 星", found.year_stars
        )
    else:
        headline = _("本年度无法获得星级")
    own = None
    if found.own_stars < found.year_stars:
        own = ngettext(
            "单靠自评最高可达 %(num)d 星", "单靠自评最高可达 %(num)d 星", found.own_stars
        )
    # The top band has nothing above it: "5 星：", not "5 星及以上：" (qa16 S4).
    top = max((band.stars for band in words.rubric.rating.bands), default=0)

    def line(stars: int, conditions: list[str], reach: GateReach | None) -> str:
        condition = _("；").join(conditions)
        if reach is None:  # the conditions say themselves when they can be met
            return str(
                ngettext(
                    *(_TOP_WHY_SAID if stars == top else _WHY_SAID), stars, condition=condition
                )
            )
        return str(
            ngettext(
                *(_TOP_BAND if stars == top else _BAND),
                stars,
                condition=condition,
                why=_(why[reach]),
            )
        )

    # Only what stands between the stars and this year's reach, then one line for why not
    # higher: the bands above it listed every condition up to 5 stars (qa57 a).
    # a veto lifted by rectifying says itself when it ends: no "not this year" beside it
    within = sorted(
        [(limit, limit.reach) for limit in found.within_reach()]
        + [(limit, None) for limit in found.rectify],
        key=lambda pair: pair[0].stars,
    )
    limits = tuple(
        line(limit.stars, [words.gate(limit.gate).text], reach) for limit, reach in within
    )
    if found.closing:
        texts = list(dict.fromkeys(words.gate(limit.gate).text for limit in found.closing))
        limits += (line(found.closing[0].stars, texts, GateReach.NOT_THIS_YEAR),)
    todo: list[str] = []
    if rectify:
        todo.append(_("整改%(events)s，完成后在“事件登记”中勾选“整改措施已完成”", events=rectify))
    if capped:
        todo.append(
            ngettext(
                "为 %(num)d 个因缺少证据按较低等级计分的评价项补充证据（见下方列表）",
                "为 %(num)d 个因缺少证据按较低等级计分的评价项补充证据（见下方列表）",
                capped,
            )
        )
    if card.missing:
        todo.append(
            ngettext(
                "作答其余 %(num)d 个评价项（未作答按 0 计）",
                "作答其余 %(num)d 个评价项（未作答按 0 计）",
                len(card.missing),
            )
        )
    for gate in found.todo:
        text = words.gate(gate).text
        if gate.kind is not GateKind.ALL_SECTIONS_ASSESSED and text not in todo:
            todo.append(text)
    return ReachView(
        str(headline), None if own is None else str(own), limits, tuple(todo), found.year_stars
    )


def reach_below_cap(
    assessment: Assessment, rubric: Rubric, cap: HistoryCap | None, lang: str
) -> ReachView | None:
    """Return the result page's ceiling when below the KPI-history cap (or at it), else None.

    At the cap it is returned only when another condition closes the band above.

    The overview said "目前最多可评 2 星" (the reporting run's cap) of a company a
    production-safety accident vetoes, whose result page says no star this year: the lower
    ceiling, in the result page's words, takes the cap's place (secwords #4). A park whose
    fatal accident caps it at 2 stars, as its reporting run does, read only the run (QA,
    parkfix #1): the ceiling names both, as the result page does.
    """
    if cap is None:
        return None
    shown = shown_of_record(assessment, rubric)
    words = GateWords(rubric, shown.card, lang, assessment.cycle.year)
    found = reach_view(words, shown.card, 0)
    if found is None or found.year_stars > cap.stars:
        return None
    if found.year_stars < cap.stars or _closed_beside_the_run(shown.card, words):
        return found
    return None


def _closed_beside_the_run(card: Scorecard, words: GateWords) -> bool:
    """Whether a condition other than the KPI reporting run closes the band above the reach."""
    closing = ceiling(card.rating, words.rectifiable()).closing
    return any(limit.gate.kind is not GateKind.KPIS_REPORTED for limit in closing)
