"""The files browsers ask for at fixed addresses: /favicon.ico and the web app manifest.

Browsers and crawlers request ``/favicon.ico`` whatever the page says, so it
answers 200 with the icon rather than a 404 page; the bytes come from the
static files, read once. The manifest names the site and its icons (static
URLs, hashed in production).
"""

from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

ICON_SIZES = (192, 512)
THEME_COLOR = "#a4161a"


@cache
def _favicon_bytes():
    path = finders.find("favicon.ico")
    if path is None:  # collected static files only (no finder for them in production)
        path = staticfiles_storage.path("favicon.ico")
    with open(path, "rb") as icon:
        return icon.read()


@require_safe
def favicon(request):
    response = HttpResponse(_favicon_bytes(), content_type="image/x-icon")
    patch_cache_control(response, public=True, max_age=86400)
    return response


@require_safe
def manifest(request):
    data = {
        "name": settings.SITE_NAME,
        "short_name": settings.SITE_NAME,
        "lang": settings.LANGUAGE_CODE,
        "start_url": "/",
        "scope": "/",
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": [
            {
                "src": static(f"icons/icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
            }
            for size in ICON_SIZES
        ]
        + [{"src": static("favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    patch_cache_control(response, public=True, max_age=86400)
    return response
