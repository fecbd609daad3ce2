"""Where a `next=` parameter may send the browser after login or a language switch."""

from __future__ import annotations

import pytest

from rcapp.home import safe_next


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (None, "/"),
        ("", "/"),
        ("/assessments/17", "/assessments/17"),
        ("/assessments/?status=submitted&page=2", "/assessments/?status=submitted&page=2"),
        ("/organisations/3/users#add", "/organisations/3/users#add"),
        ("/评审", "/评审"),  # non-ASCII paths are fine; the redirect encodes them
        # off-site
        ("//evil.example/x", "/"),
        ("https://evil.example/", "/"),
        ("javascript:alert(1)", "/"),
        ("evil.example", "/"),
        ("/\\evil.example", "/"),
        ("/%5Cevil.example", "/%5Cevil.example"),  # still encoded: a path on this site
        # control characters and whitespace (QA: a line break gave a 500 after login)
        ("/assessments/\r\n", "/"),
        ("/x\nA", "/"),
        ("/x\rSet-Cookie: a=b", "/"),
        ("/x\ty", "/"),
        ("/x\x00", "/"),
        ("/x\x7f", "/"),
        ("/x y", "/"),
        ("/x\u3000y", "/"),  # ideographic space
        ("/x\u2028y", "/"),  # line separator
        ("/x\u200by", "/"),  # zero-width space
        (" /x", "/"),
    ],
)
def test_safe_next(target: str | None, expected: str) -> None:
    assert safe_next(target) == expected
