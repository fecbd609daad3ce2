"""PerObject keeps values per (object, key), for that very object only, and stays bounded."""

from __future__ import annotations

from dataclasses import dataclass

from rcapp.object_cache import PerKey, PerObject


@dataclass(frozen=True)
class Source:
    name: str


def test_a_value_is_built_once_per_object_and_key() -> None:
    built: list[tuple[str, str]] = []
    cache: PerObject[Source, str] = PerObject(size=8)

    def get(source: Source, lang: str) -> str:
        def build() -> str:
            built.append((source.name, lang))
            return f"{source.name}/{lang}"

        return cache.get(source, lang, build)

    one = Source("v1")
    assert [get(one, "zh"), get(one, "zh"), get(one, "en")] == ["v1/zh", "v1/zh", "v1/en"]
    assert built == [("v1", "zh"), ("v1", "en")]


def test_an_equal_but_different_object_does_not_share_values() -> None:
    cache: PerObject[Source, str] = PerObject(size=8)
    first, reloaded = Source("same"), Source("same")
    assert first == reloaded
    assert first is not reloaded
    assert cache.get(first, "k", lambda: "from first") == "from first"
    assert cache.get(reloaded, "k", lambda: "from reloaded") == "from reloaded"


def test_the_least_recently_used_entries_go_beyond_the_size() -> None:
    cache: PerObject[Source, int] = PerObject(size=2)
    a, b, c = Source("a"), Source("b"), Source("c")
    cache.get(a, 0, lambda: 1)
    cache.get(b, 0, lambda: 2)
    cache.get(a, 0, lambda: -1)  # a is used again: b is now the oldest
    cache.get(c, 0, lambda: 3)
    assert len(cache) == 2
    assert cache.get(a, 0, lambda: -1) == 1
    assert cache.get(b, 0, lambda: 20) == 20  # built again


def test_per_key_builds_once_per_key_and_keeps_the_most_recently_used() -> None:
    built: list[str] = []
    cache: PerKey[str, str] = PerKey(size=2)

    def get(key: str) -> str:
        def build() -> str:
            built.append(key)
            return key.upper()

        return cache.get(key, build)

    assert [get("a"), get("b"), get("a"), get("c")] == ["A", "B", "A", "C"]
    assert built == ["a", "b", "c"]  # "a" was kept, then "b" went (least recently used)
    assert len(cache) == 2
    assert get("b") == "B"
    assert built == ["a", "b", "c", "b"]
