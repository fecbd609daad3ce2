"""Ask before a save suspends or withdraws a commitment, and say what it did (QA58 4).

Set to 已退出 with a bare "单位信息已保存。", a company quietly dropped out of the open years'
counts and reminders. The save now waits for a ticked box under a warning naming the open
years it leaves, and the same words follow the save. Its users stay enabled (they still
read their past results); the secretariat disables them on the users page if it wants.
No leaving date is kept: the data model has none, and the audit log dates the change.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _
from flask_babel import ngettext, pgettext

from rcapp.i18n import current_lang, sentences
from rcapp.organisations.hooks import open_years
from rcapp.organisations.joining_year import joined_years, year_list
from rcapp.organisations.models import CommitmentStatus, Organisation

FIELD = "confirm_commitment"
PAUSED = (CommitmentStatus.SUSPENDED, CommitmentStatus.WITHDRAWN)


def paused_to(organisation: Organisation, chosen: str | None) -> CommitmentStatus | None:
    """Return the state the save suspends or withdraws a commitment to; None if it does not."""
    if chosen not in PAUSED or chosen == organisation.commitment_status:
        return None
    return CommitmentStatus(chosen)


def unconfirmed(organisation: Organisation, chosen: str | None, form: Mapping[str, str]) -> str:
    """Return the warning to confirm when the save pauses the commitment; "" when none."""
    status = paused_to(organisation, chosen)
    if status is None or form.get(FIELD) == status:
        return ""
    return pause_text(organisation, status, saved=False)


def commitment_in_sentence(status: CommitmentStatus) -> str:
    """Say a commitment status inside a sentence: "…is now suspended" (the badge: "Suspended")."""
    words = {
        CommitmentStatus.NOT_SIGNED: pgettext("in a sentence", "未签署"),
        CommitmentStatus.SIGNED: pgettext("in a sentence", "已签署"),
        CommitmentStatus.SUSPENDED: pgettext("in a sentence", "暂停"),
        CommitmentStatus.WITHDRAWN: pgettext("in a sentence", "已退出"),
    }
    return str(words[status])


def pause_text(organisation: Organisation, status: CommitmentStatus, *, saved: bool) -> str:
    """Say what pausing the commitment does: before the save (asked) or after it (done).

    Called before the save in both cases: the open years left are those of the state then.
    """
    years = joined_years(
        organisation.commitment_status, organisation.commitment_signed_on, open_years()
    )
    values = {
        "name": organisation.display_name(current_lang()),
        "status": commitment_in_sentence(status),
    }
    if saved:
        effect = _("“%(name)s”的承诺书状态已改为“%(status)s”。", **values)
    else:
        effect = _("尚未保存：将“%(name)s”的承诺书状态改为“%(status)s”后：", **values)
    if years:
        drop = ngettext(  # one open year is 该年度, not 这些年度 (qa62 #10)
            "该单位不再参加正在进行的 %(years)s 年度自评：不计入该年度的参加单位数，"
            "不再收到提醒，也不能开始该年度的自评；已开始的自评和往年结果保留。",
            "该单位不再参加正在进行的 %(years)s 年度自评：不计入这些年度的参加单位数，"
            "不再收到提醒，也不能开始这些年度的自评；已开始的自评和往年结果保留。",
            len(years),
            years=year_list(years),
        )
    else:
        drop = _("该单位不参加任何正在进行的年度；已有的自评和往年结果保留。")
    users = _(
        "该单位的用户账号仍为启用状态，可以登录查看往年结果；如需停用，请在“本单位用户”中停用。"
    )
    return sentences((effect, drop, users))
