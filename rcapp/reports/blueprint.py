"""The "reports" blueprint and what its view modules share."""

from __future__ import annotations

import io

from flask import Blueprint, request
from werkzeug.wrappers import Response

from rcapp.downloads import send_download
from rcapp.i18n import current_lang

bp = Blueprint("reports", __name__, url_prefix="/reports")

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_lang() -> str:
    """Return the document language: ?lang=zh|en, else the page language."""
    chosen = request.values.get("lang", "")
    return chosen if chosen in ("zh", "en") else current_lang()


def download(data: bytes, filename: str, mimetype: str) -> Response:
    return send_download(io.BytesIO(data), filename, mimetype)
