"""Serve an app with gunicorn on 127.0.0.1, log in like a browser, and drive load with wrk.

Only ever 127.0.0.1, always for a bounded time: the benchmarks load no other machine.
"""

from __future__ import annotations

import contextlib
import http.client
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
# One User-Agent for the login and the load: Flask-Login ties a session to it.
USER_AGENT = "rcapp-bench"
PROJECT = Path(__file__).resolve().parents[2]
_WRK_REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format("BENCH %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(95), errors))
end
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def gunicorn(
    app: str, env: Mapping[str, str], workers: int = 2, threads: int = 1, log: Path | None = None
) -> Iterator[str]:
    """Run `app` (a gunicorn app spec) with `workers` workers; yield its base URL.

    The server's output goes to `log` when given (tracebacks of server errors land there).
    """
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--bind",
        f"{HOST}:{port}",
        "--threads",
        str(threads),
        # As deployed (docs/deployment.md): the app is built and warmed up once, then forked.
        "--preload",
        "--log-level",
        os.environ.get("RCAPP_BENCH_GUNICORN_LOG_LEVEL", "warning"),
        app,
    ]
    output = open(log, "ab") if log is not None else None  # noqa: SIM115 -- closed below
    process = subprocess.Popen(  # noqa: S603 -- our own interpreter and arguments
        command,
        cwd=PROJECT,
        # faulthandler: a worker killed by a fatal signal writes its Python stack to the log.
        env={**os.environ, "PYTHONFAULTHANDLER": "1", **env},
        start_new_session=True,
        stdout=output,
        stderr=output,
    )
    base = f"http://{HOST}:{port}"
    try:
        _wait_ready(base, process)
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        if output is not None:
            output.close()


def _wait_ready(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            urllib.request.urlopen(f"{base}/login", timeout=2).close()  # noqa: S310 -- http to 127.0.0.1
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
        except urllib.error.HTTPError:
            return
    raise RuntimeError("gunicorn did not answer within 60 s")


# The status a request gets when no HTTP response came back (connection reset, refused or
# timed out); >= 500, so the concurrency benchmark counts it as a server error.
NO_RESPONSE = 599


class Browser:
    """A cookie-keeping client that logs in through the login form (CSRF token included)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.opener.addheaders = [("User-Agent", USER_AGENT)]

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=30) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")
        except OSError as error:  # reset, refused, timed out: a failed request, counted
            print(f"  # no response to {path}: {error!r}", file=sys.stderr, flush=True)
            return NO_RESPONSE, repr(error)

    def post(
        self, path: str, fields: Mapping[str, str], files: Mapping[str, tuple[str, bytes]] = {}
    ) -> tuple[int, str]:
        if files:
            body, content_type = _multipart(fields, files)
        else:
            body = urllib.parse.urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        request = urllib.request.Request(  # noqa: S310 -- http to 127.0.0.1
            self.base + path,
            data=body,
            headers={"Content-Type": content_type, "User-Agent": USER_AGENT},
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")
        except OSError as error:  # reset, refused, timed out: a failed request, counted
            print(f"  # no response to {path}: {error!r}", file=sys.stderr, flush=True)
            return NO_RESPONSE, repr(error)

    def csrf(self, html: str) -> str:
        found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
        return found[1] if found else ""

    def login(self, email: str, password: str) -> None:
        _, page = self.get("/login")
        status, body = self.post(
            "/login", {"email": email, "password": password, "csrf_token": self.csrf(page)}
        )
        if status != 200 or "/logout" not in body:
            raise RuntimeError(f"login as {email} failed ({status})")

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.jar)


def _multipart(
    fields: Mapping[str, str], files: Mapping[str, tuple[str, bytes]]
) -> tuple[bytes, str]:
    boundary = "rcappbench" + os.urandom(8).hex()
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(
            f"--{boundary}\r\nContent-Disposition: form-data;"
            f' name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}";'
            f' filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@dataclass(frozen=True)
class Load:
    requests: int
    seconds: float
    p95_ms: float
    errors: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk(url: str, seconds: int, cookie: str = "", connections: int = 4) -> Load:
    """Drive `url` with wrk for `seconds` (2 threads); non-2xx answers count as errors."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed (scripts/install-system-packages.sh test)")
    if not url.startswith(f"http://{HOST}:"):
        raise ValueError("load is only ever driven against 127.0.0.1")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_WRK_REPORT)
    try:
        command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", script.name]
        command += ["-H", f"User-Agent: {USER_AGENT}"]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        output = subprocess.run(  # noqa: S603 -- fixed program, our arguments
            [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 60
        ).stdout
    finally:
        os.unlink(script.name)
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    requests, duration_us, p95_us, errors = (int(part) for part in line.split()[1:])
    return Load(requests, duration_us / 1e6, p95_us / 1000, errors)


def status_of(url: str, cookie: str = "") -> int:
    """The status of one GET sent exactly as wrk sends it (only the Cookie header, no redirect)."""
    parsed = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parsed.hostname or HOST, parsed.port, timeout=30)
    try:
        headers = {"User-Agent": USER_AGENT, **({"Cookie": cookie} if cookie else {})}
        connection.request("GET", parsed.path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()
