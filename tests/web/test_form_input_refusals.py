"""Bad input on the peer-review, secretariat and KPI target forms: a message naming the field by its
label (Chinese, and English after /lang/en), what was typed kept, nothing stored."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.assessments import kpi_targets
from rcapp.assessments.models import KpiTarget
from rcapp.assessments.queries import rubric_of
from rcapp.clock import beijing_today
from rcapp.organisations.models import OrganisationKind
from rcapp.reviews import reviewing
from rcapp.reviews.models import Decision, Review, ReviewAssignment
from tests.conftest import AuthActions
from tests.factories import all_rows, make_world
from tests.factories_reviews import assign_all, make_review_world, submit_all
from tests.kpi_target_web import ohs_target
from tests.web.test_v2_pages import _v2_assessment, real_rubrics  # noqa: F401

ITEM = "MS.G1.1"
LONG = "长" * 10_000


def _assignment(db_session: Session, auth: AuthActions) -> ReviewAssignment:
    """A reviewer signed in on an assignment that is still being worked on."""
    world = make_review_world(5)
    review = assign_all(world)[0]
    db_session.commit()
    assignment = review.assignments[0]
    auth.login(assignment.reviewer.email)
    return assignment


def _in_consolidation(db_session: Session, auth: AuthActions) -> Review:
    """Both reviews submitted, ITEM flagged; the lead signed in to settle it."""
    world = make_review_world(5)
    review = assign_all(world)[0]
    item = rubric_of(review.assessment).item_index()[ITEM]
    first = review.assignments[0]
    reviewing.save_decision(first, item, False, Decision.ADJUST, 1, "无签字", first.reviewer)
    submit_all(review)
    db_session.commit()
    auth.login(world.lead.email)
    return review


def _finding(**changed: str) -> dict[str, str]:
    due = (beijing_today() + dt.timedelta(days=90)).isoformat()
    typed = {"kind": "corrective_action", "item_id": ITEM, "text": "承诺书须签字"}
    return {**typed, "owner": "王工", "due_on": due, **changed}


@dataclass(frozen=True)
class Case:
    """One refused post: where, what, and the message in both languages."""

    setup: Callable[[Session, AuthActions], str]  # signs in, returns the URL posted to
    data: dict[str, str]
    zh: str
    en: str
    kept: str = ""  # typed text the refusal page must still show


def _decide_url(db_session: Session, auth: AuthActions) -> str:
    return f"/reviews/assignments/{_assignment(db_session, auth).id}/items/{ITEM}"


def _finding_url(db_session: Session, auth: AuthActions) -> str:
    return f"/reviews/assignments/{_assignment(db_session, auth).id}/findings"


def _settle_url(db_session: Session, auth: AuthActions) -> str:
    return f"/reviews/{_in_consolidation(db_session, auth).id}/items/{ITEM}/settle"


def _decision(**changed: str) -> dict[str, str]:
    typed = {"decision": "adjust", "level": "1", "reason": "无签字", **changed}
    return {f"d-{ITEM}-{name}": value for name, value in typed.items()}


CASES = {
    # A blank level passed Optional() unchecked and the view's int(" ") was a 500.
    "blank level": Case(
        _decide_url,
        _decision(level=" "),
        f"{ITEM}：请选择 0–4 之间的等级。",
        f"{ITEM}: please choose a level from 0 to 4.",
    ),
    "unknown decision": Case(
        _decide_url,
        _decision(decision="maybe"),
        "评审结论：不是可选的选项，请从列表中选择。",
        ": not one of the options; please choose one from the list.",
    ),
    "over-long reason": Case(
        _decide_url,
        _decision(reason=LONG),
        "理由不能超过 4000 个字符（现有 10000 个）。",
        "Reason cannot be longer than 4000 characters (it has 10000).",
        kept=LONG,
    ),
    "over-long finding": Case(
        _finding_url,
        _finding(text=LONG),
        "内容不能超过 4000 个字符（现有 10000 个）。",
        "cannot be longer than 4000 characters (it has 10000).",
        kept=LONG,
    ),
    "over-long owner": Case(
        _finding_url,
        _finding(owner="王" * 101),
        "责任人不能超过 100 个字符（现有 101 个）。",
        "cannot be longer than 100 characters (it has 101).",
        kept="王" * 101,
    ),
    "unknown finding kind": Case(
        _finding_url,
        _finding(kind="rumour"),
        "类型：不是可选的选项，请从列表中选择。",
        "Type: not one of the options; please choose one from the list.",
        kept="承诺书须签字",
    ),
    "due date in the past": Case(
        _finding_url,
        _finding(due_on="2000-01-01"),
        "完成期限不能早于今天（",
        "Due date cannot be before today (",
        kept="承诺书须签字",
    ),
    "over-long settlement reason": Case(
        _settle_url,
        {f"s-{ITEM}-level": "3", f"s-{ITEM}-reason": LONG},
        "理由不能超过 4000 个字符（现有 10000 个）。",
        "Reason cannot be longer than 4000 characters (it has 10000).",
        kept=LONG,
    ),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", list(CASES))
def test_bad_review_input_is_refused_naming_the_field_and_nothing_is_stored(
    client: FlaskClient, db_session: Session, auth: AuthActions, name: str, lang: str
) -> None:
    case = CASES[name]
    url = case.setup(db_session, auth)
    if lang == "en":
        assert client.get("/lang/en").status_code == 302
    before = all_rows(db_session)
    response = client.post(url, data=case.data)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code in (200, 422), response.status_code
    assert (case.zh if lang == "zh" else case.en) in page
    assert "Not a valid choice" not in page
    assert "不是有效的选择" not in page
    assert case.kept in page
    db_session.expire_all()
    assert all_rows(db_session) == before


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("zh", "首次登录方式：不是可选的选项，请从列表中选择。"),
        ("en", "First login: not one of the options; please choose one from the list."),
    ],
)
def test_an_unknown_first_login_choice_is_shown_beside_it_and_no_user_is_made(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, message: str
) -> None:
    world = make_world()
    db_session.commit()
    auth.login(world.secretariat.email)
    if lang == "en":
        client.get("/lang/en")
    before = all_rows(db_session)
    data = {
        "name": "张三",
        "email": "zhangsan@example.cn",
        "role": "member",
        "organisation_id": str(world.org_a.id),
        "access": "telepathy",
    }
    response = client.post("/admin/users/new", data=data)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert f'<p class="field-error" id="access-error">{message}</p>' in page
    assert 'value="zhangsan@example.cn"' in page
    db_session.expire_all()
    assert all_rows(db_session) == before


@pytest.mark.parametrize("typed", ["abc", "1e300", "NaN", "1,5"])
def test_a_year_that_is_no_whole_number_is_named_in_the_message(
    client: FlaskClient, db_session: Session, auth: AuthActions, typed: str
) -> None:
    world = make_world()
    db_session.commit()
    auth.login(world.secretariat.email)
    before = all_rows(db_session)
    response = client.post("/cycles/new", data={"year": typed, "deadline": "2031-06-30"})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "年度：请填写整数，例如 2025。" in page
    assert "不是有效的整数" not in page
    db_session.expire_all()
    assert all_rows(db_session) == before


@pytest.mark.parametrize(
    ("changed", "message"),
    [
        # Read as 15 before: a decimal comma is refused everywhere else.
        ({"value": "1,5"}, "目标值：“1,5”不是有效数字。"),
        ({"value": "0", "note": "长" * 2001}, "说明不能超过 2000 个字符（现有 2001 个）。"),
        # Worded as the KPI and events forms word them (the one parser's messages).
        ({"value": "1e400"}, "目标值：数值过大，绝对值须小于 100 万亿。"),
        ({"change_pct": "1.1234567"}, "较基准年变化率（百分比）：最多 6 位小数。"),
    ],
)
def test_a_kpi_target_with_a_decimal_comma_or_a_long_note_is_refused(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
    changed: dict[str, str],
    message: str,
) -> None:
    assessment, email = _v2_assessment(OrganisationKind.COMPANY)
    db_session.commit()
    auth.login(email)
    year = assessment.cycle.year
    data = {"kpi_id": "OHS-01", "base_year": str(year - 1), "deadline": str(year + 2), **changed}
    before = all_rows(db_session)
    response = client.post(f"/assessments/{assessment.id}/targets", data=data)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code in (400, 422)
    assert message in page
    db_session.expire_all()
    assert all_rows(db_session) == before


def _stored_target(db_session: Session) -> tuple[KpiTarget, str]:
    """A company's KPI target at version 1, and the e-mail of a user who may change it."""
    assessment, email = _v2_assessment(OrganisationKind.COMPANY)
    target = ohs_target(assessment, 2)
    db_session.add(target)
    db_session.commit()
    return target, email


def test_a_target_changed_meanwhile_keeps_what_was_typed_and_a_second_save_decides(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
) -> None:
    target, email = _stored_target(db_session)
    year = target.assessment.cycle.year
    target.note = "同事的说明"  # a colleague saves it after the page was opened at version 1
    db_session.commit()
    assert target.version == 2
    auth.login(email)
    url = f"/assessments/{target.assessment_id}/targets/{target.id}"
    data = {
        "kpi_id": "OHS-01",
        "base_year": str(year - 1),
        "deadline": str(year + 4),
        "change_pct": "-15",
        "note": "董事会批准的降幅",
    }
    response = client.post(url, data={**data, "version": "1"})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 409
    assert "此目标在您打开本页后已被他人修改，您的修改未保存，仍显示在下面" in page
    assert "董事会批准的降幅" in page
    assert 'value="-15"' in page
    db_session.expire_all()
    assert (target.deadline, target.change_pct) == (year + 2, Decimal(-10))
    # The page now carries the stored version, so saving again applies the input.
    assert f'name="version" type="hidden" value="{target.version}"' in page
    again = client.post(url, data={**data, "version": str(target.version)})
    assert again.status_code == 302
    db_session.expire_all()
    assert (target.deadline, target.change_pct) == (year + 4, Decimal(-15))


def test_a_target_changed_at_the_moment_of_saving_keeps_what_was_typed(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
    real_rubrics: None,  # noqa: F811
) -> None:
    """The colleague's save lands after the version check, before the write (the UPDATE
    then matches no row of the version read): told as at the check, never a generic page."""
    target, email = _stored_target(db_session)
    year = target.assessment.cycle.year
    checked = kpi_targets.target_violations

    def colleague_saves_meanwhile(*args: Any) -> Any:
        db.session().execute(
            update(KpiTarget)
            .where(KpiTarget.id == target.id)
            .values(version=KpiTarget.version + 1, note="同事的说明")
            .execution_options(synchronize_session=False)  # the page's object keeps version 1
        )
        return checked(*args)

    monkeypatch.setattr(kpi_targets, "target_violations", colleague_saves_meanwhile)
    auth.login(email)
    url = f"/assessments/{target.assessment_id}/targets/{target.id}"
    data = {
        "kpi_id": "OHS-01",
        "base_year": str(year - 1),
        "deadline": str(year + 4),
        "change_pct": "-15",
        "note": "董事会批准的降幅",
        "version": "1",
    }
    response = client.post(url, data=data)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 409
    assert "此目标在您打开本页后已被他人修改，您的修改未保存，仍显示在下面" in page
    assert "董事会批准的降幅" in page
    assert 'value="-15"' in page
    db_session.expire_all()
    stored = db_session.get(KpiTarget, target.id)
    assert stored is not None  # the test's colleague wrote inside the refused transaction
    assert (stored.deadline, stored.change_pct, stored.note) == (year + 2, Decimal(-10), None)
