"""Report downloads: an assessment's PDF scorecard and results workbook."""

from __future__ import annotations

import io

from flask import Blueprint, request, send_file
from flask_login import current_user
from werkzeug.wrappers import Response

from rcapp.assessments.models import Assessment
from rcapp.i18n import current_lang
from rcapp.permissions import Action, require
from rcapp.reports import documents
from rcapp.web import get_or_404, login_required

bp = Blueprint("reports", __name__, url_prefix="/reports")

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_lang() -> str:
    """The document language: ?lang=zh|en, else the page language."""
    chosen = request.args.get("lang", "")
    return chosen if chosen in ("zh", "en") else current_lang()


def download(data: bytes, filename: str, mimetype: str) -> Response:
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=filename)


@bp.get("/assessments/<int:assessment_id>/scorecard.pdf")
@login_required
def scorecard(assessment_id: int) -> Response:
    assessment = get_or_404(Assessment, assessment_id)
    require(current_user, Action.RESULT_VIEW, assessment)
    lang = report_lang()
    pdf = documents.scorecard_pdf(assessment, lang)
    return download(pdf, documents.scorecard_filename(assessment, lang), PDF)
