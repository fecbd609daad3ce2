"""The submit confirmation of a returned assessment with a final rating of record says
what submitting does to that rating, in the words of the result page's draft panel: a
resubmission lowered by its data, or one that leaves the rating (never raises it).
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.queries import finals_of_record, rubric_of
from tests.conftest import AuthActions
from tests.factories_reviews import FATAL_ACCIDENT
from tests.integration.assessments.test_final_lowering_appealed import _final_three

LOWERS = {
    "zh_CN": (
        "如按当前内容重新提交，最终星级将下调：最终星级 3 星（同行评审）→ 未评定（一票否决）："
    ),
    "en": "If resubmitted as it is now, the final rating will be lowered: Final rating 3 stars",
}
STAYS = {
    "zh_CN": "如按当前内容重新提交，最终星级不变：3 星"
    "（重新提交的自评不经同行评审，不会上调最终星级）。",
    "en": "If resubmitted as it is now, the final rating stays: 3 stars (a resubmitted",
}


def _confirm(client: FlaskClient, assessment_id: int, lang: str) -> list[str]:
    client.get(f"/lang/{lang}?next=/")
    page = client.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    confirm = html.unescape(re.findall(r'data-confirm="([^"]*)"', page)[-1])
    return confirm.split("\n\n")


@pytest.mark.parametrize("appealed", [False, True])
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_fatal_event_makes_the_confirmation_say_the_final_rating_is_lowered(
    db_session: Session, client: FlaskClient, auth: AuthActions, lang: str, appealed: bool
) -> None:
    world, assessment = _final_three(appealed=appealed)
    member = world.members[0]
    added, problems = services.add_event(assessment, rubric_of(assessment), FATAL_ACCIDENT, member)
    assert added is not None, problems
    db_session.commit()
    auth.login(member.email)
    lines = _confirm(client, assessment.id, lang)
    said = [line for line in lines if line.startswith(LOWERS[lang])]
    assert len(said) == 1, lines
    assert lines.index(said[0]) == len(lines) - 2  # just before the lock and the question
    assert finals_of_record([assessment.id])[assessment.id].stars == 3  # only said, not done


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_unchanged_data_make_the_confirmation_say_the_final_rating_stays(
    db_session: Session, client: FlaskClient, auth: AuthActions, lang: str
) -> None:
    world, assessment = _final_three(appealed=False)
    db_session.commit()
    auth.login(world.members[0].email)
    lines = _confirm(client, assessment.id, lang)
    assert any(line.startswith(STAYS[lang]) for line in lines), lines


def test_an_assessment_without_a_final_rating_is_confirmed_as_before(
    db_session: Session, client: FlaskClient, auth: AuthActions
) -> None:
    world, _ = _final_three(appealed=False)
    other = world.assessments[1]  # submitted, never reviewed: returned, no final rating
    services.return_assessment(other, "请补充", world.secretariat)
    db_session.commit()
    auth.login(world.members[1].email)
    lines = _confirm(client, other.id, "zh_CN")
    assert not any("最终星级" in line for line in lines), lines
