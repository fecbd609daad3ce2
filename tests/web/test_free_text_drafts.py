"""Forms taking free text keep a draft in the tab (static/js/drafts.js): qa41 D4.

The login page after a session expiry promises "可在页面顶部恢复未保存的输入"; the forms
the secretariat returns an assessment with (comment, item notes) carry data-draft, so
the promise holds there too.
"""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from tests.conftest import AuthActions
from tests.factories import fill_complete, make_world, start
from tests.web.helpers import page_text


def _draft_form(page: str, form_id: str) -> bool:
    return re.search(rf'<form [^>]*data-draft[^>]* id="{form_id}"', page) is not None


def test_the_return_forms_keep_a_draft(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    services.submit_assessment(assessment, world.user_a)
    db_session.commit()
    auth.login(world.secretariat.email)
    page = page_text(client, f"/cycles/assessments/{assessment.id}/return")
    assert _draft_form(page, "return-form")
    assert 'name="note-MS.G1.1"' in page  # the item notes are in that form
    assert _draft_form(page_text(client, f"/assessments/{assessment.id}"), "return-form")
