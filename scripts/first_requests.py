"""Time the first and the second request to a few pages per role after a server starts.

Starts `rcapp run` or gunicorn on the demo database (`rcapp demo`) from the current
directory, logs in as one demo account, requests each page twice, stops the server, and
prints one line per page (docs/performance.md, "The first request after a start"):

    RCAPP_DATABASE_URL=sqlite:////tmp/demo.sqlite3 python scripts/first_requests.py run org
    GUNICORN_ARGS="--workers 2 --preload" python scripts/first_requests.py gunicorn secretariat

Only 127.0.0.1 is used; the port (PORT, default 5163) must be free.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

PORT = int(os.environ.get("PORT", "5163"))
BASE = f"http://127.0.0.1:{PORT}"
PASSWORD = "rcapp-demo-2025"  # noqa: S105 - the demo's published password
BIN = Path(sys.executable).parent
# The demo's open year is its third cycle; its first draft is assessment 17 (linhai-chlor).
ROLES = {
    "secretariat": (
        "secretariat@demo.example.cn",
        ["/cycles/", "/cycles/3", "/cycles/3/organisations", "/organisations/", "/reviews/"],
    ),
    "org": (
        "linhai-chlor.admin@demo.example.cn",
        ["/assessments/17", "/assessments/17/kpis", "/assessments/17/sections/C1"],
    ),
    "reviewer": ("reviewer.huang@demo.example.cn", ["/reviews/", "/assessments/"]),
}


def start(kind: str) -> tuple[subprocess.Popen[bytes], float]:
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", PORT)) == 0:
            sys.exit(f"port {PORT} is taken")
    if kind == "run":
        command = [str(BIN / "rcapp"), "run", "--host", "127.0.0.1", "--port", str(PORT)]
    else:
        extra = shlex.split(os.environ.get("GUNICORN_ARGS", "--workers 2"))
        command = [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{PORT}", *extra, "wsgi:app"]
    started = time.perf_counter()
    server = subprocess.Popen(  # noqa: S603 - our own executables
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    while True:
        try:
            with urllib.request.urlopen(f"{BASE}/static/css/app.css", timeout=1):  # noqa: S310
                return server, time.perf_counter() - started
        except OSError:
            if server.poll() is not None:
                sys.exit("the server stopped")
            time.sleep(0.05)


def timed(
    opener: urllib.request.OpenerDirector, path: str, data: bytes | None = None
) -> tuple[float, str]:
    started = time.perf_counter()
    with opener.open(BASE + path, data=data, timeout=120) as response:
        body = response.read().decode()
    return time.perf_counter() - started, body


def main(kind: str, role: str) -> None:
    email, pages = ROLES[role]
    server, up = start(kind)
    try:
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        _seconds, form = timed(opener, "/login")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form)
        if token is None:
            sys.exit("no CSRF token on the login page")
        login = urllib.parse.urlencode(
            {"csrf_token": token[1], "email": email, "password": PASSWORD}
        )
        seconds, _body = timed(opener, "/login", login.encode())  # then the home page
        print(
            f"{kind} {role}: ready after {up:.1f} s; log in and home page {seconds * 1000:.0f} ms"
        )
        for path in pages:
            first, _body = timed(opener, path)
            second, _body = timed(opener, path)
            print(f"  {path:32} first {first * 1000:6.0f} ms, second {second * 1000:5.0f} ms")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("run", "gunicorn") or sys.argv[2] not in ROLES:
        sys.exit(f"usage: first_requests.py run|gunicorn {'|'.join(ROLES)}")
    main(sys.argv[1], sys.argv[2])
