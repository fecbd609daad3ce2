"""The one scorecard codec: a versioned, lossless Scorecard <-> plain JSON data mapping.

Everything that stores or prints a scorecard goes through here (`rcapp score --format
json`, snapshots, reports), so there is one JSON shape. Decimals travel as strings (no
digit is lost), dates as ISO strings, enums as their values, bilingual texts as {zh, en}.

Decoding is driven by the dataclasses' type hints, so a field added to the scorecard
needs no change here. Documents written before the field existed still decode when the
field has a default; otherwise bump CODEC_VERSION and upgrade old documents explicitly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import types
import typing
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError

from rcapp.scoring.scorecard import BandResult, Gate, Scorecard, VetoHit

CODEC_VERSION = 1

# Properties written beside the fields for readers of the JSON; decoding skips them.
DERIVED: dict[type, tuple[str, ...]] = {
    Scorecard: ("complete",),
    BandResult: ("passed",),
    Gate: ("item_fixable",),
}


class CodecError(ValueError):
    """A document that is not a scorecard of this codec version; `path` says where."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path or '$'}: {message}")
        self.path = path


def encode(scorecard: Scorecard, meta: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Return the scorecard as a JSON-ready document.

    `meta` holds plain labels that are not part of the scorecard (the CLI puts the
    organisation's name there); it travels beside the scorecard and is never decoded into it.
    """
    return {
        "codec_version": CODEC_VERSION,
        "meta": dict(meta or {}),
        "scorecard": _plain(scorecard),
    }


def decode(document: Mapping[str, Any]) -> Scorecard:
    """Rebuild the Scorecard from `encode`'s document; CodecError names the first bad key."""
    if not isinstance(document, Mapping):
        raise CodecError("", "a scorecard document must be an object")
    version = document.get("codec_version")
    if version != CODEC_VERSION:
        raise CodecError("codec_version", f"expected {CODEC_VERSION}, found {version!r}")
    return typing.cast(Scorecard, _value(Scorecard, document.get("scorecard"), "scorecard"))


def meta_of(document: Mapping[str, Any]) -> dict[str, str]:
    meta = document.get("meta", {})
    if not isinstance(meta, Mapping) or not all(isinstance(v, str) for v in meta.values()):
        raise CodecError("meta", "must be an object of texts")
    return {str(key): value for key, value in meta.items()}


def dumps(document: Mapping[str, Any]) -> str:
    """Write the canonical text of a document: stable key order, Chinese kept readable."""
    return json.dumps(document, ensure_ascii=False, indent=2)


def loads(text: str) -> Scorecard:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CodecError("", f"not JSON: {exc}") from exc
    return decode(document)


def veto_hits(text: str | None) -> tuple[VetoHit, ...]:
    """Decode a scorecard's vetoes given as JSON text (a part of a stored document)."""
    try:
        hits = json.loads(text or "null")
    except json.JSONDecodeError as exc:
        raise CodecError("scorecard.rating.vetoes", f"not JSON: {exc}") from exc
    path = "scorecard.rating.vetoes"
    return typing.cast(tuple[VetoHit, ...], _value(tuple[VetoHit, ...], hits, path))


def gate_kinds(text: str | None) -> set[str]:
    """Return the kinds of a list of gates given as JSON text (a part of a stored document)."""
    try:
        gates = json.loads(text or "null")
        if not isinstance(gates, list):
            raise TypeError("expected a list of gates")
        return {str(gate["kind"]) for gate in gates}
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise CodecError("scorecard.rating.binding", f"not readable: {exc}") from exc


def plain(value: object) -> Any:
    """Return a part of a scorecard (gates, veto hits) as JSON-ready data, as `encode` does."""
    return _plain(value)


def gates_of(data: Any) -> tuple[Gate, ...]:
    """Rebuild gates from `plain`'s data; CodecError names the first bad key."""
    return typing.cast(tuple[Gate, ...], _value(tuple[Gate, ...], data, "gates"))


def veto_hits_of(data: Any) -> tuple[VetoHit, ...]:
    """Rebuild veto hits from `plain`'s data; CodecError names the first bad key."""
    return typing.cast(tuple[VetoHit, ...], _value(tuple[VetoHit, ...], data, "vetoes"))


def _plain(value: object) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        for name in DERIVED.get(type(value), ()):
            data[name] = _plain(getattr(value, name))
        return data
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal | dt.date):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | frozenset):
        return [_plain(item) for item in value]
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _value(hint: Any, data: Any, path: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return _union(typing.get_args(hint), data, path)
    if origin is tuple:
        return _tuple(typing.get_args(hint), data, path)
    if origin in (frozenset, list):
        _expect(isinstance(data, list), path, "expected a list")
        (item_type,) = typing.get_args(hint)
        return origin(_value(item_type, item, f"{path}[{n}]") for n, item in enumerate(data))
    if origin in (dict, Mapping):
        key_type, value_type = typing.get_args(hint)
        _expect(isinstance(data, Mapping), path, "expected an object")
        return {
            _key(key_type, key, f"{path}.{key}"): _value(value_type, item, f"{path}.{key}")
            for key, item in data.items()
        }
    if origin is typing.Literal:
        _expect(data in typing.get_args(hint), path, f"expected one of {typing.get_args(hint)}")
        return data
    if isinstance(hint, type):
        return _scalar(hint, data, path)
    raise CodecError(path, f"cannot decode type {hint!r}")


def _key(key_type: Any, key: str, path: str) -> Any:
    """JSON keys are texts; integer keys (years) were written with str()."""
    if key_type is int:
        _expect(key.lstrip("-").isdigit(), path, "expected an integer key")
        return int(key)
    return _value(key_type, key, path)


def _union(options: tuple[Any, ...], data: Any, path: str) -> Any:
    if data is None:
        _expect(type(None) in options, path, "must not be null")
        return None
    real = [option for option in options if option is not type(None)]
    if len(real) == 1:
        return _value(real[0], data, path)
    errors = []
    for option in real:
        try:
            return _value(option, data, path)
        except CodecError as exc:
            errors.append(str(exc))
    raise CodecError(path, "matches none of: " + "; ".join(errors))


def _tuple(args: tuple[Any, ...], data: Any, path: str) -> tuple[Any, ...]:
    _expect(isinstance(data, list), path, "expected a list")
    if len(args) == 2 and args[1] is Ellipsis:
        return tuple(_value(args[0], item, f"{path}[{n}]") for n, item in enumerate(data))
    _expect(len(data) == len(args), path, f"expected {len(args)} entries")
    return tuple(
        _value(a, item, f"{path}[{n}]") for n, (a, item) in enumerate(zip(args, data, strict=True))
    )


def _scalar(cls: type, data: Any, path: str) -> Any:
    if dataclasses.is_dataclass(cls):
        return _dataclass(cls, data, path)
    if issubclass(cls, BaseModel):
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise CodecError(path, exc.errors()[0]["msg"]) from exc
    if issubclass(cls, enum.Enum):
        try:
            return cls(data)
        except ValueError as exc:
            raise CodecError(path, f"unknown {cls.__name__} {data!r}") from exc
    if cls is Decimal:
        _expect(isinstance(data, str), path, "expected a decimal written as a string")
        try:
            return Decimal(data)
        except InvalidOperation as exc:
            raise CodecError(path, f"not a decimal: {data!r}") from exc
    if cls is dt.date:
        _expect(isinstance(data, str), path, "expected an ISO date")
        try:
            return dt.date.fromisoformat(data)
        except ValueError as exc:
            raise CodecError(path, f"not an ISO date: {data!r}") from exc
    if cls is bool or cls is str:
        _expect(type(data) is cls, path, f"expected {cls.__name__}")
        return data
    if cls is int:
        _expect(type(data) is int, path, "expected an integer")
        return data
    raise CodecError(path, f"cannot decode type {cls.__name__}")


def _dataclass(cls: type, data: Any, path: str) -> Any:
    _expect(isinstance(data, Mapping), path, f"expected a {cls.__name__} object")
    hints = _hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = set(data) - set(fields) - set(DERIVED.get(cls, ()))
    _expect(not unknown, path, f"unknown keys {sorted(unknown)}")
    values = {}
    for name, field in fields.items():
        where = f"{path}.{name}"
        if name in data:
            values[name] = _value(hints[name], data[name], where)
        else:
            has_default = field.default is not dataclasses.MISSING or (
                field.default_factory is not dataclasses.MISSING
            )
            _expect(has_default, where, "missing")
    return cls(**values)


def _expect(condition: bool, path: str, message: str) -> None:
    if not condition:
        raise CodecError(path, message)
