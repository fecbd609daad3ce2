"""An id in the address beyond what an id column holds answers 404, not a 500."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories import make_secretariat

HUGE = "99999999999999999999"


def test_an_id_beyond_64_bits_is_not_found(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    for url in (
        f"/cycles/{HUGE}",
        f"/cycles/{HUGE}/organisations",
        f"/organisations/{HUGE}",
        f"/reports/jobs/{HUGE}",
        f"/reports/cycles/{HUGE}/annual.xlsx",
        f"/working-groups/{HUGE}",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get("/cycles/9223372036854775807").status_code == 404
    assert client.get("/cycles/2147483648").status_code == 404  # PostgreSQL: out of range
    assert client.get("/organisations/2147483648/users").status_code == 404
    assert client.get("/cycles/2147483647").status_code == 404  # the largest id: not found
