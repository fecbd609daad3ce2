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


def page_number(number: int, total: int, per_page: int = PER_PAGE) -> int:
    """Bring `number` within 1..the last page.

    A link to a page past the end (a list that has since shrunk, an edited address) shows
    the last page instead of an empty list.
    """
    last = max(1, -(-total // per_page))
    return min(max(1, number), last)


def paginate(statement: Select[T], number: int, per_page: int = PER_PAGE) -> Page[T]:
    """Run `statement` (already ordered) for page `number`; pages past the end show the last."""
    count_statement: Select[int] = select(func.count()).select_from(statement.subquery())
    total = db.session().scalar(count_statement) or 0
    number = page_number(number, total, per_page)
    rows = db.session().scalars(statement.limit(per_page).offset((number - 1) * per_page))
    return Page(items=list(rows), number=number, per_page=per_page, total=total)
