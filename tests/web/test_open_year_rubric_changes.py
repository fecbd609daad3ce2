"""Opening a year shows what a rubric version changes and asks before going back to an older one.

QA58 1: choosing 第1版 for parks when 2025 used 第2版 said nothing about the difference and
opened the year on it without a word; the choice cannot be undone.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import Session

import tests.real_rubrics as real_rubrics_module
from rcapp.clock import beijing_today
from rcapp.cycles.models import ReportingCycle
from rcapp.cycles.rubric_choice import part_aspects
from rcapp.rubrics.model import Item, Kpi, Text, VetoRule
from rcapp.rubrics.rubric_diff import Part
from tests.conftest import AuthActions
from tests.factories import make_cycle, make_secretariat

real_rubrics = real_rubrics_module.real_rubrics
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _latest_on_v2() -> int:
    year = beijing_today().year - 2
    make_cycle(
        year=year,
        company_rubric_id="rc-company",
        company_rubric_version=2,
        park_rubric_id="rc-park",
        park_rubric_version=2,
    )
    return year


def _form(year: int, park: str, **more: str) -> dict[str, str]:
    return {
        "year": str(year),
        "company_rubric": "rc-company@2",
        "park_rubric": park,
        "deadline": (beijing_today() + dt.timedelta(days=90)).isoformat(),
        **more,
    }


def test_the_form_names_what_each_version_changes_against_the_latest_year(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    make_secretariat(email="sec@example.cn")
    latest = _latest_on_v2()
    db_session.commit()
    auth.login("sec@example.cn")
    page = html.unescape(client.get("/cycles/new").get_data(as_text=True))
    park = page[page.index('data-rubric-changes="park_rubric"') :]
    assert f"第1版与 {latest} 年度所用的第2版相比：" in park
    assert "这是较早的版本" in park
    assert "删去 3 个评价项" in park
    assert "PK3.E5.1" in park
    assert f"所选版本与 {latest} 年度所用的版本相同。" in park
    client.get("/lang/en")
    english = html.unescape(client.get("/cycles/new").get_data(as_text=True))
    assert f"Version 1 compared with version 2 used for {latest}:" in english
    assert "3 evaluation items removed" in english
    # Veto rules named as the errata word them now (vetowords)
    assert "Production-safety accident of larger grade or above in the park" in english
    assert "or-worse" not in english.lower()


def test_an_older_version_than_the_latest_year_needs_an_explicit_confirmation(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    make_secretariat(email="sec@example.cn")
    latest = _latest_on_v2()
    db_session.commit()
    auth.login("sec@example.cn")
    refused = client.post("/cycles/new", data=_form(latest + 1, "rc-park@1"))
    page = html.unescape(refused.get_data(as_text=True))
    assert "所选的第1版早于最近一个年度所用的第2版" in page
    # The box sits under the park field it applies to, and names the park rubric.
    park = page.index('name="park_rubric"')
    box = page.index('name="older_park_rubric_confirmed"')
    assert park < box < page.index('data-rubric-changes="park_rubric"')
    assert "确认采用比最近一个年度更早的园区评价细则版本" in page
    assert 'name="older_company_rubric_confirmed"' not in page
    assert len(db_session.scalars(select(ReportingCycle)).all()) == 1
    # The newest version needs no box; an older one opens once ticked.
    confirmed = client.post(
        "/cycles/new", data=_form(latest + 1, "rc-park@1", older_park_rubric_confirmed="y")
    )
    assert confirmed.status_code == 302
    opened = db_session.scalars(
        select(ReportingCycle).where(ReportingCycle.year == latest + 1)
    ).one()
    assert opened.park_rubric_version == 1


def test_both_kinds_older_ask_one_box_beside_each_field(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    make_secretariat(email="sec@example.cn")
    latest = _latest_on_v2()
    db_session.commit()
    auth.login("sec@example.cn")
    client.get("/lang/en")
    both = _form(latest + 1, "rc-park@1", company_rubric="rc-company@1")
    page = html.unescape(client.post("/cycles/new", data=both).get_data(as_text=True))
    order = [
        page.index(mark)
        for mark in (
            'name="company_rubric"',
            'name="older_company_rubric_confirmed"',
            'data-rubric-changes="company_rubric"',
            'name="park_rubric"',
            'name="older_park_rubric_confirmed"',
            'data-rubric-changes="park_rubric"',
        )
    ]
    assert order == sorted(order)
    assert "tick “Confirm a company rubric version older than the latest year's”" in page
    assert "tick “Confirm a park rubric version older than the latest year's”" in page
    assert "Once the year is opened, its rubric version cannot be changed." in page
    # Ticking one kind's box opens nothing: the other kind still asks.
    only_park = client.post("/cycles/new", data={**both, "older_park_rubric_confirmed": "y"})
    assert only_park.status_code == 200
    assert len(db_session.scalars(select(ReportingCycle)).all()) == 1


def test_the_latest_years_version_opens_without_the_box(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    make_secretariat(email="sec@example.cn")
    latest = _latest_on_v2()
    db_session.commit()
    auth.login("sec@example.cn")
    assert client.post("/cycles/new", data=_form(latest + 1, "rc-park@2")).status_code == 302


def test_changed_items_and_kpis_say_what_of_them_changed(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    """qa62 #2: "修改 183 个评价项" listed nearly the whole rubric without a word on what."""
    make_secretariat(email="sec@example.cn")
    _latest_on_v2()
    db_session.commit()
    auth.login("sec@example.cn")
    page = html.unescape(client.get("/cycles/new").get_data(as_text=True))
    company = page[page.index('data-rubric-changes="company_rubric"') :]
    company = company[: company.index('data-rubric-changes="park_rubric"')]
    assert "修改 183 个评价项（改动：证据要求 183）" in company
    assert "MS.G1.1" in company
    assert "（改动：证据要求）" in company  # each item's line
    assert "（改动：是否核心指标 " in company  # the KPIs, most frequent first
    assert "“新增”“删去”“修改”均指所选的第1版相对于第2版。" in company
    client.get("/lang/en")
    english = html.unescape(client.get("/cycles/new").get_data(as_text=True))
    assert "(changed: evidence rule 183)" in english
    assert "(changed: evidence rule)" in english


def test_every_field_the_diff_can_name_has_words_in_both_languages(app: Flask) -> None:
    """qa69 #1: the new `same_figure_as` leaked as "（改动：证据要求、same_figure_as）".

    Walks every field the diff compares (all of Item's, Kpi's and VetoRule's but the code it matches
    on), so the next field added to the model fails here instead of showing its key.
    """
    fields = (set(Item.model_fields) | set(Kpi.model_fields) | set(VetoRule.model_fields)) - {"id"}
    for field in sorted(fields):
        part = Part("X", Text(zh="x", en="x"), (field,))
        with app.test_request_context(), force_locale("zh_CN"):
            chinese = part_aspects(part)
        with app.test_request_context(), force_locale("en"):
            english = part_aspects(part)
        # A field without words shows its key: no Chinese in the Chinese page's words.
        assert _HAN.search(chinese), (field, chinese)
        assert english, field
        assert not _HAN.search(english), (field, english)
