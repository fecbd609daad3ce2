"""Errata files (rcapp.rubrics.errata): display wording for published rubric versions.

They must be bound to one rubric file by its sha256, replace display texts only, and leave
every score as it was: a scorecard with and without errata differs in texts only.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from rcapp.rubrics.cli import rubrics_cli
from rcapp.rubrics.errata import check_errata_file
from rcapp.rubrics.loader import RubricFileError
from rcapp.rubrics.model import Text
from rcapp.rubrics.registry import RubricRegistry
from rcapp.scorecards.answers import read_answers
from rcapp.scorecards.source import read_source
from rcapp.scoring import codec, score_assessment

ROOT = Path(__file__).resolve().parents[3]
RUBRICS = ROOT / "rubrics"
ERRATA = sorted((RUBRICS / "errata").glob("*.yaml"))
EXAMPLES = sorted((ROOT / "examples").glob("**/rc-*.yaml"))
MINI = ROOT / "tests" / "data" / "rubrics" / "mini-company" / "v1.yaml"
# One of each, so that every rubric file is parsed once for the module.
WITH_ERRATA = RubricRegistry(RUBRICS)
AS_PUBLISHED = RubricRegistry(RUBRICS, errata=False)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _mini_dir(tmp_path: Path, errata: str | None) -> Path:
    """A rubric directory holding mini-company v1, with `errata` as its errata file."""
    (tmp_path / "mini-company").mkdir()
    shutil.copy(MINI, tmp_path / "mini-company" / "v1.yaml")
    if errata is not None:
        (tmp_path / "errata").mkdir()
        (tmp_path / "errata" / "mini-company-v1.yaml").write_text(errata, encoding="utf-8")
    return tmp_path


def _errata(sha: str, texts: str, extra: str = "") -> str:
    head = f'rubric: mini-company\nversion: 1\nsha256: "{sha}"\nreason: a test\n{extra}'
    return f"{head}texts:\n{texts}"


def test_every_published_version_with_errata_is_named_and_checked() -> None:
    assert ERRATA, "rubrics/errata/ holds the reviewed errata"
    registry = WITH_ERRATA
    for path in ERRATA:
        check_errata_file(path)  # raises on any problem
        rubric_id, version = path.stem.rsplit("-v", 1)
        loaded = registry.get(rubric_id, int(version))
        assert loaded.errata == path
        # assessments keep pinning the rubric file's own hash
        assert loaded.sha256 == _sha(RUBRICS / rubric_id / f"v{version}.yaml")


def test_rating_notes_are_worded_for_users() -> None:
    # D9: no YAML key, no maintainer's "edit this part", no second "provisional" label.
    for rubric_id, version in WITH_ERRATA.versions():
        notes = WITH_ERRATA.get(rubric_id, version).rubric.rating.notes
        assert notes is not None
        assert "rating" not in notes.zh
        assert "YAML" not in notes.zh
        assert not notes.zh.startswith(("暂定", "暂行"))
        assert "`" not in notes.en
        assert "YAML" not in notes.en
        assert "provisional" not in notes.en.lower()


def test_ltif_names_do_not_name_one_basis() -> None:
    # OHS-03 and OHS-04 are shown per million and per 200,000 hours: the name names neither.
    for version in (1, 2):
        kpis = WITH_ERRATA.get("rc-company", version).rubric.kpis
        names = {k.id: k.name for k in kpis if k.id in ("OHS-03", "OHS-04")}
        assert names["OHS-03"].zh == "员工损失工时伤害率"
        assert names["OHS-04"].zh == "承包商损失工时伤害率"
        assert all("百万" not in n.zh and "million" not in n.en for n in names.values())


def test_the_park_ltif_names_the_resident_companies() -> None:
    # qa38 S4: "园区员工" read as the park administration's own staff; the inputs are the
    # resident companies' hours and injuries added up.
    for version in (1, 2):
        kpis = WITH_ERRATA.get("rc-park", version).rubric.kpis
        (name,) = [k.name for k in kpis if k.id == "PK-OHS-01"]
        assert name.zh == "入园企业员工损失工时伤害率（合并计算）"
        assert name.en == "Resident companies' employee LTIF (pooled)"


def _text_differences(a: Any, b: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths where two encoded scorecards differ; any difference but a text fails.

    Texts: {zh, en} pairs and a gate's reason, which quotes a veto rule's English title.
    """
    if a == b:
        return []
    if path and path[-1] == "reason" and isinstance(a, str) and isinstance(b, str):
        return [path]  # a gate's reason quotes a veto's title: wording too
    if isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys():
        if set(a) == {"zh", "en"}:
            return [path]
        return [d for key in a for d in _text_differences(a[key], b[key], (*path, key))]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        pairs = enumerate(zip(a, b, strict=True))
        return [d for i, (x, y) in pairs for d in _text_differences(x, y, (*path, i))]
    raise AssertionError(f"errata changed more than a text at {path}: {a!r} != {b!r}")


@pytest.mark.parametrize("answers", EXAMPLES, ids=lambda p: p.name)
def test_scorecards_are_equal_with_and_without_errata(answers: Path) -> None:
    source = read_source(answers)
    assert isinstance(source.data, dict)
    rubric_id, version = str(source.data["rubric"]).split("@")
    cards = []
    for registry in (WITH_ERRATA, AS_PUBLISHED):
        rubric = registry.get(rubric_id, int(version)).rubric
        try:
            read = read_answers(source, rubric)
        except Exception:  # noqa: BLE001 - an example that is refused on purpose
            pytest.skip("the example is refused by design")
        cards.append(score_assessment(rubric, read.inputs, read.context))
    with_errata, without = cards
    assert with_errata.overall == without.overall
    assert with_errata.rating.stars == without.rating.stars
    changed = _text_differences(codec.encode(with_errata), codec.encode(without))
    assert changed or rubric_id == "rc-park", "the errata reword something these cards show"


def test_registry_applies_errata_to_the_named_texts_only(tmp_path: Path) -> None:
    sha = _sha(MINI)
    texts = "  rating/notes: {zh: 新说明, en: New note}\n  title: {zh: 新标题, en: New title}\n"
    directory = _mini_dir(tmp_path, _errata(sha, texts))

    loaded = RubricRegistry(directory).get("mini-company", 1, sha)
    plain = RubricRegistry(directory, errata=False).get("mini-company", 1, sha)

    assert loaded.rubric.title.zh == "新标题"
    assert loaded.rubric.rating.notes is not None
    assert loaded.rubric.rating.notes.en == "New note"
    assert loaded.sha256 == plain.sha256 == sha
    assert loaded.rubric.sections == plain.rubric.sections
    assert loaded.rubric.rating.bands == plain.rubric.rating.bands


def _problems(directory: Path) -> str:
    with pytest.raises(RubricFileError) as caught:
        RubricRegistry(directory).get("mini-company", 1)
    return str(caught.value)


def test_errata_for_another_file_are_refused_naming_file_and_key(tmp_path: Path) -> None:
    texts = "  title: {zh: 新标题, en: New title}\n"
    directory = _mini_dir(tmp_path, _errata("0" * 64, texts))

    problems = _problems(directory)

    assert "errata/mini-company-v1.yaml:3: sha256: written for another file" in problems
    assert _sha(MINI) in problems


@pytest.mark.parametrize(
    ("texts", "extra", "expected"),
    [
        ("  title: {zh: 新, en: New}\n", "note: x\n", "note: unknown key"),
        ("  rating/components/kpi/weight: {zh: 一, en: one}\n", "", "'weight' is not a display"),
        ("  sections/MS/weight: {zh: 一, en: one}\n", "", "'weight' is not a display text"),
        ("  kpis/OHS-99/name: {zh: 新, en: New}\n", "", "no entry 'OHS-99' in 'kpis'"),
        ("  level_labels: {zh: 新, en: New}\n", "", "'level_labels' is not a display text"),
        ("  title: {fr: Nouveau}\n", "", "texts.title: needs zh, en or both"),
        ("  title: {en: ''}\n", "", "texts.title: needs zh, en or both"),
        ("  rating/vetoes/V9/title: {en: New}\n", "", "no entry 'V9' in 'vetoes'"),
        (
            "  sections/MS/elements/MS.G1/items/MS.G1.1/levels/5: {en: New}\n",
            "",
            "name one level, levels/<0-4>",
        ),
        (
            "  sections/MS/elements/MS.G1/items/MS.G1.1/levels: {zh: 新, en: New}\n",
            "",
            "'levels' is not a display text",
        ),
    ],
)
def test_errata_that_name_no_display_text_are_refused(
    tmp_path: Path, texts: str, extra: str, expected: str
) -> None:
    directory = _mini_dir(tmp_path, _errata(_sha(MINI), texts, extra))

    problems = _problems(directory)

    assert "errata/mini-company-v1.yaml:" in problems
    assert expected in problems


def test_rubrics_check_checks_errata_files(tmp_path: Path) -> None:
    directory = _mini_dir(tmp_path, _errata("f" * 64, "  title: {zh: 新, en: New}\n"))

    result = CliRunner().invoke(rubrics_cli, ["check", str(directory)])

    assert result.exit_code == 1
    assert "mini-company-v1.yaml:3: sha256: written for another file" in result.output


def test_errata_added_after_a_version_was_read_are_applied_on_the_next_get(
    tmp_path: Path,
) -> None:
    sha = _sha(MINI)
    directory = _mini_dir(tmp_path, None)
    registry = RubricRegistry(directory)
    assert registry.get("mini-company", 1, sha).rubric.title.zh != "新标题"

    (directory / "errata").mkdir()
    errata = _errata(sha, "  title: {zh: 新标题, en: New title}\n")
    (directory / "errata" / "mini-company-v1.yaml").write_text(errata, encoding="utf-8")

    assert registry.get("mini-company", 1, sha).rubric.title.zh == "新标题"


# What scores or decides a star: an erratum naming it is refused whatever its value.
SCORING_ADDRESSES = [
    "rating/bands/3/min_overall: 80",
    "rating/vetoes/V1/window_months: 12",
    "rating/vetoes/V2/max_stars: 3",
    "sections/MS/elements/MS.G1/items/MS.G1.1/weight: 2",
    "rating/vetoes/V1/min_grade: {zh: 重大, en: major}",
]


@pytest.mark.parametrize("entry", SCORING_ADDRESSES)
def test_rubrics_check_refuses_an_erratum_that_changes_what_scores(
    tmp_path: Path, entry: str
) -> None:
    directory = _mini_dir(tmp_path, _errata(_sha(MINI), f"  {entry}\n"))

    result = CliRunner().invoke(rubrics_cli, ["check", str(directory)])

    field = entry.split(":")[0].rsplit("/", 1)[1]
    assert result.exit_code == 1
    assert f"'{field}' is not a display text" in result.output
    assert "never what scores" in result.output


def test_an_erratum_corrects_a_veto_title_and_one_level_text_in_english_only(
    tmp_path: Path,
) -> None:
    sha = _sha(MINI)
    texts = (
        "  rating/vetoes/V1/title: {en: Production-safety accident of larger grade or above}\n"
        '  sections/MS/elements/MS.G1/items/MS.G1.1/levels/2: {en: "Signed, not yet public"}\n'
    )
    directory = _mini_dir(tmp_path, _errata(sha, texts))

    rubric = RubricRegistry(directory).get("mini-company", 1, sha).rubric
    plain = RubricRegistry(directory, errata=False).get("mini-company", 1, sha).rubric

    veto, published = rubric.rating.vetoes[0], plain.rating.vetoes[0]
    assert veto.title.en == "Production-safety accident of larger grade or above"
    assert veto.title.zh == published.title.zh  # the Chinese as published
    assert veto.model_copy(update={"title": published.title}) == published  # texts only
    levels, before = rubric.item_index()["MS.G1.1"].levels, plain.item_index()["MS.G1.1"].levels
    assert levels is not None
    assert before is not None
    assert levels[2].en == "Signed, not yet public"
    assert levels[2].zh == before[2].zh
    assert levels[:2] + levels[3:] == before[:2] + before[3:]
    assert rubric.rating.bands == plain.rating.bands


def _english_texts(node: object) -> Iterator[str]:
    """Every English text of a rubric (or part of one), wherever it is."""
    if isinstance(node, Text):
        yield node.en
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _english_texts(getattr(node, name))
    elif isinstance(node, tuple):
        for entry in node:
            yield from _english_texts(entry)


@pytest.mark.parametrize("path", ERRATA, ids=lambda path: path.stem)
def test_published_versions_read_with_the_agreed_english_words(path: Path) -> None:
    # 较大及以上 is "of larger grade or above"; 隐患 a "hazard" (as in "major accident hazard").
    rubric_id, version = path.stem.rsplit("-v", 1)
    rubric = WITH_ERRATA.get(rubric_id, int(version)).rubric

    said = " ".join(" ".join(text.split()) for text in _english_texts(rubric)).lower()

    for wrong in ("or worse", "or-worse", "hidden danger", "hidden-danger", "hidden-hazard"):
        assert wrong not in said
