"""An answered item can be switched to N/A on its section page (qa18 D1).

The browser sends no radio group with no radio checked: ticking N/A (the page's script clears
the level) posts `…__na=y` and the reason without `…__level`. That means "no level", not "the
stored level", so the item is saved as N/A. A refused answer saves nothing of the answer
(level, number, N/A, reason): the stored answer stays and the page shows what was typed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict
from werkzeug.test import TestResponse

from rcapp import db
from rcapp.accounts.models import OrgRole
from rcapp.assessments import services
from rcapp.assessments.models import Answer, Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_cycle, make_organisation, make_user
from tests.web.browser_form import submitted_values

RUBRICS = Path(__file__).resolve().parents[2] / "rubrics"
REASON = "本企业不销售管控类化学品。"


@pytest.fixture(autouse=True)
def real_rubrics(app: Flask) -> Iterator[None]:
    before = app.config["RUBRICS_DIR"]
    app.config["RUBRICS_DIR"] = str(RUBRICS)
    yield
    app.config["RUBRICS_DIR"] = before


def _answered(db_session: Session) -> tuple[Assessment, str]:
    """A v2 company draft with C6.E3.1 否, C6.E3.2 level 4 and C1.E6.3 50 stored."""
    cycle = make_cycle(company_rubric_id="rc-company", company_rubric_version=2)
    sha = hashlib.sha256((RUBRICS / "rc-company" / "v2.yaml").read_bytes()).hexdigest()
    organisation = make_organisation()
    user = make_user(organisation, OrgRole.ADMIN)
    assessment = make_assessment(organisation, cycle, rubric_id="rc-company", rubric_sha256=sha)
    rubric = rubric_of(assessment)
    for section, answers in {
        "C6": {"C6.E3.1": ItemInput(level="0"), "C6.E3.2": ItemInput(level="4")},
        "C1": {"C1.E6.3": ItemInput(value="50")},
    }.items():
        assert services.save_section(assessment, rubric, section, answers, user).ok
    db_session.commit()
    return assessment, user.email


def _post(client: FlaskClient, url: str, pairs: list[tuple[str, str]]) -> TestResponse:
    return client.post(url, data=MultiDict(pairs))


def _answer(assessment: Assessment, item_id: str) -> Answer:
    db.session().expire_all()
    return db.session().query(Answer).filter_by(assessment_id=assessment.id, item_id=item_id).one()


def _tick_na(
    client: FlaskClient, url: str, item_id: str, reason: str, *, keep_level: bool = False
) -> list[tuple[str, str]]:
    """The page's form as the browser posts it after ticking N/A and typing a reason."""
    page = client.get(url).get_data(as_text=True)
    cleared = {f"{item_id}__na", f"{item_id}__na_reason"}
    if not keep_level:
        cleared |= {f"{item_id}__level"}
    pairs = [(n, "" if n == f"{item_id}__value" else v) for n, v in submitted_values(page)]
    pairs = [(n, v) for n, v in pairs if n not in cleared]
    return [*pairs, (f"{item_id}__na", "y"), (f"{item_id}__na_reason", reason)]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("section", "item_id"), [("C6", "C6.E3.2"), ("C6", "C6.E3.1"), ("C1", "C1.E6.3")]
)
def test_an_answered_item_ticked_na_with_a_reason_is_saved_as_na(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    section: str,
    item_id: str,
) -> None:
    assessment, email = _answered(db_session)
    auth.login(email)
    client.get(f"/lang/{lang}")
    url = f"/assessments/{assessment.id}/sections/{section}"
    response = _post(client, url, _tick_na(client, url, item_id, REASON))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    answer = _answer(assessment, item_id)
    assert (answer.is_na, answer.na_reason) == (True, REASON)
    assert answer.level is None
    assert answer.value is None
    # Saving the page again as it now shows changes nothing and is not refused.
    again = submitted_values(client.get(url).get_data(as_text=True))
    assert _post(client, url, again).status_code == 302


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_na_beside_a_level_is_refused_whole_and_the_typed_input_stays(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    assessment, email = _answered(db_session)
    auth.login(email)
    client.get(f"/lang/{lang}")
    url = f"/assessments/{assessment.id}/sections/C6"
    posted = _tick_na(client, url, "C6.E3.2", REASON, keep_level=True)
    posted = [(n, "2" if n == "C6.E3.2__level" else v) for n, v in posted]
    response = _post(client, url, posted)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    answer = _answer(assessment, "C6.E3.2")
    # Nothing of the answer saved: no reason without its N/A in the database.
    assert (answer.level, answer.is_na, answer.na_reason) == (4, False, None)
    assert REASON in page
    assert re.search(r'<input checked id="C6.E3.2__level-2"', page)
    assert re.search(r'<input [^>]*checked id="C6.E3.2__na"', page)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_reason_without_na_saves_nothing_of_the_answer(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    """Stored N/A; the user picks a level (N/A unticked) and leaves the reason: refused whole."""
    assessment, email = _answered(db_session)
    auth.login(email)
    client.get(f"/lang/{lang}")
    url = f"/assessments/{assessment.id}/sections/C6"
    assert _post(client, url, _tick_na(client, url, "C6.E3.3", REASON)).status_code == 302
    page = client.get(url).get_data(as_text=True)
    posted = [(n, v) for n, v in submitted_values(page) if n != "C6.E3.3__na"]
    response = _post(client, url, [*posted, ("C6.E3.3__level", "3")])
    assert response.status_code == 422
    answer = _answer(assessment, "C6.E3.3")
    assert (answer.level, answer.is_na, answer.na_reason) == (None, True, REASON)
    page = response.get_data(as_text=True)
    assert re.search(r'<input checked id="C6.E3.3__level-3"', page)
    assert REASON in page


def test_a_colleagues_level_change_still_conflicts_with_na(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """The page opened before a colleague changed the level: ticking N/A there is a conflict."""
    assessment, email = _answered(db_session)
    auth.login(email)
    url = f"/assessments/{assessment.id}/sections/C6"
    posted = _tick_na(client, url, "C6.E3.2", REASON)
    colleague = make_user(assessment.organisation)
    result = services.save_section(
        assessment, rubric_of(assessment), "C6", {"C6.E3.2": ItemInput(level="1")}, colleague
    )
    assert result.ok
    db_session.commit()
    response = _post(client, url, posted)
    assert response.status_code == 409
    answer = _answer(assessment, "C6.E3.2")
    assert (answer.level, answer.is_na) == (1, False)
    assert REASON in response.get_data(as_text=True)
    # Saving again (the page now based on the colleague's version) saves the N/A on purpose.
    again = submitted_values(response.get_data(as_text=True))
    assert _post(client, url, again).status_code == 302
    answer = _answer(assessment, "C6.E3.2")
    assert (answer.level, answer.is_na, answer.na_reason) == (None, True, REASON)
