"""The scorecard codec: lossless round trips, the CLI's JSON, and clear refusals."""

from __future__ import annotations

import dataclasses
import json
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rcapp.rubrics.model import Text
from rcapp.scorecards.cli import score_command
from rcapp.scoring import Gate, Scorecard, codec
from rcapp.scoring.scorecard import VetoHit

from .strategies import Case, cases

ROOT = Path(__file__).parents[3]
# Every example `rcapp score` scores (v1 ones too); the refused C2-N/A case prints no card.
EXAMPLES = sorted(
    path for path in (ROOT / "examples").rglob("*.yaml") if "not-applicable" not in path.name
)

# Any value of every scorecard type: finite decimals (NaN never equals itself) and
# texts the rubric format accepts.
DECIMALS = st.decimals(allow_nan=False)
st.register_type_strategy(Text, st.builds(Text, zh=st.text(min_size=1), en=st.text(min_size=1)))
st.register_type_strategy(Decimal, DECIMALS)


def small(cls: type) -> st.SearchStrategy[Any]:
    """Any value of dataclass `cls`, from its type hints, with nested tuples of at most 2.

    Driven by the hints like the codec, so fields added to the scorecard are covered too.
    """
    hints = typing.get_type_hints(cls)
    return st.builds(cls, **{f.name: _small_hint(hints[f.name]) for f in dataclasses.fields(cls)})


def _small_hint(hint: Any) -> st.SearchStrategy[Any]:
    args = typing.get_args(hint)
    if typing.get_origin(hint) is tuple and len(args) == 2 and args[1] is Ellipsis:
        return st.lists(_small_hint(args[0]), max_size=2).map(tuple)
    if type(None) in args:
        (real,) = [a for a in args if a is not type(None)]
        return st.none() | _small_hint(real)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        nested: type = hint
        return st.deferred(lambda: small(nested))
    return st.from_type(hint)


def _round_trip(card: Scorecard) -> Scorecard:
    text = codec.dumps(codec.encode(card))
    return codec.decode(json.loads(text))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_cli_json_decodes_and_re_encodes_byte_for_byte(example: Path) -> None:
    result = CliRunner().invoke(
        score_command,
        [str(example), "--format", "json", "--rubrics-dir", str(ROOT / "rubrics")],
    )
    if result.exit_code != 0:  # the mini example is scored against the test rubrics
        result = CliRunner().invoke(
            score_command,
            [str(example), "--format", "json", "--rubrics-dir", str(ROOT / "tests/data/rubrics")],
        )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)  # data problems are warned about on stderr
    card = codec.decode(document)
    again = codec.dumps(codec.encode(card, codec.meta_of(document))) + "\n"
    assert again == result.stdout
    assert card.rating.stars == document["scorecard"]["rating"]["stars"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_engine_scorecards_survive_the_round_trip(case: Case) -> None:
    card = case.card()
    assert _round_trip(card) == card


@settings(max_examples=40, deadline=None)
@given(small(Scorecard))
def test_any_scorecard_value_survives_the_round_trip(card: Scorecard) -> None:
    assert _round_trip(card) == card


@given(DECIMALS)
def test_decimals_keep_every_digit_and_exponent(value: Decimal) -> None:
    assert str(codec._value(Decimal, str(value), "x")) == str(value)


def _document(**changes: Any) -> dict[str, Any]:
    document = codec.encode(_sample())
    document["scorecard"].update(changes)
    return document


def _sample() -> Scorecard:
    result = CliRunner().invoke(
        score_command,
        [str(ROOT / "examples" / "mini-company-2025.yaml"), "--format", "json"]
        + ["--rubrics-dir", str(ROOT / "tests/data/rubrics")],
    )
    return codec.decode(json.loads(result.output))


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"codec_version": 2, "scorecard": {}}, "codec_version: expected 1, found 2"),
        ({"scorecard": {}}, "codec_version: expected 1, found None"),
        (["not", "an", "object"], "$: a scorecard document must be an object"),
    ],
)
def test_documents_of_another_version_are_refused(document: Any, message: str) -> None:
    with pytest.raises(codec.CodecError, match=message.replace("$", r"\$")):
        codec.decode(document)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"overall": 56.9}, "scorecard.overall: expected a decimal written as a string"),
        ({"overall": "lots"}, "scorecard.overall: not a decimal: 'lots'"),
        ({"year": "2025"}, "scorecard.year: expected an integer"),
        ({"surprise": 1}, r"scorecard: unknown keys \['surprise'\]"),
        ({"sections": {}}, "scorecard.sections: expected a list"),
    ],
)
def test_a_damaged_scorecard_names_the_bad_key(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(codec.CodecError, match=message):
        codec.decode(_document(**changes))


def test_a_missing_field_is_named() -> None:
    document = _document()
    del document["scorecard"]["rating"]["stars"]
    with pytest.raises(codec.CodecError, match=r"scorecard\.rating\.stars: missing"):
        codec.decode(document)


def test_derived_properties_are_written_for_readers_and_not_required() -> None:
    document = _document()
    assert document["scorecard"]["complete"] is True
    assert "passed" in document["scorecard"]["rating"]["bands"][0]
    del document["scorecard"]["complete"]
    assert codec.decode(document).complete


def test_a_field_with_a_default_may_be_absent_from_older_documents() -> None:
    document = _document()
    gate = document["scorecard"]["rating"]["bands"][0]["gates"][0]
    for name in ("subject", "required", "actual"):
        gate.pop(name)
    card = codec.decode(document)
    decoded = card.rating.bands[0].gates[0]
    assert dataclasses.replace(decoded, subject=None) == decoded
    assert decoded.required is None


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_the_vetoes_and_binding_gates_alone_read_as_the_whole_scorecard_has_them(
    case: Case,
) -> None:
    card = case.card()
    text = codec.dumps(codec.encode(card))
    vetoes = json.dumps(json.loads(text)["scorecard"]["rating"]["vetoes"], ensure_ascii=False)
    assert codec.veto_hits(vetoes) == card.rating.vetoes
    binding = json.dumps(json.loads(text)["scorecard"]["rating"]["binding"])
    assert codec.gate_kinds(binding) == {gate.kind.value for gate in card.rating.binding}


def test_a_part_that_is_not_a_list_of_gates_is_refused() -> None:
    for text in (None, "{}", "[1]", "not json"):
        with pytest.raises(codec.CodecError):
            codec.gate_kinds(text)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(small(Gate), max_size=3).map(tuple), st.lists(small(VetoHit), max_size=2).map(tuple)
)
def test_gates_and_veto_hits_alone_survive_the_round_trip_through_json(
    gates: tuple[Gate, ...], hits: tuple[VetoHit, ...]
) -> None:
    """As an audit entry keeps a lowering's gates and their vetoed events (final_lowering)."""
    stored = json.loads(json.dumps({"reasons": codec.plain(gates), "vetoes": codec.plain(hits)}))
    assert codec.gates_of(stored["reasons"]) == gates
    assert codec.veto_hits_of(stored["vetoes"]) == hits


@pytest.mark.parametrize("data", [None, {}, [1], ["veto V1 (fatal): on 2025-01-01"], [{"kind": 1}]])
def test_what_is_not_a_list_of_gates_is_refused(data: Any) -> None:
    with pytest.raises(codec.CodecError):
        codec.gates_of(data)
