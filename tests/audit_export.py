"""Export the audit log as its page's button does: start the report job, fetch its file."""

from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from urllib.parse import parse_qsl

from flask.testing import FlaskClient
from openpyxl import Workbook, load_workbook


def export_bytes(client: FlaskClient, filters: str | Mapping[str, str] = "") -> bytes:
    """Post the filters (a query string or a mapping) and return the finished job's file.

    Under test the queue runs the job at once (immediate mode), inside the POST.
    """
    data = dict(parse_qsl(filters)) if isinstance(filters, str) else dict(filters)
    started = client.post("/reports/audit/jobs", data=data)
    assert started.status_code == 302, started.status_code
    job_page = started.headers["Location"]
    assert "/reports/jobs/" in job_page
    download = client.get(f"{job_page}/download")
    try:
        assert download.status_code == 200, download.status_code
        return download.get_data()
    finally:
        download.close()


def export_audit(client: FlaskClient, filters: str | Mapping[str, str] = "") -> Workbook:
    return load_workbook(BytesIO(export_bytes(client, filters)))
