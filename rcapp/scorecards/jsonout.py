"""The scorecard as JSON: every field, Decimals as strings so no digit is lost."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from pydantic import BaseModel

from rcapp.scoring import BandResult, Gate, Scorecard

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

# Properties worth having in the JSON beside the dataclass fields.
_EXTRAS: dict[type, tuple[str, ...]] = {
    Scorecard: ("complete",),
    BandResult: ("passed",),
    Gate: ("item_fixable",),
}


def scorecard_json(scorecard: Scorecard, organisation: str = "") -> str:
    data = {"organisation": organisation, **_mapping(scorecard)}
    return json.dumps(data, ensure_ascii=False, indent=2)


def plain(value: object) -> object:
    """Turn dataclasses, Decimals, enums, dates and texts into JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _mapping(value)
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal | dt.date):
        return str(value)
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | frozenset):
        return [plain(item) for item in value]
    return value


def _mapping(value: DataclassInstance) -> dict[str, object]:
    data = {field.name: plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    for name in _EXTRAS.get(type(value), ()):
        data[name] = plain(getattr(value, name))
    return data
