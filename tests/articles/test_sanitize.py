"""The shared sanitising policy (articles/sanitize.py): comment and article safelists."""

import threading

import pytest

from articles.sanitize import clean_article_html, clean_comment_html, count_links


@pytest.mark.parametrize(
    "tag",
    ["b", "blockquote", "cite", "code", "del", "em", "i", "q", "s", "strong"],
)
def test_comment_policy_keeps_the_inline_safelist(tag):
    """Each safelisted inline tag survives as markup."""
    assert clean_comment_html(f"<{tag}>texte</{tag}>") == f"<{tag}>texte</{tag}>"


def test_comment_policy_keeps_abbr_title_and_link_title():
    html = clean_comment_html(
        '<abbr title="Agence France-Presse">AFP</abbr> <a href="https://afp.com" title="AFP">x</a>'
    )
    assert '<abbr title="Agence France-Presse">AFP</abbr>' in html
    assert 'title="AFP"' in html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "<p>paragraphe</p>",
        "<img src=x onerror=alert(1)>",
        "<iframe src=https://example.com></iframe>",
        "<svg onload=alert(1)>",
        '<div style="color:red">x</div>',
        "<h1>titre</h1>",
    ],
)
def test_comment_policy_escapes_other_tags(source):
    """A tag outside the safelist is shown as text, not dropped and not kept as markup."""
    html = clean_comment_html(source)
    assert "<" + source[1:4] not in html
    assert "&lt;" in html


@pytest.mark.parametrize(
    "attribute", ['onclick="alert(1)"', 'style="color:red"', 'class="x"', 'id="x"']
)
def test_comment_policy_drops_attributes_outside_the_safelist(attribute):
    html = clean_comment_html(f"<b {attribute}>gras</b>")
    assert html == "<b>gras</b>"


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "&#106;avascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "ftp://example.com/",
    ],
)
def test_comment_policy_drops_links_with_other_schemes(href):
    html = clean_comment_html(f'<a href="{href}">lien</a>')
    assert "href" not in html


@pytest.mark.parametrize(
    "href", ["https://example.com/a", "http://example.com/", "mailto:redaction@example.com"]
)
def test_comment_policy_keeps_safe_links_with_nofollow_ugc_noopener(href):
    html = clean_comment_html(f'<a href="{href}" rel="author">lien</a>')
    assert f'href="{href}"' in html
    assert 'rel="nofollow ugc noopener"' in html


def test_comment_policy_linkifies_bare_urls_with_the_same_rel():
    html = clean_comment_html("Voir https://example.com/page pour plus.")
    assert '<a href="https://example.com/page" rel="nofollow ugc noopener">' in html


def test_comment_policy_does_not_linkify_inside_code():
    assert "<a" not in clean_comment_html("<code>https://example.com</code>")


def test_comment_policy_turns_newlines_into_line_breaks():
    assert clean_comment_html("un\ndeux") == "un<br>\ndeux"


def test_count_links_counts_typed_and_bare_links():
    assert count_links('<a href="https://a.example">a</a> https://b.com www.c.org') == 3


@pytest.mark.parametrize(
    "tag", ["p", "h2", "h3", "ul", "ol", "li", "blockquote", "figure", "figcaption", "hr"]
)
def test_article_policy_keeps_editorial_block_tags(tag):
    html = clean_article_html(f"<{tag}>x</{tag}>") if tag != "hr" else clean_article_html("<hr>")
    assert f"<{tag}" in html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<img src="javascript:alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<p onclick="alert(1)">x</p>',
        '<p style="background:url(javascript:alert(1))">x</p>',
        "<iframe src=https://example.com></iframe>",
        "<svg><script>alert(1)</script></svg>",
    ],
)
def test_article_policy_neutralises_script_vectors(source):
    html = clean_article_html(source)
    for marker in ("<script", "javascript:", "onclick", "style=", "<iframe", "<svg"):
        assert marker not in html.lower()


def test_article_policy_keeps_images_with_safe_sources():
    html = clean_article_html('<img src="https://cdn.example/a.jpg" alt="Une photo">')
    assert 'src="https://cdn.example/a.jpg"' in html
    assert 'alt="Une photo"' in html


def test_cleaners_are_not_shared_between_threads():
    """bleach's Cleaner is not thread-safe: each thread must build its own."""
    from articles import sanitize

    seen = []

    def grab():
        sanitize.clean_comment_html("x")
        seen.append(sanitize._local.cleaners["comment"])

    threads = [threading.Thread(target=grab) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen[0] is not seen[1]


@pytest.mark.parametrize(
    "href",
    [
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/chemin/local",
        "page.html",
        "?q=1",
        "#ancre",
        "https:evil.example",
        "https:/evil.example",
        "https:\\\\evil.example",
        "http:///evil.example",
        " //evil.example",
        "https://evil.example\\@good.example",
    ],
)
def test_comment_policy_turns_relative_and_protocol_relative_links_into_text(href):
    """A reader's link must say where it goes: no scheme-less or host-less href stays a link."""
    html = clean_comment_html(f'<a href="{href}">cliquez</a>')
    assert "<a" not in html
    assert "cliquez" in html
    assert count_links(f'<a href="{href}">cliquez</a>') == 0


@pytest.mark.parametrize(
    "href", ["https://example.org/a?b=1#c", "HTTP://EXAMPLE.ORG", "mailto:a@b.fr"]
)
def test_comment_policy_keeps_absolute_links(href):
    assert clean_comment_html(f'<a href="{href}">lien</a>').startswith(f'<a href="{href}"')


def test_article_policy_still_allows_editors_relative_links():
    html = '<p><a href="/rubrique/">x</a></p>'
    assert clean_article_html(html) == html
