"""The section page carries no layout whitespace, and no save's bookkeeping where nothing saves.

The page is kept whole and sent on every request (about 100 kB for a large section, a
bare page of the same rows some 5 kB): the templates' indentation and lines of bare tags
are not sent (rcapp/compact_templates.py), and a page the user may not edit has no
versions and shown values, which only a save reads.
"""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories import make_world, start
from tests.web.helpers import member_with_assessment


def _indented_lines(page: str) -> list[str]:
    return [line for line in page.splitlines() if re.match(r"[ \t]", line)]


def test_an_editable_page_keeps_what_a_save_reads_and_no_indentation(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    page = client.get(f"/assessments/{assessment.id}/sections/C1").get_data(as_text=True)
    assert 'name="C1.E1.1__version"' in page
    assert 'name="C1.E1.1__shown"' in page
    assert 'value="section-end"' in page  # a save button
    assert _indented_lines(page) == []


def test_a_read_only_page_has_no_versions_and_no_indentation(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = start(world)
    db_session.commit()
    auth.login(world.secretariat.email)
    answer = client.get(f"/assessments/{assessment.id}/sections/C1")
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert "C1.E1.1" in page
    assert 'value="section-end"' not in page  # nothing to save with
    assert "__version" not in page
    assert "__shown" not in page
    assert _indented_lines(page) == []
