"""The "reports" blueprint and the download helpers its view modules share."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path
from typing import IO
from urllib.parse import quote

from flask import Blueprint, request, send_file
from werkzeug.wrappers import Response

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


def send_download(source: IO[bytes] | Path, filename: str, mimetype: str) -> Response:
    """Send a file as an attachment named `filename`, with a clean ASCII name beside it."""
    response = send_file(source, mimetype=mimetype, as_attachment=True, download_name=filename)
    response.headers["Content-Disposition"] = content_disposition(filename)
    return response


# Runs of separators left where non-ASCII letters were dropped ("scorecard--9137…").
_SEPARATOR_RUNS = re.compile(r"[-_ ]*-[-_ ]*")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)")  # where a name in brackets was, "鲁东（集团）"
# Characters a quoted header value cannot hold as they are.
_UNQUOTABLE = re.compile(r'["\\\x00-\x1f\x7f]')


def ascii_file_name(filename: str) -> str:
    """Name the file for clients that ignore filename*: no accents, no empty parts.

    Werkzeug only drops the non-ASCII characters, so "scorecard-鲁东化肥-9137….pdf" came out as
    "scorecard--9137….pdf"; here the separators around a dropped name close up.
    """
    plain = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    plain = _UNQUOTABLE.sub("", plain)
    stem, dot, extension = plain.rpartition(".")
    if not dot:
        stem, extension = plain, ""
    stem = _SEPARATOR_RUNS.sub("-", _EMPTY_BRACKETS.sub("", stem)).strip("-_ ") or "download"
    return f"{stem}.{extension}" if dot else stem


def content_disposition(filename: str) -> str:
    """`attachment` with the ASCII fallback and, for any other name, the UTF-8 filename*."""
    fallback = ascii_file_name(filename)
    header = f'attachment; filename="{fallback}"'
    if fallback != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='!#$&+-.^_`|~')}"
    return header
