"""A settlement names who settled it in their role: the lead, a deputy lead or the secretariat.

A deputy's settlement read "组长裁定" (the lead's ruling) on the final page and the
discrepancy map named nobody; both now say 组长 / 副组长 / 秘书处 and the person's name.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.assessments.queries import rubric_of
from rcapp.reviews import reviewing, settling
from rcapp.reviews.models import Decision, Review, ReviewKind
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_organisation, make_user
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world

DEPUTY = "钱副组长"


def _flagged(world: ReviewWorld) -> Review:
    """A desk review whose reviewer moved MS.G1.1 from 4 to 1: an item to settle."""
    review = assign_all(world, ReviewKind.DESK)[0]
    first = review.assignments[0]
    item = rubric_of(review.assessment).item_index()["MS.G1.1"]
    reviewing.save_decision(first, item, False, Decision.ADJUST, 1, "无签字", first.reviewer)
    reviewing.accept_remaining(first, list(review.sample), set(), first.reviewer)
    reviewing.submit_assignment(first, first.reviewer)
    return review


def _settle_cell(page: str, item_id: str) -> str:
    row = page.split(f'id="row-{item_id}"')[1].split("</tr>")[0]
    return html.unescape(row.split('<td class="settle">')[1])


@pytest.mark.parametrize(
    ("lang", "deputy_words", "lead_words"),
    [
        ("zh", "副组长裁定（", "组长裁定（"),
        ("en", "Settled by the deputy lead, ", "Settled by the lead, "),  # no "(x (y))"
    ],
)
def test_a_deputys_settlement_names_the_deputy_on_the_map_and_the_final_page(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    deputy_words: str,
    lead_words: str,
) -> None:
    world = make_review_world(5)
    deputy = make_user(make_organisation(), name=DEPUTY)
    make_group_role(deputy, world.group, GroupRole.DEPUTY)
    review = _flagged(world)
    settling.settle_item(review, "MS.G1.1", 2, "核实签字页", deputy)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    cell = _settle_cell(
        client.get(f"/reviews/{review.id}/consolidate").get_data(as_text=True), "MS.G1.1"
    )
    assert deputy_words in cell
    assert DEPUTY in cell
    settling.finalise_review(review, 30, world.lead)
    db_session.commit()
    final = html.unescape(client.get(f"/reviews/{review.id}/final").get_data(as_text=True))
    assert deputy_words in final
    assert DEPUTY in final
    if lang == "zh":  # nowhere the lead's ruling
        assert final.count("组长裁定（") == final.count("副组长裁定（")
    else:
        assert lead_words not in final


def test_the_leads_own_settlement_reads_as_the_leads(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = _flagged(world)
    settling.settle_item(review, "MS.G1.1", 2, "核实签字页", world.lead)
    db_session.commit()
    auth.login(world.lead.email)
    cell = _settle_cell(
        client.get(f"/reviews/{review.id}/consolidate").get_data(as_text=True), "MS.G1.1"
    )
    assert "组长裁定（" in cell
    assert "副组长" not in cell
    assert world.lead.name in cell
