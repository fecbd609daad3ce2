"""The result page's path to the next star: evidence gaps first, next year's once submitted.

QA63 p2: a first-year company read 66 items to raise from 2 to 4 while the items it had
answered higher but that counted lower for want of evidence, the cheapest step, were lost
in the list; after submitting, the same table still read as this year's work. QA63 p3: the
PDF button leads to the scorecard's job page, which now offers the Excel download too.
"""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.views.result_page import StepView, _evidence_first
from tests.conftest import AuthActions
from tests.web.helpers import member_with_assessment, result_page

SUBMITTED = {"zh_CN": "也是下一年度的提升方向", "en": "shows what to raise next year"}
NEXT_YEAR = {"zh_CN": "下一年度可提升的评价项（", "en": "Items to raise next year ("}


def _step_ids(page: str) -> list[str]:
    table = page[
        page.index('id="path-steps"') : page.index("</details>", page.index('id="path-steps"'))
    ]
    return re.findall(r'<span class="item-id">([\w.]+)</span>', table)


def _view(item_id: str, counted: str | None = None) -> StepView:
    return StepView(item_id, "MS", "…", "2", "4", False, None, None, counted)


def test_steps_that_only_want_evidence_come_first_in_the_paths_order() -> None:
    steps = [_view("A"), _view("B", "自评 3 级，因无证据按 1 级计"), _view("C"), _view("D", "…")]
    assert [s.item_id for s in _evidence_first(steps)] == ["B", "D", "A", "C"]


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_once_submitted_the_path_reads_as_next_years(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, assessment = member_with_assessment(db_session, auth, filled=True)
    client.get(f"/lang/{lang}?next=/")
    page = result_page(client, assessment.id)
    assert _step_ids(page)
    assert NEXT_YEAR[lang] not in page
    services.submit_assessment(assessment, world.user_a)
    db_session.commit()
    page = result_page(client, assessment.id)
    assert NEXT_YEAR[lang] in page
    assert SUBMITTED[lang] in page


def test_the_scorecard_job_page_offers_the_excel_download_too(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth, filled=True)
    job_page = client.post(f"/reports/assessments/{assessment.id}/scorecard", follow_redirects=True)
    assert job_page.status_code == 200
    assert f'href="/reports/assessments/{assessment.id}/results.xlsx"' in job_page.get_data(
        as_text=True
    )
