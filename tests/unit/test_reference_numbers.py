"""Document numbers in rubric references read in English; no unmarked Chinese in a gloss."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from rcapp.reference_numbers import english_numbers, marked_gloss
from rcapp.references import english_gloss

RUBRICS = Path(__file__).resolve().parents[2] / "rubrics"
CJK = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


@pytest.mark.parametrize(
    ("cited", "english"),
    [
        ("国务院令第708号", "State Council Decree No. 708"),
        (
            "应急管理部令第2号, 2019修正",
            "Ministry of Emergency Management Order No. 2, amended 2019",
        ),
        ("生态环境部令第24号", "Ministry of Ecology and Environment Order No. 24"),
        ("环境保护部令第34号", "former Ministry of Environmental Protection Order No. 34"),
        ("国家安全监管总局令第40号", "former State Administration of Work Safety Order No. 40"),
        ("原国家安全监管总局令第3号", "former State Administration of Work Safety Order No. 3"),
        ("交通运输部令2019年第29号", "Ministry of Transport Order No. 29 of 2019"),
        ("国家卫生健康委员会令第5号", "National Health Commission Order No. 5"),
        (
            "国家发展改革委 环境保护部令第38号",
            "Order No. 38 of the National Development and Reform Commission"
            " and the former Ministry of Environmental Protection",
        ),
        ("联合国可持续发展目标3.9、12.4", "UN SDG 3.9, 12.4"),
        ("联合国可持续发展目标14.1", "UN SDG 14.1"),
        ("GB 30000系列（GB 30000.2～30000.29-2013）", "GB 30000 series (GB 30000.2–30000.29-2013)"),
    ],
)
def test_document_numbers_read_in_english(cited: str, english: str) -> None:
    assert english_numbers(cited) == (english, True)


@pytest.mark.parametrize(
    "code", ["安监总管三〔2017〕1号", "应急〔2019〕78号", "财资〔2022〕136号", "某某部令第1号"]
)
def test_other_codes_are_left_as_cited(code: str) -> None:
    assert english_numbers(code) == (code, False)


@pytest.mark.parametrize(
    ("gloss", "marked"),
    [
        ("Order No. 2", "Order No. 2"),
        ("<b>", "&lt;b&gt;"),
        (
            "Guidelines (安监总管三〔2017〕1号); 财资〔2022〕136号",
            'Guidelines (<span lang="zh-CN">安监总管三〔2017〕1号</span>);'
            ' <span lang="zh-CN">财资〔2022〕136号</span>',
        ),
        ("X; 《某未收录办法》 Art. 5", 'X; <span lang="zh-CN">《某未收录办法》</span> Art. 5'),
    ],
)
def test_chinese_left_in_a_gloss_is_marked(gloss: str, marked: str) -> None:
    assert marked_gloss(gloss) == marked


@pytest.mark.parametrize(
    ("reference", "gloss"),
    [
        (
            "《生产安全事故应急预案管理办法》(应急管理部令第2号, 2019修正)",
            "Measures for Work Safety Accident Emergency Plans"
            " (Ministry of Emergency Management Order No. 2, amended 2019)",
        ),
        (
            "《责任关怀实施准则》(HG/T 4184-2011)；联合国可持续发展目标3.9、12.4",
            "Responsible Care Code of Practice (HG/T 4184-2011); UN SDG 3.9, 12.4",
        ),
        (
            "财资〔2022〕136号；《中华人民共和国安全生产法》(2021修正) 第二十三条",
            "Measures for the Extraction and Use of Enterprise Work Safety Funds (Ministry of "
            "Finance and Ministry of Emergency Management, 2022);"
            " Work Safety Law of the PRC (amended 2021) Art. 23",
        ),
        # A citation by its number alone reads the document's title (qa11 D1).
        (
            "安监总管三〔2013〕88号",
            "SAWS Guiding Opinions on Strengthening Chemical Process Safety Management (2013)",
        ),
        ("某某〔2099〕1号", None),  # nothing to read: the citation alone is shown
    ],
)
def test_glosses_with_document_numbers(reference: str, gloss: str | None) -> None:
    assert english_gloss(reference) == gloss


def _references(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                yield value
            else:
                yield from _references(value)
    elif isinstance(node, list):
        for value in node:
            yield from _references(value)


def _every_reference() -> list[str]:
    return sorted(
        {
            reference
            for path in RUBRICS.rglob("*.yaml")
            for reference in _references(yaml.safe_load(path.read_text(encoding="utf-8")))
        }
    )


def test_no_gloss_of_a_rubric_reference_leaves_chinese_unmarked() -> None:
    references = _every_reference()
    assert len(references) > 100  # every version of both rubrics was read
    for reference in references:
        gloss = english_gloss(reference)
        if gloss is None:
            continue
        unmarked = re.sub(r'<span lang="zh-CN">[^<]*</span>', "", gloss)
        assert not CJK.search(unmarked), (reference, str(gloss))
