"""QA S12: the organisation list is sorted by the name the page shows."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories import make_organisation, make_secretariat


def _order(page: str, names: list[str]) -> list[str]:
    return sorted(names, key=page.index)


def test_english_pages_sort_by_the_english_name_chinese_ones_by_pinyin(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_organisation(name_zh="中英精细化工有限公司", name_en="Sino-British Fine Chemicals Co.")
    make_organisation(name_zh="西岭化工有限公司", name_en="Xiling Chemical Co.")
    make_organisation(name_zh="安庆石化有限公司", name_en="Anqing Petrochemical Co.")
    make_organisation(name_zh="滨城染料化工有限公司", name_en=None)  # shown by its Chinese name
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    page = client.get("/organisations/").get_data(as_text=True)
    assert _order(page, ["中英精细化工", "西岭化工", "安庆石化", "滨城染料"]) == [
        "安庆石化", "滨城染料", "西岭化工", "中英精细化工"
    ]  # fmt: skip
    client.get("/lang/en")
    page = client.get("/organisations/").get_data(as_text=True)
    names = ["Sino-British", "Xiling Chemical", "Anqing Petrochemical", "滨城染料"]
    # 滨城 reads "bin1 cheng2": between Anqing and Sino-British.
    assert _order(page, names) == [
        "Anqing Petrochemical",
        "滨城染料",
        "Sino-British",
        "Xiling Chemical",
    ]
