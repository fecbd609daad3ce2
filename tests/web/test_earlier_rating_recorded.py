"""A re-review's earlier rating known only from the audit log: which kind of no star (wordfix 5).

The record made when an appeal is upheld (review.reopen) kept only "stars": 0, so a result
page without the kept rating said 未达 1 星 / below 1 star for a rating a veto took. The
record now says a veto ("veto": true), not rated ("rated": false) or a rated 0
("rated": true); an older record's bare 0 is worded without claiming either.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from types import SimpleNamespace

import pytest
from flask import Flask, render_template
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments.models import Assessment, SnapshotKind
from rcapp.assessments.review_hook import Rereview
from rcapp.assessments.snapshots import appealed_scorecard, delete_snapshot
from rcapp.audit.models import AuditEntry
from rcapp.audit.queries import before_of
from rcapp.clock import beijing_today
from rcapp.reviews import settling
from rcapp.rubrics.model import Text, VetoEffect
from rcapp.scoring.scorecard import VetoHit
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise
from tests.web.test_review_state import _text

FATAL = VetoHit("V1", Text(zh="死亡事故", en="Fatality"), VetoEffect.NO_STAR, None, "death",
                dt.date(2025, 5, 1))  # fmt: skip
WORDS = {
    # (veto recorded, rated 0 recorded, an older bare 0)
    "zh_CN": ("最终结果为 未评定（一票否决）（总分", "最终结果为 未达 1 星（总分",
              "最终结果为 无星级（记录未说明是否因一票否决）（总分"),
    "en": ("final result was not rated (veto) (overall", "final result was below 1 star (overall",
           "final result was no star (not recorded whether by a veto) (overall"),
}  # fmt: skip


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize(("veto", "shown"), [(True, 0), (False, 1), (None, 2)])
def test_the_earlier_rating_says_the_kind_of_no_star_the_record_says(
    app: Flask, lang: str, veto: bool | None, shown: int
) -> None:
    rereview = Rereview(
        decided_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
        earlier_stars=0,
        earlier_overall=Decimal("55.0"),
        earlier_veto=veto,
    )
    with app.test_request_context(), force_locale(lang):
        text = render_template("assessments/_earlier_not_kept.html", rereview=rereview)
    assert WORDS[lang][shown] in text
    others = [w for i, w in enumerate(WORDS[lang]) if i != shown]
    assert not any(w in text for w in others)


def test_upholding_an_appeal_records_the_veto_and_the_page_names_it(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = make_review_world(5)
    review = submit_and_finalise(assign_all(world)[1], world.lead)

    def vetoed(assessment: Assessment) -> object:
        """The final rating as kept, a veto taking every star."""
        shown = appealed_scorecard(assessment)
        assert shown is not None
        rating = replace(shown.card.rating, stars=0, vetoes=(FATAL,))
        return SimpleNamespace(card=SimpleNamespace(rating=rating))

    monkeypatch.setattr(settling, "appealed_scorecard", vetoed)
    review.final_stars = 0
    appeal = settling.file_appeal(review, "证据齐全", beijing_today(), world.members[1])
    settling.decide_appeal(appeal, True, "请组长重新裁定", world.secretariat)
    monkeypatch.undo()
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "review.reopen")).one()
    before = before_of(entry)
    assert (before["stars"], before["veto"]) == (0, True)
    # as a review reopened before the rating was kept: only the record says what it was
    delete_snapshot(review.assessment, SnapshotKind.APPEALED)
    db_session.commit()
    auth.login(world.members[1].email)

    page = client.get(f"/assessments/{review.assessment_id}/result").get_data(as_text=True)
    text = _text(page)
    assert "此前经同行评审的最终结果为 未评定（一票否决）（总分" in text
    assert "未达 1 星" not in text.split("此前经同行评审的最终结果为")[1][:40]


def test_a_rated_zero_is_recorded_as_rated(db_session: Session) -> None:
    world = make_review_world(5)
    review = submit_and_finalise(assign_all(world)[1], world.lead)
    appeal = settling.file_appeal(review, "证据齐全", beijing_today(), world.members[1])
    settling.decide_appeal(appeal, True, "请组长重新裁定", world.secretariat)
    shown = appealed_scorecard(review.assessment)
    assert shown is not None
    assert shown.card.rating.rated
    assert not shown.card.rating.vetoes
    before = settling.reopened_rating(review.assessment, 0, Decimal("41.0"))
    assert before == {"stars": 0, "rated": True, "overall": Decimal("41.0")}
