"""The columns every stored file's row carries (storage.py): evidence and finding files.

A mixin, so the two tables keep one description of a stored file. Its columns come after
the table's own (SQLAlchemy's default order), as the migrations created them.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from rcapp.db import created_at


class StoredFileColumns:
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[created_at]
