"""How pages and outputs word a result without stars: not rated, or vetoed (one place).

A result is "not rated" (未评定) when a prerequisite is unmet (answered "not met", or not
answered yet: the words tell the two apart, the rating does not), and also when a veto takes
every star ("一票否决…不予评星"): such a result has no star rating, it is not a rating of
0 stars. A result that simply falls short of one star stays "0 星". The pages (lists, the
result page, home) and the documents (rcapp.reports.star_words) read these words from here.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext, ngettext, pgettext

from rcapp.rubrics.model import VetoEffect
from rcapp.scoring import GateKind, PartState, StarRating
from rcapp.scoring.scorecard import VetoHit


def _(msgid: str, /) -> str:
    return str(gettext(msgid))


def vetoed(rating: StarRating) -> bool:
    """Tell whether a veto (no star, or capped at none) left the result without any star."""
    return rating.rated and rating.stars == 0 and leave_no_star(rating.vetoes)


def logged_stars(rating: StarRating | None) -> dict[str, object]:
    """Return a rating as the audit log stores it: its stars, and which kind of none.

    "stars": 0 alone cannot tell 0 星 from 未评定 or 未评定（一票否决）: "rated": false
    marks a result not rated, "veto": true one a veto left without any star, so the log
    words it as the pages do (audit.labels.stars_text, qa55 #1).
    """
    if rating is None:
        return {"stars": None}
    logged: dict[str, object] = {"stars": rating.stars}
    if vetoed(rating):
        logged["veto"] = True
    elif not rating.rated:
        logged["rated"] = False
    return logged


def leave_no_star(hits: Iterable[VetoHit]) -> bool:
    """Tell whether any of the vetoes takes every star (no star, or capped at none)."""
    return bool(taking_every_star(hits))


def taking_every_star(hits: Iterable[VetoHit]) -> tuple[VetoHit, ...]:
    """Return those of the vetoes that take every star (no star, or capped at none)."""
    return tuple(h for h in hits if h.effect is VetoEffect.NO_STAR or not h.max_stars)


def veto_condition(title: str) -> str:
    """Cut a veto rule's title to its condition, e.g. "较大及以上生产安全事故".

    The rubrics title a rule "condition（window…）：effect"; beside 未评定（一票否决） the
    effect is said already, and the window and the event's date are on the result page.
    """
    for colon in ("：", ": "):
        title = title.rpartition(colon)[0] or title
    for opening, closing in (("（", "）"), (" (", ")")):
        if title.endswith(closing) and opening in title:
            title = title[: title.rindex(opening)]
    return title.strip()


def veto_reason(hits: Iterable[VetoHit], lang: str) -> str:
    """Say in short which veto left a result without any star: "原因：较大及以上生产安全事故".

    The lead's comparison and planning pages and the comparison workbook (qa72 last stop).
    """
    conditions = dict.fromkeys(veto_condition(h.title.get(lang)) for h in taking_every_star(hits))
    return str(gettext("原因：%(conditions)s", conditions=_("；").join(conditions)))


class VetoedResults:
    """A row's self and final results: whether a veto left each without any star.

    Mixed into the rows of the comparison, the park's residents and the years page, which
    keep the vetoes that did (`self_vetoes`, `final_vetoes`) to say why.
    """

    self_vetoes: tuple[VetoHit, ...]
    final_vetoes: tuple[VetoHit, ...]

    @property
    def self_vetoed(self) -> bool:
        return bool(self.self_vetoes)

    @property
    def final_vetoed(self) -> bool:
        return bool(self.final_vetoes)


def vetoed_text(hits: Iterable[VetoHit], lang: str) -> str:
    """Say a result without stars and which veto, in one cell: "未评定（一票否决） 原因：…".

    The comparison and years workbooks, as their pages say it beside the stars.
    """
    return f"{not_rated_text(veto=True)} {veto_reason(hits, lang)}"


TOP_STARS = 5  # the schemes' five bands: every star distribution lists 5★ to 0★


def star_order(top: int = TOP_STARS) -> range:
    """Give the order every star distribution lists its rows in: 5★ .. 0★ (then 未评定).

    The year page, the annual report and its workbook list the same rows in this order,
    every year, whether or not a row counts any result (qa31 S7).
    """
    return range(max(top, TOP_STARS), -1, -1)


def star_row_label(stars: int) -> str:
    """Name a star distribution's row: "3 星", and the 0 row "未达 1 星" (enwords 4).

    A result of 0 stars is rated (prerequisites met, no veto taking every star) but falls
    short of the lowest band; "0 星"/"0-star" read like a rating of its own.
    """
    return _("未达 1 星") if stars == 0 else str(gettext("%(n)s 星", n=stars))


def star_count_text(stars: int, *, in_sentence: bool = False) -> str:
    """Say a rated result's stars: "3 星", and 0 as "未达 1 星", never "0 星" (vcnames 3).

    Every page, document and list printing a star count that can be 0 words it here.
    `in_sentence`: the words sit inside a sentence ("…the provisional star rating is below 1
    star"), where English starts them small; standing alone (a cell, a heading, a list
    entry) they read "Below 1 star". Chinese reads the same in both.
    """
    if stars:
        return str(ngettext("%(num)d 星", "%(num)d 星", stars))
    return str(pgettext("in a sentence", "未达 1 星")) if in_sentence else star_row_label(0)


def recorded_rating_text(stars: int, *, rated: bool = True, veto: bool | None = None) -> str:
    """Say inside a sentence a final rating known only from the audit log's record of it.

    `veto` None: an older record of 0 stars that did not say whether a veto took them, so
    neither 未达 1 星 nor 一票否决 is claimed (wordfix 5).
    """
    if veto or not rated:
        return not_rated_text(veto=bool(veto), in_sentence=True)
    if stars == 0 and veto is None:
        return str(pgettext("in a sentence", "无星级（记录未说明是否因一票否决）"))
    return star_count_text(stars, in_sentence=True)


def below_one_star_note() -> str:
    """Say what the "未达 1 星" row counts, under the tables that list it."""
    return _(
        "“未达 1 星”：已评定星级（满足前置条件、未被一票否决），"
        "但未达到 1 星条件（如总分门槛）的组织。"
    )


def not_rated_text(*, veto: bool, in_sentence: bool = False) -> str:
    """'Not rated': in lists plain 未评定 as on the pages, a veto always said (no 0 星).

    `in_sentence`: inside a sentence ("…the final rating stays not rated"), where English
    starts the words small, as star_count_text does; Chinese reads the same in both.
    """
    if in_sentence:
        if veto:
            return str(pgettext("in a sentence", "未评定（一票否决）"))
        return str(pgettext("in a sentence", "未评定"))
    if veto:
        return _("未评定（一票否决）")
    return _("未评定")


def rating_read(rating: StarRating) -> str:
    """Read a rating out inside a sentence: "1 星", 未评定, 未评定（一票否决）, or "below 1 star".

    Every caller embeds it in a sentence ("最终星级仍为 %(stars)s", "→ %(stars)s").
    """
    if not rating.rated or vetoed(rating):
        return not_rated_text(veto=vetoed(rating), in_sentence=True)
    return star_count_text(rating.stars, in_sentence=True)


def unmet_prerequisites(rating: StarRating) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return (those answered not met or contradicted by the data, those not answered yet).

    Read from the lowest band's failed prerequisites gate. A snapshot written before its
    parts said "not answered" counts every unmet one as not met, as it was worded then.
    """
    for band in rating.bands[:1]:
        for gate in band.gates:
            if gate.kind is GateKind.PREREQUISITES_MET and not gate.passed:
                unanswered = tuple(p.subject for p in gate.parts if p.state is PartState.UNANSWERED)
                rest = tuple(p.subject for p in gate.parts if p.state is not PartState.UNANSWERED)
                return rest, unanswered
    return (), ()


def not_rated_reason(rating: StarRating) -> str:
    """Why a result is not rated, in brackets: prerequisites not met, or not answered yet."""
    declined, unanswered = unmet_prerequisites(rating)
    if unanswered and declined:
        return _("（前置条件有的未满足，有的尚未作答）")
    if unanswered:
        return _("（前置条件尚未作答）")
    return _("（前置条件未全部满足）")


def not_rated_why(rating: StarRating, *, in_sentence: bool = False) -> str:
    """'Not rated' with its reason, for the result page's headline and documents of one result.

    `in_sentence`: as not_rated_text's.
    """
    if vetoed(rating):
        return not_rated_text(veto=True, in_sentence=in_sentence)
    return f"{not_rated_text(veto=False, in_sentence=in_sentence)} {not_rated_reason(rating)}"
