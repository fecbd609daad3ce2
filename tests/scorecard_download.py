"""Fetch a PDF scorecard as its button does: start the report job, fetch its file."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from werkzeug.test import TestResponse


def start_scorecard(client: FlaskClient, assessment_id: int, lang: str | None = None) -> int:
    """Post the scorecard button (with `lang`, as ?lang= was); return the id of the job it shows.

    Under test the queue runs the job at once (immediate mode), inside the POST.
    """
    started = client.post(
        f"/reports/assessments/{assessment_id}/scorecard", data={"lang": lang} if lang else {}
    )
    assert started.status_code == 302, started.status_code
    match = re.fullmatch(r"/reports/jobs/(\d+)\?start=1", started.headers["Location"])
    assert match is not None, started.headers["Location"]
    return int(match[1])


def fetch_scorecard(
    client: FlaskClient, assessment_id: int, lang: str | None = None
) -> TestResponse:
    """Start the scorecard job as `start_scorecard` does and return the job's download.

    The response is read and closed (its file with it); its data stays readable.
    """
    job_id = start_scorecard(client, assessment_id, lang)
    download = client.get(f"/reports/jobs/{job_id}/download")
    download.get_data()
    download.close()
    return download
