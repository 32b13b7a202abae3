"""Settings for newsroom, read from environment variables.

Development defaults are safe: DEBUG is off unless set, and without DEBUG the
site refuses to start without a SECRET_KEY. See README.md for every variable.
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    """A variable's value; set-but-empty counts as unset (`.env.example` lists blanks)."""
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. "
            "For local development, export DEBUG=1 (see README.md)."
        )
    # Only reachable with DEBUG on: a key that is loudly not a secret.
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # Full-text search on PostgreSQL (articles/search.py); inert on SQLite.
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "captcha",
    "axes",
    "taggit",
    "reversion",
    "django_prose_editor",
    "pictures",
    "photos",
    "django_tasks_db",
    "newsroom",
    "articles",
    "comments",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "newsroom.uploads.UploadLimitsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
            ],
        },
    },
]

# Database: SQLite by default; DATABASE_URL selects PostgreSQL (psycopg 3) in production.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed during a write; IMMEDIATE takes the write lock at
    # BEGIN, so concurrent comment posts queue instead of failing with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: shared by every process that serves the site (page cache, flood control,
# cached sessions). A per-process cache would let one worker keep serving a page
# after a moderator removed a comment from it: `check --deploy` warns about one.
# - REDIS_URL set: Redis, shared by every app server. Redis is a cache, not a
#   single point of failure (newsroom/cache.py): short timeouts, errors ignored
#   (a miss, a dropped write) and logged once a minute, a failing Redis skipped
#   for CACHE_RETRY_SECONDS.
# - unset: files in CACHE_DIR, shared by every process of this machine.
REDIS_URL = env("REDIS_URL")
CACHE_RETRY_SECONDS = env_int("CACHE_RETRY_SECONDS", 5)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "newsroom"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": float(env("REDIS_CONNECT_TIMEOUT", "0.5")),
                "SOCKET_TIMEOUT": float(env("REDIS_TIMEOUT", "0.5")),
                "CONNECTION_POOL_CLASS": "newsroom.cache.CircuitBreakerPool",
            },
        }
    }
else:
    CACHES = {
        "default": {
            # Django's file cache, counting its folder every 50 writes, not every
            # write (newsroom/filecache.py).
            "BACKEND": "newsroom.filecache.FileCache",
            "LOCATION": str(env("CACHE_DIR", BASE_DIR / "var" / "cache")),
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "newsroom"),
            "OPTIONS": {
                "MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 3000),
                "CULL_EVERY_WRITES": 50,
            },
        }
    }
# Rendered fragments keyed by what they show (newsroom/fragments.py: a comment of
# a thread): they cannot go stale, so each process keeps its own, in memory, and
# a deployment starts afresh with the templates that make them. Not for pages.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "newsroom-fragments",
    "TIMEOUT": env_int("FRAGMENT_CACHE_SECONDS", 86400),
    "OPTIONS": {"MAX_ENTRIES": env_int("FRAGMENT_CACHE_MAX_ENTRIES", 5000)},
}
# django-redis would log every ignored error; newsroom/cache.py logs once a minute.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False
# Sessions (staff only: readers have none) in the database, read through the cache:
# they survive a cache failure.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Internationalisation: French first, English available.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

# Static files (collected into STATIC_ROOT, served by WhiteNoise with hashed names,
# compressed, cached for a year) and media (uploaded images: MEDIA_ROOT must be storage
# that every app server shares, or MEDIA_URL a host that serves it).
STATIC_URL = env("STATIC_URL", "/static/")
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "media"))
# Let Django serve MEDIA_URL itself (DEBUG, or a single server without a front proxy).
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)
# WhiteNoise serves hashed names as immutable for a year, other names for
# WHITENOISE_MAX_AGE seconds; a name missing from the manifest is an error at render
# time, which the load-safety test (real collectstatic) would catch.
WHITENOISE_MAX_AGE = env_int("WHITENOISE_MAX_AGE", 0 if DEBUG else 60)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# E-mail: the console backend in development, SMTP (the EMAIL_* variables) otherwise,
# so that a production without mail settings fails loudly instead of printing mail.
_email_backend = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
_email_options = {}
if _email_backend.endswith("smtp.EmailBackend"):
    _email_options = {
        "host": env("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env("EMAIL_HOST_USER", ""),
        "password": env("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS"),
        "use_ssl": env_bool("EMAIL_USE_SSL"),
        # A mail server that hangs must cost a task a few seconds, not a worker.
        "timeout": env_int("EMAIL_TIMEOUT", 5),
    }
elif _email_backend.endswith("filebased.EmailBackend"):
    _email_options = {"file_path": str(env("EMAIL_FILE_PATH", BASE_DIR / "var" / "mail"))}
MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "newsroom <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (e-mail): in production, tasks are rows in the database
# (django-tasks-db) that `manage.py db_worker` runs, so no request ever waits for
# a mail server; with DEBUG the immediate backend runs them inside the request.
TASKS = {
    "default": {
        "BACKEND": env(
            "TASKS_BACKEND",
            "django.tasks.backends.immediate.ImmediateBackend"
            if DEBUG
            else "django_tasks_db.DatabaseBackend",
        ),
        # "pictures": django-pictures makes photo renditions on its own queue
        # (run the worker with --queue-name '*' to serve both).
        "QUEUES": ["default", "pictures"],
    }
}
# A task that failed to send mail runs again after 30 s, 1 min, 2 min... (doubling,
# at most TASKS_RETRY_MAX_SECONDS apart), TASKS_MAX_ATTEMPTS times in all.
TASKS_MAX_ATTEMPTS = env_int("TASKS_MAX_ATTEMPTS", 8)
TASKS_RETRY_BASE_SECONDS = env_int("TASKS_RETRY_BASE_SECONDS", 30)
TASKS_RETRY_MAX_SECONDS = env_int("TASKS_RETRY_MAX_SECONDS", 3600)

# Request bodies (newsroom/uploads.py): outside the admin, at most
# DATA_UPLOAD_MAX_MEMORY_SIZE bytes and never a file (413 / 400 before anything is
# written to disk); in the admin, at most UPLOAD_MAX_BYTES. Uploaded files larger
# than FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file while they are received.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 32 * 1024 * 1024)

# Security
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: forms carry the token, and scripts take it from
# the page or from a JSON answer, so the cookie can be out of JavaScript's reach.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Number of reverse proxies in front of the app that append to X-Forwarded-For;
# 0 means REMOTE_ADDR is the client (see newsroom/client_ip.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Uploaded images may live on another host (MEDIA_URL=https://media.example.org/).
_media = urlsplit(MEDIA_URL)
_media_origin = [f"{_media.scheme}://{_media.netloc}"] if _media.netloc else []
SECURE_CSP = {
    "default-src": [CSP.SELF],
    # A nonce only where a page needs inline code (the article editor's import map,
    # rendered by the admin with {% csp_nonce_attr media %}); absent from pages that
    # use none.
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *_media_origin],
    "media-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers probe over plain HTTP on the private network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    LANGUAGE_COOKIE_SECURE = env_bool("LANGUAGE_COOKIE_SECURE", True)
    # TLS ends at the proxy, which must set (not pass through) X-Forwarded-Proto.
    if env_bool("SECURE_PROXY_SSL_HEADER", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Admin login throttling (django-axes): per user and IP.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind proxies, the client is found in X-Forwarded-For, never trusting what the
# client itself put there.
AXES_CLIENT_IP_CALLABLE = "newsroom.client_ip.client_ip"

# Forms
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
CAPTCHA_TEST_MODE = env_bool("CAPTCHA_TEST_MODE")
CAPTCHA_TIMEOUT = 5  # minutes
# Twice the library's 22 px letters; the page shows the @2 rendering (270 x 116 px for
# four letters) in a fixed 176 x 76 CSS px box: readable, sharp on a phone, no jump.
CAPTCHA_FONT_SIZE = 44
# Audio captcha when flite is installed (Debian package "flite"); image only otherwise.
CAPTCHA_FLITE_PATH = env("CAPTCHA_FLITE_PATH") or shutil.which("flite")
# A missing or wrong CSRF token gets a 403 page in the site's look.
CSRF_FAILURE_VIEW = "comments.views.csrf_failure"

# Anonymous readers' page cache (newsroom/pagecache.py): longest life of a cached
# page in seconds (entries are dropped earlier when what they show changes); 0 turns
# the page cache off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# Lifetime of per-article data cached until the site changes (pagecache.site_data):
# bounds how many such entries pile up, not how fresh they are.
SITE_DATA_SECONDS = env_int("SITE_DATA_SECONDS", 3600)

# Front cache (nginx in front of the app servers, deploy/; newsroom/frontcache.py).
# FRONT_CACHE_PURGE_URLS: base URLs of every front cache to purge when pages change
# (each gets a PURGE per URL and language). FRONT_CACHE_SECONDS: s-maxage of shared
# pages (0 without a front cache: browsers and proxies revalidate every time).
FRONT_CACHE_PURGE_URLS = env_list("FRONT_CACHE_PURGE_URLS")
FRONT_CACHE_SECONDS = env_int("FRONT_CACHE_SECONDS", 600 if FRONT_CACHE_PURGE_URLS else 0)
FRONT_CACHE_STALE_WHILE_REVALIDATE = env_int("FRONT_CACHE_STALE_WHILE_REVALIDATE", 30)
FRONT_CACHE_STALE_IF_ERROR = env_int("FRONT_CACHE_STALE_IF_ERROR", 24 * 60 * 60)
# A second purge this much later catches a page rendered before the change committed.
FRONT_CACHE_REPURGE_SECONDS = env_int("FRONT_CACHE_REPURGE_SECONDS", 5)
FRONT_CACHE_PURGE_TIMEOUT = env_int("FRONT_CACHE_PURGE_TIMEOUT", 2)

# Photos (photos/): uploads are decoded with Pillow and refused above these limits.
PHOTOS_MAX_UPLOAD_BYTES = env_int("PHOTOS_MAX_UPLOAD_MB", 20) * 1024 * 1024
# Pixels (width x height) an upload may decode to: the decompression-bomb guard, well
# under Pillow's own (about 89 million pixels warns, twice that raises).
PHOTOS_MAX_PIXELS = env_int("PHOTOS_MAX_MEGAPIXELS", 60) * 1_000_000
# django-pictures: renditions in AVIF and WebP with a JPEG fallback, made by a
# django.tasks task on the "pictures" queue (see TASKS). Widths are steps of
# CONTAINER_WIDTH / GRID_COLUMNS (200 px up to 1200 px), one pixel density (srcset's
# width descriptors already serve 2x screens). No placeholders: until its renditions
# exist a photo is served as its original (photos/renditions.py).
PICTURES = {
    "CONTAINER_WIDTH": 1200,
    "GRID_COLUMNS": 6,
    "PICTURE_CLASS": "photos.renditions.Rendition",
    "PIXEL_DENSITIES": [1],
    "FILE_TYPES": ["AVIF", "WEBP", "JPEG"],
    "USE_PLACEHOLDERS": False,
    "QUEUE_NAME": "pictures",
}

# Publishing
SITE_NAME = env("SITE_NAME", "Newsroom")
# Absolute base for links that leave the site (e-mails): scheme and host, no trailing slash.
SITE_URL = env("SITE_URL", "http://localhost:8000").rstrip("/")
ARTICLES_PER_PAGE = env_int("ARTICLES_PER_PAGE", 10)
# Topics (django-taggit): "Climat" and "climat" are one topic; "Élections" lives at
# /sujet/elections/ (ASCII slugs, as for categories).
TAGGIT_CASE_INSENSITIVE = True
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True
# The admin's header and browser title.
ADMIN_SITE_HEADER = env("ADMIN_SITE_HEADER", "Newsroom — rédaction")

# Comments: thresholds of the moderation rules (comments/moderation.py).
COMMENTS_MAX_DEPTH = env_int("COMMENTS_MAX_DEPTH", 3)
COMMENTS_PER_PAGE = env_int("COMMENTS_PER_PAGE", 50)
COMMENTS_CLOSE_AFTER_DAYS = env_int("COMMENTS_CLOSE_AFTER_DAYS", 30)
COMMENTS_MIN_SUBMIT_SECONDS = env_int("COMMENTS_MIN_SUBMIT_SECONDS", 3)
COMMENTS_FORM_MAX_AGE_SECONDS = env_int("COMMENTS_FORM_MAX_AGE_SECONDS", 2 * 60 * 60)
COMMENTS_FLOOD_SECONDS = env_int("COMMENTS_FLOOD_SECONDS", 15)
COMMENTS_MAX_LINKS = env_int("COMMENTS_MAX_LINKS", 3)
# How long a moderator can take back a decision ("Annuler", key u) after making it.
COMMENTS_UNDO_SECONDS = env_int("COMMENTS_UNDO_SECONDS", 300)
COMMENTS_BLOCKLIST = env_list("COMMENTS_BLOCKLIST", "viagra,casino en ligne,crypto gratuit")
COMMENTS_MODERATOR_EMAILS = env_list("COMMENTS_MODERATOR_EMAILS")
# Moderators get at most one e-mail per this many seconds: comments posted sooner
# wait for one digest at the end of the window (with the worker backend; 0: off).
COMMENTS_MODERATOR_DIGEST_SECONDS = env_int("COMMENTS_MODERATOR_DIGEST_SECONDS", 300)
# One sender (IP address or e-mail) stores at most this many comments an hour;
# beyond, the form answers 429 and stores nothing (0: no cap).
COMMENTS_MAX_PER_HOUR = env_int("COMMENTS_MAX_PER_HOUR", 20)
# Security codes (captcha challenges, comments/challenges.py) one client address (IPv6:
# its /64) may ask for per hour; beyond, 429 and nothing is created (0: no cap). Each
# comment takes one or two; raise it when many readers share one address.
COMMENTS_CHALLENGES_PER_HOUR = env_int("COMMENTS_CHALLENGES_PER_HOUR", 60)
# Days a comment keeps its IP address and user agent (comments_erase_network_data).
COMMENTS_NETWORK_DATA_DAYS = env_int("COMMENTS_NETWORK_DATA_DAYS", 90)
# Days an unsubscribe link in a commenter's e-mail keeps working.
COMMENTS_UNSUBSCRIBE_LINK_DAYS = env_int("COMMENTS_UNSUBSCRIBE_LINK_DAYS", 90)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}
