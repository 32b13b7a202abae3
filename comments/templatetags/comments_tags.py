"""Template helpers for the comment section: avatars from initials, safe author links."""

import zlib

from django import template

from comments import text
from comments.rendering import render_thread
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
