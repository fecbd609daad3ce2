"""A form sent after the login ended: the login page says the input was not saved and can be
restored, and leads back to the page the form was on (static/js/drafts.js restores it)."""

from urllib.parse import parse_qs, urlsplit

from flask.testing import FlaskClient


def _next_of(location: str) -> str:
    return parse_qs(urlsplit(location).query)["next"][0]


def test_a_save_after_the_login_ended_says_the_input_can_be_restored(client: FlaskClient) -> None:
    sent = client.post(
        "/assessments/7/targets",
        data={"kpi_id": "RS-04"},
        headers={"Referer": "http://localhost/assessments/7/kpis"},
    )

    assert sent.status_code == 302
    assert _next_of(sent.headers["Location"]) == "/assessments/7/kpis"
    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "您的登录已过期，刚才的输入没有保存" in page
    assert "恢复未保存的输入" in page
    assert "请先登录。" not in page


def test_the_english_login_page_says_it_too(client: FlaskClient) -> None:
    client.get("/lang/en?next=/login")
    sent = client.post("/assessments/7/sections/MS", headers={"Referer": "http://evil.example/x"})

    assert _next_of(sent.headers["Location"]).endswith("/assessments/7/sections/MS")
    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "your input was not saved" in page


def test_opening_a_page_without_login_only_asks_to_log_in(client: FlaskClient) -> None:
    sent = client.get("/assessments/7/kpis")

    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "请先登录。" in page
    assert "没有保存" not in page
