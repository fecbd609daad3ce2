"""English rubric texts are English: no Chinese word inside an English sentence (qa11 D1).

Every shipped version is read as the pages show it (errata applied); a Chinese citation
keeps its own field (`reference`, glossed by rcapp.references), so texts need no Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from rcapp.rubrics.model import Text
from rcapp.rubrics.registry import RubricRegistry

REGISTRY = RubricRegistry(Path(__file__).resolve().parents[3] / "rubrics")
CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


def _english_texts(value: object, address: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, Text):
        yield address, value.en
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _english_texts(getattr(value, name), f"{address}/{name}")
    elif isinstance(value, (list, tuple)):
        for index, entry in enumerate(value):
            yield from _english_texts(entry, f"{address}/{getattr(entry, 'id', index)}")
    elif isinstance(value, dict):
        for key, entry in value.items():
            yield from _english_texts(entry, f"{address}/{key}")


@pytest.mark.parametrize(("rubric_id", "version"), REGISTRY.versions())
def test_no_english_text_holds_chinese(rubric_id: str, version: int) -> None:
    rubric = REGISTRY.get(rubric_id, version).rubric
    texts = list(_english_texts(rubric, ""))
    assert len(texts) > 100
    found = {address: CHINESE.findall(en) for address, en in texts if CHINESE.search(en)}
    assert found == {}
