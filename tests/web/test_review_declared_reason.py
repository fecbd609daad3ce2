"""A declared conflict of interest: the lead reads the reviewer's reason; no second offer.

Where the lead assigns reviewers and where assigning is refused, the declared conflict
names the reason the reviewer gave; the declaring form no longer offers an organisation
every declarer listed has declared already.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reviews import services
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world

REASON = "配偶在该单位任职"


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", f"评审员已申报与该单位存在利益冲突（原因：{REASON}）"),
        ("en", f"({REASON})"),
    ],
)
def test_the_lead_reads_the_declared_reason_where_assigning_and_in_the_refusal(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: str
) -> None:
    world = make_review_world(3)
    reviewer, target = world.reviewers[0], world.companies[1]
    services.declare_conflict(reviewer, target, REASON, reviewer)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    url = f"/reviews/assessments/{world.assessments[1].id}/assign"
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert words in page
    refused = client.post(
        url, data={"kind": "desk", "reviewers": [reviewer.id]}, follow_redirects=True
    )
    text = html.unescape(refused.get_data(as_text=True))
    assert words in text
    assert reviewer.name in text
    if lang == "en":
        assert "declared a conflict of interest" in text


def _offered(page: str) -> set[str]:
    select = re.search(r'<select[^>]*name="organisation".*?</select>', page, re.S)
    assert select is not None
    return set(re.findall(r'<option[^>]*value="(\d+)"', select.group(0)))


def test_an_organisation_already_declared_is_no_longer_offered(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(3)
    reviewer, target, other = world.reviewers[0], world.companies[1], world.companies[2]
    db_session.commit()
    auth.login(reviewer.email)
    assert str(target.id) in _offered(client.get("/reviews/conflicts").get_data(as_text=True))
    data = {"person": reviewer.id, "organisation": target.id, "reason": REASON}
    assert client.post("/reviews/conflicts", data=data).status_code == 302
    offered = _offered(client.get("/reviews/conflicts").get_data(as_text=True))
    assert str(target.id) not in offered
    assert str(other.id) in offered
    # A stale page that posts it again still reads why it was refused.
    again = client.post("/reviews/conflicts", data=data).get_data(as_text=True)
    assert "已申报过与该单位的利益冲突" in again


def test_nothing_left_to_declare_says_so(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(2)
    reviewer = world.reviewers[0]
    services.declare_conflict(reviewer, world.companies[1], REASON, reviewer)
    db_session.commit()
    auth.login(reviewer.email)
    client.get("/lang/en")
    page = client.get("/reviews/conflicts").get_data(as_text=True)
    assert 'id="nothing-left"' in page
    assert 'name="organisation"' not in page


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", "评审员所在工作组的组长、副组长和秘书处会看到这里填写的原因"),
        ("en", "the secretariat read the reason given here"),
    ],
)
def test_the_declaring_form_says_who_reads_the_reason(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: str
) -> None:
    """qa54 5: the lead reads the reason verbatim; the reviewer is told so before writing it."""
    world = make_review_world(2)
    db_session.commit()
    auth.login(world.reviewers[1].email)
    client.get(f"/lang/{lang}")
    page = client.get("/reviews/conflicts").get_data(as_text=True)
    found = re.search(r'<p class="help" id="reason-help">(.*?)</p>', page, flags=re.S)
    assert found is not None
    assert words in html.unescape(found[1])
