"""Words for the audit log: actions, fields and stored values as people say them.

The log stores keys ("answer.update", "na_reason", "submitted"); the page shows these labels
in the reader's language. Keys without a label fall back to the key itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from flask_babel import pgettext
from flask_babel.speaklater import LazyString

from rcapp.rubrics.grade_names import GRADE_NAMES
from rcapp.text_width import cut_to_width
from rcapp.translation_memo import kept

# Actions the task worker writes without a person (the automatic reminder round); other
# entries without an actor come from the command line, or from the login page.
WORKER_ACTIONS = frozenset({"remind", "remind.auto"})

# Written by the login page for someone not (yet) logged in: no proven person did it.
LOGIN_PAGE_ACTIONS = frozenset(
    {"login.failed", "login.unknown", "login.deactivated", "login.lockout"}
)

# The user id of a failed login with an e-mail that has no account ("login.unknown").
NO_ACCOUNT = 0

# Choices of the action filter that stand for several actions (their keys and the keys
# below them: "password" also finds "password.reset").
ACTION_GROUPS = {
    "account": (
        _l("账号：登录、退出、登录失败和密码（全部）"),
        ("login", "logout", "password", "invitation.accept"),
    ),
}

# One record each (the filter's "Record type" and the type before each row's name): singular
# in English, so in their own context apart from the menus' plural "Users", "Self-assessments".
ENTITY_LABELS = {
    "organisation": LazyString(lambda: pgettext("record type", "单位")),
    # One entry per bulk import (who, how many created and updated); each organisation
    # created or changed by it has its own entries as well.
    "organisation_import": LazyString(lambda: pgettext("record type", "单位批量导入")),
    "user": LazyString(lambda: pgettext("record type", "用户")),
    "working_group": LazyString(lambda: pgettext("record type", "工作组")),
    "cycle": LazyString(lambda: pgettext("record type", "评价周期")),
    "assessment": LazyString(lambda: pgettext("record type", "自评")),
    "review": LazyString(lambda: pgettext("record type", "同行评审")),
}

ACTION_LABELS = {
    "create": _l("创建"),
    "update": _l("修改"),
    "delete": _l("删除"),
    "open": _l("开启"),
    "close": _l("关闭"),
    "close.start": _l("开始关闭（冻结结果）"),
    "reopen": _l("重新开放"),
    "invite": _l("发出邀请"),
    "deactivate": _l("停用"),
    "reactivate": _l("启用"),
    "login": _l("登录"),
    "logout": _l("退出登录"),
    "login.failed": _l("登录失败（密码错误）"),
    "login.unknown": _l("登录失败（电子邮箱无对应账号）"),
    "login.deactivated": _l("已停用的账号尝试登录（密码正确，未登录）"),
    "login.lockout": _l("登录失败过多，暂时锁定"),
    "invitation.accept": _l("通过邀请链接设置密码"),
    "password.reset_request": _l("申请重置密码（已发送重置链接）"),
    "password.reset": _l("通过重置链接设置新密码"),
    "password.change": _l("修改密码"),
    "member.add": _l("添加成员"),
    # An organisation admin typed the address of an account that is not its member: the
    # account was left as it was and its owner told (accounts.elsewhere).
    "member.add_attempt": _l("尝试添加非本单位的已有账号（未添加，已通知本人）"),
    "member.role": _l("修改成员角色"),
    "member.remove": _l("移除成员"),
    # An account whose invitation was never used: removed by its organisation's admin, or
    # its address corrected (a new invitation went to it; accounts.unused_accounts).
    "member.delete_unused": _l("删除未使用的账号"),
    "email.correct": _l("改正电子邮箱"),
    "partner.add": _l("添加合作伙伴"),
    "partner.update": _l("修改合作伙伴"),
    "partner.remove": _l("删除合作伙伴"),
    "role.add": _l("指定工作组角色"),
    "role.remove": _l("取消工作组角色"),
    "start": _l("开始自评"),
    "answer.update": _l("修改答案"),
    "kpi.set": _l("填写绩效指标"),
    "kpi.remove": _l("清除绩效指标"),
    # an earlier year's core input the organisation had no assessment of (qa63)
    "kpi.backfill": _l("补录往年绩效指标（自报）"),
    "event.add": _l("登记事故事件"),
    "event.update": _l("修改事故事件"),
    "event.delete": _l("删除事故事件"),
    "target.add": _l("添加指标目标"),
    "target.update": _l("修改指标目标"),
    "target.delete": _l("删除指标目标"),
    "target.copy": _l("从上年复制指标目标"),
    "evidence.add": _l("上传证据"),
    "evidence.delete": _l("删除证据"),
    "submit": _l("提交"),
    "return": _l("退回修改"),
    "return.items": _l("逐项退回意见"),
    "remind": _l("发送催报提醒"),
    "remind.auto": _l("自动催报提醒（截止日期前）"),
    "late.allow": _l("允许逾期提交"),
    "late.change": _l("修改逾期提交的延期日期"),
    "late.withdraw": _l("撤销逾期提交（延期）"),
    "late.superseded": _l("逾期提交的延期因截止日期推后而结束"),
    "deadline.late": _l("修改截止日期后逾期未提交的单位"),
    "deadline.kept_on_time": _l(
        "修改截止日期后在新日期之后提交的单位：按提交时有效的截止日期，仍计为按时提交"
    ),
    "copy_from_previous": _l("从上年复制答案"),
    "import": _l("从 Excel 模板导入"),
    "benchmarks": _l("计算对标数据"),
    "benchmarks.request": _l("请求计算对标数据（后台计算）"),
    "report_job.start": _l("开始生成报告"),
    "report_job.retry": _l("重新生成报告"),
    "report_job.publish": _l("发布为本年度正式版"),
    "report_job.withdraw": _l("撤回本年度正式版"),
    "report_job.restamp": _l("重新排队加盖版次号（上次加盖失败）"),
    "report_job.stamp_interrupted": _l("正式版加盖版次中断，记为失败"),
    "result.recompute": _l("重新计算已存结果（有变化，已更新）"),
    "final.lowered": _l("重新提交的数据触发否决或上限，最终星级下调"),
    "results.recompute": _l("重新计算本年度已存结果"),
    "recognition.verification": _l("记录秘书处或第三方核实"),
    "recognition.good_practice_case": _l("记录已发布的良好实践案例"),
    "recognition.withdraw": _l("撤销核实或良好实践案例"),
    # peer review (the reviews package records these)
    "review.open": _l("开启同行评审"),
    "review.kind": _l("修改评审方式"),
    "review.visit_on": _l("设定现场评审日期"),
    "review.due_on": _l("更改评审结论提交期限"),
    "review.assign": _l("指派评审员"),
    "review.withdraw": _l("撤回评审员"),
    "review.withdraw_at_final": _l("定级时撤回未提交评审的评审员"),
    "review.declare_conflict": _l("申报利益冲突"),
    "review.conflict_withdrawn": _l("撤销利益冲突申报"),
    "review.decline": _l("评审员谢绝评审"),
    "review.conflict": _l("评审员单位变更后存在利益冲突"),
    "review.conflict_ended": _l("评审员单位变更后利益冲突解除"),
    "review.conflict_after_submit": _l("评审员提交后申报利益冲突，评审不再计入"),
    "review.conflict_after_final": _l("评审定级后评审员申报利益冲突（结果不变）"),
    "review.conflict_in_closed_year": _l(
        "年度关闭后评审员申报利益冲突（评审不变，年度重新开放后退回）"
    ),
    "review.decide": _l("评审员逐项判定"),
    "review.accept_rest": _l("其余各项接受自评等级"),
    "review.finding": _l("记录评审发现"),
    "review.finding_delete": _l("删除评审发现"),
    "review.finding_edit": _l("修改评审发现"),
    "review.finding_file_add": _l("为评审发现附上照片或文件"),
    "review.finding_file_delete": _l("删除评审发现的照片或文件"),
    "review.finding_drop": _l("删去评审发现，不发给单位"),
    "review.finding_restore": _l("恢复已删去的评审发现"),
    "review.submit": _l("提交评审"),
    "review.settle": _l("裁定等级"),
    "review.finalise": _l("确定最终评级"),
    "review.reopen": _l("重新开放同行评审"),
    "action.close": _l("整改完成，提交工作组组长或副组长确认"),
    "action.accept": _l("确认整改关闭"),
    "action.reopen": _l("整改退回"),
    "appeal.file": _l("提出申诉"),
    "appeal.decide": _l("决定申诉"),
}

# The review steps a lead, a deputy lead or the secretariat takes: the entry keeps the role
# its actor took it in (ACTING_AS in `after`, written by the reviews package), and the row
# names that role, not "the lead" for all. Older entries without it read ACTION_LABELS'.
ACTING_AS = "acting_as"
ROLE_ACTION_LABELS = {
    "review.finding_drop": {
        "lead": _l("组长删去评审发现"),
        "deputy": _l("副组长删去评审发现"),
        "secretariat": _l("秘书处删去评审发现"),
    },
    "review.finding_restore": {
        "lead": _l("组长恢复已删去的评审发现"),
        "deputy": _l("副组长恢复已删去的评审发现"),
        "secretariat": _l("秘书处恢复已删去的评审发现"),
    },
    "review.settle": {
        "lead": _l("组长裁定等级"),
        "deputy": _l("副组长裁定等级"),
        "secretariat": _l("秘书处裁定等级"),
    },
}

FIELD_LABELS = {
    # organisations
    "kind": _l("类型"),
    "name_zh": _l("中文名称"),
    "name_en": _l("英文名称"),
    "credit_code": _l("统一社会信用代码"),
    "province": _l("省份"),
    "city": _l("城市"),
    "sector": _l("行业"),
    "parent_group": _l("所属集团"),
    "park_id": _l("所在化工园区"),
    "working_groups": _l("工作组"),
    "commitment_status": _l("承诺书状态"),
    "commitment_signed_on": _l("签署日期"),
    "commitment_signatory": _l("签署人"),
    # users and roles
    "email": _l("电子邮箱"),
    "name": _l("姓名"),
    "role": _l("角色"),
    "is_secretariat": _l("秘书处"),
    "first_password": _l("设置了初始密码"),
    "code": _l("代码"),
    # working groups
    "section_id": _l("负责的准则"),
    # cycles
    "year": _l("年度"),
    "self_declared": _l("自报补录"),
    "deadline": _l("截止日期"),
    "company_rubric": _l("企业评价细则"),
    "park_rubric": _l("园区评价细则"),
    "frozen_assessments": _l("冻结的自评"),
    "closed_at": _l("关闭时间"),
    "closed_by_id": _l("关闭人"),
    "organisations": _l("单位"),
    "organisation_id": _l("单位编号"),
    "messages": _l("邮件数"),
    "days_left": _l("距截止日期天数"),
    "organisations_reminded": _l("提醒的单位数"),
    "until": _l("延期至"),
    "extended_until": _l("按延期日期提醒（延期至）"),
    # reopen: the organisations whose late-submission allowance runs again, with its last day
    "late_allowances": _l("恢复的逾期提交延期"),
    # assessments and answers
    "status": _l("状态"),
    "rubric": _l("评价细则"),
    "sha256": _l("细则文件校验值"),  # of the rubric file an assessment is pinned to
    "overall_score": _l("总分"),
    "stars": _l("星级"),
    "return_comment": _l("退回意见"),
    "level": _l("成熟度等级"),
    "value": _l("数值"),
    "is_na": _l("不适用"),
    "na_reason": _l("不适用理由"),
    "evidence_note": _l("证据说明"),
    "comment": _l("备注"),
    "note": _l("备注"),
    "relation": _l("关系"),
    "joined_on": _l("加入日期"),
    "original_name": _l("文件名"),
    "size": _l("大小（字节）"),
    "event_type": _l("类型"),
    "grade": _l("等级"),
    "occurred_on": _l("发生日期"),
    "fatalities": _l("死亡人数"),
    "injuries": _l("重伤人数（含急性工业中毒）"),
    "direct_loss_10k_yuan": _l("直接经济损失（万元）"),
    "description": _l("经过"),
    "is_resolved": _l("整改措施已完成"),
    "resident_id": _l("发生单位（入园企业）"),
    # ... or a resident not registered in rcapp, as the park typed it (event_residents.py)
    "resident_name": _l("未登记入园企业名称"),
    "resident_credit_code": _l("未登记入园企业的统一社会信用代码"),
    # own KPI targets
    "kpi_id": _l("指标"),
    "base_year": _l("基准年"),
    "target_year": _l("目标年"),
    "change_pct": _l("较基准年变化率（%）"),
    # an Excel import
    "rows": _l("写入的行数"),
    "conflicts_kept_web": _l("保留网页版本的冲突行数"),
    # copying last year's answers
    "from_assessment": _l("来源自评"),
    "copied": _l("复制的答案数"),
    "skipped": _l("跳过的答案数"),
    "targets": _l("复制的指标目标数"),
    # benchmarks
    "members": _l("单位数"),
    "groups": _l("对标组数"),
    # peer review
    "decision": _l("判定"),
    "item": _l("评价项"),
    "items": _l("项数"),  # review.accept_rest: how many items it accepted
    "levels": _l("接受的自评等级"),  # review.accept_rest: item -> level accepted
    "answer": _l("答案（是/否）"),  # a yes/no item's level, stored true/false (是 / 否)
    "self_level": _l("自评等级"),
    "reviewer_levels": _l("各评审员的等级"),
    "rating": _l("评级"),  # review.finalise / appeal.file: which rating (provisional, final)
    "capped": _l("星级已封顶（须经同行评审）"),
    "action_status": _l("整改状态"),
    "owner": _l("责任人"),
    "due_on": _l("完成期限"),
    "text": _l("内容"),
    "reviewer": _l("评审员"),
    "organisation": _l("单位"),
    "overall": _l("总分"),
    "reviewers": _l("评审员人数"),
    # review.conflict / review.conflict_ended: why; review.withdraw: the work deleted with it
    "reasons": _l("原因"),
    "reason": _l("原因"),  # report_job.withdraw: why the edition was withdrawn
    # review.decline: the cause chosen (reviews.decline.CAUSES)
    "cause": _l("谢绝原因"),
    "decisions": _l("删除的评价项结论数"),
    "findings": _l("删除的评审发现数"),
    "evidence": _l("证据说明"),
    "file": _l("文件"),
    "group": _l("工作组"),
    # a stored result recomputed (result.recompute: its field; results.recompute: the year)
    "self": _l("自评结果"),
    "final": _l("最终结果"),
    # the earlier final rating an upheld appeal reopened, of record during the re-review
    "appealed": _l("此前经同行评审确定的最终结果"),
    "peer_stars": _l("同行评审的星级"),
    "rated": _l("已评星"),
    "results": _l("重新计算的已存结果"),
    "rewritten": _l("有变化并已更新的结果"),
    "ratings_changed": _l("星级有变化的结果"),
    "statistics": _l("重新计算了同行组统计数据"),
    # report jobs
    "report_job": _l("报告任务编号"),
    "report": _l("报告"),
    "report_lang": _l("报告语言"),
    "edition": _l("版次"),
    "notify_members": _l("通知会员"),  # report_job.publish: unchecked, nobody is mailed
    "correction": _l("更正说明"),  # report_job.publish: what an edition above 1 corrected
    "stamp_error": _l("重新加盖前加盖版次为何未完成"),
}

# Keys whose label depends on the action: an uploaded evidence file's checksum is the file's.
ACTION_FIELD_LABELS = {
    ("evidence.", "sha256"): _l("文件校验值（SHA-256）"),
    ("evidence.", "name"): _l("文件名"),
    ("partner.", "name"): _l("名称"),
    ("deadline.late", "organisation_ids"): _l("逾期未提交的单位"),
    ("deadline.kept_on_time", "organisation_ids"): _l("仍计为按时提交的单位"),
    ("report_job.stamp_interrupted", "stamp_error"): _l("加盖版次为何未完成"),
}

# Stored keys that only point at a row the entry already names ("attachment": the file's
# id, next to its name; "assignment": a reviewer's task, which older "review.submit" entries
# stored instead of the reviewer; a withdrawal's, with its assessment's id; "finding": a
# deleted finding's, next to its text); the page leaves them out.
HIDDEN_KEYS = frozenset({"attachment", "assignment", "assessment_id", "finding", ACTING_AS})

# A result without stars, as stars_folded marks it for KEYED_VALUE_LABELS["stars"].
NOT_RATED, NOT_RATED_VETO = "not_rated", "not_rated_veto"


def stars_folded(stored: dict[str, Any], veto_kept: bool = False) -> dict[str, Any]:
    """Fold a rating's "rated": false / "veto": true into its stars, as the pages word it.

    Written with rating_words.logged_stars; older entries written by a recompute carry
    "rated" too. Without either, "stars": 0 is 0 星, unless `veto_kept`: the entity's kept
    results say a veto left it without any star (old_vetoes), so the older entry was one.
    """
    if "stars" not in stored:
        return stored
    folded = {k: v for k, v in stored.items() if k not in ("veto", "rated")}
    if stored.get("veto") is True or (veto_kept and older_zero(stored)):
        folded["stars"] = NOT_RATED_VETO
    elif stored.get("rated") is False:
        folded["stars"] = NOT_RATED
    elif "rated" in stored:
        return stored
    return folded


def older_zero(stored: dict[str, Any]) -> bool:
    """Tell whether a stored rating is a bare "stars": 0, logged before logged_stars said which."""
    return stored.get("stars") == 0 and "veto" not in stored and "rated" not in stored


# Entries logged before logged_stars (qa55 #1) stored a veto's result as a bare "stars": 0.
# The package that keeps the entity's results (above audit) names the entities whose kept
# results a veto left without any star and none at a plain 0 星: those entries read
# 未评定（一票否决） as the new ones do, without rewriting the log. (ids) -> those ids.
OldVetoes = Callable[[set[int]], set[int]]
_OLD_VETOES_KEY = "rcapp.audit_old_vetoes"


def set_old_vetoes(app: Flask, entity: str, look_up: OldVetoes) -> None:
    app.extensions.setdefault(_OLD_VETOES_KEY, {})[entity] = look_up


def old_vetoes(entity: str) -> OldVetoes:
    """Return the look-up registered for `entity`, or one that finds none."""
    found = current_app.extensions.get(_OLD_VETOES_KEY, {}).get(entity)
    return found if callable(found) else (lambda _ids: set())


# The order of a stored value's lines in a cell, on the page and in the export: a rating's
# stars first, free texts last, the rest as stored (keys sorted). A long "原因" stored before
# it pushed "星级: 0" of a lowered final rating to the bottom of the cell.
LEADING_KEYS = ("stars", "peer_stars")
TRAILING_KEYS = ("reasons", "reason", "comment", "note")


def shown_order(key: str) -> int:
    """Rank a stored key for the cell's lines (sort by it: the rest keep their order)."""
    if key in LEADING_KEYS:
        return LEADING_KEYS.index(key) - len(LEADING_KEYS)
    if key in TRAILING_KEYS:
        return 1 + TRAILING_KEYS.index(key)
    return 0


# Values whose words depend on the key they are stored under.
KEYED_VALUE_LABELS = {
    # an organisation role, as the users page names it (QA47 S2): 填报人, not 成员
    "role": {"member": _l("填报人"), "admin": _l("管理员")},
    "relation": {
        "supplier": _l("供应商"),
        "customer": _l("客户"),
        "carrier": _l("承运商"),
        "contractor": _l("承包商"),
        "other": _l("其他"),
    },
    "grade": {grade.value: _l(msgid) for grade, msgid in GRADE_NAMES.items()},
    # the words of templates/reports/_job_labels.html
    "report": {
        "annual_report": _l("年度报告（PDF）"),
        "annual_workbook": _l("年度数据工作簿（Excel）"),
        "scorecards": _l("已提交自评的评分卡（PDF 压缩包）"),
        "recompute": _l("重新计算本年度已存结果"),
    },
    "report_lang": {"zh": _l("中文"), "en": _l("英文")},
    # a stamp retried (report_job.restamp): why the one before did not finish (job_words)
    "stamp_error": {
        "interrupted": _l("加盖中断：处理进程已停止"),
        "internal": _l("生成带版次的文件时出错"),
        "storage": _l("服务器无法保存或读取文件（例如磁盘已满）"),
    },
    # a corrective action's status, in the words of reviews.messages
    "action_status": {
        "open": _l("待整改"),
        "closed": _l("已整改，待工作组组长或副组长确认关闭"),
        "accepted": _l("已确认关闭"),
    },
    "rating": {"provisional": _l("暂定"), "final": _l("最终")},
    # a declined review's cause, in the words of reviews.decline.CAUSES (audit sits below)
    "cause": {
        "time": _l("时间冲突"),
        "conflict": _l("利益冲突"),
        "expertise": _l("专业不符"),
        "other": _l("其他"),
    },
    # a result without stars, in the words of assessments.rating_words.not_rated_text (audit
    # sits below assessments, so repeated here): stored "stars": 0 with "rated": false or
    # "veto": true is shown so (stars_folded), as every page and report says it (qa55 #1)
    "stars": {NOT_RATED: _l("未评定"), NOT_RATED_VETO: _l("未评定（一票否决）")},
    "status": {"active": _l("已启用"), "deactivated": _l("已停用")},
    # the words of reviews.messages.CONFLICT_TEXT (audit sits below reviews, so repeated here)
    "reasons": {
        "same_organisation": _l("评审员来自被评审单位本身"),
        "same_parent_group": _l("评审员单位与被评审单位属于同一集团"),
        "same_park": _l("评审员单位与被评审单位在同一化工园区"),
        "resident_of_reviewed_park": _l("评审员单位是被评审园区的入园企业"),
        "park_of_reviewed": _l("评审员单位是被评审企业所在的化工园区"),
        "reciprocal": _l("本周期被评审单位也在评审该评审员所在单位（不得互评）"),
        "declared": _l("评审员已申报与该单位存在利益冲突"),
        "already_assigned": _l("该评审员已被指派评审本自评"),
        "settles": _l("评审员是负责裁定本评审的组长或副组长（裁定与评审须由不同的人承担）"),
        "no_organisation": _l("评审员已不属于任何会员单位"),
    },
}

VALUE_LABELS = {
    # a cycle's status
    "open": _l("进行中"),
    "closed": _l("已关闭"),
    "closing": _l("正在关闭"),  # closed to work, results still being frozen (QA36 S6)
    # an assessment's status
    "draft": _l("草稿"),
    "submitted": _l("已提交"),
    "returned": _l("已退回"),
    "company": _l("企业"),
    "park": _l("化工园区"),
    "not_signed": _l("未签署"),
    "signed": _l("已签署"),
    "suspended": _l("暂停"),
    "withdrawn": _l("已退出"),
    "member": _l("成员"),
    "admin": _l("管理员"),
    "lead": _l("组长"),
    "deputy": _l("副组长"),
    "reviewer": _l("评审员"),
    # peer review
    "desk": _l("文审"),
    "onsite": _l("现场评审"),
    "accept": _l("接受自评等级"),
    "adjust": _l("调整等级"),
    "na_accept": _l("接受“不适用”"),
    "na_reject": _l("不接受“不适用”，给出等级"),
    "strength": _l("亮点"),
    "improvement": _l("改进机会"),
    "corrective_action": _l("须整改项"),
    "upheld": _l("申诉成立"),
    "dismissed": _l("申诉驳回"),
    "na": _l("不适用"),  # a verdict of N/A (a level stored as "na")
}

# Field prefixes of rows about one part of an entity: "partner:12", "event:3", "user:5".
PREFIX_LABELS = {
    "partner": _l("合作伙伴"),
    "event": _l("事故事件"),
    "target": _l("指标目标"),
    "user": _l("用户"),
}


# An organisation a stored value names by its id, deleted since: never a bare "#12" (a
# park's event names its resident company by id; an organisation, its park).
GONE_ORGANISATION = _l("（已删除的单位）")


# Messages with variables, kept as labels (translated once in an export, then filled).
_ITEM_FIELD = _l("评价项 %(id)s")
_FINDING_FIELD = _l("评审发现")
_ADDRESS_FIELD = _l("网络地址")


def action_label(action: str, acting_as: object = None) -> str:
    """Words for an action; `acting_as`: the role kept in the entry (ROLE_ACTION_LABELS)."""
    by_role = ROLE_ACTION_LABELS.get(action, {})
    if isinstance(acting_as, str) and acting_as in by_role:
        return kept(by_role[acting_as])
    return kept(ACTION_LABELS.get(action, action))


def field_label(field: str | None, action: str, kpi_labels: dict[str, str] | None = None) -> str:
    """Words for an entry's field: a column name, a sub-record ("合作伙伴 #12"), an item id."""
    if not field:
        return ""
    prefix, _sep, rest = field.partition(":")
    if rest and prefix == "address":  # where a login came from
        return f"{kept(_ADDRESS_FIELD)} {rest}"
    if rest and prefix in PREFIX_LABELS:
        return f"{kept(PREFIX_LABELS[prefix])} #{rest}"
    if action.startswith("kpi."):
        return (kpi_labels or {}).get(field, field)
    if action.startswith(ITEM_ACTIONS):
        return kept(_ITEM_FIELD) % {"id": field}
    if action.startswith("action."):  # the finding's id, for look-ups: the entry names it (D8)
        return ""
    return kept(FIELD_LABELS.get(field, field))


def key_label(key: str, action: str = "") -> str:
    for (prefix, stored_key), label in ACTION_FIELD_LABELS.items():
        if stored_key == key and action.startswith(prefix):
            return kept(label)
    return kept(FIELD_LABELS.get(key, key))


def value_label(value: Any, key: str = "") -> Any:
    """Put a stored enum value in words; leave anything else unchanged."""
    keyed = KEYED_VALUE_LABELS.get(key, {})
    if isinstance(value, str) and value in keyed:
        return kept(keyed[value])
    if isinstance(value, str) and value in VALUE_LABELS:
        return kept(VALUE_LABELS[value])
    return value


@dataclass(frozen=True)
class Owner:
    """Whose and which year an entity is: an assessment's or review's organisation and year."""

    organisation: str  # in the page's language; "" for a cycle
    year: int


# Cycles, assessments and reviews are named by the packages above audit that own them; each
# registers a look-up (ids -> {id: Owner}) reading all the ids of a page at once.
Owners = Callable[[set[int]], dict[int, Owner]]
_OWNERS_KEY = "rcapp.audit_owners"


def set_owners(app: Flask, entity: str, look_up: Owners) -> None:
    app.extensions.setdefault(_OWNERS_KEY, {})[entity] = look_up


def owners(entity: str) -> Owners:
    """Return the look-up registered for `entity`, or one that finds nothing."""
    found = current_app.extensions.get(_OWNERS_KEY, {}).get(entity)
    return found if callable(found) else (lambda _ids: {})


# KPI inputs are named by the rubric an assessment is pinned to; the assessments package,
# which sits above audit, provides the look-up when it registers.
KpiLabels = Callable[[set[int]], dict[int, dict[str, str]]]
_KPI_LABELS_KEY = "rcapp.audit_kpi_labels"


def set_kpi_input_labels(app: Flask, look_up: KpiLabels) -> None:
    app.extensions[_KPI_LABELS_KEY] = look_up


def kpi_input_labels() -> KpiLabels:
    """Assessment ids -> {assessment id: {input id: label}}; empty until a package provides it."""
    found = current_app.extensions.get(_KPI_LABELS_KEY)
    return found if callable(found) else (lambda _ids: {})


# Event types ("process_safety_event") are named by the same rubric, the same way.
_EVENT_TYPE_LABELS_KEY = "rcapp.audit_event_type_labels"


def set_event_type_labels(app: Flask, look_up: KpiLabels) -> None:
    app.extensions[_EVENT_TYPE_LABELS_KEY] = look_up


def event_type_labels() -> KpiLabels:
    """Assessment ids -> {assessment id: {event type id: label}}; empty until provided."""
    found = current_app.extensions.get(_EVENT_TYPE_LABELS_KEY)
    return found if callable(found) else (lambda _ids: {})


# The yes/no items and prerequisites of the rubric an assessment is pinned to (their level,
# 1 or 0, is shown 是 / 否): assessment ids -> {assessment id: {item id: ""}}, the same way.
_YES_NO_ITEMS_KEY = "rcapp.audit_yes_no_items"


def set_yes_no_items(app: Flask, look_up: KpiLabels) -> None:
    app.extensions[_YES_NO_ITEMS_KEY] = look_up


def yes_no_items() -> KpiLabels:
    found = current_app.extensions.get(_YES_NO_ITEMS_KEY)
    return found if callable(found) else (lambda _ids: {})


# An entry's stored `after` that only a package above audit can word, by the entry's action
# (a lowered final rating's gates, worded with the assessment's rubric): (entity id, the
# stored object) -> the object to show, its values in the reader's language.
AfterWords = Callable[[int, dict[str, Any]], dict[str, Any]]
_AFTER_WORDS_KEY = "rcapp.audit_after_words"


def set_after_words(app: Flask, action: str, look_up: AfterWords) -> None:
    app.extensions.setdefault(_AFTER_WORDS_KEY, {})[action] = look_up


def after_words(action: str) -> AfterWords | None:
    found = current_app.extensions.get(_AFTER_WORDS_KEY, {}).get(action)
    return found if callable(found) else None


# Items are named by the rubric too, beside their code ("MS.G10.2 许可证管理…", QA47 S3):
# the reports package, which knows assessments and reviews, provides the look-up. It maps
# (entity, id) pairs ("assessment", 17) / ("review", 3) to {item id: title}.
ItemTitles = Callable[[set[tuple[str, int]]], dict[tuple[str, int], dict[str, str]]]
_ITEM_TITLES_KEY = "rcapp.audit_item_titles"
ITEM_ACTIONS = ("answer.", "evidence.", "review.decide", "review.settle")
# A title wider than this is cut, "…" after it (the code says which item): 25 Chinese
# characters or about 50 Latin letters, so English keeps as much meaning (QA52 m6).
ITEM_TITLE_WIDTH = 50


def set_item_titles(app: Flask, look_up: ItemTitles) -> None:
    app.extensions[_ITEM_TITLES_KEY] = look_up


def item_titles() -> ItemTitles:
    """(entity, id) pairs -> {(entity, id): {item id: title}}; empty until provided."""
    found = current_app.extensions.get(_ITEM_TITLES_KEY)
    return found if callable(found) else (lambda _keys: {})


def short_title(title: str) -> str:
    """Cut a long item title to ITEM_TITLE_WIDTH wide, "…" after it."""
    return cut_to_width(title, ITEM_TITLE_WIDTH)
