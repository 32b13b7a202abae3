"""The cache of a site without Redis: Django's file cache, counted less often.

Without ``REDIS_URL`` every process of the machine shares files in ``CACHE_DIR``
(``newsroom/settings.py``). Django's ``FileBasedCache`` keeps that folder under
``MAX_ENTRIES`` by listing it before *every* write, so a write costs more as the
folder fills: measured on 2026-11-30 (2-core VM), 0.3 ms with an empty folder,
1.6 ms with 1,200 files and 3.4 ms with 2,900. The first render of an article
after a change writes six values (the site's token, the menu, the neighbours,
the comment tree, the thread, the article's fragments): a third of that render
went into listing the same folder six times.

This backend lists it once every ``CULL_EVERY_WRITES`` writes of a process and
then culls exactly as Django does (its own ``_cull``: a third of the files go
once ``MAX_ENTRIES`` is reached). Nothing else changes: the folder may hold up
to ``CULL_EVERY_WRITES`` more files per process than ``MAX_ENTRIES`` between two
counts, a few MB at most, and a reader never sees the difference, since expired
or culled entries are misses either way.
"""

import itertools
import threading

from django.core.cache.backends.filebased import FileBasedCache

# Per folder, for every thread of the process: Django makes one backend
# instance per thread, and a short-lived thread must not count on its first write.
_write_counters = {}
_counters_lock = threading.Lock()


def _write_counter(folder):
    with _counters_lock:
        return _write_counters.setdefault(folder, itertools.count())


class FileCache(FileBasedCache):
    """``FileBasedCache`` that counts its folder every ``CULL_EVERY_WRITES`` writes."""

    def __init__(self, dir, params):
        super().__init__(dir, params)
        options = params.get("OPTIONS", {})
        self._cull_every_writes = max(1, int(options.get("CULL_EVERY_WRITES", 50)))
        self._writes = _write_counter(self._dir)

    def _cull(self):
        # Called by set() and add() before each write; the first write counts.
        if next(self._writes) % self._cull_every_writes == 0:
            super()._cull()
