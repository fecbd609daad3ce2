"""Say, before a review or an appeal, that a veto has already fixed the stars (qa66 #1).

A veto (一票否决) is read from the events register and the KPI data, never from the
item levels a review checks: once it leaves a result without any star, no review or
appeal changes the stars, only the scores, the findings and the corrective actions.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.assessments.rating_words import veto_reason, vetoed
from rcapp.permissions import Action, can
from rcapp.rubrics.model import Rubric, VetoEffect
from rcapp.scoring import StarRating
from rcapp.scoring.scorecard import VetoHit
from rcapp.scoring.vetoes import counted_until, worded_now


def veto_fixed_note(rating: StarRating, rubric: Rubric, lang: str) -> str:
    """Return the line saying a veto fixed the stars ('' when no veto took them all)."""
    if not vetoed(rating):
        return ""
    rules = {rule.id: rule for rule in rubric.rating.vetoes}
    named = []
    for hit in worded_now(rating.vetoes, rules.values()):
        if hit.effect is not VetoEffect.NO_STAR and hit.max_stars:
            continue  # a cap that leaves stars is not what took them all
        rule = rules.get(hit.rule_id)
        if rule is None or rule.only_unresolved:  # counts until resolved: no day to name
            when = _("事件日期 %(day)s", day=hit.event_date.isoformat())
        else:
            when = _(
                "事件日期 %(day)s，%(until)s 起不再计入",
                day=hit.event_date.isoformat(),
                until=counted_until(rule, hit.event_date).isoformat(),
            )
        named.append(str(_("%(title)s（%(when)s）", title=hit.title.get(lang), when=when)))
    return str(
        _(
            "本单位本年度因一票否决不予评星：%(vetoes)s。一票否决不取决于评审的评价项等级，"
            "评审结果不改变星级（仍为“未评定（一票否决）”）；评审得分、评审发现和整改仍然有效。",
            vetoes=str(_("；")).join(named),
        )
    )


_REASON = Markup('<br><span class="help veto-reason">{}</span>')
_DETAIL = Markup(' <a href="{}">{}</a>')


def veto_reason_note(hits: Iterable[VetoHit], lang: str, result_url: str | None) -> Markup:
    """Under 未评定（一票否决）: which veto, and a link to the result page that tells it in full.

    The lead's comparison and planning pages (qa72 last stop), the park's residents and
    an organisation's years; no link where the viewer may not open that result
    (`result_url` None).
    """
    detail = _DETAIL.format(result_url, _("查看详情")) if result_url else ""
    return _REASON.format(Markup("{}{}").format(veto_reason(hits, lang), detail))


def veto_notes(
    results: Iterable[tuple[int, str, tuple[VetoHit, ...]]], user: object, lang: str
) -> dict[tuple[int, str], Markup]:
    """Note each vetoed result (assessment id, which column, its vetoes) for a page's cells.

    By (assessment id, which column): the template writes the note under the cell's
    未评定（一票否决）; a result without vetoes gets none.
    """
    vetoed = [(i, which, hits) for i, which, hits in results if hits]
    urls = result_urls((i for i, _which, _hits in vetoed), user)
    return {(i, which): veto_reason_note(hits, lang, urls.get(i)) for i, which, hits in vetoed}


def result_urls(assessment_ids: Iterable[int], user: object) -> dict[int, str]:
    """Link each assessment's result page, at its star conditions, where `user` may open it."""
    found = {}
    for assessment_id in sorted(set(assessment_ids)):
        assessment = db.session().get(Assessment, assessment_id)
        if assessment is not None and can(user, Action.RESULT_VIEW, assessment):
            found[assessment_id] = url_for(
                "assessments.result", assessment_id=assessment_id, _anchor="bands-title"
            )
    return found
