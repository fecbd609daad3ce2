"""One parser for the forms and the mail sender: what a form accepts can be sent (qa60 #1)."""

from __future__ import annotations

import pytest

from rcapp.email_addresses import UnsendableAddress, is_sendable, mail_address
from rcapp.mail.delivery import as_email
from rcapp.mail.models import OutboxMessage

SENDABLE = [
    "zhang@example.cn",
    "liu.yang@linhai-chlor.example.con",  # a typo, but a valid address: sent, bounced
    "Zhang.Wei+rc@Example.CN",
    "o'brien@example.cn",
    "a_b-c@mail.example.com.cn",
]
REFUSED = [
    "liu.yang@linhai-chlor,example.cn",  # qa60 #1: the worker said "Invalid addr_spec"
    "liu.yang@linhai-chlor",  # no dot in the domain
    "liu.yang＠linhai-chlor.example.cn",  # a full-width ＠
    "a@b..cn",  # the header parser raised HeaderParseError, no ValueError
    "a@.b.cn",
    "a@b.cn.",
    "a.@b.cn",
    "a b@example.cn",
    "(note)a@example.cn",  # the parser drops the comment: not the address typed
    "<a@example.cn>",
    "a@b@example.cn",
    "张伟@example.cn",  # a server without SMTPUTF8 refuses it
    "a@例子.中国",
    "a@[127.0.0.1]",
    "@example.cn",
    "",
]


@pytest.mark.parametrize("address", SENDABLE)
def test_an_accepted_address_is_the_one_the_mail_is_sent_to(address: str) -> None:
    assert is_sendable(address)
    assert mail_address(address, "王工").addr_spec == address
    message = OutboxMessage(to_address=address, to_name="王工", subject="s", body="b", lang="zh_CN")
    assert address in str(as_email(message, "rcapp <rcapp@localhost>")["To"])


@pytest.mark.parametrize("address", REFUSED)
def test_an_address_the_sender_could_not_write_is_refused(address: str) -> None:
    assert not is_sendable(address)
    with pytest.raises(UnsendableAddress):
        mail_address(address)
    # The sender reads it as a message that can never go out, and never crashes on it.
    message = OutboxMessage(to_address=address, to_name="王工", subject="s", body="b", lang="zh_CN")
    with pytest.raises(UnsendableAddress):  # a ValueError, which delivery catches
        as_email(message, "rcapp <rcapp@localhost>")
