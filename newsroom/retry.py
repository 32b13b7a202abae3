"""Trying a cache's bookkeeping again after the cache or a front cache failed.

The page cache's token drops and the front caches' purges must not be lost:
a page they miss stays served until it expires. Both tasks try again at the
pace at which app servers try a failed Redis again (``CACHE_RETRY_SECONDS``),
with no back-off on purpose: the wait is how long stale pages are served once
the cache answers again, and a try costs one small task row. After a day the
task gives up and says so in the log (by then every stored page has expired).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)

RETRY_FOR_SECONDS = 24 * 60 * 60


def try_again_soon(task_obj, *, attempt, **kwargs):
    """Enqueue attempt ``attempt + 1`` of ``task_obj`` in ``CACHE_RETRY_SECONDS``.

    Logs an error instead when the backend cannot run a task later (the
    immediate one, in development) or the task has tried for a day.
    """
    interval = max(1, settings.CACHE_RETRY_SECONDS)
    if not task_obj.get_backend().supports_defer or attempt * interval > RETRY_FOR_SECONDS:
        logger.error("%s gave up after %d attempt(s): %s", task_obj.name, attempt, kwargs)
        return
    later = timezone.now() + timedelta(seconds=interval)
    task_obj.using(run_after=later).enqueue(attempt=attempt + 1, **kwargs)
