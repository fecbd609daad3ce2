"""The columns every stored file's row carries (storage.py): evidence and finding files.

A mixin, so the two tables keep one description of a stored file. Its columns come after
the table's own (SQLAlchemy's default order), as the migrations created them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from rcapp.db import created_at

if TYPE_CHECKING:
    from rcapp.assessments.storage import StoredFile


class StoredFileColumns:
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[created_at]


def stored_file_values(
    original_name: str, stored: StoredFile, uploaded_by_id: int | None
) -> dict[str, Any]:
    """Return the mixin's values for a file just written to the store (uploaded_at: default)."""
    return {
        "original_name": original_name,
        "stored_name": stored.stored_name,
        "content_type": stored.content_type,
        "size": stored.size,
        "sha256": stored.sha256,
        "uploaded_by_id": uploaded_by_id,
    }
