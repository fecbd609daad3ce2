"""Items in the audit log carry their title beside the code, cut short (QA47 S3)."""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.audit.labels import short_title
from tests.audit_export import export_audit
from tests.conftest import AuthActions
from tests.factories import make_world, submitted_assessment


def test_a_long_title_is_cut_with_an_ellipsis() -> None:
    assert short_title("短标题") == "短标题"
    assert short_title("一" * 30) == "一" * 25 + "…"  # by width: 25 Chinese characters or
    assert short_title("a " * 30) == "a " * 24 + "a…"  # about 50 Latin letters (QA52 m6)
    assert short_title("Top management  signed\nthe RC commitment") == (
        "Top management signed the RC commitment"
    )


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("zh", "评价项 MS.G1.1 最高管理者签署并公开责任关怀承诺"),
        ("en", "Item MS.G1.1 Top management signed and published the RC…"),
    ],
)
def test_the_page_and_the_export_name_the_item(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, shown: str
) -> None:
    world = make_world()
    submitted_assessment(world)
    db_session.commit()
    auth.login(world.secretariat.email)
    auth.choose_language(lang)
    page = client.get("/audit/?action=answer.update").get_data(as_text=True)
    rows = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.split("<tbody>")[-1])).split())
    assert shown in rows
    sheet = export_audit(client, {"action": "answer.update"}).active
    assert sheet is not None
    assert shown in {str(c.value) for row in sheet.iter_rows() for c in row}
