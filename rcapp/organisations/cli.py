"""`rcapp orgs ...`: register organisations from the command line."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import force_locale, gettext, ngettext

from rcapp import db
from rcapp.organisations import group_services, queries, services
from rcapp.organisations.credit_code import describe_zh, find_problem, normalise_credit_code
from rcapp.organisations.group_kinds import GroupKindRefused, wrong_group_text
from rcapp.organisations.import_check import ImportPlan, plan_file
from rcapp.organisations.import_columns import MAX_BYTES
from rcapp.organisations.import_confirm import check_and_write
from rcapp.organisations.kind_text import kind_refusal_text
from rcapp.organisations.models import CommitmentStatus, OrganisationKind
from rcapp.organisations.provinces import PROVINCES


@click.group("orgs")
def orgs_cli() -> None:
    """Manage organisations (companies and chemical parks)."""


@orgs_cli.command("create")
@click.option("--kind", type=click.Choice([k.value for k in OrganisationKind]), required=True)
@click.option("--name-zh", required=True, help="Chinese name.")
@click.option("--name-en", help="English name.")
@click.option("--credit-code", required=True, help="Unified social credit code (18 characters).")
@click.option("--province", required=True, help="Province, e.g. 江苏省.")
@click.option("--city", required=True)
@click.option("--sector")
@click.option("--parent-group")
@click.option("--park", "park_code", help="Credit code of the chemical park the company is in.")
@click.option(
    "--group",
    "group_codes",
    multiple=True,
    help="Code of a working group to join, e.g. WG-PS; repeat for several.",
)
@with_appcontext
def create_command(
    kind: str,
    name_zh: str,
    name_en: str | None,
    credit_code: str,
    province: str,
    city: str,
    sector: str | None,
    parent_group: str | None,
    park_code: str | None,
    group_codes: tuple[str, ...],
) -> None:
    """Add an organisation to the register."""
    code = _valid_code(credit_code)
    group_ids = [_group_id(group_code) for group_code in group_codes]
    if province not in PROVINCES:
        raise click.ClickException(f"省份“{province}”无效，应为：{'、'.join(PROVINCES)}")
    values = {
        "kind": OrganisationKind(kind),
        "name_zh": name_zh.strip(),
        "name_en": name_en,
        "credit_code": code,
        "province": province,
        "city": city.strip(),
        "sector": sector,
        "parent_group": parent_group,
        "park_id": _park_id(park_code) if park_code else None,
        "commitment_status": CommitmentStatus.NOT_SIGNED,
    }
    try:
        organisation = services.create_organisation(values, None, group_ids)
    except services.DuplicateCreditCode as exc:
        raise click.ClickException(
            f"统一社会信用代码 {code} 已被“{exc.existing.name_zh}”使用。"
        ) from exc
    except services.DuplicateName as exc:
        label = "中文名称" if exc.field == "name_zh" else "英文名称"
        raise click.ClickException(
            f"{label}“{getattr(exc.existing, exc.field)}”已被单位 {exc.existing.id}"
            f"（统一社会信用代码 {exc.existing.credit_code}）使用；同一单位只能登记一次。"
        ) from exc
    except services.InvalidPark as exc:
        raise click.ClickException("--park 须是一个化工园区，且只有企业可以位于园区内。") from exc
    except GroupKindRefused as exc:  # the service's rule (group_kinds), named by the option
        group = exc.groups[0]
        reason = wrong_group_text(exc.kind, group.name_zh, "请去掉这个 --group。")
        raise click.ClickException(f"--group {group.code}：{reason}") from exc
    db.session().commit()
    click.echo(f"Organisation {organisation.id} created: {organisation.name_zh} ({code})")


def _valid_code(text: str) -> str:
    code = normalise_credit_code(text)
    problem = find_problem(code)
    if problem is not None:
        raise click.ClickException(describe_zh(problem))
    return code


def _group_id(group_code: str) -> int:
    group = group_services.find_by_code(group_code.strip())
    if group is None:
        known = "、".join(known.code for known in queries.working_groups()) or "—"
        raise click.ClickException(
            f"--group {group_code}：没有代码为“{group_code}”的工作组。现有工作组：{known}"
        )
    return group.id


def _park_id(park_code: str) -> int:
    park = services.find_by_credit_code(normalise_credit_code(park_code))
    if park is None:
        raise click.ClickException(f"没有统一社会信用代码为 {park_code} 的园区。")
    return park.id


@orgs_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--dry-run", is_flag=True, help="Check the file and show what would change; write nothing."
)
@click.option(
    "--lang", type=click.Choice(["zh", "en"]), default="zh", help="Language of the messages."
)
@with_appcontext
def import_command(path: Path, dry_run: bool, lang: str) -> None:
    """Register organisations from the import template (.xlsx): all rows or none.

    Rows whose credit code is registered already update that organisation.
    """
    if path.stat().st_size > MAX_BYTES:
        raise click.ClickException(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MB")
    data = path.read_bytes()
    locale = "en" if lang == "en" else "zh_CN"
    with force_locale(locale):
        with db.deferred_transactions():  # it only reads: on SQLite, without the write lock
            plan = plan_file(data)
        db.session().rollback()
        _show_plan(plan)
    if not plan.ok:
        with force_locale(locale):  # in the chosen language, as the rows' problems (QA43 S8)
            count = len(plan.problems)
            words = ngettext(
                "%(num)d 个问题，没有写入任何内容。", "%(num)d 个问题，没有写入任何内容。", count
            )
        raise click.ClickException(words)
    counts = {"created": len(plan.creates), "updated": len(plan.updates), "same": plan.unchanged}
    if dry_run:
        with force_locale(locale):
            click.echo(
                gettext(
                    "试运行：将新增 %(created)d 个单位，修改 %(updated)d 个单位，"
                    "%(same)d 行与系统中一致；没有写入任何内容。",
                    **counts,
                )
            )
        return
    # The web's confirmation path (import_confirm): checked again beside the register's digest,
    # written in a short transaction of its own if the plan is still the one shown above.
    with force_locale(locale):
        outcome = check_and_write(data, plan.fingerprint(), None, path.name)
    if isinstance(outcome.refused, services.KindChangeRefused):  # an assessment started since
        raise click.ClickException(_kind_refused_line(outcome.refused, lang))
    if outcome.refused is not None:  # changed by someone else between the check and the write
        raise click.ClickException(
            f"the register changed while importing ({outcome.refused}); nothing written."
        )
    if outcome.written is None:  # the register changed since the check: the plan differs now
        with force_locale(locale):
            for problem in outcome.plan.problems if outcome.plan else []:
                click.echo(problem.text(), err=True)
        raise click.ClickException(
            "the register changed while importing, so the file now means other changes; "
            "nothing written. Run the import again to see them."
        )
    written = outcome.written
    counts.update(created=written.created, updated=written.updated)
    with force_locale(locale):  # a repeat run says its rows were unchanged (QA43 S9)
        click.echo(
            gettext(
                "已导入：新增 %(created)d 个单位，修改 %(updated)d 个单位，"
                "%(same)d 行与系统中一致。",
                **counts,
            )
        )


def _show_plan(plan: ImportPlan) -> None:
    """Print the file's problems (to stderr) and each change it would make to a registration."""
    for problem in plan.problems:
        click.echo(problem.text(), err=True)
    for row in plan.updates:
        for key, old, new in row.changes:
            click.echo(f"{row.row}: {row.values['credit_code']} {key}: {old or '—'} → {new or '—'}")


def _kind_refused_line(refused: services.KindChangeRefused, lang: str) -> str:
    """One line naming the organisation and why its kind stays (the form's and import's words)."""
    organisation = refused.organisation
    kind = (
        OrganisationKind.COMPANY
        if organisation.kind is OrganisationKind.PARK
        else OrganisationKind.PARK
    )
    with force_locale("en" if lang == "en" else "zh_CN"):
        reason = kind_refusal_text(refused, kind)
    name, code = organisation.display_name(lang), organisation.credit_code
    if lang == "en":
        return f"{name} ({code}): {reason} Nothing written."
    return f"{name}（{code}）：{reason}本次导入未写入任何内容。"
