"""A member's benchmark pages opened by someone not of that organisation (QA14 S8).

The lead opening a member's page read "Your position in each of your peer groups", a column
"My organisation", and was told to "add them on the assessment's KPI page".
"""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.benchmarks.services import compute_benchmarks
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world


def _pages(client: FlaskClient, organisation_id: int) -> str:
    position = client.get(f"/benchmarks/organisations/{organisation_id}")
    years = client.get(f"/benchmarks/organisations/{organisation_id}/years")
    assert position.status_code == years.status_code == 200
    # <main> only: the navigation bar links the viewer's own organisation as "My organisation"
    return "".join(r.get_data(as_text=True).split("<main", 1)[1] for r in (position, years))


def test_a_lead_reads_this_organisation_not_yours(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    member = world.companies[0].id
    auth.login(world.lead.email)
    page = _pages(client, member)
    assert "该单位在各同行组中的位置" in page
    assert "本单位在各同行组中的位置" not in page
    assert ">该单位</th>" in page
    assert "该单位尚未设定自身的绩效指标目标。" in page
    client.get("/lang/en")
    page = _pages(client, member)
    assert "This organisation's position in each of its peer groups" in page
    assert ">This organisation</th>" in page
    assert "This organisation has set no own KPI targets yet." in page
    for own_words in ("Your position", "My organisation", "add them on", "worse than yours"):
        assert own_words not in page


def test_a_member_still_reads_its_own_organisation(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    auth.login(world.members[0].email)
    client.get("/lang/en")
    page = _pages(client, world.companies[0].id)
    assert "Your position in each of your peer groups" in page
    assert ">My organisation</th>" in page
    assert 'id="targets-where"' in page  # where its targets are set (target_words)
