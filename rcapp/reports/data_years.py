"""The years page (历年对比) as a worksheet: its table, its 不可比 marks and its notes as text.

One column a year, oldest first, as on the page; a score that does not compare reads
"不可比*" and the notes above the header say why, as the page's footnotes do. Scores are
score cells, KPI values number cells with the KPI's decimals (scoring.kpi_text), a KPI the
year's rubric had not "未设"; stars are words ("2 星").
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext, pgettext

from rcapp.assessments.compare_words import incomparable_mark, kpi_note, stars_note
from rcapp.assessments.earlier_marks import EarlierMark, earlier_mark_text
from rcapp.assessments.rating_words import star_count_text, vetoed_text
from rcapp.benchmarks import history
from rcapp.organisations.models import Organisation
from rcapp.reports.excel import CellValue, Figure, RubricText, Score, Sheet
from rcapp.reports.kpi_header import kpi_header
from rcapp.rubrics.app_registry import rubric_label


def _(msgid: str, /, **params: object) -> str:
    return str(gettext(msgid, **params))


def _bracket(text: str, aside: str) -> str:
    """Write "text（aside）", with the language's brackets ("text (aside)" in English)."""
    return _("%(label)s（%(unit)s）", label=text, unit=aside)


def _year(row: history.YearRow) -> str:
    return _bracket(str(row.year), _("填写中（暂定）")) if row.draft else str(row.year)


def _stars(count: int, compares: bool, *asides: str) -> str:
    """Say stars with their asides in one bracket: "1 star (not comparable*, self-assessed)".

    Two brackets in a row read "(Not comparable*) (self-assessed)" (enwords 6).
    """
    text = star_count_text(count)  # 0 reads "未达 1 星", as the page (vcnames 3)
    said = ((_("不可比") + "*",) if not compares else ()) + asides
    return _bracket(text, _("，").join(said)) if said else text


def _self_stars(row: history.YearRow, lang: str) -> str:
    if row.self_vetoed:
        return vetoed_text(row.self_vetoes, lang)
    if not row.self_rated:
        return _("未评定")
    count = row.assessment.stars if row.final_stars is not None else row.card.rating.stars
    return _stars(count or 0, row.compares.stars)


def _final_stars(row: history.YearRow, lang: str) -> str:
    if row.final_stars is None:
        return "—"
    self_assessed = (str(pgettext("stars aside", "自评")),) if row.final_self else ()
    if row.final_rated and not row.final_vetoed:
        text = _stars(row.final_stars, row.compares.stars, *self_assessed)
    else:
        text = vetoed_text(row.final_vetoes, lang) if row.final_vetoed else _("未评定")
        text += _("（自评）") if self_assessed else ""
    if row.final_contested:
        text += " " + _("重新评审中")
    return text


def _cap(row: history.YearRow) -> str:
    """Write the most stars the year's rubric lets a self-assessment reach before peer review."""
    return star_count_text(row.cap.stars) if row.cap is not None else _("不设上限")


def _basis(row: history.YearRow) -> str:
    if row.reviewed:
        return _("评审后得分")
    return _("自评得分（暂定）") if row.draft else _("自评得分")


def _score(row: history.YearRow, section_id: str | None) -> CellValue:
    value = history.series_value(row, section_id)
    if value is not None:
        return Score(value)
    return incomparable_mark() if row.compares.changed else _("不可比")


def _kpi(row: history.YearRow, kpi_id: str) -> CellValue:
    if row.kpi_marks.get(kpi_id) is EarlierMark.UNDEFINED:
        return earlier_mark_text(EarlierMark.UNDEFINED)  # 未设, as the page and scorecard (qa71)
    if kpi_id not in row.compares.kpis:
        return incomparable_mark()
    if kpi_id in row.basis_notes:
        return _bracket(row.kpi_texts.get(kpi_id, "—"), incomparable_mark())
    number = row.kpi_numbers.get(kpi_id)
    # a number to sort and sum, with the decimals the page writes it with (scoring.kpi_text)
    return "—" if number is None else Figure(number, row.kpi_places.get(kpi_id, 0))


def years_notes(
    organisation: Organisation, rows: Sequence[history.YearRow], lang: str
) -> list[str]:
    """List the page's title and every footnote under its table, as lines of text."""
    latest = rows[-1]
    notes = [
        _("历年对比") + " · " + organisation.display_name(lang),
        _("评价细则版本变化时，按版本对照表判断可比性；不可比的得分标为“不可比”，不作比较。"),
    ]
    for row in rows[:-1]:
        if row.compares.changed:
            titles = {s.section_id: s.title.get(lang) for s in latest.card.sections}
            # the language's own separators: "；" and "：" are Chinese only (enwords 6)
            changed = _("；").join(
                f"{titles.get(section_id, section_id)}{_('：')}{_('、').join(codes)}"
                for section_id, codes in row.compares.changed.items()
            )
            said = _(
                "%(year)s 年的板块得分不可比，因为评价细则改版改动了这些评价项（新增、取消、合并或拆分）：%(items)s",  # noqa: E501
                year=str(row.year),
                items=changed,
            )
            notes.append("* " + said)
    if any(not r.compares.stars for r in rows):
        notes.append("* " + _("星级：%(note)s", note=stars_note()))
    missing = [r.kpi_marks.get(k.kpi_id) for k in latest.card.kpis if k.core for r in rows]
    if EarlierMark.NOT_COMPARABLE in missing:
        notes.append("* " + kpi_note())
    if EarlierMark.UNDEFINED in missing:
        notes.append(_undefined_note())
    notes += [
        f"* {row.year} {kpi_id}{_('：')}{note}"
        for row in rows
        for kpi_id, note in sorted(row.basis_notes.items())
    ]
    return notes


def _undefined_note() -> str:
    """Say what 未设 means, in the words of the page's and the scorecard's note."""
    mark = earlier_mark_text(EarlierMark.UNDEFINED)
    return _("“%(mark)s”：该年度的评价细则没有此指标（后来的版本新增），所以没有数值。", mark=mark)


def years_sheet(
    organisation: Organisation,
    rows: Sequence[history.YearRow],
    units: dict[str, str],
    lang: str,
) -> Sheet:
    """Lay out the years table: a row a figure (stars, total, sections, KPIs), a column a year."""
    latest = rows[-1].card
    table: list[Sequence[CellValue]] = [
        [
            _("评价细则"),
            *(
                rubric_label(r.assessment.rubric_id, r.assessment.rubric_version, lang)
                for r in rows
            ),
        ],
        [_("得分依据"), *(_basis(r) for r in rows)],
        [_("自评星级"), *(_self_stars(r, lang) for r in rows)],
        [_("最终星级"), *(_final_stars(r, lang) for r in rows)],
        [_("评审前自评星级上限"), *(_cap(r) for r in rows)],  # as the page's row
        [_("总分"), *(_score(r, None) for r in rows)],
    ]
    table += [
        [s.title.get(lang), *(_score(r, s.section_id) for r in rows)] for s in latest.sections
    ]
    table += [
        [
            RubricText(kpi_header(f"{k.kpi_id} {k.name.get(lang)}", units.get(k.kpi_id))),
            *(_kpi(r, k.kpi_id) for r in rows),
        ]
        for k in latest.kpis
        if k.core
    ]
    return Sheet(
        title=_("历年对比"),
        header=[_("年度"), *(_year(r) for r in rows)],
        rows=table,
        widths=(44, *(22 for _row in rows)),
        notes=years_notes(organisation, rows, lang),
    )
