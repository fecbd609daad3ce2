"""A published job's page names its edition as the publish message does (job_words.edition_name).

It said "已发布为 2025 年度正式版第 1 版", naming neither the kind nor the language, below the
message "已发布 2025 年度报告（英文）第 1 版。"; the withdraw button's question did the same.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reports.models import JobKind
from tests.conftest import AuthActions
from tests.web.reports.test_editions import closed_world, finished

WORDS = {
    "zh": (
        "已发布 {name}。",
        "已发布为 {name}（",
        "确定撤回 {name}？",
        ("2025 年度报告（英文）第 1 版", "2025 年度数据工作簿（中文）第 1 版"),
    ),
    "en": (
        "Published {name}.",
        "(Beijing time) as {name}. The file is kept for good.",
        "Withdraw {name}?",
        (
            "edition 1 of the 2025 annual report (English)",
            "edition 1 of the 2025 annual workbook (Chinese)",
        ),
    ),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_job_page_names_the_edition_as_the_publish_message(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = closed_world(db_session)
    report = finished(world, lang="en")
    workbook = finished(world, JobKind.ANNUAL_WORKBOOK)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    told, line, asked, names = WORDS[lang]
    for job, name in zip((report, workbook), names, strict=True):
        done = client.post(f"/reports/jobs/{job.id}/publish", follow_redirects=True)
        assert told.format(name=name) in html.unescape(done.get_data(as_text=True))
        page = html.unescape(client.get(f"/reports/jobs/{job.id}").get_data(as_text=True))
        edition = page.split('id="job-edition">', 1)[1].split("</p>", 1)[0]
        assert line.format(name=name) in edition
        assert asked.format(name=name) in page
