"""The rubric registry: discovery, pinned hashes, caching and refusal of misplaced files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from rcapp.rubrics.loader import RubricFileError
from rcapp.rubrics.model import RubricKind
from rcapp.rubrics.registry import RubricChanged, RubricNotFoundError, RubricRegistry

MINI = Path(__file__).resolve().parents[2] / "data" / "rubrics" / "mini-company" / "v1.yaml"
MINI_TEXT = MINI.read_text(encoding="utf-8")


def add_version(root: Path, rubric_id: str, version: int, **changes: str) -> Path:
    text = MINI_TEXT.replace("id: mini-company", f"id: {rubric_id}", 1)
    text = text.replace("version: 1", f"version: {version}", 1)
    for old, new in changes.items():
        text = text.replace(old, new, 1)
    path = root / rubric_id / f"v{version}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "mini-company").mkdir()
    shutil.copy(MINI, tmp_path / "mini-company" / "v1.yaml")
    return tmp_path


def test_list_summarises_every_version_sorted(root: Path) -> None:
    add_version(root, "mini-company", 2)
    add_version(root, "mini-park", 1, **{"kind: company": "kind: park"})

    summaries = RubricRegistry(root).list()

    assert [(s.id, s.version, s.kind) for s in summaries] == [
        ("mini-company", 1, RubricKind.COMPANY),
        ("mini-company", 2, RubricKind.COMPANY),
        ("mini-park", 1, RubricKind.PARK),
    ]
    assert summaries[0].title.en == "Mini company rubric"
    assert summaries[0].effective_year == 2025
    assert len(summaries[0].sha256) == 64


def test_drafts_and_other_files_are_ignored(root: Path) -> None:
    (root / "_drafts" / "v1.yaml").parent.mkdir()
    (root / "_drafts" / "v1.yaml").write_text("not: a rubric\n", encoding="utf-8")
    (root / "mini-company" / "_v2.yaml").write_text("not: a rubric\n", encoding="utf-8")
    (root / "mini-company" / "notes.yaml").write_text("not: a rubric\n", encoding="utf-8")
    (root / "mini-company" / "v01.yaml").write_text("not: a rubric\n", encoding="utf-8")
    (root / "schema.json").write_text("{}\n", encoding="utf-8")

    assert RubricRegistry(root).versions() == [("mini-company", 1)]


def test_get_returns_the_rubric_and_caches_it(root: Path) -> None:
    registry = RubricRegistry(root)

    first = registry.get("mini-company", 1)
    again = registry.get("mini-company", 1, first.sha256)

    assert first.rubric.key == "mini-company@1"
    assert again is first


def test_a_changed_file_with_a_pinned_hash_raises_rubric_changed(root: Path) -> None:
    registry = RubricRegistry(root)
    pinned = registry.get("mini-company", 1).sha256
    path = root / "mini-company" / "v1.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")

    with pytest.raises(RubricChanged) as caught:
        registry.get("mini-company", 1, pinned)

    assert caught.value.expected == pinned
    assert caught.value.actual != pinned
    assert "never be edited" in str(caught.value)


def test_without_a_pin_an_edited_file_is_reloaded(root: Path) -> None:
    registry = RubricRegistry(root)
    before = registry.get("mini-company", 1)
    path = root / "mini-company" / "v1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("2025", "2026", 1), encoding="utf-8")

    after = registry.get("mini-company", 1)

    assert after.sha256 != before.sha256
    assert after.rubric.effective_year == 2026


def test_a_file_whose_id_disagrees_with_its_folder_is_refused(root: Path) -> None:
    path = add_version(root, "other", 1)
    path.write_text(MINI_TEXT, encoding="utf-8")  # says id: mini-company

    with pytest.raises(RubricFileError) as caught:
        RubricRegistry(root).get("other", 1)

    assert [str(p) for p in caught.value.problems] == [
        f"{path}:2: id: 'mini-company' does not match the directory name 'other'"
    ]


def test_a_file_whose_version_disagrees_with_its_name_is_refused(root: Path) -> None:
    path = root / "mini-company" / "v3.yaml"
    shutil.copy(MINI, path)

    with pytest.raises(RubricFileError) as caught:
        RubricRegistry(root).get("mini-company", 3)

    assert [str(p) for p in caught.value.problems] == [
        f"{path}:3: version: 1 does not match the file name 'v3.yaml'"
    ]


@pytest.mark.parametrize(
    ("rubric_id", "version"), [("mini-company", 9), ("absent", 1), ("../mini-company", 1), ("x", 0)]
)
def test_unknown_versions_raise_not_found(root: Path, rubric_id: str, version: int) -> None:
    with pytest.raises(RubricNotFoundError):
        RubricRegistry(root).get(rubric_id, version)


def test_latest_picks_the_newest_of_a_kind(root: Path) -> None:
    add_version(root, "mini-company", 2, **{"effective_year: 2025": "effective_year: 2026"})
    add_version(root, "mini-company", 3, **{"effective_year: 2025": "effective_year: 2024"})
    registry = RubricRegistry(root)

    assert registry.latest(RubricKind.COMPANY).rubric.key == "mini-company@2"
    with pytest.raises(RubricNotFoundError):
        registry.latest(RubricKind.PARK)


def test_a_missing_directory_is_a_file_error(tmp_path: Path) -> None:
    with pytest.raises(RubricFileError) as caught:
        RubricRegistry(tmp_path / "nowhere").list()

    assert "cannot read" in str(caught.value)


def test_a_settled_file_is_hashed_once_until_it_changes(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = root / "mini-company" / "v1.yaml"
    settled = path.stat().st_mtime - 60
    os.utime(path, (settled, settled))
    reads: list[Path] = []
    read_bytes = Path.read_bytes

    def counted(self: Path) -> bytes:
        reads.append(self)
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", counted)
    registry = RubricRegistry(root)
    first = registry.get("mini-company", 1)
    assert registry.get("mini-company", 1, first.sha256) is first
    assert len(reads) == 1  # the second get only looked at the file's status
    path.write_text(MINI_TEXT.replace("2025", "2026", 1), encoding="utf-8")  # same size
    with pytest.raises(RubricChanged):
        registry.get("mini-company", 1, first.sha256)


def test_a_version_asked_for_again_is_found_without_building_its_path_again(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = RubricRegistry(root)
    built: list[tuple[str, int]] = []
    path_of = RubricRegistry._path

    def counted(self: RubricRegistry, rubric_id: str, version: int) -> Path:
        built.append((rubric_id, version))
        return path_of(self, rubric_id, version)

    monkeypatch.setattr(RubricRegistry, "_path", counted)
    first = registry.get("mini-company", 1)
    assert registry.get("mini-company", 1, first.sha256) is first
    assert built == [("mini-company", 1)]  # every page asks: its path is kept
    for _ in range(2):  # a version not found is not kept (ids may come from URLs)
        with pytest.raises(RubricNotFoundError):
            registry.get("mini-company", 7)
    assert built == [("mini-company", 1), ("mini-company", 7), ("mini-company", 7)]

    # The kept paths are looked at on every get: a file replaced is still noticed.
    path = root / "mini-company" / "v1.yaml"
    path.write_text(MINI_TEXT.replace("2025", "2026", 1), encoding="utf-8")
    with pytest.raises(RubricChanged):
        registry.get("mini-company", 1, first.sha256)
