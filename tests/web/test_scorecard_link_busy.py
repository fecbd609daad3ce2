"""The scorecard button says it is prepared in the background and starts by itself (QA13 S21).

WeasyPrint takes 2-5 s for the scorecard (the data some 0.1 s): it was a download link built
in the request (QA11 D6 gave it a "preparing…" note). It is now a form that queues a report
job; the Excel link beside it still says "preparing…" while its file is built.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.helpers import member_with_assessment, result_page


@pytest.mark.parametrize(
    ("lang", "button", "takes"),
    [
        ("zh_CN", "下载评分卡（PDF）", "评分卡在后台生成，几秒后自动开始下载。"),
        (
            "en",
            "Download scorecard (PDF)",
            "The scorecard is prepared in the background; the download starts by itself in a"
            " few seconds.",
        ),
    ],
)
def test_the_scorecard_button_says_it_is_prepared_in_the_background(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, button: str, takes: str
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    client.get(f"/lang/{lang}?next=/")
    page = html.unescape(result_page(client, assessment.id))
    form = f'<form method="post" action="/reports/assessments/{assessment.id}/scorecard"'
    assert form in page
    assert f'aria-describedby="scorecard-takes">{button}</button>' in page
    assert f"/reports/assessments/{assessment.id}/scorecard.pdf" not in page
    assert f'<span class="help" id="scorecard-takes">{takes}</span>' in page
    assert '<span class="busy-status" role="status" aria-live="polite"></span>' in page
