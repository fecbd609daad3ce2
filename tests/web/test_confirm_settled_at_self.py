"""The finalise confirmation repeats the map's warning on actions settled at self level.

QA grouprun 4: the map warned that a corrective action on an item settled at the
organisation's own level still goes out as a task, the confirmation page listed it without
a word; after an upheld appeal the company got an action the appeal had shown unneeded.
The lead now sees the warning where she confirms and drops the action on the map first.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from rcapp.reviews import settling
from rcapp.reviews.consolidation import self_verdicts
from rcapp.reviews.finalcard import self_scorecard
from rcapp.reviews.finding_gone import finding_stamp
from rcapp.reviews.models import ActionStatus
from tests.conftest import AuthActions
from tests.web.test_appeal_rereview_state import _upheld

ITEM = "C1.E1.1"
WARNING = {"zh": "已裁定为单位的自评等级", "en": "settled at the organisation's own level"}
AFTER_APPEAL = {"zh": "申诉成立后重新定级", "en": "Rating again after an upheld appeal"}


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_confirmation_warns_then_the_dropped_action_is_not_sent_again(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, review, done, still_open = _upheld(db_session)
    own = self_verdicts(self_scorecard(review.assessment, rubric_of(review.assessment)))[ITEM]
    settling.settle_item(review, ITEM, own, "申诉材料齐全", world.lead)  # at the self level now
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/reviews/{review.id}/finalise").get_data(as_text=True)
    warned = _text(page.split('id="settled-at-self"')[1].split("</div>")[0])
    assert WARNING[lang] in warned
    assert AFTER_APPEAL[lang] in warned
    assert f'id="sent-{still_open.id}" class="attention"' in page
    assert f'id="sent-{done.id}" class="attention"' not in page  # accepted: done already
    dropped = client.post(
        f"/reviews/{review.id}/findings/{still_open.id}/drop",
        data={
            f"drop-{still_open.id}-reason": "申诉表明无需整改",
            f"drop-{still_open.id}-seen": finding_stamp(still_open),
        },
    )
    assert dropped.status_code == 302
    page = client.get(f"/reviews/{review.id}/finalise").get_data(as_text=True)
    assert 'id="settled-at-self"' not in page
    db_session.expire_all()
    assert still_open.is_dropped
    assert still_open.action_status is not ActionStatus.OPEN  # no longer a task to do
