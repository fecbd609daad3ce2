"""The PDF renderer: only allow-listed static files are fetched; Chinese text is embedded."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from rcapp.reports.pdf import BASE_URL, RefusedURL, fetch_static, html_to_pdf
from tests.pdf_tools import embedded_cjk_subset, needs_poppler, pdf_text

STATIC = Path(__file__).resolve().parents[3] / "static"


def test_the_print_stylesheet_is_served() -> None:
    found = fetch_static(f"{BASE_URL}static/css/print.css", STATIC)
    assert found.mime_type == "text/css"
    assert b"@page" in found.body


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.css",
        "https://example.com/static/css/print.css",
        "data:text/css,body{color:red}",
        f"{BASE_URL}static/css/app.css",  # a static file, but not on the allow-list
        f"{BASE_URL}static/css/../../rcapp/config.py",
        f"{BASE_URL}static/css/%2e%2e/%2e%2e/pyproject.toml",
        f"{BASE_URL}static/css/print.css?x=1",
        f"{BASE_URL}etc/passwd",
    ],
)
def test_every_other_url_is_refused(url: str) -> None:
    with pytest.raises(RefusedURL):
        fetch_static(url, STATIC)


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def server() -> Iterator[str]:
    httpd = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@needs_poppler
def test_a_template_asking_for_local_files_or_the_network_gets_nothing(
    server: str, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE", encoding="utf-8")
    html = f"""<html><head>
      <link rel="stylesheet" href="{server}/evil.css">
      <link rel="stylesheet" href="file://{secret}">
      <style>@import url("{server}/imported.css");
        body {{ background: url("{server}/bg.png"); }}</style></head>
      <body><p>正文</p><img src="{server}/img.png"><img src="file://{secret}">
      <object data="file://{secret}"></object><iframe src="file://{secret}"></iframe>
      <embed src="file://{secret}"></body></html>"""
    pdf = html_to_pdf(html, STATIC)
    assert _Recorder.hits == []
    text = pdf_text(pdf)
    assert "正文" in text
    assert "TOP-SECRET-LINE" not in text


@needs_poppler
def test_chinese_text_is_embedded_as_a_subset_cjk_font() -> None:
    html = (
        '<html><head><link rel="stylesheet" href="/static/css/print.css"></head>'
        "<body><h1>管理体系</h1></body></html>"
    )
    pdf = html_to_pdf(html, STATIC)
    assert embedded_cjk_subset(pdf)
    assert "管理体系" in pdf_text(pdf)


@needs_poppler
def test_a_short_table_marked_keep_moves_to_the_next_page_whole() -> None:
    # The annual report's star table broke after four rows and left "未评定" alone on a page.
    rows = "".join(f"<tr><td>row{n}</td><td class='num'>{n}</td></tr>" for n in range(1, 8))
    html = (
        f'<html><head><link rel="stylesheet" href="{BASE_URL}static/css/print.css"></head>'
        '<body><div style="height: 235mm">filler</div>'
        f'<h2>heading</h2><table class="keep"><tbody>{rows}</tbody></table></body></html>'
    )
    first, second = pdf_text(html_to_pdf(html, STATIC)).split("\f")[:2]
    assert "row" not in first
    assert "heading" not in first
    assert all(f"row{n}" in second for n in range(1, 8))
