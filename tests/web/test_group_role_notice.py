"""The secretariat's working-group roles (qa51 S4, S5, S6, P9).

The role table names each holder's organisation; a role given to someone of no member
organisation is confirmed with a warning (not refused: outside reviewers may be wanted); the
new role holder is told by e-mail through the outbox; a group that a closed year kept as
history says so when it cannot be deleted, not "N 条其他记录".
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.cycles.models import ClosedYearGroupMember
from rcapp.mail.models import OutboxMessage
from tests.conftest import AuthActions
from tests.factories import make_cast, make_cycle

WARNING = {
    "zh": "请注意：评审员所在单位（{org}）不是{group}的成员单位。",
    "en": "Note: 评审员's organisation ({org}) is not a member organisation of the {group}.",
}


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_role_table_names_organisations_and_an_outsider_is_warned_of(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    cast = make_cast()  # the role holders are of 丙化工, not a member of the group
    db_session.commit()
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}")
    url = f"/working-groups/{cast.group.id}"
    table = _text(client.get(url).get_data(as_text=True).split('id="roles-heading"')[1])
    assert ("单位" if lang == "zh" else "Organisation") in table
    outsider = cast.outsider_org.display_name(lang)
    assert outsider in table
    # a member organisation's user: no warning; an outsider: the warning, and the role given
    member = client.post(
        f"{url}/roles",
        data={"email": "admin@example.cn", "role": "reviewer"},
        follow_redirects=True,
    )
    assert "flash-warning" not in member.get_data(as_text=True)
    response = client.post(
        f"{url}/roles",
        data={"email": "reviewer@example.cn", "role": "deputy"},
        follow_redirects=True,
    )
    page = _text(response.get_data(as_text=True))
    group = cast.group.name_zh if lang == "zh" else cast.group.name_en
    assert WARNING[lang].format(org=outsider, group=group) in page
    assert any(r.role.value == "deputy" for r in cast.reviewer.group_roles)


def test_the_new_role_holder_is_told_by_mail(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    cast.member.language = "en"
    db_session.commit()
    auth.login("sec@example.cn")
    client.post(
        f"/working-groups/{cast.group.id}/roles",
        data={"email": "member@example.cn", "role": "reviewer"},
    )
    (message,) = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "group_role")
    ).all()
    assert message.to_address == "member@example.cn"
    assert message.subject == f"You are now Reviewer of the {cast.group.name_en}"
    assert "The secretariat has made you Reviewer" in " ".join(message.body.split())
    assert cast.group.name_en in message.body


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "1 条已关闭年度的成员记录（年度关闭时保存的本组成员单位，属于历史记录）"),
        ("en", "1 member record of a closed year"),
    ],
)
def test_a_closed_years_members_are_named_when_a_group_cannot_be_deleted(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, said: str
) -> None:
    cast = make_cast()
    cycle = make_cycle(year=2024)
    db_session.add(
        ClosedYearGroupMember(
            cycle_id=cycle.id, working_group_id=cast.group.id, organisation_id=cast.organisation.id
        )
    )
    db_session.commit()
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}")
    page = _text(client.get(f"/working-groups/{cast.group.id}/edit").get_data(as_text=True))
    assert said in page
    assert "其他记录" not in page
    assert "other record" not in page
