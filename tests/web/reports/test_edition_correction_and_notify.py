"""Publishing says what a corrected edition corrected, and may leave members unmailed.

A corrected edition (edition N > 1) was mailed as 更正版 but nothing said what it corrected:
its publisher now writes a 更正说明, required, kept as typed, shown on the editions lists, in
the correction mail and on the corrected report's cover. Publishing an annual report offers
"通知会员", checked where the rule would mail, with the count; unchecked, that edition mails
nobody (flash and audit say so) and a later edition follows the rule again.
"""

from __future__ import annotations

import html
import json

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from rcapp.mail.models import OutboxMessage
from rcapp.reports import documents, edition_stamp, editions
from rcapp.reports.edition_mail import KIND
from rcapp.reports.models import JobKind, ReportJob
from tests.conftest import AuthActions
from tests.factories import World
from tests.web.reports.edition_stamps import render_works
from tests.web.reports.test_editions import closed_world, finished

NOTE = "第三章事故起数更正为 12 起。\r\n附表 2 的单位名称已更正。"
KEPT = "第三章事故起数更正为 12 起。\n附表 2 的单位名称已更正。"
LANG_URL = {"zh": "/lang/zh_CN", "en": "/lang/en"}


def _as_secretariat(client: FlaskClient, auth: AuthActions, world: World, lang: str) -> None:
    auth.login(world.secretariat.email)
    client.get(LANG_URL[lang])


def _first_edition(world: World, db_session: Session) -> ReportJob:
    job = finished(world)
    editions.publish(job, world.secretariat)
    db_session.commit()
    return job


def _page(client: FlaskClient, path: str) -> str:
    return html.unescape(client.get(path).get_data(as_text=True))


def _mails(db_session: Session) -> list[OutboxMessage]:
    found = select(OutboxMessage).where(OutboxMessage.kind == KIND).order_by(OutboxMessage.id)
    return list(db_session.scalars(found))


def _last_publish(db_session: Session) -> dict[str, object]:
    """What the latest publish entry of the audit log kept."""
    found = select(AuditEntry).where(AuditEntry.action == "report_job.publish")
    entry = db_session.scalars(found.order_by(AuditEntry.id.desc())).first()
    assert entry is not None
    kept: dict[str, object] = json.loads(entry.after or "{}")
    return kept


@pytest.mark.parametrize(
    ("lang", "asked", "refused"),
    [
        ("zh", "更正说明（必填，会员可见）", "请填写“更正说明”"),
        ("en", "What was corrected (required; members read it)", "Fill in “What was corrected”"),
    ],
)
def test_a_corrected_edition_asks_what_was_corrected_and_refuses_none(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    asked: str,
    refused: str,
) -> None:
    world = closed_world(db_session)
    first = finished(world)
    _as_secretariat(client, auth, world, lang)
    assert asked not in _page(client, f"/reports/jobs/{first.id}")  # edition 1 corrects nothing
    client.post(f"/reports/jobs/{first.id}/publish")
    second = finished(world)
    db_session.commit()
    page = _page(client, f"/reports/jobs/{second.id}")
    assert asked in page
    assert 'name="correction"' in page
    assert "required" in page.split('name="correction"')[1][:80]
    answer = client.post(f"/reports/jobs/{second.id}/publish", data={"correction": "  \r\n "})
    assert answer.status_code == 422  # the page again, the message at the field
    assert refused in html.unescape(answer.get_data(as_text=True))
    db_session.expire_all()
    assert second.edition is None
    too_long = {"correction": "字" * 501}
    client.post(f"/reports/jobs/{second.id}/publish", data=too_long)
    db_session.expire_all()
    assert second.edition is None


@pytest.mark.parametrize(
    ("lang", "refused", "count"),
    [
        ("zh", "“更正说明”太长，请缩短到 500 字以内。", "现为 502 字。"),
        ("en", "“What was corrected” is too long", "It now has 502 characters."),
    ],
)
def test_a_note_refused_as_too_long_is_shown_again_as_typed(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    refused: str,
    count: str,
) -> None:
    """A note over 500 characters was refused by a redirect: everything typed was gone."""
    world = closed_world(db_session)
    _first_edition(world, db_session)
    second = finished(world)
    db_session.commit()
    _as_secretariat(client, auth, world, lang)
    typed = "第三章事故起数更正为 12 起。\r\n" + "附" * 485  # 502 characters as counted

    answer = client.post(
        f"/reports/jobs/{second.id}/publish",
        data={"correction": typed, "notify_offered": "1"},  # the box left unchecked
    )

    assert answer.status_code == 422
    page = html.unescape(answer.get_data(as_text=True))
    field = page.split('<textarea id="publish-correction"', 1)[1].split("</textarea>", 1)[0]
    assert field.split(">", 1)[1] == typed  # every character kept
    assert 'aria-invalid="true"' in field
    assert "publish-correction-error" in field  # described by the message
    error = page.split('id="publish-correction-error"', 1)[1].split("</p>", 1)[0]
    assert refused in error
    assert count in error
    notify = page.split('id="publish-notify"', 1)[1].split(">", 1)[0]
    assert "checked" not in notify  # left as the publisher left it
    db_session.expire_all()
    assert second.edition is None


def test_the_note_is_kept_as_typed_listed_audited_and_mailed(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = closed_world(db_session)
    render_works(monkeypatch)
    first = _first_edition(world, db_session)
    edition_stamp.stamp_edition(first.id)
    second = finished(world)
    db_session.commit()
    stamped: list[documents.EditionMark] = []

    def render(*_args: object, edition: documents.EditionMark, **_kwargs: object) -> bytes:
        stamped.append(edition)
        return b"%PDF-1.7 stamped"

    monkeypatch.setattr(documents, "annual_report_pdf", render)
    _as_secretariat(client, auth, world, "zh")
    client.post(f"/reports/jobs/{second.id}/publish", data={"correction": NOTE})
    db_session.expire_all()
    assert (second.edition, second.correction_note) == (2, KEPT)
    assert _last_publish(db_session)["correction"] == KEPT
    # the stamp renders the corrected report with the note on its cover
    assert [mark.correction for mark in stamped] == [KEPT]
    mail = _mails(db_session)[-1]
    assert "更正版" in mail.subject
    assert KEPT in mail.body
    members = _page(client, "/reports/annual-reports")
    row = members.split(f'id="annual-report-{second.id}"', 1)[1].split("</li>", 1)[0]
    assert "更正说明：" in row
    assert KEPT in row
    assert "更正说明" not in members.split(f'id="annual-report-{first.id}"', 1)[1].split("</li>")[0]
    year = _page(client, f"/cycles/{world.cycle.id}")
    assert KEPT in year.split(f'id="edition-{second.id}"', 1)[1].split("</li>", 1)[0]
    client.get(LANG_URL["en"])
    english = _page(client, "/reports/annual-reports")
    assert f'What was corrected: <span class="keep-lines">{KEPT}' in english


@pytest.mark.parametrize(
    ("lang", "box", "not_told"),
    [
        ("zh", "通知会员：本版加盖版次后向 2 位会员发送邮件", "未通知会员"),
        ("en", "Notify members: mail 2 members once the edition is stamped", "not notified"),
    ],
)
def test_unchecked_notify_mails_nobody_and_a_later_edition_follows_the_rule(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    box: str,
    not_told: str,
) -> None:
    world = closed_world(db_session)
    render_works(monkeypatch)
    first = finished(world)
    db_session.commit()
    _as_secretariat(client, auth, world, lang)
    page = _page(client, f"/reports/jobs/{first.id}")
    assert box in page
    assert 'id="publish-notify" name="notify" value="1" checked' in page
    # unchecked: the box sends nothing, the form says it was offered
    answer = client.post(f"/reports/jobs/{first.id}/publish", data={"notify_offered": "1"})
    assert not_told in _page(client, answer.headers["Location"])
    assert _last_publish(db_session)["notify_members"] is False
    edition_stamp.stamp_edition(first.id)
    assert _mails(db_session) == []
    second = finished(world)
    db_session.commit()
    data = {"correction": NOTE, "notify_offered": "1", "notify": "1"}
    client.post(f"/reports/jobs/{second.id}/publish", data=data)
    assert _last_publish(db_session)["notify_members"] is True
    edition_stamp.stamp_edition(second.id)
    mails = _mails(db_session)
    assert {mail.to_address for mail in mails} == {world.user_a.email, world.user_b.email}
    assert all("更正版" in mail.subject or "corrected" in mail.subject for mail in mails)


def test_the_box_is_not_offered_where_the_rule_mails_nobody(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = closed_world(db_session)
    workbook = finished(world, kind=JobKind.ANNUAL_WORKBOOK)
    db_session.commit()
    _as_secretariat(client, auth, world, "zh")
    assert 'id="publish-notify"' not in _page(client, f"/reports/jobs/{workbook.id}")
    client.post(f"/reports/jobs/{workbook.id}/publish")
    assert "notify_members" not in _last_publish(db_session)
