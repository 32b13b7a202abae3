"""Template helpers for the comment section: avatars from initials, safe author links."""

import zlib
from urllib.parse import urlsplit

from django import template

from comments.text import has_visible_character

register = template.Library()

AVATAR_VARIANTS = 8


@register.filter
def initials(name):
    """Up to two letters from the name, for an avatar that needs no e-mail hash."""
    letters = [word[0] for word in str(name).split() if has_visible_character(word[0])]
    if not letters:
        return "?"
    picked = letters[0] + (letters[-1] if len(letters) > 1 else "")
    return picked.upper()


@register.filter
def avatar_variant(name):
    """A stable colour slot (0-7) for the name, so one author keeps one colour."""
    return zlib.crc32(str(name).casefold().encode()) % AVATAR_VARIANTS


@register.filter
def http_url(value):
    """The value when it is an http(s) URL, else an empty string (defence behind the form)."""
    value = str(value or "").strip()
    try:
        scheme = urlsplit(value).scheme.lower()
    except ValueError:
        return ""
    return value if scheme in {"http", "https"} and value.isprintable() else ""
