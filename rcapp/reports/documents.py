"""Documents as bytes: build the report data, render the template or sheets, return bytes.

Views, CLI commands and background jobs all call these, so a file downloaded from a page,
written by `rcapp export` or produced by a job is the same file.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale

from rcapp.assessments.models import Assessment
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import Organisation
from rcapp.reports.annual_sheets import annual_sheets
from rcapp.reports.data import build_scorecard_report
from rcapp.reports.data_annual import Progress, build_annual_data
from rcapp.reports.data_annual_report import build_annual_report
from rcapp.reports.data_blank_template import build_blank_template
from rcapp.reports.data_results import results_sheets
from rcapp.reports.data_template import build_template
from rcapp.reports.excel import workbook_bytes
from rcapp.reports.pdf import PRINT_CSS, html_to_pdf
from rcapp.reports.template_xlsx import template_bytes
from rcapp.rubrics.loader import LoadedRubric


def locale_of(lang: str) -> str:
    return "en" if lang == "en" else "zh_CN"


def render_html(template: str, lang: str, **context: Any) -> str:
    """Render a templates/reports/*.html page in `lang`: the whole input of its PDF."""
    with force_locale(locale_of(lang)):
        return render_template(template, print_css=PRINT_CSS, **context)


def pdf_of(html: str) -> bytes:
    """Turn a page from `render_html` into PDF bytes (WeasyPrint: the slow part, seconds)."""
    return html_to_pdf(html, Path(current_app.static_folder or "static"))


def render_pdf(template: str, lang: str, **context: Any) -> bytes:
    """Render a templates/reports/*.html page in `lang` and turn it into PDF bytes."""
    return pdf_of(render_html(template, lang, **context))


def scorecard_html(assessment: Assessment, lang: str) -> str:
    """Return the scorecard's page: the same page always gives the same PDF."""
    report = build_scorecard_report(assessment, lang)
    return render_html("reports/scorecard.html", lang, report=report)


def scorecard_pdf(assessment: Assessment, lang: str) -> bytes:
    return pdf_of(scorecard_html(assessment, lang))


def scorecard_filename(assessment: Assessment, lang: str) -> str:
    """Name the file by the organisation (a short, safe form) and its code, which is unique."""
    suffix = "-en" if lang == "en" else ""
    organisation = assessment.organisation
    name = short_file_name(organisation.display_name(lang))
    named = f"-{name}" if name else ""
    return f"scorecard{named}-{organisation.credit_code}-{assessment.cycle.year}{suffix}.pdf"


# Letters (any script), digits and a few marks; everything else (path separators, dots,
# control characters, quotes) becomes "-", so a name is never a path in a zip or a folder.
_UNSAFE_IN_NAME = re.compile(r"[^\w()（）&+]+")
_LEGAL_FORMS = re.compile(
    r"(股份有限公司|有限责任公司|有限公司|,? ?(Co\.?,? ?Ltd\.?|Ltd\.?|Inc\.?|Corp\.?|LLC))$",
    re.IGNORECASE,
)
# The word that says what kind of place a park is: a long name keeps it and loses its
# middle ("Jiangsu-Linhai-Park", not "Jiangsu-Linhai-Chemical", which reads like a company).
_KIND_WORD = re.compile(
    r"(-(Park|Zone|Base|Cluster)|园区|集中区|开发区|工业园|产业园|基地)$", re.IGNORECASE
)
MAX_NAME_CHARS = 24


def short_file_name(name: str) -> str:
    """Make a short, safe form of an organisation's name for a file name ("" if none is left).

    The legal form goes ("有限公司", "Co., Ltd."): it says nothing about who it is and it
    would use up the length; the rest is cut to MAX_NAME_CHARS characters, keeping a
    park's kind word at the end.
    """
    short = _LEGAL_FORMS.sub("", unicodedata.normalize("NFC", name).strip())
    short = _UNSAFE_IN_NAME.sub("-", short).strip("-_")
    if len(short) <= MAX_NAME_CHARS:
        return short
    kind = _KIND_WORD.search(short)
    if kind is None or kind.start() == 0:
        return _cut(short, MAX_NAME_CHARS)
    return _cut(short[: kind.start()], MAX_NAME_CHARS - len(kind.group())) + kind.group()


def _cut(short: str, limit: int) -> str:
    cut = short[: limit + 1]
    # cut after a whole word where there are words ("Very-Long-English-Name", not "…-O")
    short = cut.rsplit("-", 1)[0] if "-" in cut else cut[:limit]
    return short.rstrip("-_")


def results_workbook(assessment: Assessment, lang: str) -> bytes:
    with force_locale(locale_of(lang)):
        return workbook_bytes(results_sheets(assessment, lang))


def results_filename(assessment: Assessment, lang: str) -> str:
    suffix = "-en" if lang == "en" else ""
    return f"results-{assessment.organisation.credit_code}-{assessment.cycle.year}{suffix}.xlsx"


def annual_workbook(cycle: ReportingCycle, lang: str, progress: Progress | None = None) -> bytes:
    data = build_annual_data(cycle, lang, progress)
    with force_locale(locale_of(lang)):
        return workbook_bytes(annual_sheets(data))


def annual_workbook_filename(cycle: ReportingCycle, lang: str) -> str:
    return f"annual-{cycle.year}{'-en' if lang == 'en' else ''}.xlsx"


def annual_report_pdf(
    cycle: ReportingCycle,
    lang: str,
    progress: Progress | None = None,
    edition: EditionMark | None = None,
) -> bytes:
    """Render the year's annual report; a published one says its edition (edition_stamp)."""
    report = build_annual_report(cycle, lang, progress)
    if edition is not None:  # the day the published file was made, not the day it was stamped
        report = replace(report, generated_on=edition.generated_on)
    return render_pdf("reports/annual.html", lang, report=report, edition=edition)


@dataclass(frozen=True)
class EditionMark:
    """What a published annual report prints on its cover and its page footers."""

    number: int
    published_on: dt.date
    generated_on: dt.date
    correction: str | None = None  # what a corrected edition corrected (its cover says it)


def annual_report_filename(cycle: ReportingCycle, lang: str) -> str:
    return f"annual-report-{cycle.year}{'-en' if lang == 'en' else ''}.pdf"


def template_workbook(assessment: Assessment, lang: str, *, prefill: bool = True) -> bytes:
    return template_bytes(build_template(assessment, lang, prefill=prefill))


def template_filename(assessment: Assessment, lang: str, *, prefill: bool = True) -> str:
    kind = "filled" if prefill else "blank"
    suffix = "-en" if lang == "en" else ""
    code = assessment.organisation.credit_code
    return f"template-{code}-{assessment.cycle.year}-{kind}{suffix}.xlsx"


def blank_workbook(organisation: Organisation, loaded: LoadedRubric, lang: str) -> bytes:
    """Write the organisation's blank template tied to no assessment (data_blank_template.py)."""
    return template_bytes(build_blank_template(organisation, loaded, lang))


def blank_filename(organisation: Organisation, loaded: LoadedRubric, lang: str) -> str:
    suffix = "-en" if lang == "en" else ""
    rubric = loaded.rubric
    return f"template-{organisation.credit_code}-blank-{rubric.id}-v{rubric.version}{suffix}.xlsx"
