"""Former names (曾用名): a rename keeps the old name, a typo corrected does not; names then."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.cycles.models import CycleStatus
from rcapp.organisations import services
from rcapp.organisations.former_names import (
    matched_former,
    named_like,
    names_at,
    names_at_close,
)
from rcapp.organisations.import_apply import apply_plan
from rcapp.organisations.import_check import plan_file
from rcapp.organisations.models import FormerName, Organisation
from tests.factories import make_cycle, make_organisation, make_secretariat
from tests.org_import_files import company, filled


@pytest.fixture(autouse=True)
def _chinese(db_session: Session) -> Iterator[None]:
    with force_locale("zh_CN"):
        yield


def _rename(organisation: Organisation, keep: bool = True, **names: str | None) -> list[str]:
    return services.update_organisation(organisation, names, None, keep_former=keep)


def test_a_rename_keeps_the_old_names_with_when_and_who(db_session: Session) -> None:
    org = make_organisation(name_zh="东海化工有限公司", name_en="Donghai Chemicals")
    actor = make_secretariat()
    services.update_organisation(
        org, {"name_zh": "东海新材料有限公司", "name_en": "Donghai Materials"}, actor
    )
    db_session.commit()
    (kept,) = org.former_names
    assert (kept.name_zh, kept.name_en) == ("东海化工有限公司", "Donghai Chemicals")
    assert kept.changed_by_id == actor.id
    assert kept.changed_at <= dt.datetime.now(dt.UTC)
    assert org.name_zh == "东海新材料有限公司"


def test_only_the_name_that_changed_is_kept(db_session: Session) -> None:
    org = make_organisation(name_zh="南通化工有限公司", name_en="Nantong Chem")
    _rename(org, name_en="Nantong Chemicals")
    _rename(org, name_zh="南通新化工有限公司")
    db_session.commit()
    newest, oldest = org.former_names  # newest first
    assert (oldest.name_zh, oldest.name_en) == (None, "Nantong Chem")
    assert (newest.name_zh, newest.name_en) == ("南通化工有限公司", None)


def test_a_typo_corrected_keeps_nothing(db_session: Session) -> None:
    org = make_organisation(name_zh="苏州化公有限公司")
    changed = _rename(org, keep=False, name_zh="苏州化工有限公司")
    db_session.commit()
    assert changed == ["name_zh"]
    assert org.former_names == []


@pytest.mark.parametrize(
    ("before", "after"),
    [(None, "New English Name"), ("Same Name", "Same Name")],
    ids=["english-name-added", "unchanged"],
)
def test_no_name_replaced_keeps_nothing(
    db_session: Session, before: str | None, after: str
) -> None:
    org = make_organisation(name_en=before)
    _rename(org, name_en=after, city="苏州市")
    db_session.commit()
    assert org.former_names == []


def test_the_import_renaming_a_registered_company_keeps_the_old_name(db_session: Session) -> None:
    org = make_organisation(name_zh="旧名化工有限公司")
    db_session.commit()
    rows = [company(name_zh="新名化工有限公司", credit_code=org.credit_code)]
    plan = plan_file(filled(rows))
    assert plan.ok, [p.text() for p in plan.problems]
    apply_plan(plan, None, "list.xlsx")
    db_session.commit()
    db_session.refresh(org)
    assert org.name_zh == "新名化工有限公司"
    assert [f.name_zh for f in org.former_names] == ["旧名化工有限公司"]


def test_a_former_name_finds_the_organisation_and_says_so(db_session: Session) -> None:
    org = make_organisation(name_zh="扬子石化有限公司", name_en="Yangzi Petrochemical")
    _rename(org, name_zh="扬子新材料有限公司", name_en="Yangzi Materials")
    db_session.commit()
    found = db_session.scalars(select(Organisation).where(named_like("扬子石化"))).all()
    assert found == [org]
    assert db_session.scalars(select(Organisation).where(named_like("yangzi petro"))).all() == [org]
    assert matched_former(org, "扬子石化", "zh") == "扬子石化有限公司"
    assert matched_former(org, "petrochemical", "en") == "Yangzi Petrochemical"
    assert matched_former(org, "扬子", "zh") is None  # today's name holds it


def test_a_closed_year_names_the_renamed_as_at_its_close(db_session: Session) -> None:
    closed_at = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    cycle = make_cycle(year=2024, status=CycleStatus.CLOSED, closed_at=closed_at)
    org = make_organisation(name_zh="甲化工有限公司", name_en="Jia Chemicals")
    other = make_organisation(name_zh="乙化工有限公司")
    before_close = FormerName(name_zh="甲化工厂", changed_at=closed_at - dt.timedelta(days=9))
    first_after = FormerName(name_zh="甲化工一厂", changed_at=closed_at + dt.timedelta(days=1))
    later = FormerName(name_zh="甲化工二厂", changed_at=closed_at + dt.timedelta(days=5))
    org.former_names.extend([later, first_after, before_close])
    db_session.commit()
    names = names_at_close(cycle)
    assert names.name(org, "zh") == "甲化工有限公司（原名：甲化工一厂）"
    assert names.name(other, "zh") == "乙化工有限公司"
    # English: the English name did not change, so nothing to tie up
    assert names.name(org, "en") == "Jia Chemicals"
    assert names_at(closed_at - dt.timedelta(days=30)).name(org, "zh") == (
        "甲化工有限公司（原名：甲化工厂）"
    )
    open_year = make_cycle(year=2025)
    assert names_at_close(open_year).name(org, "zh") == "甲化工有限公司"


def test_english_says_formerly(db_session: Session) -> None:
    cycle = make_cycle(
        year=2024, status=CycleStatus.CLOSED, closed_at=dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    )
    org = make_organisation(name_zh="丙化工有限公司", name_en="Bing Chemicals")
    _rename(org, name_en="Bing Materials")
    db_session.commit()
    with force_locale("en"):
        assert names_at_close(cycle).name(org, "en") == "Bing Materials (formerly Bing Chemicals)"
