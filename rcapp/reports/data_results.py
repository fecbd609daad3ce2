"""One assessment's results workbook: summary, scores, every item, gates and KPIs.

Built from the same ScorecardReport as the PDF, plus the stored answers' own text
(comments, evidence notes), which is user text and goes into the file as text.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from flask_babel import force_locale, gettext, pgettext

from rcapp.assessments.earlier_marks import EarlierMark, earlier_year_text
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import answers_by_item, registry
from rcapp.assessments.results import DataQuality
from rcapp.assessments.views.gate_words import result_word
from rcapp.reports.data import ScorecardReport, build_scorecard_report
from rcapp.reports.data_park import park_sheets
from rcapp.reports.data_review_levels import reviewed_items
from rcapp.reports.excel import CellValue, Figure, RubricText, Score, Sheet
from rcapp.reports.star_words import not_rated_words, result_type, stars_of_record
from rcapp.rubrics.model import ComponentSource, Rubric
from rcapp.scoring import FlagKind, ItemScore, StarRating
from rcapp.scoring.scorecard import ComponentScore, SectionScore

WEIGHT_PLACES = Decimal("0.0001")


def _(msgid: str, /, **params: object) -> str:
    return str(gettext(msgid, **params))


def results_sheets(assessment: Assessment, lang: str) -> list[Sheet]:
    """Return the sheets of the results workbook, worded in `lang`."""
    report = build_scorecard_report(assessment, lang)
    rubric = (
        registry()
        .get(assessment.rubric_id, assessment.rubric_version, assessment.rubric_sha256)
        .rubric
    )
    with force_locale("en" if lang == "en" else "zh_CN"):
        return [
            _summary(report),
            _scores(report, rubric),
            _items(assessment, rubric, report),
            _gates(report),
            _sections_na(report),
            _kpis(report),
            *(
                []
                if report.park is None
                else park_sheets(report.organisation, report.year, report.park)
            ),
        ]


def standing_label(report: ScorecardReport) -> str:
    """Say what the result is: final, published (a closed year), provisional, in review again.

    Final after peer review; in review again after an upheld appeal (as the result page).
    """
    return result_type(report.final, report.page.published, report.rereview is not None)


def _summary(report: ScorecardReport) -> Sheet:
    card = report.page.card
    quality = report.page.quality
    rows: list[tuple[CellValue, ...]] = [
        (_("组织名称"), report.organisation),
        (_("统一社会信用代码"), report.credit_code),
        (_("年度"), report.year),
        (_("评价细则"), report.rubric_label),
        (_("状态"), report.status_label),
        (_("结果性质"), standing_label(report)),
        (_("结果来源"), report.source_label),
        (_("总分"), Score(card.overall)),
        (_("星级"), _stars(card.rating)),
        *([(_("最终星级下调"), report.page.lowered)] if report.page.lowered else []),
        # a park's safety-risk grade and what it allows, as the result page says it
        *(
            (grade.label, _("%(grade)s。%(stars)s", grade=grade.value, stars=grade.stars))
            for grade in report.page.grades
        ),
        (_("关键绩效指标得分"), Score(card.kpi_performance.score)),
        (_("完成度 %"), quality.completeness_pct),
        *_evidence_rows(quality),
        (_("不适用 %"), quality.na_pct),
    ]
    header = (pgettext("summary sheet", "项目"), pgettext("summary sheet", "内容"))
    return Sheet(_("概况"), header, rows, widths=(20, 60), filtered=False)


def _evidence_rows(quality: DataQuality) -> list[tuple[CellValue, ...]]:
    """As the result page: backed by a file and described only, where the result tells them."""
    if quality.file_pct is None:  # stored before files and notes were told apart
        return [(_("有证据（文件或说明）%"), quality.evidenced_pct)]
    return [
        (_("有上传证据文件 %"), quality.file_pct),
        (_("仅有证据说明（无文件）%"), quality.note_only_pct),
    ]


def _stars(rating: StarRating) -> CellValue:
    # A number where there are stars; else the words every document uses, with the reason.
    stars = stars_of_record(rating)
    return stars if stars is not None else not_rated_words(rating)


def _scores(report: ScorecardReport, rubric: Rubric) -> Sheet:
    """List the overall score's parts with the weights the result page shows (0.15 / 0.60 / 0.25).

    The rubric weighs sections and elements against their siblings (all 1 in practice), so
    those weights are given as shares of the part above them: six equal sections are 0.1667
    each of 六项准则, and the weights on each level add up to 1.
    """
    rows: list[tuple[CellValue, ...]] = []
    sections = {s.section_id: s for s in report.page.card.sections}
    listed: set[str] = set()
    # The page's labels: the rubric's current wording (errata), not the stored card's.
    shown = report.page.components
    for component, view in zip(report.page.card.components, shown, strict=True):
        rows.append(_component_row(view.label, component))
        members = _component_sections(rubric, component.component_id)
        total = sum((sections[s].weight for s in members), Decimal(0))
        for section_id in members:
            listed.add(section_id)
            rows.extend(_section_rows(report, sections[section_id], total))
    for section in report.page.card.sections:  # a section no part lists, if a rubric has one
        if section.section_id not in listed:
            rows.extend(_section_rows(report, section, None))
    header = (_("层级"), _("编号"), _("名称"), _("权重"), _("得分"))
    note = _(
        "权重：组成部分为其在总分中的权重（同结果页“总分构成”）；"
        "板块为其在所属组成部分中的权重，要素为其在所属板块中的权重。"
    )
    return Sheet(_("得分"), header, rows, widths=(10, 12, 40, 8, 8), notes=(note,))


def _component_sections(rubric: Rubric, component_id: str) -> tuple[str, ...]:
    component = next(c for c in rubric.rating.components if c.id == component_id)
    if component.source is ComponentSource.KPI_PERFORMANCE:
        return ()
    return component.sections


def _component_row(label: str, component: ComponentScore) -> tuple[CellValue, ...]:
    return (_("组成部分"), None, label, component.weight, Score(component.score))


def _section_rows(
    report: ScorecardReport, section: SectionScore, total: Decimal | None
) -> Iterator[tuple[CellValue, ...]]:
    lang = report.lang
    yield (
        _("板块"),
        section.section_id,
        section.title.get(lang),
        _share(section.weight, total),
        Score(section.score),
    )
    elements = sum((e.weight for e in section.elements), Decimal(0))
    for element in section.elements:
        yield (
            _("要素"),
            element.element_id,
            element.title.get(lang),
            _share(element.weight, elements),
            Score(element.score),
        )


def _share(weight: Decimal, total: Decimal | None) -> Decimal | None:
    if not total:
        return None
    return (weight / total).quantize(WEIGHT_PLACES)


def _items(assessment: Assessment, rubric: Rubric, report: ScorecardReport) -> Sheet:
    """Every item: the self-assessed level from the answers, the counted level of the result.

    After a peer review the result counts the review's levels: the sheet then also gives the
    level after the review and the review's reason where it changed the item (qa14 D2), and
    the figure of a number item is the organisation's own.
    """
    lang = report.lang
    stored = answers_by_item(assessment)
    card = report.page.card
    reviewed = reviewed_items(assessment, rubric) if report.final else None
    own = reviewed.self_card if reviewed is not None else card
    rows: list[tuple[CellValue, ...]] = []
    for section, element, item in rubric.iter_items():
        score = card.item(item.id)
        mine = own.item(item.id)
        answer = stored.get(item.id)
        review_cells: tuple[CellValue, ...] = ()
        if reviewed is not None:
            review_cells = (score.claimed_level, reviewed.reasons.get(item.id) or None)
        rows.append(
            (
                section.title.get(lang),
                element.id,
                item.id,
                item.prompt.get(lang),
                _("不适用") if mine.is_na else mine.claimed_level,
                *review_cells,
                score.effective_level,
                mine.number,
                mine.na_reason,  # the organisation's claim, kept where a reviewer rejected it
                _evidence_text(score),
                answer.evidence_note if answer else None,
                answer.comment if answer else None,
            )
        )
    review_headers = (_("评审后等级"), _("评审调整理由")) if reviewed is not None else ()
    header = (
        _("板块"),
        _("要素"),
        _("评价项"),
        _("内容"),
        _("自评等级"),
        *review_headers,
        _("计分等级"),
        _("数值"),
        _("不适用理由"),
        _("证据（计分依据）"),
        _("证据说明"),
        _("备注"),
    )
    widths = (16, 10, 12, 50, 8, *((8, 30) if reviewed is not None else ()), 8, 10, 20, 24, 30, 30)
    notes: tuple[str, ...] = ()
    if reviewed is not None:
        notes = (
            _(
                "自评等级为企业自己的答案；评审后等级为同行评审确定的等级，"
                "计分等级为结果计分所用的等级（证据不足时可能更低）。"
            ),
        )
    wrapped = frozenset({6}) if reviewed is not None else frozenset()  # a line per reason
    return Sheet(_("评价项"), header, rows, widths=widths, notes=notes, wrapped=wrapped)


def _evidence_text(score: ItemScore) -> str | None:
    """Say what counts of the item's evidence, as the result page says it (qa11 S7).

    A description without a file does not count for the levels that need a file: such an
    item counts lower, the words of the result page's list. Empty for an item N/A or not
    answered.
    """
    if score.is_na or not score.answered:
        return None
    kinds = {flag.kind for flag in score.flags}
    if FlagKind.FILE_CAP in kinds:
        return _("未上传证据文件，按较低等级计分")
    if FlagKind.EVIDENCE_CAP in kinds:  # a description would do (qa34 S11)
        return _("缺少证据，按较低等级计分")
    if score.has_file:
        return _("已上传文件")
    if score.has_file is None:  # a scorecard kept before files and notes were told apart
        return _("有证据（文件或说明）") if score.evidenced else _("无")
    return _("仅有证据说明（无文件）") if score.evidenced else _("无")


def _gates(report: ScorecardReport) -> Sheet:
    rows = [
        (band.stars, band.label, gate.text, result_word(gate.passed, gate.awaiting))
        for band in report.page.bands
        for gate in band.gates
    ]
    return Sheet(
        _("星级条件"), (_("星级"), _("名称"), _("条件"), _("结果")), rows, widths=(6, 14, 60, 10)
    )


def _sections_na(report: ScorecardReport) -> Sheet:
    """List the sections declared N/A as a whole, with the reason, one row each to filter.

    The result page and the scorecard say them under the star conditions. The reason is the
    user's text and goes in as text (never a formula).
    """
    rows = [
        (section.section_id, section.title.get(report.lang), section.na_reason)
        for section in report.page.card.sections
        if section.na_reason
    ]
    note = (
        _("整体不适用的板块不计入总分和各星级的板块得分下限。")
        if rows
        else _("没有整体不适用的板块。")
    )
    return Sheet(
        _("不适用板块"),
        (_("编号"), _("板块"), _("不适用理由")),
        rows,
        widths=(10, 30, 60),
        notes=(note,),
        wrapped=frozenset({2}),
    )


def _kpis(report: ScorecardReport) -> Sheet:
    """KPIs with number cells only (empty where there is no figure), to sort and sum.

    Every column says the unit of its numbers: a year's column is in the row's 计量单位
    (a per-hours KPI's primary basis: 起/百万工时 for one, 起/20万工时 for another, as the
    result page shows them), a basis column in its basis. Why a cell is empty is said in 状态.
    """
    header = (
        _("编号"),
        _("指标"),
        _("计量单位"),
        _("核心"),
        _("状态"),
        _year_header(report.year),
        *(f"{report.year} {label}" for label in report.basis_labels),
        *(_year_header(year, year in report.backfilled_years) for year in report.earlier_years),
    )
    rows = [
        (
            k.kpi_id,
            RubricText(k.name),
            RubricText(k.primary_unit),
            _("是") if k.core else _("否"),
            _kpi_status(k.status, k.earlier_marks, k.basis_notes),
            # one row, one precision (QA52 M1): as the scorecard PDF prints the row
            Figure(k.number, k.places),
            *(
                v if n is None else Figure(v, n)
                for v, n in zip(k.basis_numbers, k.basis_places, strict=True)
            ),
            *(Figure(v, k.places) for v in k.earlier_numbers),
        )
        for k in report.kpis
    ]
    notes = [_("年度列的数值以“计量单位”列为单位；工时类比率按各自的主要口径，各行可能不同。")]
    if report.page.backfill_note:
        notes.append(report.page.backfill_note)  # the "（补录）" columns: self-declared
    if report.basis_labels:
        notes.append(
            _(
                "按工时口径命名的列（如“%(label)s”）以同一口径列出本年度的比率。",
                label=f"{report.year} {report.basis_labels[0]}",
            )
        )
    return Sheet(
        _("关键绩效指标"),
        header,
        rows,
        widths=(10, 30, 18, 6, 16, 14, 14, 14),
        notes=tuple(notes),
    )


def _year_header(year: int, backfilled: bool = False) -> str:
    if backfilled:  # no assessment that year: the organisation's self-declared figures
        return _("%(year)s（补录，按计量单位）", year=year)
    return _("%(year)s（按计量单位）", year=year)


def _kpi_status(
    status: str,
    marks: tuple[tuple[int, EarlierMark], ...],
    basis_notes: tuple[tuple[int, str], ...] = (),
) -> str:
    """Say the status, then what the KPI page marks on earlier years: 不可比, 未设, 口径不同.

    In the KPI page's and the scorecard's words (earlier_marks; qa42 D1, qa55 #4).
    """
    years = [earlier_year_text(mark, year) for year, mark in marks]
    return _("；").join((status, *years, *(note for _year, note in basis_notes)))
