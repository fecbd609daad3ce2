"""English starts a label small inside a sentence, and keeps its capital standing alone.

"…; now: In review." on the lead's home, "…is now Withdrawn.", "…its status is now: Open."
read like a label dropped into a sentence. Each label family has one helper giving its
in-sentence form (a second, context-marked catalogue entry, as star_count_text); the label
itself (badges, cells, headings) is unchanged, and Chinese reads the same in both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask_babel import force_locale

from rcapp.assessments.rating_words import not_rated_text
from rcapp.assessments.review_filters import ReviewState
from rcapp.organisations.forms import COMMITMENT_LABELS
from rcapp.organisations.models import CommitmentStatus
from rcapp.organisations.views.commitment_leave import commitment_in_sentence
from rcapp.reviews.messages import (
    ACTION_TEXT,
    APPEAL_TEXT,
    STATE_TEXT,
    action_in_sentence,
    appeal_in_sentence,
    stars_text,
    state_in_sentence,
)
from rcapp.reviews.models import ActionStatus, AppealStatus

# (the helper, its labels standing alone, what English says inside a sentence)
FAMILIES: list[tuple[Callable[..., str], dict[Any, Any], dict[Any, str]]] = [
    (
        state_in_sentence,
        STATE_TEXT,
        {
            ReviewState.IN_REVIEW: "in review",
            ReviewState.REREVIEW: "in review again",
            ReviewState.FINAL: "final",
            ReviewState.APPEALED: "final",
            ReviewState.FROZEN: "review not finished (frozen at the close)",
        },
    ),
    (
        action_in_sentence,
        ACTION_TEXT,
        {
            ActionStatus.OPEN: "open",
            ActionStatus.CLOSED: (
                "marked done, awaiting acceptance by the working-group lead or deputy lead"
            ),
            ActionStatus.ACCEPTED: "accepted as closed",
        },
    ),
    (
        appeal_in_sentence,
        APPEAL_TEXT,
        {
            AppealStatus.OPEN: "awaiting the secretariat",
            AppealStatus.UPHELD: "upheld",
            AppealStatus.DISMISSED: "dismissed",
        },
    ),
    (
        commitment_in_sentence,
        COMMITMENT_LABELS,
        {
            CommitmentStatus.NOT_SIGNED: "not signed",
            CommitmentStatus.SIGNED: "signed",
            CommitmentStatus.SUSPENDED: "suspended",
            CommitmentStatus.WITHDRAWN: "withdrawn",
        },
    ),
]


@pytest.mark.parametrize(("in_sentence", "labels", "english"), FAMILIES)
def test_each_label_has_a_small_english_form_inside_a_sentence(
    app: Flask, in_sentence: Callable[..., str], labels: dict[Any, Any], english: dict[Any, str]
) -> None:
    with app.test_request_context():
        with force_locale("en"):
            for key, said in english.items():
                assert in_sentence(key) == said
                alone = str(labels[key])
                assert alone[0].isupper()
                assert alone.lower() == said.lower()
        with force_locale("zh_CN"):
            assert all(in_sentence(key) == str(labels[key]) for key in english)


def test_not_rated_is_small_inside_a_sentence(app: Flask) -> None:
    with app.test_request_context():
        with force_locale("en"):
            assert not_rated_text(veto=False) == "Not rated"
            assert not_rated_text(veto=True) == "Not rated (veto)"
            assert not_rated_text(veto=False, in_sentence=True) == "not rated"
            assert not_rated_text(veto=True, in_sentence=True) == "not rated (veto)"
            assert stars_text(0, False, in_sentence=True) == "not rated"
            assert stars_text(0, True, True, in_sentence=True) == "not rated (veto)"
            assert stars_text(0, False) == "Not rated"
        with force_locale("zh_CN"):
            assert not_rated_text(veto=True, in_sentence=True) == "未评定（一票否决）"
            assert stars_text(0, False, in_sentence=True) == "未评定"
