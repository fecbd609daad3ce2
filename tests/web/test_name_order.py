"""Lists of organisations read in pinyin order on Chinese pages, A to Z on English ones."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.organisations.models import CommitmentStatus, Organisation
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_organisation, make_secretariat

# Code point order would be 中国, 北京, 安徽, 重庆; pinyin order is an, bei, chong, zhong.
_NAMES = [
    ("中国石化", "Sinopec Test"),
    ("北京化工", "Beijing Chemicals"),
    ("安徽化工", "Anhui Chemicals"),
    ("重庆化工", "Chongqing Chemicals"),
]
_PINYIN_ORDER = ["安徽化工", "北京化工", "重庆化工", "中国石化"]


def _organisations(db_session: Session, auth: AuthActions) -> list[Organisation]:
    orgs = [
        make_organisation(name_zh=zh, name_en=en, commitment_status=CommitmentStatus.SIGNED)
        for zh, en in _NAMES
    ]
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    return orgs


def _order(page: str, names: list[str]) -> list[str]:
    return sorted(names, key=page.index)


def test_a_name_change_moves_the_organisation_in_the_list(db_session: Session) -> None:
    organisation = make_organisation(name_zh="中国石化")
    assert organisation.name_sort == "zhong1 guo2 shi2 hua4"
    organisation.name_zh = "安徽化工"
    db_session.flush()
    db_session.expire(organisation)
    assert organisation.name_sort == "an1 hui1 hua4 gong1"


@pytest.mark.parametrize("path", ["/organisations/", "/cycles/{cycle}/organisations"])
def test_chinese_lists_read_in_pinyin_order(
    client: FlaskClient, db_session: Session, auth: AuthActions, path: str
) -> None:
    _organisations(db_session, auth)
    cycle = make_cycle()
    db_session.commit()
    page = client.get(path.format(cycle=cycle.id)).get_data(as_text=True)
    assert _order(page, [zh for zh, _ in _NAMES]) == _PINYIN_ORDER
    assert "汉字编码" not in page


def test_english_roster_reads_a_to_z(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _organisations(db_session, auth)
    cycle = make_cycle()
    db_session.commit()
    client.get("/lang/en?next=/")
    page = client.get(f"/cycles/{cycle.id}/organisations").get_data(as_text=True)
    english = [en for _, en in _NAMES]
    assert _order(page, english) == sorted(english)
