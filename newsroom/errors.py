"""The 400 handler: a page that never reads the request again.

Django's default ``bad_request`` view is wrapped in ``requires_csrf_token``,
which reads ``request.POST`` once more: when what made the request bad is its
body (a form posted in ``iso-8859-1`` or ``utf-16``, which Django refuses to
decode), that second read raises again and the 400 becomes a 500. This view
renders a static page without the request, the database or context processors.
"""

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.template import loader


def bad_request(request, exception=None):
    """400, from a template rendered with the site's name only."""
    try:
        html = loader.get_template("400.html").render({"site_name": settings.SITE_NAME})
    except Exception:
        html = "<!DOCTYPE html><title>Bad Request (400)</title><h1>Bad Request (400)</h1>"
    response = HttpResponseBadRequest(html)
    response["Cache-Control"] = "no-store"
    return response
