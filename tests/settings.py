"""The project's one settings module, imported with test-only environment defaults.

The suite runs with DEBUG off, like production, so it needs a throwaway key; the
manifest static storage needs collectstatic, which tests skip; the captcha
accepts "PASSED" in test mode. Variables already set in the environment win,
so `DATABASE_URL=postgres://… pytest` tests against PostgreSQL.
"""

import os
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production-0123456789")
os.environ.setdefault(
    "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
)
os.environ.setdefault("CAPTCHA_TEST_MODE", "1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# The suite's own shared file cache, apart from a development server's.
os.environ.setdefault("CACHE_DIR", str(Path(__file__).resolve().parents[1] / "var" / "test-cache"))
# Tasks run inside the request, so tests see their e-mails at once.
os.environ.setdefault("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")

from newsroom.settings import *  # noqa: F403

# Hashing a password with the production hasher takes ~100 ms; factories make many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
