"""E-mail addresses: one parser for the forms that take an address and for the mail sender.

The forms once checked a shape (`x@y.z`) and the sender parsed the address with the
standard library's header parser: "liu.yang@linhai-chlor,example.cn" passed the one and
failed the other ("Invalid addr_spec"), after the invitation was promised (qa60 #1). Both
now ask `mail_address`, so an address a form accepts is one the sender can write.
"""

from __future__ import annotations

import re
from email.errors import MessageError
from email.headerregistry import Address

from markupsafe import Markup


class UnsendableAddress(ValueError):
    """The address cannot be written as a mail's recipient."""


def mail_address(addr_spec: str, display_name: str = "") -> Address:
    """Return the recipient as the mail names it; UnsendableAddress when it cannot be.

    Beyond what the parser takes, the address must be as typed (the parser drops comments
    such as "(x)a@b.cn"), plain ASCII (a server without SMTPUTF8 refuses others) and have a
    domain with a dot ("zhang@example" is a typo, not an intranet host, here).
    """
    try:
        address = Address(display_name=display_name, addr_spec=addr_spec)
    except (ValueError, IndexError, MessageError) as exc:  # the parser raises all three
        raise UnsendableAddress(f"{addr_spec!r}: {exc}") from exc
    domain = address.domain
    if (
        address.addr_spec != addr_spec
        or not addr_spec.isascii()
        or "." not in domain
        or domain.startswith("[")
    ):
        raise UnsendableAddress(repr(addr_spec))
    return address


def is_sendable(addr_spec: str) -> bool:
    """Tell whether mail can be sent to `addr_spec` (see `mail_address`)."""
    try:
        mail_address(addr_spec)
    except UnsendableAddress:
        return False
    return True


def address_markup(addr_spec: str, break_at: bool = False) -> Markup:
    """Show an address on a page whole: never broken inside (at a hyphen or a dot).

    A table cell broke "linhai-chlor.admin@…" at its hyphen, reading as two addresses.
    `break_at`: where room is short (a crowded table, a phone), it breaks before its @ and
    after a dot of its domain; a piece still wider than the line breaks inside as a last
    resort ("@yongjiang-chem.example.cn" alone was wider than a 390-pixel phone).
    """
    local, at, domain = addr_spec.rpartition("@")
    if not (at and break_at):
        return Markup('<span class="nowrap">%s</span>') % addr_spec
    # "@yongjiang-chem.", "example.", "cn": each dot stays at the end of its line.
    pieces = [local, *re.findall(r"[^.]*(?:\.|$)", "@" + domain)[:-1]]
    return Markup("<wbr>").join(Markup('<span class="addr-part">%s</span>') % p for p in pieces)
