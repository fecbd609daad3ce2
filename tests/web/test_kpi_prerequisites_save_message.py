"""The KPI and prerequisites pages, saved from their bottom button, say the outcome there too.

As on the section page: the page comes back at the sticky bar at its end (`#kpi-end`,
`#prerequisites-end`), and the bar repeats the page's messages beside the button for the eye
only (aria-hidden), so a screen reader hears them once.
"""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.helpers import member_with_assessment, page_text

SAVED = {"zh": "已保存。", "en": "Saved."}
PAGES = {
    "kpis": ("kpi-end", {"drills__value": "3"}),
    # "否": a "是" without a file adds a warning to the bar (qa64 #6), not what this checks
    "prerequisites": ("prerequisites-end", {"P1__level": "0"}),
}


def _bar(page: str, bar_id: str) -> str:
    found = re.search(rf'<div class="actions sticky-actions" id="{bar_id}">(.*?)</div>', page, re.S)
    assert found is not None, f"no save bar #{bar_id}"
    return found[1]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_save_at_the_bottom_comes_back_to_the_bar_which_says_it_for_the_eye_only(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, name: str
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    client.get(f"/lang/{lang}")
    url = f"/assessments/{assessment.id}/{name}"
    bar_id, data = PAGES[name]
    assert "bar-message" not in _bar(page_text(client, url), bar_id)
    saved = client.post(url, data={**data, "anchor": bar_id})
    assert saved.status_code == 302
    assert saved.headers["Location"].endswith(f"{url}#{bar_id}")  # back where it was pressed
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert f'<div class="flash flash-success" role="status">{SAVED[lang]}</div>' in page
    bar = _bar(page, bar_id)
    assert (
        '<span class="bar-messages" aria-hidden="true"><span class="bar-message'
        f' bar-message-success">{SAVED[lang]}</span></span>'
    ) in bar
    assert "bar-message" not in _bar(page_text(client, url), bar_id)  # said once


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_kpi_bar_shows_its_help_line_until_there_is_a_message(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    client.get(f"/lang/{lang}")
    url = f"/assessments/{assessment.id}/kpis"
    help_line = {"zh": "清空数值即删除该项数据。", "en": "Clearing a value deletes that data."}
    assert f'<span class="help">{help_line[lang]}</span>' in _bar(page_text(client, url), "kpi-end")
    client.post(url, data={"drills__value": "3", "anchor": "kpi-end"})
    assert help_line[lang] not in _bar(page_text(client, url), "kpi-end")


@pytest.mark.parametrize(
    ("name", "data"),
    [("kpis", {"drills__value": "abc"}), ("prerequisites", {"P1__level": "7"})],
)
def test_a_refused_save_says_so_beside_the_bottom_button(
    client: FlaskClient, db_session: Session, auth: AuthActions, name: str, data: dict[str, str]
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/{name}"
    bar_id = PAGES[name][0]
    refused = client.post(url, data={**data, "anchor": bar_id})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    found = re.search(
        r'<span class="bar-message bar-message-error">([^<]+)</span>', _bar(page, bar_id)
    )
    assert found is not None, _bar(page, bar_id)
    top = re.search(r'<div class="flash flash-error"[^>]*>([^<]+)</div>', page)
    assert top is not None
    assert found[1] == top[1]
