"""docs/permissions.md agrees with `can`, and every administration page refuses the right roles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole, OrgRole, User
from rcapp.accounts.services import add_membership
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.clock import beijing_today
from rcapp.cycles.models import CycleStatus
from rcapp.organisations.models import Organisation, PartnerRelation, ValueChainPartner
from rcapp.permissions import RULES, Action, can
from tests.conftest import AuthActions
from tests.factories import (
    Cast,
    all_rows,
    credit_code,
    make_assessment,
    make_cast,
    make_cycle,
    make_organisation,
    make_user,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
COLUMNS = {
    "secretariat": ("secretariat",),
    "lead/deputy": ("lead", "deputy"),
    "reviewer": ("reviewer",),
    "org admin": ("admin",),
    "org member": ("member",),
}
ORG_ACTIONS = {
    Action.ORG_VIEW,
    Action.ORG_EDIT,
    Action.ORG_CONTACT_VIEW,
    Action.ORG_MANAGE_USERS,
    Action.ORG_TEMPLATE,
    Action.ASSESSMENT_START,
}
ASSESSMENT_ACTIONS = {
    Action.ASSESSMENT_VIEW,
    Action.ASSESSMENT_EDIT,
    Action.ASSESSMENT_SUBMIT,
    Action.ASSESSMENT_RETURN,
    Action.RESULT_VIEW,
    Action.EVIDENCE_VIEW,
    Action.EVIDENCE_UPLOAD,
}


def _documented_matrix() -> dict[Action, dict[str, str]]:
    lines = DOC.read_text(encoding="utf-8").splitlines()
    header_at = next(i for i, line in enumerate(lines) if line.startswith("| action |"))
    header = [cell.strip() for cell in lines[header_at].strip("|").split("|")]
    assert header[1:] == list(COLUMNS)
    matrix: dict[Action, dict[str, str]] = {}
    for line in lines[header_at + 2 :]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        action = Action(cells[0].strip("`"))
        assert action not in matrix, f"{action} listed twice"
        matrix[action] = dict(zip(header[1:], cells[1:], strict=True))
    return matrix


def test_the_document_lists_every_action_once() -> None:
    assert set(_documented_matrix()) == set(Action) == set(RULES)


@dataclass
class Targets:
    """Objects in each state a cell can depend on."""

    draft: Assessment
    returned: Assessment
    submitted: Assessment
    closed_draft: Assessment


def _targets(cast: Cast) -> Targets:
    open_cycle = make_cycle(year=2025)
    closed_cycle = make_cycle(year=2024, status=CycleStatus.CLOSED)
    returned_org, submitted_org = _sibling(cast), _sibling(cast)
    return Targets(
        draft=make_assessment(cast.organisation, open_cycle),
        returned=make_assessment(returned_org, open_cycle, status=AssessmentStatus.RETURNED),
        submitted=make_assessment(submitted_org, open_cycle, status=AssessmentStatus.SUBMITTED),
        closed_draft=make_assessment(cast.organisation, closed_cycle),
    )


def _sibling(cast: Cast) -> Organisation:
    """A second organisation in which every cast member holds the same role."""
    sibling = make_organisation()
    sibling.working_groups.append(cast.group)
    add_membership(cast.admin, sibling.id, OrgRole.ADMIN)
    add_membership(cast.member, sibling.id, OrgRole.MEMBER)
    return sibling


def _expected(cell: str, action: Action, targets: Targets, cast: Cast) -> list[tuple[Any, bool]]:
    """(target, allowed) pairs a cell promises."""
    if action in ASSESSMENT_ACTIONS:
        states = {
            "yes": (True, True, True, True),
            "no": (False, False, False, False),
            "while editable": (True, True, False, False),
            "once submitted": (False, False, True, False),
        }[cell]
        objects = (targets.draft, targets.returned, targets.submitted, targets.closed_draft)
        return list(zip(objects, states, strict=True))
    assert cell in ("yes", "no"), f"{action}: {cell!r}"
    if action in ORG_ACTIONS:
        return [(cast.organisation, cell == "yes")]
    if action is Action.GROUP_VIEW:
        return [(cast.group, cell == "yes"), (None, cell == "yes")]
    return [(None, cell == "yes")]


def test_every_cell_matches_can(db_session: Session) -> None:
    cast = make_cast()
    targets = _targets(cast)
    users = cast.by_role()
    failures = []
    for action, row in _documented_matrix().items():
        for column, cell in row.items():
            for role in COLUMNS[column]:
                for target, allowed in _expected(cell, action, targets, cast):
                    if can(users[role], action, target) is not allowed:
                        failures.append(f"{role} {action} {target!r}: expected {allowed}")
    assert failures == []


def test_another_organisation_may_do_nothing_with_a_target(db_session: Session) -> None:
    cast = make_cast()
    targets = _targets(cast)
    for action in ORG_ACTIONS:
        assert not can(cast.other_admin, action, cast.organisation)
    for action in ASSESSMENT_ACTIONS:
        for target in (targets.draft, targets.submitted):
            assert not can(cast.other_admin, action, target)
    assert not can(cast.other_admin, Action.GROUP_VIEW, cast.group)


def test_deactivated_accounts_may_do_nothing(db_session: Session) -> None:
    cast = make_cast()
    cast.secretariat.is_active = False
    assert not any(can(cast.secretariat, action, cast.organisation) for action in Action)


# --- over HTTP -------------------------------------------------------------------------

ROLES = ("secretariat", "lead", "deputy", "reviewer", "admin", "member", "other_admin")
EVERYONE_ELSE = frozenset(ROLES)


@dataclass
class World:
    cast: Cast
    partner: ValueChainPartner
    invitee: User
    group_role_id: int
    open_cycle_id: int
    closed_cycle_id: int


def _world() -> World:
    cast = make_cast()
    partner = ValueChainPartner(name="某承运商", relation=PartnerRelation.CARRIER)
    cast.organisation.partners.append(partner)
    invitee = make_user(cast.organisation, email="invitee@example.cn", password=None)
    open_cycle = make_cycle(year=2025)
    closed = make_cycle(year=2024, status=CycleStatus.CLOSED)
    lead_role = next(r for r in cast.lead.group_roles if r.role is GroupRole.LEAD)
    return World(cast, partner, invitee, lead_role.id, open_cycle.id, closed.id)


def _org_form(w: World) -> dict[str, str]:
    return {
        "kind": "company",
        "name_zh": "改名化工有限公司",
        "credit_code": w.cast.organisation.credit_code,
        "province": "江苏省",
        "city": "无锡市",
        "park_id": "",
        "commitment_status": "not_signed",
    }


Url = Callable[[World], str]
Data = Callable[[World], dict[str, Any]]
Request = tuple[str, Url, Data | None, frozenset[str]]


def _get(url: Callable[[World], str], *allowed: str) -> Request:
    return ("GET", url, None, frozenset(allowed))


def _post(
    url: Callable[[World], str], data: Callable[[World], dict[str, Any]], *allowed: str
) -> Request:
    return ("POST", url, data, frozenset(allowed))


def _org(w: World) -> str:
    return f"/organisations/{w.cast.organisation.id}"


def _no_data(_w: World) -> dict[str, Any]:
    return {}


PAGES: dict[str, Request] = {
    "org list": _get(lambda w: "/organisations/", "secretariat", "lead", "deputy"),
    "org new form": _get(lambda w: "/organisations/new", "secretariat"),
    "org create": _post(
        lambda w: "/organisations/new",
        lambda w: _org_form(w) | {"credit_code": credit_code(999_000_001)},
        "secretariat",
    ),
    "org detail": _get(_org, "secretariat", "lead", "deputy", "admin", "member"),
    "org edit form": _get(lambda w: f"{_org(w)}/edit", "secretariat", "admin"),
    "org edit": _post(lambda w: f"{_org(w)}/edit", _org_form, "secretariat", "admin"),
    "partner add": _post(
        lambda w: f"{_org(w)}/partners/new",
        lambda w: {"name": "新伙伴", "relation": "supplier"},
        "secretariat",
        "admin",
    ),
    "partner edit": _post(
        lambda w: f"{_org(w)}/partners/{w.partner.id}/edit",
        lambda w: {"name": "改名伙伴", "relation": "customer"},
        "secretariat",
        "admin",
    ),
    "partner remove": _post(
        lambda w: f"{_org(w)}/partners/{w.partner.id}/delete", _no_data, "secretariat", "admin"
    ),
    "org users": _get(lambda w: f"{_org(w)}/users", "secretariat", "admin"),
    "org user add": _post(
        lambda w: f"{_org(w)}/users",
        lambda w: {"name": "新同事", "email": "new@example.cn", "role": "member"},
        "secretariat",
        "admin",
    ),
    "org user role": _post(
        lambda w: f"{_org(w)}/users/{w.cast.member.id}/role",
        lambda w: {"role": "admin"},
        "secretariat",
        "admin",
    ),
    "org user join": _post(
        lambda w: f"{_org(w)}/users/join",
        lambda w: {"join-email": w.cast.other_admin.email, "join-role": "member"},
        "secretariat",
    ),
    "org user remove page": _get(
        lambda w: f"{_org(w)}/users/{w.cast.member.id}/remove", "secretariat"
    ),
    "org user remove": _post(
        lambda w: f"{_org(w)}/users/{w.cast.member.id}/remove", _no_data, "secretariat"
    ),
    "org user remove confirmed": _post(
        lambda w: f"{_org(w)}/users/{w.cast.member.id}/remove",
        lambda w: {"confirmed": "1"},
        "secretariat",
    ),
    "org user deactivate": _post(
        lambda w: f"{_org(w)}/users/{w.cast.member.id}/deactivate", _no_data, "secretariat", "admin"
    ),
    "org user invite": _post(
        lambda w: f"{_org(w)}/users/{w.invitee.id}/invite", _no_data, "secretariat", "admin"
    ),
    "users list": _get(lambda w: "/admin/users", "secretariat"),
    "user new form": _get(lambda w: "/admin/users/new", "secretariat"),
    "user create": _post(
        lambda w: "/admin/users/new",
        lambda w: {
            "name": "甲",
            "email": "x@example.cn",
            "is_secretariat": "y",
            "organisation_id": "",
            "role": "member",
            "access": "invite",
        },
        "secretariat",
    ),  # fmt: skip
    "user deactivate": _post(
        lambda w: f"/admin/users/{w.cast.member.id}/deactivate", _no_data, "secretariat"
    ),
    "user invite": _post(lambda w: f"/admin/users/{w.invitee.id}/invite", _no_data, "secretariat"),
    "groups": _get(lambda w: "/working-groups/", "secretariat", "lead", "deputy"),
    "group": _get(lambda w: f"/working-groups/{w.cast.group.id}", "secretariat", "lead", "deputy"),
    "group role add": _post(
        lambda w: f"/working-groups/{w.cast.group.id}/roles",
        lambda w: {"email": "member@example.cn", "role": "reviewer"},
        "secretariat",
    ),
    "group role remove": _post(
        lambda w: f"/working-groups/{w.cast.group.id}/roles/{w.group_role_id}/delete",
        _no_data,
        "secretariat",
    ),
    "cycles": _get(lambda w: "/cycles/", "secretariat"),
    "cycle new form": _get(lambda w: "/cycles/new", "secretariat"),
    "cycle detail": _get(lambda w: f"/cycles/{w.open_cycle_id}", "secretariat"),
    "cycle deadline": _post(
        lambda w: f"/cycles/{w.open_cycle_id}/deadline",
        lambda w: {"deadline": (beijing_today() + dt.timedelta(days=30)).isoformat()},
        "secretariat",
    ),
    "cycle close": _post(lambda w: f"/cycles/{w.open_cycle_id}/close", _no_data, "secretariat"),
    "cycle close confirmed": _post(
        lambda w: f"/cycles/{w.open_cycle_id}/close", lambda w: {"confirmed": "1"}, "secretariat"
    ),
    "cycle organisations": _get(
        lambda w: f"/cycles/{w.open_cycle_id}/organisations", "secretariat"
    ),
    "cycle organisations download": _get(
        lambda w: f"/reports/cycles/{w.open_cycle_id}/organisations.xlsx", "secretariat"
    ),
    "cycle remind": _post(
        lambda w: f"/cycles/{w.open_cycle_id}/remind",
        lambda w: {"organisation_ids": [w.cast.organisation.id]},
        "secretariat",
    ),
    "cycle late form": _get(
        lambda w: f"/cycles/{w.open_cycle_id}/late/{w.cast.organisation.id}", "secretariat"
    ),
    "cycle allow late": _post(
        lambda w: f"/cycles/{w.open_cycle_id}/late/{w.cast.organisation.id}",
        # After any deadline the world has, and within a year of it (the extension's bound).
        lambda w: {"until": (beijing_today() + dt.timedelta(days=200)).isoformat(), "shown": ""},
        "secretariat",
    ),
    "cycle withdraw late": _post(
        lambda w: f"/cycles/{w.open_cycle_id}/late/{w.cast.organisation.id}/withdraw",
        _no_data,
        "secretariat",
    ),
    "outbox": _get(lambda w: "/outbox/", "secretariat"),
    "outbox deliver": _post(lambda w: "/outbox/deliver", _no_data, "secretariat"),
    "cycle reopen": _post(
        lambda w: f"/cycles/{w.closed_cycle_id}/reopen",
        lambda w: {"reason": "更正数据的原因"},
        "secretariat",
    ),
    "audit": _get(lambda w: "/audit/", "secretariat"),
}


def _call(client: FlaskClient, request: Request, world: World) -> Any:
    method, url, data, _allowed = request
    if method == "GET":
        return client.get(url(world))
    assert data is not None
    return client.post(url(world), data=data(world))


@pytest.mark.parametrize("page", list(PAGES))
def test_each_page_refuses_every_other_role_and_changes_nothing(
    page: str, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = _world()
    db_session.commit()
    request = PAGES[page]
    before = all_rows(db_session)
    anonymous = _call(client, request, world)
    assert anonymous.status_code == 302
    assert "/login" in anonymous.headers["Location"]
    assert all_rows(db_session) == before
    users = world.cast.by_role() | {"other_admin": world.cast.other_admin}
    for role in sorted(EVERYONE_ELSE - request[3]):
        auth.login(users[role].email)
        before = all_rows(db_session)
        response = _call(client, request, world)
        assert response.status_code == 403, f"{page} as {role}: {response.status_code}"
        assert all_rows(db_session) == before, f"{page} as {role} changed the database"
        auth.logout()
    for role in sorted(request[3]):
        auth.login(users[role].email)
        response = _call(client, request, world)
        # Not refused; a second allowed role may find the partner already removed (404).
        # The late form answers 409 when there is nothing to allow yet (the world's deadline
        # is ahead: QA13 S14), which is the page working, not a permission refusal.
        accepted = (200, 302, 404, 409) if page == "cycle allow late" else (200, 302, 404)
        assert response.status_code in accepted, f"{page} as {role}: {response.status_code}"
        auth.logout()
