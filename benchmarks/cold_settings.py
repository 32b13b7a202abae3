"""The site's settings for the cold benchmarks: a change before every request.

``benchmarks/run.py`` starts gunicorn with ``DJANGO_SETTINGS_MODULE`` pointing
here, and ``PAGE_CACHE_SECONDS=0``. Each request (the trivial view excepted)
first drops the site's generation token, as a save in the admin would: the
page, every fragment kept under the article's tokens (``pagecache.article_data``:
the article's shared parts of ``{% article_fragment %}``, the comment tree and
the thread) and every ``site_data()`` value (menu, neighbours) are then built
again and stored, exactly the first render after a change ("cold"). The drop
itself costs two cache deletes.

What a change cannot make stale stays, as it does after a real change: in the
``fragments`` cache of each process, what is keyed by what it shows
(``newsroom/fragments.py``: each comment, each page of comments, the header,
the footer, the blank form), and the blank form's parts (per language and
process). The values kept there under the dropped token are not found again.
With ``BENCH_FORGET_FRAGMENTS=1`` ("empty") each request also empties this
process's ``fragments`` cache: the first render of a process that has just
started, with nothing kept anywhere but the blank form's parts.
"""

import os

from newsroom.settings import *  # noqa: F403
from newsroom.settings import MIDDLEWARE

MIDDLEWARE = ["benchmarks.cold_settings.every_cache_cold", *MIDDLEWARE]
FORGET_FRAGMENTS = os.environ.get("BENCH_FORGET_FRAGMENTS") == "1"


def every_cache_cold(get_response):
    from django.core.cache import caches

    from articles import invalidation
    from newsroom.fragments import FRAGMENT_CACHE

    def middleware(request):
        if request.path != "/livez":
            invalidation.site_changed()
            if FORGET_FRAGMENTS:
                caches[FRAGMENT_CACHE].clear()
        return get_response(request)

    return middleware
