"""Which schema version a backup holds, against the migrations of the installed rcapp.

A restore replaces the whole schema, so the target's own version does not matter; the
backup's does. An older one is fine (`rcapp db upgrade` afterwards). A newer one, made by a
later rcapp, is refused: this version could neither run on it nor migrate it.
"""

from __future__ import annotations

from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util import CommandError

from rcapp.backup.manifest import BackupError
from rcapp.dbcli import alembic_config


def head() -> str | None:
    return _scripts().get_current_head()


def require_known(revision: str | None) -> None:
    """Raise BackupError if `revision` is not one of this rcapp's migrations."""
    if revision is None:  # a database that was never migrated: nothing to compare
        return
    try:
        known = _scripts().get_revision(revision)
    except (CommandError, RevisionError):  # ScriptDirectory wraps an unknown id in CommandError
        known = None
    if known is None:
        raise BackupError(
            f"备份的数据库版本 {revision} 比本程序新，请先安装制作备份的 rcapp 版本 "
            f"(the backup's schema revision {revision} is unknown to this rcapp: it was made "
            "by a newer version; install that version to restore it)."
        )


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config(""))
