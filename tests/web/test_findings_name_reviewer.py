"""The company's "评审发现" list names who wrote each finding (qa66 #6: two identical
亮点, one from each reviewer, read as two bare lines), the name read in English too.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.i18n import person_reading
from rcapp.reviews import reviewing
from rcapp.reviews.models import FindingKind
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise

BY = {"zh": "（评审员：{name}）", "en": "(Reviewer: {name})"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_finding_names_its_reviewer(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    reviewers = [a.reviewer for a in review.assignments]
    reviewers[0].name, reviewers[1].name = "林静", "黄磊"
    for assignment in review.assignments:
        reviewing.add_finding(
            assignment,
            FindingKind.STRENGTH,
            "应急演练组织有序",
            None,
            "",
            None,
            assignment.reviewer,
        )
    submit_and_finalise(review, world.lead)
    db_session.commit()
    auth.login(world.members[0].email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/reviews/{review.id}/final").get_data(as_text=True)
    section = page.split('id="findings"')[1].split("</section>")[0]
    lines = [
        " ".join(html.unescape(re.sub(r"<[^>]+>", " ", li)).split())
        for li in re.findall(r"<li>(.*?)</li>", section, flags=re.S)
    ]
    assert len(lines) == 2
    for line, name in zip(lines, ("林静", "黄磊"), strict=True):
        shown = name if lang == "zh" else f"{name} ({person_reading(name)})"
        assert line.endswith(BY[lang].format(name=shown)), line
