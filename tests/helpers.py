"""Small helpers shared by the tests: parse pages as a browser would, run the project."""

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
from django.core.cache import DEFAULT_CACHE_ALIAS, caches

from newsroom.fragments import FRAGMENT_CACHE


def parse_html(text):
    """The page's root element, parsed by an HTML5 parser as a browser would (no namespaces)."""
    return html5lib.parse(text, namespaceHTMLElements=False)


def empty_caches():
    """Empty the shared cache and this process's fragments cache (newsroom/fragments.py)."""
    for alias in (DEFAULT_CACHE_ALIAS, FRAGMENT_CACHE):
        caches[alias].clear()


def rendered_from_nothing(client, url, language):
    """The page in ``language`` with every cache empty: what a page built from kept parts equals."""
    empty_caches()
    return client.get(url, headers={"accept-language": language}).text


def links(text, selector=".//a"):
    """Every href under the elements an ElementPath ``selector`` finds."""
    return [element.get("href") for element in parse_html(text).iterfind(selector)]


def visible_text(text):
    """The page's text content with whitespace collapsed, entities decoded."""
    return " ".join("".join(parse_html(text).itertext()).split())


def text_of(element):
    """An element's text content with whitespace collapsed."""
    return " ".join("".join(element.itertext()).split())


def parse_xml(content):
    """A feed or sitemap the site itself produced (trusted input: no defusedxml needed)."""
    return ET.fromstring(content)  # noqa: S314


BASE_DIR = Path(__file__).resolve().parent.parent


def run_in_project(*argv, env, timeout=60):
    """Run a command from the project's root with exactly ``env``; never raises on failure.

    Settings are read once per process, so what start-up does with given
    variables can only be seen in a fresh one.
    """
    return subprocess.run(
        [str(arg) for arg in argv],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def whole_form_page(client, article, **fields):
    """The article's page with the whole form, reached as a reader without JavaScript does.

    The "Write a comment" (or "Reply", ``repondre=<id>``) button posts to the form
    endpoint, which makes the captcha challenge and redirects to ``?commenter=<key>``.
    """
    from django.urls import reverse

    url = reverse("comments:form_fresh", kwargs={"slug": article.slug})
    response = client.post(url, fields)
    assert response.status_code == 303, response.status_code
    return client.get(response["Location"])
