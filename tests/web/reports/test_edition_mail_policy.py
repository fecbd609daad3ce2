"""One mail per edition number, said before publishing (secretariat QA, publishmail #1).

Publishing zh edition 1 mailed all members, a corrected zh edition 2 minutes later mailed them
all again with nothing saying it was a correction, the en edition 1 seconds later mailed nobody,
and the question before publishing said nothing about mail. Now edition N is mailed once,
naming every language published under it so far; a later edition says it is a corrected one;
the question says who will be mailed and how many, or that nobody will be and why.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.mail.models import OutboxMessage
from rcapp.reports import edition_stamp, editions
from rcapp.reports.edition_mail import KIND
from rcapp.reports.models import JobKind, ReportJob
from tests.conftest import AuthActions
from tests.web.reports.edition_stamps import published, render_works
from tests.web.reports.test_editions import closed_world, finished


def _mails(db_session: Session) -> list[OutboxMessage]:
    found = select(OutboxMessage).where(OutboxMessage.kind == KIND).order_by(OutboxMessage.id)
    return list(db_session.scalars(found))


def _question(client: FlaskClient, job: ReportJob) -> str:
    """The publish button's question, as the dialog shows it."""
    page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    form = page.split('id="job-publish"', 1)[1].split("</form>", 1)[0]
    return html.unescape(form.split('data-confirm="', 1)[1].split('"', 1)[0])


def test_both_languages_of_one_number_make_one_mail_naming_both(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = closed_world(db_session)
    world.user_b.language = "en"
    render_works(monkeypatch)
    zh = published(world, db_session, "zh")
    en = published(world, db_session, "en")  # seconds later, before either stamp ran
    edition_stamp.stamp_edition(zh.id)
    edition_stamp.stamp_edition(en.id)
    sent = {m.to_address: m for m in _mails(db_session)}
    assert len(_mails(db_session)) == 2  # one each, not one per language
    assert "第 1 版（中文版、英文版，" in sent[world.user_a.email].body
    assert sent[world.user_a.email].subject == "2025 年度责任关怀报告第 1 版已发布"
    assert "report in Chinese, English (" in sent[world.user_b.email].body
    assert sent[world.user_b.email].subject == "Responsible Care report 2025: edition 1 published"


def test_a_corrected_edition_says_so_and_what_it_replaces(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = closed_world(db_session)
    world.user_b.language = "en"
    render_works(monkeypatch)
    edition_stamp.stamp_edition(published(world, db_session).id)
    edition_stamp.stamp_edition(published(world, db_session).id)  # edition 2, a correction
    corrected = {m.to_address: m for m in _mails(db_session)[2:]}
    zh, en = corrected[world.user_a.email], corrected[world.user_b.email]
    assert zh.subject == "2025 年度责任关怀报告第 2 版（更正版）已发布"
    assert "本版为更正版，取代第 1 版；如您下载过第 1 版，请改用本版。" in zh.body
    assert en.subject.startswith("Responsible Care report 2025: corrected edition 2 published")
    assert "This is a corrected edition: it replaces edition 1." in en.body


@pytest.mark.parametrize(
    ("lang", "mailed", "corrected", "nobody_reads", "secretariat"),
    [
        (
            "zh",
            "邮件：本版加盖版次后，将向 2 位会员发送一封邮件，通知第 1 版（中文版）已发布；"
            "同一版次只通知一次。",
            "邮件：本版加盖版次后，将向 2 位会员发送一封邮件，说明第 2 版（中文版）为更正版",
            "邮件：不发送。会员已收到第 1 版的通知邮件，且没有会员使用英文。",
            "邮件：不发送，本文件不发给会员。",
        ),
        (
            "en",
            "Mail: once this edition is stamped, 2 members will get one mail each saying "
            "edition 1 (Chinese) is published; each edition number is mailed once.",
            "2 members will get one mail each saying edition 2 (Chinese) is a corrected edition",
            "Mail: none. Members were already mailed about edition 1, and no member reads English.",
            "Mail: none; this file is not sent to members.",
        ),
    ],
)
def test_the_question_says_who_is_mailed_or_why_nobody(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    mailed: str,
    corrected: str,
    nobody_reads: str,
    secretariat: str,
) -> None:
    world = closed_world(db_session)
    render_works(monkeypatch)
    first, english = finished(world), finished(world, lang="en")
    workbook = finished(world, JobKind.ANNUAL_WORKBOOK)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{'en' if lang == 'en' else 'zh_CN'}")
    assert mailed in _question(client, first)
    assert secretariat in _question(client, workbook)
    editions.publish(first, world.secretariat)
    assert edition_stamp.queue_stamp(first)
    correction = finished(world)
    db_session.commit()
    edition_stamp.stamp_edition(first.id)  # both members (Chinese readers) told of edition 1
    assert len(_mails(db_session)) == 2
    assert corrected in _question(client, correction)
    # every member reads Chinese and was told: the English edition 1 mails nobody, said why
    assert nobody_reads in _question(client, english)
    editions.publish(english, world.secretariat)
    assert edition_stamp.queue_stamp(english)
    db_session.commit()
    edition_stamp.stamp_edition(english.id)
    assert len(_mails(db_session)) == 2  # as said


def test_a_language_published_after_its_numbers_mail_tells_its_own_readers(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pdfveto 2 kept: each member is told of an edition in their own language, once."""
    world = closed_world(db_session)
    world.user_b.language = "en"
    render_works(monkeypatch)
    edition_stamp.stamp_edition(published(world, db_session, "zh").id)
    edition_stamp.stamp_edition(published(world, db_session, "en").id)
    sent = _mails(db_session)
    assert [m.to_address for m in sent[2:]] == [world.user_b.email]
    assert sent[2].subject == "Responsible Care report 2025: edition 1 published"
    assert "report in English (" in sent[2].body
