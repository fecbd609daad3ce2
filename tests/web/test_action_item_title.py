"""An English reader of corrective actions (QA: the English-only EHS director).

The result page and the company's home to-do named an action's item by its code only
("C1.E1.1") while the export and the mails give its title: both pages now show the title
in the page's language. Filing an appeal asks first (it can be filed once per final
rating), and the phone's "earlier evidence file" choice is a fieldset of radio + label
lines with "keep" chosen, the step that loses nothing.
"""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reviews.models import ActionStatus
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world
from tests.web.test_action_evidence_file import _sent_back_with_file
from tests.web.test_home_company_actions import _finalised, _line, _text

TITLE = {
    "zh": "评价项：每年至少一次综合演练并评估",
    "en": "Item: At least one full-scale drill a year, evaluated",
}


def _plain(html: str) -> str:
    return " ".join(_text(html).replace("&#39;", "'").split())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_actions_item_title_is_on_the_result_page_and_the_home_to_do(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review, overdue, _ = _finalised(world)  # `overdue` is on C1.E1.1
    db_session.commit()
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")

    home = client.get("/").get_data(as_text=True)
    assert TITLE[lang] in _plain(_line(home, f"todo-own-action-{overdue.id}"))
    final = client.get(f"/reviews/{review.id}/final").get_data(as_text=True)
    action = final.split(f'id="action-{overdue.id}"')[1]
    block = action.split('class="muted action-item">')[1].split("</p>")[0]
    assert _plain(block) == TITLE[lang]


@pytest.mark.parametrize(
    ("lang", "question"),
    [
        ("zh", "每个最终评级只能申诉一次，本次最终评级提出后不能再次申诉。确定提出申诉？"),
        ("en", "A final rating can be appealed only once, so no further appeal will be"),
    ],
)
def test_filing_an_appeal_asks_first(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, question: str
) -> None:
    world = make_review_world(5)
    review, _, _ = _finalised(world)
    db_session.commit()
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/reviews/{review.id}/final").get_data(as_text=True)
    form = page.split('id="appeal-form"')[1].split("</form>")[0]
    button = re.search(r"<button[^>]*data-confirm=\"([^\"]+)\"", form)
    assert button is not None
    assert question in button.group(1).replace("&#39;", "'")


def test_the_earlier_file_choice_is_one_line_each_and_keeps_the_file_by_default(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _, finding = _sent_back_with_file(client, db_session, auth)
    page = client.get(f"/reviews/{finding.review_id}/final").get_data(as_text=True)
    form = page.split(f'id="close-{finding.id}"')[1].split("</form>")[0]
    choice = form.split(f'id="c-{finding.id}-earlier_file"')[1].split("</fieldset>")[0]
    assert "<li" not in choice  # not a bulleted list
    assert "<legend>此前提交的证据文件" in choice
    labels = re.findall(r'<label class="level-choice"><input ([^>]*)> ([^<]+)</label>', choice)
    assert [(text, "checked" in attrs) for attrs, text in labels] == [
        ("继续附上此前的文件", True),
        ("不再附上此前的文件", False),
    ]
    # The form as shown, sent: the file the lead did not accept stays (nothing is deleted).
    sent = client.post(
        f"/reviews/findings/{finding.id}/close",
        data={f"c-{finding.id}-evidence": "补签后的记录", f"c-{finding.id}-earlier_file": "keep"},
    )
    assert sent.status_code == 302
    db_session.refresh(finding)
    assert (finding.action_status, finding.closing_file_name) == (ActionStatus.CLOSED, "evid.pdf")


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "zh",
            "此前提交的文件 evid.pdf 随整改被退回，未被接受。不上传新文件时，它将继续附上；"
            "如不需要，请改选“不再附上此前的文件”。上传新文件则替换它。",
        ),
        (
            "en",
            "The earlier file evid.pdf was sent back with the action, not accepted."
            " Without a new file it stays attached; if it is not wanted, choose “No longer"
            " attach the earlier file”. A new file replaces it.",
        ),
    ],
)
def test_the_earlier_file_help_says_it_stays_attached_as_chosen(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, said: str
) -> None:
    """ "Keep" is chosen already: the help no longer asks to choose, it says what happens."""
    _world, finding = _sent_back_with_file(client, db_session, auth)
    client.get(f"/lang/{lang}")
    page = client.get(f"/reviews/{finding.review_id}/final").get_data(as_text=True)
    form = page.split(f'id="close-{finding.id}"')[1].split("</form>")[0]
    help_text = form.split(f'id="c-{finding.id}-earlier_file-help"')[1].split("</p>")[0]
    assert _plain(help_text.split(">", 1)[1]) == said
    assert "choose whether" not in help_text
    assert "请选择是否" not in help_text
