"""The year list's filter form: the cycle's filters, and peer review, stars, result, place, group.

Read from the query string (a link from the year page's counts, a bookmark), so no CSRF
token. The values are roster_filter's; a value the form does not offer is dropped and the
page says so (RosterFilterForm.ignored).
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from rcapp.assessments.roster_filter import NOT_RATED
from rcapp.cycles.forms import RosterFilterForm
from rcapp.fields import options
from rcapp.i18n import current_lang
from rcapp.organisations.models import WorkingGroup
from rcapp.organisations.provinces import PROVINCES, province_label

REVIEW_LABELS = {
    "": _l("全部"),
    "none": _l("已提交，未安排同行评审"),
    "in_review": _l("评审中（含申诉后重新评审）"),
    "rereview": _l("申诉成立，重新评审中"),
    "final": _l("评审已完成"),
    "appealed": _l("评审已完成，申诉待决定"),
    "frozen": _l("评审未完成（年度关闭时冻结）"),  # a closed year's only
}
STAR_LABELS = {
    "": _l("全部"),
    "5": _l("5 星"),
    "4": _l("4 星"),
    "3": _l("3 星"),
    "2": _l("2 星"),
    "1": _l("1 星"),
    "0": _l("未达 1 星"),  # rated, short of one star (rating_words.star_row_label)
    NOT_RATED: _l("未评定"),
    "4+": _l("4 星及以上"),
    "3+": _l("3 星及以上"),
    "2+": _l("2 星及以上"),
    "1+": _l("1 星及以上"),
}
RESULT_LABELS = {
    "": _l("全部"),
    "final": _l("最终结果（同行评审确定或年度关闭时冻结）"),
    "provisional": _l("暂定结果（自评）"),
}


def _group_id(value: Any) -> int | None:
    if value in (None, ""):
        return None
    return int(value)


class YearListForm(RosterFilterForm):
    review = SelectField(_l("同行评审"), choices=options(REVIEW_LABELS.items()), default="")
    stars = SelectField(_l("星级"), choices=options(STAR_LABELS.items()), default="")
    result = SelectField(_l("结果"), choices=options(RESULT_LABELS.items()), default="")
    province = SelectField(
        _l("省份"),
        choices=options([("", _l("全部"))] + [(p, province_label(p)) for p in PROVINCES]),
        default="",
    )
    group = SelectField(_l("工作组"), coerce=_group_id, default=None)

    def set_groups(self, groups: list[WorkingGroup]) -> None:
        """Offer these working groups (all for the secretariat; a lead's own for a lead)."""
        self.group.choices = options(
            [("", _l("全部"))] + [(g.id, g.display_name(current_lang())) for g in groups]
        )

    def without_frozen(self) -> None:
        """Leave out the review state only a closed year has (an open year's list)."""
        self.review.choices = options((k, v) for k, v in REVIEW_LABELS.items() if k != "frozen")

    def filters(self) -> dict[str, Any]:
        return {
            **super().filters(),
            "review": self.review.data or "",
            "stars": self.stars.data or "",
            "result": self.result.data or "",
            "province": self.province.data or "",
            "group": self.group.data,
        }
