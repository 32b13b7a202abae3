"""The project's one settings module, imported with test-only environment defaults.

The suite runs with DEBUG off, like production, so it needs a throwaway key; the
manifest static storage needs collectstatic, which tests skip; the captcha
accepts "PASSED" in test mode. Variables already set in the environment win,
so `DATABASE_URL=postgres://… pytest` tests against PostgreSQL.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production-0123456789")
os.environ.setdefault(
    "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
)
os.environ.setdefault("CAPTCHA_TEST_MODE", "1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from newsroom.settings import *  # noqa: F403

# Hashing a password with the production hasher takes ~100 ms; factories make many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
