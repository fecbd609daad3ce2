import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories import PASSWORD, make_user


def test_login_page_is_chinese_by_default(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert "登录" in page
    assert 'lang="zh-CN"' in page


def test_language_switch_shows_english(client: FlaskClient) -> None:
    client.get("/lang/en?next=/login")
    page = client.get("/login").get_data(as_text=True)
    assert 'lang="en"' in page
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


def test_chinese_is_the_default_even_for_an_english_browser(client: FlaskClient) -> None:
    page = client.get("/login", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert 'lang="zh-CN"' in page.get_data(as_text=True)


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
