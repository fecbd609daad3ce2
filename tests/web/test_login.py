import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories import PASSWORD, make_user


def test_login_page_is_chinese_by_default(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert "登录" in page
    assert '<html lang="zh-CN">' in page


def test_language_switch_shows_english(client: FlaskClient) -> None:
    client.get("/lang/en?next=/login")
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Log in" in page


def test_wrong_password_is_refused_with_a_message(client: FlaskClient, db_session: Session) -> None:
    make_user(email="hse@example.cn")
    db_session.commit()
    response = client.post("/login", data={"email": "hse@example.cn", "password": "nope"})
    assert response.status_code == 200
    assert "电子邮箱或密码不正确" in response.get_data(as_text=True)


def test_correct_password_logs_in(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_user(email="hse@example.cn", name="张工")
    db_session.commit()
    auth.login("hse@example.cn")
    assert "张工" in client.get("/").get_data(as_text=True)


def test_language_switch_refuses_offsite_redirects(client: FlaskClient) -> None:
    response = client.get("/lang/en?next=//evil.example/x")
    assert response.headers["Location"] == "/"


ENGLISH_BROWSER = {"Accept-Language": "en-GB,en;q=0.9"}


def test_a_visitor_with_an_english_browser_gets_the_english_login_page(
    client: FlaskClient,
) -> None:
    """A mail's link opened logged out on a phone showed the Chinese login page."""
    page = client.get("/login", headers=ENGLISH_BROWSER).get_data(as_text=True)
    assert '<html lang="en">' in page


def test_a_visitor_without_an_english_browser_gets_chinese(client: FlaskClient) -> None:
    assert '<html lang="zh-CN">' in client.get("/login").get_data(as_text=True)
    page = client.get("/login", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert '<html lang="zh-CN">' in page.get_data(as_text=True)


def test_a_chosen_language_wins_over_the_browser(client: FlaskClient) -> None:
    client.get("/lang/zh_CN")
    page = client.get("/login", headers=ENGLISH_BROWSER).get_data(as_text=True)
    assert '<html lang="zh-CN">' in page


def test_a_signed_in_user_who_chose_nothing_keeps_chinese_with_an_english_browser(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_user(email="hse@example.cn", name="张工")
    db_session.commit()
    auth.login("hse@example.cn")
    with client.session_transaction() as state:
        state.pop("lang", None)
    page = client.get("/", headers=ENGLISH_BROWSER).get_data(as_text=True)
    assert '<html lang="zh-CN">' in page


@pytest.mark.parametrize("code", ["en", "zh_CN"])
@pytest.mark.parametrize("target", ["/assessments/%0d%0a", "/x%0a", "/x%09y", "/x%00"])
def test_a_line_break_in_next_goes_to_the_start_page(
    client: FlaskClient, code: str, target: str
) -> None:
    """QA: `/lang/en?next=/assessments/%0d%0a` gave a system error (500)."""
    response = client.get(f"/lang/{code}?next={target}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_line_break_in_next_after_a_correct_login_goes_to_the_start_page(
    client: FlaskClient, db_session: Session, language: str
) -> None:
    """QA: the user was logged in, but saw "系统错误 (500) … 您输入的内容未保存"."""
    make_user(email="hse@example.cn", name="张工")
    db_session.commit()
    client.get(f"/lang/{language}?next=/")
    response = client.post(
        "/login?next=/x%0aA", data={"email": "hse@example.cn", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "张工" in client.get("/").get_data(as_text=True)
