"""The working groups' kind rule is the services', not only the web form's (group_kinds).

The organisation form refused a company in the parks group (secwords #3), but the import
(Excel) and `rcapp orgs create` wrote it: each now refuses it naming its row and column, or
its option, and nothing is written.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask_babel import force_locale
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcapp.organisations import services
from rcapp.organisations.cli import orgs_cli
from rcapp.organisations.group_kinds import GroupKindRefused
from rcapp.organisations.import_check import plan_file
from rcapp.organisations.models import Organisation, OrganisationKind, WorkingGroupKind
from tests.factories import credit_code, make_organisation, make_working_group
from tests.org_import_files import company, filled


def _parks_and_process() -> tuple[object, object]:
    parks = make_working_group(
        code="WG-PARKS", kind=WorkingGroupKind.PARKS, name_zh="园区工作组", name_en="Parks group"
    )
    process = make_working_group(code="WG-PS", name_zh="工艺安全工作组", name_en="Process safety")
    return parks, process


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Organisation)) or 0


def _values(kind: OrganisationKind, name: str) -> dict[str, object]:
    return {
        "kind": kind,
        "name_zh": name,
        "credit_code": credit_code(),
        "province": "江苏省",
        "city": "南京市",
    }


def test_the_service_refuses_a_group_of_the_other_kind(app: Flask, db_session: Session) -> None:
    parks, process = _parks_and_process()
    with pytest.raises(GroupKindRefused) as refused:
        services.create_organisation(
            _values(OrganisationKind.COMPANY, "服务层化工"),
            None,
            [parks.id],  # type: ignore[attr-defined]
        )
    assert refused.value.groups == [parks]
    member = make_organisation(kind=OrganisationKind.COMPANY)
    member.working_groups = [process]  # type: ignore[list-item]
    db_session.flush()
    with pytest.raises(GroupKindRefused):  # groups given: set_groups checks them
        services.set_groups(member, [parks], None)  # type: ignore[list-item]
    with pytest.raises(GroupKindRefused):  # a new kind keeps the groups: they must take it
        services.update_organisation(member, {"kind": OrganisationKind.PARK}, None)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_import_refuses_it_naming_row_and_column(
    app: Flask, db_session: Session, lang: str
) -> None:
    _parks_and_process()
    db_session.commit()
    row = company(name_zh="导入园区组化工", credit_code=credit_code(), groups="园区工作组")
    data = filled([row])
    with app.test_request_context(), force_locale("en" if lang == "en" else "zh_CN"):
        plan = plan_file(data)
        texts = [problem.text() for problem in plan.problems]
    assert not plan.creates
    if lang == "en":
        assert len(texts) == 1
        assert texts[0].startswith("Row 2")
        assert (
            "A company cannot join Parks group (its members are chemical parks)."
            " Delete it from this column." in texts[0]
        )
    else:
        assert texts == [
            "第 2 行“工作组”：企业不能加入园区工作组（它的成员是化工园区）。请从本列中删去它。"
        ]


def test_the_command_line_refuses_it_naming_the_option(app: Flask, db_session: Session) -> None:
    _parks_and_process()
    db_session.commit()
    before = _count(db_session)
    runner = app.test_cli_runner()
    common = ["create", "--province", "江苏省", "--city", "南京市"]
    result = runner.invoke(
        orgs_cli,
        [*common, "--kind", "company", "--name-zh", "命令行化工", "--credit-code", credit_code()]
        + ["--group", "WG-PARKS"],
    )
    assert result.exit_code != 0
    assert (
        "--group WG-PARKS：企业不能加入园区工作组（它的成员是化工园区）。请去掉这个 --group。"
        in result.output
    )
    park = runner.invoke(
        orgs_cli,
        [*common, "--kind", "park", "--name-zh", "命令行园区", "--credit-code", credit_code()]
        + ["--group", "WG-PS"],
    )
    assert park.exit_code != 0
    assert "--group WG-PS：化工园区只能加入园区工作组，不能加入工艺安全工作组。" in park.output
    unknown = runner.invoke(
        orgs_cli,
        [*common, "--kind", "park", "--name-zh", "命令行园区", "--credit-code", credit_code()]
        + ["--group", "WG-NONE"],
    )
    assert "--group WG-NONE：没有代码为“WG-NONE”的工作组。现有工作组：WG-PARKS、WG-PS" in (
        unknown.output
    )
    db_session.expire_all()
    assert _count(db_session) == before
    right = runner.invoke(
        orgs_cli,
        [*common, "--kind", "park", "--name-zh", "命令行园区", "--credit-code", credit_code()]
        + ["--group", "WG-PARKS"],
    )
    assert right.exit_code == 0, right.output
    made = db_session.scalars(select(Organisation).where(Organisation.name_zh == "命令行园区"))
    assert [group.code for group in made.one().working_groups] == ["WG-PARKS"]
