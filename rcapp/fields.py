"""Form building blocks shared by every form: clean text, options and dates."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import (  # type: ignore[attr-defined] # stubs 3.2 lack SelectChoice (WTForms 3.3)
    DateField,
    Form,
    SelectChoice,
    SelectField,
    StringField,
)

# C0 and C1 control characters except tab, line feed and carriage return, plus the Unicode
# non-characters browsers may pass through. NUL in particular is refused by PostgreSQL
# ("A string literal cannot contain NUL"), so it must never reach a query or a row.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def strip_control_chars(value: Any) -> Any:
    """Drop control characters from text (other values pass through): a field filter."""
    if isinstance(value, str):
        return _CONTROL_CHARS.sub("", value)
    return value


def has_control_chars(text: str) -> bool:
    return _CONTROL_CHARS.search(text) is not None


class _CleanTextMeta:
    """Form Meta that adds `strip_control_chars` to every text field's filters."""

    def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
        # Text, textarea, hidden, password; and choices, which list filters with
        # validate_choice=False take as typed (?province=%00 reached PostgreSQL).
        if issubclass(unbound_field.field_class, (StringField, SelectField)):
            filters = [strip_control_chars, *unbound_field.kwargs.get("filters", ())]
            options = {**options, "filters": filters}
        return unbound_field.bind(form=form, **options)


class CleanForm(FlaskForm):  # type: ignore[misc] # flask_wtf is untyped
    """FlaskForm (CSRF) whose text fields never carry control characters."""

    class Meta(_CleanTextMeta):
        pass


class CleanQueryForm(Form):
    """Plain WTForms form (query strings, no CSRF) with the same text cleaning."""

    class Meta(_CleanTextMeta):
        pass


def options(pairs: Iterable[tuple[object, object]]) -> list[Any]:
    """Build select options (WTForms 3.3 deprecates plain tuples, and warnings are errors)."""
    return [SelectChoice(str(value), label) for value, label in pairs]


class DayField(DateField):
    """A date field whose parse error names the field and the expected format."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(
                _(
                    "%(field)s“%(value)s”不是有效日期，请按“年-月-日”填写，例如 2025-03-31。",
                    field=self.label.text,
                    value=" ".join(str(v) for v in valuelist),
                )
            ) from exc


ID_MAX = 2**31 - 1  # id and year columns are INTEGER: PostgreSQL refuses larger numbers


def id_number(text: str) -> int:
    """Parse a query-string id or year, within what an INTEGER column holds.

    Raises ValueError otherwise, so `request.args.get(name, type=id_number)` gives None.
    """
    number = int(text)
    if not -ID_MAX <= number <= ID_MAX:
        raise ValueError(text)
    return number
