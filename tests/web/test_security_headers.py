from flask.testing import FlaskClient


def test_pages_carry_a_strict_content_security_policy(client: FlaskClient) -> None:
    response = client.get("/login")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_session_cookie_is_http_only(client: FlaskClient) -> None:
    client.get("/lang/en")
    cookie = client.get_cookie("session")
    assert cookie is not None
    assert cookie.http_only
