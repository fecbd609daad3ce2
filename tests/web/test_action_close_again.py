"""Closing a sent-back corrective action again starts from what was given last time.

The evidence box holds the evidence the lead sent back (editable), says so beside it in the
page's language; the earlier file stays in sight with the keep/drop choice (kept unless
dropped), and the lead's reason sits right above the box (actionfix #1: the box came back
empty and the evidence had to be typed again).
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reviews import settling
from rcapp.reviews.models import ActionStatus
from tests.conftest import AuthActions
from tests.web.test_action_evidence_file import _close, _final_with_action, _sent_back_with_file

NOTE = {"zh": "已填入上次提交的说明，可修改。", "en": "Filled in with the evidence you gave last"}
REASON = "签字页缺失"
EVIDENCE = "已组织演练，见记录"  # what _close sent


def _page(client: FlaskClient, review_id: int, lang: str) -> str:
    client.get(f"/lang/{lang}")
    return html.unescape(client.get(f"/reviews/{review_id}/final").get_data(as_text=True))


def _box(page: str, finding_id: int) -> str:
    box = rf'<textarea[^>]*name="c-{finding_id}-evidence"[^>]*>(.*?)</textarea>'
    found = re.search(box, page, re.S)
    assert found is not None
    return found.group(1).strip()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_box_holds_the_evidence_sent_back_with_the_reason_right_above(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    _world, finding = _sent_back_with_file(client, db_session, auth)

    page = _page(client, finding.review_id, lang)

    assert _box(page, finding.id) == EVIDENCE
    assert NOTE[lang] in page
    # the earlier file in sight, kept unless she drops it
    assert f'href="/reviews/findings/{finding.id}/evidence">evid.pdf</a>' in page
    assert re.search(r'value="keep"[^>]*checked|checked[^>]*value="keep"', page)
    # what was not accepted, then the lead's reason, then the box
    form_at = page.index(f'id="close-{finding.id}"')
    reason_at = page.index(REASON)
    assert page.index("evid.pdf</a>") < reason_at < form_at


def test_the_prefilled_evidence_closes_the_action_again_as_changed(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, finding = _sent_back_with_file(client, db_session, auth)
    changed = EVIDENCE + "；补签的签字页已上传"

    response = client.post(
        f"/reviews/findings/{finding.id}/close",
        data={f"c-{finding.id}-evidence": changed, f"c-{finding.id}-earlier_file": "keep"},
    )

    assert response.status_code == 302
    db_session.expire_all()
    assert finding.action_status is ActionStatus.CLOSED
    assert (finding.closing_evidence, finding.closing_file_name) == (changed, "evid.pdf")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_first_closing_and_a_closed_action_have_no_prefill(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, finding = _final_with_action(db_session)
    auth.login(world.members[0].email)

    first = _page(client, finding.review_id, lang)
    assert _box(first, finding.id) == ""
    assert NOTE[lang] not in first

    _close(client, finding, "evid.pdf", b"%PDF-1.4\n%%EOF\n")
    settling.accept_action(finding, False, world.lead, REASON)
    settling.close_action(finding, "第二次的说明", world.members[0])
    db_session.commit()
    closed = _page(client, finding.review_id, lang)
    assert f'name="c-{finding.id}-evidence"' not in closed  # closed: no box to fill
    assert NOTE[lang] not in closed


REMOVED = {
    "zh": ("所选文件“全厂扫描件.pdf”超过 20 MB 的上限，已去掉，没有上传", "请说明整改证据。"),
    "en": ("The file you chose, “全厂扫描件.pdf”, is larger than the 20 MB limit", "Please"),
}
ASKED = {
    "zh": "所选文件“全厂扫描件.pdf”已去掉，没有上传。不附此文件关闭整改项吗？",
    "en": "The file you chose, “全厂扫描件.pdf”, was taken out and not uploaded. Close the",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_refused_closing_still_says_the_file_chosen_was_taken_out(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    """The page took a 22 MB scan out (evidence-upload.js), the form came back refused: the
    box says so again and the button still asks before closing without it (actionfix #2)."""
    world, finding = _final_with_action(db_session)
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")
    note, refused = REMOVED[lang]

    response = client.post(
        f"/reviews/findings/{finding.id}/close",
        data={f"c-{finding.id}-evidence": " ", f"c-{finding.id}-removed_file": "全厂扫描件.pdf"},
    )

    page = html.unescape(response.get_data(as_text=True))
    assert refused in page
    problem = re.search(rf'id="c-{finding.id}-evidence_file-problem"[^>]*>([^<]*)<', page)
    assert problem is not None
    assert note in problem.group(1)
    assert f'name="c-{finding.id}-removed_file" type="hidden" value="全厂扫描件.pdf"' in page
    button = re.search(
        r'<button type="submit" class="secondary"([^>]*)>',
        page.split(f'id="close-{finding.id}"')[1],
    )
    assert button is not None
    assert ASKED[lang] in button.group(1)
    db_session.expire_all()
    assert finding.action_status is ActionStatus.OPEN
    # Not taken out: the button goes without the question, the box without the note.
    fresh = _page(client, finding.review_id, lang)
    assert ASKED[lang] not in fresh
    assert note not in fresh
