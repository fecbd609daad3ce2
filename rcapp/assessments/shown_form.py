"""A page's answer fields from the stored rows, without binding a WTForms form.

Showing a section (a GET) needs no validation, yet binding its form class builds some 250
field objects per request. `ShownForm` offers what the templates read of a bound form
(`field_for`, `subjects`, `has_section_na`, `csrf_token`) and each field's id, name, data,
label, choices and widget markup, read from the form class's unbound fields; the widgets
are WTForms' own, so the HTML is the bound form's. Posts (and refused saves shown again
with their errors and input) still go through the bound form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from wtforms import BooleanField, Label, RadioField, StringField
from wtforms.widgets.core import clean_key  # type: ignore[attr-defined] # not in the stubs

from rcapp.assessments.forms import RubricForm, key
from rcapp.fields import strip_control_chars


class ShownField:
    """One field as a bound WTForms field shows it, with the stored value as its data."""

    __slots__ = ("choices", "data", "id", "label", "name", "render_kw", "type", "widget")

    errors: tuple[str, ...] = ()
    flags: Mapping[str, Any] = {}
    raw_data = None

    def __init__(self, name: str, unbound: Any, data: Any) -> None:
        field_class = unbound.field_class
        self.id = self.name = name
        self.type: str = field_class.__name__
        text = unbound.args[0] if unbound.args else unbound.kwargs.get("label", "")
        self.label = Label(name, text)
        self.widget = field_class.widget
        self.render_kw: dict[str, Any] | None = unbound.kwargs.get("render_kw")
        self.choices = unbound.kwargs.get("choices")
        self.data = _as_processed(field_class, unbound, data)

    def _value(self) -> str:
        if self.type == "BooleanField":
            return "y"
        return "" if self.data is None else str(self.data)

    def __call__(self, **kwargs: Any) -> Markup:
        shown = {clean_key(k): v for k, v in kwargs.items()}
        if self.render_kw:
            shown = {**{clean_key(k): v for k, v in self.render_kw.items()}, **shown}
        return Markup(self.widget(self, **shown))  # noqa: S704 - WTForms' widget escapes

    def __html__(self) -> Markup:
        return self()


def _as_processed(field_class: type, unbound: Any, data: Any) -> Any:
    """Return the data a bound field would hold after `process(None, data)`."""
    if issubclass(field_class, BooleanField):
        return bool(data)
    if issubclass(field_class, RadioField):
        return None if data is None else str(data)
    if data is None:
        data = unbound.kwargs.get("default")
    if issubclass(field_class, StringField):  # the forms' text filter (rcapp.fields)
        return strip_control_chars(data)
    return data


class ShownForm:
    """What the answer templates read of a bound form, for showing stored answers."""

    def __init__(self, form_class: type[RubricForm], data: Mapping[str, Any]) -> None:
        self._class = form_class
        self._data = data
        self.subjects = form_class.subjects
        self.has_section_na = bool(getattr(form_class, "has_section_na", False))

    def field_for(self, subject: str, part: str) -> ShownField | None:
        name = key(subject, part)
        unbound = getattr(self._class, name, None)
        if unbound is None:
            return None
        return ShownField(name, unbound, self._data.get(name))

    def warning_for(self, subject: str, part: str) -> str | None:
        """Return no warning: stored answers carry none, those come with a save."""
        return None

    def taken_for(self, subject: str, part: str) -> str | None:
        """Return no note: a page opened afresh shows what is stored, nothing taken."""
        return None

    def marked_subjects(self) -> list[str]:
        return []

    def in_conflict(self, subject: str) -> bool:
        """Return False: a page opened afresh shows what is stored, no refused input."""
        return False

    @property
    def csrf_token(self) -> Markup:
        """The CSRF input as FlaskForm writes it; nothing when CSRF is off (as in tests)."""
        if not current_app.config.get("WTF_CSRF_ENABLED", True):
            return Markup("")
        token = generate_csrf()
        # No id: a page with several forms had several id="csrf_token" (QA39 S5).
        return Markup('<input name="csrf_token" type="hidden" value="{}">').format(token)
