"""The English catalogue: complete, placeholder-safe, up to date, and used by the pages."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import get_babel

ROOT = Path(__file__).resolve().parents[2]
PO_PATH = ROOT / "rcapp" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
# The Makefile's translations target adds these keywords to Babel's defaults.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
SOURCE_DIRS = ("rcapp", "templates")
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[a-z]")
# CJK ideographs plus full-width punctuation: none may survive on an English page.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def _read_catalogue() -> Catalog:
    with PO_PATH.open("rb") as handle:
        return read_po(handle)


def _messages(catalog: Catalog) -> list[Message]:
    return [m for m in catalog if m.id]


def _first(text: str | tuple[str, ...] | list[str]) -> str:
    return text if isinstance(text, str) else text[0]


def _strings(message: Message) -> list[str]:
    """msgstr, or msgstr[0] and msgstr[1] of a plural message."""
    string = message.string
    if string is None:
        return [""]
    return [string] if isinstance(string, str) else list(string)


def _placeholders(text: str) -> Counter[str]:
    """Name and conversion both count: `%(n)d` fed a string would fail at run time."""
    return Counter(PLACEHOLDER.findall(text))


def test_catalogue_is_not_empty_and_not_fuzzy_as_a_whole() -> None:
    catalog = _read_catalogue()
    assert len(_messages(catalog)) > 100
    # A catalogue without a header counts as fuzzy: `pybabel compile` then skips it.
    assert not catalog.fuzzy, (
        "messages.po lost its header: run `pybabel update` without --omit-header"
    )


def test_every_msgid_has_an_english_translation() -> None:
    missing = [
        _first(m.id)
        for m in _messages(_read_catalogue())
        if m.fuzzy or not all(s.strip() for s in _strings(m))
    ]
    assert missing == []


def test_translations_keep_no_chinese() -> None:
    leftover = [
        _first(m.id)
        for m in _messages(_read_catalogue())
        if any(CJK.search(s) for s in _strings(m))
    ]
    assert leftover == []


# qa64 p7, qa69 #2: "results in rcapp" named the product where the Chinese says 本系统; the
# product's name stays where it is a command (`rcapp db upgrade`) or the footer's brand.
_PRODUCT_AS_PLACE = re.compile(r"\b(?:in|by|on) rcapp\b")


def test_translations_say_this_system_not_in_rcapp() -> None:
    named = [
        _first(m.id)
        for m in _messages(_read_catalogue())
        if any(_PRODUCT_AS_PLACE.search(" ".join(s.split())) for s in _strings(m))
    ]
    assert named == []


# enwords 10: "rcapp e-mails a reminder…" passed the test above, which knew the product's name
# only after in/by/on; as the subject ("rcapp computes", "rcapp's template") it slipped
# through. The English names rcapp no more often than its Chinese does: a command
# (`rcapp db upgrade`, rcapp worker) is written in both, 系统/本系统 is "this system".
_PRODUCT = re.compile(r"\brcapp\b")


def test_english_names_rcapp_only_where_the_chinese_does() -> None:
    named = [
        _first(m.id)
        for m in _messages(_read_catalogue())
        if any(len(_PRODUCT.findall(s)) > len(_PRODUCT.findall(_first(m.id))) for s in _strings(m))
    ]
    assert named == []


# Chinese puts no space beside a full-width bracket: "（北京时间）" stands flush with the words
# around it. A placeholder named time, when or since holds a time as
# rcapp.web.beijing_time labels it, "2025-04-15 10:00（北京时间）", so the Chinese after it
# follows flush too ("于 %(time)s删除"); the messages listed fill in a time without the label
# (`labelled=False`), which keeps the space between digits and Chinese.
_SPACE_BY_BRACKET = re.compile(r"[ \u3000\u00a0][（）]|[（）][ \u3000\u00a0]")
_SPACE_AFTER_LABELLED_TIME = re.compile(r"%\((?:time|when|since)\)s[ \u3000]+[\u4e00-\u9fff（]")
_UNLABELLED_TIME = {"%(name)s（%(time)s 提交）", "邀请已于 %(time)s 过期"}


def _msgids(message: Message) -> list[str]:
    return [message.id] if isinstance(message.id, str) else list(message.id)


def test_chinese_messages_put_no_space_beside_full_width_brackets() -> None:
    spaced = [
        _first(m.id)
        for m in _messages(_read_catalogue())
        if any(_SPACE_BY_BRACKET.search(text) for text in _msgids(m))
    ]
    assert spaced == []


def test_no_space_follows_a_time_labelled_beijing_time() -> None:
    spaced = [
        _first(m.id)
        for m in _messages(_read_catalogue())
        if _first(m.id) not in _UNLABELLED_TIME
        and any(_SPACE_AFTER_LABELLED_TIME.search(text) for text in _msgids(m))
    ]
    assert spaced == []


def test_placeholders_match_between_msgid_and_msgstr() -> None:
    mismatched = []
    for message in _messages(_read_catalogue()):
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        expected = _placeholders(ids[-1])
        for string in _strings(message):
            if _placeholders(string) != expected or string.count("%%") != ids[0].count("%%"):
                mismatched.append((ids[0], string))
    assert mismatched == []


def _only_source_dirs(dirpath: str) -> bool:
    relative = Path(dirpath).relative_to(ROOT)
    return relative == Path() or relative.parts[0] in SOURCE_DIRS


def _extracted_msgids() -> set[str]:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)  # type: ignore[no-untyped-call]
    found = extract_from_dir(
        str(ROOT),
        method_map,
        options_map,
        keywords=KEYWORDS,
        directory_filter=_only_source_dirs,
    )
    return {_first(message) for _filename, _lineno, message, _comments, _context in found}


def test_catalogue_holds_every_extracted_msgid() -> None:
    extracted = _extracted_msgids()
    in_catalogue = {_first(m.id) for m in _messages(_read_catalogue())}
    assert "登录" in extracted
    # Run `make translations` and translate what it lists when this fails.
    assert sorted(extracted - in_catalogue) == []


@pytest.fixture(scope="module")
def compiled_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Compile the current .po, so the page tests never read a stale messages.mo."""
    directory = tmp_path_factory.mktemp("translations")
    target = directory / "en" / "LC_MESSAGES" / "messages.mo"
    target.parent.mkdir(parents=True)
    with target.open("wb") as handle:
        write_mo(handle, _read_catalogue())
    return directory


@pytest.fixture
def english_client(
    app: Flask,
    client: FlaskClient,
    compiled_catalogue: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> FlaskClient:
    babel = get_babel(app)
    monkeypatch.setattr(babel, "translation_directories", [str(compiled_catalogue)])
    with app.app_context():
        domain = babel.instance.domain_instance
    # Flask-Babel caches loaded catalogues process-wide; start from an empty cache.
    monkeypatch.setattr(domain, "cache", {})
    # The locale is cached per app context: switch before anything renders.
    client.get("/lang/en")
    return client


def _page(client: FlaskClient, path: str) -> str:
    return client.get(path).get_data(as_text=True)


def test_login_page_is_english(english_client: FlaskClient) -> None:
    page = _page(english_client, "/login")
    assert 'lang="en"' in page
    assert "Log in" in page
    assert "Email" in page
    assert "Password" in page
    assert "登录" not in page


@pytest.mark.parametrize("path", ["/login", "/", "/no-such-page"])
def test_english_pages_show_no_chinese_but_the_language_link(
    english_client: FlaskClient, path: str
) -> None:
    page = _page(english_client, path)
    assert page.count(">中文</a>") == 1
    assert CJK.findall(page.replace(">中文</a>", "></a>")) == []


def test_not_found_page_is_english(english_client: FlaskClient) -> None:
    response = english_client.get("/no-such-page")
    assert response.status_code == 404
    assert "Not found" in response.get_data(as_text=True)


# Full-width punctuation written in a template beside a printed value stays full width on
# English pages ("Evidence description："): it belongs inside the translated message.
_BARE_PUNCTUATION = re.compile(r"\}\}\s*[：（）；，。]|[（：；，]\s*\{\{")


def test_templates_put_chinese_punctuation_inside_messages() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _BARE_PUNCTUATION.search(line)
    ]
    assert found == []
