"""The events page lists the rubric's veto rules in its own words, before any result
page shows one (qa11, help texts)."""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from rcapp.organisations.models import OrganisationKind
from tests.conftest import AuthActions
from tests.web.helpers import member_with_assessment, page_text
from tests.web.test_v2_pages import _v2_assessment, real_rubrics  # noqa: F401 - a fixture

LEAD = {
    "zh_CN": "按本评价细则，发生以下事件将一票否决（不予评星或限定最高星级）：",
    "en": "Under this rubric, the following events bring a veto (no star, or a cap on the star "
    "rating):",
}
MINI = {
    "zh_CN": ["较大及以上生产安全事故", "群体性事件"],
    "en": ["Larger or worse production-safety accident", "Mass incident"],
}


def _rules(page: str) -> tuple[str, list[str]]:
    found = re.search(r'<section class="veto-rules".*?</section>', page, re.S)
    assert found is not None
    lead = re.search(r'<p id="veto-rules-title">(.*?)</p>', found.group(0), re.S)
    assert lead is not None
    items = re.findall(r"<li>(.*?)</li>", found.group(0), re.S)
    plain = [html.unescape(re.sub(r"<[^>]+>", "", item)) for item in items]
    return html.unescape(lead.group(1)), plain


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_events_page_lists_the_veto_rules(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    client.get(f"/lang/{lang}?next=/")
    lead, rules = _rules(page_text(client, f"/assessments/{assessment.id}/events"))
    assert lead == LEAD[lang]
    assert rules == MINI[lang]


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_rules_are_read_from_the_assessment_s_rubric(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
    lang: str,
) -> None:
    assessment, email = _v2_assessment(OrganisationKind.COMPANY)
    db_session.commit()
    auth.login(email)
    client.get(f"/lang/{lang}?next=/")
    _lead, rules = _rules(page_text(client, f"/assessments/{assessment.id}/events"))
    key = "en" if lang == "en" else "zh"
    wanted = [rule.title.get(key) for rule in rubric_of(assessment).rating.vetoes]
    assert rules == wanted
    assert len(rules) == 10
    assert any("最高二星" in r or "two stars at most" in r for r in rules)
