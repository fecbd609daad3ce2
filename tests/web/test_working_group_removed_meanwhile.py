"""Two edits removing the same working group from an organisation at the same moment: the
second is told which group another edit removed and by whom, keeps its input on the form,
and writes nothing (not the generic "changed meanwhile" page)."""

from __future__ import annotations

import html
import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Connection, delete, func, select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from rcapp.organisations import services
from rcapp.organisations.models import Organisation, WorkingGroup, WorkingGroupMember
from tests.conftest import AuthActions
from tests.factories import make_cast, make_secretariat, make_working_group


def _remove_meanwhile(
    monkeypatch: pytest.MonkeyPatch,
    connection: Connection,
    organisation: Organisation,
    group: WorkingGroup,
    actor_id: int,
) -> None:
    """After the edit has read the groups, another edit removes `group` and commits first.

    The rival commits before the edit's first SAVEPOINT (all share the test's connection, so
    a rival inside it would be rolled back with it).
    """
    original = services._check_park

    def raced(*args: Any, **kwargs: Any) -> Any:
        answer = original(*args, **kwargs)
        monkeypatch.setattr(services, "_check_park", original)
        with Session(bind=connection, join_transaction_mode="create_savepoint") as other:
            other.execute(
                delete(WorkingGroupMember).where(
                    WorkingGroupMember.organisation_id == organisation.id,
                    WorkingGroupMember.working_group_id == group.id,
                )
            )
            other.add(
                AuditEntry(
                    actor_id=actor_id,
                    entity="organisation",
                    entity_id=organisation.id,
                    action="update",
                    field="working_groups",
                    before=json.dumps(sorted(g.code for g in organisation.working_groups)),
                    after=json.dumps([]),
                )
            )
            other.commit()
        return answer

    monkeypatch.setattr(services, "_check_park", raced)


def _form(organisation: Organisation, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "company",
        "name_zh": organisation.name_zh,
        "name_en": "",
        "credit_code": organisation.credit_code,
        "province": organisation.province,
        "city": organisation.city,
        "sector": organisation.sector or "",
        "parent_group": "",
        "park_id": "",
        "commitment_status": "not_signed",
        "commitment_signed_on": "",
        "commitment_signatory": "",
        "version": str(organisation.version),
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "工作组“{group}”已在您提交的同时被周秘书移出本单位"),
        ("en", "The working group “{group}” was removed from this organisation by 周秘书"),
    ],
)
def test_a_group_removed_by_another_edit_meanwhile_is_named_and_the_input_kept(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    connection: Connection,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    expected: str,
) -> None:
    cast = make_cast()
    organisation = cast.organisation
    kept = make_working_group(code="PSM", name_zh="工艺安全工作组", name_en="Process Safety")
    organisation.working_groups.append(kept)
    colleague = make_secretariat(name="周秘书")
    db_session.commit()
    auth.login(cast.secretariat.email)
    if lang == "en":
        client.get("/lang/en")
    _remove_meanwhile(monkeypatch, connection, organisation, cast.group, colleague.id)

    # Both remove cast.group; this one also renames the organisation and keeps PSM.
    response = client.post(
        f"/organisations/{organisation.id}/edit",
        data=_form(organisation, city="镇江市", working_groups=[str(kept.id)]),
    )

    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 409
    shown = cast.group.display_name(lang)
    assert expected.format(group=f"{cast.group.code} {shown}") in page
    assert "内容已被他人修改，未保存" not in page  # not the generic page
    assert 'value="镇江市"' in page  # the input stays on the form
    db_session.expire_all()
    assert db_session.get(Organisation, organisation.id).city != "镇江市"  # type: ignore[union-attr]
    mine = select(func.count(AuditEntry.id)).where(
        AuditEntry.actor_id == cast.secretariat.id, AuditEntry.action != "login"
    )
    assert db_session.scalar(mine) == 0  # no audit entry of this request either
