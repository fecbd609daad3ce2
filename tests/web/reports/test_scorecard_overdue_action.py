"""The scorecard PDF marks an open corrective action past its due date as overdue (qa33 S5).

The review's pages, the company's home page and the actions workbook say "已逾期 66 天";
the PDF's 须整改项 table said only 待整改.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.reports.data_peer import actions_section
from tests.factories_reviews import make_review_world
from tests.integration.reports.test_scorecard_peer import _finalised

ACTION = "演练评估报告缺签字"


@pytest.mark.parametrize(
    ("lang", "overdue", "open_"),
    [("zh", "待整改 · 已逾期 66 天", "待整改"), ("en", "Open · overdue by 66 days", "Open")],
)
def test_an_overdue_action_is_marked_overdue_in_the_scorecard(
    app: Flask, db_session: Session, lang: str, overdue: str, open_: str
) -> None:
    world = make_review_world(5)
    review = _finalised(world)
    action = next(f for f in review.findings if f.text == ACTION)
    today = beijing_today()
    action.due_on = today - dt.timedelta(days=66)
    db_session.flush()
    with app.test_request_context(), force_locale(lang):
        section = actions_section(review, lang, today)
        assert section is not None
        row = next(r for r in section.rows if ACTION in r)
        assert row[-1] == overdue
        action.due_on = today  # due today: not overdue yet
        section = actions_section(review, lang, today)
        assert section is not None
        assert next(r for r in section.rows if ACTION in r)[-1] == open_
