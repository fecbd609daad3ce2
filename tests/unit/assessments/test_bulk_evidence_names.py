"""Which item an evidence file goes to, by the code its name starts with (bulk upload)."""

from __future__ import annotations

import pytest

from rcapp.assessments.bulk_evidence import match_code

CODES = ("MS.G2", "MS.G2.4", "MS.G2.41", "MS.G2.4.1", "C1.E1.1")


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("MS.G2.4 管理制度.pdf", "MS.G2.4"),
        ("ms.g2.4_制度.pdf", "MS.G2.4"),
        ("Ms.G2.4-制度.pdf", "MS.G2.4"),
        ("MS.G2.4.pdf", "MS.G2.4"),  # the full stop before the extension is a separator
        ("MS.G2.4\u3000制度.pdf", "MS.G2.4"),  # a full-width space, as Chinese input types it
        ("MS.G2.41 记录.pdf", "MS.G2.41"),  # not MS.G2.4: "1" is no separator
        ("MS.G2.4.1 记录.pdf", "MS.G2.4.1"),  # both match: the longest code wins
        ("MS.G2 要素.pdf", "MS.G2"),
        ("MS.G2.4.管理制度.pdf", "MS.G2.4"),
        ("c1.e1.1 演练.jpg", "C1.E1.1"),
        ("MS.G2.4制度.pdf", None),  # no separator after MS.G2.4; MS.G2's full stop continues
        ("C1.E1.1", None),  # nothing after the code
        ("制度 MS.G2.4.pdf", None),  # the code not at the start
        ("MS.G2. 要素.pdf", "MS.G2"),
        ("MS.G3.1 制度.pdf", None),
        ("", None),
    ],
)
def test_a_file_goes_to_the_item_whose_code_starts_its_name(
    filename: str, expected: str | None
) -> None:
    assert match_code(filename, CODES) == expected
