"""A member's values stored as one text, rounded as the NUMERIC(20, 6) column rounded them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import Column, Dialect, MetaData, Numeric, Table, create_engine, select

from rcapp.benchmarks.member_figures import FigureTexts, column_rounding, decode, encoder

D = Decimal
POSTGRESQL = create_engine("postgresql+psycopg://").dialect  # not connected
DIALECTS = (create_engine("sqlite://").dialect, POSTGRESQL)


def test_postgresql_rounds_half_away_from_zero_to_six_places_without_negative_zero() -> None:
    rounding = column_rounding(POSTGRESQL)
    assert str(rounding(D("0.0000025"))) == "0.000003"
    assert str(rounding(D("-0.0000025"))) == "-0.000003"
    assert str(rounding(D("12"))) == "12.000000"
    assert str(rounding(D("-0.0000001"))) == "0.000000"
    with pytest.raises(ArithmeticError):
        rounding(D("100000000000000"))


def test_sqlite_gives_what_a_numeric_column_gave_back() -> None:
    engine = create_engine("sqlite://")
    table = Table("t", MetaData(), Column("v", Numeric(20, 6)))
    values = [D("0.0000025"), D("79.5"), D("1234567.1234565"), D("0.000000123"), D("-3.25")]
    with engine.begin() as conn:
        table.create(conn)
        for value in values:
            conn.execute(table.delete())
            conn.execute(table.insert(), {"v": value})
            stored = conn.execute(select(table.c.v)).scalar_one()
            assert str(column_rounding(conn.dialect)(value)) == str(stored)


def test_encoded_values_read_back_as_stored_and_only_those_asked_for() -> None:
    encode = encoder(column_rounding(POSTGRESQL))
    text = encode({"section:MS": D("79.5"), "kpi:OHS-03": D("0.013"), "kpi:EN-01": D("0")})
    assert decode(text) == {"section:MS": D("79.5"), "kpi:OHS-03": D("0.013"), "kpi:EN-01": 0}
    assert str(decode(text)["section:MS"]) == "79.500000"
    assert decode(text, {"kpi:OHS-03", "kpi:unknown"}) == {"kpi:OHS-03": D("0.013")}
    # Equal values share their text; zero keeps its own sign through a float.
    sqlite_encode = encoder(column_rounding(create_engine("sqlite://").dialect))
    assert decode(sqlite_encode({"a": D("2.50"), "b": D("2.5")})) == {"a": D("2.5"), "b": D("2.5")}
    assert '"-0.000000"' in sqlite_encode({"a": D("0"), "b": D("-0")})


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda d: d.name)
def test_pieces_are_the_encoder_s_for_zeros_and_exponents(dialect: Dialect) -> None:
    """Pieces are looked up by the value's text: equal Decimals of other forms stay apart."""
    rounding = column_rounding(dialect)
    column = [D("-0"), D(0), D("0.00"), D("1.5"), D("1.50"), None, D("-0"), D("1.5"), D("2E+3")]
    texts = FigureTexts(rounding)
    found = texts.pieces("kpi:X", column)
    expected = [None if v is None else encoder(rounding)({"kpi:X": v})[1:-1] for v in column]
    assert found == expected
    assert texts.pieces("kpi:X", column) == expected  # a second time, from what is kept
