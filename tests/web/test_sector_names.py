"""Known sectors are named in English on English pages and exports; stored in Chinese.

Found in the language audit: 氯碱, 石油化工, ... showed in Chinese on English pages and in
the English organisation list export. A wording not in the list is shown as stored.
"""

from __future__ import annotations

import io

import openpyxl
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.organisations.models import Organisation
from rcapp.organisations.sectors import SECTOR_NAMES_EN, sector_name
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_secretariat


def _main(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True).split("<main", 1)[1]


def test_every_known_sector_has_an_english_name_and_others_stay_as_stored() -> None:
    assert all(name.isascii() and name for name in SECTOR_NAMES_EN.values())
    assert sector_name("石油化工", "en") == "Petrochemicals"
    assert sector_name("基础化学原料制造", "en") == "Manufacture of basic chemical raw materials"
    assert sector_name("石油化工", "zh") == "石油化工"
    assert sector_name("氯碱及有机硅单体", "en") == "氯碱及有机硅单体"
    assert sector_name(None, "en") == ""


def test_organisation_page_names_the_sector_in_the_pages_language(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    known = make_organisation(sector="石油化工")
    unknown = make_organisation(sector="氯碱及有机硅单体")
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    assert "<dd>石油化工</dd>" in _main(client, f"/organisations/{known.id}")
    client.get("/lang/en")
    page = _main(client, f"/organisations/{known.id}")
    assert "<dd>Petrochemicals</dd>" in page
    assert "石油化工" not in page
    page = _main(client, f"/organisations/{unknown.id}")
    assert '<dd><span lang="zh-CN">氯碱及有机硅单体</span></dd>' in page
    assert db_session.get(Organisation, known.id).sector == "石油化工"  # type: ignore[union-attr]


def test_english_organisation_export_names_sectors_and_provinces_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_organisation(name_zh="甲化工有限公司", sector="氯碱", province="江苏省", city="盐城市")
    make_organisation(
        name_zh="乙化工有限公司", sector="氯碱及有机硅单体", province="山东省", city="Binzhou"
    )
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")

    def rows() -> dict[str, tuple[object, ...]]:
        data = client.get("/reports/organisations.xlsx").data
        sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
        return {str(row[0]): row for row in sheet.iter_rows(values_only=True)}

    chinese = rows()
    assert chinese["甲化工有限公司"][4:7] == ("江苏省", "盐城市", "氯碱")
    client.get("/lang/en")
    english = rows()
    assert english["甲化工有限公司"][4] == "Jiangsu"
    # QA31 S6: the city stayed Chinese in the English workbook (the page shows it in pinyin)
    assert english["甲化工有限公司"][5] == "Yancheng"
    assert english["乙化工有限公司"][5] == "Binzhou"
    assert english["甲化工有限公司"][6] == "Chlor-alkali"
    assert english["乙化工有限公司"][4] == "Shandong"
    assert english["乙化工有限公司"][6] == "氯碱及有机硅单体"


def test_every_demo_organisation_and_every_offered_sector_has_an_english_name() -> None:
    # QA14 S5: "合成树脂与涂料中间体" stayed Chinese on an English benchmark page.
    from rcapp.demo import world
    from rcapp.organisations.sectors import sector_options

    for spec in world.PARKS + world.COMPANIES:
        english = sector_name(spec.sector, "en")
        assert english, (spec.key, spec.sector)
        assert english.isascii(), (spec.key, spec.sector)
    for stored, label in sector_options("en"):
        assert label.isascii(), stored
        assert label != stored, stored
