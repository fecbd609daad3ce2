"""Reporting cycles: open a year with pinned rubrics, close it (freezing results), reopen it."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
import shutil
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments.models import AssessmentStatus, SnapshotKind
from rcapp.assessments.snapshots import find_snapshot, snapshot_scorecard
from rcapp.audit.models import AuditEntry
from rcapp.clock import beijing_today, years_after
from rcapp.cycles import services
from rcapp.cycles.deadlines import opened_on
from rcapp.cycles.hooks import CycleResults
from rcapp.cycles.models import CycleStatus, ReportingCycle
from rcapp.permissions import Action, can
from tests.conftest import TEST_RUBRICS_DIR, AuthActions
from tests.factories import (
    make_assessment,
    make_cast,
    make_cycle,
    make_organisation,
    make_secretariat,
)

_MINI_SHA256 = hashlib.sha256(
    (TEST_RUBRICS_DIR / "mini-company" / "v1.yaml").read_bytes()
).hexdigest()


@pytest.fixture
def rubrics_dir(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test rubric, a park copy of it, and one broken file."""
    shutil.copytree(TEST_RUBRICS_DIR / "mini-company", tmp_path / "mini-company")
    park = (TEST_RUBRICS_DIR / "mini-company" / "v1.yaml").read_text(encoding="utf-8")
    park = park.replace("id: mini-company", "id: mini-park").replace("kind: company", "kind: park")
    (tmp_path / "mini-park").mkdir()
    (tmp_path / "mini-park" / "v1.yaml").write_text(park, encoding="utf-8")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "v1.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    monkeypatch.setitem(app.config, "RUBRICS_DIR", str(tmp_path))
    return tmp_path


def _day(days_from_today: int) -> dt.date:
    return beijing_today() + dt.timedelta(days=days_from_today)


def _open_form(**overrides: str) -> dict[str, str]:
    data = {
        "year": str(beijing_today().year - 1),
        "company_rubric": "mini-company@1",
        "park_rubric": "mini-park@1",
        "deadline": _day(90).isoformat(),
    }
    data.update(overrides)
    return data


def test_the_open_form_offers_rubrics_by_kind_and_names_broken_files(
    client: FlaskClient, db_session: Session, auth: AuthActions, rubrics_dir: Path
) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    page = client.get("/cycles/new").get_data(as_text=True)
    company_select = page[page.index('name="company_rubric"') : page.index('name="park_rubric"')]
    assert 'value="mini-company@1"' in company_select
    assert 'value="mini-park@1"' not in company_select
    assert "broken v1" in page


def test_secretariat_opens_a_year(
    client: FlaskClient, db_session: Session, auth: AuthActions, rubrics_dir: Path
) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    response = client.post("/cycles/new", data=_open_form())
    assert response.status_code == 302
    cycle = db_session.scalars(select(ReportingCycle)).one()
    assert (cycle.company_rubric_id, cycle.company_rubric_version) == ("mini-company", 1)
    assert (cycle.park_rubric_id, cycle.park_rubric_version) == ("mini-park", 1)
    assert cycle.deadline == _day(90)
    assert cycle.is_open
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.entity == "cycle")).one()
    assert entry.action == "open"
    assert "2025" in client.get("/cycles/").get_data(as_text=True)


def test_a_year_can_be_opened_only_once(
    client: FlaskClient, db_session: Session, auth: AuthActions, rubrics_dir: Path
) -> None:
    make_secretariat(email="sec@example.cn")
    year = beijing_today().year - 1
    make_cycle(year=year)
    db_session.commit()
    auth.login("sec@example.cn")
    page = client.post("/cycles/new", data=_open_form(deadline=_day(30).isoformat()))
    text = page.get_data(as_text=True)
    assert f"{year} 年度的评价周期已经存在" in text
    assert f'value="{_day(30).isoformat()}"' in text
    assert len(db_session.scalars(select(ReportingCycle)).all()) == 1


def test_a_rubric_of_the_wrong_kind_is_refused(
    client: FlaskClient, db_session: Session, auth: AuthActions, rubrics_dir: Path
) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    response = client.post("/cycles/new", data=_open_form(park_rubric="mini-company@1"))
    assert response.status_code == 200
    assert db_session.scalars(select(ReportingCycle)).first() is None


def test_a_deadline_before_the_year_is_refused(
    client: FlaskClient, db_session: Session, auth: AuthActions, rubrics_dir: Path
) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    page = client.post("/cycles/new", data=_open_form(year="2100", deadline=_day(1).isoformat()))
    assert "截止日期不能早于 2100 年度开始的日期（2100-01-01）" in page.get_data(as_text=True)


def test_a_mistyped_year_is_named_once_and_not_compared_with_the_deadline(
    client: FlaskClient, db_session: Session, auth: AuthActions, rubrics_dir: Path
) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    page = client.post("/cycles/new", data=_open_form(year="20255")).get_data(as_text=True)
    assert "年度须在 2000 到 2100 之间" in page
    assert "截止日期不能早于 20255 年" not in page


def test_closing_asks_the_registered_results_to_freeze(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    asked: list[int] = []

    def freeze(cycle: ReportingCycle, _actor: object, _checkpoint: object) -> list[int]:
        asked.append(cycle.id)
        return [41, 42]

    hooks = CycleResults(freeze=freeze, status_counts=lambda _id: {})
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(app.extensions, "rcapp.cycle_results", hooks)
        make_secretariat(email="sec@example.cn")
        cycle = make_cycle(year=2025)
        db_session.commit()
        auth.login("sec@example.cn")
        response = client.post(f"/cycles/{cycle.id}/close", data={"confirmed": "1"})
    assert response.status_code == 302
    db_session.refresh(cycle)
    assert asked == [cycle.id]
    assert cycle.status is CycleStatus.CLOSED
    assert cycle.closed_at is not None
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "close")).one()
    assert json.loads(entry.after or "{}") == {"frozen_assessments": [41, 42]}


def test_closing_freezes_every_submitted_result(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    cycle = make_cycle(year=2025)
    submitted = make_assessment(
        make_organisation(), cycle, status=AssessmentStatus.SUBMITTED, rubric_sha256=_MINI_SHA256
    )
    draft = make_assessment(make_organisation(), cycle, rubric_sha256=_MINI_SHA256)
    db_session.commit()
    auth.login("sec@example.cn")
    response = client.post(f"/cycles/{cycle.id}/close", data={"confirmed": "1"})
    assert response.status_code == 302
    assert find_snapshot(submitted, SnapshotKind.FROZEN) is not None
    assert find_snapshot(draft, SnapshotKind.FROZEN) is None
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "close")).one()
    assert json.loads(entry.after or "{}") == {"frozen_assessments": [submitted.id]}


def test_closed_cycles_block_editing(db_session: Session) -> None:
    cast = make_cast()
    cycle = make_cycle(year=2025, status=CycleStatus.CLOSED)
    assessment = make_assessment(cast.organisation, cycle)
    assert not can(cast.member, Action.ASSESSMENT_EDIT, assessment)
    cycle.status = CycleStatus.OPEN
    assert can(cast.member, Action.ASSESSMENT_EDIT, assessment)


def test_reopening_needs_a_reason_that_is_logged(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    secretariat = make_secretariat(email="sec@example.cn")
    cycle = make_cycle(year=2025, status=CycleStatus.CLOSED, closed_by_id=secretariat.id)
    db_session.commit()
    auth.login("sec@example.cn")
    empty = client.post(f"/cycles/{cycle.id}/reopen", data={"reason": ""})
    assert "请填写重新开放的原因" in empty.get_data(as_text=True)
    db_session.refresh(cycle)
    assert not cycle.is_open
    reason = "申诉成立，需更正某企业的 KPI 数据"
    assert client.post(f"/cycles/{cycle.id}/reopen", data={"reason": reason}).status_code == 302
    db_session.refresh(cycle)
    assert cycle.is_open
    assert cycle.closed_by_id is None
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "reopen")).one()
    assert entry.reason == reason
    assert entry.actor_id == secretariat.id


def test_an_open_year_cannot_be_reopened(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    cycle = make_cycle(year=2025)
    db_session.commit()
    auth.login("sec@example.cn")
    # Refused without an error page (a double click lands here): nothing is logged.
    response = client.post(f"/cycles/{cycle.id}/reopen", data={"reason": "不需要重新开放"})
    assert response.status_code == 302
    said = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2025 年度尚未关闭：只有已关闭的年度才能重新开放。" in said
    assert db_session.scalars(select(AuditEntry).where(AuditEntry.action == "reopen")).all() == []
    # QA37 D3: opened on a year never closed, it does not say it "has been reopened already"
    client.get("/lang/en")
    response = client.get(f"/cycles/{cycle.id}/reopen")
    said = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The year 2025 is open: only a closed year can be reopened." in said
    assert "reopened already" not in said


def test_the_deadline_can_move_while_open(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    cycle = make_cycle(year=2025, deadline=_day(10))
    db_session.commit()
    auth.login("sec@example.cn")
    response = client.post(f"/cycles/{cycle.id}/deadline", data={"deadline": _day(40).isoformat()})
    assert response.status_code == 302
    db_session.refresh(cycle)
    assert cycle.deadline == _day(40)
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.field == "deadline")).one()
    assert (entry.before, entry.after) == (f'"{_day(10)}"', f'"{_day(40)}"')


def test_a_deadline_more_than_a_year_after_opening_is_a_typing_slip_and_refused(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    cycle = make_cycle(year=2025, deadline=_day(10))
    db_session.commit()
    auth.login("sec@example.cn")
    latest = years_after(opened_on(cycle), 1)
    for far in ("9999-12-31", (latest + dt.timedelta(days=1)).isoformat()):
        page = client.post(f"/cycles/{cycle.id}/deadline", data={"deadline": far})
        assert f"截止日期不能晚于本年度开启后一年，即最晚 {latest.isoformat()}。" in page.get_data(
            as_text=True
        )
        db_session.refresh(cycle)
        assert cycle.deadline == _day(10)
    client.get("/lang/en")
    page = client.post(f"/cycles/{cycle.id}/deadline", data={"deadline": "9999-12-31"})
    assert (
        f"no later than one year after the year was opened: {latest.isoformat()} at the latest"
        in (page.get_data(as_text=True))
    )
    assert (
        client.post(
            f"/cycles/{cycle.id}/deadline", data={"deadline": latest.isoformat()}
        ).status_code
        == 302
    )


def test_the_cycle_list_counts_assessments_per_status(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    cycle = make_cycle(year=2025)
    for _ in range(2):
        make_assessment(make_organisation(), cycle, status=AssessmentStatus.SUBMITTED)
    make_assessment(make_organisation(), cycle)
    db_session.commit()
    auth.login("sec@example.cn")
    assert services.assessment_counts(cycle) == {"submitted": 2, "draft": 1}
    page = client.get(f"/cycles/{cycle.id}").get_data(as_text=True)
    text = " ".join(re.sub(r"<[^>]+>", "", page).split())  # the counts are links to the list
    assert "已提交 2 份" in text
    assert "草稿 1 份" in text


def test_closing_again_after_a_reopen_freezes_afresh(db_session: Session) -> None:
    cycle = make_cycle(year=2025)
    assessment = make_assessment(
        make_organisation(), cycle, status=AssessmentStatus.SUBMITTED, rubric_sha256=_MINI_SHA256
    )
    assert services.close_cycle(cycle, None) == 1
    first = find_snapshot(assessment, SnapshotKind.FROZEN)
    assert first is not None
    first_at = first.computed_at
    services.reopen_cycle(cycle, "更正数据", None)
    assert services.close_cycle(cycle, None) == 1
    again = find_snapshot(assessment, SnapshotKind.FROZEN)
    assert again is not None
    assert again.id == first.id
    assert again.computed_at >= first_at
    assert snapshot_scorecard(again).rubric_key == "mini-company@1"


def test_a_year_that_is_not_a_number_gets_one_message(
    client: FlaskClient, db_session: Session, auth: AuthActions, rubrics_dir: Path
) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    page = client.post("/cycles/new", data=_open_form(year="abc")).get_data(as_text=True)
    assert "年度：" in page  # the field named once, with what is wrong
    assert "年度须在 2000 到 2100 之间" not in page


def test_a_year_before_every_existing_one_needs_an_explicit_confirmation(
    client: FlaskClient, db_session: Session, auth: AuthActions, rubrics_dir: Path
) -> None:
    # QA8 S1: 2022 was opened beside 2023-2025 without a word; a cycle cannot be deleted.
    make_secretariat(email="sec@example.cn")
    latest = beijing_today().year - 1
    make_cycle(year=latest)
    make_cycle(year=latest - 1)
    db_session.commit()
    auth.login("sec@example.cn")
    older = str(latest - 3)
    page = client.post("/cycles/new", data=_open_form(year=older)).get_data(as_text=True)
    assert f"{older} 年度早于所有已有的年度（最早为 {latest - 1} 年度）" in page
    assert 'name="older_confirmed"' in page  # the box appears with the message
    assert f'value="{older}"' in page  # nothing typed is lost
    assert len(db_session.scalars(select(ReportingCycle)).all()) == 2
    client.get("/lang/en")
    english = client.post("/cycles/new", data=_open_form(year=older)).get_data(as_text=True)
    assert f"{older} is earlier than every existing year" in english
    confirmed = client.post("/cycles/new", data=_open_form(year=older, older_confirmed="y"))
    assert confirmed.status_code == 302
    assert len(db_session.scalars(select(ReportingCycle)).all()) == 3


def test_every_problem_of_the_open_form_is_named_at_once(
    client: FlaskClient, db_session: Session, auth: AuthActions, rubrics_dir: Path
) -> None:
    # QA8 S2: an existing year and a past deadline: only the deadline was named, then the
    # year on the next round; the two deadline messages were worded differently.
    make_secretariat(email="sec@example.cn")
    year = beijing_today().year - 1
    make_cycle(year=year)
    db_session.commit()
    auth.login("sec@example.cn")
    page = client.post(
        "/cycles/new", data=_open_form(year=str(year), deadline="2020-01-01")
    ).get_data(as_text=True)
    assert f"{year} 年度的评价周期已经存在" in page
    assert f"截止日期不能早于今天（北京时间 {beijing_today().isoformat()}）" in page
    assert "本年度开启的日期" not in page  # a cycle being opened opens today


@pytest.mark.parametrize(
    ("lang", "said", "wrong"),
    [
        ("zh_CN", "年度关闭时冻结的自评结果恢复为暂定结果", "冻结的结果保留到再次关闭为止"),
        ("en", "go back to provisional", "frozen results are kept until"),
    ],
)
def test_the_reopen_page_says_what_reopening_does_to_frozen_results(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, said: str, wrong: str
) -> None:
    """QA31 S5: reopening makes a self result frozen at the close provisional again."""
    make_secretariat(email="sec@example.cn")
    cycle = make_cycle(year=2025, status=CycleStatus.CLOSED)
    db_session.commit()
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}")
    page = html.unescape(client.get(f"/cycles/{cycle.id}/reopen").get_data(as_text=True))
    assert said in " ".join(page.split())
    assert wrong not in page
