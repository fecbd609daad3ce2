"""English pages give a Chinese personal name its pinyin beside it (qa54 7).

Users have one name, typed in Chinese; an English-speaking lead could not read the
reviewers' names. Without an English name to store (no migration), the page shows the
name's pinyin: "黄磊 (Huang Lei)"; Chinese pages show the name alone.
"""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole
from rcapp.person_names import name_in_pinyin
from rcapp.reviews import reviewing
from rcapp.reviews.errors import ConflictOfInterest
from rcapp.reviews.messages import refusal_text
from rcapp.reviews.models import Review
from rcapp.reviews.rules import Conflict
from tests.conftest import AuthActions
from tests.factories import make_group_role, make_organisation, make_user
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world


@pytest.mark.parametrize(
    ("name", "pinyin"),
    [
        ("黄磊", "Huang Lei"),
        ("朱丽华", "Zhu Lihua"),
        ("曾国藩", "Zeng Guofan"),  # a surname read as a surname, not as the word (ceng)
        ("单田芳", "Shan Tianfang"),
        ("欧阳娜娜", "Ouyang Nana"),  # a two-character surname stays one word
        ("王西安", "Wang Xi'an"),
        ("John Smith", ""),  # written as its owner reads it already
        ("王 芳", ""),
        ("李", ""),
        ("评审员0", ""),
    ],
)
def test_a_chinese_name_in_pinyin(name: str, pinyin: str) -> None:
    assert name_in_pinyin(name) == pinyin


@pytest.mark.parametrize(("lang", "shown"), [("zh", "黄磊<"), ("en", "黄磊</span> (Huang Lei)<")])
def test_the_assign_page_names_reviewers_with_pinyin_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, shown: str
) -> None:
    world = make_review_world(2)
    reviewer = make_user(make_organisation(), name="黄磊")
    make_group_role(reviewer, world.group, GroupRole.REVIEWER)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/reviews/assessments/{world.assessments[0].id}/assign").get_data(
        as_text=True
    )
    label = page.split(f'<label for="reviewer-{reviewer.id}">', 1)[1]
    assert label.startswith(
        shown.replace("黄磊", '<span lang="zh-CN">黄磊') if lang == "en" else shown
    )
    assert ("Huang Lei" in page) is (lang == "en")


# Server-side messages, the discrepancy map and the header name a person as the filter does
# (one rcapp.i18n.person_text): the bare Chinese name reached English pages there.
NAMES = ("黄磊", "朱丽华", "曾国藩", "单田芳")
READ = {
    "黄磊": "Huang Lei",
    "朱丽华": "Zhu Lihua",
    "曾国藩": "Zeng Guofan",
    "单田芳": "Shan Tianfang",
}


def _named_world(db_session: Session) -> tuple[ReviewWorld, Review]:
    world = make_review_world(5)
    for reviewer, name in zip(world.reviewers, NAMES, strict=False):
        reviewer.name = name
    world.lead.name = "单田芳"
    review = assign_all(world)[0]
    done = review.assignments[0]  # shown on the map; the other one is withdrawn
    reviewing.accept_remaining(done, list(review.sample), set(), done.reviewer)
    reviewing.submit_assignment(done, done.reviewer)
    db_session.commit()
    return world, review


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_messages_the_map_and_the_header_name_people_with_pinyin_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, review = _named_world(db_session)
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")

    def named(name: str, marked: bool = True) -> str:
        if lang == "zh":
            return name
        chinese = f'<span lang="zh-CN">{name}</span>' if marked else name
        return f"{chinese} ({READ[name]})"

    home = client.get("/").get_data(as_text=True)
    assert f'<span class="user-name">{named("单田芳")}</span>' in home

    page = client.get(f"/reviews/{review.id}/consolidate?all=1").get_data(as_text=True)
    name = review.assignments[0].reviewer.name
    assert f'<th scope="col" class="num">{named(name)}</th>' in page
    assert f'data-label="{named(name, marked=False)}"' in page

    withdrawn = review.assignments[1]
    name = withdrawn.reviewer.name
    response = client.post(
        f"/reviews/assignments/{withdrawn.id}/withdraw",
        data={"confirmed": "1"},
        follow_redirects=True,
    )
    shown = html.unescape(re.sub(r"<[^>]+>", "", response.get_data(as_text=True)))
    said = {
        "zh": f"已撤回评审员{name}，并已通知。",
        "en": f"Reviewer {named(name, marked=False)} withdrawn and told by e-mail.",
    }
    assert said[lang] in shown


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_refused_assignment_names_the_reviewer_with_pinyin_in_english(
    app: Flask, db_session: Session, lang: str
) -> None:
    refused = ConflictOfInterest("黄磊", (Conflict.ALREADY_ASSIGNED,))
    with app.test_request_context(headers={"Accept-Language": lang}), force_locale(lang):
        text = refusal_text(refused)
    assert ("黄磊 (Huang Lei)" in text) is (lang == "en")
    assert "黄磊" in text
