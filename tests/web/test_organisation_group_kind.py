"""A company cannot be saved into the parks working group, nor a park into a company group.

A company was saved into 园区工作组 with no warning (secwords #3): the parks group is made of
parks (WorkingGroup.member_kind), its statistics compare parks with parks.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from rcapp.organisations.models import OrganisationKind, WorkingGroupKind
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_secretariat, make_working_group
from tests.web.browser_form import submitted_values

REFUSED = {
    ("company", "zh"): "企业不能加入园区工作组（它的成员是化工园区）。请在“工作组”中取消勾选它。",
    ("company", "en"): "A company cannot join Parks group (its members are chemical parks). Untick",
    ("park", "zh"): "化工园区只能加入园区工作组，不能加入工艺安全工作组。请在“工作组”中取消勾选",
    ("park", "en"): "A chemical park can only join the parks working group, not Process safety.",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", ["company", "park"])
def test_the_other_kinds_group_is_refused_naming_the_field(
    client: FlaskClient, db_session: Session, auth: AuthActions, kind: str, lang: str
) -> None:
    parks = make_working_group(
        kind=WorkingGroupKind.PARKS, name_zh="园区工作组", name_en="Parks group"
    )
    process = make_working_group(name_zh="工艺安全工作组", name_en="Process safety")
    organisation = make_organisation(kind=OrganisationKind(kind))
    secretariat = make_secretariat()
    db_session.commit()
    auth.login(secretariat.email)
    client.get(f"/lang/{'en' if lang == 'en' else 'zh_CN'}")
    url = f"/organisations/{organisation.id}/edit"
    form = MultiDict(submitted_values(client.get(url).get_data(as_text=True)))
    wrong, right = (parks, process) if kind == "company" else (process, parks)
    form.setlist("working_groups", [str(wrong.id)])
    response = client.post(url, data=form)
    assert response.status_code == 422 or response.status_code == 200
    page = " ".join(response.get_data(as_text=True).split())
    assert REFUSED[(kind, lang)] in page.replace("&#34;", '"')
    db_session.expire_all()
    assert organisation.working_groups == []  # nothing saved

    form.setlist("working_groups", [str(right.id)])
    assert client.post(url, data=form).status_code == 302
    db_session.expire_all()
    assert [g.id for g in organisation.working_groups] == [right.id]
