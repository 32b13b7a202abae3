import re

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.static import serve

from articles.sitemaps import SITEMAPS
from articles.views import robots_txt

from . import health, language, site_files

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("livez", health.livez, name="livez"),
    path("admin/", admin.site.urls),
    path("langue/<str:code>/", language.switch_language, name="switch_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("captcha/", include("comments.captcha_urls")),
    path("commentaires/", include("comments.urls")),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS, "template_name": "articles/sitemap.xml"},
        name="sitemap",
    ),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", site_files.favicon, name="favicon"),
    path("", include("comments.feed_urls")),
    path("manifest.webmanifest", site_files.manifest, name="manifest"),
    path("", include("articles.urls")),
]

# 404 renders through base.html with the site's context; 500 stays static, as
# the database or a context processor may be what failed; 400 stays static, as
# the request's body may be what failed (newsroom/errors.py).
handler400 = "newsroom.errors.bad_request"
handler404 = "django.views.defaults.page_not_found"
handler500 = "articles.views.server_error"

if settings.SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    # static() only works with DEBUG on; a single server may serve uploads itself.
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
