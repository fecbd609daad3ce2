"""The group's open corrective actions: the same count on the home to-do and review planning.

Found by QA: the lead who works for one of the members read "1 not done yet" on her to-do,
the deputy 3, and review planning 3 for both, with nothing saying why. Each lead now reads
the actions she follows up, and the ones of her own organisation left out and why (a
conflict of interest), on both pages; the planning row of a member whose action waits for
the lead's acceptance counts it (it read "—"), linked to the result page's list.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.reviews import settling
from rcapp.reviews.models import Review
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_user
from tests.factories_reviews import ReviewWorld, make_review_world
from tests.web.test_review_lead_todo import _panel, _submitted, _text

LEFT_OUT = {
    "zh": "（不含本单位的 1 项：利益冲突，由本组其他组长或副组长跟进）",
    "en": " (not counting your own organisation’s 1: a conflict of interest, followed up by"
    " the group’s other lead or deputy)",
}
# Every action is past its due date (30 June 2026): the counts say so too.
HOME = {
    "zh": "本组尚未完成的整改项共 {n} 项，其中 {n} 项已逾期{note}。",
    "en": "{n} corrective action{s} of the group not done yet, {n} of them overdue{note}.",
}
PLANNING = {
    "zh": "本组整改项：{n} 项未完成，其中 {n} 项已逾期{note}。",
    "en": "The group's corrective actions: {n} open, {n} of them overdue{note}.",
}
WAITING = {
    "zh": "1 项待工作组组长或副组长确认关闭",
    "en": "1 waiting for acceptance by the working-group lead or deputy lead",
}


def _said(words: dict[str, str], lang: str, n: int, note: str = "") -> str:
    return words[lang].format(n=n, s="s" if n > 1 else "", note=note)


def _world(db_session: Session) -> tuple[ReviewWorld, str, Review]:
    """Actions open at companies 0 and 1, one closed at company 2; a deputy works for company 0."""
    world = make_review_world(6)
    reviews = [_submitted(world, i, action=True) for i in range(3)]
    for review in reviews:
        settling.finalise_review(review, 30, world.lead)
    settling.close_action(reviews[2].findings[0], "已补签", world.members[2])
    deputy = make_user(world.companies[0])
    make_group_role(deputy, world.group, GroupRole.DEPUTY)
    db_session.commit()
    return world, deputy.email, reviews[2]


def _counts(client: FlaskClient, group_id: int) -> tuple[str, str]:
    planning = client.get(f"/reviews/groups/{group_id}").get_data(as_text=True)
    return _text(_panel(client)), planning


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_lead_of_a_member_reads_what_she_follows_and_what_is_left_out(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, deputy, _closed = _world(db_session)
    auth.login(deputy)
    auth.choose_language(lang)
    home, planning = _counts(client, world.group.id)
    assert _said(HOME, lang, 1, LEFT_OUT[lang]) in home
    assert _said(PLANNING, lang, 1, LEFT_OUT[lang]) in _text(planning)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_lead_of_no_member_counts_them_all_with_no_note(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, _deputy, closed = _world(db_session)
    auth.login(world.lead.email)
    auth.choose_language(lang)
    home, planning = _counts(client, world.group.id)
    assert _said(HOME, lang, 2) in home
    assert _said(PLANNING, lang, 2) in _text(planning)
    # the member whose action waits for the lead's acceptance: counted, linked to the list
    row = planning.split(closed.assessment.organisation.display_name(lang))[1].split("</tr>")[0]
    assert WAITING[lang] in _text(row)
    assert f'href="/reviews/{closed.id}/final#actions"' in row
