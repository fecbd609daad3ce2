"""The audit log reads a stored value's stars first and its free texts last (one rule for
the page, the history page and the export): a lowered final rating's "星级: 0" is not left
below the long reasons of its gates.
"""

from __future__ import annotations

import json
from io import BytesIO

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from rcapp.accounts.views.audit import readable
from rcapp.assessments.final_lowering import LOWERED_ACTION
from tests.audit_export import export_bytes
from tests.conftest import AuthActions
from tests.integration.assessments.test_final_lowering_appealed import (
    _final_three,
    _history_rows,
    _resubmitted,
)

# The rows of the page and the cell of the export, in the reader's language: stars, peer
# stars, then the reasons.
ORDER = {
    "zh_CN": ("星级: 未评定（一票否决）", "同行评审的星级: 3", "原因: 因“"),
    "en": ("Star rating: Not rated (veto)", "Peer-reviewed stars: 3", "Reason: Vetoed by “"),
}


@pytest.mark.parametrize(
    ("stored", "lines"),
    [
        # as record() stores it: keys sorted
        ({"peer_stars": 3, "reasons": ["x"], "stars": 0}, ["星级", "同行评审的星级", "原因"]),
        ({"note": "n", "value": 5}, ["数值", "备注"]),
        # "reason" (one why, e.g. a withdrawn edition's) is labelled 原因 and closes the cell too
        ({"comment": "c", "reason": "r", "status": "returned"}, ["状态", "原因", "备注"]),
        ({"level": 2, "reason": "r", "stars": 1}, ["星级", "成熟度等级", "原因"]),
    ],
)
def test_stars_lead_and_free_texts_close_a_cell(
    app: Flask, stored: dict[str, object], lines: list[str]
) -> None:
    with app.test_request_context():
        shown = readable(json.dumps(stored, sort_keys=True)).split("\n")
    assert [line.split(": ", 1)[0] for line in shown] == lines


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_lowered_entry_reads_its_stars_before_its_reasons(
    db_session: Session, client: FlaskClient, auth: AuthActions, lang: str
) -> None:
    world, assessment = _final_three(appealed=False)
    _resubmitted(world, assessment, client, auth)
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    stars, peer, reasons = ORDER[lang]

    rows = _history_rows(client, assessment)
    assert rows.index(stars) < rows.index(peer) < rows.index(reasons)

    sheet = load_workbook(BytesIO(export_bytes(client, {"action": LOWERED_ACTION}))).active
    assert sheet is not None
    cell = next(
        str(c) for row in sheet.iter_rows(values_only=True) for c in row if c and reasons in str(c)
    )
    assert cell.split("\n")[:2] == [stars, peer]
    assert cell.split("\n")[-1].startswith(reasons)
