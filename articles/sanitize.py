"""The site's one HTML sanitising policy, the only module that imports bleach.

Two safelists live here side by side so they cannot drift apart:

* the editorial policy for article bodies, written by trusted editors in the
  admin (paragraphs, headings, lists, links, images, figures, quotes, code,
  simple tables);
* the comment policy for reader input: a handful of inline tags, line breaks,
  links limited to http, https and mailto with ``rel="nofollow ugc noopener"``,
  and bare URLs linkified the same way.

Anything outside a safelist is escaped, never silently dropped, so a reader
who types ``<script>`` sees it as text. bleach's ``Cleaner`` keeps parser state
and is not thread-safe, so each thread builds its own (see ``_cleaner``).
"""

import re
import threading
from functools import partial
from urllib.parse import urlsplit

import bleach
from bleach.linkifier import LinkifyFilter

SAFE_PROTOCOLS = frozenset({"http", "https", "mailto"})

ARTICLE_TAGS = frozenset(
    {
        "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "a", "img", "figure", "figcaption",
        "blockquote", "strong", "em", "b", "i", "code", "pre", "table", "thead", "tbody",
        "tr", "th", "td", "caption", "hr",
    }
)  # fmt: skip
ARTICLE_ATTRIBUTES = {
    "a": ["href", "title"],
    # data-photo-id: a library photo placed by the photo picker (see photos.admin).
    "img": ["src", "alt", "title", "width", "height", "data-photo-id"],
    "th": ["scope", "colspan", "rowspan"],
    "td": ["colspan", "rowspan"],
    "blockquote": ["cite"],
}

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


def _build_cleaner(policy):
    if policy == "article":
        return bleach.Cleaner(
            tags=ARTICLE_TAGS,
            attributes=ARTICLE_ATTRIBUTES,
            protocols=SAFE_PROTOCOLS,
            strip=False,
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


def clean_article_html(source):
    """Sanitise an article body with the editorial safelist."""
    return _cleaner("article").clean(source or "")


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
