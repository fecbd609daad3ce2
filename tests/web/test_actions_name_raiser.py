"""The corrective-action list names the reviewer who raised each action.

The reviewed company reads the reviewer's name only (as its findings and the final page's
reviewer line name reviewers: their organisations are never shown to it); the lead and
the secretariat, who assign reviewers from organisations, read the organisation too. The
same on the final page and in the corrective-actions workbook.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.person_names import name_in_pinyin
from rcapp.reviews import reviewing
from rcapp.reviews.models import FindingKind, Review
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world, submit_and_finalise
from tests.web.reports.test_downloads import all_values, workbook

RAISED = {"zh": "提出人：{who}", "en": "Raised by: {who}"}


def _review_with_action(world: ReviewWorld) -> Review:
    review = assign_all(world)[0]
    first = review.assignments[0]
    first.reviewer.name = "林静"
    due = beijing_today() + dt.timedelta(days=60)
    kind, item = FindingKind.CORRECTIVE_ACTION, "MS.G1.1"
    reviewing.add_finding(first, kind, "演练记录缺签字", item, "王工", due, first.reviewer)
    return submit_and_finalise(review, world.lead)


def _raisers(page: str) -> list[str]:
    section = page.split('id="actions"')[1].split("</section>")[0]
    return [
        " ".join(html.unescape(re.sub(r"<[^>]+>", " ", span)).split())
        for span in re.findall(r'<span class="action-raiser">(.*?)</span> ·', section, flags=re.S)
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_company_reads_the_reviewer_the_lead_and_secretariat_also_the_organisation(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review = _review_with_action(world)
    organisation = review.assignments[0].reviewer_organisation
    db_session.commit()
    name = "林静" if lang == "zh" else f"林静 ({name_in_pinyin('林静')})"
    org_name = organisation.display_name(lang)
    with_org = f"{name}（{org_name}）" if lang == "zh" else f"{name} ({org_name})"

    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/reviews/{review.id}/final").get_data(as_text=True)
    assert _raisers(page) == [RAISED[lang].format(who=name)]
    assert org_name not in html.unescape(page.split('id="actions"')[1].split("</section>")[0])
    values = all_values(workbook(client.get("/reports/corrective-actions.xlsx").data))
    assert name in values
    assert with_org not in values
    auth.logout()

    for viewer in (world.lead, world.secretariat):
        auth.login(viewer.email)
        client.get(f"/lang/{lang}")
        page = client.get(f"/reviews/{review.id}/final").get_data(as_text=True)
        assert _raisers(page) == [RAISED[lang].format(who=with_org)]
        values = all_values(workbook(client.get("/reports/corrective-actions.xlsx").data))
        assert with_org in values
        auth.logout()
