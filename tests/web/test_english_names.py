"""English pages name organisations and working groups in English, with English punctuation.

Found walking the demo as the secretariat in English (hqa): park, resident companies, group
members, the users list, the navigation and the form choices showed the Chinese names, and
lists were joined with "、" or wrapped in full-width brackets.
"""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts import services as accounts
from rcapp.accounts.models import OrgRole
from tests.conftest import AuthActions
from tests.factories import (
    make_organisation,
    make_park,
    make_secretariat,
    make_user,
    make_working_group,
)


def _world(db_session: Session) -> dict[str, int]:
    park = make_park(name_zh="甲化工园区", name_en="Jia Chemical Park")
    company = make_organisation(
        name_zh="乙化工有限公司", name_en="Yi Chemicals Co.", park_id=park.id
    )
    group_a = make_working_group(name_zh="甲工作组", name_en="Group Alpha")
    group_b = make_working_group(name_zh="乙工作组", name_en="Group Beta")
    company.working_groups.extend([group_a, group_b])
    make_user(company, OrgRole.ADMIN, email="admin@example.cn", name="王五")
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    return {"park": park.id, "company": company.id, "group": group_a.id}


def _main(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True).split("<main", 1)[1]


def test_english_pages_name_organisations_and_groups_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    ids = _world(db_session)
    auth.login("sec@example.cn")
    assert client.get("/lang/en").status_code == 302
    company = _main(client, f"/organisations/{ids['company']}")
    assert "Jia Chemical Park" in company
    assert "甲化工园区" not in company
    assert "Group Alpha, Group Beta" in company
    assert "、" not in company
    assert '<span lang="zh-CN">王五</span> (admin@example.cn)' in company
    assert "（" not in company
    park = _main(client, f"/organisations/{ids['park']}")
    assert "Yi Chemicals Co." in park
    assert "乙化工有限公司" not in park
    group = _main(client, f"/working-groups/{ids['group']}")
    assert "Yi Chemicals Co." in group
    assert "乙化工有限公司" not in group
    users = _main(client, "/admin/users")
    assert "Yi Chemicals Co." in users
    assert "乙化工有限公司" not in users
    new_user = _main(client, "/admin/users/new")
    assert "Yi Chemicals Co. (" in new_user
    assert "（" not in new_user
    # the sector options' values are the stored Chinese names (their labels are English)
    page = _main(client, "/organisations/new")
    new_org = re.sub(r"<datalist.*?</datalist>", "", page, flags=re.S)
    assert "Jia Chemical Park" in new_org
    assert "Group Alpha" in new_org
    assert "甲化工园区" not in new_org
    assert "甲工作组" not in new_org
    assert "（" not in new_org


def test_chinese_pages_keep_chinese_names_and_punctuation(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    ids = _world(db_session)
    auth.login("sec@example.cn")
    company = _main(client, f"/organisations/{ids['company']}")
    assert "甲化工园区" in company
    assert "甲工作组、乙工作组" in company
    assert "王五（admin@example.cn）" in company
    users = _main(client, "/admin/users")
    assert "乙化工有限公司" in users


def test_a_member_of_two_organisations_sees_their_english_names_in_the_navigation(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    first = make_organisation(name_zh="丙公司", name_en="Bing Co.")
    second = make_organisation(name_zh="丁公司", name_en="Ding Co.")
    user = make_user(first, OrgRole.MEMBER, email="two@example.cn")
    accounts.add_membership(user, second.id, OrgRole.MEMBER)
    db_session.commit()
    auth.login("two@example.cn")
    assert client.get("/lang/en").status_code == 302
    header = client.get("/").get_data(as_text=True).split("<main", 1)[0]
    assert "Bing Co." in header
    assert "Ding Co." in header
    assert "丙公司" not in header
