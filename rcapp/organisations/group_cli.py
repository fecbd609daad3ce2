"""`rcapp groups ...`: set up a deployment's working groups from the command line."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from rcapp import db
from rcapp.organisations import group_services
from rcapp.organisations.code_sections import code_sections
from rcapp.organisations.models import WorkingGroupKind
from rcapp.organisations.standard_groups import STANDARD_GROUPS


@click.group("groups")
def groups_cli() -> None:
    """Manage working groups (the nine standard ones, or one at a time)."""


@groups_cli.command("seed-standard")
@with_appcontext
def seed_standard_command() -> None:
    """Create the programme's nine standard working groups; those already there are kept."""
    created = group_services.seed_standard(None)
    db.session().commit()
    for group in created:
        click.echo(f"Working group {group.id} created: {group.code} {group.name_zh}")
    kept = len(STANDARD_GROUPS) - len(created)
    click.echo(f"{len(created)} created, {kept} already there.")


@groups_cli.command("create")
@click.option("--code", required=True, help="Short unique code, e.g. WG-PS.")
@click.option("--kind", type=click.Choice([k.value for k in WorkingGroupKind]), required=True)
@click.option("--name-zh", required=True, help="Chinese name.")
@click.option("--name-en", required=True, help="English name.")
@click.option("--section", "section_id", help="Code of practice a `code` group owns (C1–C6).")
@with_appcontext
def create_command(
    code: str, kind: str, name_zh: str, name_en: str, section_id: str | None
) -> None:
    """Add one working group."""
    if not name_zh.strip() or not name_en.strip():
        raise click.ClickException("--name-zh 和 --name-en 不能为空。")
    section_id = section_id.strip().upper() if section_id else None
    known = [sid for sid, _title in code_sections("zh")]
    if section_id is not None and section_id not in known:
        raise click.ClickException(f"--section 应为准则之一：{'、'.join(known)}")
    values = {
        "code": code,
        "kind": WorkingGroupKind(kind),
        "name_zh": name_zh.strip(),
        "name_en": name_en.strip(),
        "section_id": section_id,
    }
    try:
        group = group_services.create_group(values, None)
    except group_services.GroupCodeTaken as exc:
        raise click.ClickException(
            f"代码 {exc.existing.code} 已被工作组“{exc.existing.name_zh}”使用。"
        ) from exc
    except group_services.SectionMissing as exc:
        raise click.ClickException(
            "--kind code 的工作组须用 --section 指定负责的准则（C1–C6）。"
        ) from exc
    db.session().commit()
    click.echo(f"Working group {group.id} created: {group.code} {group.name_zh}")
