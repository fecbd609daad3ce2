"""Turn review refusals and codes into messages in the user's language."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext, pgettext
from flask_babel.speaklater import LazyString

from rcapp.assessments.rating_words import not_rated_text, star_count_text, vetoed
from rcapp.assessments.review_filters import ReviewState
from rcapp.assessments.roster_form import REVIEW_LABELS
from rcapp.audit.whose import whose_text
from rcapp.i18n import current_lang, person_text, sentences
from rcapp.reviews import errors
from rcapp.reviews.models import (
    ActionStatus,
    AppealStatus,
    Decision,
    FindingKind,
    ReviewKind,
    ReviewStatus,
)
from rcapp.reviews.rules import (
    Conflict,
    FinalRule,
    ReviewerShortfall,
    SampleReason,
    reviewer_shortfall,
)
from rcapp.rubrics.model import PeerReviewed, Rubric, VetoEffect
from rcapp.scoring import StarRating
from rcapp.scoring.vetoes import worded_now
from rcapp.web import format_score

CONFLICT_TEXT = {
    Conflict.SAME_ORGANISATION: _l("评审员来自被评审单位本身"),
    Conflict.SAME_PARENT_GROUP: _l("评审员单位与被评审单位属于同一集团"),
    Conflict.SAME_PARK: _l("评审员单位与被评审单位在同一化工园区"),
    Conflict.RESIDENT_OF_REVIEWED_PARK: _l("评审员单位是被评审园区的入园企业"),
    Conflict.PARK_OF_REVIEWED: _l("评审员单位是被评审企业所在的化工园区"),
    Conflict.RECIPROCAL: _l("本周期被评审单位也在评审该评审员所在单位（不得互评）"),
    Conflict.DECLARED: _l("评审员已申报与该单位存在利益冲突"),
    Conflict.ALREADY_ASSIGNED: _l("该评审员已被指派评审本自评"),
    Conflict.SETTLES: _l("评审员是负责裁定本评审的组长或副组长（裁定与评审须由不同的人承担）"),
}
# How an item's final level was taken from reviewers who differ (rules.final_rule, qa66 #3).
FINAL_RULE_TEXT = {
    FinalRule.LOWER: _l("取较低者"),
    FinalRule.MEDIAN: _l("取中位数"),
    FinalRule.LOWER_MEDIAN: _l("取中间两者中较低者"),
}
KIND_TEXT = {ReviewKind.DESK: _l("文审"), ReviewKind.ONSITE: _l("现场评审")}
# The kind inside a sentence ("…; it is now: on-site review."), where English starts it
# small; lazy, as a mail is read in each reader's language (company_mail).
KIND_IN_SENTENCE = {
    ReviewKind.DESK: LazyString(lambda: pgettext("in a sentence", "文审")),
    ReviewKind.ONSITE: LazyString(lambda: pgettext("in a sentence", "现场评审")),
}
STATUS_TEXT = {ReviewStatus.IN_REVIEW: _l("评审中"), ReviewStatus.FINAL: _l("已定级")}
# A review's state in a list's review column (states.review_states_of): a review reopened by
# an upheld appeal reads as its result page's badge says (QA57 M2), a closed year's review
# not finished as the year's list says (评审未完成（年度关闭时冻结）).
STATE_TEXT = {
    ReviewState.IN_REVIEW: STATUS_TEXT[ReviewStatus.IN_REVIEW],
    ReviewState.REREVIEW: _l("重新评审中"),
    ReviewState.FINAL: STATUS_TEXT[ReviewStatus.FINAL],
    ReviewState.APPEALED: STATUS_TEXT[ReviewStatus.FINAL],
    ReviewState.FROZEN: REVIEW_LABELS["frozen"],
}
# Why an item is sampled, beside its 抽查项 badge and in the page's legend (qa70 M1).
SAMPLE_REASON_TEXT = {
    SampleReason.NEXT_STAR: _l("通往下一星级"),
    SampleReason.NA_CLAIM: _l("自评为不适用"),
    SampleReason.HIGH_LEVEL: _l("自评等级高"),
    SampleReason.CHANGED: _l("上次提交后有修改"),
}
FINDING_TEXT = {
    FindingKind.STRENGTH: _l("亮点"),
    FindingKind.IMPROVEMENT: _l("改进机会"),
    FindingKind.CORRECTIVE_ACTION: _l("须整改项"),
}
ACTION_TEXT = {
    ActionStatus.OPEN: _l("待整改"),
    ActionStatus.CLOSED: _l("已整改，待工作组组长或副组长确认关闭"),
    ActionStatus.ACCEPTED: _l("已确认关闭"),
}
DECISION_TEXT = {
    Decision.ACCEPT: _l("接受自评等级"),
    Decision.ADJUST: _l("调整等级"),
    Decision.NA_ACCEPT: _l("接受“不适用”"),
    Decision.NA_REJECT: _l("不接受“不适用”"),
}
APPEAL_TEXT = {
    AppealStatus.OPEN: _l("待秘书处决定"),
    AppealStatus.UPHELD: _l("申诉成立"),
    AppealStatus.DISMISSED: _l("申诉驳回"),
}

# The words of STATE_TEXT, ACTION_TEXT and APPEAL_TEXT inside a sentence ("…; now: in
# review."), where English starts them small (a second, context-marked catalogue entry, as
# rating_words.star_count_text); called at render time, as pgettext has no lazy keyword here.


def state_in_sentence(state: ReviewState) -> str:
    """Say a review's state inside a sentence: "in review" (the list's badge: "In review")."""
    final = pgettext("in a sentence", "已定级")
    words = {
        ReviewState.IN_REVIEW: pgettext("in a sentence", "评审中"),
        ReviewState.REREVIEW: pgettext("in a sentence", "重新评审中"),
        ReviewState.FINAL: final,
        ReviewState.APPEALED: final,
        ReviewState.FROZEN: pgettext("in a sentence", "评审未完成（年度关闭时冻结）"),
    }
    return str(words[state])


def action_in_sentence(status: ActionStatus) -> str:
    """Say a corrective action's status inside a sentence: "open" (its badge: "Open")."""
    words = {
        ActionStatus.OPEN: pgettext("in a sentence", "待整改"),
        ActionStatus.CLOSED: pgettext("in a sentence", "已整改，待工作组组长或副组长确认关闭"),
        ActionStatus.ACCEPTED: pgettext("in a sentence", "已确认关闭"),
    }
    return str(words[status])


def appeal_in_sentence(status: AppealStatus) -> str:
    """Say an appeal's outcome inside a sentence: "upheld" (its badge: "Upheld").

    The decision mail says it with the same catalogue entries (mail_appeal_decided.txt).
    """
    words = {
        AppealStatus.OPEN: pgettext("in a sentence", "待秘书处决定"),
        AppealStatus.UPHELD: pgettext("in a sentence", "申诉成立"),
        AppealStatus.DISMISSED: pgettext("in a sentence", "申诉驳回"),
    }
    return str(words[status])


def conflicts_text(reasons: tuple[Conflict, ...], declared_reason: str = "") -> str:
    """List conflict reasons in the user's language, a declared one with the reviewer's reason."""
    return str(_("；")).join(_conflict_text(r, declared_reason) for r in reasons)


def _conflict_text(conflict: Conflict, declared_reason: str) -> str:
    if conflict is Conflict.DECLARED and declared_reason.strip():
        text = _("评审员已申报与该单位存在利益冲突（原因：%(reason)s）", reason=declared_reason)
        return str(text)
    return str(CONFLICT_TEXT[conflict])


def conflict_now_text(e: errors.AssignmentInConflict) -> str:
    """Say why an open assignment is in conflict now, with the assignment-time reasons."""
    if e.no_organisation:
        return str(_("评审员已不属于任何会员单位"))
    return conflicts_text(e.reasons, e.declared_reason)


def refusal_text(refused: errors.ReviewRefused) -> str:
    """Say why a review action was refused, naming the item, field or reviewer."""
    return str(_refusal(refused))


def _refusal(e: errors.ReviewRefused) -> Any:  # flask_babel's gettext is untyped
    match e:
        case errors.ConflictOfInterest():
            # One sentence per refused reviewer.
            return sentences(
                [
                    *(
                        _(
                            "不能指派 %(name)s：%(reasons)s。",
                            name=person_text(one.reviewer_name),
                            reasons=conflicts_text(one.reasons, one.declared_reason),
                        )
                        for one in e.every
                    ),
                    _("未作任何指派。"),
                ]
            )
        case errors.AssignmentInConflict():
            return _(
                "您现与被评审单位存在利益冲突（%(reasons)s），不能再保存或提交本评审；"
                "您的输入未保存。请联系工作组组长或副组长。",
                reasons=conflict_now_text(e),
            )
        case errors.TooFewReviewers():
            return _("现场评审至少需要 %(n)d 名评审员。未作任何指派。", n=e.needed)
        case errors.NotAReviewer():
            return _("所选评审员不属于任何会员单位，不能评审。")
        case errors.ReasonRequired():
            return _("%(item)s：请填写理由。", item=e.item_id)
        case errors.LevelRequired() if e.max_level == 1:  # a yes/no item: 是 or 否
            return _("%(item)s：请选择“是”或“否”。", item=e.item_id)
        case errors.LevelRequired():
            return _("%(item)s：请选择 0–%(max)d 之间的等级。", item=e.item_id, max=e.max_level)
        case errors.NaNotClaimed():
            return _(
                "%(item)s：单位和评审员均未主张“不适用”，不能裁定为不适用；"
                "请选择 0–%(max)d 之间的等级。",
                item=e.item_id,
                max=e.max_level,
            )
        case errors.DecisionNotAllowed():
            return _("%(item)s：该结论与自评答案不符。", item=e.item_id)
        case errors.UndecidedItems():
            return ngettext(
                "还有 %(num)d 个抽查项未给出结论：%(items)s。",
                "还有 %(num)d 个抽查项未给出结论：%(items)s。",
                len(e.item_ids),
                items=_listed(e.item_ids),
            )
        case errors.UnsettledItems():
            return ngettext(
                "还有 %(num)d 个差异项未裁定：%(items)s。",
                "还有 %(num)d 个差异项未裁定：%(items)s。",
                len(e.item_ids),
                items=_listed(e.item_ids),
            )
        case errors.NoSubmittedReviews():
            return ngettext(
                "定级前至少需要 %(num)d 份已提交的评审。",
                "定级前至少需要 %(num)d 份已提交的评审。",
                e.needed,
            )
        case errors.SettlerIsReviewer():
            return _(
                "您是本评审的评审员，不能裁定或定级自己参与的评审；请由其他组长、副组长或秘书处处理。"
                "本次操作未执行。"
            )
        case errors.AnswersReturned():
            return _("该自评已退回修改，重新提交后才能裁定或定级；本次操作未执行。")
        case errors.FindingIncomplete():
            return _finding_field(e.field)
        case errors.FindingChanged():
            return whose_text(
                e.hand,
                mine=_(
                    "这条发现已在您的另一窗口、标签页或设备中修改或删去（现在的内容见上）；"
                    "本页未保存，输入仍在下方，请核对后再保存。"
                ),
                named=lambda name: _(
                    "这条发现在您打开本页后已被 %(name)s 修改或删去（现在的内容见上）；"
                    "未保存，您的输入仍在下方，请核对后再保存。",
                    name=name,
                ),
                unknown=_(
                    "这条发现在您打开本页后已被他人修改或删去（现在的内容见上）；"
                    "未保存，您的输入仍在下方，请核对后再保存。"
                ),
            )
        case errors.FindingNotDropped():
            return whose_text(
                e.hand,
                mine=_("您已在另一窗口、标签页或设备中恢复这条发现，会发给单位；无需再次恢复。"),
                named=lambda name: _(
                    "这条发现已被 %(name)s 恢复，会发给单位；无需再次恢复。", name=name
                ),
                unknown=_("这条发现已被他人恢复，会发给单位；无需再次恢复。"),
            )
        case errors.FindingNotSent():
            return _("这条发现已被删去，或其评审尚未提交，不能修改；本次操作未执行。")
        case errors.EvidenceRequired():
            return _("请说明整改证据。")
        case errors.AppealPeriodOver():
            return _("申诉期已过，不能再提出申诉。")
        case errors.AppealAlreadyOpen():
            return _("已有一项申诉正在处理。")
        case errors.AppealAlreadyDecided():
            return _("本次最终评级已申诉过一次，秘书处已作出决定；每个最终评级只能申诉一次。")
        case errors.ReviewTaken():
            return _("此自评已由另一工作组指派评审员，由该组负责；未作任何指派。")
        case errors.ReviewDaysChanged():
            return _days_changed(e)
        case errors.ReviewFinalised():
            return _("该评审已定级，不能再修改；您的输入未保存。")
        case errors.AssignmentSubmitted():
            return _("您的评审已提交，不能再修改；您的输入未保存。")
        case errors.SavedMeanwhile():
            return saved_meanwhile_text(e, None)
        case errors.YearClosed():
            return year_closed_text(e.year) + " " + _("本次操作未执行。")
        case errors.RatingChanged():
            return rating_changed_text(e)
    return _("操作未完成。")


def own_organisation_text() -> str:
    """Why a lead may not run her own organisation's review (the 403 page's reason, QA47 S15)."""
    return str(
        _(
            "您是该单位的成员，与其评审存在利益冲突："
            "本单位的评审由其他工作组组长、副组长或秘书处负责。"
        )
    )


def no_permission_text() -> str:
    """Say what the 403 page says when it gives no particular reason (errors/403.html)."""
    return str(_("您没有权限查看或修改此内容。"))


def final_no_assign_text() -> str:
    """Why nobody may be assigned to a review once it is final: said, nothing assigned."""
    return str(_("该评审已定级，不能再指派评审员；未作任何指派。"))


def stale_withdraw_text(name: str, decisions: int, findings: int) -> str:
    """Say that the reviewer saved work after the withdraw page was opened (qa41 D2)."""
    return str(
        _(
            "%(name)s 在您打开本页后又保存了结论或评审发现（现共 %(decisions)d 项评价项结论、"
            "%(findings)d 条评审发现），撤回将删除它们。尚未撤回，请核对后再确认。",
            name=person_text(name),
            decisions=decisions,
            findings=findings,
        )
    )


def rating_changed_text(e: errors.RatingChanged) -> str:
    """Say what changed since the confirmation page was opened: the score, the stars (QA33 D3)."""
    now = stars_text(e.stars, e.rated, e.veto, in_sentence=True)
    earlier = _shown_rating(e.shown)
    if earlier is None:  # an unreadable stamp: only what the rating is now
        return str(
            _(
                "在您打开确认页之后，有评价项被重新裁定，现在的定级结果为%(stars)s。"
                "尚未定级，请核对后再确认。",
                stars=now,
            )
        )
    stars, rated, overall = earlier
    before = stars_text(
        stars, rated, e.veto and stars == e.stars and rated == e.rated, in_sentence=True
    )
    score_before, score_now = format_score(overall), format_score(e.overall)
    if score_before != score_now:
        score = _("最终得分由 %(before)s 变为 %(now)s", before=score_before, now=score_now)
    else:
        score = _("最终得分仍为 %(now)s", now=score_now)
    if before != now:
        rating = _("星级由%(before)s变为%(now)s", before=_spaced(before), now=_spaced(now))
    else:
        rating = _("星级仍为%(now)s", now=_spaced(now))
    return str(
        _(
            "在您打开确认页之后，有评价项被重新裁定：%(score)s，%(rating)s。"
            "尚未定级，请核对后再确认。",
            score=score,
            rating=rating,
        )
    )


def _spaced(stars: str) -> str:
    """Space a count of stars after Chinese text (仍为 2 星), not a word (仍为未评定).

    QA37 S7: "星级仍为2 星". English puts its own spaces in the message.
    """
    return " " + stars if current_lang() == "zh" and stars[:1].isdigit() else stars


def _shown_rating(stamp: str) -> tuple[int, bool, Decimal] | None:
    """Read settling.rating_stamp back: (stars, rated, overall); None if it is not one."""
    parts = stamp.split(":")
    if len(parts) != 3:
        return None
    try:
        return int(parts[0]), parts[1] == "1", Decimal(parts[2])
    except (ValueError, ArithmeticError):
        return None


def capped_title() -> str:
    """Explain a self star rating held by the peer-review gate (a cell's note and title).

    One sentence whether the review is final yet or not: the same note "（评审前封顶）" had
    two explanations under one table (QA47 S14).
    """
    return str(
        _("自评星级在同行评审前已封顶：更高星级须经同行评审；评审定级后的结果见“最终星级”。")
    )


def capped_note(final: bool, closed: bool) -> tuple[str, str]:
    """Say why a high self score has few self stars: (the note beside them, its title).

    After the review the note still explains the self stars (the final ones stand beside
    them); in a closed year without a final review nothing can be reviewed any more, so
    the note makes no promise.
    """
    if closed and not final:
        return str(_("（未经评审，封顶）")), str(
            _("自评星级已封顶：更高星级须经同行评审，本年度已关闭，未经评审。")
        )
    return str(_("（评审前封顶）")), capped_title()


def year_closed_text(year: int) -> str:
    """Say that the review's year is closed and who can open it again."""
    return str(
        _(
            "%(year)d 年度已关闭，评审结果已冻结；如需继续，请秘书处重新开放年度。",
            year=year,
        )
    )


def stars_text(stars: int, rated: bool, veto: bool = False, *, in_sentence: bool = False) -> str:
    """Read a rating out as a number of stars, or 未评定 when a prerequisite is unmet.

    `veto`: a veto left it without any star, which is not a rating of 0 stars either.
    `in_sentence`: inside a sentence, where English reads "below 1 star" (star_count_text).
    """
    if veto or not rated:
        return not_rated_text(veto=veto, in_sentence=in_sentence)
    return star_count_text(stars, in_sentence=in_sentence)


def rating_text(rating: StarRating, *, in_sentence: bool = False) -> str:
    """Read a scorecard's rating out as the result page does (stars, 未评定, or the veto)."""
    return stars_text(rating.stars, rating.rated, vetoed(rating), in_sentence=in_sentence)


def veto_reasons(rating: StarRating, rubric: Rubric, lang: str) -> list[str]:
    """Name the vetoes that took every star (as the rubric words them now), each with its day."""
    if not vetoed(rating):
        return []
    return [
        str(_("%(title)s（%(day)s）", title=hit.title.get(lang), day=hit.event_date.isoformat()))
        for hit in worded_now(rating.vetoes, rubric.rating.vetoes)
        if hit.effect is VetoEffect.NO_STAR or not hit.max_stars
    ]


def saved_meanwhile_text(
    e: errors.SavedMeanwhile, by: str | None, *, yourself: bool = False
) -> str:
    """Someone saved this item since the page was opened: what is stored, how to decide.

    `yourself`: the user saved it (another tab, an older page), so no name is given.
    """
    stored = _stored_text(e)
    if yourself:
        return str(
            _(
                "%(item)s：您在打开本页后已在其他窗口保存过此项（%(stored)s）。本页的输入未保存，"
                "仍显示在此；再次提交将以本页的输入覆盖。",
                item=e.item_id,
                stored=stored,
            )
        )
    if by:
        return str(
            _(
                "%(item)s：%(name)s 在您打开本页后已保存此项（%(stored)s）。您的输入未保存，"
                "仍显示在此；再次提交将以您的输入覆盖。",
                item=e.item_id,
                name=person_text(by),
                stored=stored,
            )
        )
    return str(
        _(
            "%(item)s：其他用户在您打开本页后已保存此项（%(stored)s）。您的输入未保存，"
            "仍显示在此；再次提交将以您的输入覆盖。",
            item=e.item_id,
            stored=stored,
        )
    )


def _stored_text(e: errors.SavedMeanwhile) -> str:
    """Describe the stored settlement (level, reason) or decision (kind, level if any, reason)."""
    reason = e.reason or _("（无）")
    if e.decision is None:
        level = _("不适用") if e.level is None else str(e.level)
        return str(_("等级 %(level)s，理由：%(reason)s", level=level, reason=reason))
    label = DECISION_TEXT[Decision(e.decision)]
    if e.level is None:
        return str(_("结论：%(decision)s，理由：%(reason)s", decision=label, reason=reason))
    return str(
        _(
            "结论：%(decision)s，等级 %(level)d，理由：%(reason)s",
            decision=label,
            level=e.level,
            reason=reason,
        )
    )


def _listed(item_ids: tuple[str, ...]) -> str:
    """Name the first ten items, separated as the language separates a list."""
    shown = str(_("、")).join(item_ids[:10])
    return shown + (" …" if len(item_ids) > 10 else "")


def _finding_field(field: str) -> Any:
    if field == "owner":
        return _("须整改项必须填写责任人。")
    if field == "due_on":
        return _("须整改项必须填写完成期限。")
    return _("请填写发现的内容。")


def plan_text() -> str:
    """Say how many reviewers the process plans and what the assign page accepts (qa51 M2).

    It said 要求每份自评至少两名评审员 and accepted one: a desk review may have one reviewer,
    an on-site review needs two (rules.MIN_REVIEWERS); two are advised (ADVISED_REVIEWERS).
    """
    return str(_("评审流程建议每份自评指派两名评审员：文审至少一名，现场评审至少两名。"))


def shortfall_text(shortfall: ReviewerShortfall) -> str:
    """Warn the lead that the review has fewer reviewers than the plan, and what it costs."""
    text = (
        ngettext("本评审只有 %(num)d 名评审员：", "本评审只有 %(num)d 名评审员：", shortfall.count)
        + plan_text()
    )
    if shortfall.stars is None:
        return str(text)
    return str(text) + str(
        _(
            "按本评价细则，%(stars)d 星及以上须至少 %(needed)d 名评审员，"
            "本次评审最高只能定为 %(below)d 星；如需更高星级，请再指派评审员。",
            stars=shortfall.stars,
            needed=shortfall.needed,
            below=shortfall.stars - 1,
        )
    )


def shortfall_warning(rubric: Rubric, count: int) -> str:
    """Warn the lead of a review with `count` reviewers; '' when there are enough."""
    found = reviewer_shortfall(count, _peer_gates(rubric))
    return "" if found is None else shortfall_text(found)


def submitted_shortfall_warning(rubric: Rubric, submitted: int, assigned: int) -> str:
    """Warn the lead finalising on `submitted` reviews of `assigned` reviewers ('' if enough).

    The rating counts submitted reviews, not assigned reviewers: the words say which is which.
    """
    found = reviewer_shortfall(submitted, _peer_gates(rubric))
    if found is None:
        return ""
    text = (
        ngettext(
            "已提交的评审只有 %(num)d 份（已指派 %(assigned)d 名评审员）：",
            "已提交的评审只有 %(num)d 份（已指派 %(assigned)d 名评审员）：",
            submitted,
            assigned=assigned,
        )
        + plan_text()
    )
    if found.stars is None:
        return str(text)
    if assigned > submitted:
        advice = _("如需更高星级，请等待其他评审员提交，或再指派评审员。")
    else:
        advice = _("如需更高星级，请再指派评审员。")
    return (
        str(text)
        + str(
            _(
                "按本评价细则，%(stars)d 星及以上须至少 %(needed)d 份已提交的评审，"
                "本次评审最高只能定为 %(below)d 星；",
                stars=found.stars,
                needed=found.needed,
                below=found.stars - 1,
            )
        )
        + str(advice)
    )


def _peer_gates(rubric: Rubric) -> list[tuple[int, int]]:
    """Return the rubric's (stars, minimum reviewers) of its peer-review conditions."""
    return [
        (band.stars, condition.min_reviewers)
        for band in rubric.rating.bands
        for condition in band.conditions
        if isinstance(condition, PeerReviewed)
    ]


def single_reviewer_hint(rubric: Rubric, assigned: int) -> str:
    """Say before assigning what one reviewer alone costs ('' once two are assigned).

    qa20 S11: the warning came only after the lone reviewer was assigned and notified.
    """
    if assigned >= 2:
        return ""
    found = reviewer_shortfall(1, _peer_gates(rubric))
    if found is None or found.stars is None:
        return plan_text()
    return plan_text() + str(
        _(
            "按本评价细则，%(stars)d 星及以上须至少 "
            "%(needed)d 名评审员：只有 1 名评审员的评审最高只能定为 %(below)d 星。",
            stars=found.stars,
            needed=found.needed,
            below=found.stars - 1,
        )
    )


def _days_changed(e: errors.ReviewDaysChanged) -> str:
    """Name who moved the review's days meanwhile, and the days stored now (qa85 #1)."""
    none = str(_("（未设定）"))
    visit = e.visit_on.isoformat() if e.visit_on else none
    due = e.due_on.isoformat() if e.due_on else none
    days = str(_("现场评审日期：%(visit)s；提交期限：%(due)s", visit=visit, due=due))
    return whose_text(
        e.hand,
        mine=_(
            "您已在另一窗口、标签页或设备中更改本评审的日期（%(days)s）；"
            "本页未保存，输入仍在下方，请核对后再提交。",
            days=days,
        ),
        named=lambda name: _(
            "%(name)s 在您打开本页后已更改本评审的日期（%(days)s）；"
            "未保存，您的输入仍在下方，请核对后再提交。",
            name=name,
            days=days,
        ),
        unknown=_(
            "本评审的日期在您打开本页后已被他人更改（%(days)s）；未保存，您的输入仍在下方，请核对后再提交。",
            days=days,
        ),
    )
