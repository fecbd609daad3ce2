"""Form building blocks shared by the administration forms: options and dates."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import gettext as _
from wtforms import (  # type: ignore[attr-defined] # stubs 3.2 lack SelectChoice (WTForms 3.3)
    DateField,
    SelectChoice,
)


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
