"""qa62 on peer review: a withdrawn organisation's assessment is no work to do, and a refused
settlement is shown at an address safe to reload.

1. Xiling withdrew its commitment after submitting: the group page still listed it under
   "Assessments without reviewers" with "Assign", and the assign page said nothing. The
   year's counts leave it out (cycles.participants): it is named apart with the reason, left
   off the lead's to-do, and the assign page warns. Reviews already assigned stay as they are.
3b. A settlement refused (no reason) left the browser at …/items/<item>/settle#row-…: a
   reload re-posted. The page now names the map's own address (forms.js puts it in place).
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.organisations.models import CommitmentStatus
from rcapp.reviews import services as review_services
from rcapp.reviews.models import ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world, reviewers_of
from tests.web.test_review_settle_na_claim import ITEM, _moved

PAUSED = {
    "zh": {
        CommitmentStatus.WITHDRAWN: "承诺已撤回",
        CommitmentStatus.SUSPENDED: "承诺已暂停",
    },
    "en": {
        CommitmentStatus.WITHDRAWN: "Commitment withdrawn",
        CommitmentStatus.SUSPENDED: "Commitment suspended",
    },
}
WARNING = {
    (
        "zh",
        CommitmentStatus.WITHDRAWN,
    ): "该单位的责任关怀承诺已撤回（已退出），不计入本年度的参加单位",
    ("zh", CommitmentStatus.SUSPENDED): "该单位的责任关怀承诺已暂停，不计入本年度的参加单位",
    ("en", CommitmentStatus.WITHDRAWN): "This organisation has withdrawn its Responsible Care "
    "commitment (Withdrawn), so it is not counted among this year’s participants",
    ("en", CommitmentStatus.SUSPENDED): "This organisation’s Responsible Care commitment is "
    "suspended, so it is not counted among this year’s participants",
}
NOT_LISTED = {"zh": "未列入：", "en": "Not listed: "}


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _found(pattern: str, page: str) -> str:
    found = re.search(pattern, page, re.S)
    assert found is not None, pattern
    return found.group(0)


def _section(page: str, heading_id: str) -> str:
    found = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', page, re.S)
    assert found is not None, heading_id
    return found.group(0)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("status", [CommitmentStatus.WITHDRAWN, CommitmentStatus.SUSPENDED])
def test_a_paused_organisation_is_named_apart_not_listed_as_work(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    status: CommitmentStatus,
) -> None:
    world = make_review_world(3)
    gone, waiting, reviewed = world.assessments
    # Reviewed already: stays as it is, withdrawn or not.
    review_services.assign_reviewers(
        reviewed, ReviewKind.DESK, reviewers_of(world, 2)[:1], world.lead
    )
    gone.organisation.commitment_status = status
    reviewed.organisation.commitment_status = status
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    names = {a.id: a.organisation.display_name(lang) for a in world.assessments}

    page = client.get(f"/reviews/groups/{world.group.id}").get_data(as_text=True)
    unassigned = _section(page, "unassigned")
    heading = _text(_found(r"<h2.*?</h2>", unassigned))
    assert heading.endswith("（1）" if lang == "zh" else "(1)")
    links = re.findall(r'<a href="[^"]*/assessments/(\d+)/assign', unassigned)
    assert links == [str(waiting.id)]
    note = _text(_found(r'<p class="help" id="paused-unassigned">.*?</p>', unassigned))
    assert note.startswith(NOT_LISTED[lang] + names[gone.id])
    assert PAUSED[lang][status] in note
    assert names[reviewed.id] not in note  # its review goes on as assigned
    # The table still offers it, marked: a lead may review it all the same.
    table = _section(page, "all")
    row = next(r for r in re.findall(r"<tr>.*?</tr>", table, re.S) if names[gone.id] in r)
    assert PAUSED[lang][status] in _text(row)
    assert f"/assessments/{gone.id}/assign" in row

    home = client.get("/").get_data(as_text=True)
    assert f"/assessments/{waiting.id}/assign" in home
    assert f"/assessments/{gone.id}/assign" not in home

    assign = client.get(f"/reviews/assessments/{gone.id}/assign").get_data(as_text=True)
    warning = re.search(r'<p[^>]*id="commitment-paused">(.*?)</p>', assign, re.S)
    assert warning is not None
    assert _text(warning.group(1)).startswith(WARNING[lang, status])
    plain = client.get(f"/reviews/assessments/{waiting.id}/assign").get_data(as_text=True)
    assert 'id="commitment-paused"' not in plain


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_refused_settlement_keeps_the_input_at_the_maps_own_address(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review = _moved(world, is_na=False)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")

    response = client.post(
        f"/reviews/{review.id}/items/{ITEM}/settle",
        data={f"s-{ITEM}-level": "2", f"s-{ITEM}-reason": ""},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    url = re.search(r'<body[^>]* data-page-url="([^"]*)"', page)
    assert url is not None
    assert html.unescape(url.group(1)) == f"/reviews/{review.id}/consolidate#row-{ITEM}"
    select = re.search(rf'<select[^>]* id="s-{ITEM}-level".*?</select>', page, re.S)
    assert select is not None
    assert '<option selected value="2">' in select.group(0)  # the level chosen, kept
    assert ("请填写裁定理由" if lang == "zh" else "reason") in page

    # Settled, the map shows the level settled in the item's form.
    client.post(
        f"/reviews/{review.id}/items/{ITEM}/settle",
        data={f"s-{ITEM}-level": "2", f"s-{ITEM}-reason": "记录齐全"},
    )
    shown = client.get(f"/reviews/{review.id}/consolidate")
    assert "data-page-url" not in shown.get_data(as_text=True)
    select = re.search(
        rf'<select[^>]* id="s-{ITEM}-level".*?</select>', shown.get_data(as_text=True), re.S
    )
    assert select is not None
    assert '<option selected value="2">' in select.group(0)
