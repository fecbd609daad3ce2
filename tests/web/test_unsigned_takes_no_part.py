"""A company whose commitment is not signed takes no part in a year (QA63 M1).

A company registered as 未签署 started, filled and submitted the open year; the year's
counts and star distribution then included it while its page still read 未签署. The rule
of the year's counts (cycles.participants.signed_for) now decides the start too: its home
page says why there is no start button, a start is refused with the same words, the
secretariat reads the reason on its page and in the registry, and the invitation names no
deadline. One started before the rule keeps its history, marked on the year's pages.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments.queries import find_assessment
from rcapp.mail.models import OutboxMessage
from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_secretariat, make_world
from tests.web.helpers import page_words

REASON = {
    "zh_CN": "贵单位尚未登记签署责任关怀承诺书，签署后方可参加年度自评；"
    "如已签署，请联系秘书处登记签署日期。",
    "en": "Your organisation has no signed Responsible Care commitment on record",
}
NOTE = {
    "zh_CN": "尚未登记签署承诺书：不能开始年度自评，登记签署日期后方可参加。",
    "en": "No signed commitment on record: it cannot start a self-assessment",
}
MARK = {"zh_CN": "未签署承诺书", "en": "Commitment not signed"}
COUNTED = {
    "zh_CN": "其中 1 个单位尚未登记签署承诺书（列表中标为“未签署承诺书”），但已开始自评",
    "en": "1 of them has no signed commitment on record",
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_an_unsigned_company_is_told_why_and_cannot_start(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()
    world.org_a.commitment_status = CommitmentStatus.NOT_SIGNED
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}")
    home = page_words(client, "/")
    assert home.count(REASON[lang]) == 1
    assert "/assessments/start/" not in client.get("/").get_data(as_text=True)
    assert "/assessments/start/" not in client.get("/assessments/").get_data(as_text=True)
    refused = client.post(
        f"/assessments/start/{world.org_a.id}/{world.cycle.id}", follow_redirects=True
    )
    assert REASON[lang] in " ".join(refused.get_data(as_text=True).split())
    assert find_assessment(world.org_a.id, world.cycle.id) is None


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_secretariat_reads_the_reason_on_the_page_and_in_the_registry(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()
    world.org_a.commitment_status = CommitmentStatus.NOT_SIGNED
    world.org_b.commitment_status = CommitmentStatus.SIGNED
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}")
    assert NOTE[lang] in page_words(client, f"/organisations/{world.org_a.id}")
    assert NOTE[lang] not in page_words(client, f"/organisations/{world.org_b.id}")
    assert page_words(client, "/organisations/").count(NOTE[lang]) == 1


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_an_assessment_started_before_is_kept_and_marked_on_the_year_pages(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()
    world.org_a.commitment_status = CommitmentStatus.NOT_SIGNED
    world.org_b.commitment_status = CommitmentStatus.SIGNED
    started = make_assessment(world.org_a, world.cycle)
    make_assessment(world.org_b, world.cycle)
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}")
    assert COUNTED[lang] in page_words(client, f"/cycles/{world.cycle.id}")
    listed = page_words(client, f"/cycles/{world.cycle.id}/organisations")
    assert listed.count(MARK[lang]) == 1
    auth.login(world.user_a.email)
    assert f"/assessments/{started.id}" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("signed", [False, True])
def test_the_invitation_names_a_deadline_only_to_a_company_that_takes_part(
    client: FlaskClient, db_session: Session, auth: AuthActions, signed: bool
) -> None:
    world = make_world()
    world.org_a.commitment_status = (
        CommitmentStatus.SIGNED if signed else CommitmentStatus.NOT_SIGNED
    )
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.post(
        "/admin/users/new",
        data={"name": "周立新", "email": "zhou@example.cn",
              "organisation_id": str(world.org_a.id), "role": "admin", "access": "invite"},
    )  # fmt: skip
    mail = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == "zhou@example.cn")
    ).one()
    assert ("提交截止日期为" in mail.body) is signed
