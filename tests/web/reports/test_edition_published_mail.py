"""Members are told by mail when an annual report edition can be read, once, not before.

Nothing announced a published edition: members found it on the annual reports page by
chance. Now, once its stamp is done (the members' page offers it only then), every member
who may read the page gets one mail in their language with the year, number and link; an
edition published after a withdrawn one says it replaces it. A task run again sends nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.mail.models import OutboxMessage
from rcapp.reports import edition_mail, edition_stamp
from rcapp.reports.edition_mail import KIND
from rcapp.reports.models import ReportJob
from tests.conftest import AuthActions
from tests.factories import World
from tests.web.reports.edition_stamps import published, render_works
from tests.web.reports.test_editions import closed_world

REASON = "第三章事故统计有误"


def _mails(db_session: Session) -> dict[str, list[OutboxMessage]]:
    found: dict[str, list[OutboxMessage]] = {}
    # in the order they were queued: PostgreSQL returns rows unordered without ORDER BY
    queued = select(OutboxMessage).where(OutboxMessage.kind == KIND).order_by(OutboxMessage.id)
    for message in db_session.scalars(queued):
        found.setdefault(message.to_address, []).append(message)
    return found


def _stamped(world: World, db_session: Session) -> ReportJob:
    job = published(world, db_session)
    edition_stamp.stamp_edition(job.id)
    return job


def test_members_are_told_once_after_the_stamp_each_in_their_language(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = closed_world(db_session)
    world.user_b.language = "en"
    job = published(world, db_session)
    edition_mail.announce_edition(job.id)  # its stamp still queued: not on the members' page
    assert _mails(db_session) == {}

    render_works(monkeypatch)
    edition_stamp.stamp_edition(job.id)  # its end hands the edition to announce_edition
    assert set(_mails(db_session)) == {world.user_a.email, world.user_b.email}
    edition_mail.announce_edition(job.id)  # a retried task
    edition_stamp.stamp_edition(job.id)  # a stamp run again: stamped already
    mails = _mails(db_session)
    assert all(len(sent) == 1 for sent in mails.values())
    zh, en = mails[world.user_a.email][0], mails[world.user_b.email][0]
    assert zh.subject == "2025 年度责任关怀报告第 1 版已发布"
    assert "秘书处已发布 2025 年度责任关怀报告第 1 版（中文版，" in zh.body
    assert "/reports/annual-reports" in zh.body
    assert "取代" not in zh.body
    # no English edition yet: told of the Chinese one, its subject naming the language
    assert en.subject == "Responsible Care report 2025: edition 1 published (Chinese edition)"
    assert "published edition 1 of the 2025 Responsible Care report in Chinese (" in en.body
    assert "/reports/annual-reports" in en.body


def test_an_edition_withdrawn_before_its_stamp_is_not_announced(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = closed_world(db_session)
    job = published(world, db_session)
    auth.login(world.secretariat.email)
    response = client.post(f"/reports/jobs/{job.id}/withdraw", data={"reason": REASON})
    assert response.status_code == 302
    render_works(monkeypatch)
    edition_stamp.stamp_edition(job.id)
    edition_mail.announce_edition(job.id)
    assert _mails(db_session) == {}


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", "本版取代已撤回的第 1 版"),
        ("en", "This edition replaces the withdrawn edition 1;"),
    ],
)
def test_the_republished_edition_says_it_replaces_the_withdrawn_one(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    words: str,
) -> None:
    world = closed_world(db_session)
    world.user_a.language = lang
    render_works(monkeypatch)
    first = _stamped(world, db_session)
    auth.login(world.secretariat.email)
    client.post(f"/reports/jobs/{first.id}/withdraw", data={"reason": REASON})
    second = _stamped(world, db_session)
    assert second.edition == 2
    sent = _mails(db_session)[world.user_a.email]
    assert len(sent) == 2  # edition 1 when it came out, edition 2 now
    assert words in sent[1].body
    assert words not in sent[0].body


def test_an_edition_whose_stamp_is_skipped_is_announced_as_published(
    db_session: Session,
) -> None:
    # The year was closed again after the report was made: it is not stamped, members read
    # it as published (stamp_states.awaits_stamp), so they are told then.
    world = closed_world(db_session)
    job = published(world, db_session)
    world.cycle.closed_at = job.created_at + dt.timedelta(hours=1)
    db_session.commit()
    edition_stamp.stamp_edition(job.id)
    assert set(_mails(db_session)) == {world.user_a.email, world.user_b.email}


def _published_in(world: World, db_session: Session, lang: str) -> ReportJob:
    """Publish and stamp an edition in `lang` (the stamp hands it to announce_edition)."""
    job = published(world, db_session, lang)
    edition_stamp.stamp_edition(job.id)
    return job


@pytest.mark.parametrize(("first", "second"), [("en", "zh"), ("zh", "en")])
def test_each_member_is_told_of_their_own_language_edition_once(
    db_session: Session, monkeypatch: pytest.MonkeyPatch, first: str, second: str
) -> None:
    """pdfveto 2: publishing both languages sent everyone two mails under one subject."""
    world = closed_world(db_session)
    world.user_b.language = "en"
    render_works(monkeypatch)
    reader = {"zh": world.user_a.email, "en": world.user_b.email}

    _published_in(world, db_session, first)
    told = _mails(db_session)
    assert set(told) == set(reader.values())  # the other language has no edition yet
    other = told[reader[second]][0].subject
    assert other == (
        "2025 年度责任关怀报告第 1 版已发布（英文版）"
        if first == "en"
        else "Responsible Care report 2025: edition 1 published (Chinese edition)"
    )
    assert told[reader[first]][0].subject in (
        "2025 年度责任关怀报告第 1 版已发布",
        "Responsible Care report 2025: edition 1 published",
    )

    job = _published_in(world, db_session, second)
    edition_mail.announce_edition(job.id)  # a retried task: its guard still holds
    told = _mails(db_session)
    assert len(told[reader[first]]) == 1  # their own edition came first: not told again
    assert len(told[reader[second]]) == 2  # now their own edition, in their language
    own = told[reader[second]][1].subject
    assert own in (
        "2025 年度责任关怀报告第 1 版已发布",
        "Responsible Care report 2025: edition 1 published",
    )
    assert own != other
