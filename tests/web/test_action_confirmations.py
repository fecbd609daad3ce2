"""qa14 S15 and S12: corrective actions on the review result page.

Closing, accepting as closed and sending back gave no confirmation the user could see (the
message stood at the top of a page opened at the action): the action now says what was just
done. A refused "send back" (no reason) left the browser on the POST's address, where a
reload posted again: the page names its own address for forms.js to put in its place.
One name for accepting a closed action: 确认关闭 / accept as closed, on the button, the
lead's home page and the e-mail subject.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.mail.models import OutboxMessage
from rcapp.reviews import reviewing
from rcapp.reviews.models import Finding, FindingKind, Review
from tests.conftest import AuthActions
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world, submit_and_finalise

DONE = {
    # enwords 8: the flash in the status's words ("Marked done…",
    # 已整改，待工作组组长或副组长确认关闭)
    "zh": (
        "已整改，待工作组组长或副组长确认关闭或退回。",
        "已确认关闭整改项。",
        "整改项已退回继续整改",
    ),
    "en": (
        "Marked done, awaiting the working-group lead or deputy lead, who will accept it as "
        "closed or send it back.",
        "Corrective action accepted as closed.",
        "Corrective action sent back for more work",
    ),
}
ACCEPT = {"zh": "确认关闭", "en": "accept as closed"}


def _finalised(world: ReviewWorld) -> tuple[Review, Finding]:
    review = assign_all(world)[0]
    first = review.assignments[0]
    due = beijing_today() + dt.timedelta(days=30)
    action = reviewing.add_finding(
        first,
        FindingKind.CORRECTIVE_ACTION,
        "演练评估报告缺签字",
        "C1.E1.1",
        "王工",
        due,
        first.reviewer,
    )
    submit_and_finalise(review, world.lead)
    return review, action


def _done(client: FlaskClient, response: object, action: Finding) -> str:
    location = response.headers["Location"]  # type: ignore[attr-defined]
    assert location.endswith(f"?done={action.id}#action-{action.id}"), location
    page = html.unescape(client.get(location).get_data(as_text=True))
    return page.split(f'id="action-done-{action.id}"')[1].split("</p>")[0]


def _close(client: FlaskClient, action: Finding, text: str) -> object:
    field = f"c-{action.id}-evidence"
    return client.post(f"/reviews/findings/{action.id}/close", data={field: text})


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_step_of_a_corrective_action_is_confirmed_beside_it(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review, action = _finalised(world)
    db_session.commit()
    closed, accepted, sent_back = DONE[lang]

    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")
    assert closed in _done(client, _close(client, action, "已签字"), action)
    auth.logout()

    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    reason = {f"r-{action.id}-reason": "签字页不清晰"}
    back = client.post(f"/reviews/findings/{action.id}/accept/0", data=reason)
    assert sent_back in _done(client, back, action)
    auth.logout()

    auth.login(world.members[0].email)
    _close(client, action, "已重新签字")
    auth.logout()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    home = html.unescape(client.get("/").get_data(as_text=True))
    assert ACCEPT[lang] in home.split(f'id="todo-action-{action.id}"')[1].split("</li>")[0]
    assert accepted in _done(client, client.post(f"/reviews/findings/{action.id}/accept/1"), action)
    assert f"/reviews/{review.id}/final" in home


def test_a_refused_send_back_names_the_pages_own_address(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review, action = _finalised(world)
    db_session.commit()
    auth.login(world.members[0].email)
    _close(client, action, "已签字")
    auth.logout()
    auth.login(world.lead.email)

    refused = client.post(
        f"/reviews/findings/{action.id}/accept/0", data={f"r-{action.id}-reason": " "}
    )

    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "请填写退回理由。" in page
    found = re.search(r'<body[^>]* data-page-url="([^"]*)"', page)
    assert found is not None
    assert html.unescape(found.group(1)) == f"/reviews/{review.id}/final"
    assert client.get(f"/reviews/{review.id}/final").status_code == 200
    assert "data-page-url" not in client.get(f"/reviews/{review.id}/final").get_data(as_text=True)


def test_the_mail_subject_names_accepting_as_closed(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    _review, action = _finalised(world)
    db_session.commit()
    auth.login(world.members[0].email)
    _close(client, action, "已签字")

    subjects = [m.subject for m in db_session.query(OutboxMessage).all()]
    assert any(s.startswith("整改项待确认关闭：") for s in subjects), subjects
