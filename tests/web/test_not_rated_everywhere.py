"""A rating that was not given reads 未评定 (with why where known) on every page, never 0 星.

0 星 stays the words of a result that was rated and falls short of one star (prerequisites
met, no veto): the scheme rates it, it reaches no band (rating_words). Not rated are a
result with a prerequisite unmet or not answered, and one a veto left without any star:
- the close page read an upheld appeal's kept vetoed rating as "0 星" (qa33 D2);
- the years page read a draft not rated yet as "0 星" (qa34 S7);
- a company whose final rating is a veto did not see on its home page that it is final,
  as a rated company sees "经同行评审的最终星级" (qa33 S13).
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reviews import settling
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise
from tests.web.helpers import member_with_assessment, page_text

VETO = {"zh_CN": "未评定（一票否决）", "en": "Not rated (veto)"}
ZERO = {"zh_CN": "0 星", "en": "0 stars"}


def _text(page: str) -> str:
    page = re.sub(r"<script.*?</script>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _says_zero_stars(text: str, lang: str) -> bool:
    return re.search(rf"(?<![\d.]){re.escape(ZERO[lang])}(?!级)", text) is not None


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("zh_CN", "现在关闭，将冻结并发布其此前经同行评审的最终星级：未评定（一票否决）（"),
        (
            "en",
            "Closing now freezes and publishes its earlier peer-reviewed final rating: "
            "not rated (veto) (score ",
        ),
    ],
)
def test_the_close_page_reads_a_kept_vetoed_rating_as_not_rated(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, line: str
) -> None:
    world = make_review_world(5, vetoed=[0])
    review = assign_all(world)[0]
    submit_and_finalise(review, world.lead)
    assert review.final_stars == 0
    assert review.appeal_until is not None
    appeal = settling.file_appeal(review, "评级有误", review.appeal_until, world.members[0])
    settling.decide_appeal(appeal, True, "请组长重新裁定", world.secretariat)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    text = _text(page_text(client, f"/cycles/{world.cycle.id}/close"))
    assert line in text
    assert not _says_zero_stars(text, lang)


@pytest.mark.parametrize(
    ("lang", "final"),
    [
        ("zh_CN", "经同行评审的最终星级：未评定（一票否决）"),
        ("en", "Final rating after peer review: Not rated (veto)"),
    ],
)
def test_the_home_page_says_a_vetoed_final_rating_is_final(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, final: str
) -> None:
    world = make_review_world(5, vetoed=[0])
    for review in assign_all(world)[:2]:
        submit_and_finalise(review, world.lead)
    db_session.commit()
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")
    page = page_text(client, "/")
    found = re.search(r'<p id="final-not-rated">(.*?)</p>', page, flags=re.S)
    assert found is not None
    assert _text(found[1]) == final


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_years_page_reads_a_draft_not_rated_yet_as_not_rated(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, _assessment = member_with_assessment(db_session, auth)
    client.get(f"/lang/{lang}")
    page = page_text(client, f"/benchmarks/organisations/{world.org_a.id}/years")
    label = "自评星级" if lang == "zh_CN" else "Self-assessed"
    row = _text(next(r for r in page.split("<tr") if label in r))
    assert row.endswith("未评定" if lang == "zh_CN" else "Not rated"), row
    assert not _says_zero_stars(row, lang)
