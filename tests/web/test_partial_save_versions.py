"""The page shown again after a partial save carries the versions of what it just stored.

qa38 D2: a save that refused one field ("其余内容已保存；标出的 1 处需要修改后再保存") or a
file showed the page again with the OLD hidden versions of the answers it had just saved,
so the next save from that page was refused as "changed in another window" and the
user's new input was lost. Now the page takes the stored version of each answer it was up
to date with; a change made meanwhile in another session is still caught. The pages are
posted as a browser posts them: every field, read back from the page shown.
"""

from __future__ import annotations

import io
from decimal import Decimal

import lxml.html  # type: ignore[import-untyped]  # lxml ships no type information
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection

from tests.two_sessions import chen_and_li
from tests.two_sessions import stored_answer as _answer
from tests.two_sessions import stored_kpi as _kpi
from tests.web.browser_form import submitted_values
from tests.web.helpers import error_beside

PARTIAL = "其余内容已保存；标出的 1 处需要修改后再保存。"
ELSEWHERE = "在您打开本页后已修改此项"  # "<name> changed this item since you opened the page"


def _form(page: str, field: str) -> dict[str, str]:
    """The fields of the page's form holding `field`, as a browser posts them untouched."""
    document = lxml.html.fromstring(page)
    for index, form in enumerate(f for f in document.forms if f.method.upper() == "POST"):
        if field in form.inputs:
            # Browsers drop the line break that opens a text area; lxml keeps it.
            pairs = submitted_values(page, index)
            return {name: value.removeprefix("\r\n").removeprefix("\n") for name, value in pairs}
    raise AssertionError(f"no form with {field}")


def _opened(client: FlaskClient, url: str, field: str) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200
    return _form(response.get_data(as_text=True), field)


def _partial_section_save(client: FlaskClient, url: str) -> str:
    """Type a wrong number on C1.E1.2 and a note on C1.E1.1; the note is saved, not the number."""
    page = _opened(client, url, "C1.E1.1__version")
    typed = {"C1.E1.2__value": "abc", "C1.E1.1__comment": "第一次备注"}
    response = client.post(url, data={**page, **typed})
    assert response.status_code == 422
    shown = response.get_data(as_text=True)
    assert PARTIAL in shown
    assert "“abc”" in error_beside(shown, "C1.E1.2__value")
    return shown


def test_a_section_saved_again_after_a_partial_save_stores_the_new_input(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    assessment_id, _li = chen_and_li(app, client)
    url = f"/assessments/{assessment_id}/sections/C1"
    shown = _form(_partial_section_save(client, url), "C1.E1.1__version")
    assert _answer(app, assessment_id, "C1.E1.1").comment == "第一次备注"
    assert shown["C1.E1.1__version"] == str(_answer(app, assessment_id, "C1.E1.1").version)
    assert shown["C1.E1.2__value"] == "abc"  # what was typed stays on the page

    fixed = {"C1.E1.2__value": "12", "C1.E1.1__comment": "第二次备注"}
    saved = client.post(url, data={**shown, **fixed})

    assert saved.status_code == 302, saved.get_data(as_text=True)
    assert _answer(app, assessment_id, "C1.E1.1").comment == "第二次备注"
    assert _answer(app, assessment_id, "C1.E1.2").value == 12


def test_a_change_from_another_session_after_a_partial_save_is_still_caught(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    assessment_id, li = chen_and_li(app, client)
    url = f"/assessments/{assessment_id}/sections/C1"
    shown = _form(_partial_section_save(client, url), "C1.E1.1__version")
    li_page = _opened(li, url, "C1.E1.1__version")
    assert li.post(url, data={**li_page, "C1.E1.1__comment": "李的备注"}).status_code == 302

    refused = client.post(url, data={**shown, "C1.E1.1__comment": "陈的第二次备注"})

    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    message = error_beside(page, "C1.E1.1__comment")
    assert f"李强{ELSEWHERE}" in message
    assert "李的备注" in message  # the value stored now
    assert _answer(app, assessment_id, "C1.E1.1").comment == "李的备注"


def test_a_refused_number_another_session_changed_before_is_still_caught(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    """The refused field's "opened with" value stays: a colleague's number is not overwritten."""
    assessment_id, li = chen_and_li(app, client)
    url = f"/assessments/{assessment_id}/sections/C1"
    chen_page = _opened(client, url, "C1.E1.2__version")
    li_page = _opened(li, url, "C1.E1.2__version")
    assert li.post(url, data={**li_page, "C1.E1.2__value": "50"}).status_code == 302
    first = client.post(url, data={**chen_page, "C1.E1.2__value": "abc"})
    assert first.status_code == 422
    shown = _form(first.get_data(as_text=True), "C1.E1.2__version")

    refused = client.post(url, data={**shown, "C1.E1.2__value": "12"})

    assert refused.status_code == 409
    message = error_beside(refused.get_data(as_text=True), "C1.E1.2__value")
    assert f"李强{ELSEWHERE}" in message
    assert "50" in message
    assert _answer(app, assessment_id, "C1.E1.2").value == 50


def test_the_saved_items_of_a_page_refused_for_a_conflict_can_be_changed_again(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    """Items saved beside a conflict ("其余修改已保存") carry their new versions too."""
    assessment_id, li = chen_and_li(app, client)
    url = f"/assessments/{assessment_id}/sections/C1"
    chen_page = _opened(client, url, "C1.E1.1__version")
    li_page = _opened(li, url, "C1.E1.1__version")
    assert li.post(url, data={**li_page, "C1.E1.1__comment": "李的备注"}).status_code == 302
    typed = {"C1.E1.1__comment": "陈的备注", "C1.E1.2__value": "3"}
    refused = client.post(url, data={**chen_page, **typed})
    assert refused.status_code == 409
    assert _answer(app, assessment_id, "C1.E1.2").value == 3
    shown = _form(refused.get_data(as_text=True), "C1.E1.1__version")

    again = {"C1.E1.1__comment": "李的备注", "C1.E1.2__value": "4"}
    saved = client.post(url, data={**shown, **again})

    assert saved.status_code == 302, saved.get_data(as_text=True)
    assert _answer(app, assessment_id, "C1.E1.2").value == 4


def test_a_section_saved_again_after_a_refused_upload_stores_the_evidence_note(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    assessment_id, _li = chen_and_li(app, client)
    url = f"/assessments/{assessment_id}/sections/C1"
    page = _opened(client, url, "C1.E1.1__version")
    first = client.post(
        url,
        data={
            **page,
            "C1.E1.1__level": "3",
            "upload": "C1.E1.1",
            "evidence-C1.E1.1": [(io.BytesIO(b"MZ\x90\x00"), "tool.exe")],
        },
        content_type="multipart/form-data",
    )
    assert first.status_code == 422
    assert _answer(app, assessment_id, "C1.E1.1").level == 3
    shown = _form(first.get_data(as_text=True), "C1.E1.1__version")

    saved = client.post(url, data={**shown, "C1.E1.1__evidence_note": "演练记录 HD-1"})

    assert saved.status_code in (200, 302), saved.get_data(as_text=True)
    assert ELSEWHERE not in saved.get_data(as_text=True)
    assert _answer(app, assessment_id, "C1.E1.1").evidence_note == "演练记录 HD-1"


def test_a_section_saved_with_a_warning_can_be_saved_again(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    """Level 3 without a file is saved with a warning and shown again: not a stale page."""
    assessment_id, _li = chen_and_li(app, client)
    url = f"/assessments/{assessment_id}/sections/C1"
    page = _opened(client, url, "C1.E1.1__version")
    warned = client.post(url, data={**page, "C1.E1.1__level": "3"})
    assert warned.status_code == 200
    shown = _form(warned.get_data(as_text=True), "C1.E1.1__version")

    saved = client.post(url, data={**shown, "C1.E1.1__comment": "文件稍后上传"})

    assert saved.status_code == 200  # the same warning again, no conflict
    assert ELSEWHERE not in saved.get_data(as_text=True)
    assert _answer(app, assessment_id, "C1.E1.1").comment == "文件稍后上传"


def test_the_kpi_page_saved_again_after_a_partial_save_stores_the_new_input(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    assessment_id, _li = chen_and_li(app, client)
    url = f"/assessments/{assessment_id}/kpis"
    page = _opened(client, url, "drills__version")
    first = client.post(url, data={**page, "lti_employees__value": "abc", "drills__value": "3"})
    assert first.status_code == 422
    assert PARTIAL in first.get_data(as_text=True)
    shown = _form(first.get_data(as_text=True), "drills__version")

    saved = client.post(url, data={**shown, "lti_employees__value": "5", "drills__value": "4"})

    assert saved.status_code == 302, saved.get_data(as_text=True)
    assert _kpi(app, assessment_id, "drills").value == Decimal(4)
    assert _kpi(app, assessment_id, "lti_employees").value == Decimal(5)


def test_the_kpi_page_catches_a_change_from_another_session_after_a_partial_save(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    assessment_id, li = chen_and_li(app, client)
    url = f"/assessments/{assessment_id}/kpis"
    page = _opened(client, url, "drills__version")
    first = client.post(url, data={**page, "lti_employees__value": "abc", "drills__value": "3"})
    assert first.status_code == 422
    shown = _form(first.get_data(as_text=True), "drills__version")
    li_page = _opened(li, url, "drills__version")
    assert li.post(url, data={**li_page, "drills__value": "6"}).status_code == 302

    refused = client.post(url, data={**shown, "drills__value": "4"})

    assert refused.status_code == 409
    assert f"李强{ELSEWHERE}" in refused.get_data(as_text=True)
    assert "数值：6" in refused.get_data(as_text=True)
    assert _kpi(app, assessment_id, "drills").value == Decimal(6)


def test_the_kpi_page_saved_again_after_removing_a_value_in_a_partial_save(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    """An emptied input is removed: the page shown again carries "no row" for it."""
    assessment_id, _li = chen_and_li(app, client)
    url = f"/assessments/{assessment_id}/kpis"
    page = _opened(client, url, "drills__version")
    assert client.post(url, data={**page, "drills__value": "3"}).status_code == 302
    page = _opened(client, url, "drills__version")
    first = client.post(url, data={**page, "lti_employees__value": "abc", "drills__value": ""})
    assert first.status_code == 422
    shown = _form(first.get_data(as_text=True), "drills__version")

    saved = client.post(url, data={**shown, "lti_employees__value": "1", "drills__value": "2"})

    assert saved.status_code == 302, saved.get_data(as_text=True)
    assert _kpi(app, assessment_id, "drills").value == Decimal(2)


def test_the_prerequisites_saved_again_after_a_partial_save_store_the_new_input(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    assessment_id, _li = chen_and_li(app, client)
    url = f"/assessments/{assessment_id}/prerequisites"
    page = _opened(client, url, "P1__version")
    first = client.post(url, data={**page, "P1__level": "1", "P1__comment": "长" * 2500})
    assert first.status_code == 422
    assert _answer(app, assessment_id, "P1").level == 1
    shown = _form(first.get_data(as_text=True), "P1__version")
    assert shown["P1__comment"] == "长" * 2500

    saved = client.post(url, data={**shown, "P1__comment": "承诺书已盖章"})

    assert saved.status_code == 302, saved.get_data(as_text=True)
    assert (_answer(app, assessment_id, "P1").level, _answer(app, assessment_id, "P1").comment) == (
        1,
        "承诺书已盖章",
    )


def test_the_prerequisites_catch_a_change_from_another_session_after_a_partial_save(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    assessment_id, li = chen_and_li(app, client)
    url = f"/assessments/{assessment_id}/prerequisites"
    page = _opened(client, url, "P1__version")
    first = client.post(url, data={**page, "P1__level": "1", "P1__comment": "长" * 2500})
    assert first.status_code == 422
    shown = _form(first.get_data(as_text=True), "P1__version")
    li_page = _opened(li, url, "P1__version")
    assert li.post(url, data={**li_page, "P1__level": "0"}).status_code == 302

    refused = client.post(url, data={**shown, "P1__comment": "承诺书已盖章"})

    assert refused.status_code == 409
    assert f"李强{ELSEWHERE}" in refused.get_data(as_text=True)
    assert _answer(app, assessment_id, "P1").level == 0


def test_a_section_declared_not_applicable_in_a_partial_save_can_be_saved_again(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    """The section's own N/A answer ("section__…" on the page) takes its stored version too."""
    assessment_id, _li = chen_and_li(app, client)
    url = f"/assessments/{assessment_id}/sections/C6"
    page = _opened(client, url, "section__version")
    typed = {
        "section__na": "y",
        "section__na_reason": "不生产化学品",
        "C6.E1.1__comment": "长" * 2500,
    }
    first = client.post(url, data={**page, **typed})
    assert first.status_code == 422
    assert _answer(app, assessment_id, "C6").na_reason == "不生产化学品"
    shown = _form(first.get_data(as_text=True), "section__version")

    again = {"section__na_reason": "本企业只做仓储，不生产化学品", "C6.E1.1__comment": "短"}
    saved = client.post(url, data={**shown, **again})

    assert saved.status_code == 302, saved.get_data(as_text=True)
    assert _answer(app, assessment_id, "C6").na_reason == "本企业只做仓储，不生产化学品"
    assert _answer(app, assessment_id, "C6.E1.1").comment == "短"
