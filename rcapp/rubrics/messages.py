"""Turn pydantic validation errors into plain-English messages for rubric authors."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from rcapp.rubrics import model
from rcapp.rubrics.checks import Loc, suggestion
from rcapp.rubrics.model import FieldError

_IDENTIFIER_RULE = "an id starts with a letter, then letters, digits, '.', '_' or '-'"
_TEXT = "a text in both languages: a mapping with the keys zh and en"


def _known_keys() -> frozenset[str]:
    keys: set[str] = set()
    for value in vars(model).values():
        if isinstance(value, type) and issubclass(value, BaseModel):
            keys.update(value.model_fields)
    return frozenset(keys)


_KNOWN_KEYS = _known_keys()


def describe_error(error: ErrorDetails, exists: Callable[[Loc], bool]) -> tuple[Loc, str] | None:
    """Return (location in the file, message) for one error, or None for an echo of another.

    `exists` says whether a key/index path is present in the file; steps of pydantic's
    `loc` that are not (the tag of a tagged union) are dropped, except a final missing key.
    """
    ctx = error.get("ctx", {})
    if error["type"] == "too_short" and _long_enough(error["input"], ctx):
        return None  # pydantic also counts a list whose entries failed as too short
    loc = _file_loc(error["loc"], exists)
    cause = ctx.get("error")
    if isinstance(cause, FieldError):
        loc = (*loc, cause.field)
    if error["input"] is None and error["type"] not in ("missing", "extra_forbidden"):
        return loc, f"has no value; expected {_expected(error)}"
    return loc, _message(error, loc)


def _long_enough(value: object, ctx: dict[str, object]) -> bool:
    minimum = ctx.get("min_length")
    return isinstance(value, list | tuple) and isinstance(minimum, int) and len(value) >= minimum


def _file_loc(loc: tuple[int | str, ...], exists: Callable[[Loc], bool]) -> Loc:
    kept: list[int | str] = []
    for index, step in enumerate(loc):
        is_last = index == len(loc) - 1
        if is_last or exists((*kept, step)):
            kept.append(step)
    return tuple(kept)


def _expected(error: ErrorDetails) -> str:
    kind, ctx = error["type"], error.get("ctx", {})
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _TEXT if ctx.get("class_name") == "Text" else "a mapping of keys"
    if kind.startswith("string"):
        return "a text"
    if kind.startswith("int"):
        return "a whole number"
    if kind.startswith(("decimal", "float")):
        return "a number"
    if kind.startswith("bool"):
        return "true or false"
    if kind in ("enum", "literal_error"):
        return f"{ctx.get('expected')}"
    if kind in ("tuple_type", "list_type"):
        return "a list"
    return "a value"


def _message(error: ErrorDetails, loc: Loc) -> str:
    kind, ctx, value = error["type"], error.get("ctx", {}), error["input"]
    if not loc and kind == "model_type":
        return "a rubric file must be a mapping of keys: id, version, kind, title, ..."
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return "must not be empty"
    simple = _SIMPLE.get(kind)
    if simple is not None:
        return simple.format(**ctx)
    if kind == "extra_forbidden":
        return _unknown_key(loc, value)
    if kind == "string_type":
        return f"must be a text{_quote_hint(value)}"
    if kind == "string_pattern_mismatch":
        return f"'{value}' is not a valid id: {_IDENTIFIER_RULE}"
    if kind in ("enum", "literal_error"):
        return f"must be {ctx.get('expected')}, not '{value}'"
    if kind == "union_tag_invalid":
        tag, expected = str(ctx.get("tag")), str(ctx.get("expected_tags"))
        hint = suggestion(tag, re.findall(r"'([^']+)'", expected))
        return f"unknown type '{tag}'{hint}; use one of {expected}"
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])
    if kind in _EXPECTATIONS:
        return f"must be {_expected(error)}"
    return error["msg"][:1].lower() + error["msg"][1:]


def _unknown_key(loc: Loc, value: object) -> str:
    key = str(loc[-1]) if loc else "?"
    message = f"unknown key '{key}'{suggestion(key, _KNOWN_KEYS)}"
    if value is None:
        # `{zh: 中文, en: Signed, not published}` reads "not published" as a key.
        message += "; if it is part of a text containing a comma, put that text in quotes"
    return message


def _quote_hint(value: object) -> str:
    if isinstance(value, bool):
        return " (YAML reads yes/no/on/off/true/false as true or false; put the text in quotes)"
    if isinstance(value, int | float | Decimal | datetime.date):
        return " (put the value in quotes)"
    return ""


_SIMPLE = {
    "missing": "required key is missing",
    "string_too_short": "must be at least {min_length} characters long",
    "string_too_long": "must be at most {max_length} characters long",
    "too_short": "needs at least {min_length} entries, found {actual_length}",
    "too_long": "takes at most {max_length} entries, found {actual_length}",
    "greater_than_equal": "must be at least {ge}",
    "greater_than": "must be greater than {gt}",
    "less_than_equal": "must be at most {le}",
    "less_than": "must be less than {lt}",
    "finite_number": "must be a finite number",
    "int_from_float": "must be a whole number",
    "union_tag_not_found": "needs a {discriminator} key saying which kind of entry it is",
}
_EXPECTATIONS = frozenset(
    {
        "model_type",
        "model_attributes_type",
        "dict_type",
        "int_type",
        "int_parsing",
        "decimal_type",
        "decimal_parsing",
        "float_type",
        "float_parsing",
        "bool_type",
        "bool_parsing",
        "tuple_type",
        "list_type",
    }
)
