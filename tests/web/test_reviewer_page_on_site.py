"""The on-site reviewer's page says what the invitation mail said, and keeps saves in sight.

QA (an on-site review from a phone): the mail named the visit, the due day, the co-reviewer
and the lead to ask; the page only the visit. Recording a finding meant scrolling past the
section and picking the item from ~200 entries; a save's "已保存" stood at the page's top,
out of view where the page jumped to.
"""

from __future__ import annotations

import datetime as dt
import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.i18n import person_text
from rcapp.reviews import services
from rcapp.reviews.assignment_contacts import contacts_of
from rcapp.reviews.assignment_mail import assignment_composer
from rcapp.reviews.models import ReviewAssignment, ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world, reviewers_of

VISIT = beijing_today() + dt.timedelta(days=7)
DUE = beijing_today() + dt.timedelta(days=12)


def _assigned(db_session: Session) -> tuple[ReviewAssignment, ReviewAssignment]:
    world = make_review_world(5)
    review = services.assign_reviewers(
        world.assessments[0],
        ReviewKind.ONSITE,
        reviewers_of(world, 0),
        world.lead,
        dates=services.AssignDates(DUE, VISIT),
    )
    db_session.commit()
    mine, other = review.assignments
    return mine, other


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", ["现场评审日期：", "还剩 12 天", "同组评审员：", "指派人：", "被评审单位："]),
        (
            "en",
            [
                "On-site visit date:",
                "12 days left",
                "Co-reviewers:",
                "Assigned by:",
                "Organisation reviewed:",
            ],
        ),
    ],
)
def test_the_page_names_the_visit_the_due_day_the_colleague_and_the_lead(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: list[str]
) -> None:
    mine, other = _assigned(db_session)
    auth.login(mine.reviewer.email)
    client.get(f"/lang/{lang}")
    page = html.unescape(client.get(f"/reviews/assignments/{mine.id}").get_data(as_text=True))
    block = page.split('id="assignment-contacts"')[1].split("</ul>")[0]
    for word in words:
        assert word in block, word
    assert VISIT.isoformat() in block
    assert DUE.isoformat() in block
    assert other.reviewer.name in block
    lead = mine.review.assessment  # the lead who assigned it, with a mailto link
    assert lead is not None
    assigner = contacts_of(mine).assigner
    assert assigner is not None
    assert f'<a href="mailto:{assigner.email}">{assigner.email}</a>' in block
    assert mine.review.assessment.organisation.display_name(lang) in block
    # The home to-do line: the visit beside the due day.
    home = html.unescape(client.get("/").get_data(as_text=True))
    row = home.split('id="review-todo"')[1].split("</table>")[0]
    assert DUE.isoformat() in row
    assert VISIT.isoformat() in row


def test_the_mail_and_the_page_say_it_in_the_same_words(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    mine, _other = _assigned(db_session)
    auth.login(mine.reviewer.email)
    page = html.unescape(client.get(f"/reviews/assignments/{mine.id}").get_data(as_text=True))
    _subject, body = assignment_composer()(mine.reviewer, mine)
    contacts = contacts_of(mine)
    for line in (contacts.visit_text(), contacts.others_text(), contacts.due_text()):
        assert line in body, line
        assert line in page, line
    assert contacts.assigner is not None
    assert person_text(contacts.assigner.name) in body
    assert contacts.assigner_text() in body


def test_an_items_record_a_finding_link_chooses_the_item_without_script(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    mine, _other = _assigned(db_session)
    auth.login(mine.reviewer.email)
    page = client.get(f"/reviews/assignments/{mine.id}?section=C1").get_data(as_text=True)
    sampled = [i for i in mine.review.sample if i.startswith("C1.")]
    assert sampled
    link = f"/reviews/assignments/{mine.id}?section=C1&amp;finding_item={sampled[0]}#finding-form"
    assert link in page
    chosen = client.get(html.unescape(link).split("#")[0]).get_data(as_text=True)
    form = chosen.split('id="finding-form"')[1].split("</form>")[0]
    assert f'<option selected value="{sampled[0]}">' in form
    # Not an item of the rubric: nothing chosen, no error.
    other = client.get(f"/reviews/assignments/{mine.id}?finding_item=X.9").get_data(as_text=True)
    assert "<option selected" not in other.split('id="finding-form"')[1].split("</form>")[0]


def test_a_saved_item_says_so_where_the_page_comes_back(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    mine, _other = _assigned(db_session)
    auth.login(mine.reviewer.email)
    item_id = "C1.E1.1"
    saved = client.post(
        f"/reviews/assignments/{mine.id}/items/{item_id}", data={f"d-{item_id}-decision": "accept"}
    )
    assert saved.headers["Location"].endswith(f"#item-{item_id}")
    page = html.unescape(client.get(saved.headers["Location"]).get_data(as_text=True))
    item = page.split(f'id="item-{item_id}"')[1].split('class="grid-2"')[0]
    assert "saved-here" in item
    assert f"{item_id} 的评审结论已保存。" in item
    assert f"{item_id} 的评审结论已保存。" not in page.split('id="assignment-contacts"')[0]
    # A finding: at the findings, where the page comes back to.
    recorded = client.post(
        f"/reviews/assignments/{mine.id}/findings?section=C1",
        data={"kind": "strength", "text": "演练记录完整"},
    )
    page = html.unescape(client.get(recorded.headers["Location"]).get_data(as_text=True))
    assert "发现已记录。" in page.split('id="findings-h"')[1].split("</table>")[0]
    assert "发现已记录。" not in page.split('id="findings-h"')[0]
