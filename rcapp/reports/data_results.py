"""One assessment's results workbook: summary, scores, every item, gates and KPIs.

Built from the same ScorecardReport as the PDF, plus the stored answers' own text
(comments, evidence notes), which is user text and goes into the file as text.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import force_locale, gettext

from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import answers_by_item, registry
from rcapp.reports.data import ScorecardReport, build_scorecard_report
from rcapp.reports.excel import CellValue, Score, Sheet
from rcapp.reports.star_words import not_rated_words, result_type, stars_of_record
from rcapp.scoring import StarRating


def as_number(text: str) -> CellValue:
    """Figures arrive as display text; numbers go back into number cells, words stay text."""
    try:
        return Decimal(text)
    except InvalidOperation:
        return text or None


def _(msgid: str, /, **params: object) -> str:
    return str(gettext(msgid, **params))


def results_sheets(assessment: Assessment, lang: str) -> list[Sheet]:
    """Return the sheets of the results workbook, worded in `lang`."""
    report = build_scorecard_report(assessment, lang)
    with force_locale("en" if lang == "en" else "zh_CN"):
        return [
            _summary(report),
            _scores(report),
            _items(assessment, report),
            _gates(report),
            _kpis(report),
        ]


def standing_label(report: ScorecardReport) -> str:
    """Say what the result is: final after peer review, published (a closed year), provisional."""
    return result_type(report.final, report.page.published)


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
        (_("KPI 绩效得分"), Score(card.kpi_performance.score)),
        (_("完成度 %"), quality.completeness_pct),
        (_("有证据支持 %"), quality.evidenced_pct),
        (_("不适用 %"), quality.na_pct),
    ]
    return Sheet(_("概况"), (_("项目"), _("内容")), rows, widths=(20, 60))


def _stars(rating: StarRating) -> CellValue:
    # A number where there are stars; else the words every document uses, with the reason.
    stars = stars_of_record(rating)
    return stars if stars is not None else not_rated_words(rating)


def _scores(report: ScorecardReport) -> Sheet:
    lang = report.lang
    rows: list[tuple[CellValue, ...]] = []
    for section in report.page.card.sections:
        rows.append(
            (
                _("板块"),
                section.section_id,
                section.title.get(lang),
                section.weight,
                Score(section.score),
            )
        )
        for element in section.elements:
            rows.append(
                (
                    _("要素"),
                    element.element_id,
                    element.title.get(lang),
                    element.weight,
                    Score(element.score),
                )
            )
    header = (_("层级"), _("编号"), _("名称"), _("权重"), _("得分"))
    return Sheet(_("得分"), header, rows, widths=(8, 12, 40, 8, 8))


def _items(assessment: Assessment, report: ScorecardReport) -> Sheet:
    lang = report.lang
    pinned = registry().get(
        assessment.rubric_id, assessment.rubric_version, assessment.rubric_sha256
    )
    stored = answers_by_item(assessment)
    card = report.page.card
    rows: list[tuple[CellValue, ...]] = []
    for section, element, item in pinned.rubric.iter_items():
        score = card.item(item.id)
        answer = stored.get(item.id)
        rows.append(
            (
                section.title.get(lang),
                element.id,
                item.id,
                item.prompt.get(lang),
                score.claimed_level,
                score.effective_level,
                score.number,
                score.na_reason,
                _("是") if score.evidenced else _("否"),
                answer.evidence_note if answer else None,
                answer.comment if answer else None,
            )
        )
    header = (
        _("板块"),
        _("要素"),
        _("评价项"),
        _("内容"),
        _("自评等级"),
        _("计分等级"),
        _("数值"),
        _("不适用理由"),
        _("有证据"),
        _("证据说明"),
        _("备注"),
    )
    return Sheet(_("评价项"), header, rows, widths=(16, 10, 12, 50, 8, 8, 10, 20, 8, 30, 30))


def _gates(report: ScorecardReport) -> Sheet:
    rows = [
        (band.stars, band.label, gate.text, _("满足") if gate.passed else _("未满足"))
        for band in report.page.bands
        for gate in band.gates
    ]
    return Sheet(
        _("星级条件"), (_("星级"), _("名称"), _("条件"), _("结果")), rows, widths=(6, 14, 60, 10)
    )


def _kpis(report: ScorecardReport) -> Sheet:
    header = (
        _("编号"),
        _("指标"),
        _("计量单位"),
        _("核心"),
        str(report.year),
        *(f"{report.year} {label}" for label in report.basis_labels),
        *(str(year) for year in report.earlier_years),
    )
    rows = [
        (
            k.kpi_id,
            k.name,
            k.unit,
            _("是") if k.core else _("否"),
            *(as_number(v) for v in (k.value, *k.by_basis, *k.earlier)),
        )
        for k in report.kpis
    ]
    return Sheet(_("关键绩效指标"), header, rows, widths=(16, 30, 16, 6, 12, 14, 14))
