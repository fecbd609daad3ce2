"""The open-a-year form refuses a year not yet over and says who takes part and what carries over.

Before, 2026 could be opened on 2026-12-03, and the form said nothing about which
organisations would be included or what each could copy from last year.
"""

from __future__ import annotations

import datetime as dt
import html
import shutil
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import CommitmentStatus
from tests.conftest import TEST_RUBRICS_DIR, AuthActions
from tests.factories import make_organisation, make_secretariat


@pytest.fixture
def rubrics_dir(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(TEST_RUBRICS_DIR / "mini-company", tmp_path / "mini-company")
    park = (TEST_RUBRICS_DIR / "mini-company" / "v1.yaml").read_text(encoding="utf-8")
    park = park.replace("id: mini-company", "id: mini-park").replace("kind: company", "kind: park")
    (tmp_path / "mini-park").mkdir()
    (tmp_path / "mini-park" / "v1.yaml").write_text(park, encoding="utf-8")
    monkeypatch.setitem(app.config, "RUBRICS_DIR", str(tmp_path))
    return tmp_path


def _form(year: int) -> dict[str, str]:
    return {
        "year": str(year),
        "company_rubric": "mini-company@1",
        "park_rubric": "mini-park@1",
        "deadline": (beijing_today() + dt.timedelta(days=90)).isoformat(),
    }


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("zh_CN", "{year} 年度尚未结束（到 {year} 年 12 月 31 日），还不能开启"),
        ("en", "The year {year} has not ended yet (it runs to 31 December {year})"),
    ],
)
@pytest.mark.parametrize("ahead", [0, 1])
def test_a_year_not_yet_over_is_refused_naming_it(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    rubrics_dir: Path,
    lang: str,
    message: str,
    ahead: int,
) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}")
    year = beijing_today().year + ahead
    response = client.post("/cycles/new", data=_form(year))
    assert response.status_code == 200
    assert message.format(year=year) in html.unescape(response.get_data(as_text=True))
    assert db_session.scalars(select(ReportingCycle)).first() is None


def test_the_year_just_ended_opens(
    client: FlaskClient, db_session: Session, auth: AuthActions, rubrics_dir: Path
) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    assert client.post("/cycles/new", data=_form(beijing_today().year - 1)).status_code == 302


@pytest.mark.parametrize(
    ("lang", "who", "count", "copied"),
    [
        ("zh_CN", "签署责任关怀承诺书", "按 {year} 年度计，目前有 2 个单位。", "KPI 数据不复制"),
        (
            "en",
            "signed the Responsible Care commitment on or before 31 December of the year",
            "For the year {year} that is 2 organisations at present.",
            "KPI data is not copied",
        ),
    ],
)
def test_the_form_says_who_takes_part_and_what_carries_over(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    rubrics_dir: Path,
    lang: str,
    who: str,
    count: str,
    copied: str,
) -> None:
    year = beijing_today().year - 1
    signed = CommitmentStatus.SIGNED
    make_organisation(commitment_status=signed, commitment_signed_on=dt.date(year, 12, 31))
    make_organisation(commitment_status=signed, commitment_signed_on=dt.date(year - 3, 1, 5))
    make_organisation(commitment_status=signed, commitment_signed_on=dt.date(year + 1, 1, 1))
    make_organisation()  # not signed
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}")
    page = html.unescape(client.get("/cycles/new").get_data(as_text=True))
    assert who in page
    assert count.format(year=year) in page
    assert copied in page


def test_the_count_follows_the_year_typed(
    client: FlaskClient, db_session: Session, auth: AuthActions, rubrics_dir: Path
) -> None:
    """qa15 S4: the count was always for last year, whatever year was typed."""
    year = beijing_today().year - 1
    signed = CommitmentStatus.SIGNED
    make_organisation(commitment_status=signed, commitment_signed_on=dt.date(year - 1, 3, 1))
    make_organisation(commitment_status=signed, commitment_signed_on=dt.date(year + 1, 1, 1))
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    # This year is not over, so the form comes back: its count is for the year typed.
    sent_back = client.post("/cycles/new", data=_form(year + 1))
    assert sent_back.status_code == 200
    assert f"按 {year + 1} 年度计，目前有 2 个单位。" in html.unescape(
        sent_back.get_data(as_text=True)
    )
    page = html.unescape(client.get("/cycles/new").get_data(as_text=True))
    assert f"按 {year} 年度计，目前有 1 个单位。" in page


@pytest.mark.parametrize(
    ("lang", "said", "count"),
    [
        (
            "zh_CN",
            "{this} 年度自 {next} 年 1 月 1 日起可以开启",
            "按 {this} 年度计，目前有 0 个单位。",
        ),
        ("en", "The year {this} can be opened from 1 January {next}", "For the year {this} "),
    ],
)
def test_the_form_says_when_a_year_opens_and_names_no_existing_year(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    rubrics_dir: Path,
    lang: str,
    said: str,
    count: str,
) -> None:
    """QA31 S4: said before submitting; an empty field does not count for a year that exists."""
    from rcapp.cycles.models import CycleStatus
    from tests.factories import make_cycle

    this = beijing_today().year
    make_cycle(year=this - 1, status=CycleStatus.CLOSED)
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}")
    page = " ".join(html.unescape(client.get("/cycles/new").get_data(as_text=True)).split())
    assert said.format(this=this, next=this + 1) in page
    assert count.format(this=this) in page
    assert f"{this - 1} 年度计" not in page
    assert f"For the year {this - 1} " not in page
