"""Organisation, value-chain partner and working-group tables."""

from __future__ import annotations

import datetime as dt
import enum
from typing import ClassVar

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from rcapp.clock import beijing_day
from rcapp.db import NEVER_REUSE_IDS, Base, created_at, intpk, str100, str200, str_enum
from rcapp.organisations.name_order import KEY_LENGTH, pinyin_key


class OrganisationKind(enum.StrEnum):
    COMPANY = "company"
    PARK = "park"


class CommitmentStatus(enum.StrEnum):
    NOT_SIGNED = "not_signed"
    SIGNED = "signed"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"


class PartnerRelation(enum.StrEnum):
    SUPPLIER = "supplier"
    CUSTOMER = "customer"
    CARRIER = "carrier"
    CONTRACTOR = "contractor"
    OTHER = "other"


class WorkingGroupKind(enum.StrEnum):
    CODE = "code"  # one of the six codes of practice
    PUBLICITY = "publicity"
    PARKS = "parks"
    COLLEGES = "colleges"


# The organisation's site address and contact (Organisation.site_address ...): what its own
# admin and the secretariat edit, and on-site reviewers read.
CONTACT_FIELDS = ("site_address", "hse_contact", "contact_phone", "contact_email")


def display_name(name_zh: str, name_en: str | None, lang: str) -> str:
    """Return the English name on English pages where there is one, else the Chinese."""
    return name_en if lang == "en" and name_en else name_zh


class Organisation(Base):
    __tablename__ = "organisations"
    permission_subject: ClassVar[str] = "organisation"  # rcapp.permissions.Subject

    id: Mapped[intpk]
    kind: Mapped[OrganisationKind] = mapped_column(str_enum(OrganisationKind, "organisation_kind"))
    name_zh: Mapped[str200]
    # The pinyin of name_zh (rcapp.organisations.name_order), what lists sort by.
    name_sort: Mapped[str] = mapped_column(String(KEY_LENGTH), default="", server_default="")
    name_en: Mapped[str | None] = mapped_column(String(200))
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    province: Mapped[str100]
    city: Mapped[str100]
    sector: Mapped[str | None] = mapped_column(String(100))
    parent_group: Mapped[str | None] = mapped_column(String(200))
    park_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    commitment_status: Mapped[CommitmentStatus] = mapped_column(
        str_enum(CommitmentStatus, "commitment_status"), default=CommitmentStatus.NOT_SIGNED
    )
    commitment_signed_on: Mapped[dt.date | None] = mapped_column(Date)
    commitment_signatory: Mapped[str | None] = mapped_column(String(100))
    # Where on-site reviewers go and whom they call (organisations.contact): the phone and
    # e-mail are shown only to those who need them (reviews.site_contact).
    site_address: Mapped[str | None] = mapped_column(String(300))
    hse_contact: Mapped[str | None] = mapped_column(String(100))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[created_at]
    # Optimistic locking of the profile: a stale edit form is refused, not applied.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    park: Mapped[Organisation | None] = relationship(remote_side="Organisation.id")
    partners: Mapped[list[ValueChainPartner]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="ValueChainPartner.id"
    )
    # By code, as the groups list and the review pages order them.
    working_groups: Mapped[list[WorkingGroup]] = relationship(
        secondary="working_group_members",
        back_populates="organisations",
        order_by="WorkingGroup.code",
    )
    # Newest first, as the pages list them (rcapp.organisations.former_names).
    former_names: Mapped[list[FormerName]] = relationship(
        back_populates="organisation",
        cascade="all, delete-orphan",
        order_by="(FormerName.changed_at.desc(), FormerName.id.desc())",
    )

    __mapper_args__ = {"version_id_col": version}

    @validates("name_zh")
    def _keep_sort_key(self, _key: str, name: str) -> str:
        self.name_sort = pinyin_key(name) if name else ""
        return name

    def display_name(self, lang: str) -> str:
        return display_name(self.name_zh, self.name_en, lang)

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.kind} {self.credit_code}>"


class FormerName(Base):
    """The names an organisation had before one rename (曾用名), kept when it was renamed.

    A column is set only for the name that changed (the other is None): the Chinese name
    before the change, the English one, or both. A typo corrected is not kept.
    """

    __tablename__ = "organisation_former_names"

    id: Mapped[intpk]
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    name_zh: Mapped[str | None] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    # When the name stopped being used: the moment of the rename.
    changed_at: Mapped[created_at]
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    organisation: Mapped[Organisation] = relationship(back_populates="former_names")

    @property
    def changed_on(self) -> dt.date:
        """The day (Beijing) the name was changed."""
        return beijing_day(self.changed_at)

    def display_name(self, lang: str) -> str:
        """Return the former name in the page's language, else the other one kept."""
        if lang == "en":
            return self.name_en or self.name_zh or ""
        return self.name_zh or self.name_en or ""

    def __repr__(self) -> str:
        return f"<FormerName {self.id} of {self.organisation_id} {self.changed_at:%Y-%m-%d}>"


class ValueChainPartner(Base):
    """A partner the company brought into the programme ("1+3")."""

    __tablename__ = "value_chain_partners"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[intpk]
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    name: Mapped[str200]
    credit_code: Mapped[str | None] = mapped_column(String(18))
    relation: Mapped[PartnerRelation] = mapped_column(str_enum(PartnerRelation, "partner_relation"))
    joined_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(500))

    organisation: Mapped[Organisation] = relationship(back_populates="partners")

    def __repr__(self) -> str:
        return f"<ValueChainPartner {self.id} of {self.organisation_id}>"


class WorkingGroup(Base):
    __tablename__ = "working_groups"
    __table_args__ = NEVER_REUSE_IDS
    permission_subject: ClassVar[str] = "working_group"  # rcapp.permissions.Subject

    id: Mapped[intpk]
    code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[WorkingGroupKind] = mapped_column(str_enum(WorkingGroupKind, "working_group_kind"))
    name_zh: Mapped[str200]
    name_en: Mapped[str200]
    section_id: Mapped[str | None] = mapped_column(String(64))  # the code of practice it owns

    organisations: Mapped[list[Organisation]] = relationship(
        secondary="working_group_members", back_populates="working_groups"
    )

    @validates("name_zh")
    def _keep_sort_key(self, _key: str, name: str) -> str:
        self.name_sort = pinyin_key(name) if name else ""
        return name

    def display_name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_zh

    @property
    def member_kind(self) -> OrganisationKind:
        """The kind of organisation the group is made of: parks in the parks group, else companies.

        The one rule: the organisation form refuses another kind, and the group's statistics
        compare its members by it (benchmarks.pages.made_of).
        """
        if self.kind is WorkingGroupKind.PARKS:
            return OrganisationKind.PARK
        return OrganisationKind.COMPANY

    def __repr__(self) -> str:
        return f"<WorkingGroup {self.id} {self.code}>"


class WorkingGroupMember(Base):
    __tablename__ = "working_group_members"
    __table_args__ = (UniqueConstraint("working_group_id", "organisation_id"), NEVER_REUSE_IDS)

    id: Mapped[intpk]
    working_group_id: Mapped[int] = mapped_column(
        ForeignKey("working_groups.id", ondelete="CASCADE")
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))

    def __repr__(self) -> str:
        return f"<WorkingGroupMember wg={self.working_group_id} org={self.organisation_id}>"
