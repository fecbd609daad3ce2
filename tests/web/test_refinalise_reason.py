"""Rating a review again after an upheld appeal asks the lead why; the reason is kept in the
audit entry and shown on the history page, on the secretariat's log and in its export.
A first rating asks for none.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from rcapp.assessments.snapshots import appealed_scorecard
from rcapp.audit.models import AuditEntry
from rcapp.clock import beijing_today
from rcapp.reports.data_lists import audit_sheet
from rcapp.reviews import settling
from rcapp.reviews.messages import rating_text
from rcapp.reviews.models import Review
from tests.conftest import AuthActions
from tests.factories_reviews import (
    ReviewWorld,
    assign_all,
    make_review_world,
    submit_all,
    submit_and_finalise,
)
from tests.web.helpers import error_beside, page_text

MISSING = {"zh_CN": "请填写重新定级的理由。", "en": "Enter the reason for rating the review again."}
REASON = "申诉材料核实后，C1.E1.1 证据齐全"


def _upheld(db_session: Session) -> tuple[ReviewWorld, Review]:
    world = make_review_world(5)
    review = submit_and_finalise(assign_all(world)[0], world.lead)
    appeal = settling.file_appeal(review, "演练记录齐全", beijing_today(), world.members[0])
    settling.decide_appeal(appeal, True, "请组长重新评审", world.secretariat)
    db_session.commit()
    return world, review


def _shown(page: str) -> str:
    found = re.search(r'name="shown" type="hidden" value="([^"]*)"', page)
    assert found is not None, "no confirmation form"
    return found.group(1)


def _finalised(review: Review) -> Select[AuditEntry]:
    return select(AuditEntry).where(
        AuditEntry.entity == "review",
        AuditEntry.entity_id == review.id,
        AuditEntry.action == "review.finalise",
    )


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_refinalising_without_a_reason_is_refused_beside_the_field(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, review = _upheld(db_session)
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    url = f"/reviews/{review.id}/finalise"
    page = page_text(client, url)
    assert 'name="reason"' in page

    refused = client.post(url, data={"shown": _shown(page), "reason": "  "})

    assert refused.status_code == 400
    assert error_beside(refused.get_data(as_text=True), "reason") == MISSING[lang]
    db_session.expire_all()
    assert not review.is_final
    assert len(db_session.scalars(_finalised(review)).all()) == 1  # the first rating's only


def test_the_reason_typed_is_kept_when_the_rating_changed_meanwhile(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, review = _upheld(db_session)
    auth.login(world.lead.email)

    asked = client.post(f"/reviews/{review.id}/finalise", data={"shown": "0:0:0", "reason": REASON})

    assert asked.status_code == 409
    assert REASON in asked.get_data(as_text=True)  # in the textarea again
    db_session.expire_all()
    assert not review.is_final


def test_the_reason_is_kept_in_the_entry_and_shown_on_history_log_and_export(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, review = _upheld(db_session)
    auth.login(world.lead.email)
    url = f"/reviews/{review.id}/finalise"

    done = client.post(url, data={"shown": _shown(page_text(client, url)), "reason": REASON})

    assert done.status_code == 302
    db_session.expire_all()
    assert review.is_final
    entries = db_session.scalars(_finalised(review).order_by(AuditEntry.id)).all()
    assert [e.reason for e in entries] == [None, REASON]
    auth.logout()
    auth.login(world.secretariat.email)
    assert REASON in page_text(client, f"/assessments/{review.assessment_id}/history")
    assert REASON in page_text(client, "/audit/?action=review.finalise")
    with app.test_request_context():
        rows = list(audit_sheet(_finalised(review).order_by(AuditEntry.id.desc())).rows)
    assert rows[0][-1] == REASON


def test_a_first_rating_asks_for_no_reason(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    db_session.commit()
    submit_all(review)
    db_session.commit()
    auth.login(world.lead.email)
    url = f"/reviews/{review.id}/finalise"
    page = page_text(client, url)
    assert 'name="reason"' not in page

    done = client.post(url, data={"shown": _shown(page)})

    assert done.status_code == 302
    db_session.expire_all()
    assert review.is_final


@pytest.mark.parametrize(
    ("lang", "label"), [("zh_CN", "被替换的定级（申诉成立前）"), ("en", "Rating being replaced")]
)
def test_the_refinalise_page_shows_the_rating_it_replaces_beside_the_new_one(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, label: str
) -> None:
    """QA52 p7: the lead saw only the new result (3 星, 82.6), not the 82.5 it replaces."""
    world, review = _upheld(db_session)
    kept = appealed_scorecard(review.assessment)
    assert kept is not None
    auth.login(world.lead.email)
    client.get(f"/lang/{lang}")
    page = page_text(client, f"/reviews/{review.id}/finalise")
    shown = re.search(r'<dd id="replaced-rating">([^<]*)</dd>', page)
    assert shown is not None
    assert label in page
    with client.application.test_request_context(), force_locale(lang):
        words = rating_text(kept.card.rating)
    assert shown.group(1) == f"{words} · {kept.card.overall}"
