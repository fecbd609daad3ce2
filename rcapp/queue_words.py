"""A malformed RCAPP_QUEUE_URL in words: the setting, what is wrong, and the forms it accepts.

`rcapp check` says it in its --lang (Chinese unless told); every other command, wsgi.py and
the worker stop before any language is chosen, so they say it in Chinese, then English, in
one line. Both come from the catalogue (the msgids below), so the two never drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations

from rcapp.queue import QueueUrlError

TRANSLATIONS_DIR = Path(__file__).parent / "translations"


def queue_url_words(problem: QueueUrlError, gettext: Callable[[str], str]) -> str:
    """Say what is wrong with RCAPP_QUEUE_URL with `gettext` (the language it translates to)."""
    if problem.reason == QueueUrlError.SCHEME:
        reason = gettext("不支持“%(scheme)s://”") % {"scheme": problem.scheme}
    elif problem.reason == QueueUrlError.NO_SCHEME:
        reason = gettext("没有以“sqlite:///”或“redis://”开头")
    elif problem.reason == QueueUrlError.NO_PATH:
        reason = gettext("没有写明队列文件的路径")
    else:
        reason = gettext("格式有误（主机不能为空，端口和数据库编号必须是数字）")
    words = gettext(
        "设置 RCAPP_QUEUE_URL 的值“%(value)s”无法使用：%(reason)s。可用的写法："
        "sqlite:///文件路径（例如 sqlite:////var/lib/rcapp/queue.sqlite3）或 "
        "redis://主机:端口/数据库编号（例如 redis://127.0.0.1:6379/0）；"
        "不设置时使用数据库旁的队列文件。"
    )
    return words % {"value": problem.value, "reason": reason}


@cache
def _english() -> NullTranslations:
    return Translations.load(str(TRANSLATIONS_DIR), ["en"])


def queue_url_both(problem: QueueUrlError) -> str:
    """Say it in Chinese, then in English, for a line written before a language is chosen."""
    return f"{queue_url_words(problem, str)} / {queue_url_words(problem, _english().gettext)}"
