"""The list of self-assessments comes a page at a time, by year and name, for any size."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.assessments.models import AssessmentStatus
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_cycle, make_organisation, make_secretariat


def test_the_secretariat_pages_through_every_year_and_filters(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    old, new = make_cycle(year=2024), make_cycle(year=2025)
    for n in range(103):
        make_assessment(make_organisation(name_zh=f"翻页化工{n:03d}"), new)
    percent = make_organisation(name_zh="百分之%化工")
    make_assessment(percent, old, status=AssessmentStatus.SUBMITTED)
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")

    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    bind = db.session().get_bind()
    event.listen(bind, "before_cursor_execute", count)
    first = client.get("/assessments/").get_data(as_text=True)
    event.remove(bind, "before_cursor_execute", count)
    assert "共 104 份自评。" in first
    assert "第 1 / 2 页" in first
    assert first.count("<tr>") == 101  # the header and 100 assessments
    assert len(statements) < 20  # organisations and years come with the rows, not one by one

    second = client.get("/assessments/?page=2").get_data(as_text=True)
    assert "百分之%化工" in second  # 2024 comes after 2025
    assert "翻页化工000" not in second
    only_2024 = client.get("/assessments/?year=2024").get_data(as_text=True)
    assert "共 1 份自评。" in only_2024
    named = client.get("/assessments/?q=%25").get_data(as_text=True)  # a literal "%"
    assert "共 1 份自评。" in named
    assert "百分之%化工" in named
    none = client.get("/assessments/?q=没有这个").get_data(as_text=True)
    assert "没有符合条件的自评。" in none
    client.get("/lang/en")
    english = client.get("/assessments/?year=2024").get_data(as_text=True)
    assert "1 self-assessment." in english
