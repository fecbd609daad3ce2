"""A write that finds its row changed or deleted meanwhile is a clear 409 page, never a 500.

Pages that expect a race say so beside the fields; this is the fallback for the rest
(`errors._changed_meanwhile`): nothing of the request is kept, and the user is told how to
find what they typed.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import select, text

from rcapp import create_app, db
from rcapp.db import Base
from rcapp.organisations.models import Organisation, OrganisationKind


def _app(tmp_path: Path) -> Flask:
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    with app.app_context():
        engine = db.session().get_bind()
        Base.metadata.create_all(engine)
        session = db.session()
        for n, name in enumerate(("甲化工有限公司", "乙化工有限公司")):
            session.add(
                Organisation(
                    kind=OrganisationKind.COMPANY,
                    name_zh=name,
                    credit_code=f"91320000MA1XXXXX{n}X",
                    province="江苏省",
                    city="南京市",
                    sector="氯碱",
                )
            )
        session.commit()

    @app.post("/_test/rename-both")
    def rename_both() -> str:
        session = db.session()
        first, second = session.scalars(select(Organisation).order_by(Organisation.id)).all()
        first.name_zh = "甲化工（改名）有限公司"
        second.name_zh = "乙化工（改名）有限公司"
        # As if another request had deleted the second between this one's read and its
        # write (on PostgreSQL it can; SQLite's write lock makes this request wait instead).
        with session.no_autoflush:
            session.execute(text("DELETE FROM organisations WHERE id = :i"), {"i": second.id})
        session.commit()
        return "saved"

    return app


def test_a_row_changed_meanwhile_gives_a_409_page_and_keeps_nothing(tmp_path: Path) -> None:
    app = _app(tmp_path)
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()

    response = client.post("/_test/rename-both")

    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "内容已被他人修改，未保存" in page
    assert "后退" in page
    with app.app_context():
        names = db.session().scalars(select(Organisation.name_zh)).all()
    assert names == ["甲化工有限公司", "乙化工有限公司"]  # nothing of the request is kept

    client.get("/lang/en")
    english = client.post("/_test/rename-both").get_data(as_text=True)
    assert "Changed by someone else, not saved" in english
