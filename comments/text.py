"""Plain-text rules for what readers type: refused characters, one-line values, http(s) URLs."""

import re
import unicodedata
from urllib.parse import urlsplit

# The only schemes a reader's website may use, checked by the form and again
# wherever the address becomes a link.
HTTP_SCHEMES = ("http", "https")

# C0 and C1 controls and DEL. Line breaks and tabs are allowed in a comment's
# body only, so the body uses the narrower pattern.
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
CONTROL_CHARS_EXCEPT_WHITESPACE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides and isolates let a name display as
# something else ("gro.elpmaxe" read backwards); line and paragraph separators
# break a name over several lines.
BIDI_AND_SEPARATORS = re.compile("[\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def has_visible_character(value):
    """True when the value holds more than spaces, marks and invisible format characters."""
    return any(unicodedata.category(char)[0] not in {"Z", "C", "M"} for char in value)


def single_line(value, limit=200):
    """A value safe for a mail header or a log line: no control, format or separator characters."""
    kept = []
    for char in str(value):
        category = unicodedata.category(char)
        if category.startswith("C") or category in {"Zl", "Zp"}:
            kept.append(" ")
        else:
            kept.append(char)
    text = " ".join("".join(kept).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def http_url(value):
    """The value when it is a printable http(s) URL, else "" (a defence behind the form)."""
    value = str(value or "").strip()
    try:
        scheme = urlsplit(value).scheme.lower()
    except ValueError:
        return ""
    return value if scheme in HTTP_SCHEMES and value.isprintable() else ""
