"""The finding form's discard says it drops the finding, and asks first (QA, parks review).

A reviewer pressed "放弃这些输入", below her corrective action and above the hidden 记录, for
the form's last button: the finding was cleared with no word. The button now names what it
drops and carries the question the page's dialog asks (forms.js, data-confirm).
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reviews import services
from rcapp.reviews.models import ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world, reviewers_of

WORDS = {
    "zh": (
        "放弃这条发现（不记录）",
        "放弃这条发现？已填写的类型、内容、责任人和完成期限将被清空，不会记录。",
        "请核对后点击下方的“记录”",
    ),
    "en": (
        "Discard this finding (not recorded)",
        "Discard this finding? The type, text, owner and due date you entered will be "
        "cleared and will not be recorded.",
        "check it, then click “Record” below",
    ),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_discard_names_the_finding_and_asks_first(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review = services.assign_reviewers(
        world.assessments[0], ReviewKind.DESK, reviewers_of(world, 0)[:1], world.lead
    )
    db_session.commit()
    mine = review.assignments[0]
    auth.login(mine.reviewer.email)
    client.get(f"/lang/{lang}")
    page = html.unescape(client.get(f"/reviews/assignments/{mine.id}").get_data(as_text=True))
    form = page.split('id="finding-form"')[1].split("</form>")[0]
    button, question, note = WORDS[lang]
    discard = form.split("data-draft-unsaved-discard")[1].split("</button>")[0]
    assert f'data-confirm="{question}"' in discard
    assert "data-confirm-destructive=" in discard
    assert discard.endswith(button)
    assert note in form
    # the form's last button is still the one that records
    assert form.rstrip().endswith("</button>")
    assert form.rsplit("<button", 1)[1].startswith(' type="submit"')
