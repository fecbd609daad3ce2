"""Downloads: a file as an attachment, named for every client.

Werkzeug only drops a name's non-ASCII characters for the plain `filename`, so
"scorecard-鲁东化肥-9137….pdf" came out as "scorecard--9137….pdf" and a wholly Chinese
evidence file name as ".pdf"; here the fallback closes up, beside the UTF-8 `filename*`.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import IO
from urllib.parse import quote

from flask import send_file
from werkzeug.wrappers import Response


def send_download(source: IO[bytes] | Path, filename: str, mimetype: str) -> Response:
    """Send a file as an attachment named `filename`, with a clean ASCII name beside it."""
    response = send_file(source, mimetype=mimetype, as_attachment=True, download_name=filename)
    response.headers["Content-Disposition"] = content_disposition(filename)
    if "charset=" in mimetype:  # Werkzeug adds its own to text/*: "charset=utf-8; charset=utf-8"
        response.headers["Content-Type"] = mimetype
    return response


# Runs of separators left where non-ASCII letters were dropped ("scorecard--9137…").
_SEPARATOR_RUNS = re.compile(r"[-_ ]*-[-_ ]*")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)")  # where a name in brackets was, "鲁东（集团）"
# Characters a quoted header value cannot hold as they are.
_UNQUOTABLE = re.compile(r'["\\\x00-\x1f\x7f]')


def ascii_file_name(filename: str, ref: str | None = None) -> str:
    """Name the file for clients that ignore filename*: no accents, no empty parts.

    Werkzeug only drops the non-ASCII characters, so "scorecard-鲁东化肥-9137….pdf" came out as
    "scorecard--9137….pdf"; here the separators around a dropped name close up, and so do
    the spaces ("2025 化学品 SDS.pdf": "2025 SDS.pdf", not "2025  SDS.pdf"). `ref` (an
    evidence file's "evidence-42") is added where characters were dropped, so that two
    Chinese names do not fall back to one ASCII name (qa53).
    """
    plain = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    plain = _UNQUOTABLE.sub("", plain)
    stem, dot, extension = plain.rpartition(".")
    if not dot:
        stem, extension = plain, ""
    stem = _SEPARATOR_RUNS.sub("-", _EMPTY_BRACKETS.sub("", stem))
    stem = _SPACE_RUNS.sub(" ", stem).strip("-_ ")
    if ref is not None and plain != unicodedata.normalize("NFKD", filename):
        stem = f"{stem}-{ref}" if stem else ref
    stem = stem or "download"
    return f"{stem}.{extension}" if dot else stem


_SPACE_RUNS = re.compile(r"\s+")


def content_disposition(
    filename: str, disposition: str = "attachment", ref: str | None = None
) -> str:
    """`attachment` (or `inline`) with the ASCII fallback and, for any other name, filename*."""
    fallback = ascii_file_name(filename, ref)
    header = f'{disposition}; filename="{fallback}"'
    if fallback != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='!#$&+-.^_`|~')}"
    return header
