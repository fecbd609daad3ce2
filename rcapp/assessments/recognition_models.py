"""Recognition of an assessment by the secretariat: a verification (核实) and a good-practice case.

The five-star band asks for both (domain.md §8.2): "verified by the secretariat or a third
party" and "a published good-practice case". One row per thing recorded; a withdrawn row is
kept with its reason, so at most one of each kind stands per assessment (a partial unique
index, as the open appeal's).
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rcapp.assessments.file_columns import StoredFileColumns
from rcapp.db import NEVER_REUSE_IDS, Base, UTCDateTime, created_at, intpk, str_enum


class RecognitionKind(enum.StrEnum):
    VERIFICATION = "verification"  # 核实
    GOOD_PRACTICE_CASE = "good_practice_case"  # 良好实践案例


class Verifier(enum.StrEnum):
    SECRETARIAT = "secretariat"
    THIRD_PARTY = "third_party"  # a named body (机构名称)


class PublishedIn(enum.StrEnum):
    REPORT = "report"  # a report (the annual report, a booklet)
    URL = "url"  # a web page
    MEETING = "meeting"  # a meeting or conference


class Recognition(Base):
    __tablename__ = "assessment_recognitions"
    __table_args__ = (
        Index(
            "uq_assessment_recognitions_standing",
            "assessment_id",
            "kind",
            unique=True,
            sqlite_where=text("withdrawn_at IS NULL"),
            postgresql_where=text("withdrawn_at IS NULL"),
        ),
        NEVER_REUSE_IDS,
    )

    id: Mapped[intpk]
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    kind: Mapped[RecognitionKind] = mapped_column(str_enum(RecognitionKind, "recognition_kind"))
    on_date: Mapped[dt.date] = mapped_column(Date)  # verified on, or published on
    note: Mapped[str] = mapped_column(Text, default="")
    # A verification: by whom (the third party's name when not the secretariat).
    verifier: Mapped[Verifier | None] = mapped_column(str_enum(Verifier, "recognition_verifier"))
    verifier_name: Mapped[str | None] = mapped_column(String(200))
    # A good-practice case: its title and where it was published (a report's name, a URL...).
    title: Mapped[str | None] = mapped_column(String(200))
    published_in: Mapped[PublishedIn | None] = mapped_column(
        str_enum(PublishedIn, "recognition_published_in")
    )
    published_where: Mapped[str | None] = mapped_column(String(500))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[created_at]
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    files: Mapped[list[RecognitionFile]] = relationship(
        back_populates="recognition", cascade="all, delete-orphan", order_by="RecognitionFile.id"
    )

    @property
    def standing(self) -> bool:
        return self.withdrawn_at is None

    def __repr__(self) -> str:
        return f"<Recognition {self.id} {self.kind} assessment={self.assessment_id}>"


class RecognitionFile(Base, StoredFileColumns):
    """A verification's evidence file (its report, a letter); stored as evidence is."""

    __tablename__ = "assessment_recognition_files"
    __table_args__ = (
        Index("ix_assessment_recognition_files_recognition_id", "recognition_id"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[intpk]
    recognition_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_recognitions.id", ondelete="CASCADE")
    )

    recognition: Mapped[Recognition] = relationship(back_populates="files")

    def __repr__(self) -> str:
        return f"<RecognitionFile {self.id} recognition={self.recognition_id}>"
