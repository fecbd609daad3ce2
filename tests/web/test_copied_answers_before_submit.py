"""Answers copied from last year and not yet reviewed are counted on the overview, per part
with links, and named in the submit confirmation (qa9 D2). Submitting stays allowed."""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import Answer
from tests.conftest import AuthActions
from tests.factories import fill_complete, make_world, start
from tests.web.helpers import page_text

WORDS = {
    "zh_CN": (
        "提交前请注意：3 项答案从上年复制，尚未核对",
        "管理体系</a>：2 项尚未核对",
        "前置条件</a>：1 项尚未核对",
        "有 3 项从上年复制的答案尚未核对（见本页），将按上年的内容提交。",
    ),
    "en": (
        "Before you submit: 3 answers copied from last year are not yet reviewed",
        "Management system</a>: 2 not yet reviewed",
        "Prerequisites</a>: 1 not yet reviewed",
        "3 answers copied from last year are not yet reviewed (see this page)"
        " and will be submitted as they were last year.",
    ),
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_unreviewed_copies_are_counted_and_named_in_the_submit_confirmation(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    for answer in assessment.answers:
        if answer.item_id in {"MS.G1.1", "MS.G1.2", "P1"}:
            answer.copied_from_year = 2024
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}?next=/")
    page = page_text(client, f"/assessments/{assessment.id}")
    title, ms, prerequisites, confirm = WORDS[lang]
    assert title in page
    assert f'/assessments/{assessment.id}/sections/MS#item-MS.G1.1">' in page
    assert ms in page
    assert f'/assessments/{assessment.id}/prerequisites#item-P1">' in page
    assert prerequisites in page
    assert "sections/C1#item" not in page  # nothing copied there
    button = re.findall(r'data-confirm="([^"]*)"', page)[-1]
    assert html.unescape(button).startswith(confirm)
    # Reviewed (the page saved): no longer counted.
    db_session.query(Answer).filter_by(assessment_id=assessment.id).update(
        {"copied_from_year": None}
    )
    db_session.commit()
    page = page_text(client, f"/assessments/{assessment.id}")
    assert "copied-unreviewed" not in page
