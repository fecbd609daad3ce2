"""Cross-cutting protection: CSRF, security headers, rate-limit storage, proxy headers.

Production settings (docs/deployment.md): `RCAPP_HTTPS=true` makes cookies Secure and adds
HSTS; `RCAPP_TRUSTED_PROXIES=1` trusts one reverse proxy's X-Forwarded-For/-Proto, so the
login throttle sees each person's address instead of the proxy's.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, request
from flask_wtf.csrf import CSRFProtect
from limits.storage import Storage, storage_from_string
from limits.strategies import STRATEGIES, RateLimiter
from werkzeug.middleware.proxy_fix import ProxyFix

logger = logging.getLogger(__name__)
csrf = CSRFProtect()
LIMITER_KEY = "rcapp.limiter"
PLAIN_HTTP_WARNED_KEY = "rcapp.plain_http_warned"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]"})

# No inline scripts or styles anywhere, so the policy can stay strict from the start.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


class LoginCounts:
    """Where the login throttle counts failures (rcapp.accounts.throttle), one per app.

    The storage (memory:// or redis://) comes from RATELIMIT_STORAGE_URI, the strategy from
    RATELIMIT_STRATEGY. No page has a rate limit, so nothing runs per request (Flask-Limiter's
    extension checked every request against its empty list of limits).
    """

    def __init__(self, storage_uri: str, strategy: str) -> None:
        found = storage_from_string(storage_uri)
        if not isinstance(found, Storage):  # an asyncio storage (async+redis://...)
            raise ValueError(f"RATELIMIT_STORAGE_URI {storage_uri!r} is not a synchronous storage")
        self.storage = found
        self.limiter: RateLimiter = STRATEGIES[strategy](self.storage)

    def reset(self) -> None:
        self.storage.reset()


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    app.extensions[LIMITER_KEY] = LoginCounts(
        app.config["RATELIMIT_STORAGE_URI"], app.config["RATELIMIT_STRATEGY"]
    )
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
    app.after_request(_add_security_headers)
    if app.config["HTTPS"]:
        app.extensions[PLAIN_HTTP_WARNED_KEY] = False
        app.before_request(warn_plain_http)


def over_plain_http_with_secure_cookies() -> bool:
    """Whether this request came over plain HTTP while RCAPP_HTTPS makes cookies Secure.

    The browser then drops the session cookie, so no login and no form can work. Behind a
    trusted proxy its X-Forwarded-Proto counts (ProxyFix): only a real plain-HTTP visit matches.
    """
    if not current_app.config["HTTPS"] or request.is_secure:
        return False
    # Browsers count the loopback addresses as secure and keep the cookie there (an SSH
    # tunnel, a check on the server itself): it works, so nothing to warn about.
    host = request.host.lower()
    name = host.split("]")[0] + "]" if host.startswith("[") else host.split(":")[0]
    return name not in LOOPBACK_HOSTS


def warn_plain_http() -> None:
    # Once per process: the operator testing before TLS is in place needs the cause in the
    # log, not one line per request.
    if (
        current_app.extensions.get(PLAIN_HTTP_WARNED_KEY)
        or not over_plain_http_with_secure_cookies()
    ):
        return
    current_app.extensions[PLAIN_HTTP_WARNED_KEY] = True
    logger.warning(
        "A request came over plain HTTP (%s) while RCAPP_HTTPS=true: browsers do not keep the "
        "Secure session cookie over HTTP, so logins and forms fail ('page expired'). Serve it "
        "over HTTPS (a proxy with RCAPP_TRUSTED_PROXIES and X-Forwarded-Proto), or, until TLS "
        "is in place, set RCAPP_HTTPS=false or test through http://127.0.0.1 or an SSH tunnel "
        "(docs/deployment.md, 'Testing before TLS is in place'). Logged once per process.",
        request.url_root,
    )


def limiter_for(app: Flask) -> LoginCounts:
    found: LoginCounts = app.extensions[LIMITER_KEY]
    return found


def _add_security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if current_app.config["HTTPS"]:
        max_age = int(current_app.config["HSTS_MAX_AGE"])
        response.headers.setdefault(
            "Strict-Transport-Security", f"max-age={max_age}; includeSubDomains"
        )
    # Pages show one organisation's data (and carry a CSRF token): never keep them in a
    # shared or browser cache; only the static files are cacheable. A response that already
    # forbids storing ("private, no-store": evidence files) keeps its own.
    if request.endpoint != "static" and "no-store" not in response.headers.get("Cache-Control", ""):
        response.headers["Cache-Control"] = "no-store"
    return response
