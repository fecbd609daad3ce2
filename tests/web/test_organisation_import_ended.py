"""An organisation import after it ended: its address says how, the jobs page lists it,
and the sweep spares a job still waiting for the worker however long it waits."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.organisations import import_hold, import_job
from rcapp.organisations.import_job import Job, Preview
from rcapp.organisations.import_words import state_words
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_user
from tests.org_import_files import one_company
from tests.org_import_web import (
    age,
    answer,
    files,
    fingerprint,
    hold_back,
    queued,
    secretariat,
    token,
    upload,
)

pytestmark = pytest.mark.usefixtures("no_earlier_imports")


@pytest.mark.parametrize(
    ("lang", "written"),
    [("zh", "已写入：新增 1，更新 0（"), ("en", "Written: 1 added, 0 updated (")],
)
def test_a_written_import_says_so_at_its_address_every_time(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, written: str
) -> None:
    secretariat(db_session, auth, "sec-wrote@example.cn", "王秘书", lang=lang)
    job = token(upload(client, one_company("写完化工")).location)
    answer(client, job)
    for _look in range(2):  # the first look and any later one (a bookmark, the back button)
        shown = client.get(f"/organisations/import/{job}")
        assert shown.status_code == 200
        text = shown.get_data(as_text=True)
        assert written in text
        assert "王秘书" in text  # who wrote it
        assert 'href="/organisations/"' in text  # the register


@pytest.mark.parametrize(("lang", "words"), [("zh", "已取消"), ("en", "Cancelled")])
def test_a_cancelled_import_says_so_at_its_address(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: str
) -> None:
    secretariat(db_session, auth, lang=lang)
    job = token(upload(client, one_company("取消化工")).location)
    page = client.get(f"/organisations/import/{job}").get_data(as_text=True)
    answer(client, job, "cancel", page)
    shown = client.get(f"/organisations/import/{job}")
    assert shown.status_code == 200
    assert words in shown.get_data(as_text=True)
    assert 'href="/organisations/"' in shown.get_data(as_text=True)
    again = client.post(  # the cancelled preview's confirm button, from the back button
        f"/organisations/import/{job}", data={"action": "apply", "fingerprint": fingerprint(page)}
    )
    assert again.location.endswith(f"/organisations/import/{job}")


@pytest.mark.parametrize(
    ("lang", "words"), [("zh", "已被较新的上传替换"), ("en", "Replaced by a newer upload")]
)
def test_a_replaced_import_says_so_at_its_address(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    words: str,
) -> None:
    secretariat(db_session, auth, lang=lang)
    first, _held, _check = queued(client, monkeypatch, "旧文件化工")
    upload(client, one_company("新文件化工"))
    for _look in range(2):
        shown = client.get(f"/organisations/import/{first}")
        assert shown.status_code == 200
        assert words in shown.get_data(as_text=True)


@pytest.mark.parametrize(
    ("lang", "heading", "checking", "ready", "written"),
    [
        ("zh", "单位批量导入", "排队中", "待确认", "已写入：新增 1，更新 0（"),
        ("en", "Organisation imports", "Queued", "Ready to confirm", "Written: 1 added"),
    ],
)
def test_the_jobs_page_lists_the_secretariats_imports(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    heading: str,
    checking: str,
    ready: str,
    written: str,
) -> None:
    secretariat(db_session, auth, "sec-lists@example.cn", "李上传", lang=lang)
    held, check = hold_back(monkeypatch, "check_import")
    job = token(upload(client, one_company("列表化工"), name="三月名单.xlsx").location)
    listing = client.get("/reports/jobs").get_data(as_text=True)
    assert heading in listing
    assert "三月名单.xlsx" in listing
    assert "李上传" in listing
    assert checking in listing
    assert f'href="/organisations/import/{job}"' in listing
    check(*held[0])
    listing = client.get("/reports/jobs").get_data(as_text=True)
    assert ready in listing
    answer(client, job)
    assert written in client.get("/reports/jobs").get_data(as_text=True)
    auth.logout()
    secretariat(db_session, auth, "sec-colleague@example.cn")
    colleague = client.get("/reports/jobs").get_data(as_text=True)
    assert "三月名单.xlsx" in colleague  # listed with who uploaded it ...
    assert f'href="/organisations/import/{job}"' not in colleague  # ... whose page it is
    auth.logout()
    make_user(make_organisation(), email="member-jobs@example.cn")
    db_session.commit()
    auth.login("member-jobs@example.cn")
    assert "三月名单.xlsx" not in client.get("/reports/jobs").get_data(as_text=True)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh",
            ["排队中", "正在检查", "正在写入", "待确认", "检查未通过：2 个问题", "无需写入",
             "已取消", "已被较新的上传替换", "单位名册已被他人修改", "已中断"],
        ),
        (
            "en",
            ["Queued", "Checking", "Writing", "Ready to confirm", "Check failed: 2 problems",
             "Nothing to write", "Cancelled", "Replaced by a newer upload",
             "The register was changed by someone else", "Interrupted"],
        ),
    ],
)  # fmt: skip
def test_each_state_has_its_words(app: Flask, lang: str, expected: list[str]) -> None:
    now = time.time()
    jobs = [
        Job("q", import_job.CHECKING),  # no worker has taken it yet (QA43 S2)
        Job("a", import_job.CHECKING, started_at=now),
        Job("b", import_job.APPLYING, started_at=now),
        Job("c", import_job.CHECKED, preview=Preview(creates=[], fingerprint="f")),
        Job("d", import_job.CHECKED, preview=Preview(problems=["x", "y"])),
        Job("e", import_job.CHECKED, preview=Preview()),
        Job("f", import_job.CANCELLED),
        Job("g", import_job.REPLACED),
        Job("h", import_job.FAILED),
        Job("i", import_job.APPLYING, moved_at=now - 3600, started_at=now - 3600),
    ]
    with app.test_request_context(), force_locale("en" if lang == "en" else "zh_CN"):
        words = [state_words(job) for job in jobs]
    for shown, wanted in zip(words, expected, strict=True):
        assert wanted in shown


def test_a_queued_job_is_never_swept_an_ended_or_lost_one_is(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    app: Flask,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A worker down for longer than a day lost the file of every import waiting for it."""
    user_id = secretariat(db_session, auth)
    waiting, held, _check = queued(client, monkeypatch, "排队一天化工")
    with app.test_request_context():
        lost = import_job.Job("0" * 32, import_job.CHECKING)
        import_job.save(user_id, lost)
        document = import_hold.read_state(user_id, lost.token)
        assert document is not None
        import_hold.write_state(user_id, lost.token, {**document, "started_at": 1.0})
        ended = import_job.Job("1" * 32, import_job.CANCELLED)
        import_job.save(user_id, ended)
    a_day_ago = time.time() - import_hold.KEEP_FOR_SECONDS - 60
    age(app, user_id, waiting, import_hold.KEEP_FOR_SECONDS + 60)
    directory = Path(app.config["UPLOAD_DIR"]) / "organisation-imports"
    for path in directory.iterdir():
        os.utime(path, (a_day_ago, a_day_ago))
    with app.test_request_context():
        for job_token in ("0" * 32, "1" * 32):
            document = import_hold.read_state(user_id, job_token)
            assert document is not None
            import_hold.write_state(user_id, job_token, {**document, "moved_at": a_day_ago})
            path = directory / f"{user_id}-{job_token}.json"
            os.utime(path, (a_day_ago, a_day_ago))
        assert import_job.sweep() == 2  # the lost one's state and the cancelled one's
    assert sorted(files(app)) == sorted([f"{user_id}-{waiting}.json", f"{user_id}-{waiting}.xlsx"])
    assert held == [(user_id, waiting)]


@pytest.mark.parametrize(
    ("lang", "folded"), [("zh", "另有 2 次被替换的上传"), ("en", "2 more uploads were replaced")]
)
def test_the_jobs_page_folds_replaced_uploads_under_one_line(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    folded: str,
) -> None:
    """Each corrected upload left a "replaced" row above the one that counts (jobsfix3 item 2)."""
    secretariat(db_session, auth, "sec-fold@example.cn", lang=lang)
    hold_back(monkeypatch, "check_import")
    first = token(upload(client, one_company("第一版化工"), name="第一版.xlsx").location)
    second = token(upload(client, one_company("第二版化工"), name="第二版.xlsx").location)
    last = token(upload(client, one_company("第三版化工"), name="第三版.xlsx").location)
    listing = client.get("/reports/jobs").get_data(as_text=True)
    table, _, fold = listing.partition('<details class="replaced-imports">')
    assert f'href="/organisations/import/{last}"' in table
    assert "第一版.xlsx" not in table
    assert "第二版.xlsx" not in table
    assert folded in fold
    for replaced in (first, second):  # still reachable, saying they were replaced
        assert f'href="/organisations/import/{replaced}"' in fold
    assert fold.index("第二版.xlsx") < fold.index("第一版.xlsx")  # the latest first


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("三月名单.xlsx", "三月名单.xlsx"),
        ("C:\\Users\\李\\三月名单.xlsx", "三月名单.xlsx"),  # an old browser's whole path
        ("../../上级/三月名单.xlsx", "三月名单.xlsx"),
        ("三月\x00名单\n.xlsx ", "三月名单.xlsx"),  # control characters
        ("/", ""),  # nothing left: the page says "(no file name)"
        ("名" * 300, "名" * 200),
    ],
)
def test_the_kept_file_name_is_the_files_own_name(raw: str, kept: str) -> None:
    assert import_job.upload_name(raw) == kept


def test_an_upload_sent_with_a_path_is_listed_by_its_own_name(
    client: FlaskClient, db_session: Session, auth: AuthActions, monkeypatch: pytest.MonkeyPatch
) -> None:
    secretariat(db_session, auth, "sec-path@example.cn")
    hold_back(monkeypatch, "check_import")
    upload(client, one_company("路径化工"), name="../上级目录/四月名单.xlsx")
    listing = client.get("/reports/jobs").get_data(as_text=True)
    assert "四月名单.xlsx" in listing
    assert "上级目录" not in listing
