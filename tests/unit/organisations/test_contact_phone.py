"""The contact phone on-site reviewers call: a mainland mobile or a landline with area code."""

from __future__ import annotations

import pytest

from rcapp.organisations.contact_phone import normalise_phone, tel_uri


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13800001234", "138-0000-1234"),
        ("138 0000 1234", "138-0000-1234"),
        ("+86 138-0000-1234", "138-0000-1234"),
        ("０５７１－８８８８１２３４", "0571-88881234"),  # typed with a Chinese input method
        ("(0571) 8888-1234", "0571-88881234"),
        ("010-12345678", "010-12345678"),
        ("021 6666 8888", "021-66668888"),
        ("0515-8000101", "0515-8000101"),  # a seven-digit local number
        ("010-12345678 转 123", "010-12345678-123"),
        ("0571-88881234 ext. 9", "0571-88881234-9"),
        ("0571-88881234-12", "0571-88881234-12"),
    ],
)
def test_a_mobile_or_landline_is_written_one_way(typed: str, stored: str) -> None:
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "1380000123",  # ten digits
        "138000012345",  # twelve
        "23800001234",  # a mobile starts with 1
        "13800001234 转 5",  # a mobile has no extension
        "88881234",  # no area code
        "0571-888812",  # six-digit local number
        "0571-888812345",  # nine
        "请打总机",
        "0571-8888abcd",
    ],
)
def test_anything_else_is_refused(typed: str) -> None:
    assert normalise_phone(typed) is None


def test_a_tel_link_dials_the_extension_after_a_pause() -> None:
    assert tel_uri("138-0000-1234") == "tel:13800001234"
    assert tel_uri("0571-88881234") == "tel:057188881234"
    assert tel_uri("0571-88881234-123") == "tel:057188881234,123"
