"""Browser-test harness: a live rcapp on 127.0.0.1 and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

import pytest
from flask import Flask
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    ViewportSize,
    sync_playwright,
)
from sqlalchemy import select
from werkzeug.serving import BaseWSGIServer, make_server

from rcapp import create_app, db, queue
from rcapp.accounts.models import User
from rcapp.assessments.models import Assessment
from rcapp.cycles.models import ReportingCycle
from rcapp.dbcli import upgrade_database
from rcapp.demo import demo_command, world
from rcapp.organisations.models import Organisation
from rcapp.reviews import services as review_services
from rcapp.reviews.models import ReviewAssignment, ReviewKind
from tests.conftest import TEST_PASSWORD_HASH_METHOD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
REAL_RUBRICS = Path(__file__).resolve().parents[2] / "rubrics"
PHONE: ViewportSize = {"width": 390, "height": 844}
LAPTOP: ViewportSize = {"width": 1280, "height": 900}
# The page's width once its web fonts are in: measured earlier, a line set in a fallback
# font can be wider than the reader ever sees (a flaky failure on a busy machine).
PAGE_WIDTH = "document.fonts.ready.then(() => document.documentElement.scrollWidth)"


def fits_phone(page: Page, what: str) -> None:
    """Assert that the page, loaded and in its web fonts, is no wider than the phone."""
    page.wait_for_load_state("load")
    width = page.evaluate(PAGE_WIDTH)
    assert width <= PHONE["width"], f"{what} is {width}px wide on a 390px phone"


def shoot_laptop_and_phone(
    page: Page,
    shots: Path,
    stem: str,
    what: str,
    *,
    in_view: Locator | None = None,
    full_page: bool = False,
) -> None:
    """Screenshot the page as `<stem>-laptop.png` and `<stem>-phone.png` in `shots`, each
    scrolled to `in_view` when given, then assert it fits the phone (`fits_phone`, `what`).

    The page is left at the phone's width.
    """
    for size, name in ((LAPTOP, "laptop"), (PHONE, "phone")):
        page.set_viewport_size(size)
        if in_view is not None:
            in_view.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / f"{stem}-{name}.png"), full_page=full_page)
    fits_phone(page, what)


def open_fold(page: Page, item_id: str) -> None:
    """Open an answered item folded to one line on a phone (phonefix 3), as a tap does."""
    fold = page.locator(f"details.item-fold:not([open]):has([id='item-{item_id}']) > summary")
    if fold.count():
        fold.click()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


def make_live_app(tmp_dir: Path) -> Flask:
    """A separate app on its own SQLite file, with CSRF on, as a user would meet it."""
    url = f"sqlite:///{tmp_dir / 'live.sqlite3'}"
    application = create_app(
        {
            "SECRET_KEY": "browser-test",
            "DATABASE_URL": url,
            "RUBRICS_DIR": str(REAL_RUBRICS),
            "UPLOAD_DIR": str(tmp_dir / "uploads"),
            "PASSWORD_HASH_METHOD": TEST_PASSWORD_HASH_METHOD,
            # A page that writes inside its read-only (deferred) transaction fails at once.
            "SQLITE_GUARD_WRITES": True,
        }
    )
    upgrade_database(url)
    return application


def serve(application: Flask) -> Iterator[str]:
    """Serve `application` on a free local port while the caller's scope lasts."""
    server: BaseWSGIServer = make_server("127.0.0.1", 0, application, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    return make_live_app(tmp_path_factory.mktemp("live"))


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    yield from serve(live_app)


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where a test's screenshots go, to look at: $RCAPP_SHOTS, else a folder not kept."""
    return Path(os.environ.get("RCAPP_SHOTS") or tmp_path)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: run `make setup-test`")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # bypass_csp lets axe-core be injected; the CSP header itself is checked in tests/web.
    context = browser.new_context(locale="zh-CN", bypass_csp=True)
    new_page = context.new_page()
    yield new_page
    context.close()


def _serious_violations(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE_JS))
    violations: list[dict[str, Any]] = page.evaluate("async () => (await axe.run()).violations")
    return [v for v in violations if v.get("impact") in ("serious", "critical")]


@pytest.fixture
def axe_violations() -> Callable[[Page], list[dict[str, Any]]]:
    """Run axe-core in the page and return its serious and critical violations."""
    return _serious_violations


def build_demo(live_app: Flask) -> dict[str, int]:
    """Run `rcapp demo --if-empty` on the live database; map organisation keys to 2025 ids."""
    result = live_app.test_cli_runner().invoke(demo_command, ["--if-empty"])
    assert result.exit_code == 0, result.output
    keys = {spec.name_zh: spec.key for spec in world.ORGANISATIONS}
    statement = (
        select(Organisation.name_zh, Assessment.id)
        .join(Assessment, Assessment.organisation_id == Organisation.id)
        .join(ReportingCycle, Assessment.cycle_id == ReportingCycle.id)
        .where(ReportingCycle.year == world.CURRENT_YEAR)
    )
    with live_app.app_context():
        return {
            keys[name]: assessment_id for name, assessment_id in db.session().execute(statement)
        }


@pytest.fixture(scope="session")
def demo_world(live_app: Flask) -> dict[str, int]:
    return build_demo(live_app)


def own_demo(name: str) -> tuple[Any, Any, Any]:
    """Return module-scoped `live_app`, `live_server` and `demo_world` fixtures for a module
    that needs a demo database of its own (the shared one's reviews belong to other tests).

    Use: `live_app, live_server, demo_world = own_demo("finding-photo")` at module level.
    """

    @pytest.fixture(scope="module", name="live_app")
    def own_live_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
        return make_live_app(tmp_path_factory.mktemp(name))

    @pytest.fixture(scope="module", name="live_server")
    def own_live_server(live_app: Flask) -> Iterator[str]:
        yield from serve(live_app)

    @pytest.fixture(scope="module", name="demo_world")
    def own_demo_world(live_app: Flask) -> dict[str, int]:
        return build_demo(live_app)

    return own_live_app, own_live_server, own_demo_world


def demo_user(email: str) -> User:
    """The demo account `email` (inside an app context)."""
    return db.session().scalars(select(User).where(User.email == email)).one()


def assign_desk_review(
    assessment_id: int, reviewer_email: str, lead_email: str
) -> ReviewAssignment:
    """Have the lead assign the reviewer to the assessment's desk review (inside an app
    context, not committed); return the reviewer's assignment."""
    assessment = db.session().get(Assessment, assessment_id)
    assert assessment is not None
    review = review_services.assign_reviewers(
        assessment, ReviewKind.DESK, [demo_user(reviewer_email)], demo_user(lead_email)
    )
    return review.assignments[0]


def _log_in(page: Page, base_url: str, email: str) -> None:
    # Chinese chosen on the login page: the language a user chose last follows them to any
    # browser, and earlier tests switch the shared demo accounts to English.
    page.goto(f"{base_url}/lang/zh_CN?next=/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", world.DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


@pytest.fixture
def log_in(live_server: str) -> Callable[[Page, str], None]:
    """Log `page` in as the demo account `email` (demo password)."""
    return lambda page, email: _log_in(page, live_server, email)


class OpenPage(Protocol):
    def __call__(self, email: str, **options: Any) -> Page: ...


# The phone fixture's name for it, as the phone tests import it.
PhonePage = OpenPage


def _logged_in_pages(
    browser: Browser, log_in: Callable[[Page, str], None], settings: dict[str, Any]
) -> Iterator[OpenPage]:
    """Yield `open(email, **options)`; close every context it opened afterwards."""
    contexts: list[BrowserContext] = []

    def open_page(email: str, **options: Any) -> Page:
        context = browser.new_context(**(settings | options))
        contexts.append(context)
        page = context.new_page()
        log_in(page, email)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def phone_page(browser: Browser, log_in: Callable[[Page, str], None]) -> Iterator[OpenPage]:
    """Return `open(email, **options)`: a page on a 390-pixel touch phone, logged in as `email`.

    `options` add to or override the browser context's (locale, device_scale_factor, …);
    every context opened is closed after the test.
    """
    yield from _logged_in_pages(
        browser, log_in, {"viewport": PHONE, "is_mobile": True, "has_touch": True}
    )


@pytest.fixture
def desktop_page(browser: Browser, log_in: Callable[[Page, str], None]) -> Iterator[OpenPage]:
    """Return `open(email, **options)`: a page on a 1,280-pixel laptop, logged in as `email`.

    `options` override the context's (viewport={"width": 375, "height": 900}, locale, …);
    every context opened is closed after the test.
    """
    yield from _logged_in_pages(browser, log_in, {"viewport": LAPTOP})


@pytest.fixture
def real_queue(live_app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], None]]:
    """Queue for real; the returned function starts a worker thread (stopped afterwards)."""
    monkeypatch.setattr(queue.huey, "immediate", False)
    monkeypatch.setattr(queue, "_worker_app", live_app)
    queue.huey.flush()
    consumers = []

    def start_worker() -> None:
        consumer = queue.huey.create_consumer(workers=1, worker_type="thread", periodic=False)
        consumer.start()
        consumers.append(consumer)

    yield start_worker
    for consumer in consumers:
        consumer.stop(graceful=True)
    queue.huey.flush()
