"""Why a message was not sent: a kind stored on the message, words in the reader's language.

The outbox showed the exception's own text ("ConnectionRefusedError: [Errno 111] ...") to
the secretariat. The message now keeps a kind and the server (`connect|127.0.0.1:8213`),
the page says it in words ("无法连接邮件服务器 127.0.0.1:8213"), and the raw text goes to
the log (rcapp.mail.delivery), where the operator looks for it.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass

from flask_babel import gettext as _

CONNECT = "connect"  # the server could not be reached (refused, timed out, unknown name)
LOGIN = "login"  # the server refused RCAPP_MAIL_USERNAME / PASSWORD
SERVER = "server"  # the server answered but would not talk to us (TLS, greeting)
RECIPIENT = "recipient"  # the server refused the recipient's address
REJECTED = "rejected"  # the server refused this message
INVALID = "invalid"  # the message cannot be sent as it is (e.g. a broken header)
KINDS = (CONNECT, LOGIN, SERVER, RECIPIENT, REJECTED, INVALID)
SEPARATOR = "|"


@dataclass(frozen=True)
class Failure:
    kind: str | None  # None: stored before kinds existed (raw text)
    server: str

    def words(self) -> str:
        """Say the cause in the current language."""
        server = self.server
        if self.kind == CONNECT:
            return str(_("无法连接邮件服务器 %(server)s", server=server))
        if self.kind == LOGIN:
            return str(
                _("邮件服务器 %(server)s 拒绝登录：请检查邮件账户的用户名和密码", server=server)
            )
        if self.kind == SERVER:
            return str(_("邮件服务器 %(server)s 拒绝了连接（例如加密设置不符）", server=server))
        if self.kind == RECIPIENT:
            return str(_("邮件服务器 %(server)s 拒收这个收件人地址", server=server))
        if self.kind == REJECTED:
            return str(_("邮件服务器 %(server)s 拒收了这封邮件", server=server))
        if self.kind == INVALID:
            return str(_("这封邮件的格式无法发送（例如收件人名称或主题有误）"))
        # the secretariat reads this and cannot read the log: what to do, not where to look
        return str(_("发送出错；如重试后仍失败，请联系系统管理员（原因记录在服务器日志中）"))


def stored(kind: str, server: str) -> str:
    """Return what the message keeps in `last_error` for this failure."""
    return f"{kind}{SEPARATOR}{server}"


def read(last_error: str | None) -> Failure | None:
    """Return the stored failure, or None when the message has none."""
    if not last_error:
        return None
    kind, sep, server = last_error.partition(SEPARATOR)
    if sep and kind in KINDS:
        return Failure(kind, server)
    return Failure(None, "")


def kind_of(exc: BaseException, *, connecting: bool) -> str:
    """Return the kind of an exception raised while connecting/logging in, or sending."""
    # Order matters: every SMTPException (and ssl.SSLError) is an OSError.
    if isinstance(exc, ValueError):
        return INVALID
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return LOGIN
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return RECIPIENT
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return CONNECT
    if isinstance(exc, smtplib.SMTPException | ssl.SSLError):
        return SERVER if connecting else REJECTED
    if isinstance(exc, OSError):  # refused, timed out, no such host
        return CONNECT
    return SERVER if connecting else REJECTED
