"""The lead's 差异与裁定 page says how an item's final level is taken when the reviewers
differ by one level and no discrepancy is flagged (qa66 #3: 林静 3 vs 黄磊 4 silently
became 3): the rule in the legend, and per row "取较低者".
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from rcapp.reviews import reviewing
from rcapp.reviews.consolidation import self_verdicts
from rcapp.reviews.finalcard import self_scorecard
from rcapp.reviews.models import Decision
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world, submit_all

ITEM = "C1.E1.1"
WORDS = {
    "zh": ("两名评审员等级不同时取较低者", "取较低者"),
    "en": ("with two reviewers who differ, the lower level", "the lower level"),
}


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_final_level_of_reviewers_one_level_apart_says_the_lower_is_taken(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    rubric = rubric_of(review.assessment)
    own = self_verdicts(self_scorecard(review.assessment, rubric))[ITEM]
    assert isinstance(own, int)
    assert own >= 1
    lower, _other = review.assignments
    item = rubric.item_index()[ITEM]
    reviewing.save_decision(
        lower, item, False, Decision.ADJUST, own - 1, "记录不全", lower.reviewer
    )
    submit_all(review)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/reviews/{review.id}/consolidate").get_data(as_text=True)
    legend = re.search(r'id="final-rule">(.*?)</p>', page, flags=re.S)
    assert legend is not None
    assert WORDS[lang][0] in _text(legend[1])
    row = page.split(f'id="row-{ITEM}"')[1].split("</tr>")[0]
    assert 'class="flagged"' not in row[:40]  # one level apart: no discrepancy
    rule = re.search(r'class="help final-rule">(.*?)</span>', row)
    assert rule is not None
    assert _text(rule[1]) == WORDS[lang][1]
    # an item the reviewers agree on says nothing
    assert page.count('class="help final-rule"') == 1
