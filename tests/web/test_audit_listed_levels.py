""" "Accept the rest" lists every item it accepted with its level: the history page and the
secretariat's log fold the list under its count (<details>), one item a line with its title
beside its code; the export keeps it in one cell, one item a line. Older entries, which
stored the count alone, read as before.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from rcapp.audit.labels import short_title
from rcapp.audit.models import AuditEntry
from rcapp.audit.services import record
from rcapp.reports.data_lists import audit_sheet
from rcapp.reviews import reviewing
from rcapp.reviews.models import Review, ReviewKind
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world
from tests.web.helpers import page_text

ITEMS = ["MS.G1.1", "C1.E1.1", "MS.G1.2"]  # MS.G1.2: a yes/no item, answered 1 (是)
WORDS = {
    "zh_CN": ("其余 3 项接受自评等级", "是", "见下行"),
    "en": ("3 remaining items accepted at their self-assessed levels", "Yes", "see the row below"),
}


def _accepted(db_session: Session) -> tuple[Review, AuditEntry, str]:
    """Accept the rest of three items; return the review, its entry, the secretariat's e-mail."""
    world = make_review_world(5)
    review = assign_all(world, ReviewKind.DESK)[0]
    first = review.assignments[0]
    reviewing.accept_remaining(first, ITEMS, set(), first.reviewer)
    db_session.commit()
    entry = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "review.accept_rest")
    ).one()
    return review, entry, world.secretariat.email


def _lines(review: Review, lang: str) -> list[str]:
    index = rubric_of(review.assessment).item_index()
    language = "zh" if lang == "zh_CN" else "en"
    titles = {i: short_title(index[i].prompt.get(language)) for i in ITEMS}
    yes = WORDS[lang][1]
    return [  # in the order stored (by code)
        f"C1.E1.1 {titles['C1.E1.1']}: 4",
        f"MS.G1.1 {titles['MS.G1.1']}: 4",
        f"MS.G1.2 {titles['MS.G1.2']}: {yes}",
    ]


def _folded(page: str) -> tuple[str, list[str]]:
    found = re.search(
        r'<details class="audit-listed"><summary>([^<]*)</summary>\s*<ul>(.*?)</ul></details>',
        page,
        re.S,
    )
    assert found is not None, "no folded list"
    items = re.findall(r"<li>(.*?)</li>", found.group(2))
    return found.group(1), [re.sub(r"<[^>]+>", "", i) for i in items]


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_log_and_the_history_fold_the_levels_under_their_count(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    review, _entry, secretariat = _accepted(db_session)
    auth.login(secretariat)
    client.get(f"/lang/{lang}")

    for url in ("/audit/", f"/assessments/{review.assessment_id}/history"):
        page = page_text(client, url)
        summary, items = _folded(page)
        assert summary == WORDS[lang][0], url
        assert items == _lines(review, lang), url
        assert "MS.G1.1=4" not in page
        # Folded in a row of its own, across the table, not in the narrow 修改后 cell (QA52 p2).
        row = re.search(r'<tr class="audit-listed-row"><td colspan="(\d+)">\s*<details', page)
        assert row is not None, url
        assert int(row.group(1)) == page[: page.index("</thead>")].count("<th ")
        assert WORDS[lang][2] in page


def test_the_export_keeps_the_list_in_one_cell_one_item_a_line(
    app: Flask, db_session: Session
) -> None:
    review, entry, _secretariat = _accepted(db_session)

    with app.test_request_context():
        [row] = list(audit_sheet(select(AuditEntry).where(AuditEntry.id == entry.id)).rows)

    assert row[7] == "\n".join([f"{WORDS['zh_CN'][0]}:", *_lines(review, "zh_CN")])


def test_an_older_entry_with_the_count_alone_reads_as_before(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    review, _entry, secretariat = _accepted(db_session)
    record(None, "review", review.id, "review.accept_rest", after={"items": 12})
    db_session.commit()
    auth.login(secretariat)

    page = page_text(client, "/audit/?action=review.accept_rest")

    assert "项数: 12" in page
    assert page.count('class="audit-listed"') == 1  # the newer entry's only
