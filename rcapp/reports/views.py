"""Downloads of one assessment's results workbook and of a cycle's workbook.

The PDF scorecard is a report job: scorecard_views.py.
"""

from __future__ import annotations

from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp.assessments.models import Assessment
from rcapp.cycles.models import ReportingCycle
from rcapp.permissions import Action, require
from rcapp.reports import documents
from rcapp.reports.blueprint import XLSX, bp, download, report_lang
from rcapp.web import get_or_404, login_required


@bp.get("/assessments/<int:assessment_id>/results.xlsx")
@login_required
def results(assessment_id: int) -> Response:
    assessment = get_or_404(Assessment, assessment_id)
    require(current_user, Action.RESULT_VIEW, assessment)
    lang = report_lang()
    data = documents.results_workbook(assessment, lang)
    return download(data, documents.results_filename(assessment, lang), XLSX)


@bp.get("/cycles/<int:cycle_id>/annual.xlsx")
@login_required
def annual_workbook(cycle_id: int) -> Response:
    cycle = get_or_404(ReportingCycle, cycle_id)
    require(current_user, Action.CYCLE_MANAGE)
    lang = report_lang()
    data = documents.annual_workbook(cycle, lang)
    return download(data, documents.annual_workbook_filename(cycle, lang), XLSX)
