"""English pages give a Chinese personal name its pinyin beside it (qa54 7).

Users have one name, typed in Chinese; an English-speaking lead could not read the
reviewers' names. Without an English name to store (no migration), the page shows the
name's pinyin: "黄磊 (Huang Lei)"; Chinese pages show the name alone.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.person_names import name_in_pinyin
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_organisation, make_user
from tests.factories_reviews import make_review_world


@pytest.mark.parametrize(
    ("name", "pinyin"),
    [
        ("黄磊", "Huang Lei"),
        ("朱丽华", "Zhu Lihua"),
        ("曾国藩", "Zeng Guofan"),  # a surname read as a surname, not as the word (ceng)
        ("单田芳", "Shan Tianfang"),
        ("欧阳娜娜", "Ouyang Nana"),  # a two-character surname stays one word
        ("王西安", "Wang Xi'an"),
        ("John Smith", ""),  # written as its owner reads it already
        ("王 芳", ""),
        ("李", ""),
        ("评审员0", ""),
    ],
)
def test_a_chinese_name_in_pinyin(name: str, pinyin: str) -> None:
    assert name_in_pinyin(name) == pinyin


@pytest.mark.parametrize(("lang", "shown"), [("zh", "黄磊<"), ("en", "黄磊</span> (Huang Lei)<")])
def test_the_assign_page_names_reviewers_with_pinyin_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, shown: str
) -> None:
    world = make_review_world(2)
    reviewer = make_user(make_organisation(), name="黄磊")
    make_group_role(reviewer, world.group, GroupRole.REVIEWER)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/reviews/assessments/{world.assessments[0].id}/assign").get_data(
        as_text=True
    )
    label = page.split(f'<label for="reviewer-{reviewer.id}">', 1)[1]
    assert label.startswith(
        shown.replace("黄磊", '<span lang="zh">黄磊') if lang == "en" else shown
    )
    assert ("Huang Lei" in page) is (lang == "en")
