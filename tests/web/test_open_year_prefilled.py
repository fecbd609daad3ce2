"""The open-a-year form comes pre-filled (qa45 S1): the year that can be opened now and the
newest version of each rubric, the only sensible answer in nearly every year."""

from __future__ import annotations

import re
from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_secretariat
from tests.web.test_open_year_form import rubrics_dir

__all__ = ["rubrics_dir"]  # the fixture, used by name


def _selected(page: str, name: str) -> list[str]:
    select = page[page.index(f'name="{name}"') :]
    select = select[: select.index("</select>")]
    return re.findall(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', select)


def test_the_form_proposes_last_year_and_the_newest_rubrics(
    client: FlaskClient, db_session: Session, auth: AuthActions, rubrics_dir: Path
) -> None:
    this_year = beijing_today().year
    make_cycle(year=this_year - 2, park_rubric_id="mini-park")
    secretariat = make_secretariat()
    db_session.commit()
    auth.login(secretariat.email)
    page = client.get("/cycles/new").get_data(as_text=True)
    year_input = page[page.index('name="year"') - 200 :]
    year_input = year_input[: year_input.index(">", 200)]
    assert f'value="{this_year - 1}"' in year_input
    assert "mini-company@1" in str(_selected(page, "company_rubric"))
    assert "mini-park@1" in str(_selected(page, "park_rubric"))


def test_with_last_year_open_already_no_year_is_proposed(
    client: FlaskClient, db_session: Session, auth: AuthActions, rubrics_dir: Path
) -> None:
    this_year = beijing_today().year
    make_cycle(year=this_year - 1, park_rubric_id="mini-park")
    secretariat = make_secretariat()
    db_session.commit()
    auth.login(secretariat.email)
    page = client.get("/cycles/new").get_data(as_text=True)
    year_input = page[page.index('name="year"') - 200 :]
    year_input = year_input[: year_input.index(">", 200)]
    assert f'value="{this_year}"' not in year_input  # not over yet: it would be refused
    assert "mini-company@1" in str(_selected(page, "company_rubric"))
