"""libyaml's composer and PyYAML's own build the same documents, and errors keep their words.

`yamlread.compose` prefers libyaml for speed (a rubric file parses about four times
faster) and falls back to the pure-Python composer on any error. These tests hold the two
to the same result: on every YAML file the project ships, on generated documents, and on
broken ones (where the fallback must give the pure-Python reader's message and line).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from rcapp.rubrics import yamlread

ROOT = Path(__file__).resolve().parents[3]
SHIPPED = sorted(
    path for folder in ("rubrics", "examples") for path in (ROOT / folder).rglob("*.yaml")
)

pytestmark = pytest.mark.skipif(
    getattr(yaml, "CSafeLoader", None) is None, reason="PyYAML built without libyaml"
)


def _shape(node: yaml.Node | None) -> object:
    """A node tree as comparable data: tag, style-free value and the line of every node."""
    if node is None:
        return None
    line = node.start_mark.line
    if isinstance(node, yaml.ScalarNode):
        return (node.tag, node.value, line)
    if isinstance(node, yaml.SequenceNode):
        return (node.tag, [_shape(item) for item in node.value], line)
    assert isinstance(node, yaml.MappingNode)
    return (node.tag, [(_shape(k), _shape(v)) for k, v in node.value], line)


def _read_both(
    text: str, monkeypatch: pytest.MonkeyPatch, *, exact_numbers: bool = False
) -> tuple[yamlread.YamlDocument, yamlread.YamlDocument]:
    fast = yamlread.read_yaml(text, exact_numbers=exact_numbers)
    with monkeypatch.context() as patched:
        patched.setattr(yamlread, "_FAST_LOADER", None)
        slow = yamlread.read_yaml(text, exact_numbers=exact_numbers)
    return fast, slow


def test_every_shipped_yaml_file_is_found() -> None:
    assert len(SHIPPED) >= 10
    assert any(path.parent.name == "errata" for path in SHIPPED)
    assert any(path.parent.name == "crosswalks" for path in SHIPPED)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: str(path.relative_to(ROOT)))
def test_shipped_files_compose_and_read_alike(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8-sig")
    assert _shape(yamlread.compose(text)) == _shape(yamlread.compose(text, fast=False))
    fast, slow = _read_both(text, monkeypatch, exact_numbers=True)
    assert (fast.data, fast.lines, fast.problems) == (slow.data, slow.lines, slow.problems)


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.dates(),
)
_documents = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None)
@given(document=_documents, flow=st.booleans())
def test_generated_documents_compose_alike(document: object, flow: bool) -> None:
    text = yaml.safe_dump(document, allow_unicode=True, default_flow_style=flow)
    assert _shape(yamlread.compose(text)) == _shape(yamlread.compose(text, fast=False))


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: [1, 2\nc: 3\n",
        "key: value: other\n",
        "a:\n\tb: 1\n",
        "x: \x07\n",
        "--- 1\n--- 2\n",
        "[" * 5000 + "]" * 5000,
        "a: &x 1\nb: *y\n",
    ],
    ids=["unclosed", "colon", "tab", "control", "two-documents", "deep", "unknown-alias"],
)
def test_broken_documents_keep_the_pure_python_message(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, slow = _read_both(text, monkeypatch)
    assert fast.problems, "a broken document must be refused"
    assert fast.problems == slow.problems


def test_a_readable_document_is_composed_by_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    used: list[str] = []

    class Watched(yaml.CSafeLoader):
        def __init__(self, stream: str) -> None:
            used.append(stream)
            super().__init__(stream)

    monkeypatch.setattr(yamlread, "_FAST_LOADER", Watched)
    assert yamlread.read_yaml("a: 1\n").data == {"a": 1}
    assert used == ["a: 1\n"]
