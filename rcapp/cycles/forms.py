"""Forms to open a reporting cycle, move its deadline and reopen it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    StopValidation,
    ValidationError,
)

from rcapp.clock import beijing_today
from rcapp.cycles.deadlines import DeadlineProblem, deadline_problem, latest_deadline
from rcapp.cycles.late_allowances import LateDateProblem, late_date_problem, latest_late_date
from rcapp.cycles.tally import SORT_KEYS
from rcapp.day_example import example_day
from rcapp.fields import CleanForm, CleanQueryForm, DayField, InRange, options
from rcapp.rubrics.registry import RubricSummary
from rcapp.rubrics.titles import versioned, year_neutral

FIRST_YEAR, LAST_YEAR = 2000, 2100


def rubric_value(summary: RubricSummary) -> str:
    return f"{summary.id}@{summary.version}"


def _rubric_choices(
    summaries: list[RubricSummary], lang: str, used: Mapping[str, tuple[int, ...]]
) -> list[Any]:
    """Name each version and the years it was used for, newest version first.

    Not the file's `effective_year`: the published files all say 2025 (the year they were
    written), and a pinned file cannot be corrected, so "第1版 · 2025 年度起适用" stood
    beside a version the 2023 and 2024 years had used (QA13 S22). The years come from
    the cycles themselves, which cannot be wrong about it.
    """
    return options([("", _("请选择"))]) + options(
        (
            rubric_value(s),
            # Named as every page names a rubric ("…细则（第2版）"), never by its file id.
            _rubric_label(versioned(year_neutral(s.title.get(lang)), s.version, lang), used, s),
        )
        for s in sorted(summaries, key=lambda s: (s.id, -s.version))
    )


def _rubric_label(label: str, used: Mapping[str, tuple[int, ...]], summary: RubricSummary) -> str:
    years = used.get(rubric_value(summary), ())
    if not years:
        return str(_("%(label)s · 尚未用于任何年度", label=label))
    return str(
        _(
            "%(label)s · 已用于 %(years)s 年度",
            label=label,
            years=_("、").join(str(year) for year in years),
        )
    )


class DeadlineForm(CleanForm):
    deadline = DayField(
        _l("截止日期"), validators=[InputRequired(message=_l("请填写截止日期（年-月-日）。"))]
    )
    # The deadline the page showed (an existing cycle): another secretary's change made
    # since is not overwritten unawares.
    shown = HiddenField()
    # The day the cycle opened (today for a new one); the view sets it for an existing cycle.
    opened_on: dt.date | None = None
    # The day it was last reopened (cycles.reopened), if it was: the upper bound counts from it.
    reopened_on: dt.date | None = None
    # The day whose consequences (organisations made late) the secretary has seen and
    # confirmed: the confirmation holds for that day only.
    confirmed = HiddenField()
    # The deadline in force (an existing cycle; the view sets it): never refused as a slip.
    current: dt.date | None = None
    # Reminders already sent name the old day (QA68 #3): those still to submit are told.
    tell = BooleanField(_l("通知截止日期因此改变的未提交单位（经发件箱发送邮件）"), default=True)

    def check_dates(self, field: Any) -> None:
        """Not before the cycle opened (Beijing dates); past days are allowed, confirmed."""
        today = beijing_today()
        problem = deadline_problem(field.data, self.opened_on or today, today)
        if problem is DeadlineProblem.BEFORE_OPENING and self.opened_on is not None:
            opened = self.opened_on.isoformat()
            raise ValidationError(_("截止日期不能早于本年度开启的日期（%(date)s）。", date=opened))
        if problem is not None:  # a cycle being opened opens today
            raise ValidationError(
                _("截止日期不能早于今天（北京时间 %(date)s）。", date=today.isoformat())
            )
        self._check_bound(field.data)

    def _check_bound(self, day: dt.date) -> None:
        """Refuse a day beyond the bound: a year after the opening, or after a reopening.

        A day no later than the deadline in force is never a typing slip: a deadline set
        beyond the bound (the command line, the demo) can still be moved earlier or kept.
        At the bound, the sentence says why not later and what the secretariat can do.
        """
        first, last = self.allowed_range()
        if day <= last:
            return
        if self.at_bound() and self.current is not None:
            raise ValidationError(
                _(
                    "本年度截止日期 %(date)s 已是可设的最晚日期（%(rule)s），不能再为所有单位推后。"
                    "需要更多时间的单位，请在本年度“各单位”列表中逐一允许其逾期提交，"
                    "延期最晚可至 %(late)s。",
                    date=self.current.isoformat(),
                    rule=self.bound_rule(),
                    late=self.latest_late().isoformat(),
                )
            )
        if self.reopened_on is not None:
            raise ValidationError(
                _(
                    "截止日期须在 %(first)s 到 %(last)s 之间"
                    "（本年度于 %(reopened)s 重新开放，最晚为其后一年）。",
                    first=first.isoformat(),
                    last=last.isoformat(),
                    reopened=self.reopened_on.isoformat(),
                )
            )
        raise ValidationError(
            _("截止日期不能晚于本年度开启后一年，即最晚 %(date)s。", date=last.isoformat())
        )

    def bound(self) -> dt.date:
        """Return the bound rule's last day: a year after the opening, or the reopening."""
        return latest_deadline(self.reopened_on or self.opened_on or beijing_today())

    def at_bound(self) -> bool:
        """Tell whether the deadline in force already sits at (or past) the bound."""
        return self.current is not None and self.current >= self.bound()

    def bound_rule(self) -> str:
        """Name the bound the page applies, for the sentence at the bound."""
        if self.reopened_on is not None:
            return str(_("本年度重新开放后一年"))
        return str(_("本年度开启后一年"))

    def latest_late(self) -> dt.date:
        """Return the last day one organisation's extension may run to (late_allowances)."""
        return latest_late_date(self.current or self.bound(), self.reopened_on)

    def set_example(self) -> None:
        """Give an example the form accepts: two weeks ahead may be past its last day."""
        self.deadline.example = example_day(*self.allowed_range())

    def allowed_range(self) -> tuple[dt.date, dt.date]:
        """Return the first and last day this form accepts for an existing cycle."""
        today = beijing_today()
        first = self.opened_on or today
        return first, max(self.bound(), self.current or first)

    def validate_deadline(self, field: Any) -> None:
        if field.data is not None:
            self.check_dates(field)


class LateAllowanceForm(CleanForm):
    """Grant one organisation a late submission until a day, or move that day."""

    until = DayField(
        _l("延期至"), validators=[InputRequired(message=_l("请填写“延期至”日期（年-月-日）。"))]
    )
    # The allowance the page showed (see late_state): a colleague's change made since is
    # not overwritten unawares.
    shown = HiddenField()
    # Why this organisation (QA68 #8): optional, kept as the audit entry's reason.
    reason = TextAreaField(
        _l("原因（可选）"),
        validators=[Optional(), Length(max=2000, message=_l("原因不能超过 %(max)d 个字符。"))],
    )
    deadline: dt.date | None = None  # the cycle's; the view sets it
    reopened: dt.date | None = None  # the day the year was last reopened; the view sets it

    def validate_until(self, field: Any) -> None:
        if field.data is None or self.deadline is None:
            return
        check_late_day(field.data, self.deadline, self.reopened)


def check_late_day(until: dt.date, deadline: dt.date, reopened: dt.date | None = None) -> None:
    """Raise the ValidationError of a late allowance's last day that cannot be set.

    `reopened`: the day the year was last reopened, from which its last day counts then.
    """
    today = beijing_today()
    problem = late_date_problem(until, deadline, today, reopened)
    if problem is LateDateProblem.IN_THE_PAST:
        raise ValidationError(
            _("“延期至”不能早于今天（北京时间 %(date)s）。", date=today.isoformat())
        )
    if problem is LateDateProblem.BEFORE_DEADLINE:
        raise ValidationError(
            _("“延期至”不能早于本年度截止日期（%(date)s）。", date=deadline.isoformat())
        )
    if problem is LateDateProblem.TOO_LATE and reopened is not None:
        raise ValidationError(
            _(
                "“延期至”须在 %(first)s 到 %(last)s 之间（本年度于 %(reopened)s 重新开放）。",
                first=max(today, deadline).isoformat(),
                last=latest_late_date(deadline, reopened).isoformat(),
                reopened=reopened.isoformat(),
            )
        )
    if problem is LateDateProblem.TOO_LATE:
        raise ValidationError(
            _(
                "“延期至”不能晚于本年度截止日期后一年（%(date)s）。",
                date=latest_late_date(deadline).isoformat(),
            )
        )


class CycleForm(DeadlineForm):
    year = IntegerField(
        _l("年度"),
        validators=[
            InputRequired(message=_l("请填写年度，例如 2025。")),
            InRange(FIRST_YEAR, LAST_YEAR, message=_l("年度须在 %(min)s 到 %(max)s 之间。")),
        ],
    )
    company_rubric = SelectField(
        _l("企业评价细则"), validators=[DataRequired(message=_l("请选择企业评价细则。"))]
    )
    park_rubric = SelectField(
        _l("园区评价细则"), validators=[DataRequired(message=_l("请选择园区评价细则。"))]
    )
    older_confirmed = BooleanField(_l("确认开启早于所有已有年度的年度"))
    # One box beside each kind's field: each names the kind it moves back.
    older_company_rubric_confirmed = BooleanField(
        _l("确认采用比最近一个年度更早的企业评价细则版本")
    )
    older_park_rubric_confirmed = BooleanField(_l("确认采用比最近一个年度更早的园区评价细则版本"))
    # The years that have a cycle already (the view sets them): one is refused, a year
    # before all of them (a slip of the keyboard, with no delete) needs the box ticked.
    existing_years: tuple[int, ...] = ()
    asks_older_confirmation = False
    # The versions the latest year used, per kind ("id@version"; the view sets them): an
    # older one moves that kind back for good, so it needs its own box ticked.
    latest_rubrics: Mapping[str, str] = {}
    # The kinds ("company", "park") whose box the page shows, beside their field.
    asks_older_rubric: frozenset[str] = frozenset()

    def set_rubrics(
        self,
        summaries: list[RubricSummary],
        lang: str,
        used: Mapping[str, tuple[int, ...]] | None = None,
    ) -> None:
        """Offer the versions; `used`: the years each ("id@version") was used for."""
        self.summaries = {rubric_value(s): s for s in summaries}
        used = used or {}
        self.company_rubric.choices = _rubric_choices(
            [s for s in summaries if s.kind == "company"], lang, used
        )
        self.park_rubric.choices = _rubric_choices(
            [s for s in summaries if s.kind == "park"], lang, used
        )

    def propose(self, year: int | None, company_id: str | None, park_id: str | None) -> None:
        """Fill an empty form with the year to open and each kind's newest rubric version.

        The newest version of the rubric the latest year used (`company_id`, `park_id`), or
        of any when none was used: the only sensible answer in nearly every year (qa45 S1).
        """
        if year is not None:
            self.year.data = year
        for field, kind, wanted in (
            (self.company_rubric, "company", company_id),
            (self.park_rubric, "park", park_id),
        ):
            found = [s for s in self.summaries.values() if s.kind == kind]
            preferred = [s for s in found if s.id == wanted] or found
            if preferred:
                field.data = rubric_value(max(preferred, key=lambda s: s.version))

    def validate_year(self, field: Any) -> None:
        """Refuse a year not yet over: the work of a whole year is assessed (opened in January)."""
        year = field.data
        if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
            return  # InRange names it
        if year >= beijing_today().year:
            raise ValidationError(
                _(
                    "%(year)d 年度尚未结束（到 %(year)d 年 12 月 31 日），还不能开启："
                    "年度评价的是一整年的工作，请在 %(next)d 年 1 月 1 日之后开启。",
                    year=year,
                    next=year + 1,
                )
            )
        if year in self.existing_years:
            raise ValidationError(_("%(year)d 年度的评价周期已经存在。", year=year))
        if self.existing_years and year < min(self.existing_years):
            self.asks_older_confirmation = True
            if not self.older_confirmed.data:
                raise ValidationError(
                    _(
                        "%(year)d 年度早于所有已有的年度（最早为 %(first)d 年度），"
                        "可能是输错了；开启后不能删除。确需补开这一年度，"
                        "请勾选下面的“确认开启早于所有已有年度的年度”后再提交。",
                        year=year,
                        first=min(self.existing_years),
                    )
                )

    def validate_company_rubric(self, field: Any) -> None:
        self._check_not_older(field, "company")

    def validate_park_rubric(self, field: Any) -> None:
        self._check_not_older(field, "park")

    def _check_not_older(self, field: Any, kind: str) -> None:
        chosen, latest = self.summaries.get(field.data), self.latest_rubrics.get(kind)
        if chosen is None or latest is None:
            return
        latest_id, _sep, latest_version = latest.rpartition("@")
        if chosen.id != latest_id or chosen.version >= int(latest_version):
            return
        self.asks_older_rubric = self.asks_older_rubric | {kind}
        box = self.older_rubric_box(kind)
        if not box.data:
            raise ValidationError(
                _(
                    "所选的第%(chosen)d版早于最近一个年度所用的第%(latest)d版；开启后不能再改。"
                    "确需采用较早的版本，请勾选下面的“%(box)s”后再提交。",
                    chosen=chosen.version,
                    latest=int(latest_version),
                    box=box.label.text,
                )
            )

    def older_rubric_box(self, kind: str) -> Any:
        """Return the box confirming an older rubric version of `kind` (company or park)."""
        return (
            self.older_company_rubric_confirmed
            if kind == "company"
            else self.older_park_rubric_confirmed
        )

    def validate_deadline(self, field: Any) -> None:
        if field.data is None:
            return
        year = self.year.data
        # A year out of range has its own message; comparing the deadline with it says nothing.
        self.check_dates(field)
        if year is not None and FIRST_YEAR <= year <= LAST_YEAR and field.data.year < year:
            raise ValidationError(
                _(
                    "截止日期不能早于 %(year)d 年度开始的日期（%(date)s）。",
                    year=year,
                    date=dt.date(year, 1, 1).isoformat(),
                )
            )

    def chosen(self) -> tuple[RubricSummary, RubricSummary]:
        return self.summaries[self.company_rubric.data], self.summaries[self.park_rubric.data]


class ReopenForm(CleanForm):
    reason = TextAreaField(
        _l("重新开放的原因"),
        validators=[
            DataRequired(message=_l("请填写重新开放的原因，它将记入审计日志。")),
            Length(min=5, max=2000, message=_l("原因须为 %(min)d 到 %(max)d 个字符。")),
        ],
    )
    # A later deadline with the reopening (qa45 S5): reopened with a day left, the
    # organisations had no time to submit. Empty: the deadline stays.
    deadline = DayField(_l("新的截止日期（可选）"), validators=[Optional()])
    current_deadline: dt.date | None = None  # the view sets the cycle's

    def allowed_range(self) -> tuple[dt.date, dt.date]:
        """Return the first and last day the new deadline may be.

        Later than the current one and not past (a reopened year's past day gives nobody
        time), and, as the year's deadline form after reopening, at most a year after the
        reopening, which is today: a year opened and due long ago is reopened to correct it.
        """
        today = beijing_today()
        after_current = (self.current_deadline or today) + dt.timedelta(days=1)
        return max(after_current, today), latest_deadline(today)

    def set_example(self) -> None:
        self.deadline.example = example_day(*self.allowed_range())

    def validate_deadline(self, field: Any) -> None:
        if field.data is None or self.current_deadline is None:
            return
        if field.data <= self.current_deadline:
            raise ValidationError(
                _(
                    "新的截止日期须晚于现在的截止日期（%(date)s）；不改截止日期请留空。",
                    date=self.current_deadline.isoformat(),
                )
            )
        first, last = self.allowed_range()
        if not first <= field.data <= last:
            raise ValidationError(
                _(
                    "新的截止日期须在 %(first)s 到 %(last)s 之间"
                    "（不早于今天，最晚为重新开放之日后一年）；不改截止日期请留空。",
                    first=first.isoformat(),
                    last=last.isoformat(),
                )
            )


class WithdrawLateForm(CleanForm):
    """Withdraw one organisation's late allowance: the button asks to confirm first."""


class CloseForm(CleanForm):
    """The confirmation page posts `confirmed`; a bare POST only leads to that page."""

    confirmed = HiddenField()


class CloseAgainForm(CleanForm):
    """Run a stopped close again: nothing to fill in but the CSRF token."""


class ReminderForm(CleanForm):
    """Which organisations to remind: the ticked rows of the cycle's list.

    With `everyone`: every organisation not yet submitted that the list's filters show, on
    every page (the filters come back as the list's own fields: status, kind, q, ...).
    """

    organisation_ids = SelectMultipleField(_l("单位"), coerce=int, validate_choice=False)
    everyone = HiddenField()


STATUS_FILTERS = {
    "all": _l("全部"),
    "open": _l("尚未提交（含未开始、草稿、已退回）"),
    "not_started": _l("未开始"),
    "draft": _l("草稿"),
    "returned": _l("已退回"),
    "submitted": _l("已提交"),
    "overdue": _l("逾期未提交"),
    "submitted_late": _l("逾期提交"),
    "late": _l("逾期（含逾期提交）"),
    "extended": _l("已延期或允许逾期提交"),
    "extended_open": _l("已延期或允许逾期，尚未提交"),
}


class RosterFilterForm(CleanQueryForm):
    """Read from the query string, so no CSRF token; unknown values are dropped (`ignored`)."""

    status = SelectField(_l("状态"), choices=options(STATUS_FILTERS.items()), default="all")
    kind = SelectField(
        _l("类型"),
        choices=options([("", _l("全部")), ("company", _l("企业")), ("park", _l("化工园区"))]),
        default="",
    )
    q = StringField(_l("名称"))
    sort = HiddenField(default="name")
    order = HiddenField(default="asc")

    def filters(self) -> dict[str, Any]:
        """Return the filters by name, as roster_filter.RosterFilter takes them."""
        return {
            "status": self.status.data or "all",
            "kind": self.kind.data or "",
            "text": self.q.data or "",
        }

    def ignored(self) -> list[tuple[str, str]]:
        """Drop the choices the lists do not offer (a mistyped or old link): (label, value).

        The list is then shown without them, and the page says which were ignored.
        """
        dropped = []
        for field in self:
            if not isinstance(field, SelectField) or not field.raw_data:
                continue
            typed = str(field.raw_data[0])
            offered = {str(choice[0]) for choice in field.iter_choices()}
            if typed not in offered:
                dropped.append((str(field.label.text), typed))
                field.data = field.default
        return dropped

    def sort_key(self) -> str:
        return str(self.sort.data) if self.sort.data in SORT_KEYS else "name"

    def descending(self) -> bool:
        return self.order.data == "desc"


class ReturnItemsForm(CleanForm):
    comment = TextAreaField(
        _l("退回意见"),
        validators=[
            DataRequired(message=_l("请填写退回意见，告诉单位需要修改什么。")),
            Length(max=2000, message=_l("退回意见不能超过 %(max)d 个字符。")),
        ],
    )
    # After the organisation's own deadline: it could not resubmit, so the return grants a
    # late submission until this day in the same step (the view sets `deadline`).
    until = DayField(_l("延期至"))
    deadline: dt.date | None = None  # the cycle's, when an extension is needed; else None
    reopened: dt.date | None = None  # the day the year was last reopened; the view sets it

    def validate_until(self, field: Any) -> None:
        if self.deadline is None:  # not asked for: whatever was posted is ignored
            field.errors[:] = []
            raise StopValidation()
        if not (field.raw_data and str(field.raw_data[0]).strip()):
            field.errors[:] = []
            raise StopValidation(
                _("请填写“延期至”日期（年-月-日）：单位须在该日（含）前重新提交。")
            )
        if field.data is not None:
            check_late_day(field.data, self.deadline, self.reopened)

    # A finished peer review's final rating: the form says what returning does to it and
    # asks to confirm (the view sets `final_shown`).
    keep_final = BooleanField(_l("我已知悉：最终星级保留，单位修改后重新提交的自评不再经同行评审"))
    final_shown = False

    def validate_keep_final(self, field: Any) -> None:
        if self.final_shown and not field.data:
            raise ValidationError(_("请勾选确认：本自评的同行评审已定级，退回不改变最终星级。"))
