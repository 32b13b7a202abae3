"""The site's settings for the "every cache cold" benchmark: a change before every request.

``benchmarks/run.py`` starts gunicorn with ``DJANGO_SETTINGS_MODULE`` pointing
here, and ``PAGE_CACHE_SECONDS=0``. Each request (the trivial view excepted)
first drops the site's generation token, as a save in the admin would: the
page, every fragment kept under the article's tokens (``pagecache.article_data``:
the article's shared parts of ``{% article_fragment %}``, the comment tree and
the thread) and every ``site_data()`` value (menu,
neighbours) are then built again and stored, exactly the first render after a
change. The drop itself costs two cache deletes. Only what depends on the code
and the language alone (the blank comment form's markup, per process) stays.
"""

from newsroom.settings import *  # noqa: F403
from newsroom.settings import MIDDLEWARE

MIDDLEWARE = ["benchmarks.cold_settings.every_cache_cold", *MIDDLEWARE]


def every_cache_cold(get_response):
    from articles import invalidation

    def middleware(request):
        if request.path != "/livez":
            invalidation.site_changed()
        return get_response(request)

    return middleware
