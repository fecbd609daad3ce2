"""The committed rubrics/schema.json is exactly what the models generate."""

from __future__ import annotations

import json
from pathlib import Path

from rcapp.rubrics.schema import render_schema, rubric_json_schema

COMMITTED = Path(__file__).resolve().parents[3] / "rubrics" / "schema.json"


def test_committed_schema_is_up_to_date() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == render_schema(), (
        "rubrics/schema.json is stale: run `rcapp rubrics schema -o rubrics/schema.json`"
    )


def test_schema_is_stable_json_ending_in_a_newline() -> None:
    text = render_schema()

    assert text == render_schema()
    assert text.endswith("}\n")
    assert json.loads(text) == json.loads(json.dumps(rubric_json_schema()))


def test_schema_describes_the_rubric_format() -> None:
    schema = rubric_json_schema()

    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"id", "version", "kind", "sections", "rating"} <= set(schema["required"])
    assert schema["additionalProperties"] is False
    assert "StarBand" in schema["$defs"]
