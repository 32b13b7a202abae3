"""End-to-end tests in a real Chromium, driven by Playwright, against the live site.

The browser is Debian's Chromium at /usr/bin/chromium (`.ci/install-browser` puts it
there); Playwright never downloads one of its own. The site runs under pytest-django's
``live_server`` on a transactional database, so rows a test creates are visible to the
server thread and rows the server writes are visible to the test.

Without Chromium or Playwright these tests skip with the reason, except in CI
(``CI=true``), where a missing browser is a failure: the proof has to run there.
Every test here carries the ``browser`` marker, so ``pytest -m "not browser"``
leaves them out.

Every browser context a test opens is watched: a JavaScript dialog, an uncaught
error, a console error, a subresource that fails to load or a request to any host
other than the live server fails the test at teardown. Readers' pages must not load
anything from a third party.
"""

import os
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

from tests.browser.support import AXE_SCRIPT, BrowserEvents, axe_version


class SerialWSGIServer(WSGIServer):
    """The live server, answering one request at a time.

    On SQLite the test database is in memory, and Django hands every thread of the
    live server the test's one connection: with the default threaded server, two
    requests a page makes at once (a script and an autocomplete, say) used that
    connection together and SQLite failed with "bad parameter or other API misuse"
    now and then. Served in turn, they cannot. A non-threaded server closes each
    connection after its response, so the browser never waits on a kept-alive one.
    """

    def __init__(self, *args, connections_override=None, **kwargs):
        # The thread that serves has its connections overridden already
        # (LiveServerThread.run): nothing to do with them here.
        super().__init__(*args, **kwargs)


LiveServerThread.server_class = SerialWSGIServer

CHROMIUM = Path(os.environ.get("BROWSER_TESTS_CHROMIUM", "/usr/bin/chromium"))
# Without the networking switches, Chromium phones home at start and its connections
# are refused by closed sandboxes; the rest keeps a headless run lean and repeatable.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
    "--no-first-run",
    "--disable-sync",
]
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
HERE = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark every test under tests/browser/ before `-m` selection sees them."""
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


def _unavailable(reason):
    if IN_CI:
        pytest.fail(f"{reason}; CI must run the browser tests (see .ci/install-browser)")
    pytest.skip(f"{reason}; see README, 'Browser tests'")


@pytest.fixture(scope="session")
def playwright_driver():
    if axe_version() is None:
        _unavailable(f"axe-core is not installed at {AXE_SCRIPT} (npm ci --prefix tests/browser)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install -e '.[browser]')")
    if not CHROMIUM.is_file():
        _unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    # Playwright's sync API keeps an asyncio loop in the test thread, and Django refuses
    # ORM calls from a thread with a running loop. That loop only drives the browser and
    # the server has its own thread, so the tests' ORM calls are safe; the switch is on
    # only while the browser tests run.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as driver:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver):
    browser = playwright_driver.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def _migrated_rows(browser, migrated_rows_snapshot, django_db_blocker):
    """Give the snapshot to the connections the browser tests use.

    Transactional tests flush the database when they end, and serialized rollback
    puts this snapshot back before each test. Once Playwright's loop runs, Django
    hands this thread other connection objects (its connections are context-local),
    which do not carry pytest-django's snapshot: copy it over.
    """
    from django.db import connections

    assert migrated_rows_snapshot, "no snapshot of the migrations' rows was taken"
    with django_db_blocker.unblock():
        for connection in connections.all():
            if connection.alias not in migrated_rows_snapshot:
                continue
            connection._test_serialized_contents = migrated_rows_snapshot[connection.alias]
            # Earlier transactional tests flushed the tables and let post_migrate refill
            # content types and permissions under other keys: empty them, so that the
            # snapshot loads whole before the first browser test, as before each one.
            call_command(
                "flush",
                interactive=False,
                inhibit_post_migrate=True,
                database=connection.alias,
                verbosity=0,
            )


@pytest.fixture
def live_site(browser, _migrated_rows, django_db_serialized_rollback, live_server):
    """The live server on a fresh database, data migrations (groups) included.

    Cached pages from an earlier test would describe rows that no longer exist, so
    caches start empty.
    """
    for cache in caches.all(initialized_only=True):
        cache.clear()
    return live_server


@pytest.fixture
def browser_events(live_site):
    events = BrowserEvents(origin=live_site.url)
    yield events
    events.assert_clean()


@pytest.fixture
def new_context(browser, live_site, browser_events):
    """Open a browser context (a reader with their own cookies) on the live site.

    French is the reader's language unless a test says otherwise; the viewport is
    a desktop one unless `width` says otherwise. The reader prefers reduced motion:
    the site then scrolls to anchors at once instead of smoothly, so an element is
    where it will stay when a test clicks it.
    """
    contexts = []

    def open_context(*, width=1280, height=900, **options):
        options.setdefault("locale", "fr-FR")
        options.setdefault("reduced_motion", "reduce")
        context = browser.new_context(
            base_url=live_site.url, viewport={"width": width, "height": height}, **options
        )
        context.set_default_timeout(10_000)
        browser_events.watch(context)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A page in a fresh desktop-sized context."""
    return new_context().new_page()
