"""Members' home page says that the latest year's annual report was published.

Company, park, lead and reviewer users had the 年度报告 page but nothing on their home page
told them an edition came out. The panel shows the newest edition in each language of the
latest year that has one (a later closed year without its report yet does not hide it), never
a withdrawn or unpublished one, and costs the page one query.
"""

from __future__ import annotations

import html

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reports import edition_withdrawals, editions, home_panel
from rcapp.reports.models import ReportJob
from tests.conftest import AuthActions
from tests.factories import World, make_world
from tests.web.reports.test_annual_reports_page import _reader
from tests.web.reports.test_editions import closed_world, finished
from tests.web.reports.test_jobs_attention_badge import _statements

PANEL = 'id="home-annual-report"'
WORDS = {
    "zh": {"title": "2025 年度责任关怀报告已发布", "all": "全部年度报告", "edition": "第 {n} 版"},
    "en": {
        "title": "2025 Responsible Care report published",
        "all": "All annual reports",
        "edition": "Edition {n}",
    },
}


def _published(world: World, lang: str = "zh") -> ReportJob:
    job = finished(world, lang=lang)
    editions.publish(job, world.secretariat)
    return job


def _home(client: FlaskClient, auth: AuthActions, email: str, lang: str = "zh") -> str:
    auth.login(email)
    client.get(f"/lang/{lang}")
    return html.unescape(client.get("/").get_data(as_text=True))


def _panel(page: str) -> str:
    start = page.index(PANEL)
    return page[start : page.index("</section>", start)]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("role", ["company", "park", "lead", "reviewer"])
def test_members_see_the_newest_edition_of_each_language(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, role: str
) -> None:
    world = closed_world(db_session)
    first, second = _published(world), _published(world)
    english = _published(world, "en")
    withdrawn = _published(world)  # edition 3, withdrawn: edition 2 is the one in force
    edition_withdrawals.withdraw(withdrawn, world.secretariat, "数字有误")
    reader = _reader(world, role)
    db_session.commit()
    panel = _panel(_home(client, auth, reader.email, lang))
    words = WORDS[lang]
    assert words["title"] in panel
    assert words["edition"].format(n=2) in panel
    assert words["edition"].format(n=1) in panel  # the English one
    assert words["edition"].format(n=3) not in panel
    for shown in (second, english):
        assert f'href="/reports/annual-reports/{shown.id}/download"' in panel
        assert str(shown.result_name) in panel
    for hidden in (first, withdrawn):
        assert f"/reports/annual-reports/{hidden.id}/" not in panel
    assert 'href="/reports/annual-reports"' in panel
    assert words["all"] in panel


def test_nothing_without_a_readable_edition_of_the_latest_closed_year(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = closed_world(db_session)
    finished(world)  # made, not published
    db_session.commit()
    assert PANEL not in _home(client, auth, world.user_a.email)
    only = _published(world)
    edition_withdrawals.withdraw(only, world.secretariat, "数字有误")
    db_session.commit()
    assert PANEL not in _home(client, auth, world.user_a.email)
    _published(world)
    db_session.commit()
    assert PANEL in _home(client, auth, world.user_a.email)
    auth.logout()
    assert PANEL not in _home(client, auth, world.secretariat.email)  # the year page says it


def test_a_year_stays_the_news_until_a_later_years_report_is_published(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = closed_world(db_session)
    _published(world)
    later = make_world(2026)
    later.cycle.status, later.cycle.closed_at = world.cycle.status, world.cycle.closed_at
    db_session.commit()
    # 2026 closed, its report not out yet (it comes months later): 2025's is still the news.
    assert WORDS["zh"]["title"] in _panel(_home(client, auth, world.user_a.email))
    job = finished(later)
    editions.publish(job, later.secretariat)
    db_session.commit()
    panel = _panel(_home(client, auth, world.user_a.email))
    assert "2026 年度责任关怀报告已发布" in panel
    assert f"/reports/annual-reports/{job.id}/download" in panel
    assert "2025" not in panel


def test_the_panel_costs_the_home_page_one_query(
    app: Flask,
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = closed_world(db_session)
    _published(world)
    _published(world, "en")
    db_session.commit()
    auth.login(world.user_a.email)
    client.get("/")  # the first request warms what is kept between requests
    with _statements(app) as shown:
        assert PANEL in client.get("/").get_data(as_text=True)
    monkeypatch.setattr(home_panel, "latest_year_editions", lambda _lang: None)
    with _statements(app) as left_out:
        assert PANEL not in client.get("/").get_data(as_text=True)
    assert len(shown) - len(left_out) == 1
