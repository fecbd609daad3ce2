"""The audit-log browser: filters, newest first, pagination, readable before/after."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.views.audit import readable
from rcapp.audit.models import AuditEntry
from rcapp.audit.services import record
from tests.conftest import AuthActions
from tests.factories import make_secretariat, make_user


def _at(entry: AuditEntry, when: dt.datetime) -> AuditEntry:
    entry.at = when
    return entry


def test_entries_are_newest_first_and_readable(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    secretariat = make_secretariat(email="sec@example.cn", name="审计员")
    older = record(
        secretariat, "organisation", 7, "update", field="city", before="南京市", after="苏州市"
    )
    _at(older, dt.datetime(2025, 1, 2, 3, 0, tzinfo=dt.UTC))
    newer = record(secretariat, "cycle", 3, "reopen", reason="申诉成立")
    _at(newer, dt.datetime(2025, 2, 1, 3, 0, tzinfo=dt.UTC))
    db_session.commit()
    auth.login("sec@example.cn")
    page = client.get("/audit/").get_data(as_text=True)
    assert page.index("申诉成立") < page.index("苏州市")
    assert "南京市" in page
    assert '"苏州市"' not in page
    assert "2025-01-02 11:00:00" in page  # shown in Beijing time
    assert "审计员" in page


def test_filters_by_entity_id_actor_action_and_dates(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    alice = make_user(email="alice@example.cn", name="爱丽丝")
    bob = make_user(email="bob@example.cn", name="鲍勃")
    _at(
        record(alice, "organisation", 1, "partner.add", after={"name": "甲伙伴"}),
        dt.datetime(2025, 3, 1, 1, tzinfo=dt.UTC),
    )
    _at(
        record(bob, "organisation", 2, "update", field="city", after="乙城"),
        dt.datetime(2025, 3, 5, 1, tzinfo=dt.UTC),
    )
    _at(record(bob, "user", 1, "deactivate"), dt.datetime(2025, 3, 9, 1, tzinfo=dt.UTC))
    db_session.commit()  # fmt: skip
    auth.login("sec@example.cn")

    def shows(query: str) -> str:
        # Only the rows: the action filter's options name every action too.
        page = client.get(f"/audit/?{query}").get_data(as_text=True)
        return page.split("<tbody>", 1)[-1]

    assert "甲伙伴" in shows("entity=organisation&entity_id=1")
    assert "乙城" not in shows("entity=organisation&entity_id=1")
    assert "乙城" in shows("actor=bob@")
    assert "甲伙伴" not in shows("actor=鲍勃")
    assert "甲伙伴" in shows("action=partner")
    assert "乙城" not in shows("action=partner")
    in_range = shows("date_from=2025-03-04&date_to=2025-03-05")
    assert "乙城" in in_range
    assert "甲伙伴" not in in_range
    assert "停用" not in in_range


def test_a_bad_date_is_named_and_ignored(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    secretariat = make_secretariat(email="sec@example.cn")
    record(secretariat, "cycle", 1, "open", after={"year": 2025})
    db_session.commit()
    auth.login("sec@example.cn")
    page = client.get("/audit/?date_from=2025-02-30").get_data(as_text=True)
    assert "起始日期“2025-02-30”不是有效日期" in page
    assert "年度: 2025" in page  # the stored key "year" in words


def test_the_log_is_paginated(client: FlaskClient, db_session: Session, auth: AuthActions) -> None:
    secretariat = make_secretariat(email="sec@example.cn")
    for n in range(30):
        entry = record(secretariat, "organisation", n, "update", field=f"字段{n:02d}")
        _at(entry, dt.datetime(2025, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=n))
    db_session.commit()
    auth.login("sec@example.cn")
    first = client.get("/audit/").get_data(as_text=True)
    assert "字段29" in first
    assert "字段00" not in first
    second = client.get("/audit/?page=2").get_data(as_text=True)
    assert "字段00" in second


def test_readable_turns_json_into_lines_with_keys_and_codes_in_words(app: Flask) -> None:
    with app.test_request_context():
        assert readable(None) == "—"
        assert readable('{"city": "南京市", "codes": ["PSM", "DIST"], "signed": null}') == (
            "城市: 南京市\ncodes: PSM、DIST\nsigned: —"
        )
        assert readable('"admin"') == "管理员"
        assert readable("not json") == "not json"


def test_an_unfiltered_page_shows_no_errors(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    assert "field-error" not in client.get("/audit/").get_data(as_text=True)


def test_peer_review_entries_and_lists_read_as_words_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    record(
        None,
        "review",
        3,
        "review.decide",
        field="MS.G1.2",
        after={"decision": "adjust", "level": 3},
        reason="证据不足",
    )
    record(None, "review", 3, "review.finalise", after={"overall": "87.3", "reviewers": 2})
    record(None, "review", 3, "action.close", field="7", after={"evidence": "已补充"})
    record(None, "cycle", 1, "remind", after={"organisations": ["Alpha Co.", "Beta Co."]})
    record(None, "cycle", 1, "benchmarks", after={"members": 5, "groups": 2})
    record(None, "assessment", 4, "import", after={"rows": 12, "conflicts_kept_web": 1})
    db_session.commit()
    auth.login("sec@example.cn")
    client.get("/lang/en")
    page = client.get("/audit/").get_data(as_text=True)
    for words in (
        "Peer review", "Reviewer&#39;s decision on an item", "Item MS.G1.2",
        "Decision: Adjust the level", "Finalise the rating", "Reviewers: 2",
        "Corrective action closed, sent to the working-group lead or deputy lead",
        "Organisation: Alpha Co., Beta Co.", "Compute benchmarks", "Benchmark groups: 2",
        "Import from the Excel template", "Rows written: 12",
    ):  # fmt: skip
        assert words in page, words
    rows = page.split("<tbody>", 1)[1]  # the action filter's options carry the keys as values
    for key in ("review.decide", "review.finalise", "action.close", "decision:", "adjust"):
        assert key not in rows, key
    assert "Findings #" not in rows  # a corrective action by its id meant nothing (QA47 D8)
    # The last filter is the end of a date range, not a deadline.
    assert '<label for="date_to">To</label>' in page
