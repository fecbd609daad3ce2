"""The lead's send-back reason and appeals are marked and noted as reviewers' text is.

Typed in Chinese and shown to an English reader: the `written` filter (lang="zh-CN") and a
note under it, on the company's pages (its home to-do, the result page), the lead's review
page and the secretariat's appeal page. The Chinese interface shows no note.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.reviews import reviewing, settling
from rcapp.reviews.models import FindingKind
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise

LEAD_NOTE = "Written by the lead in Chinese; shown as written."
NOTE = "Written in Chinese; shown as written."
SENT_BACK = "证据照片看不清"
APPEAL = "现场已整改完毕"
DECIDED = "理由成立，重新评审"


def _marked(text: str) -> str:
    return f'<span lang="zh-CN">{text}</span>'


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_send_back_and_appeal_text_is_marked_and_noted_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    reviewing.add_finding(
        review.assignments[0], FindingKind.CORRECTIVE_ACTION, "补齐签字", "C1.E1.1", "王工",
        dt.date(2026, 6, 30), review.assignments[0].reviewer,
    )  # fmt: skip
    submit_and_finalise(review, world.lead)
    member = world.members[0]
    action = review.findings[0]
    settling.close_action(action, "已补签", member)
    settling.accept_action(action, False, world.lead, SENT_BACK)
    appeal = settling.file_appeal(review, APPEAL, beijing_today(), member)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    pages = {"appeals": client.get("/reviews/appeals").get_data(as_text=True)}
    auth.logout()

    auth.login(member.email)
    client.get(f"/lang/{lang}")
    pages["home"] = client.get("/").get_data(as_text=True)
    pages["final"] = client.get(f"/reviews/{review.id}/final").get_data(as_text=True)
    settling.decide_appeal(appeal, True, DECIDED, world.secretariat)
    db_session.commit()
    pages["decided"] = client.get(f"/reviews/{review.id}/final").get_data(as_text=True)
    auth.logout()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    pages["lead"] = client.get(f"/reviews/{review.id}/consolidate").get_data(as_text=True)

    assert _marked(APPEAL) in pages["appeals"]
    assert _marked(SENT_BACK) in pages["home"]
    assert _marked(SENT_BACK) in pages["final"]
    assert _marked(APPEAL) in pages["final"]
    assert _marked(DECIDED) in pages["decided"]
    assert _marked(APPEAL) in pages["lead"]
    assert _marked(DECIDED) in pages["lead"]
    for name, page in pages.items():
        if lang == "en":
            # The appeals everywhere; the home page cannot tell who sent the action back, so
            # its reason is noted without a role (whowrote), the final page names the lead.
            assert NOTE in page, name
            assert (LEAD_NOTE in page) is (name in ("final", "decided")), name
        else:
            assert NOTE not in page
            assert "written-note" not in page.replace("评审员以中文填写", "")
