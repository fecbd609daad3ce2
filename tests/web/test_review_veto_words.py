"""A reviewed result a veto left without any star reads 未评定（一票否决） / Not rated (veto)
on every review page, the comparison and years pages, the home page and the outcome mail,
as the result page and the PDF say it; never "0 星" / "0 stars".

Company 0 of the world registers a fatal accident (a veto that takes every star); its
review is finalised like the others.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.benchmarks.services import compute_benchmarks
from rcapp.mail.models import OutboxMessage
from rcapp.reviews.models import Review
from tests.conftest import AuthActions
from tests.factories_reviews import (
    ReviewWorld,
    assign_all,
    make_review_world,
    submit_all,
    submit_and_finalise,
)
from tests.web.helpers import finalise_confirmed

WORDS = {"zh_CN": ("未评定（一票否决）", "0 星"), "en": ("Not rated (veto)", "0 stars")}
REASON = {"zh_CN": "原因：", "en": "Reason: "}


def _says_zero_stars(text: str, words: str) -> bool:
    return re.search(rf"(?<![\d.]){re.escape(words)}(?!级)", text) is not None


def _text(fragment: str) -> str:
    fragment = re.sub(r"<script.*?</script>", " ", fragment, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _world(db_session: Session, finalise: bool = True) -> tuple[ReviewWorld, list[Review]]:
    world = make_review_world(5, vetoed=[0])
    reviews = assign_all(world)
    assert world.assessments[0].stars == 0
    if finalise:
        for review in reviews[:2]:
            submit_and_finalise(review, world.lead)
        assert reviews[0].final_stars == 0
        compute_benchmarks(world.cycle, None)
    for company in world.companies:
        company.name_en = None  # one name, whatever the language
    db_session.commit()
    return world, reviews


def _get(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_finalise_page_names_the_veto_not_0_stars(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, reviews = _world(db_session, finalise=False)
    review = reviews[0]
    submit_all(review)
    db_session.commit()
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    veto, zero = WORDS[lang]

    text = _text(_get(client, f"/reviews/{review.id}/finalise"))

    assert veto in text
    assert not _says_zero_stars(text, zero)
    assert ("一票否决，不予评星" if lang == "zh_CN" else "Vetoed, no star") in text


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_review_pages_say_vetoed_in_both_languages(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, reviews = _world(db_session)
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    veto, zero = WORDS[lang]

    final = _text(_get(client, f"/reviews/{reviews[0].id}/final").split('id="changed"')[0])
    group = _get(client, f"/reviews/groups/{world.group.id}")
    row = _text(next(r for r in group.split("<tr") if world.companies[0].name_zh in r))

    assert final.count(veto) == 2  # the final and the self result
    assert not _says_zero_stars(final, zero)
    assert row.count(veto) == 2
    assert not _says_zero_stars(row, zero)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_organisation_sees_vetoed_on_home_lists_and_years(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, _reviews = _world(db_session)
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")
    veto, zero = WORDS[lang]
    company = world.companies[0]

    for url in ["/", "/reviews/", f"/benchmarks/organisations/{company.id}/years"]:
        text = _text(_get(client, url))
        assert veto in text, url
        # The year page reads every year's stars as stars now (qa20 S4): last year's
        # unvetoed "0 星" is right there; the vetoed year's cells are checked below.
        if "/years" not in url:
            assert not _says_zero_stars(text, zero), url
    years = _get(client, f"/benchmarks/organisations/{company.id}/years")
    for label in ("自评星级", "最终星级") if lang == "zh_CN" else ("Self-assessed", "Final stars"):
        row = _text(next(r for r in years.split("<tr") if label in r))
        # the vetoed year's cell, the last: the words, then which veto (qa72 last stop)
        assert row.rsplit(veto, 1)[-1].startswith(f" {REASON[lang]}"), row


def test_the_lead_comparison_says_vetoed(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, _reviews = _world(db_session)
    auth.login(world.lead.email)
    for lang in ("zh_CN", "en"):
        client.get(f"/lang/{lang}")
        veto, zero = WORDS[lang]
        page = _get(client, f"/benchmarks/groups/{world.group.id}?cycle={world.cycle.id}")
        row = _text(next(r for r in page.split("<tr") if world.companies[0].name_zh in r))
        assert row.count(veto) == 2, row
        assert not _says_zero_stars(row, zero)


def test_the_outcome_mail_says_vetoed_in_the_readers_language(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, reviews = _world(db_session, finalise=False)
    review = reviews[0]
    submit_all(review)
    world.reviewers[0].language = "en"  # company 0's second user reads English
    db_session.commit()
    auth.login(world.lead.email)

    assert finalise_confirmed(client, review.id).status_code == 302

    db_session.expire_all()
    mails = {
        m.lang: m.body
        for m in db_session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "review.final")
        )
    }
    assert "最终星级：未评定（一票否决）。" in mails["zh_CN"]
    assert not _says_zero_stars(mails["zh_CN"], "0 星")
    assert "Not rated (veto)" in mails["en"]
    assert not _says_zero_stars(mails["en"], "0 stars")
