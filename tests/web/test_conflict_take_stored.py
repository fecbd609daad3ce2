"""After a colleague's save meanwhile, the stored content is taken in one step (conflicttake 1).

The refused save kept the user's input beside "顾晨在您打开本页后已修改此项，现存内容：…", and
to keep the stored content the user retyped it by hand. A link under the note opens the page
afresh at the item (no script needed) and the note says the unsaved input is then lost. The
item's scoring hint, about the stored level while the radios show the input, says so.
"""

from __future__ import annotations

import html
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection

from tests.two_sessions import colleagues, two_clients

TAKE = {"zh_CN": "采用现存内容，放弃我的输入", "en": "Use the saved version, discard my input"}
LOST = {
    "zh_CN": "点“采用现存内容，放弃我的输入”则重新打开本页，显示现存内容，本页未保存的输入将丢失。",
    "en": "the unsaved input on this page will then be lost.",
}
SAVED_VERSION = {"zh_CN": "现存内容：目前按成熟度等级", "en": "Saved version: "}


def _take_link(page: str) -> tuple[str, str]:
    """The take-the-stored-content link under the note: (href, text)."""
    found = re.search(
        r'<p class="take-stored"><a class="button secondary" href="([^"]*)">(.*?)</a>', page
    )
    assert found is not None, "no link to take the stored content"
    return html.unescape(found.group(1)), found.group(2)


def _refused_section_save(app: Flask, client: FlaskClient, lang: str) -> tuple[str, str]:
    """顾晨 saves C1.E1.1 at level 3 without evidence; the user's save of level 1 is refused."""
    assessment_id, mine, theirs = colleagues(app, name="顾晨")
    url = f"/assessments/{assessment_id}/sections/C1"
    other = two_clients(app, client, mine, theirs)
    client.get(f"/lang/{lang}?next=/")
    client.get(url)
    other.post(url, data={"C1.E1.1__level": "3", "C1.E1.1__version": "0"})
    typed = {"C1.E1.1__level": "1", "C1.E1.1__evidence_note": "我的证据说明"}
    refused = client.post(url, data={**typed, "C1.E1.1__version": "0"})
    assert refused.status_code == 409
    return url, html.unescape(refused.get_data(as_text=True))


def test_the_section_note_links_to_the_stored_content_and_says_the_input_is_lost(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    url, page = _refused_section_save(app, client, "zh_CN")

    assert "顾晨在您打开本页后已修改此项" in page
    assert LOST["zh_CN"] in page
    href, text = _take_link(page)
    # the stored version makes the address differ from the refused page's: it reloads
    assert re.fullmatch(rf"{url}\?stored=\d+#item-C1\.E1\.1", href), href
    assert text.startswith(TAKE["zh_CN"])
    # Following it shows what 顾晨 stored, the user's input gone, no note left.
    taken = html.unescape(client.get(href.split("#")[0]).get_data(as_text=True))
    assert re.search(r'<input checked[^>]*name="C1\.E1\.1__level"[^>]*value="3"', taken)
    assert "我的证据说明" not in taken
    assert "take-stored" not in taken


def test_the_scoring_hint_over_a_conflict_says_it_is_the_saved_versions(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    url, page = _refused_section_save(app, client, "zh_CN")

    hint = re.search(r'id="capped-C1\.E1\.1">([^<]*)<', page)
    assert hint is not None
    assert hint.group(1).startswith(SAVED_VERSION["zh_CN"]), hint.group(1)
    assert "自评 3 级" in hint.group(1)  # the stored level, while the radio shows 1
    # Opened afresh, the fields show the stored level: the hint is said as before.
    fresh = html.unescape(client.get(url).get_data(as_text=True))
    plain = re.search(r'id="capped-C1\.E1\.1">([^<]*)<', fresh)
    assert plain is not None
    assert plain.group(1).startswith("目前按成熟度等级"), plain.group(1)


def test_the_section_note_and_link_in_english(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    _url, page = _refused_section_save(app, client, "en")

    assert LOST["en"] in page
    assert _take_link(page)[1].startswith(TAKE["en"])
    hint = re.search(r'id="capped-C1\.E1\.1">([^<]*)<', page)
    assert hint is not None
    assert hint.group(1).startswith(SAVED_VERSION["en"]), hint.group(1)


def test_the_kpi_note_links_to_the_stored_value(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    assessment_id, mine, theirs = colleagues(app, name="顾晨")
    url = f"/assessments/{assessment_id}/kpis"
    other = two_clients(app, client, mine, theirs)
    client.get(url)
    assert other.post(url, data={"drills__value": "4", "drills__version": "0"}).status_code == 302
    for lang in ("zh_CN", "en"):
        client.get(f"/lang/{lang}?next=/")
        refused = client.post(url, data={"drills__value": "7", "drills__version": "0"})
        assert refused.status_code == 409
        page = html.unescape(refused.get_data(as_text=True))
        assert LOST[lang] in page
        href, text = _take_link(page)
        assert re.fullmatch(rf"{url}\?stored=\d+#kpi-drills", href), href
        assert text.startswith(TAKE[lang])
    taken = client.get(url).get_data(as_text=True)
    assert re.search(
        r'name="drills__value"[^>]*value="4"|value="4"[^>]*name="drills__value"', taken
    )
