"""What the browser journeys share: the event watcher, axe, layout checks, screenshots."""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artefacts" / "browser"

# axe-core comes from npm at the version pinned in tests/browser/package.json (and its
# lock file): `.ci/install-browser` runs `npm ci` here. Python packages that bundle
# axe lag behind its rules (4.10 added "label in name" as serious, for instance).
AXE_PACKAGE = Path(__file__).resolve().parent / "node_modules" / "axe-core"
AXE_SCRIPT = AXE_PACKAGE / "axe.min.js"


def axe_version():
    """The installed axe-core's version, or None when `npm ci` has not been run."""
    manifest = AXE_PACKAGE / "package.json"
    if not manifest.is_file():
        return None
    return json.loads(manifest.read_text())["version"]


# axe-core impacts that fail a page; "moderate" and "minor" are reported, not fatal.
BLOCKING_IMPACTS = frozenset({"serious", "critical"})

# Chromium logs a failed subresource or a 4xx/5xx document as a console error; the
# tests assert on statuses themselves, so these lines are not failures on their own.
_RESOURCE_STATUS_ERROR = "Failed to load resource: the server responded with a status of"


@dataclass
class BrowserEvents:
    """Everything a test's pages did that a reader's page must never do.

    Dialogs are dismissed and recorded (an XSS payload's alert() lands here), requests
    to any origin but the live server are aborted and recorded, and so are failed
    subresources (a missing stylesheet, a captcha image that errors), uncaught errors
    and console errors (a Content-Security-Policy refusal is one).
    """

    origin: str
    dialogs: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    broken_resources: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def watch(self, context):
        context.route("**/*", self._route)
        context.on("dialog", self._on_dialog)
        context.on("weberror", lambda error: self.page_errors.append(str(error.error)))
        context.on("console", self._on_console)
        context.on("response", self._on_response)
        context.on("requestfailed", self._on_request_failed)

    def _route(self, route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in {"data", "blob"} or f"{parts.scheme}://{parts.netloc}" == self.origin:
            route.continue_()
        else:
            self.foreign_requests.append(url)
            route.abort("blockedbyclient")

    def _on_response(self, response):
        # Documents may answer 4xx on purpose (a form with errors, a refused page);
        # a stylesheet, script, image or fetch that fails is a broken page.
        if response.status >= 400 and response.request.resource_type != "document":
            self.broken_resources.append(f"{response.status} {response.url}")

    def _on_request_failed(self, request):
        # ERR_ABORTED: the page moved on before the resource arrived (a form sent
        # while the captcha image was still loading), not a resource that broke.
        if request.url not in self.foreign_requests and request.failure != "net::ERR_ABORTED":
            self.broken_resources.append(f"{request.failure} {request.url}")

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
                ("broken resources", self.broken_resources),
                ("uncaught errors", self.page_errors),
                ("console errors", self.console_errors),
            )
            if values
        }

    def assert_clean(self):
        assert not self.problems(), f"the browser saw: {self.problems()}"


def expect(target):
    """Playwright's waiting assertions, imported late so that collection never needs Playwright."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def axe_violations(page):
    """Run axe-core in the page; return the serious and critical violations, readable."""
    # Injected through the DevTools protocol, which the page's CSP does not govern.
    page.evaluate(AXE_SCRIPT.read_text())
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"])
        for violation in results["violations"]
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


# ---- The comment form, found the way a reader finds it: by labels and button ----

COMMENT_FIELDS = {
    "body": "Commentaire",
    "author_name": "Nom",
    "author_email": "E-mail",
    "author_url": "Site web",
    "captcha": "Code de sécurité",
}
REQUIRED_COMMENT_FIELDS = ["body", "author_name", "author_email", "captcha"]
POST_COMMENT = "Publier le commentaire"
REMEMBER_ME = re.compile(r"^Enregistrer mon nom, mon e-mail et mon site")
PENDING_NOTICE = "Votre commentaire est en attente de modération."


def comment_field(page, field):
    """The form's text box for `field`, by its visible label (which ends with * when required)."""
    return page.get_by_role("textbox", name=re.compile(rf"^{re.escape(COMMENT_FIELDS[field])}"))


def fill_comment_form(page, *, captcha="PASSED", **values):
    """Type into the comment form; the captcha's test-mode answer unless told otherwise."""
    for name, value in {**values, "captcha": captcha}.items():
        comment_field(page, name).fill(value)


def post_comment(page):
    """Send the comment form and wait for the page the server answers with."""
    with page.expect_navigation():
        page.get_by_role("button", name=POST_COMMENT).click()


def show_server_errors(page):
    """Send the comment form as it is, past the browser's own checks, to get the server's errors.

    A robot or an old browser skips those checks, so the server's answer must stand alone.
    """
    page.locator("form[data-comment-form]").evaluate("form => { form.noValidate = true; }")
    post_comment(page)
    expect(page.get_by_role("alert").first).to_be_visible()


# ---- Staff and keyboard ----------------------------------------------------------

STAFF_PASSWORD = "Une-phrase-de-passe-solide-42"


def log_in_to_admin(page, user, password=STAFF_PASSWORD):
    """Log in through the admin's own login page, in French."""
    page.goto("/admin/")
    page.get_by_label(re.compile(r"^Nom d.utilisateur")).fill(user.username)
    page.get_by_label(re.compile(r"^Mot de passe")).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("button", name="Déconnexion")).to_be_attached()


# The focused element, and whether a sighted keyboard user can see where focus is.
FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== "none";
  return {
    name: el.getAttribute("name") || "",
    label: `${el.localName}#${el.id} ${(el.textContent || el.value || "").trim().slice(0, 40)}`,
    visible: outline || shadow,
  };
}"""


def tab_to(page, name, *, limit=80):
    """Press Tab until the form control called `name` has focus, as a keyboard user would.

    Returns the stops passed on the way whose focus could not be seen.
    """
    unseen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:
            continue
        if not state["visible"]:
            unseen.append(state["label"])
        if state["name"] == name:
            return unseen
    raise AssertionError(f"{limit} presses of Tab never reached the field {name!r}")


# ---- Nets for hostile content --------------------------------------------------

# Installed before any page script runs: every call a payload could make to announce
# itself is counted here as well as surfacing as a dialog event, and a sentinel that
# a payload rewriting the page or its globals would disturb.
SCRIPT_TRAP = """
(() => {
  const hits = [];
  Object.defineProperty(window, "__scriptTrapHits", { value: hits });
  for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
    const original = window[name];
    window[name] = function (...args) {
      hits.push(`${name}(${args.map(String).join(", ")})`);
      return original.apply(this, args);
    };
  }
  window.__sentinel = "intact";
})();
"""

# Elements and attributes that have no business in a rendered comment, checked in the
# DOM Chromium actually built (mutation XSS lives in the gap between parsers).
INERT_REPORT = """
(root) => {
  const found = [];
  const banned = "script, style, iframe, frame, object, embed, svg, math, link, meta, base, "
    + "form, input, button, textarea, select, img, video, audio, source, template";
  // The site's own "Reply" form (a POST to the form endpoint), where the template puts it:
  // directly in a comment's <article>, never inside the body a reader wrote.
  const ours = (element) => element.closest(
    "article.comment__inner > form.comment__actions[action$='/formulaire/']");
  for (const element of root.querySelectorAll(banned))
    if (!ours(element)) found.push(`<${element.localName}>`);
  for (const element of root.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on") || name === "style" || name === "srcdoc" || name === "formaction")
        found.push(`${element.localName}[${name}]`);
    }
  }
  for (const element of root.querySelectorAll("[href], [src], [action], [xlink\\\\:href]")) {
    const url = element.href || element.src || element.action;
    if (url && !/^(https?|mailto):/i.test(String(url)))
      found.push(`${element.localName} → ${String(url).slice(0, 60)}`);
  }
  return found;
}
"""

# Anywhere in a page: no inline script (JSON data blocks aside), no event-handler attribute.
DOCUMENT_REPORT = """() => {
  const found = [];
  for (const script of document.querySelectorAll("script")) {
    if (!script.src && script.type !== "application/json")
      found.push(`inline <script>${script.textContent.slice(0, 60)}`);
    else if (script.src && new URL(script.src).origin !== location.origin)
      found.push(`<script src=${script.src}>`);
  }
  for (const element of document.querySelectorAll("*"))
    for (const attribute of element.attributes)
      if (attribute.name.toLowerCase().startsWith("on"))
        found.push(`${element.localName}[${attribute.name}]`);
  return found;
}"""
