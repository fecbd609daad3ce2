"""Who settles a reopened review anew, as the company reads it everywhere (QA57 m4 leftovers).

The result page named the deputy lead (or the secretariat) who runs a re-review, but the
review's final page, its appeal rules and the company's mails still said "the lead will
settle anew". Every such sentence now names the role through the one rereview_runner.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reviews import outcome_mail, settling
from tests.conftest import AuthActions
from tests.web.test_appeal_rereview_state import _upheld
from tests.web.test_reopened_review_everywhere import _run_by_deputy

WORDS = {
    "zh_CN": {
        "reopened": "工作组副组长将重新裁定并重新定级",
        "rules": "由工作组副组长重新裁定相关评价项",
        "decided": "工作组副组长将重新裁定并定级",
        "rerated": "工作组副组长已重新评审并定级",
        "resettled": "工作组副组长重新裁定了下列评价项",
        "lead": "：组长将",
    },
    "en": {
        "reopened": "the deputy lead will settle and rate it anew",
        "rules": "the deputy lead settles the items concerned again",
        "decided": "the deputy lead will settle the items again",
        "rerated": "the deputy lead has reviewed it again",
        "resettled": "the deputy lead settled these items again",
        "lead": "the lead will",
    },
}


def _text(body: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_company_reads_the_deputy_who_runs_the_re_review_on_its_page_and_mails(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, review, _done, _open = _upheld(db_session)
    _own_lead, deputy = _run_by_deputy(world)
    company = world.members[0]
    company.language = lang
    db_session.commit()
    words = WORDS[lang]
    auth.login(company.email)
    client.get(f"/lang/{lang}")

    reopened = _text(client.get(f"/reviews/{review.id}/final").get_data(as_text=True))
    assert words["reopened"] in reopened
    assert words["rules"] in reopened
    assert words["lead"] not in reopened

    decided = outcome_mail.queue_appeal_decided_notice(review.appeals[-1], world.secretariat)
    (mail,) = [m for m in decided if m.to_address == company.email]
    assert words["decided"] in " ".join(mail.body.split())

    settling.settle_item(review, "C1.E1.1", 3, "演练记录齐全", deputy)
    card = settling.finalise_review(review, 30, deputy, reason="申诉后重新定级")
    rerated = outcome_mail.queue_final_notice(review, card, deputy)
    (mail,) = [m for m in rerated if m.to_address == company.email]
    assert words["rerated"] in " ".join(mail.body.split())
    db_session.commit()

    final = _text(client.get(f"/reviews/{review.id}/final").get_data(as_text=True))
    assert words["resettled"] in final
    assert words["rules"] in final
