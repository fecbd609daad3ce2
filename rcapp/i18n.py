"""Languages: Chinese by default, English beside it; the choice is kept in the session."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property
from typing import Any

from babel import Locale
from babel.support import NullTranslations
from flask import Flask, current_app, g, has_app_context, has_request_context, request, session
from flask_babel import Babel, Domain, LazyString, get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from rcapp.person_names import name_in_pinyin
from rcapp.reference_numbers import marked_gloss
from rcapp.written_language import any_chinese, in_chinese, written_language

LANG_SESSION_KEY = "lang"

# CJK ideographs (the unified blocks, extension A and compatibility ideographs).
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def select_locale() -> str:
    supported: tuple[str, ...] = current_app.config["LANGUAGES"]
    # A service run outside a request (CLI, queue job, test setup) has no session: it
    # writes in the source language unless it forces one (force_locale), as mail does.
    if not has_request_context():
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    chosen = session.get(LANG_SESSION_KEY)
    if chosen in supported:
        return str(chosen)
    # A signed-in user sees Chinese unless they switch: many HSE staff run English-language
    # browsers, and the programme's working language is Chinese. A visitor who chose nothing
    # (a mail's link opened logged out on a phone) gets the browser's language (qa: an
    # English director met a Chinese login page).
    if not _signed_in():
        return visitor_locale()
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def _signed_in() -> bool:
    return bool(current_user.is_authenticated)


# Each supported code parsed once: babel's `Locale.parse` of a code costs some 17 µs, and
# Flask-Babel parses what the selector returns on every request (a Locale passes as is).
_parsed: dict[str, Locale] = {}


def _selected_locale() -> Locale:
    code = select_locale()
    found = _parsed.get(code)
    if found is None:
        found = _parsed[code] = Locale.parse(code)
    return found


def visitor_locale() -> str:
    """Return the language for a visitor the app does not know (no session, no account).

    The one chosen in this session, else the browser's (Accept-Language) among the
    supported ones, else Chinese. Only pages that cannot know whose they are (a lost
    session's refused form, an unknown link) use it; every other page is `select_locale`'s.
    """
    supported: tuple[str, ...] = current_app.config["LANGUAGES"]
    chosen = session.get(LANG_SESSION_KEY)
    if chosen in supported:
        return str(chosen)
    wanted = request.accept_languages.best_match(
        [*supported, *(code.split("_")[0] for code in supported)]
    )
    for code in supported:
        if wanted in (code, code.split("_")[0]):
            return code
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def written_note_text(texts: Iterable[object], by: str | None = "reviewer") -> str:
    """Return the note under typed Chinese text for an English reader (pages and mails).

    "" in Chinese, or when none of `texts` is Chinese. `by` names who wrote it: "reviewer",
    "lead", "deputy" (a drop's reason: finding_hands), "secretariat" (a return's comments,
    an extension's or a withdrawal's reason),
    "company" (its answers on the reviewer's items), or None (an appeal, an action's closing
    evidence: said in general).
    """
    if current_lang() != "en" or not any_chinese(texts):
        return ""
    if by == "reviewer":
        return gettext("评审员以中文填写，按原文显示。")
    if by == "lead":
        return gettext("组长以中文填写，按原文显示。")
    if by == "deputy":
        return gettext("副组长以中文填写，按原文显示。")
    if by == "secretariat":
        return gettext("秘书处以中文填写，按原文显示。")
    if by == "company":
        return gettext("单位以中文填写，按原文显示。")
    return gettext("以上内容以中文填写，按原文显示。")


def current_lang() -> str:
    """Return 'zh' or 'en': the key that picks a rubric text."""
    locale = get_locale()
    return "en" if locale is not None and locale.language == "en" else "zh"


def sentences(parts: Iterable[Any]) -> str:
    """Join translated sentences as the language writes them: Chinese runs on, English spaces."""
    return ("" if current_lang() == "zh" else " ").join(str(part) for part in parts if part)


def translations() -> NullTranslations:
    """Return the current catalogue, looked up once per context rather than per string.

    Flask-Babel resolves domain, locale and catalogue on every gettext call (about 25 µs;
    a section page translates hundreds of strings). The catalogue is kept where Flask-Babel
    itself keeps per-context state: `refresh()` deletes it and `force_locale()` clears and
    restores it, so a changed or forced language is still honoured.
    """
    if not has_app_context():
        return _looked_up()
    found = getattr(getattr(g, "_flask_babel", None), "babel_translations", None)
    if isinstance(found, NullTranslations):
        return found
    found = _looked_up()  # also creates Flask-Babel's state on `g` if missing
    state = getattr(g, "_flask_babel", None)
    if state is not None:
        state.babel_translations = found
    return found


def _looked_up() -> NullTranslations:
    found: NullTranslations = get_translations()
    return found


def gettext(msgid: str, /, **params: Any) -> str:
    """Translate `msgid` and fill in `params` (as Flask-Babel's gettext does)."""
    text = str(translations().ugettext(msgid))
    return closed_up(text, params) % params if params else text


# A person's name in a message: Chinese text writes no space beside a Chinese name
# ("已被孙志强删除"), while a Latin name keeps its spaces ("已被 John Li 删除") (qa53).
_NAME_PARAMS = ("name", "names", "who", "by")
_WIDE = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"


def closed_up(text: str, params: dict[str, Any]) -> str:
    """Drop the space between Chinese words and a Chinese name filled into `text`."""
    for key in _NAME_PARAMS:
        value = params.get(key)
        if not isinstance(value, str) or not value:
            continue
        slot = re.escape(f"%({key})s")
        if _HAN.match(value[0]):
            text = re.sub(f"(?<=[{_WIDE}]) (?={slot})", "", text)
        if _HAN.match(value[-1]):
            text = re.sub(f"(?<={slot}) (?=[{_WIDE}])", "", text)
    return text


def lazy_gettext(msgid: str, /, **params: Any) -> LazyString:
    """Translate when shown (form labels are built before the language is known)."""
    return LazyString(gettext, msgid, **params)


def marked_chinese(text: object) -> Markup:
    """Template filter `zh`: on an English page, mark text with Chinese in it as Chinese.

    What users type (names, reasons, notes) stays in their words; without lang="zh-CN" a
    screen reader reads it with the English page's voice. Elsewhere the text is only escaped.
    """
    if text is None:
        return Markup("")
    if current_lang() == "en" and _HAN.search(str(text)):
        return in_chinese(text)
    return escape(text)


def marked_written(text: object) -> Markup:
    """Template filter `written`: text a reviewer typed, marked with the language it is in.

    In either interface (rcapp.written_language): lang="zh-CN" around Chinese, so an English
    reader's browser offers to translate it and a screen reader reads it in Chinese.
    """
    if text is None:
        return Markup("")
    return in_chinese(text) if written_language(text) is not None else escape(text)


def person_reading(name: object) -> str:
    """Return a person's name in pinyin for an English page, else "" (Chinese, or no reading).

    Users have no English name to show (qa54 7): the `person` filter and every message that
    names a person (person_text) add this reading beside the Chinese name.
    """
    if current_lang() != "en" or name is None:
        return ""
    return name_in_pinyin(str(name))


def person_text(name: str) -> str:
    """Return a person's name as a message fills it in: "黄磊 (Huang Lei)" in English."""
    reading = person_reading(name)
    return f"{name} ({reading})" if reading else name


def someone(name: str | None) -> str:
    """Name who did something in a message: person_text, or 其他用户 (a deleted account)."""
    return person_text(name) if name else gettext("其他用户")


def person_name(name: object) -> Markup:
    """Template filter `person`: a person's name, marked as `zh` does, read as person_text."""
    marked = marked_chinese(name)
    if reading := person_reading(name):
        return marked + Markup(" (%s)") % reading
    return marked


def marked_chinese_terms(text: object) -> Markup:
    """Template filter `zh_terms`: on an English page, mark the Chinese an English text keeps.

    Rubric English texts keep some Chinese terms beside the English ("Units running key
    supervised hazardous processes (重点监管危险化工工艺)"): only those are read as Chinese,
    not the whole text as `zh` would. Elsewhere the text is only escaped.
    """
    if text is None:
        return Markup("")
    if current_lang() == "en":
        return marked_gloss(str(text))
    return escape(text)


class _ClosingDomain(Domain):  # type: ignore[misc] # Flask-Babel is untyped
    """Flask-Babel's gettext and ngettext, a Chinese name closed up with its words (closed_up)."""

    def gettext(self, string: str, **variables: Any) -> str:
        text = str(self.get_translations().ugettext(string))
        return closed_up(text, variables) % variables if variables else text

    def ngettext(self, singular: str, plural: str, num: int, **variables: Any) -> str:
        variables.setdefault("num", num)
        text = str(self.get_translations().ungettext(singular, plural, num))
        return closed_up(text, variables) % variables


class _Babel(Babel):  # type: ignore[misc] # as above
    @cached_property
    def domain_instance(self) -> Domain:
        return _ClosingDomain(domain=self.domain)


@pass_context
def _template_gettext(context: Context, msgid: str, /, **params: Any) -> str:
    """Jinja's newstyle gettext (fills in and escapes), a Chinese name closed up (closed_up)."""
    text = str(translations().ugettext(msgid))
    text = closed_up(text, params)
    shown = Markup(text) if context.eval_ctx.autoescape else text  # noqa: S704 - a msgid
    return shown % params


def _install_template_gettext(app: Flask) -> None:
    """Templates translate through the cached catalogue (Jinja fills in and escapes)."""
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined] # added by the i18n extension
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.globals["gettext"] = _template_gettext  # `_` calls it too


def init_app(app: Flask) -> None:
    _Babel(app, locale_selector=_selected_locale)
    _install_template_gettext(app)
    app.jinja_env.globals["current_lang"] = current_lang
    app.jinja_env.filters["zh"] = marked_chinese
    app.jinja_env.filters["zh_terms"] = marked_chinese_terms
    app.jinja_env.filters["written"] = marked_written
    app.jinja_env.globals["any_chinese"] = any_chinese
    app.jinja_env.globals["written_note_text"] = written_note_text
    app.jinja_env.filters["person"] = person_name
    app.jinja_env.filters["person_text"] = person_text  # in an attribute: no markup
