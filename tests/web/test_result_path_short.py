"""The result page's path to the next star: the first steps by default, all by a link.

phonefix 4: a company's path listed 127 items, read on a phone as one long table. The page
shows the first PATH_SHORT (the evidence-only steps first, then the path's order) and a
plain link, "显示全部 N 项", that shows every one (no JavaScript needed), and one back.
"""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import User
from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.organisations.models import OrganisationKind
from rcapp.rubrics.model import ItemKind
from tests.conftest import AuthActions
from tests.web.helpers import result_page
from tests.web.test_v2_pages import _v2_assessment, real_rubrics  # noqa: F401

SHORT = 10
ALL = {"zh_CN": "显示全部 {n} 项", "en": "Show all {n} items"}
FEWER = {"zh_CN": "只显示前 10 项", "en": "Show only the first 10 items"}


def _step_ids(page: str) -> list[str]:
    start_at = page.index('id="path-steps"')
    table = page[start_at : page.index("</details>", start_at)]
    return re.findall(r'<span class="item-id">([\w.]+)</span>', table)


def _summary_count(page: str) -> int:
    start_at = page.index('id="path-steps"')
    summary = page[start_at : page.index("</summary>", start_at)]
    return int(re.findall(r"(\d+)", summary)[-1])


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_path_shows_its_first_steps_and_all_by_a_link(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
    lang: str,
) -> None:
    assessment, email = _v2_assessment(OrganisationKind.COMPANY)
    actor = db_session.query(User).filter_by(email=email).one()
    rubric = rubric_of(assessment)
    for section in rubric.sections:  # every level item at 1: a long path, as a first year's
        answers = {
            item.id: ItemInput(level="1")
            for element in section.elements
            for item in element.items
            if item.kind is ItemKind.MATURITY
        }
        assert services.save_section(assessment, rubric, section.id, answers, actor).ok
    db_session.commit()
    auth.login(email)
    client.get(f"/lang/{lang}?next=/")
    page = result_page(client, assessment.id)
    count = _summary_count(page)
    assert count > SHORT
    shown = _step_ids(page)
    assert len(shown) == SHORT
    link = f'href="/assessments/{assessment.id}/result?path=all#path-steps"'
    assert link in page
    assert ALL[lang].format(n=count) in page

    everything = client.get(f"/assessments/{assessment.id}/result?path=all")
    assert everything.status_code == 200
    whole = everything.get_data(as_text=True)
    all_ids = _step_ids(whole)
    assert len(all_ids) == count
    assert all_ids[:SHORT] == shown  # the same order: the short list is its start
    assert link not in whole
    assert FEWER[lang] in whole
    assert f'href="/assessments/{assessment.id}/result#path-steps"' in whole
