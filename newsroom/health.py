"""Probes for load balancers and orchestrators.

``/livez`` answers as soon as the process serves Django, touching nothing: it
says whether to restart the process, and doubles as the benchmarks' floor (the
cheapest page a request can reach through the whole middleware stack).
``/healthz`` checks what a page needs (the database and the cache) and says
whether to send traffic here: 503 only when the database fails. The cache is an
accelerator (pages are rendered without it, see newsroom/cache.py), so a failed
cache makes the answer "degraded" with 200: taking every server out of the load
balancer because Redis is down would turn a slow site into no site. Neither
probe leaks a host name, a URL or an error text.
"""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def livez(request):
    """Alive: the process answers."""
    return HttpResponse("ok", content_type="text/plain")


def _database_ok():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache_ok():
    key = "healthz:probe"
    value = secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    return cache.get(key) == value


CHECKS = {"database": _database_ok, "cache": _cache_ok}
# Checks whose failure makes this server unfit for traffic; the others degrade it.
REQUIRED = {"database"}


@never_cache
@require_safe
def healthz(request):
    """Ready: 200 ("ok" or "degraded" without the cache), 503 when the database fails."""
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = "ok" if check() else "error"
        except Exception:
            # The details go to the log, never to the (unauthenticated) caller.
            logger.exception("Health check %s failed", name)
            results[name] = "error"
    if any(results[name] != "ok" for name in REQUIRED):
        status, code = "error", 503
    elif any(result != "ok" for result in results.values()):
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, "checks": results}, status=code)
