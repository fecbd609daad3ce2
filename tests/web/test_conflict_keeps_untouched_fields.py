"""A save refused for a colleague's change keeps the colleague's fields the user never touched.

qa6 D3: Chen's stale page showed an empty note; Li added one; Chen changed only the level,
was refused, saved again as told, and Li's note was wiped. Now the refused page takes the
stored value of every field Chen left as it was (rcapp.stale_forms), so saving it again
writes only what he changed. The pages are posted as a browser posts them: every field.
"""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection

from tests.two_sessions import chen_and_li, stored_answer, stored_kpi
from tests.web.helpers import error_beside, taken_beside

TAKEN = "此项在您打开本页后已被李强修改，现已显示修改后的值。"  # noted, not an error


class _Forms(HTMLParser):
    """Each form's fields as a browser would post them (no button: none was pressed)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append({})
        elif tag == "textarea" and self.forms:
            self._textarea = found["name"]
            self.forms[-1][self._textarea] = ""
        elif tag == "input" and self.forms and "name" in found:
            kind = found.get("type", "text")
            if kind in ("radio", "checkbox") and "checked" not in found:
                return
            if kind not in ("submit", "file"):
                self.forms[-1][found["name"]] = found.get("value", "y")

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            # Browsers drop the line break that opens a text area.
            text = self.forms[-1][self._textarea] + data
            self.forms[-1][self._textarea] = text.removeprefix("\r\n").removeprefix("\n")


def _form(page: str, field: str) -> dict[str, str]:
    """The fields of the page's form that holds `field`."""
    parser = _Forms()
    parser.feed(page)
    return next(form for form in parser.forms if field in form)


def _opened(client: FlaskClient, url: str, field: str) -> dict[str, str]:
    return _form(client.get(url).get_data(as_text=True), field)


def test_a_note_the_user_never_touched_survives_save_again(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    assessment_id, li = chen_and_li(app, client)
    url = f"/assessments/{assessment_id}/sections/C1"
    assert client.post(url, data={"C1.E1.1__level": "1", "C1.E1.1__version": "0"}).status_code
    chen_page = _opened(client, url, "C1.E1.1__version")
    li_page = _opened(li, url, "C1.E1.1__version")

    note = "李强补充：许可证 2025 年延续"
    assert li.post(url, data={**li_page, "C1.E1.1__comment": note}).status_code == 302
    refused = client.post(url, data={**chen_page, "C1.E1.1__level": "0"})

    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "李强在您打开本页后已修改此项" in page
    shown = _form(page, "C1.E1.1__version")
    assert shown["C1.E1.1__comment"] == note  # the stored note, not Chen's stale blank
    assert TAKEN in taken_beside(page, "C1.E1.1__comment")
    assert shown["C1.E1.1__level"] == "0"  # Chen's own change stays

    assert client.post(url, data=shown).status_code == 302  # "save again to overwrite"
    stored = stored_answer(app, assessment_id, "C1.E1.1")
    assert (stored.level, stored.comment) == (0, note)


def test_a_field_both_changed_keeps_the_users_input_and_is_marked(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    assessment_id, li = chen_and_li(app, client)
    url = f"/assessments/{assessment_id}/sections/C1"
    chen_page = _opened(client, url, "C1.E1.1__version")
    li_page = _opened(li, url, "C1.E1.1__version")
    by_li = {"C1.E1.1__evidence_note": "李：演练记录 HD-1", "C1.E1.1__comment": "李的备注"}
    assert li.post(url, data={**li_page, **by_li}).status_code == 302
    by_chen = {"C1.E1.1__evidence_note": "陈：演练记录 HD-2", "C1.E1.1__level": "1"}
    refused = client.post(url, data={**chen_page, **by_chen})

    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    shown = _form(page, "C1.E1.1__version")
    assert shown["C1.E1.1__evidence_note"] == "陈：演练记录 HD-2"
    # qa18 S9: the conflict's message goes to the one field both changed, not to the level
    # only Chen changed; it names the stored value.
    message = error_beside(page, "C1.E1.1__evidence_note")
    assert "李强在您打开本页后已修改此项" in message
    assert "李：演练记录 HD-1" in message
    assert 'id="C1.E1.1__level-error"' not in page
    assert shown["C1.E1.1__comment"] == "李的备注"
    assert shown["C1.E1.1__level"] == "1"  # only Chen changed it: kept, written next

    assert client.post(url, data=shown).status_code == 302
    stored = stored_answer(app, assessment_id, "C1.E1.1")
    assert (stored.level, stored.evidence_note, stored.comment) == (
        1,
        "陈：演练记录 HD-2",
        "李的备注",
    )


def test_an_item_the_user_never_touched_is_no_conflict(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    assessment_id, li = chen_and_li(app, client)
    url = f"/assessments/{assessment_id}/sections/C1"
    chen_page = _opened(client, url, "C1.E1.1__version")
    li_page = _opened(li, url, "C1.E1.1__version")
    assert li.post(url, data={**li_page, "C1.E1.1__comment": "李的备注"}).status_code == 302

    saved = client.post(url, data={**chen_page, "C1.E1.2__value": "12"})

    assert saved.status_code == 200  # Chen's number saved; Li's item left as she saved it
    assert "已保存您的修改。另有 1 项已被李强修改" in saved.get_data(as_text=True)  # and noted
    assert stored_answer(app, assessment_id, "C1.E1.1").comment == "李的备注"
    assert stored_answer(app, assessment_id, "C1.E1.2").value == 12


def test_not_applicable_and_its_reason_are_kept(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    assessment_id, li = chen_and_li(app, client)
    url = f"/assessments/{assessment_id}/sections/C6"
    chen_page = _opened(client, url, "C6.E1.1__version")
    li_page = _opened(li, url, "C6.E1.1__version")
    by_li = {"C6.E1.1__na": "y", "C6.E1.1__na_reason": "无储存场所"}
    assert li.post(url, data={**li_page, **by_li}).status_code == 302
    refused = client.post(url, data={**chen_page, "C6.E1.1__evidence_note": "陈的说明"})

    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    shown = _form(page, "C6.E1.1__version")
    assert shown.get("C6.E1.1__na") == "y"
    assert shown["C6.E1.1__na_reason"] == "无储存场所"
    assert TAKEN in taken_beside(page, "C6.E1.1__na_reason")

    assert client.post(url, data=shown).status_code == 302
    stored = stored_answer(app, assessment_id, "C6.E1.1")
    assert (stored.is_na, stored.na_reason, stored.evidence_note) == (
        True,
        "无储存场所",
        "陈的说明",
    )


def test_a_kpi_note_the_user_never_touched_survives_save_again(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    assessment_id, li = chen_and_li(app, client)
    url = f"/assessments/{assessment_id}/kpis"
    stored = {"hours_employees__value": "10000", "drills__value": "3"}
    stored |= {"hours_employees__version": "0", "drills__version": "0"}
    assert client.post(url, data=stored).status_code == 302
    chen_page = _opened(client, url, "drills__version")
    assert chen_page["drills__value"] == "3"
    li_page = _opened(li, url, "drills__version")
    by_li = {"drills__value": "4", "drills__note": "李：含桌面推演"}
    assert li.post(url, data={**li_page, **by_li}).status_code == 302
    refused = client.post(url, data={**chen_page, "drills__value": "7"})

    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    shown = _form(page, "drills__version")
    assert shown["drills__value"] == "7"
    assert "数值：4" in page
    assert shown["drills__note"] == "李：含桌面推演"
    assert TAKEN in taken_beside(page, "drills__note")

    assert client.post(url, data=shown).status_code == 302
    row = stored_kpi(app, assessment_id, "drills")
    assert (row.value, row.note) == (Decimal(7), "李：含桌面推演")


def test_a_prerequisite_comment_the_user_never_touched_survives_save_again(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    assessment_id, li = chen_and_li(app, client)
    url = f"/assessments/{assessment_id}/prerequisites"
    assert client.post(url, data={"P1__level": "1", "P1__version": "0"}).status_code == 302
    chen_page = _opened(client, url, "P1__version")
    li_page = _opened(li, url, "P1__version")
    assert li.post(url, data={**li_page, "P1__comment": "李：承诺书已盖章"}).status_code == 302
    refused = client.post(url, data={**chen_page, "P1__level": "0"})

    assert refused.status_code == 409
    shown = _form(refused.get_data(as_text=True), "P1__version")
    assert (shown["P1__level"], shown["P1__comment"]) == ("0", "李：承诺书已盖章")

    assert client.post(url, data=shown).status_code == 302
    stored = stored_answer(app, assessment_id, "P1")
    assert (stored.level, stored.comment) == (0, "李：承诺书已盖章")
