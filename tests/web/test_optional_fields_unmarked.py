"""A form marks its required fields with "*" and leaves the optional ones unmarked (QA47).

The close-action form showed "整改证据 *" beside "证据文件（可选）"; the deactivation form, whose
one field is optional, labelled it "停用原因（可不填）" while its help line can say so once.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reviews import reviewing
from rcapp.reviews.models import FindingKind
from tests.conftest import AuthActions
from tests.factories import make_cast
from tests.factories_reviews import assign_all, make_review_world, submit_and_finalise

MARKERS = ("可选", "可不填", "选填", "optional", "Optional")


def _labels(page: str) -> list[str]:
    found = re.findall(r"<label[^>]*>(.*?)</label>", page, flags=re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", label)).split()) for label in found]


@pytest.mark.parametrize(
    ("lang", "evidence", "file"),
    [("zh", "整改证据 *", "上传证据文件"), ("en", "*", "Upload an evidence file")],
)
def test_the_close_action_form_leaves_the_optional_file_unmarked(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, evidence: str, file: str
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    first = review.assignments[0]
    reviewing.add_finding(
        first,
        FindingKind.CORRECTIVE_ACTION,
        "演练评估报告缺签字",
        "C1.E1.1",
        "王工",
        dt.date(2026, 6, 30),
        first.reviewer,
    )
    submit_and_finalise(review, world.lead)
    db_session.commit()
    auth.login(world.members[0].email)
    if lang == "en":
        client.get("/lang/en")
    page = client.get(f"/reviews/{review.id}/final").get_data(as_text=True)
    start = page.index('id="close-')
    labels = _labels(page[start : page.index("</form>", start)])
    assert labels[0].endswith(evidence), labels  # the required one is marked
    assert file in labels, labels  # the optional one, unmarked
    assert not any(marker in label for label in labels for marker in MARKERS), labels


@pytest.mark.parametrize(
    ("lang", "label", "help_line"),
    [
        ("zh", "停用原因", "可不填。原因会写入审计日志"),
        ("en", "Reason for deactivation", "Optional. The reason is written to the audit log"),
    ],
)
def test_the_deactivation_form_says_once_that_its_one_field_is_optional(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    label: str,
    help_line: str,
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login("sec@example.cn")
    if lang == "en":
        client.get("/lang/en")
    page = client.get(f"/admin/users/{cast.member.id}/deactivate").get_data(as_text=True)
    start = page.index('id="deactivate-form"')
    form = page[start : page.index("</form>", start)]
    assert _labels(form) == [label]
    assert help_line in html.unescape(form)
    assert sum(html.unescape(form).count(marker) for marker in MARKERS) == 1
