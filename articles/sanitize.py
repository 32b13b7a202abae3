"""The site's one HTML sanitising policy, the only module that imports bleach.

Two safelists live here side by side so they cannot drift apart:

* the editorial policy for article bodies, written by editors in the admin's
  rich-text editor (django-prose-editor). The editor is configured from this
  module (``ARTICLE_EDITOR_EXTENSIONS``), so what it can produce is exactly what
  the safelist keeps: paragraphs, h2 and h3, bold, italic, links, lists, block
  quotes, horizontal rules, line breaks and figures (image, alt text, caption)
  from the photo library. Anything else is removed, its text kept (the content
  of scripts, styles and embeds goes too), and ``article_removals`` names what
  went so that the editor is told ("Supprimé : balise iframe, attribut style").
  A body with no block markup (plain text typed before the editor existed) gets
  its paragraphs from its blank lines first, as WordPress did;
* the comment policy for reader input: a handful of inline tags, line breaks,
  links limited to http, https and mailto with ``rel="nofollow ugc noopener"``,
  and bare URLs linkified the same way. There anything outside the safelist is
  escaped, never silently dropped, so a reader who types ``<script>`` sees it.

bleach's ``Cleaner`` keeps parser state and is not thread-safe, so each thread
builds its own (see ``_cleaner``).
"""

import re
import threading
from functools import partial
from html.parser import HTMLParser
from urllib.parse import urlsplit

import bleach
from bleach.linkifier import LinkifyFilter
from django.utils.html import linebreaks

SAFE_PROTOCOLS = frozenset({"http", "https", "mailto"})

# The article editor's toolbar and schema (django-prose-editor extensions): the
# admin's form reads it from here. The extensions always on (document, text,
# paragraph, history for undo/redo, cursors, menu) are added by the editor.
ARTICLE_EDITOR_EXTENSIONS = {
    "Heading": {"levels": [2, 3]},
    "Bold": True,
    "Italic": True,
    "Link": {"enableTarget": False, "protocols": sorted(SAFE_PROTOCOLS)},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Figure": True,
    "Image": True,
    "Caption": True,
}
# What the editor writes beyond what django-prose-editor declares for those
# extensions: the library photo's id (static/js/article-editor.js, read by the
# photos app's ``photo_figures``), the image's title (Tiptap's image has one) and the
# caption's class.
ARTICLE_EDITOR_EXTRA_ATTRIBUTES = {"img": ["title", "data-photo-id"], "figcaption": ["class"]}

ARTICLE_TAGS = frozenset(
    {
        "p", "br", "h2", "h3", "strong", "em", "a", "ul", "ol", "li", "blockquote", "hr",
        "figure", "figcaption", "img",
    }
)  # fmt: skip
ARTICLE_ATTRIBUTES = {
    "a": ["href", "rel", "title"],
    "ol": ["start", "type", "data-type"],
    # data-photo-id: a library photo placed by the photo picker (see photos.admin).
    "img": ["src", "alt", "title", "width", "height", "data-file", "data-photo-id"],
    "figure": ["class"],
    "figcaption": ["class"],
}
# Attributes kept only with one of these values (others are removed).
ARTICLE_ATTRIBUTE_VALUES = {
    ("figure", "class"): {"figure"},
    ("figcaption", "class"): {"figure-caption"},
}
# Removed with everything inside them: their content is code, not text.
ARTICLE_DROPPED_WITH_CONTENT = ("script", "style", "iframe", "object", "embed", "noscript")
_DROPPED_WITH_CONTENT = re.compile(
    r"<({})\b.*?(?:</\1\s*>|\Z)".format("|".join(ARTICLE_DROPPED_WITH_CONTENT)), re.I | re.S
)
_DIV = re.compile(r"<(/?)div\b[^>]*>", re.I)
# Any of these in a body means it is HTML with its own paragraphs.
_BLOCK_TAG = re.compile(r"<(p|h[1-6]|ul|ol|li|blockquote|figure|hr|div|table|pre|section)\b", re.I)

COMMENT_TAGS = frozenset(
    {"a", "abbr", "b", "blockquote", "cite", "code", "del", "em", "i", "q", "s", "strong", "br"}
)
COMMENT_ATTRIBUTES = {"a": ["href", "title"], "abbr": ["title"]}
COMMENT_LINK_REL = "nofollow ugc noopener"

_local = threading.local()


def _set_rel(rel, attrs, new=False):
    """Linkify callback: every link a reader leaves gets the same rel, whatever they typed."""
    attrs[(None, "rel")] = rel
    return attrs


# "http://host", "https://host" or "mailto:..." spelled out; anything else a
# browser might still resolve (no scheme, "//host", "/\\host", "https:host",
# "https:\\\\host") is not a link in a comment.
_ABSOLUTE_WEB_URL = re.compile(r"https?://[^/\\?#\s]", re.IGNORECASE)


def is_absolute_comment_link(href):
    """True for an http(s) URL with a host, or a mailto: address; never a relative link.

    Relative and protocol-relative links (``//evil.example``, ``/\\evil.example``,
    which browsers read as ``//evil.example``) would point wherever the page is
    served from, or anywhere: a reader's link must say where it goes.
    """
    href = href.strip()
    if "\\" in href or any(char.isspace() or not char.isprintable() for char in href):
        return False
    try:
        parts = urlsplit(href)
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if scheme == "mailto":
        return bool(parts.path)
    if scheme not in {"http", "https"}:
        return False
    return bool(_ABSOLUTE_WEB_URL.match(href)) and bool(parts.hostname)


def _drop_unsafe_link(attrs, new=False):
    """Linkify callback: a reader's link survives only as an absolute http(s) or mailto: URL.

    Applied to typed ``<a>`` tags and to linkified URLs alike; a refused link
    is replaced by its text.
    """
    if not is_absolute_comment_link(attrs.get((None, "href"), "")):
        return None
    return attrs


def _article_attribute_allowed(tag, name, value):
    if name not in ARTICLE_ATTRIBUTES.get(tag, ()):
        return False
    allowed_values = ARTICLE_ATTRIBUTE_VALUES.get((tag, name))
    return allowed_values is None or value in allowed_values


def _build_cleaner(policy):
    if policy == "article":
        return bleach.Cleaner(
            tags=ARTICLE_TAGS,
            attributes=_article_attribute_allowed,
            protocols=SAFE_PROTOCOLS,
            strip=True,
            strip_comments=True,
        )
    return bleach.Cleaner(
        tags=COMMENT_TAGS,
        attributes=COMMENT_ATTRIBUTES,
        protocols=SAFE_PROTOCOLS,
        strip=False,
        strip_comments=True,
        filters=[
            partial(
                LinkifyFilter,
                callbacks=[_drop_unsafe_link, partial(_set_rel, COMMENT_LINK_REL)],
                skip_tags={"code"},
                parse_email=False,
            )
        ],
    )


def _cleaner(policy):
    cleaners = getattr(_local, "cleaners", None)
    if cleaners is None:
        cleaners = _local.cleaners = {}
    if policy not in cleaners:
        cleaners[policy] = _build_cleaner(policy)
    return cleaners[policy]


def article_source_html(body):
    """The body as HTML: plain text (no block markup) gets paragraphs from blank lines.

    Bodies typed before the editor existed were text with blank lines, or HTML;
    both open in the editor, and render, with their paragraphs. The result is
    not safe yet: it is what the sanitiser (or the editor's schema) reads.
    """
    body = (body or "").replace("\r\n", "\n")
    if body.strip() and not _BLOCK_TAG.search(body):
        return linebreaks(body, autoescape=False)
    return body


def clean_article_html(source):
    """Sanitise an article body with the editorial safelist (what the editor can produce)."""
    html = _DROPPED_WITH_CONTENT.sub("", article_source_html(source))
    # A <div> block (pasted from a web page) keeps its place as a paragraph.
    html = _DIV.sub(lambda match: "</p>" if match.group(1) else "<p>", html)
    return _cleaner("article").clean(html)


class _MarkupScanner(HTMLParser):
    """Collects the tags and attributes of a body the article safelist would remove."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes = set(), set()

    def handle_starttag(self, tag, attrs):
        if tag not in ARTICLE_TAGS:
            self.tags.add(tag)
            return
        for name, value in attrs:
            if not _article_attribute_allowed(tag, name, value or "") or (
                name in ("href", "src") and not _safe_url(value or "")
            ):
                self.attributes.add(name)

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.tags.add("!--")


def _safe_url(value):
    scheme = value.split(":", 1)[0].strip().lower() if ":" in value else ""
    # A colon after a slash, query or fragment is part of a relative URL, not a scheme.
    if not scheme or any(character in scheme for character in "/?#"):
        return True
    return scheme in SAFE_PROTOCOLS


def article_removals(source):
    """What the article safelist removes from a body: ``(tags, attributes)``, sorted names.

    Empty lists when the body keeps all its markup. Comments count as the tag ``!--``.
    """
    scanner = _MarkupScanner()
    scanner.feed(article_source_html(source))
    scanner.close()
    return sorted(scanner.tags), sorted(scanner.attributes)


def clean_comment_html(source):
    """Sanitise a reader's comment: inline safelist, safe links, line breaks kept.

    Newlines become ``<br>`` after cleaning so that the reader's paragraphs
    survive without allowing them to type block markup.
    """
    cleaned = _cleaner("comment").clean((source or "").replace("\r\n", "\n").strip())
    return cleaned.replace("\n", "<br>\n")


def count_links(source):
    """How many links a text would carry once rendered (typed tags and bare URLs)."""
    return clean_comment_html(source).count("<a href=")
