"""What the browser journeys share: the event watcher, axe, layout checks, screenshots."""

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artefacts" / "browser"

# axe-core impacts that fail a page; "moderate" and "minor" are reported, not fatal.
BLOCKING_IMPACTS = frozenset({"serious", "critical"})

# Chromium logs a failed subresource or a 4xx/5xx document as a console error; the
# tests assert on statuses themselves, so these lines are not failures on their own.
_RESOURCE_STATUS_ERROR = "Failed to load resource: the server responded with a status of"


@dataclass
class BrowserEvents:
    """Everything a test's pages did that a reader's page must never do.

    Dialogs are dismissed and recorded (an XSS payload's alert() lands here), requests
    to any origin but the live server are aborted and recorded, uncaught errors and
    console errors (a Content-Security-Policy refusal is one) are recorded.
    """

    origin: str
    dialogs: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def watch(self, context):
        context.route("**/*", self._route)
        context.on("dialog", self._on_dialog)
        context.on("weberror", lambda error: self.page_errors.append(str(error.error)))
        context.on("console", self._on_console)

    def _route(self, route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in {"data", "blob"} or f"{parts.scheme}://{parts.netloc}" == self.origin:
            route.continue_()
        else:
            self.foreign_requests.append(url)
            route.abort("blockedbyclient")

    def _on_dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message!r} on {dialog.page.url}")
        dialog.dismiss()

    def _on_console(self, message):
        if message.type == "error" and not message.text.startswith(_RESOURCE_STATUS_ERROR):
            self.console_errors.append(f"{message.text} ({message.location.get('url')})")

    def problems(self):
        return {
            name: values
            for name, values in (
                ("dialogs", self.dialogs),
                ("third-party requests", self.foreign_requests),
                ("uncaught errors", self.page_errors),
                ("console errors", self.console_errors),
            )
            if values
        }

    def assert_clean(self):
        assert not self.problems(), f"the browser saw: {self.problems()}"


def axe_violations(page, *, context=None):
    """Run axe-core in the page; return the serious and critical violations, readable."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def horizontal_overflow(page):
    """How many CSS pixels the document is wider than the viewport (0 when it fits)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )


def save_screenshot(page, name):
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path
