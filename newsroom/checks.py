"""System checks for how the site is deployed (``manage.py check --deploy``)."""

from django.conf import settings
from django.core import checks

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs=None, **kwargs):
    """A cache that each process keeps for itself breaks moderation with several workers.

    One worker would keep serving its cached copy of a page after a moderator
    removed a comment from it, and the flood rules' keys would not be seen by
    the other workers.
    """
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [
            checks.Warning(
                f"The default cache ({backend}) is private to each process.",
                hint=(
                    "With several gunicorn workers, a page would stay cached in the "
                    "others after a moderator's decision. Set REDIS_URL, or leave CACHES "
                    "to the settings' default (files in CACHE_DIR, shared by the processes "
                    "of one machine)."
                ),
                id="newsroom.W001",
            )
        ]
    return []
