"""The organisation form's park field when the kind becomes 化工园区 (js/organisation-kind.js).

The script clears and disables "所在化工园区" as soon as the kind is chosen, so the browser
sends no park: the save still leaves the park and says so, as it does without the script.
The form lists the working groups by name, as every other list of them does (no code).
"""

from __future__ import annotations

import html as html_lib

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from rcapp.organisations.models import OrganisationKind
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_park, make_secretariat, make_working_group
from tests.web.browser_form import submitted_values
from tests.web.test_organisation_kind_change import LEFT_PARK


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_park_field_left_out_by_the_forms_script_still_leaves_the_park_with_the_note(
    client: FlaskClient, db_session: Session, auth: AuthActions, language: str
) -> None:
    park = make_park(name_zh="临海化工园区", name_en="Linhai Chemical Park")
    company = make_organisation(
        name_zh="东海精细化工股份有限公司", name_en="Donghai Fine Chemicals", park_id=park.id
    )
    group = make_working_group(code="PSMX", name_zh="工艺安全工作组", name_en="Process Safety")
    auth.login(make_secretariat().email)
    db_session.commit()
    client.get(f"/lang/{language}")
    url = f"/organisations/{company.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'data-park-kind="park"' in page
    assert "js/organisation-kind.js" in page
    assert 'id="park-kind-hint"' in page
    label = group.display_name("en" if language == "en" else "zh")
    assert f"> {label}</label>" in page
    assert "PSMX" not in page
    form = MultiDict(submitted_values(page))
    form["kind"] = "park"
    del form["park_id"]  # disabled by the script: not sent
    response = client.post(url, data=form, follow_redirects=True)
    assert LEFT_PARK[language] in html_lib.unescape(response.get_data(as_text=True))
    db_session.expire_all()
    assert company.kind is OrganisationKind.PARK
    assert company.park_id is None
