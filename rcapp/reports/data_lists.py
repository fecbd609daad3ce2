"""List pages as worksheets: the same rows the page shows, every page of them, filters kept.

Each function takes what the list page's query returns and gives back an `excel.Sheet` in
the current language; rows are generated lazily so a long audit log streams into the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from flask_babel import gettext
from sqlalchemy import Select, func, select

from rcapp import db
from rcapp.accounts.views.audit import (  # the page's own wording
    AuditRow,
    actor_text,
    after_text,
    audit_rows,
    subject_text,
)
from rcapp.assessments import queries
from rcapp.assessments.compare_words import incomparable_mark, total_note
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.roster_rows import RosterRow
from rcapp.assessments.year_marks import year_marks
from rcapp.assessments.year_members import group_year_members
from rcapp.audit.labels import ENTITY_LABELS
from rcapp.audit.models import AuditEntry
from rcapp.cycles.deadlines import kept_on_time
from rcapp.cycles.forms import STATUS_FILTERS
from rcapp.cycles.models import ReportingCycle
from rcapp.cycles.reminders import LastReminder
from rcapp.organisations.cities import city_name
from rcapp.organisations.former_names import NO_RENAMES, NamesThen, names_at_close
from rcapp.organisations.forms import COMMITMENT_LABELS, KIND_LABELS
from rcapp.organisations.models import Organisation, WorkingGroup
from rcapp.organisations.provinces import province_name
from rcapp.organisations.sectors import sector_name
from rcapp.reports.data import status_label
from rcapp.reports.excel import CellValue, Score, Sheet
from rcapp.reports.member_progress import member_progress
from rcapp.reports.star_words import not_rated_text, result_type, vetoed_ids
from rcapp.translation_memo import kept, translations_kept

BEIJING = dt.timezone(dt.timedelta(hours=8), "CST")
CHUNK = 1000  # rows fetched at a time for long lists
Progress = Callable[[int, int], None]  # (done, total)


def _(msgid: str, /, **params: object) -> str:
    return str(gettext(msgid, **params))


def filter_notes(filters: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """One line naming the filters applied, so a file says what it holds."""
    applied = [f"{label}: {value}" for label, value in filters if value]
    if not applied:
        return (_("筛选条件：无（全部）"),)
    return (_("筛选条件：") + "; ".join(applied),)


def shown_value(field: Any) -> str:
    """Return a filter's value as the user chose it (a choice's label, not its code)."""
    if hasattr(field, "iter_choices"):
        for choice in field.iter_choices():
            if choice[2]:  # (value, label, selected, render_kw)
                return str(choice[1])
    return str(field.data)


def organisations_sheet(
    rows: Iterable[Organisation], lang: str, notes: Sequence[str] = ()
) -> Sheet:
    """List organisations as the list page does: province and known sectors in `lang`."""
    header = (
        _("名称"),
        _("英文名称"),
        _("类型"),
        _("统一社会信用代码"),
        _("省份"),
        _("城市"),
        _("行业"),
        _("所属集团"),
        _("承诺书"),
        _("签署日期"),
    )
    body = (
        (
            o.name_zh,
            o.name_en,
            str(KIND_LABELS[o.kind]),
            o.credit_code,
            province_name(o.province, lang),
            city_name(o.city, lang) or None,
            sector_name(o.sector, lang) or None,
            o.parent_group,
            str(COMMITMENT_LABELS[o.commitment_status]),
            o.commitment_signed_on,
        )
        for o in rows
    )
    return Sheet(
        _("组织"), header, body, widths=(32, 28, 10, 22, 10, 10, 14, 20, 10, 12), notes=notes
    )


def group_members_sheet(group: WorkingGroup, lang: str, cycle: ReportingCycle | None) -> Sheet:
    """List the group's members in `cycle` (a closed year: those kept at its close).

    With the year's progress as the group's progress page shows it (qa72 m6): status,
    submission time, self-assessed and final stars. Without any year at all (none opened
    yet): today's members, no year named, no progress. A closed year's renamed members say
    the name they had at its close too (former_names).
    """
    # "地区" as the group page says it, province and city (QA14 S11: "省份" gave the province)
    header: tuple[str, ...] = (_("名称"), _("类型"), _("统一社会信用代码"), _("地区"), _("承诺书"))
    widths: tuple[int, ...] = (34, 10, 22, 18, 10)
    listed = group.organisations
    notes = [f"{group.code} · {group.display_name(lang)}"]
    title = group.display_name(lang)
    progress: dict[int, tuple[CellValue, ...]] = {}
    if cycle is not None:
        listed = list(
            db.session().scalars(
                select(Organisation).where(Organisation.id.in_(group_year_members(group.id, cycle)))
            )
        )
        notes.append(
            _("%(year)d 年度成员单位（该年度关闭时的名单）", year=cycle.year)
            if cycle.is_closed
            else _("%(year)d 年度成员单位（当前名单）", year=cycle.year)
        )
        # The year after the name: a name too long for Excel's 31 characters drops the
        # year (named in the heading and the file name too), never the name.
        title = _("%(name)s %(year)d 年度", name=title, year=cycle.year)
        header = (*header, _("状态"), _("提交时间（北京时间）"), _("自评星级"), _("最终星级"))
        widths = (*widths, 10, 18, 22, 22)
        progress = member_progress(cycle, [o.id for o in listed])
    members = sorted(listed, key=lambda o: (o.name_sort, o.name_zh, o.id))
    names = NO_RENAMES if cycle is None else names_at_close(cycle)
    body = (
        (
            names.name(o, lang),
            str(KIND_LABELS[o.kind]),
            o.credit_code,
            _region(o, lang),
            str(COMMITMENT_LABELS[o.commitment_status]),
            *progress.get(o.id, ()),
        )
        for o in members
    )
    return Sheet(title, header, body, widths=widths, notes=notes)


def _region(organisation: Organisation, lang: str) -> str:
    """Province and city, as the pages' 地区 column writes them."""
    parts = (province_name(organisation.province, lang), city_name(organisation.city, lang))
    return " ".join(p for p in parts if p)


def assessments_sheet(rows: Iterable[Assessment], lang: str, notes: Sequence[str] = ()) -> Sheet:
    """List assessments with the score and stars the result page shows (stars of record).

    A closed year's renamed organisations say the name they had at its close too.
    """
    listed = list(rows)
    names = {c.id: names_at_close(c) for c in {a.cycle for a in listed}}
    rated = queries.rated_stars([a.id for a in listed])
    vetoed = vetoed_ids([a for a in listed if _stars_shown(a, rated.get(a.id)) == 0])
    marks = year_marks(listed)
    if marks:  # the page's footnote, as text above the header
        notes = (*notes, f"* {incomparable_mark()}{_('：')}{total_note()}")
    header = (
        _("组织名称"),
        _("统一社会信用代码"),
        _("年度"),
        _("状态"),
        _("总分"),
        _("星级"),
        _("结果性质"),
        _("提交时间"),
        _("最近修改"),
        _("与本单位最新年度比较"),
    )
    body = (
        (
            names[a.cycle_id].name(a.organisation, lang),
            a.organisation.credit_code,
            a.cycle.year,
            status_label(a.status),
            *_of_record(a, rated.get(a.id), a.id in vetoed),
            # as the roster and the overview: a returned one's earlier submission is no
            # longer its submission (qa55 #7)
            _local(a.submitted_at) if a.status is AssessmentStatus.SUBMITTED else None,
            _local(a.updated_at),
            incomparable_mark() if a.id in marks else None,
        )
        for a in listed
    )
    widths = (34, 22, 8, 12, 8, 8, 12, 18, 18, 14)
    return Sheet(_("自评"), header, body, widths=widths, notes=notes)


def _stars_shown(a: Assessment, rated: queries.Rated | None) -> int | None:
    if rated is not None:
        return rated.stars if rated.rated else None
    return a.stars


def _of_record(a: Assessment, rated: queries.Rated | None, vetoed: bool) -> tuple[CellValue, ...]:
    """Score, stars and what they are: final, a closed year's result, or self-assessed."""
    stars: CellValue = _stars_shown(a, rated)
    if (rated is not None and not rated.rated) or vetoed:
        stars = not_rated_text(veto=vetoed)
    if rated is not None:
        return Score(rated.overall), stars, result_type(rated.final, rated.frozen)
    if a.stars is None:
        return Score(a.overall_score), None, None
    return Score(a.overall_score), stars, result_type(final=False, published=False)


def roster_sheet(
    rows: Iterable[RosterRow],
    lang: str,
    notes: Sequence[str] = (),
    reminders: Mapping[int, LastReminder] | None = None,
    deadline: dt.date | None = None,
    names: NamesThen = NO_RENAMES,
) -> Sheet:
    """List a cycle's roster as its page does: status, late and extension in the page's words.

    The last reminder is a date cell and its count a number, so both sort and filter.
    `deadline` (the cycle's): a submission after it that was on time by the deadline then in
    force says so in the late column, beside its submission time (QA17 D7).
    `names`: a closed year's names at its close, said beside today's (former_names).
    """
    reminded = reminders or {}
    listed = list(rows)
    zero = [r.assessment for r in listed if r.assessment is not None and r.rating == 0]
    vetoed = vetoed_ids(zero)
    other = _("中文名称") if lang == "en" else _("英文名称")
    header = (
        _("组织名称"),
        other,
        _("统一社会信用代码"),
        _("类型"),
        _("省份"),
        _("状态"),
        _("提交时间（北京时间）"),  # the page's times are Beijing's; the file says so
        _("逾期"),
        _("延期"),
        _("最近活动（北京时间）"),
        _("完成度 %"),
        _("星级"),
        _("结果性质"),
        _("上次提醒"),
        _("提醒次数"),
    )
    body = (
        (
            names.name(r.organisation, lang),
            _other_name(r.organisation, lang),
            r.organisation.credit_code,
            str(KIND_LABELS[r.organisation.kind]),
            province_name(r.organisation.province, lang),
            str(STATUS_FILTERS[r.status.value]),
            _local(r.assessment.submitted_at) if r.assessment and not r.is_open else None,
            _late(r, deadline),
            _extension(r),
            _local(r.last_activity),
            r.progress,
            *_rating(r, vetoed),
            *_reminded(reminded.get(r.organisation.id)),
        )
        for r in listed
    )
    widths = (34, 28, 22, 10, 10, 10, 18, 12, 24, 18, 10, 22, 10, 12, 10)
    return Sheet(_("各单位进展"), header, body, widths=widths, notes=notes)


def _rating(row: RosterRow, vetoed: set[int]) -> tuple[CellValue, CellValue]:
    """Stars and result type as the roster page shows them, in the documents' words."""
    rated, stars = row.rated, row.rating
    if row.assessment is None or (rated is None and row.stars is None):
        return None, None  # not submitted: no result
    final, published = (rated.final, rated.frozen) if rated is not None else (False, False)
    kind = result_type(final, published)
    if stars is None or (stars == 0 and row.assessment.id in vetoed):
        return not_rated_text(veto=stars is not None), kind
    return stars, kind


def _other_name(organisation: Organisation, lang: str) -> str | None:
    """Return the name in the other language, if it says more than the first column."""
    name = organisation.name_zh if lang == "en" else organisation.name_en
    return name if name and name != organisation.display_name(lang) else None


def _reminded(last: LastReminder | None) -> tuple[dt.date | None, int | None]:
    return (last.on, last.times) if last is not None else (None, None)


def _late(row: RosterRow, deadline: dt.date | None = None) -> str | None:
    if row.late:
        return _("逾期未提交") if row.is_open else _("逾期提交")
    if deadline is not None and kept_on_time([row], deadline):
        return _("按时（按提交时有效的截止日期）")
    return None


def _extension(row: RosterRow) -> str | None:
    """Say the extension as the roster's badge does (cycles/_roster.html): its effective day.

    One ending on or before the year's deadline gives no day more and is not said.
    """
    if not row.late_allowed:
        return None
    if row.ended_by_close:
        return _("逾期提交延期已随年度关闭结束")
    if row.late_until is None:
        return _("已准许逾期提交 · 无截止日期")
    if row.extended_to is None:
        return None
    if row.is_open and row.allowance_over:
        return _("延期已于 %(date)s 结束", date=row.extended_to.isoformat())
    if row.before_deadline:  # the year's deadline not passed: extended, nothing late yet
        return _("已延期 · 至 %(date)s", date=row.extended_to.isoformat())
    return _("已准许逾期提交 · 至 %(date)s", date=row.extended_to.isoformat())


def audit_sheet(
    statement: Select[AuditEntry],
    notes: Sequence[str] = (),
    progress: Progress | None = None,
) -> Sheet:
    """List the entries `statement` selects (newest first by id, as the audit page's search).

    `progress(done, total)` is called after each chunk of entries, when given.
    """
    header = (
        _("时间（北京时间）"),  # as the page says under its filter
        _("操作人"),
        _("对象类型"),
        _("对象"),
        _("操作"),
        _("字段"),
        _("修改前"),
        _("修改后"),
        _("原因"),
    )
    widths = (18, 30, 12, 30, 16, 20, 40, 40, 24)
    rows = _audit_rows(statement, progress)
    return Sheet(_("审计日志"), header, rows, widths=widths, notes=notes)


def _audit_rows(
    statement: Select[AuditEntry], progress: Progress | None
) -> Iterator[Sequence[CellValue]]:
    """Each entry worded as on the audit page (names, labels), a chunk of entries at a time.

    Each chunk is its own query, the next one starting below the last id read (keyset), so
    at most a chunk of entries is in memory, and a job may commit its progress between
    chunks: a streaming cursor (yield_per) does not outlive a commit on PostgreSQL.
    """
    session = db.session()
    total = 0
    if progress is not None:
        counted = select(func.count()).select_from(statement.order_by(None).subquery())
        total = session.scalar(counted) or 0
    done, last_id = 0, None
    while True:
        page = statement if last_id is None else statement.where(AuditEntry.id < last_id)
        chunk = list(session.scalars(page.limit(CHUNK)))
        if not chunk:
            break
        yield from _audit_cells(chunk)
        done, last_id = done + len(chunk), chunk[-1].id
        if progress is not None:
            progress(done, total)
        if len(chunk) < CHUNK:
            break


def _audit_cells(entries: list[AuditEntry]) -> list[Sequence[CellValue]]:
    with translations_kept():  # each label translated once a chunk, not once a row
        return [_audit_row_cells(row) for row in audit_rows(entries)]


def _audit_row_cells(row: AuditRow) -> Sequence[CellValue]:
    entry = row.entry
    subject = subject_text(row)  # one line, no database number (QA47 S9)
    return (
        _local(entry.at),
        actor_text(row),
        kept(ENTITY_LABELS.get(entry.entity, entry.entity)),
        subject,
        row.action,
        row.field,
        row.before,
        after_text(row),  # a long list in one cell, one entry a line
        entry.reason,
    )


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    """Beijing wall-clock time without a zone (spreadsheets have none)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(BEIJING).replace(tzinfo=None)
