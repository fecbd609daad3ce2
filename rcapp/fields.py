"""Form building blocks shared by every form: clean text, options and dates."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (  # type: ignore[attr-defined] # stubs 3.2 lack SelectChoice (WTForms 3.3)
    DateField,
    DecimalField,
    Form,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.meta import DefaultMeta
from wtforms.validators import NumberRange, ValidationError

from rcapp.clock import beijing_today, years_after
from rcapp.day_example import example_day

# C0 and C1 control characters except tab, line feed and carriage return, plus the Unicode
# non-characters browsers may pass through. NUL in particular is refused by PostgreSQL
# ("A string literal cannot contain NUL"), so it must never reach a query or a row.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# Invisible format characters no name, note or address needs: zero-width space, joiners
# and direction marks (U+200B-U+200F), bidi embeddings and overrides (U+202A-U+202E), word
# joiner and invisible operators (U+2060-U+2064), bidi isolates (U+2066-U+2069) and the BOM
# (U+FEFF). An override reversed a company's name wherever it was shown ("控制字符司公"),
# and a zero-width character makes two names look alike. Chinese and English text need none.
_INVISIBLE_CHARS = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_UNWANTED_CHARS = re.compile(f"{_CONTROL_CHARS.pattern}|{_INVISIBLE_CHARS.pattern}")


def strip_control_chars(value: Any) -> Any:
    """Drop control and invisible format characters from text (other values pass through).

    The one place text typed by people is cleaned of them: a filter of every CleanForm field
    but passwords (see `_strip_password`), and used directly where a view reads raw form data.
    """
    if isinstance(value, str):
        return _UNWANTED_CHARS.sub("", value)
    return value


def has_control_chars(text: str) -> bool:
    return _UNWANTED_CHARS.search(text) is not None


# Line breaks of any kind (the C0/C1 ones are not stripped above: notes keep them).
_LINE_BREAKS = re.compile(r"[ \t]*[\r\n\u2028\u2029]+[ \t]*")


def fold_line_breaks(value: Any) -> Any:
    r"""Write a line break in a one-line field as one space (QA32 S2).

    A name typed or pasted as "王工\r\nBcc: x@example.cn" was stored with its CR LF and
    read on two lines in the mails that greet it. Text areas keep their line breaks.
    """
    if isinstance(value, str):
        return _LINE_BREAKS.sub(" ", value)
    return value


def strip_surrounding_space(value: Any) -> Any:
    """Drop spaces and line breaks around typed text: "名称 " is stored as "名称"."""
    if isinstance(value, str):
        return value.strip()
    return value


def _strip_password(value: Any) -> Any:
    """Drop control characters only: a password keeps its spaces and format characters.

    It is never shown, and one set before these were cleaned must still match.
    """
    if isinstance(value, str):
        return _CONTROL_CHARS.sub("", value)
    return value


def strip_choice(value: Any) -> Any:
    """Drop spaces around a chosen option's value (a filter of single-choice fields).

    No option's value has them, and `Optional()` lets a blank " " through without
    checking it against the options (a 500 where a view turned it into a number).
    """
    if isinstance(value, str):
        return value.strip()
    return value


def _named(field: Any, message: LazyString) -> LazyString:
    """`message` after the field's label, in the language of the page that shows it."""
    return LazyString(lambda: _("%(field)s：%(value)s", field=field.label.text, value=message))


# WTForms' own refusals say neither which field nor what to do; these replace them.
_NOT_AN_OPTION = _l("不是可选的选项，请从列表中选择。")
_NOT_A_WHOLE_NUMBER = _l("请填写整数，例如 2025。")
_NOT_A_NUMBER = _l("请填写数字，例如 12.5。")


def _name_the_field(field: Any) -> None:
    """Give a choice or number field refusals that name it by its label (unless set)."""
    messages: dict[str, LazyString]
    if isinstance(field, SelectMultipleField):
        return  # its refusals name the values it refuses; set per field where needed
    if isinstance(field, SelectField):
        messages = {
            "invalid_choice_message": _NOT_AN_OPTION,
            "invalid_value_message": _NOT_AN_OPTION,
        }
    elif isinstance(field, IntegerField):
        messages = {"invalid_value_message": _NOT_A_WHOLE_NUMBER}
    elif isinstance(field, DecimalField):
        messages = {"invalid_value_message": _NOT_A_NUMBER}
    else:
        return
    # WTForms 3.3 reads these attributes (its 3.2 type stubs do not know them yet).
    for attribute, message in messages.items():
        if getattr(field, attribute, None) is None:
            setattr(field, attribute, _named(field, message))


class _CleanTextMeta:
    """Form Meta that cleans every text field and names fields in WTForms' own refusals."""

    def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
        # Text, textarea, hidden, password; and choices, which list filters with
        # validate_choice=False take as typed (?province=%00 reached PostgreSQL).
        field_class = unbound_field.field_class
        if issubclass(field_class, (StringField, SelectField)):
            cleaners: list[Any] = [strip_control_chars]
            if issubclass(field_class, PasswordField):
                cleaners = [_strip_password]
            elif issubclass(field_class, StringField):  # text, textarea, e-mail, hidden
                if not issubclass(field_class, (TextAreaField, HiddenField)):
                    cleaners.append(fold_line_breaks)  # a one-line field
                cleaners.append(strip_surrounding_space)
            elif not issubclass(field_class, SelectMultipleField):
                cleaners.append(strip_choice)
            filters = [*cleaners, *unbound_field.kwargs.get("filters", ())]
            options = {**options, "filters": filters}
        field = unbound_field.bind(form=form, **options)
        _name_the_field(field)
        return field

    def render_field(self, field: Any, render_kw: dict[str, Any]) -> Any:
        # The CSRF input without an id: a page with several forms had several
        # id="csrf_token", invalid HTML and a trap for label for / getElementById (QA39 S5).
        if field.type == "CSRFTokenField":
            render_kw = {**render_kw, "id": False}
        return DefaultMeta.render_field(self, field, render_kw)  # type: ignore[arg-type]


class CleanForm(FlaskForm):  # type: ignore[misc] # flask_wtf is untyped
    """FlaskForm (CSRF) whose text fields are trimmed and never carry control characters."""

    class Meta(_CleanTextMeta):
        pass


class CleanQueryForm(Form):
    """Plain WTForms form (query strings, no CSRF) with the same text cleaning."""

    class Meta(_CleanTextMeta):
        pass


def options(pairs: Iterable[tuple[object, object]]) -> list[Any]:
    """Build select options (WTForms 3.3 deprecates plain tuples, and warnings are errors)."""
    return [SelectChoice(str(value), label) for value, label in pairs]


# A day typed rather than picked: a browser without a date picker posts the text as typed.
_TYPED_DAY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def iso_day_text(typed: str) -> str:
    """Write a typed day the ISO way: "2026/12/31", "2026.12.31", "2026年12月31日" → "2026-12-31".

    Full-width digits count as digits; text that is no such day is returned as typed, for the
    field to refuse it.
    """
    text = unicodedata.normalize("NFKC", typed).strip()
    found = _TYPED_DAY.fullmatch(text)
    if found is None:
        return typed
    year, month, day = found.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


class DayField(DateField):
    """A date field whose parse error names the field and the expected format.

    The page says how to give the day beside it (format_note, macros/forms.html) and a day
    typed with slashes or as 年月日 is read too (iso_day_text). A refusal (and a text input's
    note) gives an example day counted from today (day_example): `past=True` for a day that
    happened (a signing), else a day to come.
    """

    # A day the form would accept, for the format note; None: the field's kind of day. A
    # form whose days are bounded sets it, so that its example is never a day it refuses.
    example: dt.date | None = None

    def __init__(self, *args: Any, past: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.past = past

    def example_text(self) -> str:
        """Return the example day as the field reads it (YYYY-MM-DD)."""
        return (self.example or example_day(past=self.past)).isoformat()

    @property
    def format_note(self) -> str:
        """Said under every day field: how to give the day there.

        A date picker (`<input type=date>`, the default) shows the day in the browser's own
        order (Chromium in English: mm/dd/yyyy): naming YYYY-MM-DD under it contradicted
        what the user sees. Only a text input is told the format it reads.
        """
        if getattr(self.widget, "input_type", None) == "date":
            return str(_("点选日期，或按输入框中显示的顺序输入。"))
        return str(_("日期格式：YYYY-MM-DD（年-月-日），例如 %(date)s。", date=self.example_text()))

    def _value(self) -> str:
        # A day read from "2026/3/5" shows as 2026-03-05: a date input shows no other form
        # (it stood empty while the list was filtered by it); an unread day shows as typed.
        if self.data is not None:
            return str(self.data.isoformat())
        return str(super()._value())  # type: ignore[misc] # stubs lack it

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata([iso_day_text(str(v)) for v in valuelist])
        except ValueError as exc:
            typed = " ".join(str(v) for v in valuelist)
            raise ValueError(bad_day_text(self.label.text, typed, self.example_text())) from exc


def bad_day_text(label: str, typed: str, example: str) -> str:
    """Say that `typed` is no day, naming the field and the format with an example."""
    return str(
        _(
            "%(field)s“%(value)s”不是有效日期，请按“年-月-日”填写，例如 %(date)s。",
            field=label,
            date=example,
            value=typed,
        )
    )


def before_today_text(label: str, day: dt.date) -> str | None:
    """Say that `day` lies before today (Beijing), naming the field; None when it does not."""
    today = beijing_today()
    if day >= today:
        return None
    return str(_("%(field)s不能早于今天（%(today)s）。", field=label, today=today.isoformat()))


class MaxLength:
    """Refuse text longer than `limit` characters, naming the field by its label.

    WTForms' `Length` says only "field cannot be longer than ..." beside whichever field.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def __call__(self, form: Any, field: Any) -> None:
        length = len(field.data or "")
        if length > self.limit:
            raise ValidationError(
                _(
                    "%(field)s不能超过 %(max)d 个字符（现有 %(length)d 个）。",
                    field=field.label.text,
                    max=self.limit,
                    length=length,
                )
            )


class NotBeforeToday:
    """Refuse a day before today (Beijing): a due date or deadline lies ahead."""

    def __call__(self, form: Any, field: Any) -> None:
        problem = None if field.data is None else before_today_text(field.label.text, field.data)
        if problem is not None:
            raise ValidationError(problem)


class WithinYears:
    """Refuse a day more than `years` after today (Beijing): a far date is a typing slip."""

    def __init__(self, years: int) -> None:
        self.years = years

    def __call__(self, form: Any, field: Any) -> None:
        latest = years_after(beijing_today(), self.years)
        if field.data is not None and field.data > latest:
            raise ValidationError(
                _(
                    "%(field)s不能晚于 %(date)s（%(years)d 年以内）。",
                    field=field.label.text,
                    date=latest.isoformat(),
                    years=self.years,
                )
            )


class InRange(NumberRange):
    """NumberRange, silent on a number that could not be read: its field already says so.

    Without this, "abc" got two messages: not a whole number, and not within the range.
    """

    def __call__(self, form: Any, field: Any) -> None:
        if field.data is None and field.process_errors:
            return
        super().__call__(form, field)


ID_MAX = 2**31 - 1  # id and year columns are INTEGER: PostgreSQL refuses larger numbers


def id_number(text: str) -> int:
    """Parse a query-string id or year, within what an INTEGER column holds.

    Raises ValueError otherwise, so `request.args.get(name, type=id_number)` gives None.
    """
    number = int(text)
    if not -ID_MAX <= number <= ID_MAX:
        raise ValueError(text)
    return number


def number_keys(lowest: Any = None, *, whole: bool = False) -> dict[str, str]:
    """Choose the phone keyboard of a number field: digits only where no minus is needed.

    iOS's decimal and numeric keypads have no minus key (qa44 D1): a field that takes a
    negative number (a reduction target "-8", a value with no minimum) gets the ordinary
    keyboard; the server reads "-8", "−8" and "－8" alike, so no pattern is needed. A
    whole-number field gets the keypad without a decimal point (qa56 S3), as the event
    form's counts do.
    """
    if lowest is not None and lowest >= 0:
        return {"inputmode": "numeric" if whole else "decimal"}
    return {"inputmode": "text", "autocomplete": "off"}
