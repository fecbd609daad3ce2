"""A refused submit groups what is missing by page, with a count and a link each (QA63 m3).

A newcomer's refused submit listed 188 open items as one flat list. Now each section (and
the prerequisites, the KPI data) says how many are open and links its page; its entries
link their anchors, and a long group is folded.
"""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.missing_groups import FOLD_AFTER
from rcapp.assessments.queries import rubric_of
from tests.conftest import AuthActions
from tests.web.reports.test_import_preview_wording import _logged_in
from tests.web.test_v2_pages import real_rubrics  # noqa: F401 - a fixture used below

pytestmark = pytest.mark.usefixtures("real_rubrics")


def _groups(page: str) -> list[tuple[bool, str, str, list[str]]]:
    """Each group: (open, summary link, summary words, entry links)."""
    found = []
    for opened, body in re.findall(
        r'<details class="missing-group"( open)?>(.*?)</details>', page, re.S
    ):
        summary = re.search(r'<summary><a href="([^"]+)">([^<]+)</a></summary>', body)
        assert summary is not None, body
        links = re.findall(r'<li><a href="([^"]+)"', body)
        found.append((bool(opened), summary.group(1), summary.group(2), links))
    return found


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh_CN", "管理体系：{n} 项未作答 →"), ("en", "Management system: {n} items not answered →")],
)
def test_a_refused_submit_counts_and_links_each_section(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: str
) -> None:
    assessment = _logged_in(db_session, auth)
    rubric = rubric_of(assessment)
    client.get(f"/lang/{lang}")
    response = client.post(f"/assessments/{assessment.id}/submit")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    groups = _groups(page)
    base = f"/assessments/{assessment.id}"
    by_page = {link: (opened, said, links) for opened, link, said, links in groups}
    ms = rubric.sections[0]
    ms_items = [i.id for e in ms.elements for i in e.items]
    opened, said, links = by_page[f"{base}/sections/{ms.id}"]
    assert said == words.format(n=len(ms_items))
    assert links == [f"{base}/sections/{ms.id}#item-{item}" for item in ms_items]
    assert not opened  # long: folded
    assert len(ms_items) > FOLD_AFTER
    # every section with open items, in the rubric's order, between prerequisites and KPIs
    pages = [link for _opened, link, _said, _links in groups]
    assert pages[0] == f"{base}/prerequisites"
    assert pages[-1] == f"{base}/kpis"
    assert pages[1:-1] == [f"{base}/sections/{s.id}" for s in rubric.sections]
    total = sum(len(links) for *_rest, links in groups)
    heading = {"zh_CN": "提交前还需完成 {n} 处", "en": "Still to complete before submitting: {n}"}
    assert heading[lang].format(n=total) in page


def test_a_short_group_is_shown_open(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment = _logged_in(db_session, auth)
    response = client.post(f"/assessments/{assessment.id}/submit")
    prerequisites = next(g for g in _groups(response.get_data(as_text=True)) if "prereq" in g[1])
    assert prerequisites[0] == (len(prerequisites[3]) <= FOLD_AFTER)
