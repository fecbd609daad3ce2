"""A section of an earlier year that does not compare is also shown like for like: scored
in both years on the items the rubric kept unchanged only, labelled as not the section score.

2024 is rc-company version 1, 2025 version 2 (tests.web.test_rubric_changes_since_last_year):
MS.G1.1 and MS.G1.2 are unchanged; MS.G4.3 was merged in version 2, so its answer never
counts. The management system has 12 elements; on the unchanged items MS.G1.1 at level 1
gives 25 / 3 / 12 = 0.7 and MS.G1.1 and MS.G1.2 at level 1 give 1.4.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from tests.conftest import AuthActions
from tests.web.test_rubric_changes_since_last_year import real_rubrics, second_year

__all__ = ["real_rubrics"]  # the fixture, used by name

WORDS = {
    "zh_CN": (
        "可比条目（34 项，不是板块得分）：2024 年 0.7 分 → 2025 年 1.4 分（暂定）",
        "它不是板块得分，不计入总分和星级",
    ),
    "en": (
        "Unchanged items only (34 items; not the section score): 2024 0.7 → 2025 1.4 (provisional)",
        "it is not the section score and counts towards neither the overall score nor the stars",
    ),
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_section_that_does_not_compare_is_shown_on_its_unchanged_items(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None, lang: str
) -> None:
    user, _last, current = second_year(db_session)
    services.save_section(
        current,
        rubric_of(current),
        "MS",
        {
            "MS.G1.1": ItemInput(level="1"),
            "MS.G1.2": ItemInput(level="1"),
            "MS.G4.3": ItemInput(level="4"),  # merged: never counts
        },
        user,
    )
    db_session.commit()
    auth.login(user.email)
    client.get(f"/lang/{lang}?next=/")
    response = client.get(f"/benchmarks/organisations/{current.organisation_id}/years")
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    why = page[page.index('id="incomparable-2024"') :]
    why = why[: why.index("</div>")]
    figures, label = WORDS[lang]
    ms = why[why.index('id="like-2024-MS"') :]
    ms = ms[: ms.index("</span>")]
    assert figures in " ".join(ms.split())
    assert label in why
    # The table (and the chart above it) still say the section does not compare: the figure
    # is not its score. Only what is read counts, not the chart's drawing coordinates.
    table = re.sub(r"<[^>]*>", " ", page[: page.index('id="incomparable-2024"')])
    assert ("不可比" if lang == "zh_CN" else "not comparable") in table
    assert "0.7" not in table
