"""Closing a year warns of the extensions it cuts short, and tells who is left unfinished.

Before, the close page listed an organisation "extended until …" without saying that
closing takes those days away, and after the close nobody was told anything.
"""

from __future__ import annotations

import datetime as dt
import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.cycles import services
from rcapp.mail.models import OutboxMessage
from rcapp.organisations.models import CommitmentStatus, Organisation
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_user, make_world, start, submitted_assessment
from tests.mail_server import smtp_server  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("smtp_server")


def _days(n: int) -> dt.date:
    return beijing_today() + dt.timedelta(days=n)


def _signed(organisation: Organisation) -> None:
    organisation.commitment_status = CommitmentStatus.SIGNED


def test_the_close_page_warns_and_the_close_tells_the_unfinished(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world(2025)
    submitted_assessment(world)  # organisation A: submitted, nothing left to tell
    drafting = world.org_b
    start(world, drafting)
    extended = make_organisation(commitment_status=CommitmentStatus.SIGNED)  # not started
    idle = make_organisation(commitment_status=CommitmentStatus.SIGNED)  # nothing of its own
    for organisation in (world.org_a, drafting):
        _signed(organisation)
    told = make_user(extended, email="extended@example.cn")
    make_user(idle, email="idle@example.cn")
    world.cycle.deadline = _days(-3)
    services.allow_late_submission(world.cycle, extended.id, _days(10), None)
    db_session.commit()
    auth.login(world.secretariat.email)

    page = html.unescape(client.get(f"/cycles/{world.cycle.id}/close").get_data(as_text=True))
    warning = page[page.index('id="extended"') :]
    assert "1 个单位的逾期提交延期尚未结束" in warning
    assert f"{extended.name_zh} · 延期至 {_days(10).isoformat()} · 还剩 10 天" in warning
    assert "这些延期将随之提前结束" in warning
    assert "系统将通过发件箱通知其中 2 个已开始自评（草稿或已退回）或延期未结束的单位" in page
    # QA8 S4: the not started are counted too, so the sentence adds up to the heading's 3.
    assert "还有 3 个单位尚未提交" in page
    assert "其余 1 个单位未开始自评，关闭时不另行通知" in page
    assert "或提交。其余" in page  # no space between Chinese sentences
    # QA31 S8: "...changed or submitted.The other 1 organisation" in English
    client.get("/lang/en")
    english = html.unescape(client.get(f"/cycles/{world.cycle.id}/close").get_data(as_text=True))
    assert "submitted. The other 1 organisation" in english
    client.get("/lang/zh")

    assert (
        client.post(f"/cycles/{world.cycle.id}/close", data={"confirmed": "1"}).status_code == 302
    )
    db_session.expire_all()
    mails = db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "year.close"))
    by_address = {m.to_address: m for m in mails}
    assert set(by_address) == {told.email, world.user_b.email}
    told_a, told_b = by_address[told.email], by_address[world.user_b.email]
    assert told_a.subject == f"2025 年度已关闭：{extended.name_zh}"
    assert f"逾期提交至 {_days(10).isoformat()}；年度关闭后，这一延期随之结束" in told_a.body
    assert "现已不能再修改或提交" in told_b.body
    assert "延期" not in told_b.body


def test_the_english_close_page_names_the_extension(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world(2025)
    world.cycle.deadline = _days(-3)
    _signed(world.org_a)
    services.allow_late_submission(world.cycle, world.org_a.id, _days(5), None)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get("/lang/en")
    page = html.unescape(client.get(f"/cycles/{world.cycle.id}/close").get_data(as_text=True))
    assert "1 organisation's late-submission extension is still running:" in page
    assert f"Extended until {_days(5).isoformat()} · 5 days left" in page


def test_with_nobody_to_tell_the_page_does_not_say_the_rest(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """QA21 S4: "其余 2 个单位未开始自评" about the same 2 just listed, with no sentence before."""
    world = make_world(2025)
    for organisation in (world.org_a, world.org_b):
        _signed(organisation)
    db_session.commit()
    auth.login(world.secretariat.email)
    url = f"/cycles/{world.cycle.id}/close"
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert "还有 2 个单位尚未提交" in page
    assert "系统将通过发件箱通知" not in page
    assert "其余" not in page
    assert "这 2 个单位都未开始自评，关闭时不另行通知。" in page
    client.get("/lang/en")
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert "The other" not in page
    assert "None of these 2 organisations has started" in page
