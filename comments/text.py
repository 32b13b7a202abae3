"""Plain-text rules for what readers type: refused characters, one-line values, http(s) URLs,
and the one form in which the moderation rules compare texts (``matching_form``)."""

import html
import re
import unicodedata
from functools import cache
from urllib.parse import urlsplit

from confusable_homoglyphs.confusables import confusables_data

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


# Letters and symbols that Unicode classes as visible (Lo, So) but that fonts draw
# as nothing: the Hangul fillers and the blank Braille pattern are the usual way
# to sign a comment with an "empty" name. Format characters (Cf: U+200B-U+200F,
# U+2060, U+00AD, U+FEFF...), spaces (Z) and marks (M) are caught by category.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def is_blank_character(char):
    """True for a character that shows nothing on its own (space, mark, format, filler)."""
    return char in BLANK_LETTERS or unicodedata.category(char)[0] in {"Z", "C", "M"}


def has_visible_character(value):
    """True when the value holds more than spaces, marks, format characters and fillers."""
    return not all(is_blank_character(char) for char in value)


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


# -- comparing texts as a reader sees them ---------------------------------------------

TAG = re.compile(r"<[^>]*>")


@cache
def _confusable_folds():
    """Each non-ASCII character Unicode lists as confusable with an ASCII letter or digit.

    Built once per process from TR39's confusables data (Cyrillic U+0430 -> a,
    Greek U+03BF -> o, Cherokee U+13AA -> A, ...), as a ``str.translate`` table.
    """
    folds = {}
    for char, glyphs in confusables_data.items():
        if len(char) != 1 or char.isascii():
            continue
        for glyph in glyphs:
            target = glyph["c"]
            if len(target) == 1 and target.isascii() and target.isalnum():
                folds[ord(char)] = target.casefold()
                break
    return folds


def matching_form(text):
    """The text reduced to what it looks like, for the blocklist and similar comparisons.

    Tags are stripped and HTML entities decoded (``via<b></b>gra`` and
    ``vi&#97;gra`` show as "viagra"); NFKC folds compatibility forms (fullwidth
    letters, ligatures, mathematical letters); case is folded; invisible
    characters (zero-width spaces and joiners, soft hyphens, fillers) are
    removed; letters that look like ASCII ones are replaced by them, and accents
    and other combining marks dropped. Apply it to both sides of a comparison.
    Never shown to anyone: it is only for matching. What looks like a tag may
    be shown as text (the comment policy escapes unknown tags, so ``<viagra>``
    reads "<viagra>"): the form holds the text both without and with its tags.
    """
    text = str(text)
    if "<" in text:
        text = f"{TAG.sub('', text)} {text}"
    text = html.unescape(text)
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(
        " " if char.isspace() else char
        for char in text
        if char.isspace() or not is_blank_character(char)
    )
    text = text.translate(_confusable_folds())
    text = "".join(
        char for char in unicodedata.normalize("NFKD", text) if unicodedata.category(char) != "Mn"
    )
    return " ".join(text.casefold().split())
