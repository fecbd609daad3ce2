"""A day typed rather than picked is read in the forms the secretariat types it."""

from __future__ import annotations

import pytest

from rcapp.fields import iso_day_text


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("2026-12-31", "2026-12-31"),
        ("2026/12/31", "2026-12-31"),
        ("2026/1/5", "2026-01-05"),
        ("2026.12.31", "2026-12-31"),
        ("2026年12月31日", "2026-12-31"),
        ("2026年1月5日", "2026-01-05"),
        ("2026 年 12 月 31 日", "2026-12-31"),
        (" 2026/12/31 ", "2026-12-31"),
        ("２０２６／１２／３１", "2026-12-31"),  # full-width, as a Chinese IME types it
        ("2026年12月31", "2026-12-31"),
        # not a day of that shape: left as typed, for the field to refuse
        ("12/31/2026", "12/31/2026"),
        ("31.12.2026", "31.12.2026"),
        ("2026-12", "2026-12"),
        ("明天", "明天"),
        ("", ""),
    ],
)
def test_a_typed_day_is_written_the_iso_way(typed: str, read: str) -> None:
    assert iso_day_text(typed) == read
