"""One page of a long list (organisations, users, audit entries): rows, page number, total."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import Select, func, select

from rcapp import db

T = TypeVar("T")
PER_PAGE = 25


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def paginate(statement: Select[T], number: int, per_page: int = PER_PAGE) -> Page[T]:
    """Run `statement` (already ordered) for page `number`; pages past the end come back empty."""
    number = max(1, number)
    count_statement: Select[int] = select(func.count()).select_from(statement.subquery())
    total = db.session().scalar(count_statement) or 0
    rows = db.session().scalars(statement.limit(per_page).offset((number - 1) * per_page))
    return Page(items=list(rows), number=number, per_page=per_page, total=total)
