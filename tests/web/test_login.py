from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories import make_user


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
