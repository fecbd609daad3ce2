"""The side-by-side of a closed year words an unfinished review as the year's list does.

A review reopened by an upheld appeal and not rated again when the year closed can never
finish; the year list says 评审未完成（年度关闭时冻结）, the lead's side-by-side said 评审中 /
In review. Both pages (and the workbook, which reads the same table) now use the list's words.
"""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.cycles import services as cycle_services
from rcapp.reviews import settling
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise


def _row(page: str, name: str) -> str:
    return next(r for r in page.split("<tbody>", 1)[1].split("<tr>") if f">{name}</a>" in r)


def test_a_closed_years_reopened_review_is_not_in_review_on_the_side_by_side(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    submit_and_finalise(review, world.lead)
    assert review.appeal_until is not None
    appeal = settling.file_appeal(review, "评级有误", review.appeal_until, world.members[0])
    settling.decide_appeal(appeal, True, "请组长重新裁定", world.secretariat)
    name = review.assessment.organisation.name_zh
    db_session.commit()
    auth.login(world.lead.email)
    url = f"/benchmarks/groups/{world.group.id}?cycle={world.cycle.id}"
    # while open: in review again, as the result page says (QA57 M2)
    assert '<td class="nowrap" data-label="评审">重新评审中</td>' in _row(
        client.get(url).get_data(as_text=True), name
    )

    cycle_services.close_cycle(world.cycle, world.secretariat)
    db_session.commit()
    row = _row(client.get(url).get_data(as_text=True), name)
    assert '<td class="nowrap" data-label="评审">评审未完成（年度关闭时冻结）</td>' in row, row
    client.get("/lang/en")
    english = review.assessment.organisation.display_name("en")
    row = _row(client.get(url).get_data(as_text=True), english)
    assert "Review not finished (frozen at the close)" in row
    assert "In review" not in row
