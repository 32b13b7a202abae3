"""Running a failed task again later: e-mails, and the caches' bookkeeping.

``retry_later`` enqueues the next attempt of any task (the comments' e-mails use
it with their own back-off). ``try_again_soon`` is the caches' policy: the
page cache's token drops and the front caches' purges must not be lost:
a page they miss stays served until it expires. Both tasks try again at the
pace at which app servers try a failed Redis again (``CACHE_RETRY_SECONDS``),
with no back-off on purpose: the wait is how long stale pages are served once
the cache answers again, and a try costs one small task row. After a day the
task gives up and says so in the log.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)

RETRY_FOR_SECONDS = 24 * 60 * 60


def retry_later(task_obj, *, attempt, delay_seconds, last_attempt, **kwargs):
    """Enqueue attempt ``attempt + 1`` of ``task_obj`` in ``delay_seconds``.

    Logs an error instead when ``attempt`` is ``last_attempt`` (or past it) or the
    backend cannot run a task later (the immediate one, in development).
    """
    if attempt >= last_attempt or not task_obj.get_backend().supports_defer:
        logger.error("%s gave up after %d attempt(s): %s", task_obj.name, attempt, kwargs)
        return
    later = timezone.now() + timedelta(seconds=delay_seconds)
    task_obj.using(run_after=later).enqueue(attempt=attempt + 1, **kwargs)


def try_again_soon(task_obj, *, attempt, **kwargs):
    """Enqueue attempt ``attempt + 1`` of ``task_obj`` in ``CACHE_RETRY_SECONDS``, for a day."""
    interval = max(1, settings.CACHE_RETRY_SECONDS)
    retry_later(
        task_obj,
        attempt=attempt,
        delay_seconds=interval,
        last_attempt=RETRY_FOR_SECONDS // interval + 1,
        **kwargs,
    )
