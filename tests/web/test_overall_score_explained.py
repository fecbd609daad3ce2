"""The comparison page and workbook say what the overall self score weighs (qa72 m8).

83.4 overall beside section scores of 91.7-97.3 read as a bug: the KPI performance part
has no column. The note names every part with its weight, read from the rubric.
"""

from __future__ import annotations

import io

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from rcapp.rubrics.model import ComponentSource
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world

START = {
    "zh": "自评得分按评价细则加权：",
    "en": "The overall self score is weighted as the rubric sets: ",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_overall_score_note_names_each_part_and_weight_from_the_rubric(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(1)
    db_session.commit()
    components = rubric_of(world.assessments[0]).rating.components
    assert any(c.source is ComponentSource.KPI_PERFORMANCE for c in components)
    auth.login(world.lead.email)
    auth.choose_language(lang)
    page = client.get(f"/benchmarks/groups/{world.group.id}?cycle={world.cycle.id}")
    text = page.get_data(as_text=True)
    note = text.split('id="overall-note">', 1)[1].split("</p>", 1)[0]
    assert note.startswith(START[lang])
    for c in components:
        weight = format(c.weight * 100, "f").rstrip("0").rstrip(".")
        assert f"{c.label.get(lang)} {weight}%" in note
    url = f"/reports/working-groups/{world.group.id}/side-by-side.xlsx?cycle={world.cycle.id}"
    sheet = load_workbook(io.BytesIO(client.get(url).data)).worksheets[0]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any(START[lang] in cell for cell in cells)  # in the notes line above the header
