"""A member's stored values as one text: metric → decimal, rounded as a NUMERIC(20, 6) column.

The values were one NUMERIC(20, 6) row per metric; they are now one JSON object per
member (models.MemberValues). A value is stored as the text of the very Decimal the
column used to give back, so every page reads the same figures: PostgreSQL rounds a
numeric to its scale half away from zero (`ROUND_HALF_UP` here); SQLite kept a float,
which SQLAlchemy's type converts in and out, and the same conversions are applied here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Final, cast

from sqlalchemy import Dialect, Numeric

_COLUMN: Final = Numeric(20, 6)
_SCALE: Final = Decimal(1).scaleb(-6)
_LIMIT: Final = Decimal(10) ** 14  # 20 digits, 6 of them after the point
_WIDE: Final = Context(prec=60)
_json_string: Final[Callable[[str], str]] = json.encoder.encode_basestring_ascii

Rounding = Callable[[Decimal], Decimal]


def column_rounding(dialect: Dialect) -> Rounding:
    """Return what a NUMERIC(20, 6) column of this database stores and reads back for a value."""
    impl = _COLUMN.dialect_impl(dialect)
    bind = impl.bind_processor(dialect)
    if bind is None:  # the Decimal goes to the server as it is, which rounds it to the scale
        return _server_rounding
    read = impl.result_processor(dialect, None)  # SQLite: a float back to a 6-place Decimal
    if read is None:
        raise NotImplementedError(f"NUMERIC stored without reading back on {dialect.name}")
    return lambda value: cast(Decimal, read(bind(value)))


def _server_rounding(value: Decimal) -> Decimal:
    rounded = value.quantize(_SCALE, rounding=ROUND_HALF_UP, context=_WIDE)
    if abs(rounded) >= _LIMIT:  # the column refused it ("numeric field overflow")
        raise ArithmeticError(f"{value} does not fit NUMERIC(20, 6)")
    return abs(rounded) if rounded.is_zero() else rounded  # numeric has no negative zero


def encoder(rounding: Rounding) -> Callable[[Mapping[str, Decimal]], str]:
    """Return a writer of one member's values (metric → value) as stored."""
    encode = pairs_encoder(rounding)
    return lambda values: encode(values.items())


def pairs_encoder(rounding: Rounding) -> Callable[[Iterable[tuple[str, Decimal]]], str]:
    """Return a writer of one member's values given as (metric, value) pairs, metrics unique."""
    return FigureTexts(rounding).pairs


class FigureTexts:
    """Stored texts written piece by piece: the JSON of each metric and distinct value once.

    A member's text is `json.dumps` of its dict metric → value text (compact separators);
    here the pieces `"metric":` and `"value"` are worked out once each, by the function
    `json.dumps` writes every string with, and joined (a
    cycle's 45,000 values at 1,000 members hold a few thousand distinct ones; section
    scores have one decimal). Equal Decimals but zero round to the same stored value,
    whatever their exponent.
    """

    def __init__(self, rounding: Rounding) -> None:
        self._rounding = rounding
        self._values: dict[Decimal, str] = {}
        self._metrics: dict[str, str] = {}
        self._by_text: dict[str, str] = {}  # str(value) -> the JSON of its stored text

    def value(self, value: Decimal) -> str:
        """Return the JSON of the value's stored text."""
        found = self._values.get(value)
        if found is None:
            found = _json_string(str(self._rounding(value)))
            if value:  # -0 equals 0 but goes through a float as "-0.000000"
                self._values[value] = found
        return found

    def metric(self, metric: str) -> str:
        """Return the JSON of the metric followed by the colon."""
        found = self._metrics.get(metric)
        if found is None:
            found = self._metrics[metric] = _json_string(metric) + ":"
        return found

    def pieces(self, metric: str, values: Sequence[Decimal | None]) -> list[str | None]:
        """Return the piece `"metric":"value"` of each value (None for None), in order.

        The values are looked up by their text (`str`, which tells every Decimal apart,
        sign and exponent included), not by the Decimal: a KPI figure is a fresh Decimal,
        and its first hash costs about twice its text (a cycle's million figures).
        """
        key, known, value = self.metric(metric), self._by_text, self._of_text
        return [
            None if v is None else key + (known.get(text) or value(v, text))
            for v, text in zip(values, map(str, values), strict=True)
        ]

    def _of_text(self, value: Decimal, text: str) -> str:
        found = self._by_text[text] = _json_string(str(self._rounding(value)))
        return found

    def pairs(self, pairs: Iterable[tuple[str, Decimal]]) -> str:
        """Return the text of (metric, value) pairs, metrics unique, in their order."""
        return join([self.metric(metric) + self.value(value) for metric, value in pairs])


def join(pieces: Iterable[str]) -> str:
    """Return the text of a member's values from its pieces (`"metric":"value"`), in order."""
    return "{" + ",".join(pieces) + "}"


def decode(text: str, metrics: Collection[str] | None = None) -> dict[str, Decimal]:
    """Read one member's stored values (only `metrics` if given)."""
    found: dict[str, str] = json.loads(text)
    if metrics is None:
        return {metric: Decimal(value) for metric, value in found.items()}
    return {metric: Decimal(found[metric]) for metric in metrics if metric in found}
