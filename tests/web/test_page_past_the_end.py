"""A list address whose page number lies past the end (the list has shrunk since the link
was made, or the number was edited) shows the last page, not an empty "nothing matches"."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_organisation, make_secretariat, make_user

HUGE = "99999999999999999999"  # more than a 64-bit integer


def _page(client: FlaskClient, url: str, page: str) -> str:
    response = client.get(url, query_string={"page": page})
    assert response.status_code == 200, (url, page, response.status_code)
    return response.get_data(as_text=True)


def test_the_users_list_past_its_end_shows_its_last_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn", name="秘书处")
    make_user(make_organisation(), email="wang@example.cn", name="王工")
    db_session.commit()
    auth.login("sec@example.cn")
    for page in ("5", HUGE):
        text = _page(client, "/admin/users", page)
        assert "王工" in text
        assert "没有符合条件的用户" not in text


def test_the_organisations_audit_and_outbox_lists_past_their_end_open(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    organisation = make_organisation(name_zh="页外化工有限公司")
    db_session.commit()
    auth.login("sec@example.cn")
    for page in ("3", HUGE):
        assert organisation.name_zh in _page(client, "/organisations/", page)
        _page(client, "/audit/", page)
        _page(client, "/outbox/", page)


def test_the_cycle_roster_past_its_end_shows_its_organisations(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle = make_cycle()
    organisation = make_organisation(
        name_zh="名单化工有限公司", commitment_status=CommitmentStatus.SIGNED
    )
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    for page in ("3", HUGE):
        text = _page(client, f"/cycles/{cycle.id}/organisations", page)
        assert organisation.name_zh in text
        assert "没有符合条件的单位" not in text


def test_a_query_argument_named_like_the_path_neither_breaks_nor_redirects_the_links(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cycle = make_cycle()
    for n in range(101):  # two pages, so the pager's links are drawn too
        make_organisation(name_zh=f"分页化工{n:03d}", commitment_status=CommitmentStatus.SIGNED)
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    response = client.get(f"/cycles/{cycle.id}/organisations", query_string={"cycle_id": "x"})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert f'href="/cycles/{cycle.id}/organisations?page=2' in text
    assert "/cycles/x/" not in text
