"""Accepting the rest and the submit refusal say what happened and name the items (qa54 4).

The sampled items are never accepted with the rest: a press that accepted nothing said
nothing about why, and the submit refusal listed forty bare item codes.
"""

from __future__ import annotations

import html
import json
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from rcapp.reviews import reviewer_decisions
from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world
from tests.web.test_review_pages import _assign

ACCEPTED = {
    "zh": ("已接受其余", "抽查的 1 个评价项不在其中：抽查项须逐项给出结论后才能提交评审。"),
    "en": ("Accepted the self-assessed levels of the remaining", "The 1 sampled item is not"),
}
NOTHING = {
    "zh": "没有接受任何评价项：尚未给出结论的 1 个评价项都是抽查项，"
    "抽查项须逐项给出结论，不能一并接受。",
    "en": "Nothing was accepted: the 1 item still undecided is a sampled item",
}
MORE = {"zh": "以及另外 2 项", "en": "and 2 more"}  # five sampled, three named


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_accepting_the_rest_counts_and_says_why_sampled_items_stay(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(3)
    db_session.commit()
    first, _second = _assign(client, auth, world)
    first.review.sample_items = '["MS.G1.1"]'
    db_session.commit()
    auth.login(first.reviewer.email)
    client.get(f"/lang/{lang}")
    url = f"/reviews/assignments/{first.id}/accept-rest"
    page = _text(client.post(url, follow_redirects=True).get_data(as_text=True))
    assert all(words in page for words in ACCEPTED[lang])
    page = _text(client.post(url, follow_redirects=True).get_data(as_text=True))
    assert NOTHING[lang] in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_submit_refusal_names_the_first_items_with_titles_and_counts_the_rest(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(reviewer_decisions, "UNDECIDED_NAMED", 3)  # the test rubric is small
    world = make_review_world(3)
    db_session.commit()
    first, _second = _assign(client, auth, world)
    rubric = rubric_of(first.review.assessment)
    items = [i for _s, _e, i in rubric.iter_items()][:5]
    first.review.sample_items = json.dumps([i.id for i in items])
    db_session.commit()
    auth.login(first.reviewer.email)
    client.get(f"/lang/{lang}")
    page = client.post(f"/reviews/assignments/{first.id}/submit", follow_redirects=True)
    body = page.get_data(as_text=True)
    found = re.search(r'class="flash flash-error"[^>]*>(.*?)</div>', body, flags=re.S)
    assert found is not None
    refusal = found[1]
    # A list, an item a line (qa59 p3): three named, the rest counted on the last line.
    listed = re.search(r"<ul>(.*)</ul>", refusal, flags=re.S)
    assert listed is not None
    lines = re.findall(r"<li>(.*?)</li>", listed[1], flags=re.S)
    assert len(lines) == 4
    links = [re.sub(r'^<a href="[^"]*#[^"]*">([^<]*)</a>$', r"\1", line) for line in lines[:3]]
    assert html.unescape(links[0]).startswith(f"{items[0].id} {items[0].prompt.get(lang)[:8]}")
    assert items[3].id not in refusal
    assert _text(lines[3]) == MORE[lang]
