"""The group's members workbook says each member's progress in the year (qa72 m6).

It had only name, kind, credit code, region and commitment: useless for the "who submitted"
part of the group's summary. It now adds the status, the submission time and the
self-assessed and final stars, as the progress page and the result pages say them.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import make_organisation
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise
from tests.web.reports.test_downloads import workbook

HEADER = {
    "zh": ("状态", "提交时间（北京时间）", "自评星级", "最终星级"),
    "en": ("Status", "Submitted at (Beijing time)", "Self-assessed stars", "Final stars"),
}
WORDS = {
    "zh": {"submitted": "已提交", "not_started": "未开始", "not_rated": "未评定"},
    "en": {"submitted": "Submitted", "not_started": "Not started", "not_rated": "Not rated"},
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_members_workbook_has_status_submission_and_both_stars(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5, unmet=[1])
    reviews = assign_all(world)
    submit_and_finalise(reviews[0], world.lead)
    idle = make_organisation(commitment_status=CommitmentStatus.SIGNED)
    world.group.organisations.append(idle)
    db_session.commit()
    auth.login(world.lead.email)
    auth.choose_language(lang)
    url = f"/reports/working-groups/{world.group.id}/members.xlsx?cycle={world.cycle.id}"
    sheet = workbook(client.get(url).data).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header_at = next(i for i, r in enumerate(rows) if r[0] in ("名称", "Name"))
    header = rows[header_at]
    assert tuple(header[5:9]) == HEADER[lang]
    by_name = {r[0]: r[5:9] for r in rows[header_at + 1 :] if r[0]}
    words = WORDS[lang]

    final = by_name[world.companies[0].display_name(lang)]
    assert final[0] == words["submitted"]
    assert final[1] is not None  # the submission time, a date cell
    assert final[2] == world.assessments[0].stars
    assert final[3] == reviews[0].final_stars
    unmet = by_name[world.companies[1].display_name(lang)]
    assert unmet[2] == words["not_rated"]
    assert unmet[3] is None  # no review finished: no final stars yet
    assert by_name[idle.display_name(lang)] == [words["not_started"], None, None, None]
