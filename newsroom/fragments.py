"""Rendered template fragments kept under what they show: never stale, never dropped.

The page cache and ``pagecache.article_data`` keep a whole page, or a whole part
of one, until a change drops its token; the first render after a change then
starts from nothing. Below them, a fragment kept here is keyed by a digest of
everything its markup is made from: the values of the object it shows, the
values around it that the template reads, the language and the time zone. A
change gives a new key rather than a stale entry, so nothing ever has to delete
one, and the first render after a moderator approves a 51st comment reuses the
50 comments that did not change instead of running them through the template
engine again.

The values must be plain (text, numbers, booleans, dates, ``None``, and lists
or dicts of them) so that two processes make the same key for the same values;
anything else is refused loudly rather than hashed by its address.

Templates use it through ``{% fragment %}`` (``newsroom/templatetags/fragment_tags.py``:
the header, the footer, the blank comment form) and the comment thread through
``{% comment_fragment %}`` (``comments_tags``), which looks up a page's comments
together with a ``FragmentBatch``, and keeps the whole page of comments under
the keys of its comments in their places. ``newsroom.pagecache`` keeps values
here too, under the change tokens they were built from.

Where they are kept: ``settings.CACHES["fragments"]``, in each process's memory
(no round trip, bounded by its ``MAX_ENTRIES``). That is safe here where it is
not for pages: a fragment cannot go stale, and a deployment, which may change
the templates that made the markup, starts every process afresh.
"""

import hashlib
from datetime import date, datetime, time

from django.core.cache import caches
from django.utils import timezone, translation

FRAGMENT_CACHE = "fragments"
PLAIN_TYPES = (str, int, float, bool, type(None), date, datetime, time)


def _plain(value):
    """``value`` if it reads the same in every process: plain, or a list or dict of plain values."""
    if isinstance(value, PLAIN_TYPES):
        return value
    if isinstance(value, list | tuple):
        return tuple(_plain(item) for item in value)
    if isinstance(value, dict):
        return tuple((_plain(name), _plain(item)) for name, item in value.items())
    raise TypeError(
        "a fragment key takes text, numbers, booleans, dates, None, and lists or dicts "
        f"of them, not {type(value)!r}"
    )


def _add_values(digest, values):
    # One repr per value, each ended by a separator no repr contains raw: unambiguous.
    for value in values:
        digest.update(repr(_plain(value)).encode())
        digest.update(b"\x1f")


class FragmentKeys:
    """Keys of fragment ``name`` whose values all start with ``shared``, in the active
    language and time zone: the shared part is hashed once for the many fragments
    of one render (a thread's comments)."""

    def __init__(self, name, shared=()):
        self._name = name
        self._digest = hashlib.sha256()
        _add_values(
            self._digest,
            [translation.get_language(), timezone.get_current_timezone_name(), *shared],
        )

    def key(self, values):
        """The key of the fragment showing ``shared`` followed by ``values``."""
        digest = self._digest.copy()
        _add_values(digest, values)
        return f"fragment:{self._name}:{digest.hexdigest()}"


def fragment_key(name, values):
    """The key of fragment ``name`` showing ``values`` in the active language and time zone."""
    return FragmentKeys(name).key(values)


class FragmentBatch:
    """The fragments of one render: looked up together before it, stored together after.

    ``fetch(keys)`` asks the store for every fragment the render may show, in
    one call; the render takes them with ``get(key)`` and hands over what it had
    to render with ``set(key, html)``; ``save()`` stores those in one call.
    """

    def __init__(self):
        self._found = {}
        self._rendered = {}

    def fetch(self, keys):
        self._found = caches[FRAGMENT_CACHE].get_many(list(keys))

    def get(self, key):
        return self._found.get(key)

    def set(self, key, html):
        self._rendered[key] = html

    def save(self):
        if self._rendered:
            caches[FRAGMENT_CACHE].set_many(self._rendered)
