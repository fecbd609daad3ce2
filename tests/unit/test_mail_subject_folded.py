"""A subject too long for the "Subject:" line reads without a leading space (QA57 p1).

CPython's folder moves a long subject whole onto a continuation line ("Subject:\\r\\n
Appeal upheld, …"), and its parser keeps the fold's space; unfolded (RFC 5322 3.2.2) the
header is the subject itself, as mail clients show it, and as the debug server now reads it.
"""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from rcapp.mail.debug_server import Received


@pytest.mark.parametrize(
    "subject",
    [
        "Appeal upheld, please settle again: Jiangbei New Materials Co., Ltd. (2025)",
        "Peer review result final: Jiangbei New Materials Co., Ltd. (2025)",
        "申诉成立，请重新裁定：江北新材料有限公司（2025 年度）",
        "x" * 120,
    ],
)
def test_the_received_subject_is_the_subject_sent(subject: str) -> None:
    sent = EmailMessage(policy=policy.SMTP)
    sent["Subject"] = subject
    sent.set_content("body")
    parsed = message_from_bytes(sent.as_bytes(), policy=policy.default)
    assert isinstance(parsed, EmailMessage)

    received = Received("from@example.cn", ("to@example.cn",), parsed)

    assert received.subject == subject
