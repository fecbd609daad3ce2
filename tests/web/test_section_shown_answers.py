"""A section page shows the stored answers without binding its form (rcapp.assessments.shown_form).

The answer fields' markup is kept per rubric, field and shape, with stored text filled in:
these tests check that each page shows its own values, escaped, in the editable and the
read-only page, and that a refused save still shows what the user typed.
"""

from __future__ import annotations

import io
import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from tests.conftest import AuthActions
from tests.factories import World, make_world, start
from tests.web.helpers import page_text


def _save(
    world: World, assessment: Assessment, section: str, answers: dict[str, ItemInput]
) -> None:
    actor = world.user_a if assessment.organisation is world.org_a else world.user_b
    result = services.save_section(assessment, rubric_of(assessment), section, answers, actor)
    assert result.ok, result.problems


def _textarea(page: str, name: str) -> str:
    found = re.search(rf'<textarea[^>]* name="{re.escape(name)}">\r\n(.*?)</textarea>', page, re.S)
    assert found is not None, f"no text area {name}"
    return found.group(1)


def _checked_level(page: str, item_id: str) -> list[str]:
    return re.findall(
        rf'<input checked id="{re.escape(item_id)}__level-\d+" [^>]*value="(\d+)">', page
    )


def _version(assessment: Assessment, item_id: str) -> int:
    return next(a.version for a in assessment.answers if a.item_id == item_id)


def _answered(world: World) -> tuple[Assessment, Assessment]:
    mine, theirs = start(world), start(world, world.org_b)
    _save(
        world,
        mine,
        "C1",
        {
            "C1.E1.1": ItemInput(level="3", evidence_note="<b>Drill & plan</b>", comment="mine"),
            "C1.E1.2": ItemInput(value="12.5"),
        },
    )
    _save(world, mine, "C6", {"C6.E1.1": ItemInput(is_na=True, na_reason="No storage site")})
    _save(world, theirs, "C1", {"C1.E1.1": ItemInput(level="1", evidence_note="theirs")})
    return mine, theirs


def test_the_editable_page_shows_each_stored_value_in_its_field(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    mine, theirs = _answered(world)
    db_session.commit()
    auth.login(world.user_b.email)
    other = page_text(client, f"/assessments/{theirs.id}/sections/C1")  # kept shapes first
    auth.logout()
    auth.login(world.user_a.email)
    page = page_text(client, f"/assessments/{mine.id}/sections/C1")
    assert _checked_level(page, "C1.E1.1") == ["3"]
    assert _textarea(page, "C1.E1.1__evidence_note") == "&lt;b&gt;Drill &amp; plan&lt;/b&gt;"
    assert _textarea(page, "C1.E1.1__comment") == "mine"
    assert _textarea(page, "C1.E1.2__comment") == ""
    assert re.search(r'<input [^>]*name="C1.E1.2__value" type="text" value="12.5">', page)
    assert f'name="C1.E1.1__version" type="hidden" value="{_version(mine, "C1.E1.1")}">' in page
    assert _checked_level(other, "C1.E1.1") == ["1"]
    assert _textarea(other, "C1.E1.1__evidence_note") == "theirs"
    na_page = page_text(client, f"/assessments/{mine.id}/sections/C6")
    assert re.search(r'<input [^>]*checked[^>]* name="C6.E1.1__na" type="checkbox"', na_page)
    assert _textarea(na_page, "C6.E1.1__na_reason") == "No storage site"


def test_the_read_only_page_shows_stored_values_as_text(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    mine, _theirs = _answered(world)
    mine.status = AssessmentStatus.SUBMITTED  # read-only for its members
    db_session.commit()
    auth.login(world.user_a.email)
    page = page_text(client, f"/assessments/{mine.id}/sections/C1")
    # no answer field: the only textarea is the box of input a lock refused (read-only, empty)
    box = '<textarea id="unsaved-locked-text" readonly rows="3">'
    assert re.findall(r"<textarea[^>]*>", page) == [box]
    assert 'type="radio"' not in page
    assert re.search(r"<p><strong>3 [^<]+</strong>", page)
    assert "&lt;b&gt;Drill &amp; plan&lt;/b&gt;" in page
    assert "<b>Drill" not in page
    na_page = page_text(client, f"/assessments/{mine.id}/sections/C6")
    assert re.search(r"不适用：</span>\s*是", na_page)
    assert "No storage site" in na_page


def test_a_refused_save_shows_what_was_typed_not_what_is_stored(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    mine, _theirs = _answered(world)
    db_session.commit()
    auth.login(world.user_a.email)
    response = client.post(
        f"/assessments/{mine.id}/sections/C1",
        data={
            "C1.E1.1__level": "3",
            "C1.E1.1__evidence_note": "typed <i>note</i>",
            "C1.E1.1__version": str(_version(mine, "C1.E1.1")),
            "C1.E1.2__value": "not a number",
            "C1.E1.2__version": str(_version(mine, "C1.E1.2")),
        },
    )
    assert response.status_code == 422  # refused: shown again with the messages
    page = response.get_data(as_text=True)
    assert _textarea(page, "C1.E1.1__evidence_note") == "typed &lt;i&gt;note&lt;/i&gt;"
    assert re.search(r'name="C1.E1.2__value" type="text" value="not a number"', page)


def test_typed_chinese_is_marked_on_the_english_page_where_it_is_text(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # Read-only, a note is page text: marked lang="zh-CN" for screen readers on an English
    # page. Editable, it sits in a text area, which holds no markup: left as typed.
    world = make_world()
    mine = start(world)
    note = "应急预案<第3版>"
    _save(world, mine, "C1", {"C1.E1.1": ItemInput(level="3", evidence_note=note)})
    services.add_attachment(
        mine, rubric_of(mine), "C1.E1.1", "演练记录.pdf", io.BytesIO(b"%PDF-1.4"), world.user_a
    )
    db_session.commit()
    auth.login(world.user_a.email)
    client.get("/lang/en")
    editable = page_text(client, f"/assessments/{mine.id}/sections/C1")
    assert _textarea(editable, "C1.E1.1__evidence_note") == "应急预案&lt;第3版&gt;"
    assert '<span lang="zh-CN">演练记录.pdf</span></a>' in editable
    mine.status = AssessmentStatus.SUBMITTED
    db_session.commit()
    shown = page_text(client, f"/assessments/{mine.id}/sections/C1")
    assert '<span lang="zh-CN">应急预案&lt;第3版&gt;</span>' in shown
    client.get("/lang/zh_CN")
    chinese = page_text(client, f"/assessments/{mine.id}/sections/C1")
    assert "应急预案&lt;第3版&gt;" in chinese
    assert '<span lang="zh-CN">应急预案' not in chinese
