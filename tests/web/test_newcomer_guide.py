"""A newcomer's orientation (qa50 #12, #3): the page "how the self-assessment works", read
from the organisation's rubric and the open year's deadline; linked from the home page and
the overview in the organisation's first year, and from the invitation e-mail, which names
the deadline too.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.mail.models import OutboxMessage
from rcapp.organisations.models import CommitmentStatus
from tests.conftest import AuthActions
from tests.factories import (
    make_cycle,
    make_secretariat,
    make_world,
    submitted_assessment,
)
from tests.web.helpers import member_with_assessment, page_words

GUIDE = {
    "zh_CN": (
        "如何开展自评",
        "HG/T 4184《责任关怀实施准则》",
        "0 级：",
        "2025 年度自评的提交截止日期为 {deadline}（北京时间）",
        "1 星（",
    ),
    "en": (
        "How the self-assessment works",
        "HG/T 4184 (Responsible Care code of practice)",
        "Level 0: ",
        "The deadline for the 2025 self-assessment is {deadline} (Beijing time)",
        "1 star (",
    ),
}
LINK = {
    "zh_CN": "第一次参加？请先阅读“如何开展自评”",
    "en": "New to this? Read “How the self-assessment works” first",
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_guide_reads_the_rubric_and_the_deadline(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}?next=/")
    words = page_words(client, "/assessments/guide")
    deadline = world.cycle.deadline.isoformat()
    for text in GUIDE[lang]:
        assert text.format(deadline=deadline) in words
    assert "C6 " in words  # the rubric's own sections


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_first_year_links_the_guide_from_home_and_overview(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    client.get(f"/lang/{lang}?next=/")
    assert LINK[lang] in page_words(client, "/")
    assert LINK[lang] in page_words(client, f"/assessments/{assessment.id}")


def test_a_year_after_a_submitted_one_has_no_link(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world(year=2024)
    submitted_assessment(world)
    cycle = make_cycle(year=2025)
    assessment = services.get_or_start_assessment(world.org_a, cycle, world.user_a)
    db_session.commit()
    auth.login(world.user_a.email)
    assert LINK["zh_CN"] not in page_words(client, "/")
    assert LINK["zh_CN"] not in page_words(client, f"/assessments/{assessment.id}")


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", ("2025 年度自评的提交截止日期为 {deadline}。", "请先阅读“如何开展自评”：")),
        (
            "en",
            (
                "The deadline for the 2025 self-assessment is {deadline}.",
                "please read “How the self-assessment works” first: ",
            ),
        ),
    ],
)
def test_the_invitation_names_the_deadline_and_the_guide(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: tuple[str, ...]
) -> None:
    world = make_world()
    world.org_a.commitment_status = CommitmentStatus.SIGNED  # takes part in 2025
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.get(f"/lang/{'en' if lang == 'en' else 'zh_CN'}")
    client.post(
        "/admin/users/new",
        data={"name": "Sarah Chen", "email": "sarah@example.com",
              "organisation_id": str(world.org_a.id), "role": "admin", "access": "invite"},
    )  # fmt: skip
    mail = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == "sarah@example.com")
    ).one()
    for text in words:
        assert text.format(deadline=world.cycle.deadline.isoformat()) in mail.body
    assert "/assessments/guide" in mail.body
