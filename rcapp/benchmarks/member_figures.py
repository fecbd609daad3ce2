"""A member's stored values as one text: metric → decimal, rounded as a NUMERIC(20, 6) column.

The values were one NUMERIC(20, 6) row per metric; they are now one JSON object per
member (models.MemberValues). A value is stored as the text of the very Decimal the
column used to give back, so every page reads the same figures: PostgreSQL rounds a
numeric to its scale half away from zero (`ROUND_HALF_UP` here); SQLite kept a float,
which SQLAlchemy's type converts in and out, and the same conversions are applied here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Final, cast

from sqlalchemy import Dialect, Numeric

_COLUMN: Final = Numeric(20, 6)
_SCALE: Final = Decimal(1).scaleb(-6)
_LIMIT: Final = Decimal(10) ** 14  # 20 digits, 6 of them after the point
_WIDE: Final = Context(prec=60)

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
    """Return a writer of one member's values (metric → value) as stored.

    The text of each distinct value is worked out once: a cycle's 45,000 values at 1,000
    members hold a few thousand distinct ones (section scores have one decimal). Equal
    Decimals but zero round to the same stored value, whatever their exponent.
    """
    texts: dict[Decimal, str] = {}

    def text_of(value: Decimal) -> str:
        found = texts.get(value)
        if found is None:
            found = str(rounding(value))
            if value:  # -0 equals 0 but goes through a float as "-0.000000"
                texts[value] = found
        return found

    def encode(values: Mapping[str, Decimal]) -> str:
        return json.dumps(
            {metric: text_of(value) for metric, value in values.items()}, separators=(",", ":")
        )

    return encode


def decode(text: str, metrics: Collection[str] | None = None) -> dict[str, Decimal]:
    """Read one member's stored values (only `metrics` if given)."""
    found: dict[str, str] = json.loads(text)
    if metrics is None:
        return {metric: Decimal(value) for metric, value in found.items()}
    return {metric: Decimal(found[metric]) for metric in metrics if metric in found}
