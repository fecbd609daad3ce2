"""QA40 S3, S4: the home card names what really stands between a result and the next star.

A returned (editable) assessment 4.3 points short of 2 stars read "2 星须经同行评审：自评最多
1 星" only; a vetoed one said the peer review could change its rating.
"""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import AssessmentStatus
from rcapp.assessments.validation import ItemInput
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world
from tests.web.helpers import page_text

# one item of each of two elements of C1-C5 at level 2: overall 70.0, two stars; three
# need 80 and a peer review
LOWER = {f"C{c}.E{e}.1": ItemInput(level="2") for c in range(1, 6) for e in (1, 2)}


def _card(page: str) -> str:
    start = max(page.find("星级</h3>"), page.find("Star rating</h3>"))
    end = page.find('class="actions"', start)
    return " ".join(re.sub(r"<[^>]+>", " ", page[start:end]).split())


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh_CN",
            "3 星须经同行评审：自评最多 2 星。3 星的以下条件也尚未满足，本自评仍可修改： "
            "总分 70.0（要求 ≥ 80） 距 3 星还需提升 1 个评价项，例如：",
        ),
        (
            "en",
            "A 3-star rating needs a peer review: a self-assessment is capped at a 2-star "
            "rating. These conditions of a 3-star rating are not met either, and this "
            "self-assessment can still be changed: Overall score 70.0 (required: ≥ 80) "
            "1 item to raise for a 3-star rating, for example:",
        ),
    ],
)
def test_a_returned_assessment_names_the_score_gap_beside_the_peer_review(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, expected: str
) -> None:
    world = make_review_world(1, overrides={0: LOWER})
    world.assessments[0].status = AssessmentStatus.RETURNED
    db_session.commit()
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}?next=/")
    card = _card(page_text(client, "/"))
    assert expected in card, card


@pytest.mark.parametrize(
    ("lang", "expected", "not_said"),
    [
        (
            "zh_CN",
            "未评定（一票否决，暂定） 本年度无法获得星级："
            "因“较大及以上生产安全事故”一票否决，本周期不得星；事件：",
            "同行评审",
        ),
        (
            "en",
            # sentences, not "Not rated (veto) (provisional)" nor "Veto (title (…): …) (…)"
            "Not rated: veto — provisional No star rating is within reach this year: Vetoed by "
            "“Larger or worse production-safety accident”: no star rating for this reporting "
            "cycle; event: ",
            "peer review",
        ),
    ],
)
def test_a_vetoed_assessment_says_the_veto_and_until_when(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    expected: str,
    not_said: str,
) -> None:
    world = make_review_world(1, vetoed=[0])
    db_session.commit()
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}?next=/")
    card = _card(page_text(client, "/"))
    assert expected in card, card
    assert re.search(
        r"(\d{4}-\d\d-\d\d 及以后提交的自评不再受其否决|on or after \d{4}-\d\d-\d\d)", card
    )
    assert not_said not in card


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh_CN", "1 星及以上：因“较大及以上生产安全事故”一票否决，本周期不得星；事件："),
        (
            "en",
            "1 star and above: Vetoed by “Larger or worse production-safety accident”: no star "
            "rating for this reporting cycle; event: ",
        ),
    ],
)
def test_the_result_page_says_the_veto_in_a_sentence(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, expected: str
) -> None:
    """enwords 5: "From 1 star: Veto (title (36 months; …): no star, …): no star rating …"."""
    world = make_review_world(1, vetoed=[0])
    db_session.commit()
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}?next=/")
    page = page_text(client, f"/assessments/{world.assessments[0].id}/result")
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert expected in text, text
