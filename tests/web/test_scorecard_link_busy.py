"""The scorecard link says it takes seconds, and script shows "preparing…" at once (QA11 D6).

WeasyPrint takes 2-5 s for the scorecard (the data some 0.1 s): the link gave no feedback.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.helpers import member_with_assessment, result_page


@pytest.mark.parametrize(
    ("lang", "busy", "takes"),
    [
        ("zh_CN", "正在生成评分卡，几秒后开始下载…", "评分卡生成约需数秒。"),
        (
            "en",
            "Preparing the scorecard; the download starts in a few seconds…",
            "The scorecard takes a few seconds to prepare.",
        ),
    ],
)
def test_the_scorecard_link_says_it_takes_seconds(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, busy: str, takes: str
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    client.get(f"/lang/{lang}?next=/")
    page = html.unescape(result_page(client, assessment.id))
    link = f'href="/reports/assessments/{assessment.id}/scorecard.pdf" download data-busy="{busy}"'
    assert link in page
    assert f'<span class="help" id="scorecard-takes">{takes}</span>' in page
    assert '<span class="busy-status" role="status" aria-live="polite"></span>' in page
