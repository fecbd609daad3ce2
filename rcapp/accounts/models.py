"""User, organisation membership, working-group role and invitation tables."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from rcapp.db import NEVER_REUSE_IDS, Base, UTCDateTime, created_at, intpk, str100, str_enum
from rcapp.organisations.models import Organisation, WorkingGroup
from rcapp.permissions import Grants


class OrgRole(enum.StrEnum):
    MEMBER = "member"  # fills the organisation's assessments
    ADMIN = "admin"  # also edits the profile and the organisation's users


class GroupRole(enum.StrEnum):
    LEAD = "lead"
    DEPUTY = "deputy"
    REVIEWER = "reviewer"


def parse_login_id(login_id: str) -> tuple[int, int] | None:
    """Read `<id>.<session_version>` (User.get_id) as (user id, version); None if malformed."""
    user_id, _dot, version = login_id.partition(".")
    if not user_id.isdigit() or not version.isdigit():
        return None
    return int(user_id), int(version)


class User(Base):
    __tablename__ = "users"

    id: Mapped[intpk]
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str100]
    password_hash: Mapped[str | None] = mapped_column(String(256))
    is_active: Mapped[bool] = mapped_column(default=True)
    is_secretariat: Mapped[bool] = mapped_column(default=False)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    # Part of every session's login id: raising it (logout, password change, deactivation)
    # turns every existing session cookie of this user, copied or not, into an anonymous one.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[created_at]
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # The UI language last chosen (zh_CN/en); e-mails to the user are written in it.
    language: Mapped[str | None] = mapped_column(String(8))

    # In the order joined (the pages list them so): without an ORDER BY, PostgreSQL returns
    # an updated row last and SQLite reads them by organisation id through the unique index.
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="Membership.id"
    )
    group_roles: Mapped[list[WorkingGroupRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="WorkingGroupRole.id"
    )

    # Flask-Login protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """Return the login id kept in the session: `<id>.<session_version>` (web.load_user)."""
        return f"{self.id}.{self.session_version}"

    # The login loader reads the user's organisation and group roles as plain values in
    # the same query as the user row (queries.user_for_request) instead of loading both
    # collections on every page; the permission rules read them here (permissions.grants_of).
    _GRANTS_KEY = "_rcapp_loaded_grants"

    def keep_loaded_grants(self, grants: Grants) -> None:
        self.__dict__[self._GRANTS_KEY] = grants

    def loaded_grants(self) -> Grants | None:
        """Return the roles read with this user's row for this request, while nothing changed them.

        None once either collection is loaded (it may be changed in memory) or a membership
        or group role was flushed in this session: the rules then read the collections.
        """
        found = self.__dict__.get(self._GRANTS_KEY)
        if found is None or "memberships" in self.__dict__ or "group_roles" in self.__dict__:
            return None
        assert isinstance(found, Grants)  # noqa: S101 - only keep_loaded_grants writes it
        return found

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id"), NEVER_REUSE_IDS)

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    role: Mapped[OrgRole] = mapped_column(str_enum(OrgRole, "org_role"), default=OrgRole.MEMBER)

    user: Mapped[User] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship()

    def __repr__(self) -> str:
        return f"<Membership user={self.user_id} org={self.organisation_id} {self.role}>"


class WorkingGroupRole(Base):
    __tablename__ = "working_group_roles"
    __table_args__ = (UniqueConstraint("user_id", "working_group_id", "role"), NEVER_REUSE_IDS)

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    working_group_id: Mapped[int] = mapped_column(
        ForeignKey("working_groups.id", ondelete="CASCADE")
    )
    role: Mapped[GroupRole] = mapped_column(str_enum(GroupRole, "group_role"))

    user: Mapped[User] = relationship(back_populates="group_roles")
    working_group: Mapped[WorkingGroup] = relationship()

    def __repr__(self) -> str:
        return f"<WorkingGroupRole user={self.user_id} wg={self.working_group_id} {self.role}>"


class Invitation(Base):
    """A one-time link with which a new user sets the first password (no mail server needed)."""

    __tablename__ = "invitations"

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[created_at]
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # Set when a newer invitation is issued or the password is set another way.
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    def __repr__(self) -> str:
        return f"<Invitation {self.id} user={self.user_id}>"


@event.listens_for(Session, "after_flush")
def _forget_loaded_grants(session: Session, _context: Any) -> None:
    """After a membership or group role is written, make users read their roles afresh."""
    changed = (*session.new, *session.dirty, *session.deleted)
    if not any(isinstance(found, Membership | WorkingGroupRole) for found in changed):
        return
    for found in session.identity_map.values():
        if isinstance(found, User):
            found.__dict__.pop(User._GRANTS_KEY, None)
