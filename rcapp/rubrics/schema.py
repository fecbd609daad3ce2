"""Generate the JSON Schema of the rubric format that rubric authors' editors use."""

from __future__ import annotations

import json
from typing import Any

from rcapp.rubrics.model import Rubric

SCHEMA_PATH = "rubrics/schema.json"


def rubric_json_schema() -> dict[str, Any]:
    """Return the JSON Schema of a rubric file, as generated from the pydantic models."""
    schema = Rubric.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "rcapp rubric"
    schema["description"] = (
        "A Responsible Care rubric version (rubrics/<rubric-id>/v<N>.yaml). "
        f"Generated from rcapp/rubrics/model.py by `rcapp rubrics schema -o {SCHEMA_PATH}`; "
        "do not edit by hand."
    )
    return schema


def render_schema() -> str:
    """Return the schema as JSON text with sorted keys, so the file only changes with the models."""
    return json.dumps(rubric_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
