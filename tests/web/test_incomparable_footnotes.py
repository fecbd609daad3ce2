""" "不可比" says why in a note under its table, reached by a link (not a title= tooltip).

A tooltip shows only to a mouse: a phone or a keyboard never reached the reason. Each
"不可比" on the KPI page and on year over year (KPI rows, target base values) is a link
with a footnote marker to a note under the table, in the user's language.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.test_rubric_changes_since_last_year import real_rubrics
from tests.web.test_target_incomparable_marked import _stored

__all__ = ["real_rubrics"]  # the fixture, used by name

NOT_COMPARABLE = {"zh_CN": "不可比", "en": "not comparable"}
KPI_WHY = {
    "zh_CN": "上一年度的评价细则对此指标的定义（公式或数据项）与本年度不同",
    "en": "Last year's rubric version defined this KPI otherwise",
}
YEARS_KPI_WHY = {
    "zh_CN": "该年度的评价细则对此指标的定义（公式、数据项、数据项的计量单位或工时基数）",
    "en": "That year's rubric version defined this KPI otherwise",
}
BASE_WHY = {
    "zh_CN": "基准年的评价细则对此指标的定义与最新年度不同",
    "en": "The base year's rubric defined this KPI otherwise",
}


def _page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(html.unescape(response.get_data(as_text=True)).split())


def _linked_note(page: str, lang: str) -> list[str]:
    """Each "不可比" cell links to a note on the page; return those notes' texts."""
    assert "title=" not in page.split("<main", 1)[1].split("不可比", 1)[0][-200:]
    ids = re.findall(
        r'<a class="note-ref muted" href="#([\w-]+)" aria-describedby="\1">'
        + re.escape(NOT_COMPARABLE[lang])
        + r'<sup aria-hidden="true">\*</sup></a>',
        page,
    )
    assert ids
    for note_id in set(ids):  # every link lands on something (a note, or the years' list)
        assert f'id="{note_id}"' in page, note_id
    notes = re.findall(r'<p class="help incomparable-note" id="([\w-]+)">(.*?)</p>', page)
    assert {note_id for note_id, _text in notes} <= set(ids)
    return [text for _note_id, text in notes]
    return notes


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_kpi_page_and_year_over_year_link_not_comparable_to_a_note(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None, lang: str
) -> None:
    email, assessment_id, organisation_id, _target = _stored(db_session)
    auth.login(email)
    client.get(f"/lang/{lang}?next=/")

    kpis = _page(client, f"/assessments/{assessment_id}/kpis")
    assert "title=" not in kpis[kpis.index('class="kpi-rates') :].split("</table>", 1)[0]
    notes = _linked_note(kpis, lang)
    assert any(KPI_WHY[lang] in note for note in notes)

    years = _page(client, f"/benchmarks/organisations/{organisation_id}/years")
    notes = _linked_note(years, lang)
    assert any(YEARS_KPI_WHY[lang] in note for note in notes)
    assert any(BASE_WHY[lang] in note for note in notes)
    track = years[years.index('id="target-EN-01-2028"') :]
    assert 'href="#target-base-incomparable"' in track[: track.index("</tr>")]
