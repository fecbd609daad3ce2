"""Items a colleague imported while the page was open are shown refreshed, not as errors.

QA: 李 had C3 open; 杨帆 imported 28 of its answers from the Excel template; 李 typed one
note and saved. The bar read "有 1 项…已被他人修改 … 另有 27 处输入有误", the 27 items only
refreshed to 杨帆's values were framed in red as errors. Now the 27 are counted as changed by
杨帆 and marked beside their fields (not as errors). The one item both changed stays a
conflict for 李 to decide (issue 10: the database holds 杨帆's answer until 李 saves again,
her note kept on screen); a value really refused is still an error.
"""

from __future__ import annotations

import hashlib
import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from rcapp import db
from rcapp.accounts.models import OrgRole, User
from rcapp.assessments import services
from rcapp.assessments.models import Answer, Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.organisations.models import OrganisationKind
from rcapp.rubrics.model import ItemKind
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_cycle, make_organisation, make_user
from tests.real_rubrics import RUBRICS
from tests.real_rubrics import real_rubrics as real_rubrics  # the fixture
from tests.web.browser_form import submitted_values
from tests.web.helpers import page_text

NOTE = "李：许可证副本已归档"
BAR = {
    "zh_CN": "另有 27 项已被杨帆修改，现已显示其修改后的值，请查看。",
    "en": "In addition, 27 items were changed by 杨帆 meanwhile",
}
TAKEN = {"zh_CN": "此项在您打开本页后已被杨帆修改", "en": "杨帆 changed this after you opened"}


def _draft(db_session: Session, auth: AuthActions) -> tuple[Assessment, User]:
    sha = hashlib.sha256((RUBRICS / "rc-company" / "v2.yaml").read_bytes()).hexdigest()
    cycle = make_cycle(company_rubric_id="rc-company", company_rubric_version=2)
    organisation = make_organisation(kind=OrganisationKind.COMPANY)
    li = make_user(organisation, OrgRole.ADMIN, name="李明")
    yang = make_user(organisation, name="杨帆")
    assessment = make_assessment(
        organisation, cycle, rubric_id="rc-company", rubric_version=2, rubric_sha256=sha
    )
    db_session.commit()
    auth.login(li.email)
    return assessment, yang


def _import(assessment: Assessment, actor: User, items: list[str]) -> None:
    """Write answers as the Excel import does (services.save_section, from_page=False)."""
    rubric = rubric_of(assessment)
    numbers = {i.id for i in rubric.item_index().values() if i.kind is ItemKind.NUMBER}
    typed = {i: ItemInput(value="50") if i in numbers else ItemInput(level="1") for i in items}
    result = services.save_section(assessment, rubric, "C3", typed, actor, from_page=False)
    assert result.ok
    assert len(result.changed) == len(items)
    db.session().commit()


def _items(assessment: Assessment) -> list[str]:
    section = next(s for s in rubric_of(assessment).sections if s.id == "C3")
    return [item.id for element in section.elements for item in element.items]


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_note_saved_after_an_import_counts_the_refreshed_items(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    real_rubrics: None,
) -> None:
    assessment, yang = _draft(db_session, auth)
    client.get(f"/lang/{lang}")
    url = f"/assessments/{assessment.id}/sections/C3"
    opened = submitted_values(page_text(client, url))
    items = _items(assessment)
    _import(assessment, yang, items[:28])

    typed = [(n, NOTE if n == f"{items[0]}__comment" else v) for n, v in opened]
    saved = client.post(url, data=MultiDict(typed))

    assert saved.status_code == 409  # the one item both changed: 李 decides
    page = html.unescape(saved.get_data(as_text=True))
    assert BAR[lang] in page
    # One message to act on (the item both changed), the 27 others only noted, not red.
    assert re.findall(r'id="([^"]+)-error"', page) == [f"{items[0]}__level"]  # beside 杨帆's level
    assert page.count('class="taken-text"') == 27 + 1  # the 27, and 杨帆's level of the one
    assert TAKEN[lang] in page
    stored = db_session.scalar(
        select(Answer).where(Answer.assessment_id == assessment.id, Answer.item_id == items[0])
    )
    assert stored is not None
    assert (stored.level, stored.comment) == (1, None)  # 杨帆's, until 李 decides
    shown = submitted_values(page)
    assert (f"{items[0]}__comment", NOTE) in [(n, v.strip()) for n, v in shown]  # kept
    # Saving the page shown again keeps 杨帆's level and adds her note.
    again = client.post(url, data=MultiDict(shown))
    assert again.status_code == 302
    db_session.expire_all()
    stored = db_session.scalar(
        select(Answer).where(Answer.assessment_id == assessment.id, Answer.item_id == items[0])
    )
    assert stored is not None
    assert (stored.level, stored.comment) == (1, NOTE)


def test_a_real_input_error_stays_an_error_beside_the_refreshed_items(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,
) -> None:
    assessment, yang = _draft(db_session, auth)
    url = f"/assessments/{assessment.id}/sections/C3"
    opened = submitted_values(page_text(client, url))
    items = _items(assessment)
    left = "C3.E4.3"  # a number from 0 to 100, the one item 杨帆 leaves alone
    _import(assessment, yang, [item for item in items if item != left])
    typed = [(n, "150" if n == f"{left}__value" else v) for n, v in opened]
    refused = client.post(url, data=MultiDict(typed))

    assert refused.status_code == 422
    page = html.unescape(refused.get_data(as_text=True))
    assert "标出的 1 处需要修改后再保存" in page
    assert "输入有误" not in page
    assert "另有 28 项已被杨帆修改，现已显示其修改后的值，请查看。" in page
    assert re.findall(r'id="([^"]+)-error"', page) == [f"{left}__value"]
