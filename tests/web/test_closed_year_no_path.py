"""A closed year's frozen result offers no improvement path (qa38 S8).

The 2024 result page and its scorecard PDF listed 提升路径 (items to raise) for a year whose
answers can no longer change. A frozen result now says so instead, on the page and in the
scorecard; an open year's result keeps its path.
"""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.cycles import services as cycle_services
from rcapp.reports.documents import scorecard_html
from tests.conftest import AuthActions
from tests.factories import make_world, submitted_assessment

PATH = "以最少的评价项提升满足下一星级的分数条件"
PDF_PATH = '<table class="path">'
FROZEN = "本年度已关闭，结果已冻结，评价项不能再修改：不再列出提升路径。"


def test_the_path_is_left_out_once_the_year_is_closed(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.user_a.email)
    open_page = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    assert PATH in open_page  # the open year's result has a path to the next star
    assert FROZEN not in open_page
    assert PDF_PATH in scorecard_html(assessment, "zh")

    cycle_services.close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    closed_page = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    assert PATH not in closed_page
    assert FROZEN in closed_page
    document = scorecard_html(assessment, "zh")
    assert PDF_PATH not in document
    assert FROZEN in document
    client.get("/lang/en")
    english = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    assert "no improvement path is listed" in english
