"""Template helpers for the comment section: avatars from initials, safe author links."""

import re
import unicodedata
import zlib

from django import template

from comments import text
from comments.rendering import render_thread
from comments.text import BLANK_LETTERS

register = template.Library()

AVATAR_VARIANTS = 8


# An aside in brackets is not part of the name: "Claire Dumas (rédaction)".
BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}")


def _first_letter(word):
    for char in word:
        if char.isalpha() and char not in BLANK_LETTERS:
            return char
    return ""


@register.filter
def initials(name):
    """The first letters of the name's first and last words, letters only: "CD" for
    "Claire Dumas (rédaction)"; "?" when the name has no letter. No e-mail hash."""
    name = unicodedata.normalize("NFKC", str(name))
    letters = []
    for candidate in (BRACKETED.sub(" ", name), name):
        letters = [letter for word in candidate.split() if (letter := _first_letter(word))]
        if letters:
            break
    if not letters:
        return "?"
    picked = letters[0] + (letters[-1] if len(letters) > 1 else "")
    return picked.upper()


@register.filter
def avatar_variant(name):
    """A stable colour slot (0-7) for the name, so one author keeps one colour."""
    return zlib.crc32(str(name).casefold().encode()) % AVATAR_VARIANTS


# The website shown as a link only when it is an http(s) URL.
register.filter("http_url", text.http_url)


@register.simple_tag(takes_context=True)
def comment_thread(context, nodes):
    """The thread's list of comments (``comments.rendering``), for this page of comments."""
    return render_thread(
        nodes,
        page_number=context["comment_page_obj"].number,
        comments_are_open=context["comments_are_open"],
    )
