"""The nets the journeys rely on catch what they are meant to catch.

A journey that sees no dialog proves something only if a script that did run would
have opened one; these tests make a page misbehave on purpose and check the watcher
saw it, then forget it so the test's own teardown passes.
"""

import pytest
from django.contrib.auth.models import Group

from articles.models import Article
from tests.factories import make_article

INJECT_HANDLER = (
    "() => document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=alert(1)>')"
)


def test_a_script_that_runs_is_caught_as_a_dialog(new_context, browser_events):
    """With the page's CSP lifted, an injected event handler runs and is recorded."""
    make_article()
    page = new_context(bypass_csp=True).new_page()
    page.goto("/")
    with page.expect_event("dialog"):  # the broken image's error event fires later
        page.evaluate(INJECT_HANDLER)
    assert browser_events.dialogs == [f"alert: '1' on {page.url}"]
    # The image that could not load is caught too: a page must not lose its resources.
    assert browser_events.broken_resources == [f"404 {page.url}x"]
    browser_events.dialogs.clear()
    browser_events.broken_resources.clear()


def test_the_content_security_policy_refuses_inline_handlers(page, browser_events):
    """With the site's own CSP, the same injected handler is refused by Chromium."""
    make_article()
    page.goto("/")
    with (
        page.expect_response("**/x"),
        page.expect_console_message(lambda message: "Content Security Policy" in message.text),
    ):
        page.evaluate(INJECT_HANDLER)
    assert browser_events.dialogs == []
    browser_events.console_errors.clear()
    browser_events.broken_resources.clear()


def test_requests_to_other_hosts_are_blocked_and_recorded(new_context, browser_events):
    """A request to a third party never leaves the machine and fails the test.

    The site's CSP would refuse this fetch before it is made; the net must hold
    without it, since CSP does not cover navigations a payload might start.
    """
    page = new_context(bypass_csp=True).new_page()
    page.goto("/")
    page.evaluate("() => fetch('https://tracker.example/pixel.gif').catch(() => null)")
    assert browser_events.foreign_requests == ["https://tracker.example/pixel.gif"]
    browser_events.foreign_requests.clear()
    browser_events.console_errors.clear()


@pytest.mark.parametrize("round_", [1, 2])
def test_each_browser_test_starts_with_the_rows_migrations_made(live_site, round_):
    """The flush after a transactional test must not take the migrated groups with it."""
    make_article()  # something for the flush at the end of round 1 to remove
    assert set(Group.objects.values_list("name", flat=True)) >= {"Editors", "Moderators"}
    assert Article.objects.count() == 1
